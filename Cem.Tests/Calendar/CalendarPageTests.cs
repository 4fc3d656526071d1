using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Calendar;

/// <summary>The calendar's pages over HTTP, and what no output ever shows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CalendarPageTests(AzuriteFixture azurite)
{
    /// <summary>The fields the issue asks of an event's JSON-LD, as a schema: offsets in dates, the schema.org IRIs.</summary>
    private static readonly JsonSchema EventLd = JsonSchema.FromText("""
        {
          "type": "object",
          "required": ["@context", "@type", "name", "startDate", "endDate", "eventAttendanceMode", "eventStatus", "location", "organizer", "url"],
          "additionalProperties": false,
          "properties": {
            "@context": { "const": "https://schema.org" },
            "@type": { "const": "Event" },
            "name": { "type": "string", "minLength": 1 },
            "description": { "type": "string" },
            "startDate": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$" },
            "endDate": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$" },
            "eventAttendanceMode": { "enum": ["https://schema.org/OnlineEventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode", "https://schema.org/MixedEventAttendanceMode"] },
            "eventStatus": { "enum": ["https://schema.org/EventScheduled", "https://schema.org/EventCancelled"] },
            "location": {
              "anyOf": [
                { "$ref": "#/$defs/location" },
                { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/location" } }
              ]
            },
            "organizer": { "type": "object", "required": ["@type", "name"], "properties": { "@type": { "const": "Organization" }, "name": { "type": "string" } } },
            "url": { "type": "string", "format": "uri" }
          },
          "$defs": {
            "location": {
              "oneOf": [
                { "type": "object", "required": ["@type", "url"], "properties": { "@type": { "const": "VirtualLocation" } } },
                { "type": "object", "required": ["@type", "name"], "properties": { "@type": { "const": "Place" } } }
              ]
            }
          }
        }
        """);

    [Fact]
    public async Task The_calendar_lists_each_event_with_its_date_and_time_and_offers_every_subscription()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var ohio = await site.PublishDirectAsync("OH");
        var guam = await site.PublishDirectAsync("GU");

        using var response = await site.Http.GetAsync("/calendar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertDescribedAsync(response, "get", "/calendar");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<time datetime=\"{EventSite.Year}-10-06T19:00:00-04:00\" data-event-time>Wednesday, October 6, {EventSite.Year}, 7:00 PM – 8:00 PM EDT</time>: <bdi>Connected classrooms, live</bdi>", html, StringComparison.Ordinal);
        Assert.Contains($"<time datetime=\"{EventSite.Year}-10-06T19:00:00+10:00\" data-event-time>", html, StringComparison.Ordinal);
        Assert.Contains("cid=webcal%3A%2F%2Flocalhost", html, StringComparison.Ordinal);
        Assert.Contains("outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Flocalhost", html, StringComparison.Ordinal);
        Assert.Contains("href=\"webcal://localhost", html, StringComparison.Ordinal);
        Assert.Contains("about once a day", html, StringComparison.Ordinal);

        var guamOnly = WebUtility.HtmlDecode(await site.Http.GetStringAsync("/calendar?state=GU"));
        Assert.Contains("/events/" + guam.Id, guamOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("/events/" + ohio.Id, guamOnly, StringComparison.Ordinal);
        Assert.Contains("webcal://localhost", guamOnly, StringComparison.Ordinal);
        Assert.Contains("/states/GU/calendar.ics", guamOnly, StringComparison.Ordinal);
        Assert.Contains("href=\"/calendar\"", await site.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_page_carries_one_schema_org_event_that_says_when_it_is_cancelled()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var hybrid = await site.PublishDirectAsync("OH", attendance: "hybrid");

        var ld = await JsonLdAsync(site, "/events/" + hybrid.Id);
        Assert.True(EventLd.Evaluate(ld, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid, ld.ToJsonString());
        Assert.Equal($"{EventSite.Year}-10-06T19:00:00-04:00", (string?)ld["startDate"]);
        Assert.Equal("https://schema.org/MixedEventAttendanceMode", (string?)ld["eventAttendanceMode"]);
        Assert.Equal("https://schema.org/EventScheduled", (string?)ld["eventStatus"]);
        Assert.Equal(["Place", "VirtualLocation"], ld["location"]!.AsArray().Select(l => (string?)l!["@type"]));

        await site.Services.GetRequiredService<EventService>().CancelAsync(CalendarTesting.Staff, hybrid.Id, CancellationToken.None);
        var cancelled = await JsonLdAsync(site, "/events/" + hybrid.Id);
        Assert.True(EventLd.Evaluate(cancelled).IsValid);
        Assert.Equal("https://schema.org/EventCancelled", (string?)cancelled["eventStatus"]);

        // A schema that accepts anything would pass the checks above: this one refuses a date without its offset.
        cancelled["startDate"] = $"{EventSite.Year}-10-06T19:00:00";
        Assert.False(EventLd.Evaluate(cancelled).IsValid);
    }

    [Fact]
    public async Task Only_the_embed_may_be_framed_and_it_lists_the_states_events()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var ohio = await site.PublishDirectAsync("OH");
        await site.PublishDirectAsync("NY");

        using var embed = await site.Http.GetAsync("/embed/calendar?state=OH");
        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        await AssertDescribedAsync(embed, "get", "/embed/calendar");
        Assert.EndsWith("; frame-ancestors *", embed.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await embed.Content.ReadAsStringAsync();
        Assert.Contains("/events/" + ohio.Id, html, StringComparison.Ordinal);
        Assert.DoesNotContain("-NY-", html, StringComparison.Ordinal);

        using var page = await site.Http.GetAsync("/events/" + ohio.Id);
        Assert.EndsWith("; frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var unknown = await site.Http.GetAsync("/embed/calendar?state=ZZ");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertDescribedAsync(unknown, "get", "/embed/calendar");
    }

    [Fact]
    public async Task A_suggested_unconfirmed_pending_rejected_or_spam_event_and_a_contacts_address_appear_in_no_output()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var published = await site.PublishDirectAsync("OH");
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EventsTable);
        var hidden = new List<string>();
        foreach (var status in new[] { "suggested", "unconfirmed", "pending", "rejected", "spam" })
        {
            var row = new TableEntity(published.PartitionKey, EventId.RowPrefix + Ulid.NewUlid())
            {
                ["Status"] = status, ["Title"] = $"SECRET-{status}", ["Description"] = "", ["Format"] = "chat", ["Attendance"] = "online",
                ["Audiences"] = "[]", ["Themes"] = "[]", ["Priorities"] = "[]", ["OrganizerName"] = "Spammer", ["Url"] = "https://spam.example",
                ["Location"] = "", ["Accessibility"] = "[]", ["TimeZone"] = "America/New_York", ["ContactEmail"] = "hidden.contact@example.org",
                ["Slots"] = published.Slots, ["Sequence"] = 0, ["CreatedAt"] = DateTimeOffset.UtcNow, ["UpdatedAt"] = DateTimeOffset.UtcNow,
            };
            await table.AddEntityAsync(row);
            hidden.Add($"{published.Id.Year}-OH-{row.RowKey[EventId.RowPrefix.Length..]}");
        }

        var outputs = new List<string> { "/api/events", "/api/events?state=OH", "/calendar", "/calendar?state=OH", "/calendar.ics", "/states/OH/calendar.ics", "/embed/calendar?state=OH", "/embed/calendar", "/events/" + published.Id, "/api/events/" + published.Id, "/events/" + published.Id + ".ics" };
        foreach (var id in hidden)
        {
            foreach (var path in new[] { "/api/events/" + id, "/events/" + id, "/events/" + id + ".ics" })
            {
                using var response = await site.Http.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                outputs.Add(path);
            }
        }

        foreach (var path in outputs)
        {
            var text = await (await site.Http.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
            Assert.DoesNotContain("spam.example", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@example.org", text, StringComparison.Ordinal);
            Assert.DoesNotContain(CalendarTesting.Staff.Email, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("Connected classrooms, live", await site.Http.GetStringAsync("/calendar"), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> JsonLdAsync(CemSite site, string path)
    {
        var html = await site.Http.GetStringAsync(path);
        var scripts = JsonLdScript().Matches(html);
        return JsonNode.Parse(Assert.Single(scripts).Groups[1].Value)!;
    }

    [GeneratedRegex("<script type=\"application/ld(?:\\+|&#x2B;)json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdScript();
}
