using System.Buffers.Text;
using System.Text;
using Cem.Core;
using Cem.Core.Links;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Links;

public sealed class SignedLinksTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    private SignedLinks Links(string current, string? previous = null) =>
        new(Options.Create(new LinkOptions { CurrentKey = current, PreviousKey = previous, Lifetime = TimeSpan.FromDays(14) }), time);

    [Fact]
    public void A_fresh_link_is_valid_and_carries_its_claims()
    {
        var links = Links(KeyA);
        var check = links.Check(links.Issue("signup-approve", "OH-01JD0000000000000000000000", "staff1"), "signup-approve");

        Assert.Equal(LinkStatus.Valid, check.Status);
        Assert.Equal("OH-01JD0000000000000000000000", check.Claims!.Subject);
        Assert.Equal("staff1", check.Claims.Actor);
        Assert.Equal(time.GetUtcNow().AddDays(14), check.Claims.ExpiresAt);
    }

    [Fact]
    public void A_link_expires_after_its_lifetime()
    {
        var links = Links(KeyA);
        var token = links.Issue("signup-confirm", "x");

        time.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.Equal(LinkStatus.Valid, links.Check(token, "signup-confirm").Status);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LinkStatus.Expired, links.Check(token, "signup-confirm").Status);
    }

    [Fact]
    public void A_link_for_another_action_is_refused()
    {
        var links = Links(KeyA);
        Assert.Equal(LinkStatus.WrongPurpose, links.Check(links.Issue("signup-reject", "x"), "signup-approve").Status);
    }

    [Fact]
    public void Changing_any_part_of_the_payload_is_detected()
    {
        var links = Links(KeyA);
        var token = links.Issue("signup-approve", "OH-01JD0000000000000000000000", "staff1");
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));

        var forged = payload.Replace("OH-", "TX-", StringComparison.Ordinal);
        var forgedToken = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + token[dot..];

        Assert.Equal(LinkStatus.Tampered, links.Check(forgedToken, "signup-approve").Status);
    }

    [Fact]
    public void Changing_the_signature_is_detected()
    {
        var links = Links(KeyA);
        var token = links.Issue("signup-approve", "x");
        var signatureStart = token.IndexOf('.', StringComparison.Ordinal) + 1;

        // The signature's first character: every value there is valid base64url, unlike the last one's padding bits.
        var flipped = token[signatureStart] == 'A' ? 'B' : 'A';
        var forged = token[..signatureStart] + flipped + token[(signatureStart + 1)..];
        Assert.Equal(LinkStatus.Tampered, links.Check(forged, "signup-approve").Status);
    }

    [Fact]
    public void A_link_signed_with_another_key_is_refused()
    {
        var token = Links(KeyB).Issue("signup-approve", "x");
        Assert.Equal(LinkStatus.Tampered, Links(KeyA).Check(token, "signup-approve").Status);
    }

    [Fact]
    public void Links_signed_with_the_previous_key_stay_valid_after_rotation()
    {
        var beforeRotation = Links(KeyA).Issue("signup-approve", "x");
        var afterRotation = Links(KeyB, previous: KeyA);

        Assert.Equal(LinkStatus.Valid, afterRotation.Check(beforeRotation, "signup-approve").Status);
        Assert.Equal(LinkStatus.Valid, afterRotation.Check(afterRotation.Issue("signup-approve", "x"), "signup-approve").Status);
        Assert.Equal(LinkStatus.Tampered, Links(KeyB).Check(beforeRotation, "signup-approve").Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".")]
    [InlineData("abc.")]
    [InlineData("!!!.???")]
    public void Malformed_tokens_are_refused_without_an_exception(string? token) =>
        Assert.Equal(LinkStatus.Malformed, Links(KeyA).Check(token, "signup-approve").Status);

    [Fact]
    public void A_well_formed_token_without_a_valid_signature_is_tampered() =>
        Assert.Equal(LinkStatus.Tampered, Links(KeyA).Check("YWJj.YWJj", "signup-approve").Status);

    [Fact]
    public void Every_link_is_unique()
    {
        var links = Links(KeyA);
        Assert.NotEqual(links.Issue("p", "x"), links.Issue("p", "x"));
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_fail_validation()
    {
        var options = new LinkOptions { CurrentKey = Convert.ToBase64String(new byte[16]) };
        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(LinkOptions.CurrentKey)));
    }

    [Theory]
    [InlineData("Cem:Links:CurrentKey", "@Microsoft.KeyVault(SecretUri=https://kv-cem-abc.vault.azure.net/secrets/links-current-key)", "links-current-key")]
    [InlineData("Cem:Links:PreviousKey", "@Microsoft.KeyVault(VaultName=kv-cem-abc;SecretName=links-previous-key)", "links-previous-key")]
    public void Start_up_names_the_key_vault_secret_behind_an_unresolved_reference(string setting, string literal, string secret)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cem:Links:CurrentKey"] = KeyA,
                [setting] = literal,
            })
            .Build();
        using var provider = new ServiceCollection().AddCem(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LinkOptions>>().Value);

        Assert.Contains($"'{secret}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("must be base64", error.Message, StringComparison.Ordinal);
    }
}
