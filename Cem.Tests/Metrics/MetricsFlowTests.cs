using System.Net;
using System.Text.Json;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Metrics;

internal static class MetricsSettings
{
    /// <summary>The rollup every second, with no safety lag, so a test sees its activity within seconds.</summary>
    public static void FastRollup(IDictionary<string, string?> settings)
    {
        settings["MetricsRollupSchedule"] = "*/1 * * * * *";
        settings["Cem:Metrics:SafetyLag"] = "00:00:00";
    }
}

/// <summary>Participation through the DevHost: real flows write the log, the timer rolls it up, the endpoints show it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MetricsFlowTests(AzuriteFixture azurite)
{
    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a rollup every second
    public async Task An_approved_sign_up_shows_on_the_states_metrics_after_the_timer_fires()
    {
        await using var site = await CemSite.StartAsync(azurite, MetricsSettings.FastRollup);
        var email = "pat.smith@education.ohio.gov";
        await site.SignUpAsync(CemSite.SignupBody("OH", email));
        var received = Assert.Single(await site.EmailsAsync(email, "We received your sign-up"));
        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var request = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        var approve = new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(request, "/signups/approve")) };
        using (await site.PressAsync("/api/signups/approve", approve))
        {
        }

        using (await site.PressAsync("/api/signups/approve", approve))
        {
            // Pressed twice: still one approval in the figures.
        }

        JsonElement metrics = default;
        await TestDevHost.Eventually(async () =>
        {
            using var json = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states/oh/metrics"));
            metrics = json.RootElement.Clone();
            return metrics.GetProperty("status").GetString() == "approved" && metrics.GetProperty("pressKits").GetInt64() == 1;
        }, "the timer should roll the approval and the press kit it compiled up into Ohio's metrics");

        Assert.Equal("OH", metrics.GetProperty("code").GetString());
        Assert.Equal(RecognitionLevels.Participant, metrics.GetProperty("recognitionLevel").GetString());
        Assert.Equal(1, metrics.GetProperty("counts").GetProperty(ParticipationKinds.Approved).GetInt64());
        Assert.Equal(0, metrics.GetProperty("comments").GetInt64());
        Assert.Equal("own-cem press-release", string.Join(' ', metrics.GetProperty("activities").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal(31, metrics.GetProperty("trend").GetArrayLength());
        Assert.Equal(2, metrics.GetProperty("trend")[30].GetProperty("total").GetInt64()); // approved, press kit: today (sign-up and confirmation are not public)
        Assert.NotEqual(JsonValueKind.Null, metrics.GetProperty("updatedAt").ValueKind);
        Assert.DoesNotContain("@", metrics.GetRawText(), StringComparison.Ordinal);

        using (var states = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states")))
        {
            var ohio = Assert.Single(states.RootElement.EnumerateArray());
            Assert.Equal("participant", ohio.GetProperty("recognitionLevel").GetString());
            Assert.Equal("Ohio Department of Education", ohio.GetProperty("organizationName").GetString());
        }

        var home = await site.Http.GetStringAsync("/");
        Assert.Contains("<th scope=\"col\">Recognition</th>", home, StringComparison.Ordinal);
        Assert.Contains("<td class=\"recognition\">Participant</td>", home, StringComparison.Ordinal);

        // The outcome email links to the state's data page, which shows the same figures.
        var outcome = Assert.Single(await site.EmailsAsync(email, "Ohio is now listed"));
        var dataPage = CemSite.LinkIn(outcome, "/states/OH/data");
        using var page = await site.GetPageAsync(dataPage);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<dd id=\"recognition\">Participant</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Run its own CEM with its districts", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_endpoints_need_the_function_key_and_the_csv_is_safe_in_spreadsheets()
    {
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:Metrics:SafetyLag"] = "00:00:00");
        var log = site.Services.GetRequiredService<ParticipationLog>();
        await log.RecordOnceAsync("GU", ParticipationKinds.Approved, "GU-1", CancellationToken.None, ["own-cem"]);
        await log.RecordAsync("GU", "event-added", "GU-event-1", CancellationToken.None);

        using (var noKey = await site.Http.PostAsync("/api/admin/metrics/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        }

        using (var noKey = await site.Http.GetAsync("/api/metrics.csv"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        }

        using (var rebuilt = await site.Http.PostAsync("/api/admin/metrics/rollup?code=" + Uri.EscapeDataString(site.FunctionKey), null))
        {
            Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
            Assert.Contains("\"outcome\":\"done\"", await rebuilt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var csv = await site.Http.GetAsync("/api/metrics.csv?code=" + Uri.EscapeDataString(site.FunctionKey));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("code,name,status,recognitionLevel,signed-up,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("GU,Guam,approved,participant,0,0,1,", StringComparison.Ordinal));
        Assert.StartsWith("national,All jurisdictions,", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/states/ZZ/metrics", HttpStatusCode.NotFound)]
    [InlineData("/api/states/O1/metrics", HttpStatusCode.BadRequest)]
    [InlineData("/api/states/OHIO/metrics", HttpStatusCode.BadRequest)]
    [InlineData("/api/states/%3Cb%3E/metrics", HttpStatusCode.BadRequest)]
    public async Task A_bad_jurisdiction_code_is_a_problem_naming_the_code(string path, HttpStatusCode status)
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var response = await site.Http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"code\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
