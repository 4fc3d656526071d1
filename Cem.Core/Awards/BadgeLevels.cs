using Cem.Core.Editions;
using Cem.Core.Metrics;

namespace Cem.Core.Awards;

/// <summary>One recognition level as a badge: its name and the criteria, worded from the rules of <see cref="Recognition"/>.</summary>
public sealed record BadgeLevel(string Level, string Name, string Description, string Criteria, string Color);

public static class BadgeLevels
{
    /// <summary>A district of a state's program that hosted an event on the CEM calendar: not one of the states' levels.</summary>
    public const string ParticipatingDistrict = "participating-district";

    public static IReadOnlyList<string> Awarded { get; } = [.. RecognitionLevels.Ordered, ParticipatingDistrict];

    /// <summary>A level's badge, its criteria worded with the thresholds of the award's (or the shown) edition.</summary>
    public static BadgeLevel Of(string level, RecognitionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var (name, description, color) = Look(level);
        var criteria = level == ParticipatingDistrict
            ? "An approved district of its state's CEM program that hosted at least one event on the CEM calendar, published by its state and not cancelled, during the edition."
            : Recognition.CriteriaOf(level, thresholds);
        return new(level, name, description, criteria, color);
    }

    /// <summary>A level's badge name, the same in every edition.</summary>
    public static string NameOf(string level) => Look(level).Name;

    private static (string Name, string Description, string Color) Look(string level) => level switch
    {
        RecognitionLevels.Participant => ("CEM for States Participant",
            "A state education body that took part in Connected Educator Month.", "#1d5b91"),
        RecognitionLevels.Connected => ("CEM for States Connected",
            "A participating state that prepared its press kit and put educators' events on the CEM calendar during Connected Educator Month.", "#2e7d32"),
        RecognitionLevels.Champion => ("CEM for States Champion",
            "A connected state that ran its own Connected Educator Month with its districts.", "#8a5a00"),
        ParticipatingDistrict => ("CEM for States Participating District",
            "A school district of a state's CEM program that hosted an event on the CEM calendar during Connected Educator Month.", "#6a1b9a"),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not an awarded level."),
    };
}
