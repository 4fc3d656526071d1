using Azure.Data.Tables;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Storage;
using Cem.Core;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Metrics;

/// <summary>The app's composition against the shared Azurite with its own prefix and a fake clock.</summary>
public sealed class MetricsHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private MetricsHarness(ServiceProvider services, FakeTimeProvider time)
    {
        this.services = services;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public ParticipationLog Log => services.GetRequiredService<ParticipationLog>();

    public StateMetricsStore Store => services.GetRequiredService<StateMetricsStore>();

    public MetricsReports Reports => services.GetRequiredService<MetricsReports>();

    public TimeSpan Lag => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.SafetyLag;

    /// <summary>A rollup of its own, as a second worker instance would have.</summary>
    public MetricsRollup NewRollup() => ActivatorUtilities.CreateInstance<MetricsRollup>(services);

    public static async Task<MetricsHarness> StartAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["CemStoragePrefix"] = AzuriteFixture.NewPrefix(),
            ["Cem:Links:CurrentKey"] = Convert.ToBase64String(new byte[32]),
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection().AddLogging().AddCem(configuration);
        collection.AddSingleton<TimeProvider>(time);
        var provider = collection.BuildServiceProvider();
        await provider.GetRequiredService<CemStorage>().EnsureCreatedAsync(CancellationToken.None);
        return new MetricsHarness(provider, time);
    }

    /// <summary>Everything the rollup wrote, as comparable text: figures, levels and daily rows (not times or ETags).</summary>
    public async Task<SortedDictionary<string, string>> SnapshotAsync()
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Store.Table.QueryAsync<TableEntity>())
        {
            if (row.RowKey == StateMetricsStore.WatermarkRow)
            {
                continue;
            }

            rows[row.PartitionKey + "/" + row.RowKey] = string.Join("|", row.GetString("Counts"), row.GetString("Activities"), row.GetString("Status"), row.GetString("RecognitionLevel"));
        }

        return rows;
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
