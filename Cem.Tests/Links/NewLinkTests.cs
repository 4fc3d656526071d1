using System.Net;
using System.Net.Http.Json;
using Cem.Core.Links;
using Cem.Functions.Http;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Links;

/// <summary>"Email me a new link" on the page of an expired or used emailed link, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NewLinkTests(AzuriteFixture azurite)
{
    private const string Signer = "pat@doe.k12.ga.us";

    [Fact]
    public async Task An_expired_confirmation_link_offers_a_new_link_sent_only_to_the_signer_once_in_ten_minutes()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", Signer));
        var first = Assert.Single(await site.EmailsAsync(Signer, "We received your sign-up"));
        var expired = Expired(site, CemSite.TokenOf(CemSite.LinkIn(first, "/signups/confirm")), "signup-confirm");

        using (var page = await site.GetPageAsync("/signups/confirm?token=" + Uri.EscapeDataString(expired)))
        {
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Email me a new link", html, StringComparison.Ordinal);
            Assert.Contains("action=\"/api/signups/confirm/new-link\"", html, StringComparison.Ordinal);
        }

        using (var asked = await site.PressAsync("/api/signups/confirm/new-link", new Dictionary<string, string> { ["token"] = expired }))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains("Check your inbox", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var emails = await site.EmailsAsync(Signer, "We received your sign-up", 2);
        using (var again = await site.Http.PostAsJsonAsync("/api/signups/confirm/new-link", new { token = expired }))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            await AssertDescribedAsync(again, "post", "/api/signups/confirm/new-link");
        }

        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(emails[^1], "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        await site.SettledAsync();
        Assert.Equal(2, (await site.EmailsAsync(Signer, "We received your sign-up", 2)).Count); // the second press sent nothing
        Assert.Equal("awaiting-approval", await site.StatusOfAsync(signupId));

        // Confirmed now: asking again with the old link sends nothing, to the signer or to staff.
        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using (var late = await site.Http.PostAsJsonAsync("/api/signups/confirm/new-link", new { token = expired }))
        {
            Assert.Equal(HttpStatusCode.Accepted, late.StatusCode);
        }

        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
    }

    [Fact]
    public async Task Forged_or_foreign_tokens_get_the_same_answer_and_send_nothing_and_staff_links_offer_no_new_link()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var signupId = await site.SignUpAsync(CemSite.SignupBody("GA", Signer));
        var received = Assert.Single(await site.EmailsAsync(Signer, "We received your sign-up"));
        var token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm"));
        var links = site.Services.GetRequiredService<SignedLinks>();

        // Tampered, malformed, another action's link for the same sign-up, a link signed with another key.
        string[] tokens = [token[..^2] + "AA", "garbage", "", links.Issue("signup-approve", signupId, "staff-0", TimeSpan.FromMinutes(-1)), OtherKey(signupId)];
        var answers = new List<string>();
        foreach (var forged in tokens)
        {
            using var response = await site.Http.PostAsJsonAsync("/api/signups/confirm/new-link", new { token = forged });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        Assert.Contains(LinkEndpoints.NewLinkMessage, answers[0], StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Signer, "We received your sign-up"));

        // An expired Approve link (sent to staff) is a dead end: staff use the console's re-send.
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        var approve = Expired(site, CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")), "signup-approve");
        using var page = await site.GetPageAsync("/signups/approve?token=" + Uri.EscapeDataString(approve));
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.DoesNotContain("new-link", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_sign_in_link_offers_a_new_one_for_the_same_address()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        using var client = site.NewClient();
        var used = await site.SignInLinkAsync(client, SessionSite.OhioContact);
        using (var signedIn = await client.PostAsJsonAsync("/api/sign-in/complete", new { token = CemSite.TokenOf(used) }))
        {
            signedIn.EnsureSuccessStatusCode();
        }

        using (var page = await site.GetPageAsync(used))
        {
            Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
            Assert.Contains("action=\"/api/sign-in/complete/new-link\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var asked = await site.Http.PostAsJsonAsync("/api/sign-in/complete/new-link", new { token = CemSite.TokenOf(used) }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
            await AssertDescribedAsync(asked, "post", "/api/sign-in/complete/new-link");
        }

        var fresh = (await site.EmailsAsync(SessionSite.OhioContact, "Your sign-in link", 2)).Select(e => CemSite.LinkIn(e, "/sign-in/complete")).Single(l => l != used);
        using var again = await site.NewClient().PostAsJsonAsync("/api/sign-in/complete", new { token = CemSite.TokenOf(fresh) });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_client_that_asks_for_new_links_too_often_is_told_to_wait()
    {
        await using var site = await CemSite.StartAsync(azurite);
        for (var i = 0; i < Core.Clients.NewLinkRequests.ClientLimit; i++)
        {
            using var allowed = await site.Http.PostAsJsonAsync("/api/sign-in/complete/new-link", new { token = "garbage" + i });
            Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        }

        using var refused = await site.Http.PostAsJsonAsync("/api/signups/confirm/new-link", new { token = "garbage" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        await AssertDescribedAsync(refused, "post", "/api/signups/confirm/new-link");
    }

    /// <summary>The same link as <paramref name="token"/>, signed with the app's key but already past its expiry.</summary>
    private static string Expired(CemSite site, string token, string purpose)
    {
        var links = site.Services.GetRequiredService<SignedLinks>();
        var claims = links.Check(token, purpose).Claims!;
        return links.Issue(purpose, claims.Subject, claims.Actor, TimeSpan.FromMinutes(-1));
    }

    private static string OtherKey(string signupId)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new LinkOptions { CurrentKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) });
        return new SignedLinks(options, TimeProvider.System).Issue("signup-confirm", signupId, "signer", TimeSpan.FromMinutes(-1));
    }
}
