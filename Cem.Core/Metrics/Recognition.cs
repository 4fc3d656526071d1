using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cem.Core.Editions;
using Cem.Core.Participation;

namespace Cem.Core.Metrics;

public static class RecognitionLevels
{
    public const string None = "none";
    public const string Participant = "participant";
    public const string Connected = "connected";
    public const string Champion = "champion";

    /// <summary>The levels a state can reach, lowest first: each includes the ones before it.</summary>
    public static IReadOnlyList<string> Ordered { get; } = [Participant, Connected, Champion];

    public static string Describe(string? level) => level switch
    {
        Participant => "Participant",
        Connected => "Connected",
        Champion => "Champion",
        _ => "Not yet recognized",
    };
}

/// <summary>
/// Settings of the recognition rules (section <c>Cem:Metrics:Recognition</c>): the thresholds of an edition that does
/// not set its own (<see cref="Edition.Recognition"/>).
/// </summary>
public sealed class RecognitionOptions
{
    /// <summary>Events on the CEM calendar (published and not cancelled, its districts' included) a Champion needs.</summary>
    [Range(1, 1000)]
    public int ChampionEvents { get; set; } = 3;

    /// <summary>Districts in its program (joined and approved, not left) a Champion needs.</summary>
    [Range(1, 1000)]
    public int ChampionDistricts { get; set; } = 2;

    public RecognitionThresholds Defaults => new(ChampionEvents, ChampionDistricts);

    /// <summary>The thresholds of <paramref name="edition"/>: its own, or these defaults.</summary>
    public RecognitionThresholds Of(Edition edition)
    {
        ArgumentNullException.ThrowIfNull(edition);
        return edition.Recognition ?? Defaults;
    }
}

/// <summary>
/// A fact about a state that recognition reads from its rolled-up figures: a yes-or-no fact (counted as 0 or more)
/// or a count. Only public kinds are read, so a state's public figures give the same levels as its full ones.
/// </summary>
public sealed record RecognitionMeasure(string Name, bool YesOrNo, Func<StateFigures, long> Read)
{
    public static RecognitionMeasure SignupApproved { get; } = new("Sign-up approved by CEM staff", true, f => f[ParticipationKinds.Approved]);

    public static RecognitionMeasure PressKit { get; } = new("Press kit prepared", true, f => f[ParticipationKinds.PressKitCompiled]);

    public static RecognitionMeasure Events { get; } = new("Events on the CEM calendar", false, f => f.EventsPublished);

    public static RecognitionMeasure ProgramPublished { get; } = new("Own CEM program published", true, f => f[ParticipationKinds.ProgramPublished]);

    public static RecognitionMeasure Districts { get; } = new("Districts in the program", false, f => f.Districts);

    /// <summary>Every measure, in the order the criteria first use them.</summary>
    public static IReadOnlyList<RecognitionMeasure> All { get; } = [SignupApproved, PressKit, Events, ProgramPublished, Districts];
}

/// <summary>
/// One criterion of a level: a measure that must reach <paramref name="Needed"/>, and the words that say so
/// (<paramref name="Requirement"/>, a phrase such as "at least 2 districts in the state's program").
/// </summary>
public sealed record RecognitionCriterion(string Level, RecognitionMeasure Measure, long Needed, string Requirement)
{
    public CriterionProgress ProgressOf(StateFigures figures) => new(this, Measure.Read(figures));
}

/// <summary>Where a state stands on one criterion.</summary>
public sealed record CriterionProgress(RecognitionCriterion Criterion, long Count)
{
    public bool Met => Count >= Criterion.Needed;

    /// <summary>"yes" / "not yet" for a yes-or-no criterion; "1 of 2" for a count ("5 (3 needed)" beyond it).</summary>
    public string Text => Criterion.Measure.YesOrNo ? (Met ? "yes" : "not yet")
        : Count > Criterion.Needed ? string.Create(CultureInfo.InvariantCulture, $"{Count} ({Criterion.Needed} needed)")
        : string.Create(CultureInfo.InvariantCulture, $"{Count} of {Criterion.Needed}");

    /// <summary>What is missing, as a sentence.</summary>
    public string StillNeeded => Recognition.Sentence(Criterion.Requirement)
        + (Criterion.Measure.YesOrNo ? "." : string.Create(CultureInfo.InvariantCulture, $": {Count} so far."));
}

/// <summary>Where a state stands on one level's own criteria (a level is reached when its and every lower level's are met).</summary>
public sealed record LevelProgress(string Level, IReadOnlyList<CriterionProgress> Criteria)
{
    public bool Met => Criteria.All(c => c.Met);
}

