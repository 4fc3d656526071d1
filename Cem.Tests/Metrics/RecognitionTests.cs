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

    private static readonly (string Kind, int Count)[] Champion =
    [
        (ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 3),
        (ParticipationKinds.ProgramPublished, 1), (ParticipationKinds.DistrictJoined, 2),
    ];

    private static StateFigures ChampionWith(string kind, int count) =>
        Figures([.. Champion.Where(c => c.Kind != kind), (kind, count)]);

    [Fact]
    public void Levels_build_on_each_other_from_approval_press_kit_and_calendar_events()
    {
        var options = new Cem.Core.Editions.RecognitionThresholds(3, 2);
        Assert.Equal(RecognitionLevels.None, Recognition.LevelOf(Figures((ParticipationKinds.SignedUp, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1)), options));
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.EventAdded, 5)), options));
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.CommentApproved, 4)), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1)), options));
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(Figures(Champion), options));
    }

    [Fact]
    public void A_champion_needs_its_program_published_its_districts_and_its_events_whatever_it_chose_at_sign_up()
    {
        var options = new Cem.Core.Editions.RecognitionThresholds(3, 2);
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(ChampionWith(ParticipationKinds.ProgramPublished, 0), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(ChampionWith(ParticipationKinds.DistrictJoined, 1), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(ChampionWith(ParticipationKinds.EventAdded, 2), options));

        // The "own CEM" activity chosen at sign-up is a plan, not a fact: without it, the facts still make a Champion.
        var figures = Figures([.. Champion.Where(c => c.Kind != ParticipationKinds.Approved)]);
        figures.Apply(new ParticipationEntry { Kind = ParticipationKinds.Approved, Activities = Activities.PressRelease });
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(figures, options));
    }

    [Fact]
    public void Program_district_and_event_facts_do_not_skip_a_missing_lower_level()
    {
        var options = new RecognitionOptions().Defaults;
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(ChampionWith(ParticipationKinds.PressKitCompiled, 0), options));
        Assert.Equal(RecognitionLevels.None, Recognition.LevelOf(ChampionWith(ParticipationKinds.Approved, 0), options));
    }

    [Fact]
    public void A_cancelled_event_and_a_district_that_left_no_longer_count()
    {
        var options = new Cem.Core.Editions.RecognitionThresholds(3, 2);
        Assert.Equal(RecognitionLevels.Participant, Recognition.LevelOf(Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1), (ParticipationKinds.EventCancelled, 1)), options));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(Figures([.. Champion, (ParticipationKinds.EventCancelled, 1)]), options));
        var left = Figures([.. Champion, (ParticipationKinds.DistrictLeft, 1)]);
        Assert.Equal(1, left.Districts);
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(left, options));
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(Figures([.. Champion, (ParticipationKinds.DistrictJoined, 1), (ParticipationKinds.DistrictLeft, 1)]), options));
        Assert.Equal(0, Figures((ParticipationKinds.DistrictLeft, 2)).Districts);
    }

    [Fact]
    public void The_thresholds_follow_the_settings()
    {
        var figures = Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 1), (ParticipationKinds.ProgramPublished, 1), (ParticipationKinds.DistrictJoined, 1));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(figures, new RecognitionOptions().Defaults));
        Assert.Equal(RecognitionLevels.Champion, Recognition.LevelOf(figures, new Cem.Core.Editions.RecognitionThresholds(1, 1)));
    }

    [Fact]
    public void Progress_shows_each_levels_criteria_met_or_not_by_the_same_rules_as_the_level()
    {
        var options = new Cem.Core.Editions.RecognitionThresholds(3, 2);
        var figures = Figures((ParticipationKinds.Approved, 1), (ParticipationKinds.PressKitCompiled, 1), (ParticipationKinds.EventAdded, 2), (ParticipationKinds.ProgramPublished, 1), (ParticipationKinds.DistrictJoined, 1));
        var progress = Recognition.Progress(figures, options);

        Assert.Equal(RecognitionLevels.Ordered, progress.Select(p => p.Level));
        Assert.Equal(
            [
                ("participant", "Sign-up approved by CEM staff", "yes", true),
                ("connected", "Press kit prepared", "yes", true),
                ("connected", "Events on the CEM calendar", "2 (1 needed)", true),
                ("champion", "Own CEM program published", "yes", true),
                ("champion", "Districts in the program", "1 of 2", false),
                ("champion", "Events on the CEM calendar", "2 of 3", false),
            ],
            progress.SelectMany(p => p.Criteria.Select(c => (p.Level, c.Criterion.Measure.Name, c.Text, c.Met))));
        Assert.Equal(RecognitionLevels.Connected, Recognition.LevelOf(figures, options));
        Assert.Equal(
            ["At least 2 districts in the state's program, each approved by the state: 1 so far.", "At least 3 events on the CEM calendar, its districts' events included: 2 so far."],
            Recognition.StillNeeded(figures, options));
        Assert.Equal("not yet", Recognition.Progress(Figures((ParticipationKinds.Approved, 1)), options)[1].Criteria[0].Text);
        Assert.Equal(["A press kit prepared for the state.", "At least 1 event on the CEM calendar, published and not cancelled: 0 so far."], Recognition.StillNeeded(Figures((ParticipationKinds.Approved, 1)), options));
        Assert.Equal(["A sign-up confirmed by the state's contact and approved by CEM staff."], Recognition.StillNeeded(new StateFigures(), options));
        Assert.Empty(Recognition.StillNeeded(Figures(Champion), options));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Level_progress_and_still_needed_agree_on_random_figures_and_public_figures_give_the_same_level(int seed)
    {
        var random = new Random(seed);
        string[] kinds =
        [
            ParticipationKinds.Approved, ParticipationKinds.PressKitCompiled, ParticipationKinds.EventAdded, ParticipationKinds.EventCancelled,
            ParticipationKinds.ProgramPublished, ParticipationKinds.DistrictJoined, ParticipationKinds.DistrictLeft, ParticipationKinds.CommentApproved,
            ParticipationKinds.SignedUp, ParticipationKinds.Rejected,
        ];
        for (var i = 0; i < 500; i++)
        {
            var options = new Cem.Core.Editions.RecognitionThresholds(random.Next(1, 5), random.Next(1, 4));
            var figures = Figures([.. kinds.Select(k => (k, random.Next(3) == 0 ? 0 : random.Next(0, 5)))]);
            var level = Recognition.LevelOf(figures, options);
            var reached = Recognition.Progress(figures, options).TakeWhile(p => p.Met).Select(p => p.Level).LastOrDefault() ?? RecognitionLevels.None;

            Assert.Equal(reached, level);
            Assert.Equal(level, Recognition.LevelOf(figures.Public(), options));
            Assert.Equal(level == RecognitionLevels.Champion, Recognition.StillNeeded(figures, options).Count == 0);
        }
    }

    [Fact]
    public void The_criteria_are_worded_from_the_same_rules_and_thresholds()
    {
        var options = new Cem.Core.Editions.RecognitionThresholds(4, 1);
        Assert.Equal("A sign-up confirmed by the state's contact and approved by CEM staff.", Recognition.CriteriaOf(RecognitionLevels.Participant, options));
        Assert.Equal(
            "Everything of the Connected level, and: the state's own CEM program published; at least 1 district in the state's program, each approved by the state; at least 4 events on the CEM calendar, its districts' events included.",
            Recognition.CriteriaOf(RecognitionLevels.Champion, options));
        Assert.Equal(Recognition.CriteriaOf(RecognitionLevels.Connected, options), Cem.Core.Awards.BadgeLevels.Of(RecognitionLevels.Connected, options).Criteria);
        Assert.Throws<ArgumentOutOfRangeException>(() => Recognition.CriteriaOf(RecognitionLevels.None, options));
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
