using System.Globalization;
using System.Net.Mail;
using System.Text;

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
    private const char ZeroWidthJoiner = '\u200D';

    /// <summary>
    /// Why <paramref name="text"/> cannot be accepted as typed text, or null. Refused: control characters (multi-line
    /// text keeps line feeds and tabs), format characters that change how text around them reads or hide text
    /// (bidi overrides and isolates, zero-width spaces, soft hyphens; multi-line text keeps the zero-width joiner that
    /// emoji sequences need), unassigned code points, non-characters and unpaired surrogates. Such characters can
    /// reorder a page around a name, make two names look alike, or break files built from the text (press kits).
    /// </summary>
    public static string? UnsafeCharacterIn(string text, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return "contains a damaged character; retype it";
            }

            i += length;
            var value = rune.Value;
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control && !(multiline && value is '\n' or '\t'))
            {
                return "must not contain control characters";
            }

            if ((category == UnicodeCategory.Format && !(multiline && value == ZeroWidthJoiner))
                || category == UnicodeCategory.OtherNotAssigned
                || value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE)
            {
                return $"must not contain invisible or unassigned characters (U+{value:X4}); retype it";
            }
        }

        return null;
    }

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

        if (UnsafeCharacterIn(trimmed, multiline: false) is { } problem)
        {
            errors.Add(field, $"{label} {problem}.");
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
