using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Cem.Functions.Http;

/// <summary>
/// The headers every HTTP response carries, set in one place just before the response starts, so no function can
/// forget them and a function's own <c>Cache-Control</c> is kept.
/// <list type="bullet">
/// <item>CSP: everything from this site only, no inline script or style, no plugins, forms post here only; framed by
/// nobody except pages under <c>/embed/</c>, which exist to be framed;</item>
/// <item><c>nosniff</c>, so an asset or a JSON answer is never run as something else;</item>
/// <item><c>Referrer-Policy: no-referrer</c>: the address of a page behind an emailed link carries its token;</item>
/// <item><c>Cache-Control: no-store</c> unless the function chose a policy (assets, the OpenAPI document): link pages,
/// session pages and answers about people never sit in a cache;</item>
/// <item>HSTS when the request came over https (through Azure's front end, as the forwarded-headers middleware says).</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

    public const string EmbedPrefix = "/embed";

    /// <summary>Sets the headers on <paramref name="http"/>'s response when it starts.</summary>
    public static void ApplyOnStarting(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.OnStarting(() =>
        {
            Apply(http);
            return Task.CompletedTask;
        });
    }

    public static void Apply(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Response.Headers;
        var embeddable = http.Request.Path.StartsWithSegments(EmbedPrefix, StringComparison.OrdinalIgnoreCase);
        headers.ContentSecurityPolicy = Policy + (embeddable ? "; frame-ancestors *" : "; frame-ancestors 'none'");
        if (!embeddable)
        {
            headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
        }

        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }

        if (http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
    }
}

/// <summary>Under the Functions host: <see cref="SecurityHeaders"/> on every HTTP function's response. The DevHost applies them itself.</summary>
public sealed class SecurityHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            SecurityHeaders.ApplyOnStarting(http);
        }

        return next(context);
    }
}
