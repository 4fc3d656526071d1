using System.Text.Encodings.Web;

namespace Cem.Functions.Pages;

/// <summary>Encodes text for HTML; every value that reaches a page goes through here.</summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>The shared page frame: one stylesheet, a skip link, a main landmark.</summary>
    public static string Layout(string title, string body, params string[] scripts) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} · Connected Educator Month for States</title>
        <link rel="stylesheet" href="/assets/site.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site"><a href="/">Connected Educator Month <span>for States</span></a></header>
        <main id="main" tabindex="-1">
        {{body}}
        </main>
        <footer class="site">Connected Educator Month for States</footer>
        {{string.Concat(scripts.Select(script => $"<script src=\"/assets/{E(script)}\" defer></script>"))}}
        </body>
        </html>
        """;

    /// <summary>A message page: the outcome of a link, or an error that says what went wrong.</summary>
    public static string Message(string title, string message, string? extra = null) =>
        Layout(title, $"""
            <h1>{E(title)}</h1>
            <p class="lead" role="status">{E(message)}</p>
            {extra}
            <p><a href="/">Back to Connected Educator Month for States</a></p>
            """);
}
