using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cem.Core;
using Cem.Core.Awards;
using Microsoft.Extensions.Options;

namespace Cem.Tests.Awards;

/// <summary>
/// Rotating the badge key: the current key signs under its own key id, the keys it replaced stay published and verify
/// what they signed, a dropped key's badges say why they no longer verify, and start-up refuses a rotation set up wrong.
/// </summary>
public sealed class SigningKeyRotationTests
{
    private static readonly IOptions<CemOptions> Site = Options.Create(new CemOptions { PublicBaseUrl = new Uri("https://cem.example.org") });

    private static readonly JsonObject Claims = new() { ["iss"] = "https://cem.example.org/", ["jti"] = "https://cem.example.org/badges/2026-OH" };

    private static BadgeSigner Signer(string key, string previous = "") =>
        new(Options.Create(new AwardOptions { SigningKey = key, PreviousSigningKeys = previous }), Site);

    [Fact]
    public async Task A_jwt_signed_with_a_previous_key_verifies_while_that_key_is_published_and_not_once_it_is_dropped()
    {
        var (keyA, keyB) = (AwardTesting.NewSigningKeyPem(), AwardTesting.NewSigningKeyPem());
        using var before = Signer(keyA);
        using var rotated = Signer(keyB, AwardTesting.PublicPem(keyA));
        using var dropped = Signer(keyB);
        var signedWithA = before.Sign(Claims);
        var signedWithB = rotated.Sign(Claims);

        Assert.NotEqual(before.KeyId, rotated.KeyId);
        Assert.Equal([rotated.KeyId, before.KeyId], rotated.Jwks()["keys"]!.AsArray().Select(k => (string?)k!["kid"]));
        Assert.DoesNotContain(rotated.Jwks()["keys"]!.AsArray(), k => k!.AsObject().ContainsKey("d"));
        Assert.True(rotated.Check(signedWithA).SignatureValid);
        Assert.True(rotated.Check(signedWithB).SignatureValid);
        Assert.Equal(before.KeyId, (await NodeVerifier.VerifyAsync(rotated.Jwks(), signedWithA)).GetProperty("kid").GetString());
        Assert.True((await NodeVerifier.VerifyAsync(rotated.Jwks(), signedWithA)).GetProperty("valid").GetBoolean());
        Assert.True((await NodeVerifier.VerifyAsync(rotated.Jwks(), signedWithB)).GetProperty("valid").GetBoolean());

        var check = dropped.Check(signedWithA);
        Assert.False(check.SignatureValid);
        Assert.Contains("signed with a key no longer published", check.Problem, StringComparison.Ordinal);
        Assert.False((await NodeVerifier.VerifyAsync(dropped.Jwks(), signedWithA)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void A_jwt_naming_a_published_previous_key_but_signed_by_another_does_not_verify()
    {
        var (keyA, keyB, forger) = (AwardTesting.NewSigningKeyPem(), AwardTesting.NewSigningKeyPem(), AwardTesting.NewSigningKeyPem());
        using var before = Signer(keyA);
        using var rotated = Signer(keyB, AwardTesting.PublicPem(keyA));
        using var other = Signer(forger);
        var parts = other.Sign(Claims).Split('.');
        var header = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = before.KeyId }.ToJsonString()));
        using var forgerKey = ECDsa.Create();
        forgerKey.ImportFromPem(forger);
        var signature = forgerKey.SignData(System.Text.Encoding.ASCII.GetBytes(header + "." + parts[1]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var check = rotated.Check(header + "." + parts[1] + "." + System.Buffers.Text.Base64Url.EncodeToString(signature));

        Assert.False(check.SignatureValid);
        Assert.Contains("signature does not match", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Previous_keys_are_read_as_a_jwk_set_or_as_pem_public_keys_alike()
    {
        var (keyA, keyB) = (AwardTesting.NewSigningKeyPem(), AwardTesting.NewSigningKeyPem());
        using var a = Signer(keyA);
        using var b = Signer(keyB);
        var asJwkSet = new JsonObject { ["keys"] = new JsonArray(a.Jwks()["keys"]![0]!.DeepClone(), b.Jwks()["keys"]![0]!.DeepClone()) }.ToJsonString();
        var asPem = AwardTesting.PublicPem(keyA) + AwardTesting.PublicPem(keyB);
        var asOneLinePem = asPem.Replace("\n", "\\n", StringComparison.Ordinal);

        foreach (var previous in new[] { asJwkSet, asPem, asOneLinePem })
        {
            using var signer = Signer(AwardTesting.NewSigningKeyPem(), previous);
            Assert.Equal([a.KeyId, b.KeyId], signer.Jwks()["keys"]!.AsArray().Skip(1).Select(k => (string?)k!["kid"]));
            Assert.True(Check(previous).Succeeded, Check(previous).FailureMessage);
        }
    }

    [Fact]
    public void The_empty_jwk_set_that_provisioning_creates_means_no_previous_key()
    {
        using var signer = Signer(AwardTesting.NewSigningKeyPem(), "{\"keys\":[]}");

        Assert.Equal([signer.KeyId], signer.Jwks()["keys"]!.AsArray().Select(k => (string?)k!["kid"]));
        Assert.True(Check("{\"keys\":[]}").Succeeded);
        Assert.True(Check(" ").Succeeded);
    }

    [Theory]
    [InlineData("current-pem", "holds the current signing key")]
    [InlineData("current-jwk", "holds the current signing key")]
    [InlineData("private", "give only its public half")]
    [InlineData("private-jwk", "give only its public half")]
    [InlineData("twice", "lists the same key twice")]
    [InlineData("garbage", "key 1 is neither a JWK Set nor a PEM public key")]
    [InlineData("truncated", "key 1 is not a P-256 public key")]
    [InlineData("off-curve", "key 1 is not a P-256 public key")]
    [InlineData("p384", "key 1 is not a P-256 JWK")]
    public void Start_up_refuses_previous_keys_that_are_wrong_and_says_what_is_wrong(string wrong, string expected)
    {
        var current = AwardTesting.NewSigningKeyPem();
        var old = AwardTesting.NewSigningKeyPem();
        using var currentSigner = Signer(current);
        var currentJwk = currentSigner.Jwks()["keys"]![0]!.AsObject();
        var previous = wrong switch
        {
            "current-pem" => AwardTesting.PublicPem(old) + AwardTesting.PublicPem(current),
            "current-jwk" => new JsonObject { ["keys"] = new JsonArray(currentJwk.DeepClone()) }.ToJsonString(),
            "private" => old,
            "private-jwk" => new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = currentJwk["x"]!.DeepClone(), ["y"] = currentJwk["y"]!.DeepClone(), ["d"] = "AAAA" }.ToJsonString(),
            "twice" => AwardTesting.PublicPem(old) + AwardTesting.PublicPem(old),
            "garbage" => "not a key",
            "truncated" => string.Join('\n', AwardTesting.PublicPem(old).Split('\n').Where((_, line) => line != 2)),
            "off-curve" => new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = currentJwk["x"]!.DeepClone(), ["y"] = currentJwk["x"]!.DeepClone() }.ToJsonString(),
            _ => new JsonObject { ["kty"] = "EC", ["crv"] = "P-384", ["x"] = "AAAA", ["y"] = "AAAA" }.ToJsonString(),
        };

        var result = Check(previous, current);

        Assert.True(result.Failed, $"{wrong} was accepted");
        Assert.Contains("Cem:Awards:PreviousSigningKeys", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Check(string previous, string? current = null) =>
        new AwardOptionsCheck(Site).Validate(null, new AwardOptions { SigningKey = current ?? AwardTesting.NewSigningKeyPem(), PreviousSigningKeys = previous });
}
