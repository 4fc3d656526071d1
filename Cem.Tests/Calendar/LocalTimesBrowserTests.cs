using Cem.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cem.Tests.Calendar;

/// <summary>Event times in the event's zone, and the reader's own time beside them when the reader's clock differs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalTimesBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_reader_in_another_zone_also_sees_the_time_on_their_own_clock_and_a_reader_in_the_events_zone_does_not()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var published = await site.PublishDirectAsync(); // 7 pm in Columbus, Ohio (America/New_York)

        await using var pacific = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), TimezoneId = "America/Los_Angeles" });
        var page = await pacific.NewPageAsync();
        foreach (var path in new[] { "/events/" + published.Id, "/calendar?state=OH" })
        {
            await page.GotoAsync(path);
            Assert.Equal($"{EventSite.Year}-10-06T19:00:00-04:00", await page.Locator("time[data-event-time]").First.GetAttributeAsync("datetime"));
            await Assertions.Expect(page.Locator(".local-time").First).ToHaveTextAsync(" (your time: Wednesday, October 6 at 4:00 PM PDT)");
        }

        await using var eastern = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), TimezoneId = "America/Detroit" });
        var same = await eastern.NewPageAsync();
        await same.GotoAsync("/events/" + published.Id);
        await same.WaitForLoadStateAsync(LoadState.Load); // deferred scripts have run
        Assert.Equal(0, await same.Locator(".local-time").CountAsync());
        Assert.Equal(1, await same.Locator("time[data-event-time]").CountAsync());
    }
}
