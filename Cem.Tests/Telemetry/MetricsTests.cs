using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Cem.Core.Telemetry;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Telemetry;

/// <summary>The named metrics (<see cref="CemMetrics"/>) recorded where things happen, seen as the DevHost logs them.</summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // reads the host's meters and logs
public sealed class MetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_sign_up_through_the_DevHost_records_one_sign_up_accepted_and_one_email_sent()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var measured = new ConcurrentQueue<CemMeasurement>();
        using var listener = new CemMeterListener(site.Services.GetRequiredService<IMeterFactory>(), measured.Enqueue);

        await site.SignUpAsync(CemSite.SignupBody(jurisdiction: "VT", email: "pat@education.vermont.gov"));
        using var repeat = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(jurisdiction: "VT", email: "pat@education.vermont.gov"));
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode); // the same, still pending: not a new sign-up
        await site.EmailsAsync("pat@education.vermont.gov", "We received your sign-up");
        await site.SettledAsync();

        var accepted = Assert.Single(measured, m => m.Name == CemMetrics.SignupsAccepted);
        Assert.Contains(new KeyValuePair<string, object?>("jurisdiction", "VT"), accepted.Tags);
        var sent = Assert.Single(measured, m => m.Name == CemMetrics.EmailsSent);
        Assert.Contains(new KeyValuePair<string, object?>("template", "signup-received"), sent.Tags);

        // The DevHost logs the same measurements, as Application Insights would receive them in Azure.
        var logged = site.Logs.Messages.Where(m => m.StartsWith("Metric ", StringComparison.Ordinal)).ToList();
        Assert.Single(logged, m => m == "Metric cem.signups.accepted +1 (jurisdiction=VT)");
        Assert.Single(logged, m => m == "Metric cem.emails.sent +1 (template=signup-received)");
    }
}
