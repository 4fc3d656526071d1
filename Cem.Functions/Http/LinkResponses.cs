using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>What a followed or used signed link answers: a page for a browser, JSON for an API client.</summary>
public static class LinkResponses
{
    public static int StatusOf(LinkActionResult result) => result.Outcome switch
    {
        LinkOutcome.Ready or LinkOutcome.Done or LinkOutcome.AlreadyDone => StatusCodes.Status200OK,
        LinkOutcome.Refused => StatusCodes.Status409Conflict,
        LinkOutcome.NotFound => StatusCodes.Status404NotFound,
        _ => result.Link.Status switch
        {
            LinkStatus.Tampered => StatusCodes.Status403Forbidden,
            LinkStatus.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status400BadRequest,
        },
    };

    /// <param name="readyPage">The page with the button, shown when a GET finds the link usable.</param>
    public static IActionResult Answer(HttpRequest request, LinkActionResult result, string title, Func<string>? readyPage = null)
    {
        var status = StatusOf(result);
        if (Responses.WantsHtml(request))
        {
            var html = result.Outcome == LinkOutcome.Ready && readyPage is not null
                ? readyPage()
                : Html.Message(status < 400 ? title : TitleOf(result), result.Message);
            return Responses.Html(status, html);
        }

        return status < 400
            ? Responses.JsonBody(status, new
            {
                outcome = result.Outcome.ToString().ToLowerInvariant(),
                message = result.Message,
                signupId = result.Signup?.Id.ToString(),
                status = result.Signup?.Status,
            })
            : Responses.Problem(status, TitleOf(result), result.Message,
                result.Outcome == LinkOutcome.InvalidLink ? new Dictionary<string, string[]> { ["token"] = [result.Message] } : null);
    }

    private static string TitleOf(LinkActionResult result) => result.Outcome switch
    {
        LinkOutcome.Refused => "Not allowed",
        LinkOutcome.NotFound => "Sign-up not found",
        _ => result.Link.Status switch
        {
            LinkStatus.Tampered => "Link not valid",
            LinkStatus.Expired => "Link expired",
            LinkStatus.WrongPurpose => "Wrong link for this action",
            _ => "Link incomplete",
        },
    };
}

/// <summary>The body a link's button posts: the token, and for a rejection an optional reason.</summary>
public sealed class LinkForm
{
    public string? Token { get; set; }
    public string? Reason { get; set; }
}
