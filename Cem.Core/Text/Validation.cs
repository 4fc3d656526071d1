using System.Net.Mail;

namespace Cem.Core.Text;

/// <summary>Per-field messages for a request that cannot be accepted, keyed by the field's JSON name.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>The outcome of a request that validates its input: a value, or the reasons it was refused.</summary>
public sealed record Validated<T>(T? Value, ValidationErrors Errors)
    where T : class
{
    public bool IsValid => Value is not null;
}

public static class Validated
{
    public static Validated<T> Ok<T>(T value)
        where T : class => new(value, new ValidationErrors());

    public static Validated<T> Invalid<T>(ValidationErrors errors)
        where T : class => new(null, errors);
}

/// <summary>Checks shared by every form: required text, length and characters people can type.</summary>
public static class Fields
{
    /// <summary>Trims, and records an error when the value is missing, too long or holds control characters.</summary>
    public static string? Required(ValidationErrors errors, string field, string label, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, $"{label} is required.");
            return null;
        }

        return Optional(errors, field, label, trimmed, maxLength);
    }

    public static string? Optional(ValidationErrors errors, string field, string label, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"{label} must be at most {maxLength} characters.");
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            errors.Add(field, $"{label} must not contain control characters.");
            return null;
        }

        return trimmed;
    }

    /// <summary>A bare address (no display name or comment) with a dotted domain, at most 254 characters.</summary>
    public static string? Email(ValidationErrors errors, string field, string? value)
    {
        var email = Required(errors, field, "Email", value, 254);
        if (email is null)
        {
            return null;
        }

        // MailAddress accepts display names and comments ("A <a@b>"); only a bare address is wanted.
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(field, "Enter an email address like name@agency.gov.");
            return null;
        }

        return email;
    }
}
