using System.ComponentModel.DataAnnotations;

namespace Cem.Core.Clients;

/// <summary>Secrets other than link keys (section <c>Cem:Secrets</c>).</summary>
public sealed class SecretOptions : IValidatableObject
{
    public const string Section = "Cem:Secrets";

    /// <summary>
    /// Base64 of at least 32 bytes; keys the hashes of client IPs and voter ids. Empty: derived from
    /// <c>Cem:Links:CurrentKey</c>, so rotating that key also resets rate-limit windows and IP-based voters.
    /// </summary>
    public string? ClientHashKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(ClientHashKey))
        {
            yield break;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(ClientHashKey);
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (bytes.Length < 32)
        {
            yield return new ValidationResult("Cem:Secrets:ClientHashKey must be base64 of at least 32 bytes (or empty).", [nameof(ClientHashKey)]);
        }
    }
}
