using System.Text.Json;
using Cem.Core.Participation;
using Cem.Core.Signups;

namespace Cem.Core.Metrics;

/// <summary>
/// What a jurisdiction (or the nation, or one day) adds up to: a count per log kind and the activities its
/// approved sign-ups chose. Counts are keyed by kind, so a new kind is counted without a schema change.
/// </summary>
public sealed class StateFigures
{
    private readonly SortedDictionary<string, long> counts = new(StringComparer.Ordinal);

    public SortedSet<string> Activities { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => counts;

    public long this[string kind] => counts.GetValueOrDefault(kind);

    /// <summary>Every log entry counts once under its kind; an approval also adds the activities chosen.</summary>
    public void Apply(ParticipationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        counts[entry.Kind] = this[entry.Kind] + 1;
        if (entry.Kind == ParticipationKinds.Approved && entry.Activities is { Length: > 0 } activities)
        {
            Activities.UnionWith(activities.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    public void Add(StateFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (kind, count) in other.counts)
        {
            counts[kind] = this[kind] + count;
        }
    }

    /// <summary>
    /// Where the jurisdiction's sign-ups stand, inferred from the counts, best first: approved, awaiting approval,
    /// pending confirmation, rejected. An inference: the sign-ups themselves are the truth.
    /// </summary>
    public string InferredStatus =>
        this[ParticipationKinds.Approved] > 0 ? SignupStatus.Approved
        : this[ParticipationKinds.AddressConfirmed] > this[ParticipationKinds.Approved] + this[ParticipationKinds.Rejected] ? SignupStatus.AwaitingApproval
        : this[ParticipationKinds.SignedUp] > this[ParticipationKinds.AddressConfirmed] ? SignupStatus.PendingConfirmation
        : this[ParticipationKinds.Rejected] > 0 ? SignupStatus.Rejected
        : "not-signed-up";

    public long Total => counts.Values.Sum();

    /// <summary>
    /// Events on the calendar now: published minus cancelled. The log holds each kind at most once per event id
    /// (<see cref="ParticipationLog.RecordOnceAsync"/>), so a re-logged publish or cancel changes nothing; a cancel
    /// whose publish was never logged cannot take the figure below zero.
    /// </summary>
    public long EventsPublished => Math.Max(0, this[ParticipationKinds.EventAdded] - this[ParticipationKinds.EventCancelled]);

    /// <summary>Districts in the state's program now: joined minus left, each logged once per round of joining.</summary>
    public long Districts => Math.Max(0, this[ParticipationKinds.DistrictJoined] - this[ParticipationKinds.DistrictLeft]);

    /// <summary>
    /// The kinds that describe approved participation, the only ones public figures show. Sign-ups before approval,
    /// rejections and comments before moderation are for staff: they say who tried and failed.
    /// </summary>
    public static IReadOnlyList<string> PublicKinds { get; } =
    [
        ParticipationKinds.Approved, ParticipationKinds.CommentApproved, ParticipationKinds.VoteCast,
        ParticipationKinds.PressKitCompiled, ParticipationKinds.PressKitDownloaded, ParticipationKinds.EventAdded,
        ParticipationKinds.EventCancelled, // public anyway: a cancelled event stays on the calendar, marked cancelled
        ParticipationKinds.ProgramPublished, ParticipationKinds.DistrictJoined, ParticipationKinds.DistrictLeft, ParticipationKinds.DistrictEventAdded,
    ];

    /// <summary>These figures with the <see cref="PublicKinds"/> only.</summary>
    public StateFigures Public()
    {
        var figures = new StateFigures();
        foreach (var kind in PublicKinds.Where(counts.ContainsKey))
        {
            figures.counts[kind] = counts[kind];
        }

        figures.Activities.UnionWith(Activities);
        return figures;
    }

    /// <summary>A day's or a state's counts with the <see cref="PublicKinds"/> only.</summary>
    public static IReadOnlyDictionary<string, long> PublicCounts(IReadOnlyDictionary<string, long> counts) =>
        counts.Where(kv => PublicKinds.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);

    public string CountsJson() => JsonSerializer.Serialize(counts);

    public static StateFigures From(string? countsJson, string? activities)
    {
        var figures = new StateFigures();
        if (!string.IsNullOrEmpty(countsJson))
        {
            foreach (var (kind, count) in JsonSerializer.Deserialize<Dictionary<string, long>>(countsJson) ?? [])
            {
                figures.counts[kind] = count;
            }
        }

        if (!string.IsNullOrEmpty(activities))
        {
            figures.Activities.UnionWith(activities.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        return figures;
    }
}
