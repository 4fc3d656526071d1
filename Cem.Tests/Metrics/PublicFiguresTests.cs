using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Participation;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Metrics;

/// <summary>Public figures describe approved participation only: who signed up and was refused, or has not confirmed, is for staff.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicFiguresTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Pending_and_rejected_sign_ups_show_on_staff_pages_only()
    {
        await using var site = await CemSite.StartAsync(azurite, MetricsSettings.FastRollup);
        await site.SignUpAsync(CemSite.SignupBody("KY", "someone@gmail.com"));
        var received = Assert.Single(await site.EmailsAsync("someone@gmail.com", "We received your sign-up"));
        using (await site.Http.PostAsJsonAsync("/api/signups/confirm", new { token = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var review = Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review"));
        using (await site.Http.PostAsJsonAsync("/api/signups/reject", new { token = CemSite.TokenOf(CemSite.LinkIn(review, "/signups/reject")), reason = "Not a state body." }))
        {
        }

        await site.SignUpAsync(CemSite.SignupBody("TN", "pending@example.org"));

        // Staff see both, once the timer has rolled them up.
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        var csv = "";
        await TestDevHost.Eventually(async () =>
        {
            csv = await staff.GetStringAsync("/staff/metrics.csv");
            return csv.Contains("KY,Kentucky,rejected", StringComparison.Ordinal) && csv.Contains("TN,Tennessee,pending-confirmation", StringComparison.Ordinal);
        }, "the rollup should count Kentucky's rejection and Tennessee's sign-up");
        Assert.Contains(ParticipationKinds.Describe(ParticipationKinds.Rejected), await staff.GetStringAsync("/staff/dashboard"), StringComparison.Ordinal);

        foreach (var code in new[] { "KY", "TN" })
        {
            using var json = JsonDocument.Parse(await site.Http.GetStringAsync($"/api/states/{code}/metrics"));
            var metrics = json.RootElement;
            Assert.Equal("not-listed", metrics.GetProperty("status").GetString());
            Assert.Empty(metrics.GetProperty("counts").EnumerateObject());
            Assert.All(metrics.GetProperty("trend").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("total").GetInt64()));
            foreach (var word in new[] { "rejected", "pending", "awaiting", "signed-up", "address-confirmed" })
            {
                Assert.DoesNotContain(word, metrics.GetRawText(), StringComparison.Ordinal);
            }

            var page = await site.Http.GetStringAsync($"/states/{code}/data");
            foreach (var words in new[] { "Not confirmed", "Waiting for", ParticipationKinds.Describe(ParticipationKinds.Rejected), ParticipationKinds.Describe(ParticipationKinds.SignedUp) })
            {
                Assert.DoesNotContain(words, page, StringComparison.Ordinal);
            }

            Assert.Contains("Not listed yet", page, StringComparison.Ordinal);
        }
    }
}
