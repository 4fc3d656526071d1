using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Calendar;

/// <summary>The calendar's pages: the list with filters and subscribe links, an event, and the list other sites frame.</summary>
public sealed class CalendarPageFunctions(EventQueries queries, EventService events, EditionStore editions, IOptions<CemOptions> site)
{
    [Function(nameof(CalendarPage))]
    public async Task<IActionResult> CalendarPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parsed = EventFilter.Parse(name => name is "state" or "theme" or "audience" or "format" or "attendance" ? request.Query[name].ToString() : null);
        if (!parsed.IsValid)
        {
            return Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("That filter is not one we know", "Go back to the calendar and choose from the lists."));
        }

        var filter = parsed.Value!;
        var edition = await editions.CurrentAsync(cancellationToken);
        var found = await queries.AllAsync(filter, cancellationToken);
        var feed = filter.State is null ? "/calendar.ics" : $"/states/{filter.State}/calendar.ics";
        var query = string.Join("&", new[] { ("theme", filter.Theme), ("audience", filter.Audience), ("format", filter.Format) }
            .Where(p => p.Item2 is not null).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
        return Responses.Html(StatusCodes.Status200OK, Calendar.CalendarPage.Render(
            [.. found.Select(e => EventView.Of(e, site.Value))], filter, edition.Themes, edition.Year,
            site.Value.Link(feed + (query.Length > 0 ? "?" + query : "")).AbsoluteUri, site.Value.Link("/calendar")));
    }

    [Function(nameof(EventPage))]
    public async Task<IActionResult> EventPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var found = EventId.TryParse(id, out var eventId) ? await events.FindPublicAsync(eventId, cancellationToken) : null;
        if (found is null)
        {
            return Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("No such event", "This event is not on the CEM calendar. See the calendar for what is."));
        }

        return Responses.Html(StatusCodes.Status200OK, Calendar.EventPage.Render(EventView.Of(found, site.Value), EventDescription.ToHtml(found.Description), EventJsonLd.Of(found, site.Value)));
    }

    /// <summary>
    /// The one page other sites may frame (<see cref="Http.SecurityHeaders"/> allows framing under <c>/embed/</c> only):
    /// a state's (or the whole) list, without the site's navigation.
    /// </summary>
    [Function(nameof(EmbedCalendar))]
    public async Task<IActionResult> EmbedCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "embed/calendar")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var code = request.Query["state"].ToString().Trim().ToUpperInvariant();
        if (code.Length > 0 && code != "US" && !Jurisdiction.TryFind(code, out _))
        {
            return Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("No such state", "Give a state's two-letter code, like ?state=OH."));
        }

        var filter = new EventFilter(State: code.Length == 0 ? null : code);
        var edition = await editions.CurrentAsync(cancellationToken);
        var heading = $"CEM {edition.Year} events" + (code.Length == 0 ? "" : code == "US" ? ": national" : ": " + Jurisdiction.Find(code).Name);
        var found = await queries.AllAsync(filter, cancellationToken);
        return Responses.Html(StatusCodes.Status200OK, EmbedPage.Render(heading, [.. found.Select(e => EventView.Of(e, site.Value))], site.Value.Link("/calendar").AbsoluteUri));
    }
}
