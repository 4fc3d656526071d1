using Azure.Data.Tables;
using Cem.Core.Metrics;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Metrics;

/// <summary>The rollup on a <see cref="CoreHarness"/>: a fake clock to move past the safety lag, and its output as text.</summary>
internal static class MetricsTesting
{
    /// <summary>A harness whose clock starts on 1 October 2026, noon: CEM under way.</summary>
    public static Task<CoreHarness> StartAsync(AzuriteFixture azurite) =>
        CoreHarness.StartAsync(azurite, new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero)));

    /// <summary>A rollup of its own, as a second worker instance would have.</summary>
    public static MetricsRollup NewRollup(this CoreHarness harness) => ActivatorUtilities.CreateInstance<MetricsRollup>(harness.Services);

    /// <summary>How far the rollup's watermark trails the clock.</summary>
    public static TimeSpan SafetyLag(this CoreHarness harness) => harness.Get<IOptions<MetricsOptions>>().Value.SafetyLag;

    /// <summary>Everything the rollup wrote, as comparable text: figures, levels and daily rows (not times or ETags).</summary>
    public static async Task<SortedDictionary<string, string>> SnapshotAsync(this CoreHarness harness)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in harness.MetricsStore.Table.QueryAsync<TableEntity>())
        {
            if (row.RowKey == StateMetricsStore.WatermarkRow)
            {
                continue;
            }

            rows[row.PartitionKey + "/" + row.RowKey] = string.Join("|", row.GetString("Counts"), row.GetString("Activities"), row.GetString("Status"), row.GetString("RecognitionLevel"));
        }

        return rows;
    }
}
