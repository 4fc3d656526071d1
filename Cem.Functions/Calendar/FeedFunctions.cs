using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Telemetry;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Calendar;

/// <summary>
/// The iCalendar feeds: the whole calendar, a state's, one event's; <c>?theme=&amp;audience=&amp;format=</c> narrow the
/// first two. Same bytes while nothing changed: a strong ETag from the rows read, and 304 to a client that has them,
/// answered before (instead of) building the feed.
/// </summary>
public sealed class FeedFunctions(EventQueries queries, EventService events, EditionStore editions, IOptions<CemOptions> site, CemMetrics metrics)
{
    [Function(nameof(CalendarFeed))]
    public async Task<IActionResult> CalendarFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar.ics")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await FeedAsync(request, null, cancellationToken);

    [Function(nameof(StateCalendarFeed))]
    public async Task<IActionResult> StateCalendarFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/calendar.ics")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        code = code.ToUpperInvariant();
        return code == "US" || Jurisdiction.TryFind(code, out _)
            ? await FeedAsync(request, code, cancellationToken)
            : Responses.Problem(StatusCodes.Status404NotFound, "No such jurisdiction", null, new Dictionary<string, string[]> { ["code"] = ["Not a jurisdiction's code."] });
    }

    [Function(nameof(EventFeed))]
    public async Task<IActionResult> EventFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}.ics")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var found = EventId.TryParse(id, out var eventId) ? await events.FindPublicAsync(eventId, cancellationToken) : null;
        if (found is null)
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such event", null, new Dictionary<string, string[]> { ["id"] = ["No published event has this id."] });
        }

        return Ics(request, found.Title, [found], site.Value, metrics, found.Id + ".ics");
    }

    private async Task<IActionResult> FeedAsync(HttpRequest request, string? code, CancellationToken cancellationToken)
    {
        var parsed = EventFilter.Parse(name => name is "theme" or "audience" or "format" ? request.Query[name].ToString() : null);
        if (!parsed.IsValid)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "The filter has errors", "Correct the parameters listed in 'errors'.", parsed.Errors.ToDictionary());
        }

        var filter = parsed.Value! with { State = code };
        var edition = await editions.CurrentAsync(cancellationToken);
        var place = code is null ? null : code == "US" ? "National events" : Jurisdiction.Find(code).Name;
        var name = Core.Calendar.EventFeed.NameOf(edition.Year, place, filter);
        return Ics(request, name, await queries.AllAsync(filter, cancellationToken), site.Value, metrics, code is null ? "cem-calendar.ics" : $"cem-{code.ToLowerInvariant()}-calendar.ics");
    }

    /// <summary>304 when the client has the ETag of these events; only otherwise builds the feed.</summary>
    public static IActionResult Ics(HttpRequest request, string name, IReadOnlyList<Core.Calendar.CalendarEvent> events, CemOptions site, CemMetrics metrics, string fileName)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Responses.NotModified(request, Core.Calendar.EventFeed.ETagOf(name, events, site), "public, max-age=900"))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        var feed = Core.Calendar.EventFeed.Build(name, events, site, metrics);
        request.HttpContext.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return new FileContentResult(feed.Content, "text/calendar; charset=utf-8");
    }
}
