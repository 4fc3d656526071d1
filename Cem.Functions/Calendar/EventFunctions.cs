using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Sessions;
using Cem.Core.Text;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cem.Functions.Calendar;

/// <summary>The events API: publish, edit and cancel (session), list and read (public).</summary>
public sealed class EventFunctions(EventService events, EventQueries queries, SessionStore sessions, IOptions<CemOptions> site)
{
    [Function(nameof(PublishEvent))]
    public async Task<IActionResult> PublishEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await events.PublishAsync(user!, body.Value!, cancellationToken);
        if (result.Outcome == EventOutcome.Invalid && Responses.WantsPage(request, body.Kind))
        {
            // The form of /my: the errors, each with its field, and the way back.
            return Responses.Html(StatusCodes.Status400BadRequest, Pages.MessagePage.Render("The event was not published",
                string.Join(" ", result.Errors!.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + " Go back to fix the form."));
        }

        if (result.Outcome == EventOutcome.RateLimited)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            const string wait = "You have published many events in a short time. Wait a little and try again.";
            return Responses.WantsPage(request, body.Kind)
                ? Responses.Html(StatusCodes.Status429TooManyRequests, Pages.MessagePage.Render("Please wait a little", wait))
                : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many events", wait);
        }

        if (result.Outcome != EventOutcome.Done)
        {
            return Refusal(result);
        }

        var created = result.Event!;
        var pageUrl = EventLinks.Page(created, site.Value).AbsoluteUri;
        if (Responses.WantsPage(request, body.Kind))
        {
            return Responses.SeeOther(request, "/events/" + created.Id);
        }

        request.HttpContext.Response.Headers.Location = "/api/events/" + created.Id;
        return Responses.JsonBody(StatusCodes.Status201Created, new { id = created.Id.ToString(), status = created.Status, url = pageUrl });
    }

    [Function(nameof(UpdateEvent))]
    public async Task<IActionResult> UpdateEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (!EventId.TryParse(id, out var eventId))
        {
            return MalformedId();
        }

        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await events.UpdateAsync(user!, eventId, body.Value!, cancellationToken);
        return result.Outcome == EventOutcome.Done
            ? Responses.JsonBody(StatusCodes.Status200OK, EventJson.Of(result.Event!, site.Value))
            : Refusal(result);
    }

    [Function(nameof(CancelEvent))]
    public async Task<IActionResult> CancelEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{id}/cancel")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.HasAnyRole, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        if (!EventId.TryParse(id, out var eventId))
        {
            return MalformedId();
        }

        var result = await events.CancelAsync(user!, eventId, cancellationToken);
        if (result.Outcome != EventOutcome.Done)
        {
            return Refusal(result);
        }

        return Responses.WantsHtml(request) || request.HasFormContentType
            ? Responses.SeeOther(request, "/events/" + eventId)
            : Responses.JsonBody(StatusCodes.Status200OK, EventJson.Of(result.Event!, site.Value));
    }

    [Function(nameof(ListEvents))]
    public async Task<IActionResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var filter = EventFilter.Parse(name => request.Query[name].ToString());
        if (!filter.IsValid)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "The filter has errors", "Correct the parameters listed in 'errors'.", filter.Errors.ToDictionary());
        }

        var continuation = request.Query["continuation"].ToString();
        var page = await queries.PageAsync(filter.Value!, continuation.Length == 0 ? null : continuation, cancellationToken);
        if (page is null)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Malformed continuation", null,
                new Dictionary<string, string[]> { ["continuation"] = ["Pass the continuation of the previous page unchanged."] });
        }

        return Responses.JsonBody(StatusCodes.Status200OK, new { events = page.Events.Select(e => EventJson.Of(e, site.Value)), continuation = page.Continuation });
    }

    [Function(nameof(GetEvent))]
    public async Task<IActionResult> GetEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(id, out var eventId))
        {
            return MalformedId();
        }

        var found = await events.FindPublicAsync(eventId, cancellationToken);
        return found is null
            ? NotFound()
            : Responses.JsonBody(StatusCodes.Status200OK, EventJson.Of(found, site.Value));
    }

    private static ContentResult Refusal(EventResult result) => result.Outcome switch
    {
        EventOutcome.Invalid => Responses.Problem(StatusCodes.Status400BadRequest, "The event has errors", "Correct the fields listed in 'errors'.", result.Errors!.ToDictionary()),
        EventOutcome.Forbidden => Responses.Problem(StatusCodes.Status403Forbidden, "Not allowed",
            "A state's contact publishes and changes that state's events; CEM staff publish national ones.",
            new Dictionary<string, string[]> { ["jurisdiction"] = ["You do not speak for this jurisdiction."] }),
        _ => NotFound(),
    };

    private static ContentResult NotFound() =>
        Responses.Problem(StatusCodes.Status404NotFound, "No such event", null, new Dictionary<string, string[]> { ["id"] = ["No published event has this id."] });

    private static ContentResult MalformedId() =>
        Responses.Problem(StatusCodes.Status400BadRequest, "Malformed event id", null, new Dictionary<string, string[]> { ["id"] = ["Not an event id."] });

    /// <summary>The publish form of <c>/my</c>: one slot (start, end) and the weekly shorthand; lists as repeated fields.</summary>
    public static EventForm FromForm(IReadOnlyDictionary<string, StringValues> form) => Fill(new EventForm(), form);

    /// <summary>Sets an event form's fields (or a suggestion's) from a posted form.</summary>
    public static T Fill<T>(T target, IReadOnlyDictionary<string, StringValues> form)
        where T : EventForm
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(form);
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        IReadOnlyList<string> List(string name) => form.TryGetValue(name, out var v) ? [.. v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!)] : [];
        target.Jurisdiction = Field("jurisdiction");
        target.Title = Field("title");
        target.Description = Field("description");
        target.Format = Field("format");
        target.Attendance = Field("attendance");
        target.Audiences = List("audiences");
        target.Themes = List("themes");
        target.Priorities = [.. (Field("priorities") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        target.OrganizerName = Field("organizerName");
        target.Url = Field("url");
        target.Location = Field("location");
        target.Accessibility = List("accessibility");
        target.TimeZone = Field("timeZone");
        target.Slots = [new SlotForm { Start = Field("start"), End = Field("end") }];
        target.WeeklyFor = int.TryParse(Field("weeklyFor"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weeks) ? weeks : null;
        return target;
    }
}
