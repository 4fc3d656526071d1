using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Metrics;
using Cem.Core.Sessions;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Sessions;

/// <summary>Sign-in by emailed link, sessions, the state contact's home and the staff console, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignInFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_state_contact_signs_in_from_the_emailed_link_and_sees_its_state()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        await site.ApproveStateAsync();
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);
        using var client = site.NewClient();

        // The GET only shows a button; the POST starts the session and sends the browser home.
        var link = await site.SignInLinkAsync(client, SessionSite.OhioContact);
        using (var page = await Page(client, link))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(SessionSite.OhioContact, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var done = await Press(client, "/api/sign-in/complete", new() { ["token"] = CemSite.TokenOf(link) }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
            Assert.Equal("/my", done.Headers.Location!.OriginalString);
            var cookie = Assert.Single(done.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(SessionStore.CookieName + "=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http here
        }

        using (var me = await client.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
            Assert.Equal(SessionSite.OhioContact, json.RootElement.GetProperty("email").GetString());
            var role = Assert.Single(json.RootElement.GetProperty("roles").EnumerateArray());
            Assert.Equal("state", role.GetProperty("role").GetString());
            Assert.Equal("OH", role.GetProperty("code").GetString());
        }

        using var my = await Page(client, "/my");
        var html = await my.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, my.StatusCode);
        Assert.Contains("Ohio", html, StringComparison.Ordinal);
        Assert.Contains("Participant", html, StringComparison.Ordinal);
        Assert.Contains("For the next level", html, StringComparison.Ordinal);
        Assert.Contains("/comments?thread=state-oh", html, StringComparison.Ordinal);
        Assert.Contains("/states/OH/data", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_my_page_and_the_staff_console_redirect_to_sign_in_and_the_API_answers_401()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = site.NewClient();

        foreach (var path in new[] { "/my", "/staff", "/staff/dashboard", "/staff/metrics.csv" })
        {
            using var page = await Page(client, path);
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/sign-in", page.Headers.Location!.OriginalString);
        }

        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("application/problem+json", me.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_staff_member_approves_a_sign_up_in_the_console_and_the_state_is_listed()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", "pat@doe.k12.ga.us"));
        var received = Assert.Single(await site.EmailsAsync("pat@doe.k12.ga.us", "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        using (var console = await Page(staff, "/staff"))
        {
            var html = await console.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Contains("Georgia", html, StringComparison.Ordinal);
            Assert.Contains("state government or K-12 domain", html, StringComparison.Ordinal);
            Assert.Contains($"/api/staff/signups/{signupId}/approve", html, StringComparison.Ordinal);
            Assert.DoesNotContain(site.FunctionKey, html, StringComparison.Ordinal);
        }

        using (var approved = await Press(staff, $"/api/staff/signups/{signupId}/approve", []))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Equal("approved", await site.StatusOfAsync(signupId));
        Assert.Contains("\"code\":\"GA\"", await site.Http.GetStringAsync("/api/states"), StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync("pat@doe.k12.ga.us", "Georgia is now listed"));

        // The audit trail names the signed-in staff member.
        using var trail = await Page(staff, $"/staff/signups/{signupId}");
        var trailHtml = await trail.Content.ReadAsStringAsync();
        Assert.Contains(CemSite.StaffA, trailHtml, StringComparison.Ordinal);
        Assert.Contains("approved", trailHtml, StringComparison.Ordinal);

        // The dashboard's CSV link uses the session, never a key.
        using var dashboard = await Page(staff, "/staff/dashboard");
        var dashboardHtml = await dashboard.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.DoesNotContain("code=", dashboardHtml, StringComparison.Ordinal);
        using var csv = await staff.GetAsync("/staff/metrics.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // restarts the host with another staff list
    public async Task A_staff_member_taken_off_the_staff_list_loses_the_console_at_once_with_a_live_session()
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        string prefix;
        await using (var before = await CemSite.StartAsync(azurite))
        {
            prefix = before.Host.Configuration["CemStoragePrefix"]!;
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = before.BaseAddress };
            var link = await before.SignInLinkAsync(client, CemSite.StaffA);
            using (var done = await client.PostAsJsonAsync("/api/sign-in/complete", new { token = CemSite.TokenOf(link) }))
            {
                Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            }

            using var console = await Page(client, "/staff");
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        }

        // The app restarted with staff A removed from Cem:StaffEmails (an app-setting change restarts it in Azure);
        // the same storage still holds A's session.
        await using var after = await CemSite.StartAsync(azurite, s =>
        {
            s["CemStoragePrefix"] = prefix;
            s["Cem:StaffEmails"] = CemSite.StaffB;
        });
        using var sameBrowser = new HttpClient(handler, disposeHandler: false) { BaseAddress = after.BaseAddress };
        using var refused = await Page(sameBrowser, "/staff");
        using var me = await sameBrowser.GetAsync("/api/me");

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("awaiting approval", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"staff\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_state_contact_cannot_reach_the_staff_console()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var contact = await site.SignedInClientAsync(SessionSite.OhioContact);

        using var console = await Page(contact, "/staff");
        Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
        Assert.DoesNotContain("awaiting approval", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var decide = await contact.PostAsJsonAsync("/api/staff/signups/OH-01JD0000000000000000000000/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        using var csv = await contact.GetAsync("/staff/metrics.csv");
        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_post_from_another_origin_changes_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", "pat@doe.k12.ga.us"));
        var received = Assert.Single(await site.EmailsAsync("pat@doe.k12.ga.us", "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        // Another site's form posting to the console with the staff member's cookie: by Origin, by Sec-Fetch-Site, or
        // (an older browser) with neither but a form body.
        var forged = new (string Header, string? Value)[] { ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Origin", "null"), ("X-None", null) };
        foreach (var (header, value) in forged)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/signups/{signupId}/approve") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
            if (value is not null)
            {
                request.Headers.Add(header, value);
            }

            using var response = await staff.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        using (var signOut = new HttpRequestMessage(HttpMethod.Post, "/api/sign-out") { Headers = { { "Origin", "https://evil.example" } } })
        using (var refused = await staff.SendAsync(signOut))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal("awaiting-approval", await site.StatusOfAsync(signupId));
        using (var me = await staff.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode); // still signed in
        }

        // The same post from the site's own page works, and so does a JSON client without browser headers.
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/signups/{signupId}/approve") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        own.Headers.Add("Origin", site.BaseAddress.GetLeftPart(UriPartial.Authority));
        using (var approved = await staff.SendAsync(own))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        using var json = await staff.PostAsJsonAsync($"/api/staff/signups/{signupId}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Contains("alreadydone", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_link_works_once()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = site.NewClient();
        var token = CemSite.TokenOf(await site.SignInLinkAsync(client, SessionSite.OhioContact));

        using (var first = await client.PostAsJsonAsync("/api/sign-in/complete", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var other = site.NewClient();
        using var again = await other.PostAsJsonAsync("/api/sign-in/complete", new { token });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.False(again.Headers.Contains("Set-Cookie"));
        using var me = await other.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task An_expired_sign_in_link_starts_no_session()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = site.NewClient();
        var link = await site.SignInLinkAsync(client, SessionSite.OhioContact);

        // A link signed with the app's key for the same request but already past its 15 minutes.
        var links = site.Services.GetRequiredService<Core.Links.SignedLinks>();
        var claims = links.Check(CemSite.TokenOf(link), "sign-in").Claims!;
        var expired = links.Issue("sign-in", claims.Subject, claims.Actor, TimeSpan.FromMinutes(-1));
        using var response = await client.PostAsJsonAsync("/api/sign-in/complete", new { token = expired });
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_email()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = site.NewClient();

        using var known = await client.PostAsJsonAsync("/api/sign-in", new { email = SessionSite.OhioContact });
        using var unknown = await client.PostAsJsonAsync("/api/sign-in", new { email = "nobody@example.org" });
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        await site.EmailsAsync(SessionSite.OhioContact, "Your sign-in link");
        await site.SettledAsync();
        Assert.DoesNotContain(await site.Outbox.ListAsync(500, CancellationToken.None), e => e.To.Contains("nobody@example.org", StringComparison.OrdinalIgnoreCase));

        // Nothing of the unknown address is kept.
        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SessionsTable);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.DoesNotContain("nobody@example.org", string.Join("|", ((IDictionary<string, object>)row).Values), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Signing_out_revokes_the_session()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = await site.SignedInClientAsync(SessionSite.OhioContact);
        using (var signedOut = await client.PostAsync("/api/sign-out", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        }

        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_stolen_cookie_stops_working_after_sign_out_and_the_table_holds_no_usable_id()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        var store = site.Services.GetRequiredService<SessionStore>();
        var (id, _) = (await store.StartAsync(SessionSite.OhioContact, CancellationToken.None))!.Value;

        var table = site.Services.GetRequiredService<CemStorage>().Table(StorageNames.SessionsTable);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(r => r.PartitionKey.CompareTo("session-") >= 0 && r.PartitionKey.CompareTo("session.") < 0))
        {
            Assert.DoesNotContain(id, row.PartitionKey + string.Join("|", ((IDictionary<string, object>)row).Values), StringComparison.Ordinal);
        }

        using var thief = new HttpClient { BaseAddress = site.BaseAddress };
        thief.DefaultRequestHeaders.Add("Cookie", SessionStore.CookieName + "=" + id);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/me")).StatusCode);
        await store.EndAsync(id, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/me")).StatusCode);
    }

    private static async Task<HttpResponseMessage> Page(HttpClient client, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    /// <summary>A form post from the site's own page, as a browser sends it (Sec-Fetch-Site: same-origin).</summary>
    private static async Task<HttpResponseMessage> Press(HttpClient client, string action, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await client.SendAsync(request);
    }
}
