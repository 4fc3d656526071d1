using System.Globalization;
using Cem.Core.Calendar;
using Cem.Core.Clients;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;

namespace Cem.Functions.Calendar;

/// <summary>
/// Events suggested by the public: the form and its post, the suggester's confirmation link (with "email me a new
/// link"), and the moderators' Publish, Reject and Spam links.
/// </summary>
public sealed class SuggestionFunctions(
    EventSuggestions suggestions,
    SuggestionConfirmation confirmation,
    SuggestionDecision.Approve approve,
    SuggestionDecision.Reject reject,
    SuggestionDecision.Spam spam,
    NewLinkRequests newLinks,
    SessionStore sessions)
{
    public const string AcceptedMessage = Calendar.SuggestEventPage.SentMessage;

    [Function(nameof(SuggestEventForm))]
    public static IActionResult SuggestEventForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/suggest")] HttpRequest request) =>
        Responses.Html(StatusCodes.Status200OK, Calendar.SuggestEventPage.Render(null, null, request.Query["sent"] == "1"));

    [Function(nameof(SuggestEvent))]
    public async Task<IActionResult> SuggestEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/suggestions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var page = Responses.WantsPage(request, body.Kind);
        var result = await suggestions.SubmitAsync(body.Value!, ClientRequests.ClientAddress(request), cancellationToken);
        switch (result.Outcome)
        {
            case SuggestionOutcome.Invalid:
                var errors = result.Errors!.ToDictionary();
                return page
                    ? Responses.Html(StatusCodes.Status400BadRequest, Calendar.SuggestEventPage.Render(body.Value, errors, sent: false))
                    : Responses.Problem(StatusCodes.Status400BadRequest, "The suggestion has errors", "Correct the fields listed in 'errors'.", errors);

            case SuggestionOutcome.RateLimited:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var wait = $"Several suggestions were sent from your network in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
                return page
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many suggestions", wait);

            default:
                // The same answer for a filled honeypot: a bot learns nothing.
                return page
                    ? Responses.SeeOther(request, "/calendar/suggest?sent=1")
                    : Responses.JsonBody(StatusCodes.Status202Accepted, new { status = EventStatuses.Unconfirmed, message = AcceptedMessage });
        }
    }

    [Function(nameof(ConfirmSuggestionPage))]
    public Task<IActionResult> ConfirmSuggestionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "suggestions/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, confirmation, (preview, token) => SuggestionPages.Render(preview.Subject!, token, "confirm", confirmation.Title, preview.Message), cancellationToken);

    [Function(nameof(ConfirmSuggestion))]
    public Task<IActionResult> ConfirmSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/suggestions/confirm")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, confirmation, cancellationToken);

    [Function(nameof(NewSuggestionConfirmationLink))]
    public Task<IActionResult> NewSuggestionConfirmationLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/suggestions/confirm/new-link")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.NewLinkAsync(request, confirmation, newLinks, cancellationToken);

    [Function(nameof(ApproveSuggestionPage))]
    public Task<IActionResult> ApproveSuggestionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "suggestions/approve")] HttpRequest request,
        CancellationToken cancellationToken) => DecisionPageAsync(request, approve, cancellationToken);

    [Function(nameof(RejectSuggestionPage))]
    public Task<IActionResult> RejectSuggestionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "suggestions/reject")] HttpRequest request,
        CancellationToken cancellationToken) => DecisionPageAsync(request, reject, cancellationToken);

    [Function(nameof(SpamSuggestionPage))]
    public Task<IActionResult> SpamSuggestionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "suggestions/spam")] HttpRequest request,
        CancellationToken cancellationToken) => DecisionPageAsync(request, spam, cancellationToken);

    [Function(nameof(ApproveSuggestion))]
    public Task<IActionResult> ApproveSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/suggestions/approve")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, approve, cancellationToken);

    [Function(nameof(RejectSuggestion))]
    public Task<IActionResult> RejectSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/suggestions/reject")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, reject, cancellationToken);

    [Function(nameof(SpamSuggestion))]
    public Task<IActionResult> SpamSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/suggestions/spam")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, spam, cancellationToken);

    /// <summary>
    /// The buttons of <c>/my</c> and <c>/staff</c>: the same decisions for a signed-in moderator (a confirmed contact
    /// of the suggestion's state, or staff), with their address in the audit trail; anyone else is refused (409).
    /// </summary>
    [Function(nameof(ModerateSuggestion))]
    public async Task<IActionResult> ModerateSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{id}/moderation/{decision}")] HttpRequest request,
        string id,
        string decision,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        SuggestionDecision? chosen = decision switch { "approve" => approve, "reject" => reject, "spam" => spam, _ => null };
        return chosen is null
            ? Responses.Problem(StatusCodes.Status400BadRequest, "Unknown decision", null, new Dictionary<string, string[]> { ["decision"] = ["One of approve, reject or spam."] })
            : await LinkEndpoints.ActAsAsync(request, chosen, id, user!.Email, cancellationToken);
    }

    private static Task<IActionResult> DecisionPageAsync(HttpRequest request, SuggestionDecision decision, CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, decision, (preview, token) => SuggestionPages.Render(preview.Subject!, token, decision.PagePath[(decision.PagePath.LastIndexOf('/') + 1)..], decision.Title, preview.Message), cancellationToken);

    /// <summary>The form of <c>/calendar/suggest</c>: the event's fields as on <c>/my</c>, and the suggester's.</summary>
    public static SuggestionForm FromForm(IReadOnlyDictionary<string, StringValues> form) =>
        EventFunctions.Fill(new SuggestionForm { ContactName = form.Field("contactName"), ContactEmail = form.Field("contactEmail"), Url2 = form.Field("url2") }, form);
}
