using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Cem.Core.Comments;
using Cem.Core.Participation;
using Cem.Tests.Comments;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Metrics;

/// <summary>Comments on a state's thread count for the state: posted, published and voted on, each once.</summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a rollup every second
public sealed class CommentMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Comments_and_votes_on_a_states_thread_reach_its_metrics_once()
    {
        await using var site = await CemSite.StartAsync(azurite, MetricsSettings.FastRollup);
        var thread = CommentThreads.OfState("OH");
        CommentId id;
        using (var posted = await site.PostCommentAsync("Ohio's districts run webinars all month.", thread: thread))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
            Assert.True(CommentId.TryParse(json.RootElement.GetProperty("id").GetString(), out id));
        }

        using (var general = await site.PostCommentAsync("A comment about CEM in general.", client: CommentSite.Ip(9)))
        {
            Assert.Equal(HttpStatusCode.Accepted, general.StatusCode);
        }

        await site.ApproveAsync(id);
        await site.ApproveAsync(id); // approved again: still one

        // Two voters, each a browser with the voter cookie the server gave it.
        using var first = site.NewClient();
        using var second = site.NewClient();
        foreach (var (voter, direction) in new[] { (first, "up"), (second, "up"), (second, "down"), (first, "up") })
        {
            using var response = await voter.PostAsJsonAsync($"/api/comments/{id}/votes", new { direction });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonElement metrics = default;
        await TestDevHost.Eventually(async () =>
        {
            using var json = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states/OH/metrics"));
            metrics = json.RootElement.Clone();
            return metrics.GetProperty("votes").GetInt64() == 2 && metrics.GetProperty("comments").GetInt64() == 1;
        }, "the comment, its approval and two first votes should reach Ohio's metrics");

        Assert.False(metrics.TryGetProperty("commentsPosted", out _)); // a posted comment is public once published
        await site.SettledAsync();
        await site.InvokedAgainAsync("MetricsRollup", 2); // further timer runs, the second begun after all else settled, change nothing
        using (var again = JsonDocument.Parse(await site.Http.GetStringAsync("/api/states/OH/metrics")))
        {
            Assert.Equal(1, again.RootElement.GetProperty("comments").GetInt64());
            Assert.Equal(2, again.RootElement.GetProperty("votes").GetInt64());
        }

        // The general thread belongs to no state.
        var csv = await site.Http.GetStringAsync("/api/metrics.csv?code=" + Uri.EscapeDataString(site.FunctionKey));
        var national = csv.Split("\r\n").Single(l => l.StartsWith("national,", StringComparison.Ordinal)).Split(',');
        var header = csv.Split("\r\n")[0].Split(',');
        Assert.Equal("1", national[Array.IndexOf(header, ParticipationKinds.CommentPosted)]);
    }
}
