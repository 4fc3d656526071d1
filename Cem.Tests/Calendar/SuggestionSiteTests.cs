using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Calendar;

/// <summary>Suggesting an event over HTTP through the DevHost: the whole way to the calendar, the form, the limits.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SuggestionSiteTests(AzuriteFixture azurite)
{
    private const string Suggester = "river.suggester@example.net";

    public static object Body(string jurisdiction = "OH", string title = "Family tech night", string? url2 = null) => new
    {
        jurisdiction,
        title,
        description = "Bring the *whole* family.",
        format = "workshop",
        attendance = "online",
        organizerName = "Columbus Library",
        url = "https://example.org/family",
        slots = new[] { new { start = $"{EventSite.Year}-10-08T18:00", end = $"{EventSite.Year}-10-08T19:30" } },
        contactName = "River Stone",
        contactEmail = Suggester,
        url2,
    };

    /// <summary>A national suggestion sent and confirmed over HTTP; the staff member's review link for <paramref name="action"/>.</summary>
    public static async Task<string> ReviewLinkAsync(CemSite site, string action)
    {
        using (var suggested = await site.Http.PostAsJsonAsync("/api/events/suggestions", Body(jurisdiction: "")))
        {
            Assert.Equal(HttpStatusCode.Accepted, suggested.StatusCode);
        }

        var confirm = Assert.Single(await site.EmailsAsync(Suggester, "Confirm your event suggestion"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/suggestions/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(confirm, "/suggestions/confirm")) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        return CemSite.LinkIn(Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Suggested event for the whole country")), "/suggestions/" + action);
    }

    [Fact]
    public async Task A_suggestion_confirmed_and_approved_by_its_states_contact_appears_in_the_api_and_the_feed()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync("OH", SessionSite.OhioContact);

        using var suggested = await site.Http.PostAsJsonAsync("/api/events/suggestions", Body());
        Assert.Equal(HttpStatusCode.Accepted, suggested.StatusCode);
        await AssertDescribedAsync(suggested, "post", "/api/events/suggestions");
        Assert.DoesNotContain("Family tech night", await site.Http.GetStringAsync("/api/events"), StringComparison.Ordinal);

        var confirm = Assert.Single(await site.EmailsAsync(Suggester, "Confirm your event suggestion"));
        using (var page = await site.GetPageAsync(CemSite.LinkIn(confirm, "/suggestions/confirm")))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Confirm my suggestion", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var confirmed = await site.Http.PostAsJsonAsync("/api/suggestions/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(confirm, "/suggestions/confirm")) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            await AssertDescribedAsync(confirmed, "post", "/api/suggestions/confirm");
        }

        var request = Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "Suggested event for Ohio"));
        await site.SettledAsync();
        Assert.DoesNotContain(await site.Outbox.ListAsync(500, CancellationToken.None), e => e.Subject.Contains("Suggested event", StringComparison.Ordinal) && !e.To.Contains(SessionSite.OhioContact, StringComparison.Ordinal));
        var approveLink = CemSite.LinkIn(request, "/suggestions/approve");
        using (var page = await site.GetPageAsync(approveLink))
        {
            Assert.Contains("Family tech night", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await AssertDescribedAsync(page, "get", "/suggestions/approve");
        }

        using var approved = await site.Http.PostAsJsonAsync("/api/suggestions/approve", new { token = CemSite.TokenOf(approveLink) });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await AssertDescribedAsync(approved, "post", "/api/suggestions/approve");
        var eventId = (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;

        Assert.Contains(eventId, await site.Http.GetStringAsync("/api/events"), StringComparison.Ordinal);
        Assert.Contains("Family tech night", await site.Http.GetStringAsync("/calendar.ics"), StringComparison.Ordinal);
        Assert.Contains("Family tech night", await site.Http.GetStringAsync("/states/OH/calendar.ics"), StringComparison.Ordinal);
        var told = Assert.Single(await site.EmailsAsync(Suggester, "Your event is on the CEM calendar"));
        Assert.Contains("/events/" + eventId, told.Text, StringComparison.Ordinal);
        foreach (var path in new[] { "/api/events", "/api/events/" + eventId, "/events/" + eventId, "/events/" + eventId + ".ics", "/calendar", "/calendar.ics", "/embed/calendar?state=OH" })
        {
            Assert.DoesNotContain(Suggester, await site.Http.GetStringAsync(path), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_signed_in_contact_decides_on_their_states_suggestions_from_my_page_and_not_on_others()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync("OH", SessionSite.OhioContact);
        using var contact = await site.SignedInClientAsync(SessionSite.OhioContact);
        foreach (var (jurisdiction, title) in new[] { ("OH", "Ohio family night"), ("NY", "New York family night") })
        {
            using var suggested = await site.Http.PostAsJsonAsync("/api/events/suggestions", Body(jurisdiction, title));
            Assert.Equal(HttpStatusCode.Accepted, suggested.StatusCode);
        }

        foreach (var confirm in await site.EmailsAsync(Suggester, "Confirm your event suggestion", 2))
        {
            using var confirmed = await site.Http.PostAsJsonAsync("/api/suggestions/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(confirm, "/suggestions/confirm")) });
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        var my = await contact.GetStringAsync("/my");
        Assert.Contains("Ohio family night", my, StringComparison.Ordinal);
        Assert.DoesNotContain("New York family night", my, StringComparison.Ordinal);
        Assert.DoesNotContain(Suggester, my, StringComparison.Ordinal);
        var ohio = System.Text.RegularExpressions.Regex.Match(my, "/api/events/([^/]+)/moderation/approve").Groups[1].Value;
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        var console = await staff.GetStringAsync("/staff");
        var newYork = System.Text.RegularExpressions.Regex.Matches(console, "/api/events/([^/]+)/moderation/approve").Select(m => m.Groups[1].Value).Single(id => id != ohio);

        using var refused = await contact.PostAsJsonAsync($"/api/events/{newYork}/moderation/approve", new { });
        using var approved = await contact.PostAsJsonAsync($"/api/events/{ohio}/moderation/approve", new { });
        using var rejected = await staff.PostAsJsonAsync($"/api/events/{newYork}/moderation/reject", new { reason = "Please send the registration page." });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        await AssertDescribedAsync(refused, "post", "/api/events/{id}/moderation/{decision}");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await AssertDescribedAsync(approved, "post", "/api/events/{id}/moderation/{decision}");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Contains(ohio, await site.Http.GetStringAsync("/api/events"), StringComparison.Ordinal);
        Assert.DoesNotContain(newYork, await site.Http.GetStringAsync("/api/events"), StringComparison.Ordinal);
        var told = Assert.Single(await site.EmailsAsync(Suggester, "About your event suggestion"));
        Assert.Contains("Please send the registration page.", told.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_shows_each_bad_field_and_a_good_post_goes_to_the_thanks()
    {
        await using var site = await CemSite.StartAsync(azurite);
        Assert.Contains("/calendar/suggest", await site.Http.GetStringAsync("/calendar"), StringComparison.Ordinal);

        using var bad = await site.PressAsync("/api/events/suggestions", new Dictionary<string, string> { ["title"] = "x", ["contactEmail"] = "not-an-address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#contactEmail\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#start\"", html, StringComparison.Ordinal);

        using var json = await site.Http.PostAsJsonAsync("/api/events/suggestions", new { title = "x", contactName = "R" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var errors = (await AssertDescribedAsync(json, "post", "/api/events/suggestions"))!.Value.GetProperty("errors");
        Assert.True(errors.TryGetProperty("contactEmail", out _));
        Assert.True(errors.TryGetProperty("format", out _));

        using var browser = site.NewClient(); // sees the redirect rather than following it
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/events/suggestions") { Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["jurisdiction"] = "", ["title"] = "Family tech night", ["format"] = "workshop", ["attendance"] = "online", ["organizerName"] = "Columbus Library",
            ["url"] = "https://example.org/family", ["start"] = $"{EventSite.Year}-10-08T18:00", ["end"] = $"{EventSite.Year}-10-08T19:30",
            ["contactName"] = "River Stone", ["contactEmail"] = Suggester,
        }) };
        post.Headers.Accept.ParseAdd("text/html");
        using var good = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, good.StatusCode);
        Assert.Equal("/calendar/suggest?sent=1", good.Headers.Location!.OriginalString);
        Assert.Single(await site.EmailsAsync(Suggester, "Confirm your event suggestion"));
    }

    [Fact]
    public async Task A_filled_honeypot_gets_the_same_answer_and_no_email()
    {
        await using var site = await CemSite.StartAsync(azurite);

        using var real = await site.Http.PostAsJsonAsync("/api/events/suggestions", Body(title: "Real one"));
        using var bot = await site.Http.PostAsJsonAsync("/api/events/suggestions", Body(title: "Bot one", url2: "http://spam.example"));

        Assert.Equal(HttpStatusCode.Accepted, bot.StatusCode);
        Assert.Equal(await real.Content.ReadAsStringAsync(), await bot.Content.ReadAsStringAsync());
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Suggester, "Confirm your event suggestion"));
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)]
    public async Task Suggestions_beyond_the_per_client_limit_are_refused_with_a_wait()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Events:SuggestionRateLimit"] = "2");
        using var client = site.ClientFrom("127.0.0.41");
        using var other = site.ClientFrom("127.0.0.42");

        for (var i = 0; i < 2; i++)
        {
            using var accepted = await client.PostAsJsonAsync("/api/events/suggestions", Body());
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var refused = await client.PostAsJsonAsync("/api/events/suggestions", Body());
        using var elsewhere = await other.PostAsJsonAsync("/api/events/suggestions", Body());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await AssertDescribedAsync(refused, "post", "/api/events/suggestions");
        Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)]
    public async Task A_session_publishing_beyond_its_limit_gets_429_with_retry_after()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Events:PublishRateLimit"] = "2");
        using var contact = await site.ContactClientAsync();
        var body = new { title = "Connected classrooms", format = "chat", attendance = "online", organizerName = "Ohio", url = "https://example.org/j", slots = new[] { new { start = $"{EventSite.Year}-10-06T19:00", end = $"{EventSite.Year}-10-06T20:00" } } };

        await site.PublishAsync(contact, body);
        await site.PublishAsync(contact, body);
        using var refused = await contact.PostAsJsonAsync("/api/events", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await AssertDescribedAsync(refused, "post", "/api/events");
        Assert.Equal(2, (await site.Http.GetFromJsonAsync<JsonElement>("/api/events")).GetProperty("events").GetArrayLength());
    }
}
