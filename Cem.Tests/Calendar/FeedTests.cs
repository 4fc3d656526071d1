using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Jurisdictions;
using Cem.Core.Telemetry;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Cem.Tests.Calendar.CalendarTesting;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Calendar;

/// <summary>The iCalendar feeds, read by ical.js (a client no one here wrote) and by our strict byte checker.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FeedTests(AzuriteFixture azurite)
{
    private static async Task<FeedBytes> NationalFeedAsync(CoreHarness harness) =>
        EventFeed.Build("Connected Educator Month 2027", await harness.Get<EventQueries>().AllAsync(new EventFilter(), CancellationToken.None), harness.Get<IOptions<CemOptions>>().Value, harness.Get<CemMetrics>());

    [Fact]
    public async Task Every_jurisdictions_zone_resolves_in_ical_js_to_the_instants_the_server_computed()
    {
        await using var harness = await StartAsync(azurite);
        var published = new List<Core.Calendar.CalendarEvent>();
        foreach (var jurisdiction in Jurisdiction.All)
        {
            published.Add(await harness.PublishAsync(Form(jurisdiction.Code), Staff));
        }

        published.Add(await harness.PublishAsync(Form("AK", timeZone: "America/Adak"), Staff));
        var feed = await NationalFeedAsync(harness);

        Assert.Empty(IcsChecker.Problems(feed.Content));
        var read = await IcalJs.ReadAsync(feed.Content);
        var events = read.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("uid").GetString()!);
        Assert.Equal(published.Count, events.Count); // more than the 30 some calendars stop at: no cap
        var site = harness.Get<IOptions<CemOptions>>().Value;
        foreach (var e in published)
        {
            var slot = Assert.Single(e.SlotList);
            var seen = events[EventLinks.SlotUid(e, slot, site)];
            Assert.Equal(e.TimeZone, seen.GetProperty("tzid").GetString());
            Assert.Equal(e.TimeZone, seen.GetProperty("startZone").GetString()); // not floating
            Assert.Equal(e.InstantOf(slot.Start).UtcDateTime, DateTime.Parse(seen.GetProperty("startUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
            Assert.Equal(e.InstantOf(slot.End).UtcDateTime, DateTime.Parse(seen.GetProperty("endUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        }

        Assert.Equal(TimeZones.AllDefaults.Append("America/Adak").Order(StringComparer.Ordinal), read.GetProperty("timezones").EnumerateArray().Select(z => z.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(EventFeed.ProductId, read.GetProperty("prodid").GetString());
        Assert.Equal("PT6H", read.GetProperty("refresh").GetString());
    }

    [Fact]
    public async Task A_seven_pm_weekly_chat_in_New_York_stays_at_seven_pm_across_the_November_clock_change()
    {
        await using var harness = await StartAsync(azurite);
        await harness.PublishAsync(Form("NY", weeklyFor: 6), NewYorkContact);

        var read = await IcalJs.ReadAsync((await NationalFeedAsync(harness)).Content);

        var events = read.GetProperty("events").EnumerateArray().OrderBy(e => e.GetProperty("startUtc").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(6, events.Count);
        Assert.All(events, e => Assert.EndsWith("T19:00:00", e.GetProperty("startLocal").GetString(), StringComparison.Ordinal));
        Assert.Equal(
            ["2027-10-06T23:00", "2027-10-13T23:00", "2027-10-20T23:00", "2027-10-27T23:00", "2027-11-03T23:00", "2027-11-11T00:00"],
            events.Select(e => e.GetProperty("startUtc").GetString()![..16]));
    }

    [Fact]
    public async Task An_unchanged_calendar_gives_identical_bytes_a_reschedule_keeps_the_uid_and_raises_sequence_and_last_modified()
    {
        await using var harness = await StartAsync(azurite);
        var chat = await harness.PublishAsync();
        var first = await NationalFeedAsync(harness);
        harness.Time.Advance(TimeSpan.FromHours(3));
        var second = await NationalFeedAsync(harness);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(first.ETag, second.ETag);

        await harness.Events().UpdateAsync(OhioContact, chat.Id, Form(start: "2027-10-08T19:00", end: "2027-10-08T20:00"), CancellationToken.None);
        var moved = await NationalFeedAsync(harness);
        Assert.NotEqual(first.ETag, moved.ETag);
        var before = Assert.Single((await IcalJs.ReadAsync(first.Content)).GetProperty("events").EnumerateArray());
        var after = Assert.Single((await IcalJs.ReadAsync(moved.Content)).GetProperty("events").EnumerateArray());
        Assert.Equal(before.GetProperty("uid").GetString(), after.GetProperty("uid").GetString());
        Assert.Equal(before.GetProperty("sequence").GetInt32() + 1, after.GetProperty("sequence").GetInt32());
        Assert.True(string.CompareOrdinal(after.GetProperty("lastModified").GetString(), before.GetProperty("lastModified").GetString()) > 0);
        Assert.Equal(after.GetProperty("lastModified").GetString(), after.GetProperty("dtstamp").GetString());

        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.Events().CancelAsync(OhioContact, chat.Id, CancellationToken.None);
        var cancelled = Assert.Single((await IcalJs.ReadAsync((await NationalFeedAsync(harness)).Content)).GetProperty("events").EnumerateArray());
        Assert.Equal("CANCELLED", cancelled.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("uid").GetString(), cancelled.GetProperty("uid").GetString());
        Assert.Equal(after.GetProperty("sequence").GetInt32() + 1, cancelled.GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Hostile_text_is_escaped_and_folded_by_octets()
    {
        await using var harness = await StartAsync(azurite);
        var form = Form();
        form.Title = "Équipes; écoles, \\ et " + string.Concat(Enumerable.Repeat("é€😀", 30));
        form.Description = "Line one; with, commas\nLine two \\ backslash";
        form.Location = "Room 1; Hall, B";
        form.Attendance = "hybrid";
        await harness.PublishAsync(form);

        var feed = await NationalFeedAsync(harness);

        Assert.Empty(IcsChecker.Problems(feed.Content));
        var seen = Assert.Single((await IcalJs.ReadAsync(feed.Content)).GetProperty("events").EnumerateArray());
        Assert.Equal(form.Title, seen.GetProperty("summary").GetString());
    }

    [Fact]
    public void The_byte_checker_catches_what_lenient_parsers_accept()
    {
        var bad = "BEGIN:VCALENDAR\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20271001T120000\r\nSUMMARY:a, b; c \\x\r\n"
            + "DTSTART;TZID=America/Chicago:20271006T150000\r\nDESCRIPTION:" + new string('x', 80) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var split = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nSUMMARY:" + new string('a', 64) + "é\r\nEND:VCALENDAR\r\n").ToList();
        var e = split.IndexOf(0xC3);
        split.InsertRange(e + 1, "\r\n "u8.ToArray());

        var problems = string.Join("\n", IcsChecker.Problems(Encoding.UTF8.GetBytes(bad)));
        var splitProblems = string.Join("\n", IcsChecker.Problems([.. split]));

        Assert.Contains("bare LF", problems, StringComparison.Ordinal);
        Assert.Contains("DTSTAMP:20271001T120000 is not a UTC date-time", problems, StringComparison.Ordinal);
        Assert.Contains("SUMMARY: an unescaped ','", problems, StringComparison.Ordinal);
        Assert.Contains("no VTIMEZONE", problems, StringComparison.Ordinal);
        Assert.Contains("octets (at most 75)", problems, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8 on its own", splitProblems, StringComparison.Ordinal);
    }

    [Fact]
    public void The_etag_is_of_the_name_the_base_url_and_each_rows_etag_and_an_event_not_read_from_the_table_has_none()
    {
        static Core.Calendar.CalendarEvent Row(string etag) =>
            new() { PartitionKey = "2027-OH", RowKey = "evt-01JZ8Q3V5N6W7X8Y9Z0A1B2C3D", ETag = new Azure.ETag(etag) };
        var site = new CemOptions { PublicBaseUrl = new Uri("https://cem.example.org") };
        var etag = EventFeed.ETagOf("CEM", [Row("W/\"1\"")], site);

        Assert.Equal(etag, EventFeed.ETagOf("CEM", [Row("W/\"1\"")], site));
        Assert.NotEqual(etag, EventFeed.ETagOf("CEM", [Row("W/\"2\"")], site));
        Assert.NotEqual(etag, EventFeed.ETagOf("CEM – Ohio", [Row("W/\"1\"")], site));
        Assert.NotEqual(etag, EventFeed.ETagOf("CEM", [Row("W/\"1\"")], new CemOptions { PublicBaseUrl = new Uri("https://cem.example.net") }));
        Assert.Throws<ArgumentException>(() => EventFeed.ETagOf("CEM", [new Core.Calendar.CalendarEvent { PartitionKey = "2027-OH", RowKey = "evt-01JZ8Q3V5N6W7X8Y9Z0A1B2C3D" }], site));
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // reads the host's meters
    public async Task A_304_is_answered_from_the_rows_without_building_the_feed_and_an_edit_serves_new_bytes_under_a_new_etag()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var id = await site.PublishAsync(contact, EventApiTests.Body());
        var measured = new ConcurrentQueue<CemMeasurement>();
        using var listener = new CemMeterListener(site.Services.GetRequiredService<IMeterFactory>(), measured.Enqueue);
        int Builds() => measured.Count(m => m.Name == CemMetrics.FeedsBuilt);

        using var first = await site.Http.GetAsync("/calendar.ics");
        using var second = await site.Http.GetAsync("/calendar.ics");
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(2, Builds());

        foreach (var (path, etag) in new[] { ("/calendar.ics", first.Headers.ETag!), ($"/events/{id}.ics", (await site.Http.GetAsync($"/events/{id}.ics")).Headers.ETag!) })
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { etag } } };
            using var notModified = await site.Http.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.Headers.ETag);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(3, Builds()); // the event's own feed's 200 only: neither 304 built anything

        using var edited = await contact.PutAsJsonAsync("/api/events/" + id, EventApiTests.Body(title: "Connected classrooms, renamed"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/calendar.ics") { Headers = { IfNoneMatch = { first.Headers.ETag! } } };
        using var changed = await site.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(first.Headers.ETag, changed.Headers.ETag);
        var read = await IcalJs.ReadAsync(await changed.Content.ReadAsByteArrayAsync());
        Assert.Equal("Connected classrooms, renamed", Assert.Single(read.GetProperty("events").EnumerateArray()).GetProperty("summary").GetString());
        Assert.Equal(4, Builds());
    }

    [Fact]
    public async Task Feeds_over_http_answer_304_to_the_etag_they_gave_and_keep_a_cancelled_event()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var id = await site.PublishAsync(contact, EventApiTests.Body());
        var webinar = await site.PublishAsync(contact, EventApiTests.Body(format: "webinar", day: 9, title: "Webinar"));

        using var first = await site.Http.GetAsync("/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertDescribedAsync(first, "get", "/calendar.ics");
        Assert.Equal("text/calendar", first.Content.Headers.ContentType?.MediaType);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Empty(IcsChecker.Problems(bytes));
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var second = await site.Http.GetAsync("/calendar.ics");
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/calendar.ics") { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await site.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        await AssertDescribedAsync(notModified, "get", "/calendar.ics");

        using var cancelled = await contact.PostAsync($"/api/events/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/states/OH/calendar.ics") { Headers = { IfNoneMatch = { etag } } };
        using var changed = await site.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await AssertDescribedAsync(changed, "get", "/states/{code}/calendar.ics");
        var read = await IcalJs.ReadAsync(await changed.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Connected Educator Month", read.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains(read.GetProperty("events").EnumerateArray(), e => e.GetProperty("uid").GetString() == $"{id}-1@localhost" && e.GetProperty("status").GetString() == "CANCELLED");

        var webinars = await IcalJs.ReadAsync(await site.Http.GetByteArrayAsync("/calendar.ics?format=webinar"));
        Assert.Equal($"{webinar}-1@localhost", Assert.Single(webinars.GetProperty("events").EnumerateArray()).GetProperty("uid").GetString());

        using var one = await site.Http.GetAsync($"/events/{webinar}.ics");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        await AssertDescribedAsync(one, "get", "/events/{id}.ics");
        Assert.Single((await IcalJs.ReadAsync(await one.Content.ReadAsByteArrayAsync())).GetProperty("events").EnumerateArray());

        using var unknownState = await site.Http.GetAsync("/states/ZZ/calendar.ics");
        Assert.Equal(HttpStatusCode.NotFound, unknownState.StatusCode);
        await AssertDescribedAsync(unknownState, "get", "/states/{code}/calendar.ics");
        using var badFilter = await site.Http.GetAsync("/calendar.ics?format=rave");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        await AssertDescribedAsync(badFilter, "get", "/calendar.ics");
        Assert.DoesNotContain(SessionSite.OhioContact, Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
    }
}
