using System.Text.RegularExpressions;
using Cem.Core.Comments;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Cem.Functions.Comments;

/// <summary>Who is asking: the client's address (hashed before use) and the anonymous voter cookie.</summary>
public static partial class CommentRequests
{
    public const string VoterCookie = "cem_voter";

    public static string ClientAddress(HttpRequest request) => ClientRequests.ClientAddress(request);

    /// <summary>The voter id from the cookie, or (without a usable cookie) one derived from the client's address.</summary>
    public static (string VoterId, bool FromCookie) Voter(HttpRequest request, CommentService comments)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(comments);
        return request.Cookies.TryGetValue(VoterCookie, out var cookie) && cookie is not null && VoterIdPattern().IsMatch(cookie)
            ? (cookie, true)
            : (comments.VoterIdFor(ClientAddress(request)), false);
    }

    /// <summary>Remembers the voter, so a later vote from another address is still the same voter.</summary>
    public static void SetVoterCookie(HttpRequest request, string voterId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var https = ClientRequests.IsHttps(request);
        request.HttpContext.Response.Cookies.Append(VoterCookie, voterId, new CookieOptions
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

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex VoterIdPattern();
}
