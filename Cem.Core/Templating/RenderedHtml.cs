namespace Cem.Core.Templating;

/// <summary>
/// HTML that an <c>.html</c> template rendered, its values already encoded. This is the one kind of value a
/// template inserts without encoding, so that a layout can hold a rendered body (the email layout's
/// <c>{{ content }}</c>). Its constructor is private: the only way to make one is <see cref="Render"/>, so no
/// string from data can pass for HTML.
/// </summary>
public sealed class RenderedHtml
{
    private RenderedHtml(string html) => Html = html;

    public string Html { get; }

    /// <summary>Renders an <c>.html</c> template of <paramref name="templates"/>.</summary>
    /// <exception cref="ArgumentException">The file is not an <c>.html</c> template.</exception>
    public static RenderedHtml Render(TemplateSet templates, string file, object model)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(file);
        if (!TemplateSet.IsHtml(file))
        {
            throw new ArgumentException($"'{file}' is not an HTML template; only HTML templates make {nameof(RenderedHtml)}.", nameof(file));
        }

        return new RenderedHtml(templates.Render(file, model));
    }

    public override string ToString() => Html;
}
