using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Programs;

/// <summary>A state's own program through the DevHost: written and published by its contact, read by everyone, refused to others.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ProgramApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_state_writes_and_publishes_its_program_and_everyone_reads_it_with_its_events()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var chat = await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio chat", day: 6));
        var webinar = await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio webinar", day: 8));
        var national = (await site.PublishDirectAsync("US")).Id.ToString();

        using (var before = await site.Http.GetAsync("/api/states/OH/program"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            await AssertDescribedAsync(before, "get", "/api/states/{code}/program");
        }

        using (var saved = await contact.PutAsJsonAsync("/api/states/oh/program", ProgramSite.Body(webinar, national)))
        {
            var draft = (await AssertDescribedAsync(saved, "put", "/api/states/{code}/program"))!.Value;
            Assert.False(draft.GetProperty("published").GetBoolean());
            Assert.Equal("\"1\"", saved.Headers.ETag?.Tag);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/api/states/OH/program")).StatusCode); // a draft is not public
        var draftPage = await site.Http.GetStringAsync("/states/OH/cem"); // a listed state's page, without the draft
        Assert.Contains("Ohio takes part in CEM", draftPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Ohio Connects", draftPage, StringComparison.Ordinal);

        using (var published = await contact.PostAsync("/api/states/OH/program/publish", null))
        {
            await AssertDescribedAsync(published, "post", "/api/states/{code}/program/publish");
        }

        using var read = await site.Http.GetAsync("/api/states/OH/program");
        var program = (await AssertDescribedAsync(read, "get", "/api/states/{code}/program"))!.Value;
        Assert.Equal("OH", program.GetProperty("code").GetString());
        Assert.Equal(EventSite.Year, program.GetProperty("edition").GetInt32());
        Assert.Equal(new[] { webinar, national }, program.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
        Assert.Equal("Pick 1", program.GetProperty("items")[0].GetProperty("note").GetString());
        var contacts = program.GetProperty("contacts").EnumerateArray().ToList();
        Assert.Equal("cem@education.ohio.gov", contacts[0].GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, contacts[1].GetProperty("email").ValueKind);
        Assert.DoesNotContain(SessionSite.OhioContact, await read.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase); // the signer's address is not published

        // The page: the program, its events as an EventSeries, and the feed of the state's events and its picks.
        var page = await site.Http.GetStringAsync("/states/oh/cem");
        Assert.Contains("<h1><bdi>Ohio Connects</bdi></h1>", page, StringComparison.Ordinal);
        Assert.Contains("<em>connected</em>", page, StringComparison.Ordinal);
        var ld = JsonDocument.Parse(JsonLd().Match(page).Groups[1].Value).RootElement;
        Assert.Equal("EventSeries", ld.GetProperty("@type").GetString());
        Assert.Equal(
            new[] { "Ohio chat", "Ohio webinar", "Connected classrooms, live" }.Order(StringComparer.Ordinal),
            ld.GetProperty("subEvent").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));

        using var feed = await site.Http.GetAsync("/states/OH/cem.ics");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        await AssertDescribedAsync(feed, "get", "/states/{code}/cem.ics");
        var bytes = await feed.Content.ReadAsByteArrayAsync();
        Assert.Empty(IcsChecker.Problems(bytes));
        var events = (await IcalJs.ReadAsync(bytes)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("uid").GetString()!).ToList();
        Assert.Equal(new[] { chat, webinar, national }.Select(id => $"{id}-1@localhost").Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
        using (var again = new HttpRequestMessage(HttpMethod.Get, "/states/OH/cem.ics"))
        {
            again.Headers.IfNoneMatch.Add(feed.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(again)).StatusCode);
        }

        var embed = await site.Http.GetAsync("/embed/states/OH");
        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        Assert.Contains("Ohio webinar", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var down = await contact.PostAsync("/api/states/OH/program/unpublish", null);
        await AssertDescribedAsync(down, "post", "/api/states/{code}/program/unpublish");
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/api/states/OH/program")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/states/OH/cem.ics")).StatusCode);
    }

    [Fact]
    public async Task Only_a_contact_of_the_state_writes_or_publishes_its_program()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var ohio = await site.ContactClientAsync();
        await site.ApproveAnotherStateAsync("NY", "sam.lee@nysed.example.gov");
        using var newYork = await site.SignedInClientAsync("sam.lee@nysed.example.gov");
        await ohio.SaveAsync(ProgramSite.Body());

        using (var anonymous = await site.Http.PutAsJsonAsync("/api/states/OH/program", ProgramSite.Body()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            await AssertDescribedAsync(anonymous, "put", "/api/states/{code}/program");
        }

        using (var other = await newYork.PutAsJsonAsync("/api/states/OH/program", new { title = "Taken over" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            await AssertDescribedAsync(other, "put", "/api/states/{code}/program");
        }

        foreach (var action in new[] { "publish", "unpublish" })
        {
            using var other = await newYork.PostAsync($"/api/states/OH/program/{action}", null);
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "Taken over" }))
        {
            using var viaEditor = await newYork.PostAsync("/api/my/program?state=OH", form);
            Assert.Equal(HttpStatusCode.Forbidden, viaEditor.StatusCode);
        }

        // Ohio's own session, from another site's page: refused before anything is read.
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/states/OH/program/publish"))
        {
            crossSite.Headers.Add("Origin", "https://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await ohio.SendAsync(crossSite)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/api/states/OH/program")).StatusCode); // still a draft
        var draft = await ohio.GetStringAsync("/my/program?state=OH");
        Assert.Contains("value=\"Ohio Connects\"", draft, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await newYork.GetAsync("/my/program?state=OH")).StatusCode);
    }

    [Fact]
    public async Task A_save_over_a_newer_version_is_refused_rather_than_lost()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var first = await contact.SaveAsync(ProgramSite.Body());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        await contact.SaveAsync(new { title = "Ohio Connects 2" }); // someone else's save: version 2

        using (var stale = new HttpRequestMessage(HttpMethod.Put, "/api/states/OH/program") { Content = JsonContent.Create(new { title = "Mine" }) })
        {
            stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            using var refused = await contact.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
            await AssertDescribedAsync(refused, "put", "/api/states/{code}/program");
        }

        using (var staleForm = await contact.PutAsJsonAsync("/api/states/OH/program", new { title = "Mine", version = 1 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, staleForm.StatusCode);
            await AssertDescribedAsync(staleForm, "put", "/api/states/{code}/program");
        }

        using (var current = new HttpRequestMessage(HttpMethod.Put, "/api/states/OH/program") { Content = JsonContent.Create(new { title = "Mine" }) })
        {
            current.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
            using var saved = await contact.SendAsync(current);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Equal("\"3\"", saved.Headers.ETag?.Tag);
        }
    }

    [Fact]
    public async Task Bad_fields_are_refused_each_by_name_and_nothing_is_written()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var cancelled = await site.PublishDirectAsync("OH");
        await site.Services.GetRequiredService<Cem.Core.Calendar.EventService>().CancelAsync(CalendarTesting.Staff, cancelled.Id, CancellationToken.None);

        using var refused = await contact.PutAsJsonAsync("/api/states/OH/program", new
        {
            title = "",
            priorities = new[] { "a", "b", "c", "d", "e", "f" },
            contacts = new[] { new { name = "Pat", role = "Lead", email = "not an address" } },
            items = new[] { new { eventId = "nope", note = "" } },
            resources = new[] { new { title = "Bad", url = "javascript:alert(1)" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await AssertDescribedAsync(refused, "put", "/api/states/{code}/program"))!.Value.GetProperty("errors");
        Assert.Equal(
            new[] { "contacts[0].email", "items[0].eventId", "priorities", "resources[0].url", "title" },
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        using var unknown = await contact.PutAsJsonAsync("/api/states/OH/program", new { title = "Ohio", items = new[] { new { eventId = cancelled.Id.ToString() } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("items[0].eventId", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var nothing = await contact.PostAsync("/api/states/OH/program/publish", null);
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode); // nothing was saved, so nothing to publish
        await AssertDescribedAsync(nothing, "post", "/api/states/{code}/program/publish");
    }

    [Fact]
    public async Task Markup_in_every_free_text_field_is_shown_as_text()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        var id = await site.PublishAsync(contact, EventApiTests.Body());
        const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
        await contact.SaveAsync(new
        {
            title = Hostile,
            intro = Hostile + "\n\n[click](javascript:alert(3)) <iframe src=https://evil.example></iframe>",
            priorities = new[] { Hostile[..40] },
            contacts = new[] { new { name = Hostile, role = Hostile } },
            items = new[] { new { eventId = id, note = Hostile } },
            resources = new[] { new { title = Hostile, url = "https://example.org/?q=<script>" } },
        });
        using (await contact.PostAsync("/api/states/OH/program/publish", null))
        {
        }

        foreach (var path in new[] { "/states/OH/cem", "/embed/states/OH", "/my/program?state=OH" })
        {
            var html = await (path.StartsWith("/my", StringComparison.Ordinal) ? contact : site.Http).GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        }

        // The JSON-LD inside its script element cannot close it.
        var page = await site.Http.GetStringAsync("/states/OH/cem");
        Assert.DoesNotContain("</script><img", JsonLd().Match(page).Groups[1].Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script type=\"application/ld(?:\\+|&#x2B;)json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
