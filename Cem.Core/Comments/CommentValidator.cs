using System.Text.RegularExpressions;
using Cem.Core.Text;

namespace Cem.Core.Comments;

/// <summary>A comment that passed validation: trimmed, normalised, safe to store (and always shown escaped).</summary>
public sealed record ValidComment(string Thread, string Name, string Email, string? Website, string Body);

public static partial class CommentValidator
{
    public const int MaxBodyLength = 5000;
    public const int MaxNameLength = 80;
    public const int MaxWebsiteLength = 200;

    /// <summary>Checks every field but the challenge, which <see cref="CommentChallenges"/> checks.</summary>
    public static Validated<ValidComment> Validate(CommentForm form, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);

        var thread = form.Thread?.Trim();
        if (!Threads.IsValid(thread))
        {
            errors.Add("thread", "Thread must be a page name of lowercase letters, digits and hyphens.");
            thread = null;
        }
        else if (!CommentThreads.IsKnown(thread))
        {
            errors.Add("thread", "There is no comment page with that name.");
            thread = null;
        }

        var name = Fields.Required(errors, "name", "Name", form.Name, MaxNameLength);
        var email = Fields.Email(errors, "email", form.Email);

        var website = Fields.Optional(errors, "website", "Website", form.Website, MaxWebsiteLength);
        if (website is not null)
        {
            if (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host) || website.Any(char.IsWhiteSpace))
            {
                errors.Add("website", "Website must be an address starting with http:// or https://.");
                website = null;
            }
            else
            {
                website = uri.AbsoluteUri;
            }
        }

        var body = Body(errors, form.Body);

        return errors.IsEmpty
            ? Validated.Ok(new ValidComment(thread!, name!, email!, website, body!))
            : Validated.Invalid<ValidComment>(errors);
    }

    /// <summary>A comment's text (a visitor's or a staff reply's): line endings normalised, trimmed, 1–5,000 safe characters; null with an error on <c>body</c> otherwise.</summary>
    public static string? Body(ValidationErrors errors, string? text)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var body = text?.ReplaceLineEndings("\n").Trim();
        if (string.IsNullOrEmpty(body))
        {
            errors.Add("body", "Comment is required.");
            return null;
        }

        if (body.Length > MaxBodyLength)
        {
            errors.Add("body", $"Comment must be at most {MaxBodyLength} characters.");
            return null;
        }

        if (Fields.UnsafeCharacterIn(body, multiline: true) is { } problem)
        {
            errors.Add("body", $"Comment {problem}.");
            return null;
        }

        return body;
    }

    /// <summary>Links in a comment: each http(s):// or www. address in the body counts, as spam filters count them, and so does the website.</summary>
    public static int CountLinks(ValidComment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return LinkPattern().Count(comment.Body) + (comment.Website is null ? 0 : 1);
    }

    /// <summary>
    /// Whether a name reads as CEM's own voice ("CEM Staff", "Admin", a staff member's name): such a comment always
    /// waits for a moderator, so nobody speaks for CEM by typing a name.
    /// </summary>
    public static bool ImitatesStaff(string name, IEnumerable<string> staffAddresses)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(staffAddresses);
        var words = WordPattern().Matches(name.ToLowerInvariant()).Select(m => m.Value).ToList();
        var letters = string.Concat(words);
        return words.Any(StaffWords.Contains)
            || letters.Contains("connectededucator", StringComparison.Ordinal)
            || staffAddresses.Any(a => string.Concat(WordPattern().Matches(a.Split('@')[0].ToLowerInvariant()).Select(m => m.Value)) == letters);
    }

    private static readonly HashSet<string> StaffWords = ["cem", "staff", "admin", "administrator", "moderator", "webmaster", "official"];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?:https?://|www\.)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();
}
