using System.Globalization;
using Azure.Data.Tables;
using Azure;
using Cem.Core.Signups;
using Cem.Core.Storage;

namespace Cem.Core.Metrics;

/// <summary>A jurisdiction's (or the nation's) figures: PartitionKey "current", RowKey = code or "national".</summary>
public sealed class StateMetricsRow : ITableEntity
{
    public string PartitionKey { get; set; } = StateMetricsStore.CurrentPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Count per log kind, as JSON.</summary>
    public string Counts { get; set; } = "{}";

    /// <summary>Activity keys chosen by approved sign-ups, comma separated.</summary>
    public string Activities { get; set; } = "";

    public string Status { get; set; } = "";
    public string RecognitionLevel { get; set; } = RecognitionLevels.None;
    public DateTimeOffset UpdatedAt { get; set; }

    public StateFigures Figures() => StateFigures.From(Counts, Activities);
}

/// <summary>One day's activity of a jurisdiction (or the nation): PartitionKey "daily-{code}", RowKey yyyyMMdd.</summary>
public sealed class DailyMetricsRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Counts { get; set; } = "{}";

    /// <summary>The last log entry counted here: a repeated or overlapping run skips entries up to it.</summary>
    public string AppliedThrough { get; set; } = "";
}

/// <summary>
/// The rollup's watermark (the log position every figure in the "current" partition includes) and its
/// lease, in one row beside the figures, so figures and watermark are committed in one transaction.
/// </summary>
public sealed class RollupWatermark : ITableEntity
{
    public string PartitionKey { get; set; } = StateMetricsStore.CurrentPartition;
    public string RowKey { get; set; } = StateMetricsStore.WatermarkRow;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Log RowKey (a ULID prefix) up to which, exclusive, entries are counted.</summary>
    public string Position { get; set; } = "0";

    public DateTimeOffset? Through { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>The recognition thresholds the levels were last written with: a run that finds others levels every state again.</summary>
    public int? ChampionEvents { get; set; }

    public int? ChampionDistricts { get; set; }
}

/// <summary>The StateMetrics table.</summary>
public sealed class StateMetricsStore(CemStorage storage)
{
    public const string CurrentPartition = "current";
    public const string WatermarkRow = "watermark";
    public const string National = "national";

    public TableClient Table { get; } = storage.Table(StorageNames.StateMetricsTable);

    public static string DailyPartition(string code) => "daily-" + code;

    public static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The figures of the "current" partition: at most 56 jurisdictions and the nation.</summary>
    public async Task<Dictionary<string, StateMetricsRow>> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, StateMetricsRow>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<StateMetricsRow>(e => e.PartitionKey == CurrentPartition, cancellationToken: cancellationToken))
        {
            if (row.RowKey != WatermarkRow)
            {
                rows[row.RowKey] = row;
            }
        }

        return rows;
    }

    public Task<StateMetricsRow?> FindStateAsync(string code, CancellationToken cancellationToken) =>
        FindAsync<StateMetricsRow>(CurrentPartition, code, cancellationToken);

    /// <summary>A jurisdiction's daily rows from <paramref name="fromDay"/> on, oldest first.</summary>
    public async Task<List<DailyMetricsRow>> DaysAsync(string code, string fromDay, CancellationToken cancellationToken)
    {
        var days = new List<DailyMetricsRow>();
        var partition = DailyPartition(code);
        await foreach (var day in Table.QueryAsync<DailyMetricsRow>(d => d.PartitionKey == partition && d.RowKey.CompareTo(fromDay) >= 0, cancellationToken: cancellationToken))
        {
            days.Add(day);
        }

        return days;
    }

    public async Task<T?> FindAsync<T>(string partition, string row, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var found = await Table.GetEntityIfExistsAsync<T>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Writes batches of up to 100 actions of one partition, as entity-group transactions.</summary>
    public async Task SubmitInBatchesAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(100))
            {
                await Table.SubmitTransactionAsync(batch, cancellationToken);
            }
        }
    }
}
