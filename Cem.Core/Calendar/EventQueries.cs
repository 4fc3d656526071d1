using System.Globalization;
using System.Text.RegularExpressions;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Text;

namespace Cem.Core.Calendar;

/// <summary>Which public events a list or feed shows. Every field is optional; values are keys (lowercase) or codes.</summary>
public sealed record EventFilter(
    string? State = null, string? Theme = null, string? Audience = null, string? Format = null, string? Attendance = null,
    DateOnly? From = null, DateOnly? To = null, DateTimeOffset? UpdatedSince = null)
{
    /// <summary>Reads a filter from query parameters; each bad value is an error naming its parameter.</summary>
    public static Validated<EventFilter> Parse(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var state = Value(query("state"))?.ToUpperInvariant();
        if (state is not null && state != "US" && !Jurisdiction.TryFind(state, out _))
        {
            errors.Add("state", "Not a jurisdiction code (or US for national events).");
        }

        var theme = Value(query("theme"))?.ToLowerInvariant();
        if (theme is not null && (theme.Length > 100 || Edition.Slug(theme) != theme))
        {
            errors.Add("theme", "A theme is given by its key, like digital-citizenship.");
        }

        var audience = Key(errors, "audience", query("audience"), EventCatalog.Audiences);
        var format = Key(errors, "format", query("format"), EventCatalog.Formats);
        var attendance = Key(errors, "attendance", query("attendance"), EventCatalog.Attendance);
        var from = Date(errors, "from", query("from"));
        var to = Date(errors, "to", query("to"));
        DateTimeOffset? updatedSince = null;
        if (Value(query("updatedSince")) is { } since)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && since.Length <= 40)
            {
                updatedSince = parsed;
            }
            else
            {
                errors.Add("updatedSince", "Give a date and time like 2026-10-05T12:00:00Z.");
            }
        }

        return errors.IsEmpty
            ? Validated.Ok(new EventFilter(state, theme, audience, format, attendance, from, to, updatedSince))
            : Validated.Invalid<EventFilter>(errors);
    }

    public bool Matches(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (State is null || e.Jurisdiction == State)
            && (Theme is null || e.ThemeList.Any(t => Edition.Slug(t) == Theme))
            && (Audience is null || e.AudienceList.Contains(Audience, StringComparer.Ordinal))
            && (Format is null || e.Format == Format)
            && (Attendance is null || e.Attendance == Attendance)
            && (UpdatedSince is null || e.UpdatedAt > UpdatedSince)
            && (From is null && To is null || e.SlotList.Any(s =>
                (From is null || new DateOnly(s.End.Year, s.End.Month, s.End.Day) >= From)
                && (To is null || new DateOnly(s.Start.Year, s.Start.Month, s.Start.Day) <= To)));
    }

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Key(ValidationErrors errors, string field, string? text, IReadOnlyDictionary<string, string> allowed)
    {
        var key = Value(text)?.ToLowerInvariant();
        if (key is not null && !allowed.ContainsKey(key))
        {
            errors.Add(field, $"One of: {string.Join(", ", allowed.Keys)}.");
            return null;
        }

        return key;
    }

    private static DateOnly? Date(ValidationErrors errors, string field, string? text)
    {
        if (Value(text) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Give a date like 2026-10-05.");
        return null;
    }
}

/// <summary>A page of events and where the next one starts (null at the end).</summary>
public sealed record EventPage(IReadOnlyList<CalendarEvent> Events, string? Continuation);

/// <summary>
/// The public events: published and cancelled ones of the current edition (and of the last one until it is archived),
/// in order of their first slot. Nothing pending, rejected or spam is ever read into a result.
/// </summary>
public sealed partial class EventQueries(EventStore store, EditionStore editions, TimeProvider time)
{
    public const int PageSize = 100;

    /// <summary>Every public event the filter matches, in order (feeds: no cap).</summary>
    public async Task<IReadOnlyList<CalendarEvent>> AllAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var events = new List<CalendarEvent>();
        foreach (var year in await YearsAsync(cancellationToken))
        {
            events.AddRange(filter.State is { } code
                ? await store.PartitionAsync(year, code, cancellationToken)
                : await store.EditionAsync(year, cancellationToken));
        }

        return [.. events.Where(e => EventStatuses.IsPublic(e.Status) && filter.Matches(e)).OrderBy(SortKey, StringComparer.Ordinal)];
    }

    /// <summary>One page of the events after <paramref name="continuation"/>; null when the continuation is not one of ours.</summary>
    public async Task<EventPage?> PageAsync(EventFilter filter, string? continuation, CancellationToken cancellationToken)
    {
        if (continuation is not null && !ContinuationPattern().IsMatch(continuation))
        {
            return null;
        }

        var after = (await AllAsync(filter, cancellationToken))
            .Where(e => continuation is null || string.CompareOrdinal(SortKey(e), continuation) > 0)
            .ToList();
        var page = after.Take(PageSize).ToList();
        return new EventPage(page, after.Count > PageSize ? SortKey(page[^1]) : null);
    }

    private async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await editions.CurrentAtAsync(now, cancellationToken);
        var last = await editions.GetAsync(current.Year - 1, cancellationToken);
        return last.PhaseAt(now) == EditionPhases.Archived ? [current.Year] : [last.Year, current.Year];
    }

    /// <summary>First start (UTC, to the minute) then id: a stable order in which pages can resume.</summary>
    public static string SortKey(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.FirstStartUtc.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + "-" + e.Id;
    }

    [GeneratedRegex("^[0-9]{12}-[0-9]{4}-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}$")]
    private static partial Regex ContinuationPattern();
}
