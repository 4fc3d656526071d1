using System.Text.Json;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cem.Tests.Metrics;

/// <summary>The staff dashboard and a state's data page in Chromium, drawn by the vendored Chart.js.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task The_dashboard_draws_one_bar_per_jurisdiction_with_data()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        var log = site.Services.GetRequiredService<ParticipationLog>();
        await log.RecordOnceAsync("OH", ParticipationKinds.Approved, "OH-1", CancellationToken.None, ["own-cem"]);
        await log.RecordOnceAsync("OH", ParticipationKinds.CommentApproved, "c-1", CancellationToken.None);
        await log.RecordOnceAsync("PR", ParticipationKinds.PressKitCompiled, "PR-kit-1", CancellationToken.None);
        await log.RecordAsync("WY", ParticipationKinds.PressKitDownloaded, "WY-kit-1", CancellationToken.None);
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await site.SignInInBrowserAsync(page, CemSite.StaffA);
        await page.GotoAsync("/staff/dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Participation dashboard");

        // Chart.js keeps its instance on the canvas; read what it drew.
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('metrics-chart'))");
        using var drawn = JsonDocument.Parse(await page.EvaluateAsync<string>("""
            () => {
              const chart = Chart.getChart(document.getElementById('metrics-chart'));
              const bars = chart.getDatasetMeta(0).data.length;
              return JSON.stringify({ labels: chart.data.labels, datasets: chart.data.datasets.map(d => d.label), bars, width: chart.width, height: chart.height });
            }
            """));
        Assert.Equal(["OH", "PR", "WY"], drawn.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).Order().ToArray());
        Assert.Equal(3, drawn.RootElement.GetProperty("bars").GetInt32());
        Assert.Contains("Press kits", drawn.RootElement.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        Assert.True(drawn.RootElement.GetProperty("width").GetDouble() > 0 && drawn.RootElement.GetProperty("height").GetDouble() > 0, "the canvas is laid out");

        // Something was painted: the canvas is not blank.
        var painted = await page.EvaluateAsync<bool>("""
            () => {
              const canvas = document.getElementById('metrics-chart');
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
              return false;
            }
            """);
        Assert.True(painted, "the chart is drawn on the canvas");

        await Assertions.Expect(page.Locator("#metrics-table tbody tr")).ToHaveCountAsync(3);
        Assert.Equal("/staff/metrics.csv", await page.Locator("#csv-link").GetAttributeAsync("href"));
        Assert.DoesNotContain(site.FunctionKey, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_states_data_page_shows_its_figures_and_a_trend_chart()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        var log = site.Services.GetRequiredService<ParticipationLog>();
        await log.RecordOnceAsync("OH", ParticipationKinds.Approved, "OH-1", CancellationToken.None, ["own-cem"]);
        await log.RecordOnceAsync("OH", ParticipationKinds.PressKitCompiled, "OH-kit-1", CancellationToken.None);
        await log.RecordOnceAsync("OH", ParticipationKinds.CommentApproved, "c-1", CancellationToken.None);
        await log.RecordOnceAsync("OH", ParticipationKinds.EventAdded, "2026-OH-e1", CancellationToken.None);
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/states/OH/data");

        await Assertions.Expect(page.Locator("#recognition")).ToHaveTextAsync("Connected");
        await Assertions.Expect(page.Locator("#press-kits")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#comments")).ToHaveTextAsync("1");
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('metrics-chart'))");
        var days = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('metrics-chart')).data.labels.length");
        Assert.Equal(31, days);
    }
}
