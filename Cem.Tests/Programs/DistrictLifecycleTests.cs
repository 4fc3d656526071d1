using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;
using static Cem.Tests.Programs.DistrictJoinTests;

namespace Cem.Tests.Programs;

/// <summary>An approved district leaves (by its link, or removed by the state), joins again, and its contact deletes their data, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictLifecycleTests(AzuriteFixture azurite)
{
    private const string Dublin = "3904702";
    private const string DublinContact = "tech@dublin.k12.example.org";
    private const string NewsSubject = "A district in your CEM program";

    [Fact]
    public async Task A_district_leaves_once_by_the_link_in_its_welcome_email_and_is_listed_nowhere_while_the_state_is_told()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body(title: "Ohio chat")));
        var welcome = await ApprovedAsync(site, ohio, invite);
        var leaveLink = CemSite.LinkIn(welcome, "/districts/leave");

        // The GET shows what leaving does and changes nothing.
        using (var preview = await site.GetPageAsync(leaveLink))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Contains("no longer listed", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Single(await ApprovedDistrictsAsync(site));

        using (var left = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token = CemSite.TokenOf(leaveLink) }))
        {
            var answer = (await AssertDescribedAsync(left, "post", "/api/districts/leave"))!.Value;
            Assert.Equal("done", answer.GetProperty("outcome").GetString());
            Assert.Equal("left", answer.GetProperty("status").GetString());
        }

        Assert.Empty(await ApprovedDistrictsAsync(site));
        Assert.DoesNotContain("Columbus City Schools", await site.Http.GetStringAsync("/states/OH/cem"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync($"/states/OH/districts/{Columbus}/cem.ics")).StatusCode);
        Assert.Contains("has left", Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, NewsSubject)).Text, StringComparison.Ordinal);

        // Pressed again: already done, nothing more happens.
        using (var again = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token = CemSite.TokenOf(leaveLink) }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("alreadydone", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }

        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, NewsSubject));

        // The log counts the join and the leave once each.
        using (var rollup = await site.Http.PostAsync("/api/admin/metrics/rollup?code=" + Uri.EscapeDataString(site.FunctionKey), null))
        {
            rollup.EnsureSuccessStatusCode();
        }

        var counts = (await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/metrics")).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("district-joined").GetInt32());
        Assert.Equal(1, counts.GetProperty("district-left").GetInt32());
    }

    [Fact]
    public async Task Expired_tampered_and_another_districts_leave_links_change_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        var columbus = CemSite.TokenOf(CemSite.LinkIn(await ApprovedAsync(site, ohio, invite), "/districts/leave"));
        await ApprovedAsync(site, ohio, invite, Dublin, DublinContact, "Dublin City Schools");

        var links = site.Services.GetRequiredService<SignedLinks>();
        var claims = links.Check(columbus, "district-leave").Claims!;
        var expired = links.Issue("district-leave", claims.Subject, claims.Actor, TimeSpan.FromMinutes(-1));
        var tampered = columbus[..^3] + (columbus[^3] == 'A' ? "B" : "A") + columbus[^2..];
        // Columbus's link with Dublin's LEA ID put in its subject: the signature no longer matches.
        var forged = Reencoded(columbus, claims.Subject, claims.Subject.Replace(Columbus, Dublin, StringComparison.Ordinal));
        foreach (var (token, status) in new[] { (expired, HttpStatusCode.Gone), (tampered, HttpStatusCode.Forbidden), (forged, HttpStatusCode.Forbidden) })
        {
            using var refused = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token, districtId = $"{EventSite.Year}-OH-{Dublin}" });
            Assert.Equal(status, refused.StatusCode);
            await AssertDescribedAsync(refused, "post", "/api/districts/leave");
        }

        Assert.Equal(2, (await ApprovedDistrictsAsync(site)).Count);

        // Columbus's own link takes out Columbus only.
        using (var left = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token = columbus, districtId = $"{EventSite.Year}-OH-{Dublin}" }))
        {
            Assert.Equal($"{EventSite.Year}-OH-{Columbus}", (await left.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("districtId").GetString());
        }

        Assert.Equal([Dublin], (await ApprovedDistrictsAsync(site)).Select(d => d.GetProperty("leaId").GetString()));
    }

    [Fact]
    public async Task Only_the_states_own_contact_removes_an_approved_district_from_the_editor_and_only_from_the_site_itself()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        await ApprovedAsync(site, ohio, invite);
        const string NewYork = "sam.lee@nysed.example.gov";
        await site.ApproveAnotherStateAsync("NY", NewYork);
        using var newYork = await site.SignedInClientAsync(NewYork);
        var remove = $"/api/my/program/districts/{Columbus}/remove?state=OH";

        using (var foreign = await newYork.PostAsJsonAsync(remove, new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            await AssertDescribedAsync(foreign, "post", "/api/my/program/districts/{leaId}/{decision}");
        }

        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, remove) { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) })
        {
            crossSite.Headers.Add("Origin", "https://evil.example");
            using var refused = await ohio.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Single(await ApprovedDistrictsAsync(site));

        var editor = await ohio.GetStringAsync("/my/program?state=OH");
        Assert.Contains($"/api/my/program/districts/{Columbus}/remove?state=OH", editor, StringComparison.Ordinal);
        using (var removed = await ohio.PostAsJsonAsync(remove, new { }))
        {
            Assert.Equal("left", (await AssertDescribedAsync(removed, "post", "/api/my/program/districts/{leaId}/{decision}"))!.Value.GetProperty("status").GetString());
        }

        Assert.Empty(await ApprovedDistrictsAsync(site));
        Assert.Contains("left the program", await ohio.GetStringAsync("/my/program?state=OH"), StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, NewsSubject));
        await site.SettledAsync();
        Assert.Empty(await site.EmailsAsync(NewYork, NewsSubject, count: 0));
    }

    [Fact]
    public async Task A_district_that_left_joins_again_and_the_links_of_its_earlier_round_do_nothing_to_the_new_one()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        var firstWelcome = await ApprovedAsync(site, ohio, invite);
        using (var removed = await ohio.PostAsJsonAsync($"/api/my/program/districts/{Columbus}/remove?state=OH", new { }))
        {
            removed.EnsureSuccessStatusCode();
        }

        // The LEA ID is free: the district asks again, confirms, and the state approves it again.
        var secondWelcome = await ApprovedAsync(site, ohio, invite, emails: 2);
        Assert.Single(await ApprovedDistrictsAsync(site));

        // The first round's leave link (never used: the state removed it) and delete-my-data link do nothing now.
        using (var oldLeave = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token = CemSite.TokenOf(CemSite.LinkIn(firstWelcome, "/districts/leave")) }))
        {
            Assert.Equal(HttpStatusCode.Conflict, oldLeave.StatusCode);
        }

        using (var oldErase = await site.Http.PostAsJsonAsync("/api/delete-my-data/district", new { token = CemSite.TokenOf(CemSite.LinkIn(firstWelcome, "/delete-my-data/district")), choice = "leave" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, oldErase.StatusCode);
        }

        Assert.Single(await ApprovedDistrictsAsync(site));
        Assert.Contains(DistrictContact, await ContactRowTextAsync(site), StringComparison.Ordinal);

        // The second round's link works.
        using (var left = await site.Http.PostAsJsonAsync("/api/districts/leave", new { token = CemSite.TokenOf(CemSite.LinkIn(secondWelcome, "/districts/leave")) }))
        {
            Assert.Equal("left", (await left.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        using (var rollup = await site.Http.PostAsync("/api/admin/metrics/rollup?code=" + Uri.EscapeDataString(site.FunctionKey), null))
        {
            rollup.EnsureSuccessStatusCode();
        }

        var counts = (await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/metrics")).GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("district-joined").GetInt32());
        Assert.Equal(2, counts.GetProperty("district-left").GetInt32());
    }

    [Fact]
    public async Task The_contacts_delete_my_data_link_deletes_their_details_from_storage_and_the_district_stays_listed()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        var welcome = await ApprovedAsync(site, ohio, invite);
        var erase = CemSite.LinkIn(welcome, "/delete-my-data/district");
        Assert.Contains(DistrictContact, await ContactRowTextAsync(site), StringComparison.Ordinal);

        using (var page = await site.GetPageAsync(erase))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("stays listed", html, StringComparison.Ordinal);
            Assert.Contains("value=\"leave\"", html, StringComparison.Ordinal);
        }

        using (var deleted = await site.Http.PostAsJsonAsync("/api/delete-my-data/district", new { token = CemSite.TokenOf(erase) }))
        {
            var answer = (await AssertDescribedAsync(deleted, "post", "/api/delete-my-data/district"))!.Value;
            Assert.Equal("approved", answer.GetProperty("status").GetString());
        }

        var text = await ContactRowTextAsync(site);
        Assert.DoesNotContain(DistrictContact, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jordan Reyes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Director of Technology", text, StringComparison.Ordinal);
        var listed = Assert.Single(await ApprovedDistrictsAsync(site));
        Assert.Equal("Columbus City Schools", listed.GetProperty("name").GetString());
        Assert.Contains("deleted their name", Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, NewsSubject)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_not_yet_approved_is_deleted_with_its_contacts_data_and_its_LEA_ID_may_ask_again()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var invite = await PublishedWithInviteAsync(ohio, await site.PublishAsync(ohio, EventApiTests.Body()));
        (await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(invite))).EnsureSuccessStatusCode();
        var erase = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(DistrictContact, "Confirm your address")), "/delete-my-data/district");

        using (var deleted = await site.Http.PostAsJsonAsync("/api/delete-my-data/district", new { token = CemSite.TokenOf(erase) }))
        {
            Assert.Equal("erased", (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        Assert.DoesNotContain(DistrictContact, await ContactRowTextAsync(site), StringComparison.OrdinalIgnoreCase);
        using (var again = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(invite)))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        await site.EmailsAsync(DistrictContact, "Confirm your address", count: 2);
    }

    [Fact]
    public async Task Saving_and_publishing_the_program_answer_with_its_approved_districts()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var eventId = await site.PublishAsync(ohio, EventApiTests.Body());
        var invite = await PublishedWithInviteAsync(ohio, eventId);
        await ApprovedAsync(site, ohio, invite);

        var saved = await ohio.SaveAsync(ProgramSite.Body(eventId));
        using var published = await ohio.PostAsync("/api/states/OH/program/publish", null);
        var answers = new[] { saved, (await AssertDescribedAsync(published, "post", "/api/states/{code}/program/publish"))!.Value };
        foreach (var answer in answers)
        {
            var district = Assert.Single(answer.GetProperty("districts").EnumerateArray());
            Assert.Equal(Columbus, district.GetProperty("leaId").GetString());
            Assert.Equal("Columbus City Schools", district.GetProperty("name").GetString());
            Assert.True(district.TryGetProperty("joinedAt", out _));
            Assert.DoesNotContain(DistrictContact, answer.GetRawText(), StringComparison.Ordinal);
        }
    }

    /// <summary>Joins from the invite, confirms by the emailed link, and has Ohio's contact approve it; returns the welcome email.</summary>
    private static async Task<OutboxMessage> ApprovedAsync(CemSite site, HttpClient ohio, Uri invite, string leaId = Columbus, string email = DistrictContact, string name = "Columbus City Schools", int emails = 1)
    {
        using (var joined = await site.Http.PostAsJsonAsync("/api/districts/join", JoinBody(invite, leaId, name, email)))
        {
            Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        }

        var confirm = CemSite.LinkIn((await site.EmailsAsync(email, "Confirm your address", emails))[0], "/districts/confirm");
        (await site.Http.PostAsJsonAsync("/api/districts/confirm", new { token = CemSite.TokenOf(confirm) })).EnsureSuccessStatusCode();
        await site.EmailsAsync(SessionSite.OhioContact, "A district asks to join", emails);
        (await ohio.PostAsJsonAsync($"/api/my/program/districts/{leaId}/approve?state=OH", new { })).EnsureSuccessStatusCode();
        return (await site.EmailsAsync(email, "Welcome", emails))[0]; // newest first
    }

    private static async Task<List<JsonElement>> ApprovedDistrictsAsync(CemSite site) =>
        [.. (await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/program")).GetProperty("districts").EnumerateArray()];

    /// <summary>Every value of every row of the table the districts live in, as text: what storage still holds.</summary>
    private static async Task<string> ContactRowTextAsync(CemSite site)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var row in site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EventsTable).QueryAsync<TableEntity>())
        {
            foreach (var (key, value) in row)
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The token with <paramref name="from"/> replaced by <paramref name="to"/> in its signed payload, the signature kept.</summary>
    private static string Reencoded(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        return System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace(from, to, StringComparison.Ordinal))) + "." + parts[1];
    }
}
