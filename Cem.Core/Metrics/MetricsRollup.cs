using Azure.Data.Tables;
using Azure;
using Cem.Core.Jurisdictions;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Metrics;

public enum RollupOutcome
{
    /// <summary>Figures and watermark advanced.</summary>
    Done,

    /// <summary>Another run holds the lease; this one did nothing.</summary>
    Busy,

    /// <summary>Another run took the lease over before this one committed; its work was discarded.</summary>
    Superseded,
}

public sealed record RollupResult(RollupOutcome Outcome, int EntriesRead, DateTimeOffset? Through);

/// <summary>
/// Turns the participation log into the StateMetrics figures.
/// </summary>
/// <remarks>
/// <para><b>Incremental</b>: reads only log entries since the watermark (one RowKey range query per
/// jurisdiction partition), so its cost grows with new activity, not with history. The watermark trails
/// "now" by <see cref="MetricsOptions.SafetyLag"/>, so an entry still being written cannot land behind it.</para>
/// <para><b>Never double counts</b>: one runner at a time holds a lease on the watermark row (ETag-checked).
/// The figures of every jurisdiction and the nation are committed with the advanced watermark in one
/// entity-group transaction guarded by the lease's ETag: a run that lost its lease commits nothing. Daily
/// rows live in other partitions, so each carries the last entry it counted and skips entries up to it.</para>
/// <para><b>Rebuild</b> computes the same figures from the whole log, for repairs.</para>
/// </remarks>
public sealed class MetricsRollup(
    ParticipationLog log,
    StateMetricsStore store,
    CemMetrics metrics,
    IOptions<MetricsOptions> options,
    TimeProvider time,
    ILogger<MetricsRollup> logger)
{
    private static readonly string[] Partitions = [.. Jurisdiction.All.Select(j => j.Code)];

    public Task<RollupResult> RunAsync(CancellationToken cancellationToken) => RunAsync(rebuild: false, cancellationToken);

    public Task<RollupResult> RebuildAsync(CancellationToken cancellationToken) => RunAsync(rebuild: true, cancellationToken);

    private async Task<RollupResult> RunAsync(bool rebuild, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("n");
        var lease = await AcquireLeaseAsync(owner, cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Metrics rollup skipped: another run holds the lease");
            return new(RollupOutcome.Busy, 0, null);
        }

        try
        {
            var now = time.GetUtcNow();
            if (lease.Through is { } previous)
            {
                // How stale the figures are as this run starts: grows while runs fail or stop happening.
                metrics.RollupLagged(now - previous);
            }

            var through = now - options.Value.SafetyLag;
            var to = ParticipationLog.PositionOf(through);
            var from = rebuild ? "0" : lease.Position;
            if (string.CompareOrdinal(to, from) <= 0)
            {
                to = from; // The clock or the lag went backwards: nothing new to read.
            }

            var entries = await ReadAsync(from, to, cancellationToken);
            if (rebuild)
            {
                await ReplaceDaysAsync(entries, cancellationToken);
            }
            else
            {
                await AddToDaysAsync(entries, cancellationToken);
            }

            var current = await store.ReadCurrentAsync(cancellationToken);
            var actions = new List<TableTransactionAction>();
            var figures = new Dictionary<string, StateFigures>(StringComparer.Ordinal);
            foreach (var code in Partitions)
            {
                var state = rebuild || !current.TryGetValue(code, out var row) ? new StateFigures() : row.Figures();
                var mine = entries[code].ToList();
                foreach (var entry in mine)
                {
                    state.Apply(entry);
                }

                if (state.Total > 0)
                {
                    figures[code] = state;
                }

                if (mine.Count > 0 || (rebuild && (state.Total > 0 || current.ContainsKey(code))))
                {
                    actions.Add(state.Total == 0
                        ? new TableTransactionAction(TableTransactionActionType.Delete, current[code], ETag.All)
                        : new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(code, state, now)));
                }
            }

            if (actions.Count > 0 || !current.ContainsKey(StateMetricsStore.National))
            {
                var national = new StateFigures();
                foreach (var state in figures.Values)
                {
                    national.Add(state);
                }

                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(StateMetricsStore.National, national, now)));
            }

            lease.Position = to;
            lease.Through = through;
            lease.LastRunAt = now;
            lease.LeaseOwner = null;
            lease.LeaseUntil = null;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, lease, lease.ETag));
            try
            {
                await store.Table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
            {
                logger.LogWarning("Metrics rollup lost its lease before committing; another run counts these entries");
                return new(RollupOutcome.Superseded, 0, null);
            }

            var read = entries.Sum(e => e.Count());
            logger.LogInformation("Metrics {Kind} counted {Entries} log entries through {Through:O}", rebuild ? "rebuild" : "rollup", read, through);
            return new(RollupOutcome.Done, read, through);
        }
        catch
        {
            await ReleaseAsync(lease);
            throw;
        }
    }

    private StateMetricsRow RowOf(string code, StateFigures figures, DateTimeOffset now) => new()
    {
        RowKey = code,
        Counts = figures.CountsJson(),
        Activities = string.Join(',', figures.Activities),
        Status = code == StateMetricsStore.National ? "" : figures.InferredStatus,
        RecognitionLevel = code == StateMetricsStore.National ? "" : Recognition.LevelOf(figures, options.Value.Recognition),
        UpdatedAt = now,
    };

    private async Task<ILookup<string, ParticipationEntry>> ReadAsync(string from, string to, CancellationToken cancellationToken)
    {
        var all = new List<ParticipationEntry>();
        if (string.CompareOrdinal(from, to) < 0)
        {
            var results = new List<ParticipationEntry>[Partitions.Length];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, Partitions.Length),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = await log.ReadAsync(Partitions[i], from, to, ct));
            all = [.. results.SelectMany(r => r)];
        }

        return all.OrderBy(e => e.RowKey, StringComparer.Ordinal).ToLookup(e => e.PartitionKey, StringComparer.Ordinal);
    }

    private static IEnumerable<IGrouping<(string Partition, string Day), ParticipationEntry>> DaysOf(ILookup<string, ParticipationEntry> entries) =>
        entries.SelectMany(g => g)
            .SelectMany(e => new[] { (Partition: StateMetricsStore.DailyPartition(e.PartitionKey), Entry: e), (Partition: StateMetricsStore.DailyPartition(StateMetricsStore.National), Entry: e) })
            .OrderBy(x => x.Entry.RowKey, StringComparer.Ordinal)
            .GroupBy(x => (x.Partition, StateMetricsStore.DayKey(x.Entry.At)), x => x.Entry);

    /// <summary>Adds new entries to their day rows; an entry already counted in a row (up to its AppliedThrough) is skipped.</summary>
    private async Task AddToDaysAsync(ILookup<string, ParticipationEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var day in DaysOf(entries))
        {
            for (var attempt = 0; ; attempt++)
            {
                var row = await store.FindAsync<DailyMetricsRow>(day.Key.Partition, day.Key.Day, cancellationToken);
                var fresh = day.Where(e => row is null || string.CompareOrdinal(e.RowKey, row.AppliedThrough) > 0).ToList();
                if (fresh.Count == 0)
                {
                    break;
                }

                var figures = StateFigures.From(row?.Counts, null);
                fresh.ForEach(figures.Apply);
                var updated = new DailyMetricsRow { PartitionKey = day.Key.Partition, RowKey = day.Key.Day, Counts = figures.CountsJson(), AppliedThrough = fresh[^1].RowKey };
                try
                {
                    if (row is null)
                    {
                        await store.Table.AddEntityAsync(updated, cancellationToken);
                    }
                    else
                    {
                        await store.Table.UpdateEntityAsync(updated, row.ETag, TableUpdateMode.Replace, cancellationToken);
                    }

                    break;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
                {
                    // Written concurrently: read again and skip what the other run counted.
                }
            }
        }
    }

    /// <summary>Writes every day row afresh and deletes day rows the log no longer supports.</summary>
    private async Task ReplaceDaysAsync(ILookup<string, ParticipationEntry> entries, CancellationToken cancellationToken)
    {
        var fresh = DaysOf(entries).ToDictionary(
            d => d.Key,
            d =>
            {
                var figures = new StateFigures();
                foreach (var entry in d)
                {
                    figures.Apply(entry);
                }

                return new DailyMetricsRow { PartitionKey = d.Key.Partition, RowKey = d.Key.Day, Counts = figures.CountsJson(), AppliedThrough = d.Last().RowKey };
            });

        var actions = new List<TableTransactionAction>();
        foreach (var code in Partitions.Append(StateMetricsStore.National))
        {
            foreach (var existing in await store.DaysAsync(code, "", cancellationToken))
            {
                if (!fresh.ContainsKey((existing.PartitionKey, existing.RowKey)))
                {
                    actions.Add(new(TableTransactionActionType.Delete, existing, ETag.All));
                }
            }
        }

        actions.AddRange(fresh.Values.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        await store.SubmitInBatchesAsync(actions, cancellationToken);
    }

    /// <summary>Takes the lease on the watermark row (creating it on the first run); null while another run holds it.</summary>
    private async Task<RollupWatermark?> AcquireLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var watermark = await store.FindAsync<RollupWatermark>(StateMetricsStore.CurrentPartition, StateMetricsStore.WatermarkRow, cancellationToken);
        if (watermark is not null && watermark.LeaseOwner is not null && watermark.LeaseUntil > now)
        {
            return null;
        }

        watermark ??= new RollupWatermark();
        watermark.LeaseOwner = owner;
        watermark.LeaseUntil = now + options.Value.LeaseDuration;
        try
        {
            var response = watermark.ETag == default
                ? await store.Table.AddEntityAsync(watermark, cancellationToken)
                : await store.Table.UpdateEntityAsync(watermark, watermark.ETag, TableUpdateMode.Replace, cancellationToken);
            watermark.ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            return watermark;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null; // Another run took it first.
        }
    }

    private async Task ReleaseAsync(RollupWatermark lease)
    {
        lease.LeaseOwner = null;
        lease.LeaseUntil = null;
        try
        {
            await store.Table.UpdateEntityAsync(lease, lease.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Could not release the metrics rollup lease; it expires by itself");
        }
    }
}
