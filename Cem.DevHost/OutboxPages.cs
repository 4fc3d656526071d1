using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MimeKit;

namespace Cem.DevHost;

/// <summary>
/// DevHost-only pages for the local email outbox (one .eml per message): <c>/dev/outbox</c> lists them newest
/// first, <c>/dev/outbox/{file}</c> shows one (its HTML part in a sandboxed frame, its text part), and
/// <c>/dev/outbox/{file}/raw</c> serves the .eml.
/// </summary>
public static partial class OutboxPages
{
    private const string PageCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'";

    /// <summary>The email's own HTML runs nothing: no scripts, no external loads; links still open (in a new tab or, on a click, the whole window).</summary>
    private const string EmailCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

    public static void Map(IEndpointRouteBuilder endpoints, string outboxFolder)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/dev/outbox", (HttpContext http) => ListAsync(http, outboxFolder));
        endpoints.MapGet("/dev/outbox/{file}", (HttpContext http, string file) => ShowAsync(http, outboxFolder, file));
        endpoints.MapGet("/dev/outbox/{file}/html", (HttpContext http, string file) => HtmlPartAsync(http, outboxFolder, file));
        endpoints.MapGet("/dev/outbox/{file}/raw", (HttpContext http, string file) => RawAsync(http, outboxFolder, file));
    }

    /// <summary>A plain file name ending in .eml: no folders, no "..".</summary>
    public static bool IsValidFileName(string file) => FileNamePattern().IsMatch(file) && !file.Contains("..", StringComparison.Ordinal);

    private static async Task ListAsync(HttpContext http, string folder)
    {
        var messages = new List<(DateTimeOffset Date, string File, string To, string Subject)>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.eml"))
            {
                var name = Path.GetFileName(path);
                if (!IsValidFileName(name))
                {
                    continue;
                }

                try
                {
                    using var message = await MimeMessage.LoadAsync(path, http.RequestAborted);
                    var date = message.Date == DateTimeOffset.MinValue ? File.GetLastWriteTimeUtc(path) : message.Date;
                    messages.Add((date, name, message.To.ToString(), message.Subject ?? ""));
                }
                catch (FormatException)
                {
                    messages.Add((File.GetLastWriteTimeUtc(path), name, "", "(not a readable email)"));
                }
            }
        }

        var rows = new StringBuilder();
        foreach (var (date, file, to, subject) in messages.OrderByDescending(m => m.Date).ThenByDescending(m => m.File, StringComparer.Ordinal))
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))}</td><td>{E(to)}</td><td><a href=\"/dev/outbox/{Uri.EscapeDataString(file)}\">{E(subject.Length == 0 ? "(no subject)" : subject)}</a></td></tr>");
        }

        var body = messages.Count == 0
            ? $"<p>No emails yet. They appear here as .eml files written to <code>{E(folder)}</code>.</p>"
            : $"<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>{rows}</tbody></table>";
        await PageAsync(http, "Local outbox", $"<h1>Local outbox</h1><p>{messages.Count} email(s) in <code>{E(folder)}</code>, newest first.</p>{body}");
    }

    private static async Task ShowAsync(HttpContext http, string folder, string file)
    {
        if (Resolve(folder, file) is not { } path)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var message = await MimeMessage.LoadAsync(path, http.RequestAborted);
        var escaped = Uri.EscapeDataString(file);
        var html = message.HtmlBody is null
            ? "<p>This email has no HTML part.</p>"
            : $"<iframe title=\"HTML part\" src=\"/dev/outbox/{escaped}/html\" sandbox=\"allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\"></iframe>";
        var text = message.TextBody is null ? "<p>This email has no text part.</p>" : $"<pre>{E(message.TextBody)}</pre>";
        await PageAsync(http, message.Subject ?? file,
            $"<p><a href=\"/dev/outbox\">&larr; Outbox</a></p><h1>{E(message.Subject ?? "(no subject)")}</h1>" +
            $"<dl><dt>Date</dt><dd>{E(message.Date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))}</dd>" +
            $"<dt>From</dt><dd>{E(message.From.ToString())}</dd><dt>To</dt><dd>{E(message.To.ToString())}</dd></dl>" +
            $"<h2>HTML part</h2>{html}<h2>Text part</h2>{text}<p><a href=\"/dev/outbox/{escaped}/raw\">Raw .eml</a></p>");
    }

    private static async Task HtmlPartAsync(HttpContext http, string folder, string file)
    {
        if (Resolve(folder, file) is not { } path)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var message = await MimeMessage.LoadAsync(path, http.RequestAborted);
        http.Response.Headers.ContentSecurityPolicy = EmailCsp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(message.HtmlBody ?? "", http.RequestAborted);
    }

    private static async Task RawAsync(HttpContext http, string folder, string file)
    {
        if (Resolve(folder, file) is not { } path)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Shown as text in the browser rather than handed to a mail program.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.SendFileAsync(path, http.RequestAborted);
    }

    private static string? Resolve(string folder, string file)
    {
        if (!IsValidFileName(file))
        {
            return null;
        }

        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, file));
        return Path.GetDirectoryName(path) == root.TrimEnd(Path.DirectorySeparatorChar) && File.Exists(path) ? path : null;
    }

    private static Task PageAsync(HttpContext http, string title, string body)
    {
        http.Response.Headers.ContentSecurityPolicy = PageCsp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{E(title)} – Cem.DevHost</title>" +
            "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}table{border-collapse:collapse;width:100%}" +
            "th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ccc;vertical-align:top}iframe{width:100%;height:32rem;border:1px solid #ccc}" +
            "pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}dt{font-weight:bold}dd{margin:0 0 .5rem}</style></head>" +
            $"<body><main>{body}</main></body></html>",
            http.RequestAborted);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.eml$")]
    private static partial Regex FileNamePattern();
}
