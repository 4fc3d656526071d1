using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Playwright;

namespace Cem.Tests.Calendar;

/// <summary>A state contact publishes from <c>/my</c> in a real browser, and the event is on the calendar.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MyEventsBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_contact_publishes_an_event_from_my_and_finds_it_on_the_calendar()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await site.SignInInBrowserAsync(page, SessionSite.OhioContact);
        await page.GotoAsync("/my");

        await page.GetByLabel("Title").FillAsync("Ohio's kickoff chat");
        await page.GetByLabel("Registration or join link").FillAsync("https://example.org/ohio");
        await page.GetByLabel("Starts").FillAsync($"{EventSite.Year}-10-07T16:00");
        await page.GetByLabel("Ends", new() { Exact = true }).FillAsync($"{EventSite.Year}-10-07T17:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the event" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/events/", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ohio's kickoff chat");
        await page.GotoAsync("/calendar?state=OH");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Thursday, October 7, {EventSite.Year}, 4:00 PM – 5:00 PM EDT: Ohio's kickoff chat" })).ToBeVisibleAsync();
    }
}
