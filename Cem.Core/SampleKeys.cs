using Cem.Core.Clients;
using Cem.Core.Email;
using Cem.Core.Links;
using Microsoft.Extensions.Options;

namespace Cem.Core;

/// <summary>
/// The keys committed in <c>local.settings.sample.json</c>. Anyone can read them, so they are fine on a developer's
/// machine and refused everywhere else: with them anyone could sign links (approve a sign-up, sign in as staff).
/// </summary>
public static class SampleKeys
{
    /// <summary>Every key value of the sample settings (a test keeps this in step with the file).</summary>
    public static IReadOnlyList<string> Values { get; } = ["bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1hLXNlY3JldC0wMDAwMDA=", BadgeSigningKey];

    /// <summary>The sample badge-signing key (a P-256 JWK).</summary>
    public const string BadgeSigningKey = @"{""kty"":""EC"",""crv"":""P-256"",""x"":""n4guE2kpd7fFyno43fiZlu_VyfTuGBmW1asU_-MMeOo"",""y"":""w6_6qndUJ1hbvv4VnmZMxSUYoQGHYBP-Pp24Kn9Zxtw"",""d"":""PxYaInw_fIUw4_DimBFiKRk5FTT6SjtKpCbLV_L1-LE""}";

    /// <summary>Whether <paramref name="key"/> holds the same bytes as a sample key (however its base64 is written).</summary>
    public static bool IsSample(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var bytes = Decode(key.Trim());
        return Values.Any(v => string.Equals(v, key.Trim(), StringComparison.Ordinal) || bytes is not null && Decode(v)!.AsSpan().SequenceEqual(bytes));
    }

    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// Refuses to start an app reached at anything but a loopback address (<c>Cem:PublicBaseUrl</c>) when a signing or
/// hashing key is a <see cref="SampleKeys">sample key</see>. Runs with <see cref="CemOptions"/>' start-up validation.
/// </summary>
public sealed class SampleKeyCheck(IOptions<LinkOptions> links, IOptions<SecretOptions> secrets, IOptions<EmailOptions> email) : IValidateOptions<CemOptions>
{
    public ValidateOptionsResult Validate(string? name, CemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicBaseUrl is null || options.PublicBaseUrl.IsLoopback)
        {
            return ValidateOptionsResult.Success;
        }

        var samples = new (string Setting, string? Value)[]
            {
                (LinkOptions.Section + ":" + nameof(LinkOptions.CurrentKey), links.Value.CurrentKey),
                (LinkOptions.Section + ":" + nameof(LinkOptions.PreviousKey), links.Value.PreviousKey),
                (SecretOptions.Section + ":" + nameof(SecretOptions.ClientHashKey), secrets.Value.ClientHashKey),
                (EmailOptions.Section + ":" + nameof(EmailOptions.AddressHashKey), email.Value.AddressHashKey),
            }
            .Where(s => SampleKeys.IsSample(s.Value))
            .Select(s => $"{s.Setting} is the sample key from local.settings.sample.json, which anyone can read; generate a key for {options.PublicBaseUrl.Host}.")
            .ToList();
        return samples.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(samples);
    }
}
