using Cem.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cem.Tests.Signups;

/// <summary>A state official in a real browser (Debian's Chromium), with and without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignupPageTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_form_leads_to_the_thank_you_page(bool javaScript)
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await FillFormAsync(page, "Wyoming", "wy.signup@wyo.gov");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await page.WaitForURLAsync("**/signup/thanks?id=WY-*");
        Assert.Equal("Thank you for signing up", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Single(await site.EmailsAsync("wy.signup@wyo.gov", "We received your sign-up for Wyoming"));
    }

    [Fact]
    public async Task Errors_are_summarised_announced_and_marked_on_their_fields()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Enter an email address like name@agency.gov.");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#jurisdiction")).ToHaveAttributeAsync("aria-invalid", "true");

        // The summary's links take keyboard users to the field.
        await summary.GetByRole(AriaRole.Link, new() { Name = "Enter an email address like name@agency.gov." }).ClickAsync();
        Assert.EndsWith("#email", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_official_and_staff_take_a_state_onto_the_public_list()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await FillFormAsync(page, "Puerto Rico", "signup@de.pr.gov");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync("**/signup/thanks?id=*");

        var received = Assert.Single(await site.EmailsAsync("signup@de.pr.gov", "We received your sign-up"));
        await page.GotoAsync(CemSite.LinkIn(received, "/signups/confirm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email address" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("confirmed");

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        await page.GotoAsync(CemSite.LinkIn(request, "/signups/approve"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve Puerto Rico" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Puerto Rico is now on the public list");

        await page.GotoAsync("/");
        var list = page.Locator("#states");
        await Assertions.Expect(list.GetByRole(AriaRole.Rowheader, new() { Name = "Puerto Rico" })).ToBeVisibleAsync();
        await Assertions.Expect(list).Not.ToContainTextAsync("@");
    }

    private static async Task FillFormAsync(IPage page, string jurisdiction, string email)
    {
        await page.GetByLabel("State or jurisdiction").SelectOptionAsync(new SelectOptionValue { Label = jurisdiction });
        await page.GetByLabel("Organization name").FillAsync("Department of Education");
        await page.GetByLabel("State education agency").CheckAsync();
        await page.GetByLabel("Contact name").FillAsync("Robin Diaz");
        await page.GetByLabel("Title").FillAsync("Chief Academic Officer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Issue a press release").CheckAsync();
        await page.GetByLabel("I agree").CheckAsync();
    }
}
