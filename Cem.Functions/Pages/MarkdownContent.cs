using System.Collections.Concurrent;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace Cem.Functions.Pages;

/// <summary>
/// The pages' staff-edited text: Markdown files under <c>Cem.Functions/Content/</c>, embedded in the assembly.
/// Raw HTML in a file is shown as text, never passed through, and a link may only lead to a path on this site
/// or to an http(s) or mailto address, so a content file cannot add markup or scripts to a page.
/// </summary>
public static class MarkdownContent
{
    private const string ResourcePrefix = "Cem.Functions.Content.";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    private static readonly ConcurrentDictionary<string, MarkupString> Files = new(StringComparer.Ordinal);

    /// <summary>Every content file, as its path under Content/ (e.g. <c>Home/why.md</c>).</summary>
    public static IEnumerable<string> Names =>
        typeof(MarkdownContent).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(".md", StringComparison.Ordinal))
            .Select(r => r[ResourcePrefix.Length..^".md".Length].Replace('.', '/') + ".md");

    /// <summary>A content file as HTML, converted once.</summary>
    /// <param name="name">Its path under Content/, e.g. <c>Home/why.md</c>.</param>
    public static MarkupString File(string name) => Files.GetOrAdd(name, static name =>
    {
        using var stream = typeof(MarkdownContent).Assembly.GetManifestResourceStream(ResourcePrefix + name.Replace('/', '.'))
            ?? throw new InvalidOperationException($"There is no content file Content/{name}.");
        using var reader = new StreamReader(stream);
        return ToHtml(reader.ReadToEnd(), name);
    });

    /// <summary>Markdown as HTML; the only way text that is not encoded by a component reaches a page.</summary>
    /// <exception cref="InvalidOperationException">A link leads somewhere other than a path of this site or an http(s) or mailto address.</exception>
    public static MarkupString ToHtml(string markdown, string source)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                throw new InvalidOperationException($"Content/{source} links to '{link.Url}'. Links must start with '/' (a page of this site), 'https://', 'http://' or 'mailto:'.");
            }
        }

        return new MarkupString(document.ToHtml(Pipeline));
    }

    private static bool IsSafeUrl(string? url) =>
        url is { Length: > 0 } &&
        ((url[0] is '/' or '#' && !url.StartsWith("//", StringComparison.Ordinal)) ||
         (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http" or "mailto"));
}
