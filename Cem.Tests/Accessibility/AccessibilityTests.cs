using System.Net.Http.Json;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Tests.Calendar;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.Programs;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cem.Tests.Accessibility;

/// <summary>Every kind of page, with real content, checked by axe-core in Chromium against the WCAG 2 A and AA rules.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(AzuriteFixture azurite, BrowserFixture browser)
{
    public static TheoryData<string> Pages() =>
    [
        "home", "comments", "comments with a staff answer, seen by staff", "comment posted", "confirm-comment link", "sign-up thank-you", "repeat sign-up thank-you", "confirm-address link", "delete-my-data link of a listed state", "delete-my-data link of a comment", "invalid link", "state data", "staff dashboard",
        "sign-in", "sign-in link", "my state", "staff console", "sign-up audit trail", "expired link", "calendar", "event", "cancelled event", "embedded calendar",
        "badge criteria", "badge", "staff awards",
        "suggest an event", "suggestion sent", "suggestion review link",
        "confirm-reminders link",
        "program editor", "state program", "state page without a program", "embedded program", "district join",
        "my district", "program editor with a district's event", "district leave link", "delete-my-data link of a district",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_WCAG_2_A_or_AA_violations(string kind)
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), BypassCSP = Axe.NeedsInlineScript });
        var page = await context.NewPageAsync();
        var url = await PrepareAsync(site, page, kind);
        await page.GotoAsync(url);

        await AssertNoViolationsAsync(page, $"{kind} ({url.Split('?')[0]})");
    }

    [Fact]
    public async Task The_sign_up_form_showing_its_errors_has_no_WCAG_2_A_or_AA_violations()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), BypassCSP = Axe.NeedsInlineScript });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#jurisdiction")).ToHaveAttributeAsync("aria-invalid", "true");

        await AssertNoViolationsAsync(page, "home, the sign-up form submitted empty (JavaScript on)");
    }

    [Fact]
    public async Task The_reminder_form_showing_its_error_has_no_WCAG_2_A_or_AA_violations()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), BypassCSP = Axe.NeedsInlineScript });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/events/" + (await site.PublishDirectAsync("OH")).Id);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a reminder" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reminder-email")).ToHaveAttributeAsync("aria-invalid", "true");

        await AssertNoViolationsAsync(page, "the reminder form posted with a bad address (no JavaScript)");
    }

    [Fact]
    public async Task The_check_reports_the_violations_of_a_page_that_has_them()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = Axe.NeedsInlineScript });
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""<html><body><main><img src="data:,"><button></button><p style="color:#bbb;background:#fff">Faint</p></main></body></html>""");

        var results = await Axe.RunAsync(page);

        Assert.Equal(["button-name", "color-contrast", "document-title", "html-has-lang", "image-alt"], results.Violations.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Contains("image-alt (critical)", results.Describe("a test page"), StringComparison.Ordinal);
        Assert.Contains("    img", results.Describe("a test page"), StringComparison.Ordinal);
    }

    private static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        var results = await Axe.RunAsync(page);
        Assert.Equal(Axe.Version, results.Version);
        Assert.True(results.Passes > 0, "axe ran no WCAG 2 A/AA rule that passed: it did not check the page.");
        Assert.True(results.Violations.Count == 0, results.Describe(where));
    }

    /// <summary>Gives the page real content (a listed state, a published comment, figures) and returns its URL.</summary>
    private static async Task<string> PrepareAsync(CemSite site, IPage page, string kind)
    {
        switch (kind)
        {
            case "home":
                await ApproveOhioAsync(site);
                return "/";
            case "comments":
                await site.ApproveAsync(await site.PostCommentIdAsync("Our state runs a CEM kickoff for every district.\nJoin us!", website: "https://example.org/cem"));
                return "/comments";
            case "comments with a staff answer, seen by staff":
                var question = await site.PostCommentIdAsync("How can a community-college consortium take part?");
                await site.SignInInBrowserAsync(page, CemSite.StaffA);
                var answered = await page.APIRequest.PostAsync($"/api/staff/comments/{question}/replies", new() { DataObject = new { body = "Through your state's CEM contact." } });
                Assert.Equal(201, answered.Status);
                return "/comments";
            case "comment posted":
                return "/comments/posted?thread=cem-for-states&status=pending";
            case "confirm-comment link":
                await site.PostCommentIdAsync("Our state runs a CEM kickoff for every district.");
                return CemSite.LinkIn(Assert.Single(await site.EmailsAsync("reader@example.org", "Confirm your comment")), "/comments/confirm");
            case "sign-up thank-you":
                return "/signup/thanks?id=" + await site.SignUpAsync(CemSite.SignupBody());
            case "repeat sign-up thank-you":
                return "/signup/thanks";
            case "confirm-address link":
                await site.SignUpAsync(CemSite.SignupBody());
                return CemSite.LinkIn(Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "We received your sign-up")), "/signups/confirm");
            case "delete-my-data link of a listed state":
                // The page offers a choice: keep the listing or withdraw it.
                await ApproveOhioAsync(site);
                return CemSite.LinkIn(Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "Ohio is now listed")), "/delete-my-data/signup");
            case "delete-my-data link of a comment":
                await site.PostCommentIdAsync("Our state runs a CEM kickoff for every district.");
                return CemSite.LinkIn(Assert.Single(await site.EmailsAsync("reader@example.org", "Confirm your comment")), "/delete-my-data/comment");
            case "invalid link":
                return "/signups/confirm?token=not-a-link";
            case "expired link":
                // The page offers "email me a new link".
                var signupId = await site.SignUpAsync(CemSite.SignupBody());
                var expired = site.Services.GetRequiredService<Core.Links.SignedLinks>().Issue("signup-confirm", signupId, "signer", TimeSpan.FromMinutes(-1));
                return "/signups/confirm?token=" + Uri.EscapeDataString(expired);
            case "state data":
                await RecordFiguresAsync(site);
                return "/states/OH/data";
            case "staff dashboard":
                await RecordFiguresAsync(site);
                await site.SignInInBrowserAsync(page, CemSite.StaffA);
                return "/staff/dashboard";
            case "sign-in":
                return "/sign-in";
            case "sign-in link":
                await ApproveOhioAsync(site);
                using (var client = site.NewClient())
                {
                    return await site.SignInLinkAsync(client, SessionSite.OhioContact);
                }

            case "my state":
                await ApproveOhioAsync(site);
                await site.SignInInBrowserAsync(page, SessionSite.OhioContact);
                return "/my";
            case "staff console":
            case "sign-up audit trail":
                // One sign-up approved (so its trail has an entry), one waiting, one unconfirmed, and a comment waiting for moderation.
                await ApproveOhioAsync(site);
                await site.SignUpAsync(CemSite.SignupBody("GA", "someone@gmail.com"));
                var received = Assert.Single(await site.EmailsAsync("someone@gmail.com", "We received your sign-up"));
                using (await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
                {
                }

                await site.PostCommentIdAsync("How can a community-college consortium take part?", website: "https://example.org/cc");
                await site.SignUpAsync(CemSite.SignupBody("TX", "unconfirmed@tea.texas.gov")); // listed with "send again"
                await site.SignInInBrowserAsync(page, CemSite.StaffA);
                return kind == "staff console" ? "/staff" : "/staff/signups/" + (await site.Services.GetRequiredService<Core.Signups.SignupStore>().ApprovedAsync(CancellationToken.None))[0].Id;
            case "calendar":
                await site.PublishDirectAsync("OH", weeklyFor: 3);
                await site.PublishDirectAsync("GU", attendance: "hybrid");
                return "/calendar";
            case "event":
                return "/events/" + (await site.PublishDirectAsync("OH", attendance: "hybrid", weeklyFor: 2)).Id;
            case "cancelled event":
                var cancelled = await site.PublishDirectAsync("OH");
                await site.Services.GetRequiredService<Core.Calendar.EventService>().CancelAsync(Calendar.CalendarTesting.Staff, cancelled.Id, CancellationToken.None);
                return "/events/" + cancelled.Id;
            case "confirm-reminders link":
                var remindedOf = (await site.PublishDirectAsync("OH")).Id;
                using (var asked = await site.Http.PostAsJsonAsync($"/api/events/{remindedOf}/reminders", new { email = "reader@example.org" }))
                {
                    asked.EnsureSuccessStatusCode();
                }

                return CemSite.LinkIn(Assert.Single(await site.EmailsAsync("reader@example.org", "Confirm your reminders")), "/reminders/confirm");
            case "embedded calendar":
                await site.PublishDirectAsync("OH");
                return "/embed/calendar?state=OH";
            case "badge criteria":
                return "/badges";
            case "badge":
                return "/badges/" + (await Awards.AwardTesting.StoreIssuedAsync(site.Services, "OH", "champion", 2026)).Id;
            case "staff awards":
                await Awards.AwardTesting.StoreIssuedAsync(site.Services, "TX", "connected", 2026);
                await RecordFiguresAsync(site);
                await site.Services.GetRequiredService<Core.Awards.AwardService>().ProposeAsync(2026, CancellationToken.None);
                await site.Services.GetRequiredService<Core.Awards.AwardService>().HoldAsync("2026-OH", CemSite.StaffA, "Check the press kit", CancellationToken.None);
                await RecordWyomingAsync(site);
                await site.SignInInBrowserAsync(page, CemSite.StaffA);
                return "/staff/awards";
            case "suggest an event":
                return "/calendar/suggest";
            case "suggestion sent":
                return "/calendar/suggest?sent=1";
            case "suggestion review link":
                return await SuggestionSiteTests.ReviewLinkAsync(site, "reject");
            case "program editor":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                await ApproveOhioAsync(site);
                await site.SignInInBrowserAsync(page, "pat.smith@education.ohio.gov");
                return "/my/program?state=OH";
            case "my district":
            case "program editor with a district's event":
                // A district with one event waiting and one published; the page of its contact, or of its state's.
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                await ApproveOhioAsync(site);
                var columbus = await site.StoreApprovedDistrictAsync();
                await site.SubmitDirectAsync(columbus, "Columbus coding night");
                var published = await site.SubmitDirectAsync(columbus, "Columbus family tech night");
                var approved = await site.Services.GetRequiredService<Core.Calendar.SuggestionDecision.Approve>().ActAsAsync(published.ToString(), "pat.smith@education.ohio.gov", Core.Links.LinkInput.None, CancellationToken.None);
                Assert.Equal(Core.Links.LinkOutcome.Done, approved.Outcome);
                var mine = kind == "my district";
                await site.SignInInBrowserAsync(page, mine ? DistrictSite.ColumbusContact : "pat.smith@education.ohio.gov");
                return mine ? "/my" : "/my/program?state=OH";
            case "state program":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("US")).Id.ToString());
                await site.PublishDirectAsync("OH");
                return "/states/OH/cem";
            case "state page without a program":
                await ApproveOhioAsync(site);
                await Awards.AwardTesting.StoreIssuedAsync(site.Services, "OH", "connected", 2026);
                await site.PublishDirectAsync("OH");
                return "/states/OH/cem";
            case "district join":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                var (invite, _) = await site.Services.GetRequiredService<Core.Programs.DistrictJoins>().InviteAsync(ProgramSite.Ohio, "OH", CancellationToken.None);
                return invite!.PathAndQuery;
            case "district leave link":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                return site.Services.GetRequiredService<Core.Programs.DistrictLeave>().LinkFor((await site.ApprovedDistrictDirectAsync()).JoinKey).PathAndQuery;
            case "delete-my-data link of a district":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                return new Core.Programs.DistrictDeletionLinks(site.Services.GetRequiredService<Core.Links.LinkKit>()).LinkFor((await site.ApprovedDistrictDirectAsync()).JoinKey).PathAndQuery;
            case "embedded program":
                await site.PublishProgramDirectAsync((await site.PublishDirectAsync("OH")).Id.ToString());
                return "/embed/states/OH";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such page in this test.");
        }
    }

    /// <summary>Signs Ohio up, confirms the address and approves it through the emailed links.</summary>
    private static async Task ApproveOhioAsync(CemSite site)
    {
        await site.SignUpAsync(CemSite.SignupBody());
        var received = Assert.Single(await site.EmailsAsync("pat.smith@education.ohio.gov", "We received your sign-up"));
        using (await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using var approved = await site.Http.PostAsJsonAsync("/api/signups/approve", new { token = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) });
        approved.EnsureSuccessStatusCode();
    }

    /// <summary>Wyoming approved and rolled up, proposed for an award after the others.</summary>
    private static async Task RecordWyomingAsync(CemSite site)
    {
        await site.Services.GetRequiredService<ParticipationLog>().RecordOnceAsync("WY", ParticipationKinds.Approved, "WY-1", CancellationToken.None);
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);
        await site.Services.GetRequiredService<Core.Awards.AwardService>().ProposeAsync(2026, CancellationToken.None);
    }

    private static async Task RecordFiguresAsync(CemSite site)
    {
        var log = site.Services.GetRequiredService<ParticipationLog>();
        await log.RecordOnceAsync("OH", ParticipationKinds.Approved, "OH-1", CancellationToken.None, ["own-cem"]);
        await log.RecordOnceAsync("OH", ParticipationKinds.PressKitCompiled, "OH-kit-1", CancellationToken.None);
        await log.RecordOnceAsync("OH", ParticipationKinds.CommentApproved, "c-1", CancellationToken.None);
        await log.RecordAsync("WY", ParticipationKinds.PressKitDownloaded, "WY-kit-1", CancellationToken.None);
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);
    }
}
