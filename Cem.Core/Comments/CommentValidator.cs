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

        var body = form.Body?.ReplaceLineEndings("\n").Trim();
        if (string.IsNullOrEmpty(body))
        {
            errors.Add("body", "Comment is required.");
            body = null;
        }
        else if (body.Length > MaxBodyLength)
        {
            errors.Add("body", $"Comment must be at most {MaxBodyLength} characters.");
            body = null;
        }
        else if (Fields.UnsafeCharacterIn(body, multiline: true) is { } problem)
        {
            errors.Add("body", $"Comment {problem}.");
            body = null;
        }

        return errors.IsEmpty
            ? Validated.Ok(new ValidComment(thread!, name!, email!, website, body!))
            : Validated.Invalid<ValidComment>(errors);
    }

    /// <summary>Links in a comment: each http(s):// or www. address counts, as spam filters count them.</summary>
    public static int CountLinks(string body) => LinkPattern().Count(body);

    [GeneratedRegex(@"(?:https?://|www\.)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();
}
