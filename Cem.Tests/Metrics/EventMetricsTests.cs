using System.Net;
using System.Text.Json;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Tests.Calendar;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using static Cem.Tests.Calendar.CalendarTesting;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Metrics;

/// <summary>Calendar events in a state's figures: published minus cancelled, each event once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_events_published_and_one_cancelled_leave_one_on_the_calendar_however_often_logged_or_rolled_up()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var kept = await harness.PublishAsync();
        var cancelled = await harness.PublishAsync();
        Assert.Equal(Cem.Core.Calendar.EventOutcome.Done, (await harness.Events().CancelAsync(OhioContact, cancelled.Id, CancellationToken.None)).Outcome);
        Assert.Equal(Cem.Core.Calendar.EventOutcome.Done, (await harness.Events().CancelAsync(OhioContact, cancelled.Id, CancellationToken.None)).Outcome);

        // Logged again, as a retried request would: still one publish and one cancel per event.
        await harness.ParticipationLog.RecordOnceAsync("OH", ParticipationKinds.EventAdded, kept.Id.ToString(), CancellationToken.None);
        await harness.ParticipationLog.RecordOnceAsync("OH", ParticipationKinds.EventCancelled, cancelled.Id.ToString(), CancellationToken.None);

        harness.Time.Advance(harness.SafetyLag() + TimeSpan.FromSeconds(1));
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
        var report = await harness.Get<MetricsReports>().StateAsync(Jurisdiction.Find("OH"), CancellationToken.None);
        Assert.Equal(1, report.EventsPublished);
        Assert.Equal(2, report.Figures[ParticipationKinds.EventAdded]);
        var (_, national, _) = await harness.Get<MetricsReports>().AllAsync(CancellationToken.None);
        Assert.Equal(1, national.EventsPublished);

        var before = await harness.SnapshotAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RunAsync(CancellationToken.None)).Outcome);
        Assert.Equal(before, await harness.SnapshotAsync());
        Assert.Equal(RollupOutcome.Done, (await harness.NewRollup().RebuildAsync(CancellationToken.None)).Outcome);
        Assert.Equal(before, await harness.SnapshotAsync());
        Assert.Equal(1, (await harness.Get<MetricsReports>().StateAsync(Jurisdiction.Find("OH"), CancellationToken.None)).EventsPublished);
    }

    [Fact]
    public void A_cancel_whose_publish_was_never_logged_cannot_take_the_figure_below_zero()
    {
        var figures = new StateFigures();
        figures.Apply(new ParticipationEntry { Kind = ParticipationKinds.EventCancelled, SubjectId = "2027-OH-x" });
        Assert.Equal(0, figures.EventsPublished);
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a rollup every second
    public async Task Events_a_state_publishes_and_cancels_reach_its_figures_pages_and_csv_through_the_timer()
    {
        await using var site = await CemSite.StartAsync(azurite, MetricsSettings.FastRollup);
        using var contact = await site.ContactClientAsync();
        await site.PublishAsync(contact, EventApiTests.Body());
        var second = await site.PublishAsync(contact, EventApiTests.Body(title: "Book club: connected teaching", format: "book-club", day: 8));
        using (var cancelled = await contact.PostAsync($"/api/events/{second}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        await TestDevHost.Eventually(async () =>
        {
            using var json = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states/OH/metrics"));
            return json.RootElement.GetProperty("events").GetInt64() == 2 && json.RootElement.GetProperty("counts").TryGetProperty(ParticipationKinds.EventCancelled, out _);
        }, "the timer should roll both events and the cancel up into Ohio's metrics");

        await site.SettledAsync();
        await site.InvokedAgainAsync("MetricsRollup", 2); // further runs, the second begun after all else settled, change nothing
        using var response = await site.Http.GetAsync("/api/states/OH/metrics");
        var metrics = (await AssertDescribedAsync(response, "get", "/api/states/{code}/metrics"))!.Value;
        Assert.Equal(1, metrics.GetProperty("eventsPublished").GetInt64());
        Assert.Equal(2, metrics.GetProperty("events").GetInt64());

        var page = await site.Http.GetStringAsync("/states/oh/data");
        Assert.Contains("<dd id=\"events-published\">1</dd>", page, StringComparison.Ordinal);
        var mine = await contact.GetStringAsync("/my");
        Assert.Contains("<dd id=\"events-published-OH\">1</dd>", mine, StringComparison.Ordinal);

        var csv = (await site.Http.GetStringAsync("/api/metrics.csv?code=" + Uri.EscapeDataString(site.FunctionKey))).Split("\r\n");
        var column = Array.IndexOf(csv[0].Split(','), "eventsPublished");
        Assert.Equal("1", csv.Single(l => l.StartsWith("OH,", StringComparison.Ordinal)).Split(',')[column]);
        Assert.Equal("1", csv.Single(l => l.StartsWith("national,", StringComparison.Ordinal)).Split(',')[column]);
    }
}
