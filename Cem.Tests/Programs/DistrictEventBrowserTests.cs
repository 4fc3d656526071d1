using Cem.Core.Programs;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Cem.Tests.Programs.DistrictSite;

namespace Cem.Tests.Programs;

/// <summary>A district's contact submits an event from <c>/my</c> in a real browser, and its state publishes it from <c>/my/program</c>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DistrictEventBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_district_submits_an_event_from_its_page_and_the_state_publishes_it_from_the_program_editor()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        await site.PublishProgramDirectAsync();
        var (invite, _) = await site.Services.GetRequiredService<DistrictJoins>().InviteAsync(ProgramSite.Ohio, "OH", CancellationToken.None);
        await site.JoinAsync(CemSite.TokenOf(invite!.AbsoluteUri));
        await site.ConfirmDistrictAsync();
        await site.DecideDistrictAsync(Columbus, approve: true);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await site.SignInInBrowserAsync(page, ColumbusContact);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your district in CEM");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Your district's calendar feed (.ics)" })).ToHaveAttributeAsync("href", $"/states/OH/districts/{Columbus}/cem.ics");

        const string Hostile = "<img src=x onerror=alert(1)>";
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit the event" }) });
        await form.GetByLabel("Title").FillAsync("Columbus family tech night " + Hostile);
        await form.GetByLabel("Format").SelectOptionAsync("workshop");
        await form.GetByLabel("Registration or join link").FillAsync("https://example.org/columbus");
        await form.GetByLabel("Starts").FillAsync($"{EventSite.Year}-10-08T18:00");
        await form.GetByLabel("Ends").FillAsync($"{EventSite.Year}-10-08T19:30");
        await form.GetByLabel("Description").FillAsync("Families and teachers. " + Hostile);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the event" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your event is sent to your state's CEM contacts");
        await Assertions.Expect(page.Locator("ul.district-events li")).ToHaveTextAsync("Columbus family tech night " + Hostile + ": waiting for the state's decision");

        // Ohio's contact publishes it from the program editor; the district then sees it published, with its page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await site.SignInInBrowserAsync(page, SessionSite.OhioContact);
        await page.GotoAsync("/my/program?state=OH");
        var waiting = page.Locator("section[aria-labelledby=suggestions-heading] article");
        await Assertions.Expect(waiting).ToHaveCountAsync(1);
        await Assertions.Expect(waiting).ToContainTextAsync("Submitted by the district " + ColumbusName);
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Event published");

        await page.GotoAsync("/states/OH/cem");
        await page.GetByRole(AriaRole.Link, new() { Name = "Columbus family tech night " + Hostile }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("hosted by " + ColumbusName)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
        Assert.Empty(dialogs);
    }
}
