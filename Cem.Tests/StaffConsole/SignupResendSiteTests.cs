using System.Net;
using System.Net.Http.Json;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.StaffConsole;

/// <summary>Re-sending from the staff console and from the admin API, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignupResendSiteTests(AzuriteFixture azurite)
{
    private const string Signer = "pat@doe.k12.ga.us";

    [Fact]
    public async Task A_staff_member_re_sends_a_confirmation_from_the_console_and_the_signer_confirms_with_the_fresh_link()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", Signer));
        Assert.Single(await site.EmailsAsync(Signer, "We received your sign-up"));
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using (var console = await Page(staff, "/staff"))
        {
            Assert.Contains($"/api/staff/signups/{signupId}/resend", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var resent = await Press(staff, $"/api/staff/signups/{signupId}/resend"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
            Assert.Equal($"/staff/signups/{signupId}", resent.Headers.Location!.OriginalString);
            await AssertDescribedAsync(resent, "post", "/api/staff/signups/{id}/{decision}");
        }

        var emails = await site.EmailsAsync(Signer, "We received your sign-up", 2);
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(emails[^1], "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        using var trail = await Page(staff, $"/staff/signups/{signupId}");
        var html = await trail.Content.ReadAsStringAsync();
        Assert.Contains("confirmation-resent", html, StringComparison.Ordinal);
        Assert.Contains(CemSite.StaffA, html, StringComparison.Ordinal);

        // Now it awaits approval: the same button sends staff a fresh request, but not twice in ten minutes.
        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using (var tooSoon = await staff.PostAsJsonAsync($"/api/staff/signups/{signupId}/resend", new { }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
            Assert.True(tooSoon.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(9));
            await AssertDescribedAsync(tooSoon, "post", "/api/staff/signups/{id}/{decision}");
        }

        await site.SettledAsync();
        Assert.Equal(2, (await site.EmailsAsync(Signer, "We received your sign-up", 2)).Count);
        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
    }

    [Fact]
    public async Task Automation_re_sends_the_approval_request_with_the_function_key_and_nobody_else_can()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", Signer));
        var received = Assert.Single(await site.EmailsAsync(Signer, "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var first = Assert.Single(await site.EmailsAsync(CemSite.StaffB, "Please review"));

        // No key, a wrong key, a state contact's or a cross-site staff session: nothing is sent.
        using (var anonymous = await site.Http.PostAsync($"/api/admin/signups/{signupId}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var wrongKey = await site.Http.PostAsync($"/api/admin/signups/{signupId}/resend?code=not-the-key", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/signups/{signupId}/resend") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) })
        {
            crossSite.Headers.Add("Origin", "https://evil.example");
            using var refused = await staff.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var signedOut = await site.NewClient().PostAsJsonAsync($"/api/staff/signups/{signupId}/resend", new { }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        }

        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(CemSite.StaffB, "Please review"));

        using (var resent = await site.Http.PostAsync($"/api/admin/signups/{signupId}/resend?code={Uri.EscapeDataString(site.FunctionKey)}", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
            var body = await AssertDescribedAsync(resent, "post", "/api/admin/signups/{id}/resend");
            Assert.Equal("approval-request", body!.Value.GetProperty("resent").GetString());
        }

        var requests = await site.EmailsAsync(CemSite.StaffB, "Please review", 2);
        var fresh = CemSite.LinkIn(requests.Single(r => r.FileName != first.FileName), "/signups/approve");
        Assert.NotEqual(CemSite.LinkIn(first, "/signups/approve"), fresh);
        using (var approved = await site.Http.PostAsJsonAsync("/api/signups/approve", new { token = CemSite.TokenOf(fresh) }))
        {
            approved.EnsureSuccessStatusCode();
        }

        using var decided = await site.Http.PostAsync($"/api/admin/signups/{signupId}/resend?code={Uri.EscapeDataString(site.FunctionKey)}", null);
        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        await AssertDescribedAsync(decided, "post", "/api/admin/signups/{id}/resend");

        using var unknown = await site.Http.PostAsync($"/api/admin/signups/GA-01JZZZZZZZZZZZZZZZZZZZZZZZ/resend?code={Uri.EscapeDataString(site.FunctionKey)}", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertDescribedAsync(unknown, "post", "/api/admin/signups/{id}/resend");
    }

    private static async Task<HttpResponseMessage> Page(HttpClient client, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }

    /// <summary>A form post from the site's own page, as a browser sends it.</summary>
    private static async Task<HttpResponseMessage> Press(HttpClient client, string action)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await client.SendAsync(request);
    }
}
