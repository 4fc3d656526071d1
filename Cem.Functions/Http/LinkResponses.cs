using Cem.Core.Links;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>What a followed or used signed link answers: a page for a browser, JSON for an API client.</summary>
public static class LinkResponses
{
    public static int StatusOf(LinkActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return StatusOf(result.Outcome, result.Link);
    }

    public static int StatusOf(LinkOutcome outcome, LinkCheck link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return outcome switch
        {
            LinkOutcome.Ready or LinkOutcome.Done or LinkOutcome.AlreadyDone => StatusCodes.Status200OK,
            LinkOutcome.Refused => StatusCodes.Status409Conflict,
            LinkOutcome.NotFound => StatusCodes.Status404NotFound,
            _ => link.Status switch
            {
                LinkStatus.Tampered => StatusCodes.Status403Forbidden,
                LinkStatus.Expired => StatusCodes.Status410Gone,
                _ => StatusCodes.Status400BadRequest,
            },
        };
    }

    /// <param name="readyPage">The page with the button, shown when a GET finds the link usable.</param>
    public static IActionResult Answer(HttpRequest request, LinkActionResult result, string title, Func<string>? readyPage = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Answer(request, result.Outcome, result.Link, result.Message, title, "Sign-up not found",
            new Dictionary<string, object?> { ["signupId"] = result.Signup?.Id.ToString(), ["status"] = result.Signup?.Status }, readyPage);
    }

    /// <summary>The same answer for any feature's links: <paramref name="subject"/> adds the feature's fields to the JSON.</summary>
    public static IActionResult Answer(HttpRequest request, LinkOutcome outcome, LinkCheck link, string message, string title, string notFoundTitle, IReadOnlyDictionary<string, object?> subject, Func<string>? readyPage = null)
    {
        var status = StatusOf(outcome, link);
        if (Responses.WantsHtml(request))
        {
            var html = outcome == LinkOutcome.Ready && readyPage is not null
                ? readyPage()
                : Html.Message(status < 400 ? title : TitleOf(outcome, link, notFoundTitle), message);
            return Responses.Html(status, html);
        }

        if (status >= 400)
        {
            return Responses.Problem(status, TitleOf(outcome, link, notFoundTitle), message,
                outcome == LinkOutcome.InvalidLink ? new Dictionary<string, string[]> { ["token"] = [message] } : null);
        }

        var body = new Dictionary<string, object?>
        {
            ["outcome"] = outcome.ToString().ToLowerInvariant(),
            ["message"] = message,
        };
        foreach (var (key, value) in subject)
        {
            body[key] = value;
        }

        return Responses.JsonBody(status, body);
    }

    private static string TitleOf(LinkOutcome outcome, LinkCheck link, string notFoundTitle) => outcome switch
    {
        LinkOutcome.Refused => "Not allowed",
        LinkOutcome.NotFound => notFoundTitle,
        _ => link.Status switch
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
