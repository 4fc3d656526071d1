using System.Globalization;
using System.Text;
using Cem.Core.Jurisdictions;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Microsoft.Extensions.Options;

namespace Cem.Core.Metrics;

/// <summary>One day of a trend: the day's count per kind.</summary>
public sealed record TrendDay(DateOnly Date, IReadOnlyDictionary<string, long> Counts);

/// <summary>What is public about a jurisdiction's participation: figures only, no personal data.</summary>
public sealed record StateReport(
    Jurisdiction Jurisdiction,
    string Status,
    string RecognitionLevel,
    StateFigures Figures,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<TrendDay> Trend)
{
    /// <summary>The public status of a jurisdiction with no approved sign-up, whatever its sign-ups' state.</summary>
    public const string NotListed = "not-listed";

    public long Comments => Figures[ParticipationKinds.CommentApproved];
    public long PressKits => Figures[ParticipationKinds.PressKitCompiled];
    public long EventsPublished => Figures.EventsPublished;

    /// <summary>What the public may see: approved participation only; pending and rejected sign-ups stay on staff pages.</summary>
    public StateReport Public() => this with
    {
        Status = Figures[ParticipationKinds.Approved] > 0 ? SignupStatus.Approved : NotListed,
        Figures = Figures.Public(),
        Trend = [.. Trend.Select(d => d with { Counts = StateFigures.PublicCounts(d.Counts) })],
    };
}

/// <summary>A participating state on the public list, with its recognition level.</summary>
public sealed record RecognizedState(ParticipatingState State, string RecognitionLevel);

/// <summary>Reads the figures the rollup wrote: a state's report, every jurisdiction, the CSV export.</summary>
public sealed class MetricsReports(StateMetricsStore store, SignupService signups, IOptions<MetricsOptions> options, TimeProvider time)
{
    /// <summary>Columns of the CSV and the dashboard for the known kinds; kinds added later follow as extra columns.</summary>
    public static IReadOnlyList<string> Kinds => ParticipationKinds.Known;

    /// <summary>A jurisdiction's public report (<see cref="StateReport.Public"/>): its page, its JSON, its contact's page.</summary>
    public async Task<StateReport> StateAsync(Jurisdiction jurisdiction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        var row = await store.FindStateAsync(jurisdiction.Code, cancellationToken);
        var figures = row?.Figures() ?? new StateFigures();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - options.Value.TrendDays);
        var days = (await store.DaysAsync(jurisdiction.Code, first.ToString("yyyyMMdd", CultureInfo.InvariantCulture), cancellationToken))
            .ToDictionary(d => d.RowKey, d => StateFigures.From(d.Counts, null).Counts, StringComparer.Ordinal);
        var trend = new List<TrendDay>();
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            trend.Add(new TrendDay(day, days.GetValueOrDefault(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)) ?? new Dictionary<string, long>()));
        }

        return new StateReport(jurisdiction, figures.InferredStatus, row?.RecognitionLevel ?? RecognitionLevels.None, figures, row?.UpdatedAt, trend).Public();
    }

    /// <summary>Every jurisdiction with figures, by name, and the national row.</summary>
    public async Task<(IReadOnlyList<StateReport> States, StateFigures National, DateTimeOffset? UpdatedAt)> AllAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ReadCurrentAsync(cancellationToken);
        var states = rows.Values
            .Where(r => Jurisdiction.TryFind(r.RowKey, out _))
            .Select(r => new StateReport(Jurisdiction.Find(r.RowKey), r.Status, r.RecognitionLevel, r.Figures(), r.UpdatedAt, []))
            .OrderBy(s => s.Jurisdiction.Name, StringComparer.Ordinal)
            .ToList();
        var national = rows.GetValueOrDefault(StateMetricsStore.National);
        return (states, national?.Figures() ?? new StateFigures(), national?.UpdatedAt);
    }

    /// <summary>The public list of participating states, each with its recognition level.</summary>
    public async Task<IReadOnlyList<RecognizedState>> ParticipatingStatesAsync(CancellationToken cancellationToken)
    {
        var states = await signups.ParticipatingStatesAsync(cancellationToken);
        var rows = await store.ReadCurrentAsync(cancellationToken);
        return states
            .Select(s => new RecognizedState(s, rows.TryGetValue(s.Code, out var row) && row.RecognitionLevel is { Length: > 0 } level ? level : RecognitionLevels.Participant))
            .ToList();
    }

    /// <summary>
    /// Every jurisdiction with figures and a national row, as CSV (RFC 4180). A cell that a spreadsheet would
    /// read as a formula (starting with = + - @, tab or carriage return) is prefixed with an apostrophe.
    /// </summary>
    public async Task<string> CsvAsync(CancellationToken cancellationToken)
    {
        var (states, national, updatedAt) = await AllAsync(cancellationToken);
        var kinds = Kinds.Concat(states.SelectMany(s => s.Figures.Counts.Keys).Concat(national.Counts.Keys).Where(k => !Kinds.Contains(k)).Distinct().Order(StringComparer.Ordinal)).ToList();
        var csv = new StringBuilder();
        void Line(IEnumerable<string> cells) => csv.Append(string.Join(',', cells.Select(CsvCell))).Append("\r\n");

        Line(["code", "name", "status", "recognitionLevel", .. kinds, "eventsPublished", "activities", "updatedAt"]);
        foreach (var state in states)
        {
            Line([state.Jurisdiction.Code, state.Jurisdiction.Name, state.Status, state.RecognitionLevel, .. kinds.Select(k => Number(state.Figures[k])), Number(state.Figures.EventsPublished), string.Join(' ', state.Figures.Activities), Time(state.UpdatedAt)]);
        }

        Line(["national", "All jurisdictions", "", "", .. kinds.Select(k => Number(national[k])), Number(national.EventsPublished), "", Time(updatedAt)]);
        return csv.ToString();
    }

    public static string CsvCell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
