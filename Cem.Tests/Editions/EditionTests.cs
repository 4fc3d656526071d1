using System.Net;
using System.Text;
using Cem.Core.Editions;
using Cem.Core.PressKits;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.PressKits;
using Microsoft.Extensions.Time.Testing;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Editions;

[Collection(AzuriteCollection.Name)]
public sealed class EditionTests(AzuriteFixture azurite)
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void An_edition_begins_when_its_first_day_begins_in_Guam_and_ends_when_its_last_day_ends_in_American_Samoa()
    {
        var edition = Edition.Default(2026);

        Assert.Equal(Utc(2026, 9, 30, 14), edition.BeginsAt);
        Assert.Equal(Utc(2026, 11, 1, 11), edition.EndsAt);
    }

    [Fact]
    public void The_phase_follows_the_dates_from_coming_soon_to_archived()
    {
        var edition = Edition.Default(2026);

        Assert.Equal(EditionPhases.ComingSoon, edition.PhaseAt(Utc(2026, 7, 31, 12)));
        Assert.Equal(EditionPhases.Open, edition.PhaseAt(Utc(2026, 8, 1, 12)));
        Assert.Equal(EditionPhases.Open, edition.PhaseAt(Utc(2026, 9, 30, 13, 59)));
        Assert.Equal(EditionPhases.Live, edition.PhaseAt(Utc(2026, 9, 30, 14)));
        Assert.Equal(EditionPhases.Live, edition.PhaseAt(Utc(2026, 11, 1, 10, 59)));
        Assert.Equal(EditionPhases.Closed, edition.PhaseAt(Utc(2026, 11, 1, 11)));
        Assert.Equal(EditionPhases.Archived, edition.PhaseAt(Utc(2026, 11, 1, 11) + Edition.ClosedFor));
    }

    [Fact]
    public async Task An_editions_thresholds_are_stored_with_it_and_one_that_sets_none_reads_the_settings_defaults()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, new FakeTimeProvider(Utc(2026, 11, 29)), s => (s["Cem:Metrics:Recognition:ChampionEvents"], s["Cem:Metrics:Recognition:ChampionDistricts"]) = ("6", "5"));
        var editions = harness.Get<EditionStore>();
        var recognition = harness.Get<Cem.Core.Metrics.EditionRecognition>();
        await editions.SaveAsync(Edition.Default(2027) with { Recognition = new RecognitionThresholds(5, 1) }, CancellationToken.None);
        await editions.SaveAsync(Edition.Default(2028), CancellationToken.None);

        Assert.Equal(new RecognitionThresholds(5, 1), (await editions.GetAsync(2027, CancellationToken.None)).Recognition);
        Assert.Equal(new RecognitionThresholds(5, 1), await recognition.CurrentAsync(CancellationToken.None));
        Assert.Null((await editions.GetAsync(2028, CancellationToken.None)).Recognition);
        Assert.Equal(new RecognitionThresholds(6, 5), await recognition.OfYearAsync(2028, CancellationToken.None));
        Assert.Equal(new RecognitionThresholds(6, 5), await recognition.OfYearAsync(2031, CancellationToken.None)); // never written down
    }

    [Fact]
    public async Task The_current_edition_is_the_running_one_then_the_next_once_it_has_ended_everywhere()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var editions = harness.Get<EditionStore>();

        Assert.Equal(2026, (await editions.CurrentAtAsync(Utc(2026, 3, 1), CancellationToken.None)).Year);
        Assert.Equal(2026, (await editions.CurrentAtAsync(Utc(2026, 11, 1, 10), CancellationToken.None)).Year);
        Assert.Equal(2027, (await editions.CurrentAtAsync(Utc(2026, 11, 1, 11), CancellationToken.None)).Year);
        Assert.Equal(Edition.Default(2027), await editions.GetAsync(2027, CancellationToken.None), EditionComparer.Instance);
    }

    [Fact]
    public async Task A_stored_edition_replaces_the_default_of_its_year()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var editions = harness.Get<EditionStore>();
        var stored = new Edition(2027, new DateOnly(2027, 10, 4), new DateOnly(2027, 11, 14), new DateOnly(2027, 9, 1), new DateOnly(2027, 11, 7), "#CE27", ["AI in the classroom", "Student voice"]);
        Assert.True(EditionRules.Check(stored).IsEmpty);

        await editions.SaveAsync(stored, CancellationToken.None);

        Assert.Equal(stored, await editions.GetAsync(2027, CancellationToken.None), EditionComparer.Instance);
        Assert.Equal(stored, await editions.CurrentAtAsync(Utc(2027, 11, 10), CancellationToken.None), EditionComparer.Instance);
        Assert.Equal(Edition.Default(2028), await editions.CurrentAtAsync(Utc(2027, 11, 16), CancellationToken.None), EditionComparer.Instance);
    }

    [Fact]
    public async Task Finding_the_current_edition_costs_one_point_read_while_no_edition_changed_and_sees_a_save_at_once()
    {
        var probe = new StorageProbe();
        await using var harness = await CoreHarness.StartAsync(azurite, services: services => services.UseStorageProbe(probe));
        var editions = harness.Get<EditionStore>();
        Assert.Equal(Edition.Default(2027), await editions.CurrentAtAsync(Utc(2027, 5, 1), CancellationToken.None), EditionComparer.Instance);

        probe.Clear();
        Assert.Equal(Edition.Default(2027), await editions.CurrentAtAsync(Utc(2027, 5, 1), CancellationToken.None), EditionComparer.Instance);
        var read = Assert.Single(probe.Requests, r => r.Contains(StorageNames.EditionsTable, StringComparison.Ordinal));
        Assert.Contains($"(PartitionKey='{EditionStore.Partition}',RowKey='{VersionedPartition<EditionRow>.VersionRow}')", read, StringComparison.Ordinal);

        // Saved by staff (with its change row) or by code: the next read has it.
        var (_, version) = await editions.GetWithVersionAsync(2027, CancellationToken.None);
        var stored = Edition.Default(2027) with { Hashtag = "#CE27" };
        Assert.True(await editions.TrySaveAsync(stored, version, CoreHarness.Staff, CancellationToken.None));
        Assert.Equal(stored, await editions.CurrentAtAsync(Utc(2027, 5, 1), CancellationToken.None), EditionComparer.Instance);
        await editions.SaveAsync(stored with { Hashtag = "#CEM27" }, CancellationToken.None);
        Assert.Equal("#CEM27", (await editions.CurrentAtAsync(Utc(2027, 5, 1), CancellationToken.None)).Hashtag);
    }

    [Fact]
    public void Edition_rules_name_the_field_at_fault()
    {
        var edition = Edition.Default(2027);

        Assert.Contains("ends", EditionRules.Check(edition with { Ends = new DateOnly(2027, 9, 1) }).ToDictionary().Keys);
        Assert.Contains("submissionsClose", EditionRules.Check(edition with { SubmissionsClose = new DateOnly(2027, 7, 1) }).ToDictionary().Keys);
        Assert.Contains("themes", EditionRules.Check(edition with { Themes = [] }).ToDictionary().Keys);
        Assert.Contains("hashtag", EditionRules.Check(edition with { Hashtag = " " }).ToDictionary().Keys);
    }

    [Fact]
    public async Task A_press_kit_compiled_after_the_month_names_the_next_edition_not_the_past_October()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, new FakeTimeProvider(Utc(2026, 11, 29, 12)));
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");

        var (version, _) = await harness.PressKits.CompileAsync(signup, CancellationToken.None);

        Assert.Contains("October 1–31, 2027", await ReleaseTextAsync(harness, version), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_press_kit_carries_the_dates_staff_stored_for_the_edition()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, new FakeTimeProvider(Utc(2027, 5, 1)));
        await harness.Get<EditionStore>().SaveAsync(Edition.Default(2027) with { Starts = new DateOnly(2027, 10, 4), Ends = new DateOnly(2027, 11, 14) }, CancellationToken.None);
        var signup = await harness.AddApprovedAsync("OH", "Ohio Department of Education");

        var (version, _) = await harness.PressKits.CompileAsync(signup, CancellationToken.None);

        Assert.Contains("October 4 – November 14, 2027", await ReleaseTextAsync(harness, version), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_edition_is_served_as_described()
    {
        await using var site = await CemSite.StartAsync(azurite);

        using var response = await site.Http.GetAsync("/api/editions/current");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edition = (await AssertDescribedAsync(response, "get", "/api/editions/current"))!.Value;
        var now = DateTimeOffset.UtcNow;
        var expected = now < Edition.Default(now.Year).EndsAt ? now.Year : now.Year + 1;
        Assert.Equal(expected, edition.GetProperty("year").GetInt32());
        Assert.Equal($"{expected}-10-01", edition.GetProperty("starts").GetString());
        Assert.NotEmpty(edition.GetProperty("themes").EnumerateArray());
    }

    private static async Task<string> ReleaseTextAsync(CoreHarness harness, PressKitVersion version)
    {
        var blob = harness.Storage.Container(Cem.Core.Storage.StorageNames.PressKitsContainer).GetBlobClient(version.BlobName);
        await using var zip = await blob.OpenReadAsync();
        return Encoding.UTF8.GetString(PressKitTesting.Unzip(zip)["press-release.txt"]);
    }

    /// <summary>Editions compared by value, themes included (records compare lists by reference).</summary>
    private sealed class EditionComparer : IEqualityComparer<Edition>
    {
        public static readonly EditionComparer Instance = new();

        public bool Equals(Edition? x, Edition? y) =>
            x is not null && y is not null && (x with { Themes = [] }) == (y with { Themes = [] }) && x.Themes.SequenceEqual(y.Themes);

        public int GetHashCode(Edition obj) => obj.Year;
    }
}
