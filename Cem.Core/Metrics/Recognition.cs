using System.ComponentModel.DataAnnotations;
using Cem.Core.Participation;

namespace Cem.Core.Metrics;

public static class RecognitionLevels
{
    public const string None = "none";
    public const string Participant = "participant";
    public const string Connected = "connected";
    public const string Champion = "champion";

    public static string Describe(string? level) => level switch
    {
        Participant => "Participant",
        Connected => "Connected",
        Champion => "Champion",
        _ => "Not yet recognized",
    };
}

/// <summary>Settings of the recognition rules (section <c>Cem:Metrics:Recognition</c>).</summary>
public sealed class RecognitionOptions
{
    /// <summary>Engagements (calendar events, or approved comments until the calendar exists) a Champion needs.</summary>
    [Range(1, 1000)]
    public int ChampionEvents { get; set; } = 3;

    /// <summary>
    /// True once the events calendar is open: a state's events on the calendar (<see cref="StateFigures.EventsPublished"/>,
    /// cancelled ones not counted) are its engagements. Until then an approved comment stands in for a calendar event,
    /// so the levels above Participant can be reached.
    /// </summary>
    public bool CalendarLive { get; set; }
}

/// <summary>
/// The recognition levels, computed by the rollup from a jurisdiction's figures. Each level includes the
/// one below it:
/// <list type="bullet">
/// <item><b>Participant</b>: a sign-up confirmed by CEM staff (approved).</item>
/// <item><b>Connected</b>: also a press kit compiled, and at least one engagement.</item>
/// <item><b>Champion</b>: also its own CEM with its districts (activity <c>own-cem</c> chosen), and at
/// least <see cref="RecognitionOptions.ChampionEvents"/> engagements.</item>
/// </list>
/// An engagement is an event on the calendar (published and not cancelled) once <see cref="RecognitionOptions.CalendarLive"/> is
/// set, and until then an approved comment (<c>comment-approved</c>): the calendar plugs in by switching that
/// setting, with no change here. Changing a setting takes effect for every state at the next rebuild.
/// </summary>
public static class Recognition
{
    public static long Engagements(StateFigures figures, RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(options);
        return options.CalendarLive ? figures.EventsPublished : figures[ParticipationKinds.CommentApproved];
    }

    public static string LevelOf(StateFigures figures, RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(options);
        if (figures[ParticipationKinds.Approved] == 0)
        {
            return RecognitionLevels.None;
        }

        var engagements = Engagements(figures, options);
        if (figures[ParticipationKinds.PressKitCompiled] == 0 || engagements == 0)
        {
            return RecognitionLevels.Participant;
        }

        return figures.Activities.Contains(Signups.Activities.OwnCem) && engagements >= options.ChampionEvents
            ? RecognitionLevels.Champion
            : RecognitionLevels.Connected;
    }

    /// <summary>
    /// What a state still needs for the next level, one sentence each, worded from the same rules as
    /// <see cref="LevelOf"/>; empty at the top level.
    /// </summary>
    public static IReadOnlyList<string> StillNeeded(StateFigures figures, RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(options);
        var engagement = options.CalendarLive ? "an event on the CEM calendar" : "an approved comment on your state's thread";
        var engagements = Engagements(figures, options);
        var needed = new List<string>();
        switch (LevelOf(figures, options))
        {
            case RecognitionLevels.None:
                needed.Add("Approval of your sign-up by CEM staff.");
                break;
            case RecognitionLevels.Participant:
                if (figures[ParticipationKinds.PressKitCompiled] == 0)
                {
                    needed.Add("A press kit prepared for your state.");
                }

                if (engagements == 0)
                {
                    needed.Add($"At least one engagement: {engagement}.");
                }

                break;
            case RecognitionLevels.Connected:
                if (!figures.Activities.Contains(Signups.Activities.OwnCem))
                {
                    needed.Add("Running your own CEM with your districts (the \"own CEM\" activity in your sign-up).");
                }

                if (engagements < options.ChampionEvents)
                {
                    needed.Add($"{options.ChampionEvents - engagements} more engagement(s): {engagement}.");
                }

                break;
        }

        return needed;
    }
}
