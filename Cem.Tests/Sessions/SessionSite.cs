using System.Net;
using System.Net.Http.Json;
using Cem.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cem.Tests.Sessions;

/// <summary>The moves of signing in on a <see cref="CemSite"/>: a state approved through its emailed links, a browser-like client with its own cookies.</summary>
internal static class SessionSite
{
    public const string OhioContact = "pat.smith@education.ohio.gov";

    /// <summary>A client with its own cookie jar that does not follow redirects, so a test sees each answer.</summary>
    public static HttpClient NewClient(this CemSite site) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = site.BaseAddress };

    /// <summary>Signs a state up, confirms the address and approves it through the emailed links.</summary>
    public static async Task ApproveStateAsync(this CemSite site, string jurisdiction = "OH", string email = OhioContact)
    {
        await site.SignUpAsync(CemSite.SignupBody(jurisdiction, email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (var confirmed = await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
            confirmed.EnsureSuccessStatusCode();
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using var approved = await site.Http.PostAsJsonAsync("/api/signups/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) });
        approved.EnsureSuccessStatusCode();
    }

    /// <summary>Asks for a sign-in link for <paramref name="email"/> and returns the link from the email (the <paramref name="count"/>th to arrive).</summary>
    public static async Task<string> SignInLinkAsync(this CemSite site, HttpClient client, string email, int count = 1)
    {
        using var asked = await client.PostAsJsonAsync("/api/sign-in", new { email });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var emails = await site.EmailsAsync(email, "Your sign-in link", count);
        return CemSite.LinkIn(emails[^1], "/sign-in/complete");
    }

    /// <summary>Signs in as <paramref name="email"/> through the emailed link; the client then holds the session cookie.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this CemSite site, string email, int emailCount = 1)
    {
        var client = site.NewClient();
        var link = await site.SignInLinkAsync(client, email, emailCount);
        using var done = await client.PostAsJsonAsync("/api/sign-in/complete", new { token = CemSite.TokenOf(link) });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        return client;
    }

    /// <summary>Signs in in the browser as a person does: the form, the emailed link, the button.</summary>
    public static async Task SignInInBrowserAsync(this CemSite site, IPage page, string email, int emailCount = 1)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Your email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a sign-in link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a sign-in link is on its way");
        var emails = await site.EmailsAsync(email, "Your sign-in link", emailCount);
        await page.GotoAsync(CemSite.LinkIn(emails[^1], "/sign-in/complete"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }
}
