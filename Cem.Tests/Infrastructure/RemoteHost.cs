using Azure.Data.Tables;
using Cem.Core;
using Cem.Core.Storage;
using Cem.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// The end-to-end tests against an app already running elsewhere, e.g. under <c>func start</c> (the GitHub workflow's
/// <c>functions-host</c> job), instead of a DevHost each: set <see cref="BaseUrlVariable"/> to its address and
/// <see cref="SettingsVariable"/> to the local.settings.json it runs with (default <c>Cem.Functions/local.settings.json</c>).
/// The tests read storage, keys and the outbox folder from that file, open one <see cref="CemSite"/> at a time, and
/// empty the app's tables, queues and containers before each (development storage only). A test that must control
/// the host (its settings, its clock, its logs, its storage) carries <see cref="Trait"/> = <see cref="Controlled"/> and
/// is filtered out: <c>--filter "Host!=Controlled"</c>.
/// </summary>
public static class RemoteHost
{
    public const string BaseUrlVariable = "CEM_TEST_BASE_URL";
    public const string SettingsVariable = "CEM_TEST_SETTINGS";
    public const string Trait = "Host";
    public const string Controlled = "Controlled";

    private static readonly SemaphoreSlim Turn = new(1, 1);

    public static Uri? BaseUrl =>
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null;

    /// <summary>The remote app's settings (<c>:</c>-separated keys), read from its local.settings.json.</summary>
    public static IReadOnlyDictionary<string, string?> Settings()
    {
        var path = Environment.GetEnvironmentVariable(SettingsVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Cem.Azurite.RepositoryRoot.Find() ?? ".", "Cem.Functions", LocalSettings.FileName);
        return LocalSettings.Read(path).Values;
    }

    /// <summary>Waits until no other site is open (one app, one storage: tests take turns), for at most five minutes.</summary>
    public static async Task<IDisposable> TakeTurnAsync()
    {
        if (!await Turn.WaitAsync(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("Another CemSite has been open on the remote host for five minutes; a test that opens two at once must be marked Host=Controlled.");
        }

        return new Release();
    }

    /// <summary>The app's composition against the remote app's storage and keys, never started: for tests that read or seed storage.</summary>
    public static ServiceProvider Twin(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCem(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Empties the app's tables, queues and containers, so each test starts as on a fresh prefix.</summary>
    public static async Task WipeAsync(CemStorage storage, string connectionString)
    {
        if (!connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("127.0.0.1", StringComparison.Ordinal)
            && !connectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The end-to-end tests empty the app's storage before each test: point them only at development storage.");
        }

        foreach (var name in StorageNames.Tables)
        {
            var table = storage.Table(name);
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows.Add(row);
            }

            foreach (var row in rows)
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }

        foreach (var name in StorageNames.Queues)
        {
            await storage.Queue(name).ClearMessagesAsync();
            var poison = storage.QueueService.GetQueueClient(storage.Queue(name).Name + "-poison");
            if (await poison.ExistsAsync())
            {
                await poison.ClearMessagesAsync();
            }
        }

        foreach (var name in StorageNames.Containers)
        {
            var container = storage.Container(name);
            await foreach (var blob in container.GetBlobsAsync())
            {
                await container.GetBlobClient(blob.Name).DeleteIfExistsAsync();
            }
        }
    }

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Turn.Release();
            }
        }
    }
}
