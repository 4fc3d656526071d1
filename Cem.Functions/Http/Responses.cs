using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>
/// Response shapes shared by the HTTP functions. Bodies are serialised here rather than by a host
/// formatter, so the worker and the local host send the same bytes.
/// </summary>
public static class Responses
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ContentResult JsonBody(int status, object body) =>
        new() { StatusCode = status, ContentType = "application/json; charset=utf-8", Content = JsonSerializer.Serialize(body, Json) };

    /// <summary>
    /// Sends a strong <paramref name="etag"/> and <paramref name="cacheControl"/> with the answer; true when the client's
    /// <c>If-None-Match</c> already names that ETag, so the answer is 304 with no body.
    /// </summary>
    public static bool NotModified(HttpRequest request, string etag, string cacheControl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        return request.Headers.IfNoneMatch.Any(tag => tag is not null && (tag == etag || tag.Split(',').Select(t => t.Trim()).Contains(etag)));
    }

    /// <summary>An RFC 9457 problem; <paramref name="errors"/> names each bad field.</summary>
    public static ContentResult Problem(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null)
        {
            problem["detail"] = detail;
        }

        if (errors is not null)
        {
            problem["errors"] = errors;
        }

        return new() { StatusCode = status, ContentType = "application/problem+json; charset=utf-8", Content = JsonSerializer.Serialize(problem, Json) };
    }

    public static ContentResult Html(int status, string html) =>
        new() { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = html };

    /// <summary>See Other: after a form post the browser GETs the next page (post, redirect, get).</summary>
    public static StatusCodeResult SeeOther(HttpRequest request, string location)
    {
        request.HttpContext.Response.Headers.Location = location;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// Whether a POST is answered with pages and redirects (a browser's form post) or with JSON and problems (an API
    /// client). The Accept header decides when it names either; otherwise the body's media type does, so a plain
    /// form post still gets pages and a form-encoded post that asks for JSON gets JSON.
    /// </summary>
    public static bool WantsPage(HttpRequest request, BodyKind kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || (kind == BodyKind.Form && !accept.Contains("json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True for a browser (a form post or a followed link); API clients get JSON.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
