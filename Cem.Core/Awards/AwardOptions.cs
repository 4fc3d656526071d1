using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cem.Core.Awards;

/// <summary>Settings of the awards (section <c>Cem:Awards</c>).</summary>
public sealed class AwardOptions
{
    public const string Section = "Cem:Awards";

    /// <summary>How long a proposal waits for staff to look (and hold it) before <c>issue</c> may issue it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan ReviewWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// The ES256 key that signs credentials: a P-256 private key as PKCS#8 PEM or as a JWK (JSON with <c>d</c>). Empty:
    /// awards are proposed but none is issued. Its key id is the key's JWK thumbprint (RFC 7638).
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// The public keys that signed before <see cref="SigningKey"/> (rotation): a JWK Set (<c>{"keys":[…]}</c>) or PEM
    /// public keys. They are published beside the current key, so the badges they signed keep verifying; drop one and
    /// its badges no longer verify. Empty: none.
    /// </summary>
    public string PreviousSigningKeys { get; set; } = "";
}

/// <summary>
/// Checks the signing keys at start-up: the current one must load as a P-256 private key, and the sample key from
/// local.settings.sample.json works only on a loopback address, like the link keys (<see cref="SampleKeyCheck"/>); the
/// previous ones must load as P-256 public keys, each once, none of them the current key (a rotation half done).
/// </summary>
public sealed class AwardOptionsCheck(IOptions<CemOptions> site) : IValidateOptions<AwardOptions>
{
    public ValidateOptionsResult Validate(string? name, AwardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Previous = $"{AwardOptions.Section}:{nameof(AwardOptions.PreviousSigningKeys)}";
        if (!SigningKey.TryLoadPublic(options.PreviousSigningKeys, out var previous, out var previousProblem))
        {
            return ValidateOptionsResult.Fail($"{Previous}: {previousProblem}");
        }

        var previousIds = previous.Select(SigningKey.Thumbprint).ToList();
        previous.ForEach(k => k.Dispose());
        if (previousIds.Count != previousIds.Distinct(StringComparer.Ordinal).Count())
        {
            return ValidateOptionsResult.Fail($"{Previous} lists the same key twice.");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Success;
        }

        if (!SigningKey.TryLoad(options.SigningKey, out var key, out var problem))
        {
            return ValidateOptionsResult.Fail($"{AwardOptions.Section}:{nameof(AwardOptions.SigningKey)} {problem}");
        }

        var isSample = IsSample(key);
        var currentId = SigningKey.Thumbprint(key);
        key.Dispose();
        if (previousIds.Contains(currentId))
        {
            return ValidateOptionsResult.Fail($"{Previous} holds the current signing key ({AwardOptions.Section}:{nameof(AwardOptions.SigningKey)}): list only the keys it replaced.");
        }

        var baseUrl = site.Value.PublicBaseUrl;
        return baseUrl is not null && !baseUrl.IsLoopback && isSample
            ? ValidateOptionsResult.Fail($"{AwardOptions.Section}:{nameof(AwardOptions.SigningKey)} is the sample key from local.settings.sample.json, which anyone can read; generate a key for {baseUrl.Host}.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>The same key as the sample, however it is written (PEM, JWK, other member order).</summary>
    private static bool IsSample(System.Security.Cryptography.ECDsa key)
    {
        SigningKey.TryLoad(SampleKeys.BadgeSigningKey, out var sample, out _);
        using (sample)
        {
            return SigningKey.Thumbprint(key) == SigningKey.Thumbprint(sample!);
        }
    }
}
