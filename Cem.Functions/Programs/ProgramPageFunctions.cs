using System.Text.Encodings.Web;
using System.Text.Json;
using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Jurisdictions;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Functions.Calendar;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Programs;

/// <summary>Everything the public page, the embed and the feed show of a published program.</summary>
public sealed record ProgramView(
    StateProgram Program, string StateName, string IntroHtml, IReadOnlyList<(EventView Event, string Note)> Recommended,
    IReadOnlyList<EventView> StateEvents, IReadOnlyList<ProgramPage.DistrictView> Districts,
    string PageUrl, string FeedUrl, string EmbedUrl, MarkupString JsonLd, IReadOnlyList<Core.Calendar.CalendarEvent> FeedEvents);

/// <summary>A state's program as pages: the editor (<c>/my/program</c>), the public page, its feed and its embed.</summary>
public sealed class ProgramPageFunctions(ProgramService programs, DistrictJoins districts, EventService events, EventQueries queries, EventSuggestions suggestions, SessionStore sessions, IOptions<CemOptions> site, Core.Awards.StateSubjects subjects, Core.Telemetry.CemMetrics metrics)
{
    private static readonly JsonSerializerOptions ScriptSafeJson = new() { Encoder = JavaScriptEncoder.Default };

    [Function(nameof(MyProgramPage))]
    public async Task<IActionResult> MyProgramPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "my/program")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (user, denied) = await SessionRequests.RequireAsync(request, sessions, u => u.States.Count > 0, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var asked = request.Query["state"].ToString();
        var code = asked.Length == 0 ? user!.States[0] : ProgramFunctions.Code(asked);
        if (code is null || !user!.IsContactOf(code))
        {
            return Responses.Html(StatusCodes.Status403Forbidden, MessagePage.Render("Not your state", "You can write the program of a state you are the contact of. Go back to your state's page."));
        }

        var program = await programs.FindAsync(code, cancellationToken);
        var own = await queries.AllAsync(new EventFilter(State: code), cancellationToken);
        var notice = request.Query.ContainsKey("saved") ? "The program is saved."
            : request.Query.ContainsKey("published") ? "The program is published."
            : request.Query.ContainsKey("unpublished") ? "The program is taken down: it is no longer public."
            : request.Query["district"] == "approved" ? "The district is approved."
            : request.Query["district"] == "declined" ? "The district is declined."
            : request.Query["district"] == "removed" ? "The district is removed from the program; your state's contacts are told."
            : null;
        return Responses.Html(StatusCodes.Status200OK, ProgramEditorPage.Render(code, Jurisdiction.Find(code).Name, program,
            [.. own.Where(e => !e.IsCancelled).Select(e => (e.Id.ToString(), e.Title))], program is null ? [] : await districts.OfAsync(program, cancellationToken), notice,
            [.. (await suggestions.PendingAsync(cancellationToken)).Where(s => s.Jurisdiction == code && s.DistrictLeaId.Length > 0)]));
    }

    [Function(nameof(StateProgramPage))]
    public async Task<IActionResult> StateProgramPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/cem")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var view = await ViewAsync(code, cancellationToken);

        // The address is its badges' subject id: a listed state without a program still has a page here.
        return view is not null ? Responses.Html(StatusCodes.Status200OK, ProgramPage.Render(view, await subjects.BadgesOfAsync(code, cancellationToken)))
            : await subjects.FindListedAsync(code, cancellationToken) is { } listed ? Responses.Html(StatusCodes.Status200OK, Awards.StateCemPage.Render(listed, site.Value))
            : Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("No program here", "This state has not published a CEM program. See the CEM calendar for its events."));
    }

    [Function(nameof(EmbedStateProgram))]
    public async Task<IActionResult> EmbedStateProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "embed/states/{code}")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var view = await ViewAsync(code, cancellationToken);
        return view is null
            ? Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("No program here", "This state has not published a CEM program."))
            : Responses.Html(StatusCodes.Status200OK, ProgramEmbedPage.Render(view));
    }

    /// <summary>The state's own events and the events its program recommends, as one feed built by the calendar's rules.</summary>
    [Function(nameof(StateProgramFeed))]
    public async Task<IActionResult> StateProgramFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/cem.ics")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        var view = await ViewAsync(code, cancellationToken);
        if (view is null)
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No program published", null, new Dictionary<string, string[]> { ["code"] = ["This state has not published a CEM program."] });
        }

        return FeedFunctions.Ics(request, view.Program.Title, view.FeedEvents, site.Value, metrics, $"cem-{view.Program.Code.ToLowerInvariant()}-program.ics");
    }

    /// <summary>An approved district's feed: its state's program feed under the district's name.</summary>
    [Function(nameof(DistrictFeed))]
    public async Task<IActionResult> DistrictFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/districts/{leaId}/cem.ics")] HttpRequest request,
        string code,
        string leaId,
        CancellationToken cancellationToken)
    {
        var view = await ViewAsync(code, cancellationToken);
        var district = view?.Districts.FirstOrDefault(d => d.LeaId == leaId);
        if (view is null || district is null)
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "No such district", null,
                new Dictionary<string, string[]> { ["leaId"] = ["No approved district of this state's published program has this LEA ID."] });
        }

        return FeedFunctions.Ics(request, $"{district.Name} · {view.Program.Title}", view.FeedEvents, site.Value, metrics, $"cem-{view.Program.Code.ToLowerInvariant()}-{district.LeaId}.ics");
    }

    private async Task<ProgramView?> ViewAsync(string code, CancellationToken cancellationToken)
    {
        if (ProgramFunctions.Code(code) is not { } state || await programs.PublishedAsync(state, cancellationToken) is not { } program)
        {
            return null;
        }

        var recommended = new List<(Core.Calendar.CalendarEvent Event, string Note)>();
        foreach (var item in program.ItemList)
        {
            if (EventId.TryParse(item.EventId, out var id) && await events.FindPublicAsync(id, cancellationToken) is { } found)
            {
                recommended.Add((found, item.Note));
            }
        }

        var own = await queries.AllAsync(new EventFilter(State: state), cancellationToken);
        var all = recommended.Select(r => r.Event).Concat(own).DistinctBy(e => e.Id.ToString()).OrderBy(EventQueries.SortKey, StringComparer.Ordinal).ToList();
        var name = Jurisdiction.Find(state).Name;
        var pageUrl = site.Value.Link($"/states/{state}/cem").AbsoluteUri;
        var ld = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "EventSeries",
            ["name"] = program.Title,
            ["description"] = program.Intro.Length == 0 ? program.Title : program.Intro,
            ["url"] = pageUrl,
            ["organizer"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = name },
            ["subEvent"] = all.Select(e => JsonSerializer.Deserialize<JsonElement>(EventJsonLd.Of(e, site.Value).Value)).ToList(),
        };
        return new ProgramView(
            program, name, EventDescription.ToHtml(program.Intro),
            [.. recommended.Select(r => (EventView.Of(r.Event, site.Value), r.Note))],
            [.. own.Select(e => EventView.Of(e, site.Value))],
            [.. (await districts.ApprovedAsync(program, cancellationToken)).Select(d => new ProgramPage.DistrictView(d.Name, d.LeaId))],
            pageUrl,
            site.Value.Link($"/states/{state}/cem.ics").AbsoluteUri,
            site.Value.Link($"/embed/states/{state}").AbsoluteUri,
            new MarkupString(JsonSerializer.Serialize(ld, ScriptSafeJson)),
            all);
    }
}
