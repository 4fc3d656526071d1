using System.Collections.Frozen;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Cem.Core.Email;

/// <summary>One rendered email, ready for an <see cref="IEmailSender"/>.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text)
{
    public EmailMessage To(string recipient) => new(recipient, Subject, Html, Text);
}

/// <summary>
/// Email templates: files in <c>Cem.Core/Email/Templates/</c>, embedded in the assembly. Each
/// template <c>name</c> has <c>name.subject.txt</c>, <c>name.html</c> and <c>name.txt</c>; the HTML
/// part is placed into <c>_layout.html</c> at <c>{{content}}</c> (the layout also gets
/// <c>{{subject}}</c>).
/// </summary>
/// <remarks>
/// <para>Placeholders are <c>{{key}}</c>. Every placeholder must have a value, or rendering throws
/// <see cref="EmailTemplateException"/>: an email never leaves with <c>{{…}}</c> in it. Values are
/// inserted as they are in the subject and the text part, and HTML-encoded in the HTML part (the
/// encoding also makes them safe inside a quoted attribute).</para>
/// <para>A key ending in <c>Url</c> (<c>confirmUrl</c>, <c>statesUrl</c>) is a link: its value must be
/// an absolute http or https URL, so a value can never become a <c>javascript:</c> link.</para>
/// <para>Values are substituted once: a value that itself contains <c>{{x}}</c> is not expanded.</para>
/// </remarks>
public sealed partial class EmailTemplates
{
    private const string ResourcePrefix = "Cem.Core.Email.Templates.";
    private const string LayoutFile = "_layout.html";

    private readonly FrozenDictionary<string, string> files;

    public EmailTemplates()
    {
        var assembly = typeof(EmailTemplates).Assembly;
        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            loaded[resource[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }

        files = loaded.ToFrozenDictionary(StringComparer.Ordinal);
        Names = files.Keys
            .Where(f => f.EndsWith(".subject.txt", StringComparison.Ordinal))
            .Select(f => f[..^".subject.txt".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The names of every template, e.g. <c>signup-received</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Renders a template's subject, HTML and text parts.</summary>
    /// <exception cref="ArgumentException">No template has this name.</exception>
    /// <exception cref="EmailTemplateException">A placeholder has no value, or a URL value is not an absolute http(s) URL.</exception>
    public RenderedEmail Render(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);

        if (!files.TryGetValue(template + ".subject.txt", out var subjectSource)
            || !files.TryGetValue(template + ".html", out var htmlSource)
            || !files.TryGetValue(template + ".txt", out var textSource))
        {
            throw new ArgumentException($"There is no email template named '{template}'. Known templates: {string.Join(", ", Names)}.", nameof(template));
        }

        // A subject is one line: line breaks in a value must not start new headers.
        var subject = Fill(template, subjectSource, values, encode: false).Trim().ReplaceLineEndings(" ");
        var content = Fill(template, htmlSource, values, encode: true);
        var text = Fill(template, textSource, values, encode: false);

        // The layout gets the encoded subject and the already-rendered content as it is.
        var html = files.TryGetValue(LayoutFile, out var layout)
            ? Placeholder().Replace(layout, match => match.Groups["key"].Value switch
            {
                "content" => content,
                "subject" => HtmlEncoder.Default.Encode(subject),
                var other => throw new EmailTemplateException(LayoutFile, other),
            })
            : content;

        return new RenderedEmail(subject, html, text);
    }

    private static string Fill(string template, string source, IReadOnlyDictionary<string, string> values, bool encode) =>
        Placeholder().Replace(source, match =>
        {
            var key = match.Groups["key"].Value;
            if (!values.TryGetValue(key, out var value) || value is null)
            {
                throw new EmailTemplateException(template, key);
            }

            if (key.EndsWith("Url", StringComparison.Ordinal) && !IsWebUrl(value))
            {
                throw new EmailTemplateException(template, key, $"Email template '{template}': the value for {{{{{key}}}}} must be an absolute http or https URL.");
            }

            return encode ? HtmlEncoder.Default.Encode(value) : value;
        });

    private static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"\{\{\s*(?<key>[A-Za-z][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>A template could not be rendered: a placeholder had no value (or an unusable one).</summary>
public sealed class EmailTemplateException : Exception
{
    public EmailTemplateException() { }

    public EmailTemplateException(string message) : base(message) { }

    public EmailTemplateException(string message, Exception innerException) : base(message, innerException) { }

    public EmailTemplateException(string template, string placeholder)
        : this(template, placeholder, $"Email template '{template}' uses the placeholder {{{{{placeholder}}}}} but no value was given for '{placeholder}'.") { }

    public EmailTemplateException(string template, string placeholder, string message) : base(message)
    {
        Template = template;
        Placeholder = placeholder;
    }

    public string? Template { get; }

    public string? Placeholder { get; }
}
