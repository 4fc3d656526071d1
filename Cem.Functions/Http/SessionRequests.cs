using Cem.Core;
using Cem.Core.Sessions;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Http;

/// <summary>What reading a request's session gave: the user (null when not signed in), or the answer that refuses it.</summary>
public sealed record SessionRead(string? Id, SignedInUser? User, IActionResult? Refusal);

/// <summary>
/// The one place a request's session cookie is read, and so the one place a POST made with it is checked for same
/// origin: every function that acts for a signed-in person reads the session here, so none can forget the check.
/// (Worker middleware would be the usual place, but the local host runs no middleware; functions call this.)
/// </summary>
public static class SessionRequests
{
    /// <summary>Reads the session; a state-changing request carrying the cookie from another origin is refused (403).</summary>
    public static async Task<SessionRead> ReadAsync(HttpRequest request, SessionStore sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sessions);
        if (!request.Cookies.TryGetValue(SessionStore.CookieName, out var id) || string.IsNullOrEmpty(id))
        {
            return new(null, null, null);
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !IsSameOrigin(request))
        {
            return new(id, null, Responses.Problem(StatusCodes.Status403Forbidden, "Cross-site request refused",
                "A request made with your session must come from this site's own pages.",
                new Dictionary<string, string[]> { ["Origin"] = ["The request did not come from this site."] }));
        }

        return new(id, await sessions.ReadAsync(id, cancellationToken), null);
    }

    /// <summary>
    /// The signed-in user when <paramref name="allowed"/> says they may; otherwise the answer: a page is redirected to
    /// <c>/sign-in</c> when nobody is signed in, an API answers 401; someone signed in without the role gets 403.
    /// </summary>
    public static async Task<(SignedInUser? User, IActionResult? Denied)> RequireAsync(HttpRequest request, SessionStore sessions, Func<SignedInUser, bool> allowed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var read = await ReadAsync(request, sessions, cancellationToken);
        if (read.Refusal is not null)
        {
            return (null, read.Refusal);
        }

        var isApi = request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (read.User is null)
        {
            return (null, isApi
                ? Responses.Problem(StatusCodes.Status401Unauthorized, "Not signed in", "Sign in at /sign-in with the link we email you.")
                : Responses.SeeOther(request, "/sign-in"));
        }

        if (!allowed(read.User))
        {
            return (null, isApi
                ? Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed", "Your sign-in does not give access to this.")
                : Responses.Html(StatusCodes.Status403Forbidden, MessagePage.Render("Not allowed", "You are signed in, but this page is for CEM staff only.")));
        }

        return (read.User, null);
    }

    /// <summary>Starts the browser's session: HttpOnly, SameSite=Lax, Secure on https, for the whole site, until the session expires.</summary>
    public static void SetCookie(HttpRequest request, string id, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Cookies.Append(SessionStore.CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = ClientRequests.IsHttps(request),
            Path = "/",
            Expires = expiresAt,
            IsEssential = true,
        });
    }

    public static void ClearCookie(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Cookies.Delete(SessionStore.CookieName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = ClientRequests.IsHttps(request),
            Path = "/",
        });
    }

    /// <summary>
    /// Whether a request comes from this site's own pages. Browsers send <c>Sec-Fetch-Site</c> (current ones) or
    /// <c>Origin</c> on every POST; either must say "this site". A request with neither is not from a current
    /// browser, unless its body is one a cross-site HTML form could send: a JSON API client keeps working, an old
    /// browser's form post from elsewhere does not.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            // The public address (behind Azure's front end) or the address this request was made to (locally).
            var publicOrigin = request.HttpContext.RequestServices.GetRequiredService<IOptions<CemOptions>>().Value.PublicBaseUrl.GetLeftPart(UriPartial.Authority);
            var ownOrigin = (ClientRequests.IsHttps(request) ? "https" : request.Scheme) + "://" + request.Host.Value;
            return string.Equals(origin, publicOrigin, StringComparison.OrdinalIgnoreCase) || string.Equals(origin, ownOrigin, StringComparison.OrdinalIgnoreCase);
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType is not ("application/x-www-form-urlencoded" or "multipart/form-data" or "text/plain");
    }
}
