using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Editions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Metrics;

/// <summary>
/// The recognition criteria as data of the edition, through the DevHost: staff set them before the month, the public
/// criteria, a contact's progress and the rolled-up level follow them, not the settings (3 events, 2 districts).
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // sets its own clock: a June, the edition ahead
public sealed class EditionCriteriaSiteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Criteria_staff_set_before_the_month_are_the_public_criteria_the_progress_and_the_level()
    {
        var (site, time) = await StartInJuneAsync(settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        await using var _ = site;
        var year = time.GetUtcNow().Year;
        await site.ApproveStateAsync();
        await site.SettledAsync(); // the press kit is compiled
        var log = site.Services.GetRequiredService<ParticipationLog>();
        foreach (var (kind, subject) in new[] { (ParticipationKinds.EventAdded, "e-1"), (ParticipationKinds.EventAdded, "e-2"), (ParticipationKinds.ProgramPublished, $"{year}-OH"), (ParticipationKinds.DistrictJoined, "OH-3904378") })
        {
            await log.RecordOnceAsync("OH", kind, subject, CancellationToken.None);
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        await SaveThresholdsAsync(staff, year, events: 5, districts: 1);

        var criteria = WebUtility.HtmlDecode(await site.Http.GetStringAsync("/badges"));
        Assert.Contains($"The criteria of Connected Educator Month {year}.", criteria, StringComparison.Ordinal);
        Assert.Contains("at least 1 district in the state's program", criteria, StringComparison.Ordinal);
        Assert.Contains("at least 5 events on the CEM calendar, its districts' events included", criteria, StringComparison.Ordinal);
        Assert.DoesNotContain("at least 3 events", criteria, StringComparison.Ordinal);
        var current = await CurrentAsync(site);
        Assert.Equal((5, 1), (current.GetProperty("recognition").GetProperty("championEvents").GetInt32(), current.GetProperty("recognition").GetProperty("championDistricts").GetInt32()));

        var rollup = site.Services.GetRequiredService<MetricsRollup>();
        await rollup.RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Connected, await LevelAsync(site, "OH"));
        using var ohio = await site.SignedInClientAsync(SessionSite.OhioContact);
        var my = WebUtility.HtmlDecode(await ohio.GetStringAsync("/my"));
        Assert.Contains("<td>Events on the CEM calendar</td><td>2 of 5</td><td>Not yet</td>", my, StringComparison.Ordinal);
        Assert.Contains("<td>Districts in the program</td><td>1 of 1</td><td>Met</td>", my, StringComparison.Ordinal);
        Assert.Contains("<li>At least 5 events on the CEM calendar, its districts' events included: 2 so far.</li>", my, StringComparison.Ordinal);

        // Lowered before the month: the next run levels Ohio again with nothing new logged, where the settings
        // (3 events, 2 districts) would keep it Connected.
        await SaveThresholdsAsync(staff, year, events: 2, districts: 1);
        await rollup.RunAsync(CancellationToken.None);
        Assert.Equal(RecognitionLevels.Champion, await LevelAsync(site, "OH"));
        Assert.Contains("<dt>Recognition</dt><dd>Champion</dd>", WebUtility.HtmlDecode(await ohio.GetStringAsync("/my")), StringComparison.Ordinal);
        Assert.Contains("at least 2 events on the CEM calendar, its districts' events included", WebUtility.HtmlDecode(await site.Http.GetStringAsync($"/states/OH/data")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_criteria_of_a_past_edition_are_its_own_and_a_bad_year_is_refused()
    {
        var (site, time) = await StartInJuneAsync();
        await using var _ = site;
        var year = time.GetUtcNow().Year;
        await site.Services.GetRequiredService<EditionStore>().SaveAsync(Edition.Default(year - 2) with { Recognition = new RecognitionThresholds(9, 8) }, CancellationToken.None);

        using (var past = await site.Http.GetAsync($"/badges?year={year - 2}"))
        {
            Assert.Equal(HttpStatusCode.OK, past.StatusCode);
            var html = WebUtility.HtmlDecode(await past.Content.ReadAsStringAsync());
            Assert.Contains($"The criteria of Connected Educator Month {year - 2}.", html, StringComparison.Ordinal);
            Assert.Contains("at least 8 districts in the state's program", html, StringComparison.Ordinal);
            Assert.Contains("at least 9 events on the CEM calendar", html, StringComparison.Ordinal);
        }

        // An edition that set none shows the settings' defaults.
        Assert.Contains("at least 2 districts in the state's program", WebUtility.HtmlDecode(await site.Http.GetStringAsync($"/badges?year={year - 1}")), StringComparison.Ordinal);

        foreach (var bad in new[] { "abc", "-1", "1999", $"{year + 1}", "2026.0", "" })
        {
            using var refused = await site.Http.GetAsync("/badges?year=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = (await AssertDescribedAsync(refused, "get", "/badges"))!.Value;
            Assert.True(problem.GetProperty("errors").TryGetProperty("year", out var _), bad);
        }
    }

    [Fact]
    public async Task An_edition_row_written_before_editions_had_thresholds_uses_the_settings_defaults()
    {
        var (site, time) = await StartInJuneAsync(settings => (settings["Cem:Metrics:Recognition:ChampionEvents"], settings["Cem:Metrics:Recognition:ChampionDistricts"]) = ("7", "4"));
        await using var _ = site;
        var year = time.GetUtcNow().Year;
        var legacy = new TableEntity(EditionStore.Partition, year.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            ["Starts"] = $"{year}-10-05", ["Ends"] = $"{year}-10-30", ["SubmissionsOpen"] = $"{year}-08-01", ["SubmissionsClose"] = $"{year}-10-30", ["Hashtag"] = "#CEMold", ["Themes"] = "[\"Student voice\"]",
        };
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EditionsTable);
        await table.AddEntityAsync(legacy);
        // The row is as old code wrote it; the app, already running, learns of it as of any edition written by a new version.
        await table.UpsertEntityAsync(new TableEntity(EditionStore.Partition, VersionedPartition<EditionRow>.VersionRow));

        var current = await CurrentAsync(site);
        Assert.Equal("#CEMold", current.GetProperty("hashtag").GetString());
        Assert.Equal((7, 4), (current.GetProperty("recognition").GetProperty("championEvents").GetInt32(), current.GetProperty("recognition").GetProperty("championDistricts").GetInt32()));
        var criteria = WebUtility.HtmlDecode(await site.Http.GetStringAsync("/badges"));
        Assert.Contains("at least 4 districts in the state's program", criteria, StringComparison.Ordinal);
        Assert.Contains("at least 7 events on the CEM calendar", criteria, StringComparison.Ordinal);
        Assert.Null((await site.Services.GetRequiredService<EditionStore>().GetAsync(year, CancellationToken.None)).Recognition);
    }

    [Fact]
    public async Task The_console_offers_the_thresholds_until_the_edition_begins_and_then_shows_them_fixed()
    {
        var (site, time) = await StartInJuneAsync();
        await using var _ = site;
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        var june = await ConsoleAsync(staff);
        Assert.Matches("<input id=\"edition-championEvents\" name=\"championEvents\" type=\"number\" value=\"3\"[^>]*required aria-describedby", june);
        Assert.Contains("Published on /badges; fixed once the edition begins.", june, StringComparison.Ordinal);

        // Mid-October the edition is live: the fields are disabled, so the browser's form posts none and saves the rest.
        time.Advance(TimeSpan.FromDays(136));
        var year = time.GetUtcNow().Year;
        using var staffInOctober = await site.SignedInClientAsync(CemSite.StaffB); // the June session has expired
        var october = await ConsoleAsync(staffInOctober);
        Assert.Matches("<input id=\"edition-championEvents\" name=\"championEvents\" type=\"number\" value=\"3\"[^>]*required disabled aria-describedby", october);
        Assert.Contains("The edition has begun: its criteria were published and can no longer change.", october, StringComparison.Ordinal);
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/editions/{year}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["starts"] = $"{year}-10-01", ["ends"] = $"{year}-10-31", ["submissionsOpen"] = $"{year}-08-01", ["submissionsClose"] = $"{year}-10-31", ["hashtag"] = "#CEMlive", ["themes"] = "Student voice",
                ["version"] = System.Text.RegularExpressions.Regex.Match(october, "name=\"version\" value=\"([^\"]*)\"").Groups[1].Value,
            }),
        };
        form.Headers.Add("Sec-Fetch-Site", "same-origin");
        form.Headers.Accept.ParseAdd("text/html");
        using var saved = await staffInOctober.SendAsync(form);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var current = await CurrentAsync(site);
        Assert.Equal(("#CEMlive", "live", 3), (current.GetProperty("hashtag").GetString(), current.GetProperty("phase").GetString(), current.GetProperty("recognition").GetProperty("championEvents").GetInt32()));
        Assert.Null((await site.Services.GetRequiredService<EditionStore>().GetAsync(year, CancellationToken.None)).Recognition);
    }

    private static async Task<string> ConsoleAsync(HttpClient staff)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/staff");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await staff.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A site whose clock reads 1 June of next year: the current edition is that year's, not yet begun.</summary>
    private async Task<(CemSite Site, ShiftedTime Time)> StartInJuneAsync(Action<IDictionary<string, string?>>? settings = null)
    {
        var time = new ShiftedTime();
        time.Advance(new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 6, 1, 12, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow);
        return (await CemSite.StartAsync(azurite, settings, services: s => s.AddSingleton<TimeProvider>(time)), time);
    }

    /// <summary>Staff set the edition's thresholds with its other fields as stored, over the current version.</summary>
    private static async Task SaveThresholdsAsync(HttpClient staff, int year, int events, int districts)
    {
        using var saved = await staff.PostAsJsonAsync($"/api/staff/editions/{year}", new
        {
            starts = $"{year}-10-01", ends = $"{year}-10-31", submissionsOpen = $"{year}-08-01", submissionsClose = $"{year}-10-31", hashtag = "#CEM", themes = new[] { "Student voice" },
            championEvents = events, championDistricts = districts,
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = (await AssertDescribedAsync(saved, "post", "/api/staff/editions/{year}"))!.Value;
        Assert.Equal(events, body.GetProperty("recognition").GetProperty("championEvents").GetInt32());
    }

    private static async Task<string?> LevelAsync(CemSite site, string code) =>
        (await site.Services.GetRequiredService<StateMetricsStore>().FindStateAsync(code, CancellationToken.None))?.RecognitionLevel;

    private static async Task<JsonElement> CurrentAsync(CemSite site)
    {
        using var client = site.NewClient();
        return JsonDocument.Parse(await client.GetStringAsync("/api/editions/current")).RootElement.Clone();
    }
}
