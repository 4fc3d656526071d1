using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Cem.Azurite;
using Cem.Core.Storage;
using Cem.Functions.Health;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cem.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class HealthTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_health_check_answers_healthy_json_when_storage_answers()
    {
        var (host, _) = await TestDevHost.StartAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.True(body.RootElement.GetProperty("checkedAt").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public async Task The_health_check_answers_503_problem_json_when_storage_is_unreachable()
    {
        var port = ClosedPort();
        var result = await CheckAsync(AzuriteLauncher.ConnectionStringFor(port, port, port), "cem");

        AssertUnavailable(result);
    }

    [Fact]
    public async Task The_health_check_answers_503_when_the_apps_queues_and_tables_are_missing()
    {
        // The storage service answers, but this prefix's queues, tables and container were never created: a check of
        // the service alone (the queue service's properties) would call this healthy.
        var result = await CheckAsync(azurite.ConnectionString, AzuriteFixture.NewPrefix());

        AssertUnavailable(result);
    }

    [Fact]
    public async Task The_health_check_answers_200_when_the_apps_storage_exists()
    {
        var prefix = AzuriteFixture.NewPrefix();
        await Storage(azurite.ConnectionString, prefix).EnsureCreatedAsync(CancellationToken.None);

        var result = await CheckAsync(azurite.ConnectionString, prefix);

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
    }

    private static async Task<ContentResult> CheckAsync(string connectionString, string prefix)
    {
        var health = new HealthFunctions(Storage(connectionString, prefix), TimeProvider.System, NullLogger<HealthFunctions>.Instance);
        return Assert.IsType<ContentResult>(await health.Health(new DefaultHttpContext().Request, CancellationToken.None));
    }

    private static CemStorage Storage(string connectionString, string prefix) =>
        new(
            new TableServiceClient(connectionString, new TableClientOptions { Retry = { MaxRetries = 0 } }),
            new QueueServiceClient(connectionString, new QueueClientOptions { Retry = { MaxRetries = 0 } }),
            new BlobServiceClient(connectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } }),
            prefix);

    private static void AssertUnavailable(ContentResult result)
    {
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, result.StatusCode);
        Assert.StartsWith("application/problem+json", result.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.Equal(503, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Storage is unreachable.", body.RootElement.GetProperty("title").GetString());
    }

    /// <summary>A port nothing listens on: taken free from the system, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
