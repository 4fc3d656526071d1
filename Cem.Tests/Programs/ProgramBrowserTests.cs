using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Playwright;

namespace Cem.Tests.Programs;

/// <summary>A state contact writes and publishes the program in a real browser; what they typed never runs as script.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgramBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_contact_writes_and_publishes_the_program_in_the_editor_and_visitors_see_it()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        var chat = (await site.PublishDirectAsync("OH")).Id.ToString();
        var national = (await site.PublishDirectAsync("US")).Id.ToString();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await site.SignInInBrowserAsync(page, SessionSite.OhioContact);
        await page.GotoAsync("/my");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ohio's own CEM program" }).ClickAsync();

        const string Hostile = "<img src=x onerror=alert(1)>";
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Ohio Connects " + Hostile);
        await page.GetByLabel("Introduction").FillAsync("A month of *connected* learning. " + Hostile + " [more](javascript:alert(2))");
        await page.GetByLabel("Priorities").FillAsync("Literacy, " + Hostile);
        await page.GetByLabel("Contacts").FillAsync("Pat Smith | CEM coordinator | cem@education.ohio.gov\n" + Hostile + " | " + Hostile);
        await page.GetByLabel("Recommended events").FillAsync($"{national} | Start here {Hostile}\n{chat} | Then this");
        await page.GetByLabel("Resources").FillAsync("Ohio hub " + Hostile + " | https://learning.ohio.gov/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the program" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The program is saved.");
        await Assertions.Expect(page.Locator("#program-status")).ToHaveTextAsync("Draft (not public)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the program" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The program is published.");
        await page.GetByRole(AriaRole.Link, new() { Name = "See the public page" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ohio Connects " + Hostile);
        var recommended = page.Locator("section[aria-labelledby=recommended-heading] li.event h3");
        await Assertions.Expect(recommended).ToHaveCountAsync(2);
        await Assertions.Expect(recommended.Nth(0)).ToContainTextAsync("Connected classrooms, live");
        await Assertions.Expect(page.GetByText("Start here " + Hostile)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "cem@education.ohio.gov" })).ToBeVisibleAsync();

        // Printed, the page is a flyer: no navigation, no share links, its address in print.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.site")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("ul.share")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".print-only")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync("/embed/states/OH");
        await Assertions.Expect(page.Locator("li.event")).ToHaveCountAsync(2);
        await page.GotoAsync("/my/program?state=OH");
        await Assertions.Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Ohio Connects " + Hostile);
        Assert.Empty(dialogs);
    }
}
