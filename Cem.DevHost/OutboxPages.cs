using System.Globalization;
using System.Text.RegularExpressions;
using Cem.Functions.Pages;
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
        var messages = new List<OutboxListItem>();
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
                    messages.Add(new OutboxListItem(date, name, message.To.ToString(), message.Subject ?? ""));
                }
                catch (FormatException)
                {
                    messages.Add(new OutboxListItem(File.GetLastWriteTimeUtc(path), name, "", "(not a readable email)"));
                }
            }
        }

        var ordered = messages.OrderByDescending(m => m.Date).ThenByDescending(m => m.File, StringComparer.Ordinal).ToList();
        await PageAsync(http, PageRenderer.Render<OutboxListPage>(new Dictionary<string, object?>
        {
            [nameof(OutboxListPage.Folder)] = folder,
            [nameof(OutboxListPage.Messages)] = ordered,
        }));
    }

    private static async Task ShowAsync(HttpContext http, string folder, string file)
    {
        if (Resolve(folder, file) is not { } path)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var message = await MimeMessage.LoadAsync(path, http.RequestAborted);
        await PageAsync(http, PageRenderer.Render<OutboxMessagePage>(new Dictionary<string, object?>
        {
            [nameof(OutboxMessagePage.File)] = file,
            [nameof(OutboxMessagePage.Message)] = message,
        }));
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

    private static Task PageAsync(HttpContext http, string html)
    {
        http.Response.Headers.ContentSecurityPolicy = PageCsp;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }

    public static string Format(DateTimeOffset date) => date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.eml$")]
    private static partial Regex FileNamePattern();
}

/// <summary>One email in the outbox list.</summary>
public sealed record OutboxListItem(DateTimeOffset Date, string File, string To, string Subject);
