using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;
using static Cem.Tests.Programs.DistrictSite;

namespace Cem.Tests.Programs;

/// <summary>A district's contact signs in and submits events that its state moderates, through the DevHost; and what is refused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictEventTests(AzuriteFixture azurite)
{
    private const string Route = "/api/states/{code}/districts/{leaId}/events";
    private static readonly string Submit = $"/api/states/OH/districts/{Columbus}/events";

    [Fact]
    public async Task A_district_signs_in_submits_an_event_and_once_the_state_publishes_it_from_the_email_it_is_in_both_feeds_and_the_figures()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        using var ohio = await site.ContactClientAsync();
        await site.PublishAsync(ohio, EventApiTests.Body(title: "Ohio chat"));
        using var district = await site.ApprovedDistrictClientAsync(await PublishedProgramInviteAsync(ohio));

        using (var me = await district.GetAsync("/api/me"))
        {
            var role = Assert.Single((await AssertDescribedAsync(me, "get", "/api/me"))!.Value.GetProperty("roles").EnumerateArray());
            Assert.Equal("district", role.GetProperty("role").GetString());
            Assert.Equal(Columbus, role.GetProperty("leaId").GetString());
        }

        var home = await district.GetStringAsync("/my");
        Assert.Contains("Your district in CEM", home, StringComparison.Ordinal);
        Assert.Contains($"/states/OH/districts/{Columbus}/cem.ics", home, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Submit}\"", home, StringComparison.Ordinal);

        string id;
        using (var submitted = await district.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var answer = (await AssertDescribedAsync(submitted, "post", Route))!.Value;
            Assert.Equal("pending", answer.GetProperty("status").GetString());
            id = answer.GetProperty("id").GetString()!;
        }

        // Straight to Ohio's contacts, with the district named; no confirmation email, nothing public yet.
        var request = Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "Suggested event for Ohio"));
        Assert.Contains(ColumbusName, request.Text, StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Empty(await site.EmailsAsync(ColumbusContact, "Confirm your event suggestion", count: 0));
        Assert.Empty(await site.EmailsAsync(CemSite.StaffA, "Suggested event", count: 0));
        Assert.DoesNotContain("Columbus family tech night", await site.Http.GetStringAsync("/states/OH/cem.ics"), StringComparison.Ordinal);
        Assert.Contains("waiting for the state&#x27;s decision", await district.GetStringAsync("/my"), StringComparison.Ordinal);
        var editor = await ohio.GetStringAsync("/my/program?state=OH");
        Assert.Contains("Events submitted by your districts awaiting a decision (1)", editor, StringComparison.Ordinal);
        Assert.Contains($"/api/events/{id}/moderation/approve", editor, StringComparison.Ordinal);

        using (var approved = await site.Http.PostAsJsonAsync("/api/suggestions/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/suggestions/approve")) }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // One of Ohio's events: its program feed and the district's, as ical.js reads them; its page; the district's list.
        foreach (var feed in new[] { "/states/OH/cem.ics", $"/states/OH/districts/{Columbus}/cem.ics" })
        {
            var read = await IcalJs.ReadAsync(await site.Http.GetByteArrayAsync(feed));
            var summaries = read.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("summary").GetString()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["Columbus family tech night", "Ohio chat"], summaries);
        }

        Assert.Contains("Columbus family tech night", await site.Http.GetStringAsync("/states/OH/cem"), StringComparison.Ordinal);
        Assert.Contains($"hosted by <bdi>{ColumbusName}</bdi>", await site.Http.GetStringAsync("/events/" + id), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/events/{id}\"><bdi>Columbus family tech night</bdi></a>: published", await district.GetStringAsync("/my"), StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync(ColumbusContact, "Your event is on the CEM calendar"));

        // Counted for Ohio, and once as a district's event.
        using (var rollup = await site.Http.PostAsync("/api/admin/metrics/rollup?code=" + Uri.EscapeDataString(site.FunctionKey), null))
        {
            rollup.EnsureSuccessStatusCode();
        }

        var counts = (await site.Http.GetFromJsonAsync<JsonElement>("/api/states/OH/metrics")).GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("event-added").GetInt32());
        Assert.Equal(1, counts.GetProperty("district-event-added").GetInt32());
    }

    [Fact]
    public async Task A_district_contact_submits_only_for_its_own_district_cannot_moderate_and_another_state_cannot_publish()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        const string NewYork = "sam.lee@nysed.example.gov";
        await site.ApproveAnotherStateAsync("NY", NewYork);
        using var newYork = await site.SignedInClientAsync(NewYork);
        using var district = await site.ApprovedDistrictClientAsync(await PublishedProgramInviteAsync(ohio));

        // Another district of Ohio, the same LEA ID under another state, no LEA ID at all: refused, naming the district.
        foreach (var path in new[] { "/api/states/OH/districts/3904381/events", $"/api/states/NY/districts/{Columbus}/events", "/api/states/OH/districts/x/events" })
        {
            using var refused = await district.PostAsJsonAsync(path, EventBody());
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, path);
            var errors = (await AssertDescribedAsync(refused, "post", Route))!.Value.GetProperty("errors");
            Assert.True(errors.TryGetProperty("leaId", out _), path);
        }

        using (var noState = await district.PostAsJsonAsync($"/api/states/ZZ/districts/{Columbus}/events", EventBody()))
        {
            Assert.Equal(HttpStatusCode.NotFound, noState.StatusCode);
            await AssertDescribedAsync(noState, "post", Route);
        }

        // Ohio's own contact is not the district; nobody signed in is nobody; another state's event is not the district's.
        using (var stateContact = await ohio.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stateContact.StatusCode);
        }

        using (var anonymous = await site.Http.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            await AssertDescribedAsync(anonymous, "post", Route);
        }

        using (var elsewhere = await district.PostAsJsonAsync(Submit, EventApiTests.Body(jurisdiction: "NY")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
            Assert.True((await AssertDescribedAsync(elsewhere, "post", Route))!.Value.GetProperty("errors").TryGetProperty("jurisdiction", out _));
        }

        // Another site's page posting with the district's cookie.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, Submit) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "Forged" }) })
        {
            forged.Headers.Add("Origin", "https://evil.example");
            using var crossSite = await district.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
            await AssertDescribedAsync(crossSite, "post", Route);
        }

        await site.SettledAsync();
        Assert.Empty(await StoredAsync(site));

        using (var submitted = await district.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        var id = Assert.Single(await StoredAsync(site)).Id.ToString();
        var approve = site.Services.GetRequiredService<SuggestionDecision.Approve>();

        // The district cannot publish its own event, signed in or with a link made out to it; nor can New York's contact.
        foreach (var (client, who) in new[] { (district, "district"), (newYork, "New York") })
        {
            using var moderated = await client.PostAsJsonAsync($"/api/events/{id}/moderation/approve", new { });
            Assert.True(moderated.StatusCode == HttpStatusCode.Conflict, who);
        }

        foreach (var address in new[] { ColumbusContact, NewYork })
        {
            using var linked = await site.Http.PostAsJsonAsync("/api/suggestions/approve", new { token = approve.TokenFor(EventId.TryParse(id, out var parsed) ? parsed : throw new InvalidOperationException(id), address) });
            Assert.True(linked.StatusCode == HttpStatusCode.Conflict, address);
        }

        Assert.Equal(EventStatuses.Pending, Assert.Single(await StoredAsync(site)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/api/events/" + id)).StatusCode);
        Assert.Empty(await site.EmailsAsync(NewYork, "Suggested event", count: 0));

        using (var published = await ohio.PostAsJsonAsync($"/api/events/{id}/moderation/approve", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        Assert.Equal(EventStatuses.Published, Assert.Single(await StoredAsync(site)).Status);
    }

    [Fact]
    public async Task Markup_in_every_field_of_a_district_event_and_in_the_districts_name_is_shown_as_text()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        const string Hostile = "<script>alert(1)</script>";
        const string Shown = "&lt;script&gt;alert(1)&lt;/script&gt;";
        var token = await PublishedProgramInviteAsync(ohio);
        await site.JoinAsync(token, name: "Columbus " + Hostile);
        await site.ConfirmDistrictAsync();
        await site.DecideDistrictAsync(Columbus, approve: true);
        using var district = await site.SignedInClientAsync(ColumbusContact);

        using (var submitted = await district.PostAsJsonAsync(Submit, EventBody(title: "Night " + Hostile, organizerName: "Library " + Hostile, description: "About " + Hostile, location: "Room " + Hostile)))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        var id = Assert.Single(await StoredAsync(site)).Id.ToString();
        var pages = new List<string> { await district.GetStringAsync("/my"), await ohio.GetStringAsync("/my"), await ohio.GetStringAsync("/my/program?state=OH") };
        Assert.Contains("Submitted by the district <bdi>Columbus " + Shown + "</bdi>", pages[2], StringComparison.Ordinal);
        using (var published = await ohio.PostAsJsonAsync($"/api/events/{id}/moderation/approve", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        pages.Add(await site.Http.GetStringAsync("/events/" + id));
        pages.Add(await site.Http.GetStringAsync("/states/OH/cem"));
        foreach (var page in pages)
        {
            Assert.Contains("Night " + Shown, page, StringComparison.Ordinal);
            Assert.DoesNotContain(Hostile, page, StringComparison.Ordinal);
        }

        Assert.Contains("hosted by <bdi>Columbus " + Shown + "</bdi>", pages[3], StringComparison.Ordinal);
        Assert.Contains("Library " + Shown, pages[3], StringComparison.Ordinal);
        Assert.Contains("Room " + Shown, pages[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_json_names_the_hosting_district_as_text_and_nothing_of_its_contact_and_a_states_event_names_none()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var stateEvent = await site.PublishAsync(ohio, EventApiTests.Body(title: "Ohio chat"));
        const string Name = "Columbus \"City\" </script><b>Schools</b>";
        await site.JoinAsync(await PublishedProgramInviteAsync(ohio), name: Name);
        await site.ConfirmDistrictAsync();
        await site.DecideDistrictAsync(Columbus, approve: true);
        using var district = await site.SignedInClientAsync(ColumbusContact);
        using (var submitted = await district.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        var id = Assert.Single(await StoredAsync(site)).Id.ToString();
        using (var published = await ohio.PostAsJsonAsync($"/api/events/{id}/moderation/approve", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        using (var one = await site.Http.GetAsync("/api/events/" + id))
        {
            var text = await one.Content.ReadAsStringAsync();
            var hostedBy = (await AssertDescribedAsync(one, "get", "/api/events/{id}"))!.Value.GetProperty("hostedBy");
            Assert.Equal(Columbus, hostedBy.GetProperty("leaId").GetString());
            Assert.Equal(Name, hostedBy.GetProperty("name").GetString());
            Assert.DoesNotContain("</script>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Jordan Reyes", text, StringComparison.Ordinal);
            Assert.DoesNotContain(ColumbusContact, text, StringComparison.Ordinal);
        }

        using (var state = await site.Http.GetAsync("/api/events/" + stateEvent))
        {
            Assert.Equal(JsonValueKind.Null, (await AssertDescribedAsync(state, "get", "/api/events/{id}"))!.Value.GetProperty("hostedBy").ValueKind);
        }

        using var list = await site.Http.GetAsync("/api/events?state=OH");
        var events = (await AssertDescribedAsync(list, "get", "/api/events"))!.Value.GetProperty("events").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("hostedBy"));
        Assert.Equal(Name, events[id].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, events[stateEvent].ValueKind);
    }

    [Fact]
    public async Task Only_an_approved_district_signs_in_as_a_district_and_one_declined_later_loses_access_at_once()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        var token = await PublishedProgramInviteAsync(ohio);
        const string Unconfirmed = "unconfirmed@dublin.k12.example.org";
        const string Waiting = "waiting@akron.k12.example.org";
        const string Declined = "declined@dayton.k12.example.org";
        await site.JoinAsync(token, "3904700", "Dublin City Schools", Unconfirmed);
        await site.JoinAsync(token, "3904701", "Akron Public Schools", Waiting);
        await site.JoinAsync(token, "3904702", "Dayton Public Schools", Declined);
        await site.ConfirmDistrictAsync(Waiting);
        await site.ConfirmDistrictAsync(Declined);
        await site.DecideDistrictAsync("3904702", approve: false, requestsSoFar: 2);

        foreach (var address in new[] { Unconfirmed, Waiting, Declined })
        {
            using var client = site.NewClient();
            using var asked = await client.PostAsJsonAsync("/api/sign-in", new { email = address });
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        await site.SettledAsync();
        foreach (var address in new[] { Unconfirmed, Waiting, Declined })
        {
            Assert.Empty(await site.EmailsAsync(address, "Your sign-in link", count: 0));
        }

        // Approved, signed in; then the district's row no longer approved (as when it leaves): the very next request is refused.
        using var district = await site.ApprovedDistrictClientAsync(token, requestsSoFar: 3);
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync("/my")).StatusCode);
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.EventsTable);
        var row = (await table.GetEntityAsync<District>(StateProgram.Partition(EventSite.Year, "OH"), District.RowPrefix + Columbus)).Value;
        row.Status = DistrictStatuses.Declined;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        using (var refused = await district.PostAsJsonAsync(Submit, EventBody()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var home = await district.GetAsync("/my"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, home.StatusCode);
        }

        Assert.Empty(await StoredAsync(site));
    }

    /// <summary>The events Columbus submitted, whatever their status.</summary>
    private static Task<List<CalendarEvent>> StoredAsync(CemSite site) =>
        site.Services.GetRequiredService<EventStore>().HostedByAsync(EventSite.Year, "OH", Columbus, CancellationToken.None);
}
