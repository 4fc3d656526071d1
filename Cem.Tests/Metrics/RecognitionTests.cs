using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Signups;

namespace Cem.Tests.Metrics;

public sealed class RecognitionTests
{
    private static StateFigures Figures(params (string Kind, int Count)[] counts)
    {
        var figures = new StateFigures();
        foreach (var (kind, count) in counts)
        {
            for (var i = 0; i < count; i++)
            {
                figures.Apply(new ParticipationEntry { Kind = kind, Activities = kind == ParticipationKinds.Approved ? Activities.OwnCem : null });
            }
        }

        return figures;
    }

    [Fact]
    public void Levels_build_on_each_other_with_approved_comments_standing_in_for_calendar_events()
    {
        var options = new RecognitionOptions { ChampionEvents = 3 };
        Assert.Equal(RecognitionLevels.None, Recognition.LevelOf(Figures((ParticipationKinds.SignedUp, 1), (ParticipationKinds.PressKitCompiled, 1)), options));
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.CommentApproved, 5)), options));
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentPosted, 4)), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentApproved, 2)), options));
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentApproved, 3)), options));
    }

    [Fact]
    public void Champion_needs_its_own_cem()
    {
        var figures = Figures((ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentApproved, 3));
        figures.Apply(new ParticipationEntry { Kind = ParticipationKinds.Approved, Activities = Activities.PressRelease });
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(figures, new RecognitionOptions()));
    }

    [Fact]
    public void Once_the_calendar_is_live_events_count_instead_of_comments()
    {
        var options = new RecognitionOptions { CalendarLive = true, ChampionEvents = 2 };
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentApproved, 9)), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1)), options));
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 2)), options));
    }

    [Fact]
    public void Once_the_calendar_is_live_a_cancelled_event_no_longer_counts()
    {
        var options = new RecognitionOptions { CalendarLive = true, ChampionEvents = 2 };
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1), (ParticipationKinds.EventCancelled, 1)), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 2), (ParticipationKinds.EventCancelled, 1)), options));
        Assert.Contains(Recognition.StillNeeded(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 2), (ParticipationKinds.EventCancelled, 1)), options), s => s.StartsWith("1 more engagement", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Ohio, USA", "\"Ohio, USA\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Csv_cells_are_quoted_and_never_read_as_formulas(string value, string cell) =>
        Assert.Equal(cell, MetricsReports.CsvCell(value));
}
