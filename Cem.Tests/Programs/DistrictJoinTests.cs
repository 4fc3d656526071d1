using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Programs;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Programs;

/// <summary>Districts join a state's program through the DevHost: invite, request, confirmation, the state's decision; and what is refused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictJoinTests(AzuriteFixture azurite)
{
    internal const string DistrictContact = "it.lead@columbus.k12.example.org";
    internal const string Columbus = "3904380";

    [Fact]
    public async Task A_district_joins_from_the_invite_confirms_and_the_state_approves_it_from_the_email()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        using var contact = await site.ContactClientAsync();
        var eventId = await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio chat"));
        var invite = await PublishedWithInviteAsync(contact, eventId);

        using (var page = await site.Http.GetAsync(invite.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Join <bdi>Ohio Connects</bdi>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var joined = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(invite)))
        {
            Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
            var answer = (await AssertDescribedAsync(joined, "post", "/api/districts/join"))!.Value;
            Assert.Equal($"{EventSite.Year}-OH-{Columbus}", answer.GetProperty("districtId").GetString());
        }

        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(DistrictContact, "Confirm your address to join Ohio")), "/districts/confirm");
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync(confirm)).StatusCode);
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/districts/confirm", new { token = CemSite.TokenOf(confirm) }))
        {
            Assert.Equal("awaiting-approval", (await AssertDescribedAsync(confirmed, "post", "/api/districts/confirm"))!.Value.GetProperty("status").GetString());
        }

        var request = Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "A district asks to join your CEM program"));
        Assert.Contains(Columbus, request.Text, StringComparison.Ordinal);
        var approve = CemSite.LinkIn(request, "/districts/approve");
        using (var preview = await site.Http.GetAsync(approve))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Contains("Columbus City Schools", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var approved = await site.Http.PostAsJsonAsync("/api/districts/approve", new { token = CemSite.TokenOf(approve) }))
        {
            Assert.Equal("approved", (await AssertDescribedAsync(approved, "post", "/api/districts/approve"))!.Value.GetProperty("status").GetString());
        }

        var welcome = Assert.Single(await site.EmailsAsync(DistrictContact, "Welcome to Ohio's CEM program"));
        var feedLink = CemSite.LinkIn(welcome, $"/states/OH/districts/{Columbus}/cem.ics");
        Assert.Contains("/states/OH/cem", welcome.Text, StringComparison.Ordinal);

        // Listed in the API and on the page; the district's own feed read by ical.js.
        var program = await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/program");
        var district = Assert.Single(program.GetProperty("districts").EnumerateArray());
        Assert.Equal(Columbus, district.GetProperty("leaId").GetString());
        Assert.Equal("Columbus City Schools", district.GetProperty("name").GetString());
        Assert.DoesNotContain(DistrictContact, program.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Columbus City Schools", await site.Http.GetStringAsync("/states/OH/cem"), StringComparison.Ordinal);
        using var feed = await site.Http.GetAsync(feedLink);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        await AssertDescribedAsync(feed, "get", "/states/{code}/districts/{leaId}/cem.ics");
        var read = await IcalJs.ReadAsync(await feed.Content.ReadAsByteArrayAsync());
        Assert.Equal("Ohio chat", Assert.Single(read.GetProperty("events").EnumerateArray()).GetProperty("summary").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/states/OH/districts/3904381/cem.ics")).StatusCode);

        // Counted: the rollup, the state's JSON and its data page.
        using (var rollup = await site.Http.PostAsync("/api/admin/metrics/rollup?code=" + Uri.EscapeDataString(site.FunctionKey), null))
        {
            rollup.EnsureSuccessStatusCode();
        }

        var metrics = await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/metrics");
        Assert.Equal(1, metrics.GetProperty("counts").GetProperty("district-joined").GetInt32());
        Assert.Equal(1, metrics.GetProperty("counts").GetProperty("program-published").GetInt32());
        Assert.Contains("Districts joined", await site.Http.GetStringAsync("/states/OH/data"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_revoked_and_other_states_invites_and_a_second_join_of_one_LEA_ID_are_refused_by_field()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var old = await PublishedWithInviteAsync(contact, await site.PublishAsync(contact, EventApiTests.Body()));
        var current = await NewInviteAsync(contact);

        var token = CemSite.TokenOf(current.AbsoluteUri);
        var forged = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        foreach (var (bad, why) in new[] { (CemSite.TokenOf(old.AbsoluteUri), "revoked"), (forged, "forged"), ("", "missing") })
        {
            using var refused = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(bad));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, why);
            var errors = (await AssertDescribedAsync(refused, "post", "/api/districts/join"))!.Value.GetProperty("errors");
            Assert.True(errors.TryGetProperty("token", out _), why);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await site.Http.GetAsync(old.PathAndQuery)).StatusCode);

        using (var otherState = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(token, leaId: "3600123")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherState.StatusCode);
            var leaError = (await otherState.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("leaId")[0].GetString();
            Assert.Contains("New York", leaError, StringComparison.Ordinal);
        }

        using (var malformed = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(token, leaId: "39-0438")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("leaId", out _));
        }

        using (var first = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(token)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var second = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(token, name: "Someone else", email: "other@example.org")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
            Assert.Contains("already", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("leaId")[0].GetString(), StringComparison.Ordinal);
        }

        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(DistrictContact, "Confirm your address")); // the refused ones sent nothing
        Assert.Empty(await site.EmailsAsync("other@example.org", "Confirm your address", count: 0));
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)]
    public async Task Join_requests_beyond_the_per_client_limit_are_refused_with_a_wait_and_reserve_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Programs:JoinRateLimit"] = "3");
        using var contact = await site.ContactClientAsync();
        var token = CemSite.TokenOf((await PublishedWithInviteAsync(contact, await site.PublishAsync(contact, EventApiTests.Body()))).AbsoluteUri);
        using var client = site.ClientFrom("127.0.0.51");
        using var other = site.ClientFrom("127.0.0.52");

        HttpResponseMessage? refused = null;
        var accepted = 0;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var answer = await client.PostAsJsonAsync("/api/districts/join", JoinBody(token, leaId: $"39000{i:D2}", email: $"squatter{i}@example.org"));
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = answer;
                break;
            }

            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            answer.Dispose();
            accepted++;
        }

        Assert.Equal(3, accepted);
        using (refused)
        {
            Assert.NotNull(refused);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            await AssertDescribedAsync(refused, "post", "/api/districts/join");
        }

        using (var elsewhere = await other.PostAsJsonAsync("/api/districts/join", JoinBody(token)))
        {
            Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
        }

        await site.SettledAsync();
        Assert.Empty(await site.EmailsAsync("squatter3@example.org", "Confirm your address", count: 0));
    }

    [Fact]
    public async Task Only_a_confirmed_contact_of_the_districts_state_approves_it_and_markup_stays_text()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        const string Hostile = "<script>alert(1)</script>";
        using (var joined = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(invite, name: "Columbus " + Hostile)))
        {
            Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        }

        var id = $"{EventSite.Year}-OH-{Columbus}";
        var decisions = site.Services.GetRequiredService<DistrictDecisions>();
        const string NewYork = "sam.lee@nysed.example.gov";
        await site.ApproveAnotherStateAsync("NY", NewYork);
        using var newYork = await site.SignedInClientAsync(NewYork);

        // Not confirmed yet: nobody can decide.
        using (var early = await site.Http.PostAsJsonAsync("/api/districts/approve", new { token = CemSite.TokenOf(decisions.Approve.LinkFor(id, SessionSite.OhioContact).AbsoluteUri) }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(DistrictContact, "Confirm your address")), "/districts/confirm");
        (await site.Http.PostAsJsonAsync("/api/districts/confirm", new { token = CemSite.TokenOf(confirm) })).EnsureSuccessStatusCode();
        Assert.Empty(await site.EmailsAsync(NewYork, "A district asks", count: 0)); // only Ohio's contacts are asked

        // Another state's contact: with a link made out to them, or signed in.
        using (var foreignLink = await site.Http.PostAsJsonAsync("/api/districts/approve", new { token = CemSite.TokenOf(decisions.Approve.LinkFor(id, NewYork).AbsoluteUri) }))
        {
            Assert.Equal(HttpStatusCode.Conflict, foreignLink.StatusCode);
            await AssertDescribedAsync(foreignLink, "post", "/api/districts/approve");
        }

        using (var foreignSession = await newYork.PostAsJsonAsync($"/api/my/program/districts/{Columbus}/approve?state=OH", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreignSession.StatusCode);
            await AssertDescribedAsync(foreignSession, "post", "/api/my/program/districts/{leaId}/{decision}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync($"/states/OH/districts/{Columbus}/cem.ics")).StatusCode);

        // Ohio's contact decides from the editor.
        var editor = await ohio.GetStringAsync("/my/program?state=OH");
        Assert.Contains("Columbus &lt;script&gt;alert(1)&lt;/script&gt;", editor, StringComparison.Ordinal);
        using (var approved = await ohio.PostAsJsonAsync($"/api/my/program/districts/{Columbus}/approve?state=OH", new { }))
        {
            Assert.Equal("approved", (await AssertDescribedAsync(approved, "post", "/api/my/program/districts/{leaId}/{decision}"))!.Value.GetProperty("status").GetString());
        }

        var page = await site.Http.GetStringAsync("/states/OH/cem");
        Assert.Contains("Columbus &lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Hostile, page, StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync(DistrictContact, "Welcome"));
    }

    internal static object JoinBody(Uri invite, string leaId = Columbus, string name = "Columbus City Schools", string email = DistrictContact) =>
        JoinBody(CemSite.TokenOf(invite.AbsoluteUri), leaId, name, email);

    internal static object JoinBody(string token, string leaId = Columbus, string name = "Columbus City Schools", string email = DistrictContact) =>
        new { token, name, leaId, contactName = "Jordan Reyes", contactTitle = "Director of Technology", email };

    /// <summary>Saves and publishes Ohio's program recommending <paramref name="eventId"/>, and makes an invite.</summary>
    internal static async Task<Uri> PublishedWithInviteAsync(HttpClient contact, string eventId)
    {
        await contact.SaveAsync(ProgramSite.Body(eventId));
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();
        return await NewInviteAsync(contact);
    }

    internal static async Task<Uri> NewInviteAsync(HttpClient contact)
    {
        using var invited = await contact.PostAsync("/api/states/OH/program/invites", null);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var url = (await AssertDescribedAsync(invited, "post", "/api/states/{code}/program/invites"))!.Value.GetProperty("url").GetString()!;
        return new Uri(url);
    }
}
