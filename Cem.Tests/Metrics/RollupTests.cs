using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Editions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Metrics;

/// <summary>The rollup against Azurite: its figures equal a brute-force count, however runs are timed or repeated.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RollupTests(AzuriteFixture azurite)
{
    private static readonly string[] Codes = ["OH", "TX", "WY", "PR", "GU", "DC"];
    private static readonly string[] Kinds = [.. ParticipationKinds.Known, "future-kind"];
    private static readonly string[] ActivityKeys = [.. Activities.All.Keys];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Rollup_figures_equal_a_brute_force_count_of_random_activity(int seed)
    {
        var random = new Random(seed);
        await using var harness = await MetricsTesting.StartAsync(azurite);
        var expected = new Expected();
        MetricsRollup[] runners = [harness.NewRollup(), harness.NewRollup()];

        for (var step = 0; step < 120; step++)
        {
            var roll = random.Next(10);
            if (roll < 7)
            {
                await RecordRandomAsync(harness, random, expected);
            }
            else if (roll < 9)
            {
                await runners[random.Next(2)].RunAsync(CancellationToken.None);
            }
            else
            {
                await Task.WhenAll(runners[0].RunAsync(CancellationToken.None), runners[1].RunAsync(CancellationToken.None));
            }

            // Up to ~70 minutes a step: the activity spans several days and runs often fall inside the safety lag.
            harness.Time.Advance(TimeSpan.FromSeconds(random.Next(0, 4200)));
        }

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        Assert.Equal(RollupOutcome.Done, (await runners[0].RunAsync(CancellationToken.None)).Outcome);

        await AssertFiguresAsync(harness, expected);
        Assert.Equal(expected.Total, await CountLogEntriesAsync(harness));
    }

    [Fact]
    public async Task Running_twice_or_two_at_once_changes_nothing_and_a_rebuild_equals_the_incremental_figures()
    {
        var random = new Random(42);
        await using var harness = await MetricsTesting.StartAsync(azurite);
        var expected = new Expected();
        for (var i = 0; i < 60; i++)
        {
            await RecordRandomAsync(harness, random, expected);
            harness.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 90)));
        }

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
        var first = await harness.SnapshotAsync();
        Assert.NotEmpty(first);

        var again = await harness.NewRollup().RunAsync(CancellationToken.None);
        Assert.Equal(0, again.EntriesRead);
        Assert.Equal(first, await harness.SnapshotAsync());

        var together = await Task.WhenAll(harness.NewRollup().RunAsync(CancellationToken.None), harness.NewRollup().RunAsync(CancellationToken.None));
        Assert.Contains(together, r => r.Outcome is RollupOutcome.Done or RollupOutcome.Busy);
        Assert.Equal(first, await harness.SnapshotAsync());

        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RebuildAsync(CancellationToken.None)).Outcome);
        Assert.Equal(first, await harness.SnapshotAsync());

        // More activity after the rebuild: incremental from the rebuild's watermark still matches a fresh rebuild.
        for (var i = 0; i < 20; i++)
        {
            await RecordRandomAsync(harness, random, expected);
            harness.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 30)));
        }

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);
        var incremental = await harness.SnapshotAsync();
        await harness.NewRollup().RebuildAsync(CancellationToken.None);
        Assert.Equal(incremental, await harness.SnapshotAsync());
        await AssertFiguresAsync(harness, expected);
    }

    [Fact]
    public async Task A_run_waits_for_another_runs_lease_and_takes_it_over_when_it_expires()
    {
        await using var harness = await MetricsTesting.StartAsync(azurite);
        await harness.ParticipationLog.RecordOnceAsync("OH", ParticipationKinds.Approved, "OH-1", CancellationToken.None, [Activities.OwnCem]);
        await harness.MetricsStore.Table.UpsertEntityAsync(new RollupWatermark { LeaseOwner = "a crashed worker", LeaseUntil = harness.Time.GetUtcNow().AddMinutes(10) });
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));

        Assert.Equal(RollupOutcome.Busy, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
        Assert.Null(await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None));

        harness.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
        var ohio = await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None);
        Assert.Equal(1, ohio!.Figures()[ParticipationKinds.Approved]);
        Assert.Equal(RecognitionLevels.Participant, ohio.RecognitionLevel);
    }

    [Fact]
    public async Task A_changed_default_setting_reaches_the_stored_levels_at_the_next_rollup_even_with_nothing_new()
    {
        await using var harness = await MetricsTesting.StartAsync(azurite);
        await RecordConnectedOhioWithOneDistrictAsync(harness);
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Connected, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);

        // The same app restarted with lower defaults, the edition setting none: the next run levels again.
        var current = harness.Get<IOptions<MetricsOptions>>().Value;
        var lowered = Options.Create(new MetricsOptions
        {
            SafetyLag = current.SafetyLag, LeaseDuration = current.LeaseDuration, PageSize = current.PageSize, TrendDays = current.TrendDays,
            Recognition = new RecognitionOptions { ChampionEvents = 1, ChampionDistricts = 1 },
        });
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var recognition = new EditionRecognition(harness.Get<EditionStore>(), lowered);
        await ActivatorUtilities.CreateInstance<MetricsRollup>(harness.Services, lowered, recognition).RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Champion, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);
    }

    [Fact]
    public async Task The_stored_levels_follow_the_current_editions_thresholds_and_not_the_settings()
    {
        await using var harness = await MetricsTesting.StartAsync(azurite);
        await RecordConnectedOhioWithOneDistrictAsync(harness);
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Connected, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);

        // The current edition (2026, under way on the harness's clock) sets its own thresholds; the settings stay 3 and 2.
        var editions = harness.Get<EditionStore>();
        var edition = await editions.CurrentAsync(CancellationToken.None);
        Assert.Equal(2026, edition.Year);
        Assert.Equal(new RecognitionThresholds(3, 2), harness.Get<IOptions<MetricsOptions>>().Value.Recognition.Defaults);
        await editions.SaveAsync(edition with { Recognition = new RecognitionThresholds(1, 1) }, CancellationToken.None);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Champion, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);

        await editions.SaveAsync(edition with { Recognition = new RecognitionThresholds(1, 5) }, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Connected, (await harness.MetricsStore.FindStateAsync("OH", CancellationToken.None))!.RecognitionLevel);
    }

    /// <summary>Ohio approved, with a press kit, one event, its program and one district: Connected at 3 and 2, Champion at 1 and 1.</summary>
    private static async Task RecordConnectedOhioWithOneDistrictAsync(CoreHarness harness)
    {
        foreach (var (kind, subject) in new[] { (ParticipationKinds.Approved, "OH-1"), (ParticipationKinds.PressKitCompiled, "OH-kit"), (ParticipationKinds.EventAdded, "e-1"), (ParticipationKinds.ProgramPublished, "2026-OH"), (ParticipationKinds.DistrictJoined, "d-1") })
        {
            await harness.ParticipationLog.RecordOnceAsync("OH", kind, subject, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_once_only_event_logged_again_a_day_later_is_counted_once()
    {
        await using var harness = await MetricsTesting.StartAsync(azurite);
        await harness.ParticipationLog.RecordOnceAsync("TX", ParticipationKinds.Approved, "TX-1", CancellationToken.None);
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);

        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.ParticipationLog.RecordOnceAsync("TX", ParticipationKinds.Approved, "TX-1", CancellationToken.None);
        await harness.ParticipationLog.RecordAsync("TX", ParticipationKinds.PressKitDownloaded, "TX-kit-1", CancellationToken.None);
        await harness.ParticipationLog.RecordAsync("TX", ParticipationKinds.PressKitDownloaded, "TX-kit-1", CancellationToken.None);
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        await harness.NewRollup().RunAsync(CancellationToken.None);

        var texas = (await harness.MetricsStore.FindStateAsync("TX", CancellationToken.None))!.Figures();
        Assert.Equal(1, texas[ParticipationKinds.Approved]);
        Assert.Equal(2, texas[ParticipationKinds.PressKitDownloaded]);
    }

    [Fact]
    public async Task Entries_inside_the_safety_lag_wait_for_a_later_run()
    {
        await using var harness = await MetricsTesting.StartAsync(azurite);
        await harness.ParticipationLog.RecordOnceAsync("WY", ParticipationKinds.SignedUp, "WY-1", CancellationToken.None);

        Assert.Equal(0, (await harness.NewRollup().RunAsync(CancellationToken.None)).EntriesRead);
        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await harness.NewRollup().RunAsync(CancellationToken.None)).EntriesRead);
        Assert.Equal(SignupStatus.PendingConfirmation, (await harness.MetricsStore.FindStateAsync("WY", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_flood_of_votes_is_counted_in_bounded_pages_each_committed_with_the_watermark()
    {
        var probe = new StorageProbe();
        await using var harness = await StartPagedAsync(probe);
        var random = new Random(11);
        var expected = new Expected();
        for (var i = 0; i < 60; i++)
        {
            await harness.ParticipationLog.RecordAsync("OH", ParticipationKinds.VoteCast, "OH-comment", CancellationToken.None);
            expected.Add("OH", ParticipationKinds.VoteCast, "OH-comment", true, [], StateMetricsStore.DayKey(harness.Time.GetUtcNow()));
            if (i % 6 == 0)
            {
                await RecordRandomAsync(harness, random, expected);
            }

            harness.Time.Advance(TimeSpan.FromSeconds(random.Next(1, 90)));
        }

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        probe.Clear();
        var result = await harness.NewRollup().RunAsync(CancellationToken.None);

        Assert.Equal(RollupOutcome.Done, result.Outcome);
        Assert.Equal(expected.Total, result.EntriesRead);
        var logQueries = probe.Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("ParticipationLog()", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logQueries);
        Assert.All(logQueries, q => Assert.Contains("$top=5", q, StringComparison.Ordinal));
        Assert.True(Commits(probe) >= 60 / 5, $"{Commits(probe)} commits");
        await AssertFiguresAsync(harness, expected);
    }

    [Fact]
    public async Task A_run_that_fails_between_pages_resumes_from_its_last_committed_page_and_counts_each_entry_once()
    {
        var probe = new StorageProbe();
        await using var harness = await StartPagedAsync(probe);
        var random = new Random(5);
        var expected = new Expected();
        for (var i = 0; i < 80; i++)
        {
            await RecordRandomAsync(harness, random, expected);
            harness.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 45)));
        }

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        var commits = 0;
        probe.FailWhen = (method, uri) => IsBatch(method, uri) && Interlocked.Increment(ref commits) == 3;
        await Assert.ThrowsAsync<RequestFailedException>(() => harness.NewRollup().RunAsync(CancellationToken.None));

        // Two pages stand, with their watermark; the third's day rows were written but its figures were not.
        var watermark = (await harness.MetricsStore.FindAsync<RollupWatermark>(StateMetricsStore.CurrentPartition, StateMetricsStore.WatermarkRow, CancellationToken.None))!;
        Assert.Null(watermark.LeaseOwner);
        var countedBefore = (await harness.MetricsStore.FindStateAsync(StateMetricsStore.National, CancellationToken.None))!.Figures().Total;
        Assert.InRange(countedBefore, 1, expected.Total - 1);

        probe.FailWhen = (_, _) => false;
        var resumed = await harness.NewRollup().RunAsync(CancellationToken.None);

        Assert.Equal(RollupOutcome.Done, resumed.Outcome);
        Assert.Equal(expected.Total - countedBefore, resumed.EntriesRead);
        await AssertFiguresAsync(harness, expected);
        var incremental = await harness.SnapshotAsync();
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RebuildAsync(CancellationToken.None)).Outcome);
        Assert.Equal(incremental, await harness.SnapshotAsync());
    }

    /// <summary>A harness whose rollup reads five entries of a jurisdiction a page, with its storage requests seen by <paramref name="probe"/>.</summary>
    private Task<CoreHarness> StartPagedAsync(StorageProbe probe) =>
        CoreHarness.StartAsync(
            azurite,
            new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero)),
            settings => settings["Cem:Metrics:PageSize"] = "5",
            services => services.UseStorageProbe(probe));

    private static bool IsBatch(string method, Uri uri) => method == "POST" && uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal);

    /// <summary>Entity-group transactions sent: in an incremental run, only the commit of each page is one.</summary>
    private static int Commits(StorageProbe probe) => probe.Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("/$batch", StringComparison.Ordinal));

    private static async Task RecordRandomAsync(CoreHarness harness, Random random, Expected expected)
    {
        var code = Codes[random.Next(Codes.Length)];
        var kind = Kinds[random.Next(Kinds.Length)];
        var subject = code + "-" + random.Next(12).ToString(CultureInfo.InvariantCulture);
        var repeatable = kind is ParticipationKinds.PressKitDownloaded or ParticipationKinds.VoteCast;
        string[] chosen = [.. ActivityKeys.Where(_ => random.Next(3) == 0)];
        if (repeatable)
        {
            await harness.ParticipationLog.RecordAsync(code, kind, subject, CancellationToken.None);
        }
        else
        {
            await harness.ParticipationLog.RecordOnceAsync(code, kind, subject, CancellationToken.None, kind == ParticipationKinds.Approved ? chosen : null);
        }

        expected.Add(code, kind, subject, repeatable, kind == ParticipationKinds.Approved ? chosen : [], StateMetricsStore.DayKey(harness.Time.GetUtcNow()));
    }

    private static async Task AssertFiguresAsync(CoreHarness harness, Expected expected)
    {
        var current = await harness.MetricsStore.ReadCurrentAsync(CancellationToken.None);
        foreach (var code in Codes)
        {
            var counts = expected.CountsOf(code);
            if (counts.Count == 0)
            {
                Assert.False(current.ContainsKey(code), code);
                continue;
            }

            var figures = current[code].Figures();
            Assert.Equal(counts, figures.Counts.ToDictionary());
            Assert.Equal(expected.ActivitiesOf(code), figures.Activities.ToHashSet());
            Assert.Equal(Recognition.LevelOf(figures, new RecognitionOptions().Defaults), current[code].RecognitionLevel);
        }

        Assert.Equal(expected.CountsOf(null), current[StateMetricsStore.National].Figures().Counts.ToDictionary());

        foreach (var (partition, day, counts) in expected.Days())
        {
            var row = await harness.MetricsStore.FindAsync<DailyMetricsRow>(StateMetricsStore.DailyPartition(partition), day, CancellationToken.None);
            Assert.Equal(counts, StateFigures.From(row?.Counts, null).Counts.ToDictionary());
        }
    }

    private static async Task<long> CountLogEntriesAsync(CoreHarness harness)
    {
        long count = 0;
        await foreach (var entry in harness.ParticipationLog.Table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count += entry.RowKey.StartsWith("once-", StringComparison.Ordinal) ? 0 : 1;
        }

        return count;
    }

    /// <summary>The brute-force count: every event the test caused, once-only events deduplicated by (jurisdiction, kind, subject).</summary>
    private sealed class Expected
    {
        private readonly HashSet<(string, string, string)> once = [];
        private readonly List<(string Code, string Kind, string Day)> counted = [];
        private readonly Dictionary<string, HashSet<string>> activities = [];

        public long Total => counted.Count;

        public void Add(string code, string kind, string subject, bool repeatable, IEnumerable<string> chosen, string day)
        {
            if (!repeatable && !once.Add((code, kind, subject)))
            {
                return;
            }

            counted.Add((code, kind, day));
            if (!activities.TryGetValue(code, out var set))
            {
                activities[code] = set = [];
            }

            set.UnionWith(chosen);
        }

        public Dictionary<string, long> CountsOf(string? code) =>
            counted.Where(c => code is null || c.Code == code).GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => (long)g.Count());

        public HashSet<string> ActivitiesOf(string code) => activities.GetValueOrDefault(code) ?? [];

        public IEnumerable<(string Partition, string Day, Dictionary<string, long> Counts)> Days() =>
            counted.SelectMany(c => new[] { (Partition: c.Code, c.Kind, c.Day), (Partition: StateMetricsStore.National, c.Kind, c.Day) })
                .GroupBy(c => (c.Partition, c.Day))
                .Select(g => (g.Key.Partition, g.Key.Day, g.GroupBy(c => c.Kind).ToDictionary(k => k.Key, k => (long)k.Count())));
    }
}
