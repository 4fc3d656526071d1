using Cem.Core.Metrics;

namespace Cem.Core.Awards;

/// <summary>One recognition level as a badge: its name and the criteria, worded from the same rules as <see cref="Recognition"/>.</summary>
public sealed record BadgeLevel(string Level, string Name, string Description, string Criteria, string Color);

public static class BadgeLevels
{
    public static IReadOnlyList<string> Awarded { get; } = [RecognitionLevels.Participant, RecognitionLevels.Connected, RecognitionLevels.Champion];

    public static BadgeLevel Of(string level, RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engagement = options.CalendarLive ? "events on the CEM calendar (published and not cancelled)" : "approved comments on the state's thread";
        return level switch
        {
            RecognitionLevels.Participant => new(level, "CEM for States Participant",
                "A state education body that took part in Connected Educator Month.",
                "The state's sign-up was confirmed by its contact and approved by CEM staff.", "#1d5b91"),
            RecognitionLevels.Connected => new(level, "CEM for States Connected",
                "A participating state that prepared its press kit and engaged educators during Connected Educator Month.",
                $"Everything a Participant needs, a press kit prepared for the state, and at least one engagement: {engagement}.", "#2e7d32"),
            RecognitionLevels.Champion => new(level, "CEM for States Champion",
                "A connected state that ran its own Connected Educator Month with its districts.",
                $"Everything Connected needs, the \"own CEM with our districts\" activity chosen in the sign-up, and at least {options.ChampionEvents} engagements: {engagement}.", "#8a5a00"),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not an awarded level."),
        };
    }
}
