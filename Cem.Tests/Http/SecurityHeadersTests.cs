using System.Net;
using System.Net.Http.Json;
using Cem.Functions.Http;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Cem.Tests.Http;

/// <summary>Every response carries the security headers; the pages still work under the policy in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityHeadersTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var client = site.NewClient();
        var requests = new (string Method, string Path, HttpContent? Body)[]
        {
            ("GET", "/", null), ("GET", "/comments", null), ("GET", "/sign-in", null), ("GET", "/api/states", null),
            ("GET", "/assets/site.css", null), ("GET", "/api/openapi.json", null), ("GET", "/api/signups/not-an-id", null),
            ("GET", "/signups/confirm?token=not-a-link", null), ("GET", "/my", null), ("GET", "/api/me", null),
            ("POST", "/api/signups", JsonContent.Create(new { jurisdiction = "ZZ" })),
        };

        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
            using var response = await client.SendAsync(request);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{path}: HSTS over plain http");
        }
    }

    [Fact]
    public async Task Pages_behind_emailed_links_and_session_pages_are_never_stored_while_assets_are_cached()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.SignUpAsync(CemSite.SignupBody());
        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync(SessionSite.OhioContact, "We received your sign-up")), "/signups/confirm");
        using var client = site.NewClient();

        foreach (var path in new[] { confirm, "/signups/confirm?token=not-a-link", "/sign-in/complete?token=x", "/my", "/staff", "/api/me" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} ({(int)response.StatusCode}): Cache-Control is '{response.Headers.CacheControl}'");
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }

        using var asset = await client.GetAsync("/assets/site.css");
        Assert.Equal(TimeSpan.FromMinutes(5), asset.Headers.CacheControl!.MaxAge);
    }

    [Theory]
    [InlineData("https", "/", true, "frame-ancestors 'none'")]
    [InlineData("http", "/", false, "frame-ancestors 'none'")]
    [InlineData("https", "/embed/calendar", true, "frame-ancestors *")]
    [InlineData("http", "/embedded", false, "frame-ancestors 'none'")]
    public void Only_pages_under_embed_may_be_framed_and_https_answers_carry_HSTS(string scheme, string path, bool hsts, string frameAncestors)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = scheme;
        http.Request.Path = path;

        SecurityHeaders.Apply(http);

        Assert.EndsWith(frameAncestors, http.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal(hsts, http.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal(path.StartsWith("/embed/", StringComparison.Ordinal), !http.Response.Headers.ContainsKey("X-Frame-Options"));
    }

    [Fact]
    public async Task The_main_pages_work_under_the_policy_in_a_browser_with_no_violation_and_an_injected_script_is_refused()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Metrics:SafetyLag"] = "00:00:00");
        await site.ApproveStateAsync("OH");
        await site.SignUpAsync(CemSite.SignupBody("KY", "kim@education.ky.gov"));
        var confirm = CemSite.LinkIn(Assert.Single(await site.EmailsAsync("kim@education.ky.gov", "We received your sign-up")), "/signups/confirm");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        await context.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"{page.Url}: {message.Text}");
            }
        };

        async Task VisitAsync(string path)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            problems.AddRange((await page.EvaluateAsync<string[]>("window.__csp")).Select(v => $"{path}: {v}"));
        }

        await VisitAsync("/");
        // The sign-up form's script posts JSON and moves on to the thank-you page.
        await page.GetByLabel("State or jurisdiction").SelectOptionAsync("VT");
        await page.GetByLabel("Organization name").FillAsync("Vermont Agency of Education");
        await page.GetByLabel("State education agency").CheckAsync();
        await page.GetByLabel("Contact name").FillAsync("Sam Lee");
        await page.GetByLabel("Title").FillAsync("Coordinator");
        await page.GetByLabel("Email").FillAsync("sam.lee@vermont.gov");
        await page.GetByLabel("I agree").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/signup/thanks?id=VT-", StringComparison.Ordinal));
        problems.AddRange((await page.EvaluateAsync<string[]>("window.__csp")).Select(v => $"/signup/thanks: {v}"));

        await VisitAsync("/comments");
        await VisitAsync("/sign-in");
        await VisitAsync("/states/OH/data");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('#metrics-chart').getBoundingClientRect().height > 100"), "the chart is drawn at its height");
        await VisitAsync(confirm);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await site.SignInInBrowserAsync(page, SessionSite.OhioContact);
        await VisitAsync("/my");
        await site.SignInInBrowserAsync(page, CemSite.StaffA);
        await VisitAsync("/staff");
        await VisitAsync("/staff/dashboard");

        Assert.True(problems.Count == 0, "Console errors or policy violations:\n" + string.Join("\n", problems));

        // The policy is in force: a script slipped into the page as markup does not run.
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }");
        Assert.False(await page.EvaluateAsync<bool>("window.__ran === 1"));
        Assert.Contains(await page.EvaluateAsync<string[]>("window.__csp"), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }
}
