using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Links;
using Cem.Core.Text;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cem.Functions.Http;

/// <summary>
/// The two endpoints of every emailed-link action: the GET page that shows what will happen and a button (mail
/// scanners follow links, so it changes nothing), and the POST the button makes. A browser gets pages; an API
/// client gets JSON <c>{ outcome, message, {id field}, status }</c> or a problem.
/// </summary>
public static class LinkEndpoints
{
    /// <summary>Bodies are a token and perhaps a short note: nothing bigger is read.</summary>
    public const int BodyLimit = 16 * 1024;

    /// <param name="readyPage">The page with the button, from the preview and the token, shown when the link can be used.</param>
    public static async Task<IActionResult> PageAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, Func<LinkActionResult<TSubject>, string, string> readyPage, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(readyPage);
        string token = request.Query["token"].ToString();
        var result = await action.PreviewAsync(token, cancellationToken);
        return Answer(request, action, result, action.Title, () => readyPage(result, token), token);
    }

    /// <summary>The one answer to "email me a new link", whatever the token named and whatever was sent.</summary>
    public const string NewLinkMessage =
        "If a new link can help, it is on its way to the address the old one was sent to. It may take a few minutes to arrive.";

    /// <summary>
    /// "Email me a new link", the button on the page of an expired or used link (<see cref="LinkAction{TSubject}.OffersNewLink"/>):
    /// the same answer whatever happens, so it tells nobody whether the link named anything; <c>429</c> only when this
    /// client has asked too often.
    /// </summary>
    public static async Task<IActionResult> NewLinkAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, NewLinkRequests newLinks, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(newLinks);
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token") }, cancellationToken, BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var page = Responses.WantsPage(request, body.Kind);
        var decision = await newLinks.RequestAsync(action, body.Value!.Token, ClientRequests.ClientAddress(request), cancellationToken);
        if (!decision.Allowed)
        {
            const string title = "Too many requests";
            const string detail = "You have asked for new links too often. Wait an hour and try again.";
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return page
                ? Responses.Html(StatusCodes.Status429TooManyRequests, Html.Message(title, detail))
                : Responses.Problem(StatusCodes.Status429TooManyRequests, title, detail);
        }

        return page
            ? Responses.Html(StatusCodes.Status200OK, Html.Message("Check your inbox", NewLinkMessage))
            : Responses.JsonBody(StatusCodes.Status202Accepted, new { message = NewLinkMessage });
    }

    /// <param name="onDone">
    /// What follows a successful use in the HTTP answer (sign-in sets its session cookie); its answer, when not null,
    /// replaces the usual one.
    /// </param>
    public static Task<IActionResult> ActAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, CancellationToken cancellationToken, Func<LinkActionResult<TSubject>, Task<IActionResult?>>? onDone = null)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActWithBodyAsync(request, action, (form, input) => action.ActAsync(form.Token, input, cancellationToken), onDone, cancellationToken);
    }

    /// <summary>
    /// The same action taken from a signed-in page rather than a link (a staff member's button in the console):
    /// the same body (an optional reason), transition and answers, with <paramref name="actor"/> in the audit trail.
    /// </summary>
    public static Task<IActionResult> ActAsAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, string subjectId, string actor, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActWithBodyAsync(request, action, (_, input) => action.ActAsAsync(subjectId, actor, input, cancellationToken), null, cancellationToken);
    }

    private static async Task<IActionResult> ActWithBodyAsync<TSubject>(HttpRequest request, LinkAction<TSubject> action, Func<LinkForm, LinkInput, Task<LinkActionResult<TSubject>>> act, Func<LinkActionResult<TSubject>, Task<IActionResult?>>? onDone, CancellationToken cancellationToken)
        where TSubject : class, ITableEntity
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token"), Reason = form.Field("reason"), Choice = form.Field("choice") }, cancellationToken, BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var errors = new ValidationErrors();
        var note = Fields.Optional(errors, "reason", "Reason", body.Value!.Reason?.ReplaceLineEndings(" "), LinkInput.MaxNoteLength);
        var choice = Fields.Optional(errors, "choice", "Choice", body.Value.Choice, LinkInput.MaxChoiceLength);
        if (!errors.IsEmpty)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "The reason or choice has errors", null, errors.ToDictionary());
        }

        var result = await act(body.Value, new LinkInput(note, choice));
        if (result.Outcome == LinkOutcome.Done && onDone is not null && await onDone(result) is { } answer)
        {
            return answer;
        }

        return Answer(request, action, result, action.DoneTitle, token: body.Value.Token);
    }

    /// <param name="token">The link's token, when the answer is to a link (not a signed-in button): a page for an
    /// expired or refused link then offers "email me a new link" where the action allows it.</param>
    private static IActionResult Answer<TSubject>(HttpRequest request, LinkAction<TSubject> action, LinkActionResult<TSubject> result, string title, Func<string>? readyPage = null, string? token = null)
        where TSubject : class, ITableEntity =>
        token is not null && Responses.WantsHtml(request) && action.OffersNewLinkFor(result)
            ? Responses.Html(LinkResponses.StatusOf(result.Outcome, result.Link), NewLinkPage.Render(LinkResponses.TitleOf(result.Outcome, result.Link, Capitalized(action.SubjectNoun) + " not found"), result.Message, action.NewLinkPath, token))
            : LinkResponses.Answer(request, result.Outcome, result.Link, result.Message, title, Capitalized(action.SubjectNoun) + " not found",
            new Dictionary<string, object?>
            {
                [action.IdField] = result.Subject is null ? null : action.IdOf(result.Subject),
                ["status"] = result.Subject is null ? null : action.StatusOf(result.Subject),
            },
            readyPage);

    private static string Capitalized(string noun) => char.ToUpperInvariant(noun[0]) + noun[1..];
}

/// <summary>The body a link's button posts: the token, for a rejection an optional reason, for a deletion what to delete.</summary>
public sealed class LinkForm
{
    public string? Token { get; set; }
    public string? Reason { get; set; }
    public string? Choice { get; set; }
}
