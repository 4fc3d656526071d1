using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Calendar;

/// <summary>The events API through the DevHost: who may publish, what comes back, what is refused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventApiTests(AzuriteFixture azurite)
{
    /// <summary>An online chat in the default edition of next October (the DevHost runs on the real clock).</summary>
    public static object Body(string jurisdiction = "OH", string title = "Connected classrooms, live", string format = "chat", int day = 6, int? weeklyFor = null) => new
    {
        jurisdiction,
        title,
        description = "Bring a question; we bring *three* teachers.",
        format,
        attendance = "online",
        audiences = new[] { "teachers" },
        organizerName = "Ohio Department of Education",
        url = "https://example.org/join",
        slots = new[] { new { start = $"{EventSite.Year}-10-{day:00}T19:00", end = $"{EventSite.Year}-10-{day:00}T20:00" } },
        weeklyFor,
    };

    [Fact]
    public async Task A_state_contact_publishes_and_everyone_reads_the_event_as_described()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();

        using var created = await contact.PostAsJsonAsync("/api/events", Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = (await AssertDescribedAsync(created, "post", "/api/events"))!.Value;
        var id = answer.GetProperty("id").GetString()!;
        Assert.Equal("/api/events/" + id, created.Headers.Location?.OriginalString);
        Assert.EndsWith("/events/" + id, answer.GetProperty("url").GetString(), StringComparison.Ordinal);

        using var read = await site.Http.GetAsync("/api/events/" + id);
        var one = (await AssertDescribedAsync(read, "get", "/api/events/{id}"))!.Value;
        Assert.Equal("America/New_York", one.GetProperty("timeZone").GetString());
        var slot = one.GetProperty("slots")[0];
        Assert.Equal($"{EventSite.Year}-10-06T19:00:00-04:00", slot.GetProperty("start").GetString());
        Assert.Equal($"{EventSite.Year}-10-06T23:00:00Z", slot.GetProperty("startUtc").GetString());
        Assert.Equal($"{id}-1@localhost", slot.GetProperty("uid").GetString());

        using var list = await site.Http.GetAsync("/api/events?state=oh");
        var events = (await AssertDescribedAsync(list, "get", "/api/events"))!.Value.GetProperty("events");
        Assert.Equal(id, Assert.Single(events.EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain(SessionSite.OhioContact, await list.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_a_states_contact_or_staff_publish_for_it_and_only_staff_for_the_nation()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();

        using (var anonymous = await site.Http.PostAsJsonAsync("/api/events", Body()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            await AssertDescribedAsync(anonymous, "post", "/api/events");
        }

        foreach (var other in new[] { "NY", "US" })
        {
            using var refused = await contact.PostAsJsonAsync("/api/events", Body(other));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            await AssertDescribedAsync(refused, "post", "/api/events");
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        using var national = await staff.PostAsJsonAsync("/api/events", Body("US"));
        Assert.Equal(HttpStatusCode.Created, national.StatusCode);
        var id = (await national.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var notTheirs = await contact.PostAsync($"/api/events/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        await AssertDescribedAsync(notTheirs, "post", "/api/events/{id}/cancel");

        // The session's cookie from another site's form: refused before anything is read.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent("title=x&start=2027-10-06T19:00", Encoding.UTF8, "application/x-www-form-urlencoded"),
            Headers = { { "Origin", "https://evil.example" } },
        };
        using var refusedCrossSite = await contact.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refusedCrossSite.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problems_naming_each_field()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();

        using var invalid = await contact.PostAsJsonAsync("/api/events", new
        {
            title = "",
            format = "rave",
            attendance = "online",
            organizerName = "Ohio",
            url = "javascript:alert(1)",
            timeZone = "America/New_York",
            slots = new[] { new { start = "1999-10-06T19:00", end = "1999-10-06T20:00" }, new { start = $"{EventSite.Year}-10-06T19:00", end = $"{EventSite.Year}-10-06T18:00" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await AssertDescribedAsync(invalid, "post", "/api/events"))!.Value.GetProperty("errors");
        foreach (var field in new[] { "title", "format", "url", "slots[0].start", "slots[1].end" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        using var badFilter = await site.Http.GetAsync("/api/events?format=rave&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        var filterErrors = (await AssertDescribedAsync(badFilter, "get", "/api/events"))!.Value.GetProperty("errors");
        Assert.True(filterErrors.TryGetProperty("format", out _) && filterErrors.TryGetProperty("from", out _));

        using var forged = await site.Http.GetAsync("/api/events?continuation=' or 1 eq 1");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var noSuch = await site.Http.GetAsync($"/api/events/{EventSite.Year}-OH-01JAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, noSuch.StatusCode);
        await AssertDescribedAsync(noSuch, "get", "/api/events/{id}");
    }

    [Fact]
    public async Task An_edit_and_a_cancel_come_back_with_a_higher_sequence_and_the_cancelled_event_stays_listed()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var id = await site.PublishAsync(contact, Body(weeklyFor: 2));

        using var edited = await contact.PutAsJsonAsync("/api/events/" + id, Body(day: 7, weeklyFor: 2));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = (await AssertDescribedAsync(edited, "put", "/api/events/{id}"))!.Value;
        Assert.Equal(1, afterEdit.GetProperty("sequence").GetInt32());
        Assert.Equal([1, 2], afterEdit.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("number").GetInt32()));

        using var cancelled = await contact.PostAsync($"/api/events/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var afterCancel = (await AssertDescribedAsync(cancelled, "post", "/api/events/{id}/cancel"))!.Value;
        Assert.Equal("cancelled", afterCancel.GetProperty("status").GetString());
        Assert.Equal(2, afterCancel.GetProperty("sequence").GetInt32());

        var listed = await site.Http.GetFromJsonAsync<JsonElement>("/api/events");
        Assert.Equal("cancelled", Assert.Single(listed.GetProperty("events").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Filters_and_pages_select_events()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var chat = await site.PublishAsync(contact, Body(day: 5));
        var webinar = await site.PublishAsync(contact, Body(format: "webinar", day: 9));

        async Task<string[]> IdsAsync(string query) =>
            [.. (await site.Http.GetFromJsonAsync<JsonElement>("/api/events" + query)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

        Assert.Equal([chat, webinar], await IdsAsync(""));
        Assert.Equal([webinar], await IdsAsync("?format=webinar"));
        Assert.Equal([webinar], await IdsAsync($"?from={EventSite.Year}-10-08"));
        Assert.Equal([chat], await IdsAsync($"?to={EventSite.Year}-10-05"));
        Assert.Empty(await IdsAsync("?state=NY"));
        Assert.Empty(await IdsAsync("?audience=families"));
        Assert.Empty(await IdsAsync("?updatedSince=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))));
    }
}

/// <summary>Moves of the calendar on a <see cref="CemSite"/>.</summary>
internal static class EventSite
{
    /// <summary>The year of the current edition on the real clock (the DevHost's).</summary>
    public static int Year => DateTimeOffset.UtcNow < Cem.Core.Editions.Edition.Default(DateTimeOffset.UtcNow.Year).EndsAt ? DateTimeOffset.UtcNow.Year : DateTimeOffset.UtcNow.Year + 1;

    /// <summary>Ohio approved and its contact signed in.</summary>
    public static async Task<HttpClient> ContactClientAsync(this CemSite site)
    {
        await site.ApproveStateAsync();
        return await site.SignedInClientAsync(SessionSite.OhioContact);
    }

    /// <summary>Publishes straight through the service as staff (for tests about pages, not publishing).</summary>
    public static async Task<Cem.Core.Calendar.CalendarEvent> PublishDirectAsync(this CemSite site, string jurisdiction = "OH", string attendance = "online", int? weeklyFor = null)
    {
        var form = CalendarTesting.Form(jurisdiction, $"{Year}-10-06T19:00", $"{Year}-10-06T20:00", weeklyFor);
        form.Attendance = attendance;
        form.Location = attendance == "online" ? null : "Columbus Metropolitan Library, Room 2";
        var result = await site.Services.GetRequiredService<Cem.Core.Calendar.EventService>().PublishAsync(CalendarTesting.Staff, form, CancellationToken.None);
        Assert.Equal(Cem.Core.Calendar.EventOutcome.Done, result.Outcome);
        return result.Event!;
    }

    public static async Task<string> PublishAsync(this CemSite site, HttpClient client, object body)
    {
        using var created = await client.PostAsJsonAsync("/api/events", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
