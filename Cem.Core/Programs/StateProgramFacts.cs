using System.Globalization;
using Cem.Core.Calendar;
using Cem.Core.PressKits;
using Microsoft.Extensions.Options;

namespace Cem.Core.Programs;

/// <summary>
/// What a state's press kit and flyer say of its published program: the page, the approved districts and the headline
/// events (the first few upcoming ones, recommended or the state's own, soonest first). Press kits ask through
/// <see cref="IProgramFacts"/>, since they sit below Programs.
/// </summary>
public sealed class StateProgramFacts(ProgramService programs, PublishedProgramIndex index, DistrictJoins districts, EventService events, EventQueries queries, IOptions<CemOptions> site, TimeProvider time)
    : IProgramFacts
{
    /// <summary>How many events a kit or a flyer names: enough to show what is on, few enough for one page.</summary>
    public const int HeadlineCount = 3;

    /// <summary>
    /// Kits compiled at the same time share one read of the edition's <see cref="PublishedProgramIndex"/> (one point
    /// read while it is unchanged); only a state in it has its program read. Both reads follow the request, so a kit
    /// requested by a publish sees that publish.
    /// </summary>
    public async Task<ProgramFacts> ForAsync(int year, string code, CancellationToken cancellationToken) =>
        (await index.StatesAsync(year, cancellationToken)).Contains(code)
        && await programs.FindAsync(year, code, cancellationToken) is { Published: true } program
            ? await ForAsync(program, cancellationToken)
            : ProgramFacts.None;

    /// <summary>The facts of a published program already read.</summary>
    public async Task<ProgramFacts> ForAsync(StateProgram program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        var approved = districts.ApprovedAsync(program, cancellationToken);
        var own = queries.AllAsync(new EventFilter(State: program.Code), cancellationToken);
        var recommended = await Task.WhenAll(program.ItemList.Select(item => EventId.TryParse(item.EventId, out var id)
            ? events.FindPublicAsync(id, cancellationToken)
            : Task.FromResult<CalendarEvent?>(null)));

        var now = time.GetUtcNow();
        var headlines = recommended.OfType<CalendarEvent>().Concat(await own)
            .Where(e => !e.IsCancelled)
            .DistinctBy(e => e.Id.ToString())
            .Select(e => (Event: e, Next: e.NextStart(now)))
            .Where(e => e.Next is not null)
            .OrderBy(e => e.Next!.Value)
            .ThenBy(e => e.Event.Id.ToString(), StringComparer.Ordinal)
            .Take(HeadlineCount)
            // The date where the event happens (the instant carries its zone's offset), as people say it: "October 6".
            .Select(e => new HeadlineEvent(e.Event.Title, e.Next!.Value.ToString("MMMM d", CultureInfo.InvariantCulture)))
            .ToList();
        return new ProgramFacts(site.Value.Link($"/states/{program.Code}/cem"), (await approved).Count, headlines);
    }
}