/// <summary>
/// The recognition levels, computed by the rollup from a jurisdiction's figures, each including the one below it.
/// <see cref="Criteria"/> is the one list of rules: the level (<see cref="LevelOf"/>), what is still needed, the
/// progress a state contact sees, the public criteria and a badge's criteria narrative all come from it.
/// <list type="bullet">
/// <item><b>Participant</b>: a sign-up approved by CEM staff.</item>
/// <item><b>Connected</b>: also a press kit, and at least one event on the calendar.</item>
/// <item><b>Champion</b>: also its own CEM program published, at least <see cref="RecognitionThresholds.ChampionDistricts"/>
/// districts in it (<see cref="StateFigures.Districts"/>), and at least <see cref="RecognitionThresholds.ChampionEvents"/>
/// events on the calendar, its districts' included (they are events of the state).</item>
/// </list>
/// The thresholds are the edition's (<see cref="RecognitionOptions.Of"/>). An event counts while it is on the calendar
/// (<see cref="StateFigures.EventsPublished"/>: a cancelled event stops counting), a district while it is in the
/// program. The rollup levels every state with the current edition's thresholds, and again whenever they change.
/// </summary>
public static class Recognition
{
    public static IReadOnlyList<RecognitionCriterion> Criteria(RecognitionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return
        [
            new(RecognitionLevels.Participant, RecognitionMeasure.SignupApproved, 1, "a sign-up confirmed by the state's contact and approved by CEM staff"),
            new(RecognitionLevels.Connected, RecognitionMeasure.PressKit, 1, "a press kit prepared for the state"),
            new(RecognitionLevels.Connected, RecognitionMeasure.Events, 1, "at least 1 event on the CEM calendar, published and not cancelled"),
            new(RecognitionLevels.Champion, RecognitionMeasure.ProgramPublished, 1, "the state's own CEM program published"),
            new(RecognitionLevels.Champion, RecognitionMeasure.Districts, thresholds.ChampionDistricts,
                $"at least {Plural(thresholds.ChampionDistricts, "district")} in the state's program, each approved by the state"),
            new(RecognitionLevels.Champion, RecognitionMeasure.Events, thresholds.ChampionEvents,
                $"at least {Plural(thresholds.ChampionEvents, "event")} on the CEM calendar, its districts' events included"),
        ];
    }

    /// <summary>Each level, lowest first, with the state's progress on its own criteria.</summary>
    public static IReadOnlyList<LevelProgress> Progress(StateFigures figures, RecognitionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var criteria = Criteria(thresholds);
        return [.. RecognitionLevels.Ordered.Select(level => new LevelProgress(level, [.. criteria.Where(c => c.Level == level).Select(c => c.ProgressOf(figures))]))];
    }

    /// <summary>The highest level whose criteria, and every lower level's, the figures meet.</summary>
    public static string LevelOf(StateFigures figures, RecognitionThresholds thresholds)
    {
        var level = RecognitionLevels.None;
        foreach (var progress in Progress(figures, thresholds))
        {
            if (!progress.Met)
            {
                break;
            }

            level = progress.Level;
        }

        return level;
    }

    /// <summary>What a state still needs for the next level, one sentence each; empty at the top level.</summary>
    public static IReadOnlyList<string> StillNeeded(StateFigures figures, RecognitionThresholds thresholds) =>
        Progress(figures, thresholds).FirstOrDefault(p => !p.Met)?.Criteria.Where(c => !c.Met).Select(c => c.StillNeeded).ToList() ?? [];

    /// <summary>How a level is earned, in a sentence: the public criteria and a badge's criteria narrative.</summary>
    public static string CriteriaOf(string level, RecognitionThresholds thresholds)
    {
        var index = RecognitionLevels.Ordered.ToList().IndexOf(level);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Not a recognition level.");
        }

        var own = string.Join("; ", Criteria(thresholds).Where(c => c.Level == level).Select(c => c.Requirement));
        return index == 0 ? Sentence(own) + "." : $"Everything of the {RecognitionLevels.Describe(RecognitionLevels.Ordered[index - 1])} level, and: {own}.";
    }

    /// <summary>What the figures say on every measure, for a badge's evidence: "Press kit prepared: yes; Events on the CEM calendar: 4; …".</summary>
    public static string Facts(StateFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return string.Join("; ", RecognitionMeasure.All.Select(m =>
            m.Name + ": " + (m.YesOrNo ? (m.Read(figures) > 0 ? "yes" : "no") : m.Read(figures).ToString(CultureInfo.InvariantCulture))));
    }

    internal static string Sentence(string phrase) => phrase.Length == 0 ? phrase : char.ToUpperInvariant(phrase[0]) + phrase[1..];

    private static string Plural(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
