namespace Cem.Core.Templating;

/// <summary>
/// A template cannot be rendered: it does not match its model (a placeholder without a property, a property no
/// file uses), it does not parse, or a value is unusable (null, or a link that is not http/https). Names the
/// template file and the placeholder, never a value, so it can be logged.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException() { }

    public TemplateException(string message) : base(message) { }

    public TemplateException(string message, Exception innerException) : base(message, innerException) { }

    public TemplateException(string template, string? placeholder, string message) : base(message)
    {
        Template = template;
        Placeholder = placeholder;
    }

    /// <summary>The template file, e.g. <c>signup-received.html</c>.</summary>
    public string? Template { get; }

    /// <summary>The placeholder as the template writes it, e.g. <c>confirmUrl</c>.</summary>
    public string? Placeholder { get; }
}
