using Cem.Core.Links;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>What a followed or used signed link answers: a page for a browser, JSON for an API client.</summary>
public static class LinkResponses
{
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

    /// <summary>The same answer for any link: <paramref name="subject"/> adds the subject's fields to the JSON.</summary>
    public static IActionResult Answer(HttpRequest request, LinkOutcome outcome, LinkCheck link, string message, string title, string notFoundTitle, IReadOnlyDictionary<string, object?> subject, Func<string>? readyPage = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
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

    public static string TitleOf(LinkOutcome outcome, LinkCheck link, string notFoundTitle) => outcome switch
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
