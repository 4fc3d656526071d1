using Cem.Core.Comments;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Cem.Functions.Comments;

/// <summary>Who is asking: the client's address (hashed before use), the signed voter cookie and the author cookie.</summary>
public static class CommentRequests
{
    public const string VoterCookie = "cem_voter";

    public static string ClientAddress(HttpRequest request) => ClientRequests.ClientAddress(request);

    /// <summary>The voter the <c>cem_voter</c> cookie names, or null without a cookie this app issued.</summary>
    public static string? Voter(HttpRequest request, CommentService comments)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(comments);
        return request.Cookies.TryGetValue(VoterCookie, out var cookie) ? comments.VoterOf(cookie) : null;
    }

    /// <summary>Remembers a voter the server issued, so a later vote from another address is still the same voter.</summary>
    public static void SetVoterCookie(HttpRequest request, string cookie)
    {
        ArgumentNullException.ThrowIfNull(request);
        var https = ClientRequests.IsHttps(request);
        request.HttpContext.Response.Cookies.Append(VoterCookie, cookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = https,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }

    /// <summary>The author cookie a confirmed author's browser holds: its proof of the address (see <see cref="CommentAuthors"/>).</summary>
    public static string? AuthorCookie(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(CommentAuthors.CookieName, out var cookie) ? cookie : null;
    }

    /// <summary>HttpOnly and SameSite=Lax: scripts cannot read it and another site's form post does not carry it.</summary>
    public static void SetAuthorCookie(HttpRequest request, AuthorCookie cookie)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cookie);
        request.HttpContext.Response.Cookies.Append(CommentAuthors.CookieName, cookie.Value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = ClientRequests.IsHttps(request),
            Path = "/",
            Expires = cookie.ExpiresAt,
            IsEssential = true,
        });
    }
}
