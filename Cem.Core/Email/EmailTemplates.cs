using System.Collections.Concurrent;
using System.Reflection;
using Cem.Core.Templating;

namespace Cem.Core.Email;

/// <summary>One rendered email, ready for an <see cref="IEmailSender"/>.</summary>
/// <param name="Template">The template's name (<see cref="IEmail.Template"/>).</param>
public sealed record RenderedEmail(string Template, string Subject, string Html, string Text)
{
    public EmailMessage To(string recipient) => new(recipient, Subject, Html, Text);
}

/// <summary>
/// Email templates: files in <c>Cem.Core/Email/Templates/</c>, embedded in the assembly. Each <see cref="IEmail"/>
/// model <c>M</c> has <c>{M.Template}.subject.txt</c>, <c>.html</c> and <c>.txt</c>; the HTML part is placed into
/// <c>_layout.html</c> at <c>{{ content }}</c> (the layout also gets <c>{{ subject }}</c> and <c>{{ footer }}</c>). An email
/// to a person (<see cref="IEmailToPerson"/>) rendered with its "delete my data" link gets <c>_footer-person.html</c> and
/// <c>_footer-person.txt</c> (after the text part); any other gets <c>_footer.html</c>. The rules of the templates are
/// <see cref="TemplateSet"/>'s.
/// </summary>
public sealed class EmailTemplates
{
    private const string ResourcePrefix = "Cem.Core.Email.Templates.";
    private const string LayoutFile = "_layout.html";
    private const string FooterFile = "_footer.html";
    private const string PersonFooterHtml = "_footer-person.html";
    private const string PersonFooterText = "_footer-person.txt";

    private static readonly ConcurrentDictionary<Type, string> NamesByModel = new();

    private readonly TemplateSet templates;

    public EmailTemplates()
    {
        var files = TemplateSet.Embedded(typeof(EmailTemplates).Assembly, ResourcePrefix);
        templates = new TemplateSet(
            files,
            Models.Select(model => new TemplateBinding(model, FilesOf(NameOf(model))))
                .Append(TemplateBinding.For<Layout>(LayoutFile))
                .Append(TemplateBinding.For<Footer>(FooterFile))
                .Append(TemplateBinding.For<PersonFooter>(PersonFooterHtml, PersonFooterText)));
        Names = files.Keys
            .Where(f => f.EndsWith(".subject.txt", StringComparison.Ordinal))
            .Select(f => f[..^".subject.txt".Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every email model in Cem.Core.</summary>
    public static IReadOnlyList<Type> Models { get; } = typeof(IEmail).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEmail).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The names of every template on file, e.g. <c>signup-received</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Where the templates and the models disagree; empty when every email can be rendered.</summary>
    public IReadOnlyList<string> Problems => templates.Problems;

    /// <summary>Renders an email's subject, HTML and text parts.</summary>
    /// <param name="deleteDataUrl">The "delete my data" link of an <see cref="IEmailToPerson"/>; the mailer always gives one.</param>
    /// <exception cref="ArgumentException">The model's template is not on file, or a link is given for an email to staff.</exception>
    /// <exception cref="TemplateException">The template does not match the model, or a value is null or a link is not absolute http(s).</exception>
    public RenderedEmail Render(IEmail email, Uri? deleteDataUrl = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (deleteDataUrl is not null && email is not IEmailToPerson)
        {
            throw new ArgumentException($"{email.GetType().Name} is not an email to a person: it carries no delete-my-data link.", nameof(deleteDataUrl));
        }

        var name = NameOf(email.GetType());
        var parts = FilesOf(name);

        // A subject is one line: line breaks in a value must not start new headers.
        var subject = templates.Render(parts[0], email).Trim().ReplaceLineEndings(" ");
        var content = RenderedHtml.Render(templates, parts[1], email);
        var text = templates.Render(parts[2], email);
        var footer = RenderedHtml.Render(templates, FooterFile, new Footer());
        if (deleteDataUrl is not null)
        {
            var person = new PersonFooter(deleteDataUrl);
            footer = RenderedHtml.Render(templates, PersonFooterHtml, person);
            text = text.TrimEnd() + "\n" + templates.Render(PersonFooterText, person);
        }

        var html = templates.Render(LayoutFile, new Layout(subject, content, footer));
        return new RenderedEmail(name, subject, html, text);
    }

    private static string[] FilesOf(string name) => [name + ".subject.txt", name + ".html", name + ".txt"];

    /// <summary>The template name a model type declares, e.g. <c>signup-received</c> (<see cref="IEmail.Template"/> is static, so it is read through a generic method).</summary>
    public static string NameOf(Type model) =>
        NamesByModel.GetOrAdd(model, type => (string)typeof(EmailTemplates)
            .GetMethod(nameof(TemplateOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, null)!);

    private static string TemplateOf<TEmail>() where TEmail : IEmail => TEmail.Template;

    /// <summary>The values of <c>_layout.html</c>.</summary>
    private sealed record Layout(string Subject, RenderedHtml Content, RenderedHtml Footer);

    /// <summary>The footer of an email with no "delete my data" link (<c>_footer.html</c>).</summary>
    private sealed record Footer;

    /// <summary>The footer of an email to a person (<c>_footer-person.html</c>, <c>.txt</c>).</summary>
    private sealed record PersonFooter(Uri DeleteDataUrl);
}
