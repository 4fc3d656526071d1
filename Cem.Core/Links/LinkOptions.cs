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

            if (!TryDecode(value, out var bytes) || bytes.Length < 32)
            {
                yield return new ValidationResult($"Cem:Links:{name} must be base64 of at least 32 bytes.", [name]);
            }
        }

        if (Lifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Cem:Links:Lifetime must be positive.", [nameof(Lifetime)]);
        }
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
