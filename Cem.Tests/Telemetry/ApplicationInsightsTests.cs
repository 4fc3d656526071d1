using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cem.Core.Telemetry;
using Cem.Functions.Telemetry;
using Cem.Tests.DevHost;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Cem.Tests.Telemetry;

/// <summary>
/// The worker's Application Insights wiring (<see cref="TelemetryServiceCollectionExtensions.AddCemApplicationInsights"/>)
/// with the real SDK: a real <see cref="TelemetryClient"/>, its real dependency collector and logger, and a channel
/// that keeps what would have been sent.
/// </summary>
public sealed class ApplicationInsightsTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/";

    [Fact]
    public void Without_a_connection_string_nothing_is_added()
    {
        var services = new ServiceCollection();
        Assert.False(services.AddCemApplicationInsights(new ConfigurationBuilder().Build()));
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(TelemetryClient));
    }

    [Fact]
    public async Task Tokens_and_function_keys_never_reach_recorded_urls_or_logs()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        var channel = new RecordingChannel();
        await using var provider = Compose(channel);
        var client = provider.GetRequiredService<TelemetryClient>();
        var marker = Guid.NewGuid().ToString("n");

        // A dependency: a real HTTP call, recorded by the SDK's own collector.
        using (var http = new HttpClient())
        {
            (await http.GetAsync($"{server.Url}/{marker}/signups/confirm?token=secret-token-1&x=1")).Dispose();
        }

        // A request, a log line and an exception as the worker would record them.
        client.TrackRequest(new RequestTelemetry { Name = "SignInComplete", Url = new Uri($"https://cem.example/sign-in/complete?token=secret-token-2&{marker}=1"), ResponseCode = "200" });
        provider.GetRequiredService<ILogger<ApplicationInsightsTests>>().LogWarning("Following {Url} for {Marker}", "https://cem.example/api/signups/csv?CODE=secret-key-3", marker);
        client.TrackException(new InvalidOperationException($"Failed at https://cem.example/x?a=1&token=secret-token-4 {marker}", new IOException("inner: /y?code=secret-key-5")));

        await TestDevHost.Eventually(() =>
        {
            client.Flush();
            return Task.FromResult(channel.Items.Count(i => Mentions(i, marker)) >= 4);
        }, "expected a dependency, a request, a trace and an exception");

        var recorded = channel.Items.Where(i => Mentions(i, marker)).ToList();
        var everything = string.Join("\n", recorded.Select(Describe));
        Assert.DoesNotContain("secret-", everything, StringComparison.Ordinal);
        Assert.Contains(recorded.OfType<DependencyTelemetry>(), d => d.Data.EndsWith("/signups/confirm?token=REDACTED&x=1", StringComparison.Ordinal));
        Assert.Contains(recorded.OfType<RequestTelemetry>(), r => r.Url.OriginalString == $"https://cem.example/sign-in/complete?token=REDACTED&{marker}=1");
        Assert.Contains(recorded.OfType<TraceTelemetry>(), t => t.Message.Contains("csv?CODE=REDACTED", StringComparison.Ordinal) && t.Properties["Url"].EndsWith("?CODE=REDACTED", StringComparison.Ordinal));
        Assert.Contains(recorded.OfType<ExceptionTelemetry>(), e => Describe(e).Contains("&token=REDACTED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/a?token=abc", "/a?token=REDACTED")]
    [InlineData("/a?x=1&code=k%2Bey==&y=2", "/a?x=1&code=REDACTED&y=2")]
    [InlineData("/a?Token=abc#frag", "/a?Token=REDACTED#frag")]
    [InlineData("/a?returnUrl=%2Fb%3Ftoken%3Dabc", "/a?returnUrl=%2Fb%3Ftoken%3DREDACTED")]
    [InlineData("/a?mytoken=abc&tokens=1", "/a?mytoken=abc&tokens=1")]
    [InlineData("code=abc at the start is not a query", "code=abc at the start is not a query")]
    public void Only_token_and_code_query_values_are_replaced(string text, string expected) =>
        Assert.Equal(expected, SecretQueryRedactor.Redact(text));

    [Fact]
    public async Task The_named_metrics_become_custom_metrics_with_their_tags()
    {
        var channel = new RecordingChannel();
        await using var provider = Compose(channel);
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var metrics = provider.GetRequiredService<CemMetrics>();
        metrics.EmailSent("signup-received");
        metrics.EmailSent("signup-received");
        metrics.EmailFailed("approval-request", "rejected");
        provider.GetRequiredService<TelemetryClient>().Flush();

        var sent = Assert.Single(channel.Items.OfType<MetricTelemetry>(), m => m.Name == CemMetrics.EmailsSent);
        Assert.Equal(2, sent.Sum);
        Assert.Equal("signup-received", sent.Properties["template"]);
        var failed = Assert.Single(channel.Items.OfType<MetricTelemetry>(), m => m.Name == CemMetrics.EmailsFailed);
        Assert.Equal(1, failed.Sum);
        Assert.Equal("rejected", failed.Properties["kind"]);
    }

    private static ServiceProvider Compose(RecordingChannel channel)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ConnectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMetrics();
        services.AddSingleton<CemMetrics>();
        services.AddSingleton<ITelemetryChannel>(channel); // the SDK's documented way to replace the channel
        Assert.True(services.AddCemApplicationInsights(configuration));
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<TelemetryClient>(); // builds the configuration and starts the collectors
        return provider;
    }

    private static bool Mentions(ITelemetry item, string marker) => Describe(item).Contains(marker, StringComparison.Ordinal);

    private static string Describe(ITelemetry item)
    {
        var text = item switch
        {
            RequestTelemetry r => $"{r.Name} {r.Url?.OriginalString}",
            DependencyTelemetry d => $"{d.Name} {d.Data} {d.Target}",
            TraceTelemetry t => t.Message,
            ExceptionTelemetry e => string.Join(" ", e.ExceptionDetailsInfoList.Select(d => d.Message)),
            _ => "",
        };
        return item is ISupportProperties p ? text + " " + string.Join(" ", p.Properties.Select(kv => kv.Key + "=" + kv.Value)) : text;
    }

    private sealed class RecordingChannel : ITelemetryChannel
    {
        private readonly ConcurrentQueue<ITelemetry> items = new();

        public IReadOnlyList<ITelemetry> Items => [.. items];

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "";

        public void Send(ITelemetry item) => items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
