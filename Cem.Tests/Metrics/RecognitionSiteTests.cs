using System.Net;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Functions.Awards;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.Programs;
using Cem.Tests.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Tests.Metrics;

/// <summary>Recognition as people see it: a contact's progress on /my, the public criteria, and the settings behind them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecognitionSiteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_contact_sees_its_progress_on_each_levels_criteria_from_its_program_districts_and_events()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        await site.ApproveStateAsync();
        await site.SettledAsync(); // the press kit is compiled
        await site.PublishDirectAsync("OH");
        await site.PublishDirectAsync("OH");
        await site.PublishProgramDirectAsync();
        await site.Services.GetRequiredService<ParticipationLog>().RecordOnceAsync("OH", ParticipationKinds.DistrictJoined, "OH-3904378", CancellationToken.None);
        await site.Services.GetRequiredService<MetricsRollup>().RunAsync(CancellationToken.None);
        using var client = await site.SignedInClientAsync(SessionSite.OhioContact);

        using var response = await client.GetAsync("/my");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dt>Recognition</dt><dd>Connected</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"1\">Participant</th><td>Sign-up approved by CEM staff</td><td>yes</td><td>Met</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Press kit prepared</td><td>yes</td><td>Met</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Events on the CEM calendar</td><td>2 (1 needed)</td><td>Met</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"3\">Champion</th><td>Own CEM program published</td><td>yes</td><td>Met</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Districts in the program</td><td>1 of 2</td><td>Not yet</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Events on the CEM calendar</td><td>2 of 3</td><td>Not yet</td>", html, StringComparison.Ordinal);
        Assert.Contains("<li>At least 2 districts in the state's program, each approved by the state: 1 so far.</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_badge_criteria_and_the_home_page_word_each_level_as_the_rules_do()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var options = site.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Recognition.Defaults;

        using var criteria = await site.Http.GetAsync("/badges");
        var badges = WebUtility.HtmlDecode(await criteria.Content.ReadAsStringAsync());
        var home = WebUtility.HtmlDecode(await site.Http.GetStringAsync("/"));

        Assert.Equal(HttpStatusCode.OK, criteria.StatusCode);
        foreach (var level in RecognitionLevels.Ordered)
        {
            Assert.Contains($"<strong>Criteria:</strong> {Recognition.CriteriaOf(level, options)}</p>", badges, StringComparison.Ordinal);
            Assert.Contains($"<strong>{RecognitionLevels.Describe(level)}</strong>: {Recognition.CriteriaOf(level, options)}</li>", home, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("activity chosen", badges, StringComparison.Ordinal);
    }

    [Fact]
    public void The_criteria_page_shows_the_thresholds_it_is_given()
    {
        var html = WebUtility.HtmlDecode(CriteriaPage.Render(new Cem.Core.Editions.RecognitionThresholds(6, 4), 2027, new Uri("https://cem.example.org/badges")));

        Assert.Contains("at least 4 districts in the state's program", html, StringComparison.Ordinal);
        Assert.Contains("at least 6 events on the CEM calendar, its districts' events included", html, StringComparison.Ordinal);
        Assert.Contains("at least 1 event on the CEM calendar, published and not cancelled", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ChampionDistricts", "0")]
    [InlineData("ChampionEvents", "0")]
    [InlineData("ChampionDistricts", "1001")]
    public void A_threshold_out_of_range_is_refused_at_start(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cem:Metrics:Recognition:" + setting] = value }).Build();
        using var services = new ServiceCollection().AddCemMetrics(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MetricsOptions>>().Value);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
