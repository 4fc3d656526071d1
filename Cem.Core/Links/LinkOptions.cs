using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Links;

public sealed class LinkOptions : IValidatableObject
{
    public const string Section = "Cem:Links";

    /// <summary>Base64 of at least 32 random bytes; signs every new link.</summary>
    [Required] public string CurrentKey { get; set; } = "";

    /// <summary>The key before the last rotation; links it signed stay valid until they expire.</summary>
    public string? PreviousKey { get; set; }

    /// <summary>How long an emailed link stays valid.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(14);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(CurrentKey), CurrentKey), (nameof(PreviousKey), PreviousKey) })
        {
            if (name == nameof(PreviousKey) && string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (UnresolvedKeyVaultSecret(value) is { } secret)
            {
                // In Azure an app setting whose Key Vault reference cannot be resolved keeps its literal text.
                yield return new ValidationResult(
                    $"Cem:Links:{name} is an unresolved Key Vault reference: the secret '{secret}' is missing, disabled or unreadable by the app's identity. Create it (infra/README.md, \"Setting the secrets\") and restart the app.",
                    [name]);
            }
            else if (!TryDecode(value, out var bytes) || bytes.Length < 32)
            {
                yield return new ValidationResult($"Cem:Links:{name} must be base64 of at least 32 bytes.", [name]);
            }
        }

        if (Lifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Cem:Links:Lifetime must be positive.", [nameof(Lifetime)]);
        }
    }

    /// <summary>The secret name in a literal <c>@Microsoft.KeyVault(SecretUri=…/secrets/name)</c> or <c>(VaultName=…;SecretName=name)</c>, else null.</summary>
    private static string? UnresolvedKeyVaultSecret(string? value)
    {
        if (value is null || !value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var secretsAt = value.IndexOf("/secrets/", StringComparison.OrdinalIgnoreCase);
        var nameAt = value.IndexOf("SecretName=", StringComparison.OrdinalIgnoreCase);
        var name = secretsAt >= 0 ? value[(secretsAt + "/secrets/".Length)..]
            : nameAt >= 0 ? value[(nameAt + "SecretName=".Length)..]
            : value;
        return name.Split('/', ';', ')')[0];
    }

    internal static bool TryDecode(string? base64, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(base64);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
