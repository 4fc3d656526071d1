using System.Globalization;
using Cem.Core.Calendar;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Reminders;
using Cem.Core.Storage;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Reminders;

/// <summary>The reader's form on <c>/events/{id}</c>.</summary>
public sealed class ReminderRequest
{
    public string? Email { get; set; }
}

/// <summary>
/// "Email me a reminder": the request (form or JSON), its confirmation and unsubscribe links, the timer that queues
/// the day-before reminders and the queue handlers that send them and the change notices.
/// </summary>
public sealed class EventReminderFunctions(EventReminders reminders, ReminderConfirmation confirmation, ReminderUnsubscribe unsubscribe, EventService events, EmailRetries retries)
{
    /// <summary>The one answer to a request, whatever the address: it never tells whether someone asked before.</summary>
    public const string AcceptedMessage = "Check your inbox: unless this address already gets reminders for this event, we have sent it a link to confirm. Nothing is sent before you confirm.";

    [Function(nameof(RequestEventReminders))]
    public async Task<IActionResult> RequestEventReminders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{id}/reminders")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new ReminderRequest { Email = form.Field("email") }, cancellationToken, LinkEndpoints.BodyLimit);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var page = Responses.WantsPage(request, body.Kind);
        var result = await reminders.SubscribeAsync(id, body.Value!.Email, ClientRequests.ClientAddress(request), cancellationToken);
        switch (result.Outcome)
        {
            case SubscribeOutcome.RateLimited:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var wait = $"You have asked for reminders several times in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
                return page
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", wait);

            case SubscribeOutcome.NotFound:
                return page
                    ? Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("No such event", "This event is not on the CEM calendar. See the calendar for what is."))
                    : Responses.Problem(StatusCodes.Status404NotFound, "No such event", null, new Dictionary<string, string[]> { ["id"] = ["No published event has this id."] });

            case SubscribeOutcome.Invalid:
                var errors = result.Errors!.ToDictionary();
                if (page && EventId.TryParse(id, out var eventId) && await events.FindPublicAsync(eventId, cancellationToken) is { } shown)
                {
                    return Responses.Html(StatusCodes.Status400BadRequest, ReminderRequestPage.Render(shown.Id.ToString(), shown.Title, body.Value.Email, errors));
                }

                return Responses.Problem(StatusCodes.Status400BadRequest, "The request has errors", "Correct the fields listed in 'errors'.", errors);

            default:
                return page
                    ? Responses.Html(StatusCodes.Status200OK, MessagePage.Render("Check your inbox", AcceptedMessage))
                    : Responses.JsonBody(StatusCodes.Status202Accepted, new { message = AcceptedMessage });
        }
    }

    [Function(nameof(ConfirmEventRemindersPage))]
    public Task<IActionResult> ConfirmEventRemindersPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reminders/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkPageAsync(request, confirmation, "Yes, send me reminders", cancellationToken);

    [Function(nameof(ConfirmEventReminders))]
    public Task<IActionResult> ConfirmEventReminders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reminders/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.ActAsync(request, confirmation, cancellationToken);

    [Function(nameof(StopEventRemindersPage))]
    public Task<IActionResult> StopEventRemindersPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reminders/unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkPageAsync(request, unsubscribe, "Stop these emails", cancellationToken);

    [Function(nameof(StopEventReminders))]
    public Task<IActionResult> StopEventReminders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reminders/unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.ActAsync(request, unsubscribe, cancellationToken);

    /// <summary>Hourly with the other reminders: queues the reminders of slots starting within a day.</summary>
    [Function(nameof(QueueEventReminders))]
    public Task QueueEventReminders([TimerTrigger("%RemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reminders.QueueDueAsync(cancellationToken);

    [Function(nameof(SendEventReminders))]
    public Task SendEventReminders(
        [QueueTrigger(StorageNames.EventRemindersTrigger)] EventReminderMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.EventRemindersQueue, message, reminders.HandleAsync, cancellationToken);

    [Function(nameof(SendEventChangeNotices))]
    public Task SendEventChangeNotices(
        [QueueTrigger(StorageNames.EventChangedTrigger)] EventChangedMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.EventChangedQueue, message, reminders.HandleChangeAsync, cancellationToken);

    /// <summary>The link's page names the event (never the address) and asks before the button acts.</summary>
    private async Task<IActionResult> LinkPageAsync(HttpRequest request, LinkAction<EventReminderSubscription> action, string button, CancellationToken cancellationToken)
    {
        // The event is read first (a preview changes nothing, so reading the link twice is harmless).
        var first = await action.PreviewAsync(request.Query["token"].ToString(), cancellationToken);
        var calendarEvent = first.Subject is { } subject && EventId.TryParse(subject.PartitionKey, out var eventId) ? await events.FindPublicAsync(eventId, cancellationToken) : null;
        return await LinkEndpoints.PageAsync(request, action, (preview, token) =>
            ReminderLinkPage.Render(action.Title, preview.Message, preview.Subject!.PartitionKey, calendarEvent?.Title ?? "an event no longer on the calendar", action.ApiPath, token, button), cancellationToken);
    }
}
