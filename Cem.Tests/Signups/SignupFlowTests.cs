using System.Net;
using System.Text.Json;
using Cem.Core.Approvals;
using Cem.Core.Links;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Signups;

/// <summary>The whole sign-up workflow through the DevHost, Azurite and the local outbox.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignupFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_state_is_listed_only_after_address_confirmation_and_staff_approval()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody());
        Assert.Equal("[]", await site.Http.GetStringAsync("/api/states"));

        // The signer's "confirm your address" email; the GET only shows a button.
        var received = Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "We received your sign-up for Ohio"));
        Assert.Contains("Pat Smith", received.Text, StringComparison.Ordinal);
        var confirmLink = CemSite.LinkIn(received, "/signups/confirm");
        using (var page = await site.GetPageAsync(confirmLink))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Confirm my email address", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("pending-confirmation", await site.StatusOfAsync(signupId));
        using (var confirmed = await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(confirmLink) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        Assert.Equal("awaiting-approval", await site.StatusOfAsync(signupId));

        // Each staff member gets an approval request with the details and the domain hint.
        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        Assert.Single(await site.EmailsAsync(CemSite.StaffB, "Please review"));
        Assert.Contains("Director of Digital Learning", request.Text, StringComparison.Ordinal);
        Assert.Contains("state government or K-12 domain", request.Text, StringComparison.Ordinal);

        var approveLink = CemSite.LinkIn(request, "/signups/approve");
        using (var page = await site.GetPageAsync(approveLink))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Approve Ohio", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("[]", await site.Http.GetStringAsync("/api/states"));
        using (var approved = await site.PressAsync("/api/signups/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(approveLink) }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Contains("now on the public list", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var states = await site.Http.GetStringAsync("/api/states");
        using (var json = JsonDocument.Parse(states))
        {
            var state = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("OH", state.GetProperty("code").GetString());
            Assert.Equal("Ohio", state.GetProperty("name").GetString());
            Assert.Equal("Ohio Department of Education", state.GetProperty("organizationName").GetString());
            Assert.True(state.TryGetProperty("confirmedAt", out _));
        }

        Assert.DoesNotContain("@", states, StringComparison.Ordinal);
        Assert.DoesNotContain("614", states, StringComparison.Ordinal);

        // The outcome email, and the home page lists the state.
        Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "Ohio is now listed"));
        Assert.Contains("Ohio Department of Education", await site.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_twice_is_harmless_and_rejecting_after_approval_is_refused()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (approve, reject) = await ConfirmedSignupLinksAsync(site, "pat@doe.k12.ga.us", "GA");

        using (var first = await site.PressAsync("/api/signups/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(approve) }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var again = await site.Http.PostAsync("/api/signups/approve", JsonContent(new { token = CemSite.TokenOf(approve) })))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("alreadydone", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var refused = await site.Http.PostAsync("/api/signups/reject", JsonContent(new { token = CemSite.TokenOf(reject) })))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }

        // Pressing Approve again re-sends the outcome message; the signer still gets one email.
        Assert.Single(await site.EmailsAsync("pat@doe.k12.ga.us", "Georgia is now listed"));
        await site.SettledAsync(); // the re-sent outcome message has been handled
        Assert.Single(await site.EmailsAsync("pat@doe.k12.ga.us", "Georgia is now listed"));
    }

    [Fact]
    public async Task A_rejected_sign_up_is_never_listed_and_the_signer_gets_the_reason()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (approve, reject) = await ConfirmedSignupLinksAsync(site, "someone@gmail.com", "TX");

        using (var page = await site.GetPageAsync(reject))
        {
            Assert.Contains("not on a state government or K-12 domain", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var rejected = await site.PressAsync("/api/signups/reject", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(reject), ["reason"] = "Please sign up with your agency address." }))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        using (var refused = await site.PressAsync("/api/signups/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(approve) }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("already rejected", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var outcome = Assert.Single(await site.EmailsAsync("someone@gmail.com", "About your sign-up for Texas"));
        Assert.Contains("Please sign up with your agency address.", outcome.Text, StringComparison.Ordinal);
        Assert.Equal("[]", await site.Http.GetStringAsync("/api/states"));
    }

    [Fact]
    public async Task Tampered_wrong_action_and_expired_links_get_a_page_that_says_which()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (approve, reject) = await ConfirmedSignupLinksAsync(site, "pat@education.ohio.gov", "OH");
        var approveToken = CemSite.TokenOf(approve);

        using (var tampered = await site.GetPageAsync("/signups/approve?token=" + Uri.EscapeDataString(Flip(approveToken))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            Assert.Contains("altered", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrongAction = await site.PressAsync("/api/signups/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(reject) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongAction.StatusCode);
            Assert.Contains("different action", await wrongAction.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The same link, issued with the site's own key 15 days ago.
        var key = Options.Create(new LinkOptions { CurrentKey = site.Configuration["Cem:Links:CurrentKey"]! });
        var claims = new SignedLinks(key, TimeProvider.System).Check(approveToken, ApprovalService.ApprovePurpose).Claims!;
        var expired = new SignedLinks(key, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-15))).Issue(claims.Purpose, claims.Subject, claims.Actor);
        using (var page = await site.GetPageAsync("/signups/approve?token=" + Uri.EscapeDataString(expired)))
        {
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            Assert.Contains("expired", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var expiredPost = await site.Http.PostAsync("/api/signups/approve", JsonContent(new { token = expired })))
        {
            Assert.Equal(HttpStatusCode.Gone, expiredPost.StatusCode);
            Assert.Contains("\"token\"", await expiredPost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("awaiting-approval", await site.StatusOfAsync(claims.Subject));
    }

    private static string Flip(string token)
    {
        var chars = token.ToCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Signs up, confirms the address and returns staff A's Approve and Reject links.</summary>
    private static async Task<(string Approve, string Reject)> ConfirmedSignupLinksAsync(CemSite site, string email, string jurisdiction)
    {
        await site.SignUpAsync(CemSite.SignupBody(jurisdiction, email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        return (CemSite.LinkIn(request, "/signups/approve"), CemSite.LinkIn(request, "/signups/reject"));
    }
}
