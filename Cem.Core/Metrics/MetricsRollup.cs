using System.Globalization;
using Azure.Data.Tables;
using Azure;
using Cem.Core.Editions;
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
/// <para><b>In pages</b>: at most <see cref="MetricsOptions.PageSize"/> entries of each jurisdiction are read at a time,
/// and each page is committed with its watermark and a renewed lease before the next is read, so a flood of votes
/// or downloads costs more pages, never more memory, and a run that dies resumes after its last committed page.</para>
/// <para><b>Never double counts</b>: one runner at a time holds a lease on the watermark row (ETag-checked).
/// The figures of every jurisdiction and the nation are committed with the advanced watermark in one
/// entity-group transaction guarded by the lease's ETag: a run that lost its lease commits nothing. Daily
/// rows live in other partitions, so each carries the last entry it counted and skips entries up to it.</para>
/// <para><b>Rebuild</b> deletes the day rows and counts the whole log again from the start, page by page, its
/// first page starting every jurisdiction from zero; until it ends the figures count only the pages done so far.</para>
/// <para><b>Levels</b> use the current edition's recognition thresholds; the watermark row keeps the ones last used, and a
/// run that finds them changed (staff set the edition's before its month, a new edition began, a default setting changed)
/// levels every state again in its first commit.</para>
/// </remarks>
public sealed class MetricsRollup(
    ParticipationLog log,
    StateMetricsStore store,
    EditionRecognition recognition,
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

            if (rebuild)
            {
                await DeleteDaysAsync(cancellationToken);
            }

            var thresholds = await recognition.CurrentAsync(cancellationToken);
            var relevel = lease.ChampionEvents != thresholds.ChampionEvents || lease.ChampionDistricts != thresholds.ChampionDistricts;
            var read = 0;
            var fresh = rebuild;
            while (true)
            {
                var (entries, end) = await ReadPageAsync(from, to, cancellationToken);
                await AddToDaysAsync(entries, cancellationToken);
                var last = end == to;
                if (!await CommitAsync(lease, entries, end, last ? through : ThroughOf(end), new(fresh, relevel, last, thresholds), cancellationToken))
                {
                    logger.LogWarning("Metrics rollup lost its lease before committing; another run counts these entries");
                    return new(RollupOutcome.Superseded, read, null);
                }

                read += entries.Sum(e => e.Count());
                if (last)
                {
                    break;
                }

                from = end;
                fresh = false;
                relevel = false;
            }

            logger.LogInformation("Metrics {Kind} counted {Entries} log entries through {Through:O}", rebuild ? "rebuild" : "rollup", read, through);
            return new(RollupOutcome.Done, read, through);
        }
        catch
        {
            await ReleaseAsync(lease);
            throw;
        }
    }

    /// <summary>
    /// Writes one page's figures with the advanced watermark in one transaction guarded by the lease's ETag, and keeps
    /// the lease for the next page (renewed for another <see cref="MetricsOptions.LeaseDuration"/>) or, after the last,
    /// releases it. <see cref="PageCommit.Fresh"/> (a rebuild's first page) starts every jurisdiction from zero;
    /// <see cref="PageCommit.Relevel"/> writes every jurisdiction's level again with the page's thresholds. False when
    /// another run took the lease over: nothing of this page was committed.
    /// </summary>
    private async Task<bool> CommitAsync(RollupWatermark lease, ILookup<string, ParticipationEntry> entries, string end, DateTimeOffset through, PageCommit page, CancellationToken cancellationToken)
    {
        var (fresh, relevel, last, thresholds) = page;
        var now = time.GetUtcNow();
        var current = await store.ReadCurrentAsync(cancellationToken);
        var actions = new List<TableTransactionAction>();
        var figures = new Dictionary<string, StateFigures>(StringComparer.Ordinal);
        foreach (var code in Partitions)
        {
            var state = fresh || !current.TryGetValue(code, out var row) ? new StateFigures() : row.Figures();
            var mine = entries[code].ToList();
            foreach (var entry in mine)
            {
                state.Apply(entry);
            }

            if (state.Total > 0)
            {
                figures[code] = state;
            }

            if (mine.Count > 0 || (fresh && (state.Total > 0 || current.ContainsKey(code))) || (relevel && current.ContainsKey(code)))
            {
                actions.Add(state.Total == 0
                    ? new TableTransactionAction(TableTransactionActionType.Delete, current[code], ETag.All)
                    : new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(code, state, now, thresholds)));
            }
        }

        if (actions.Count > 0 || !current.ContainsKey(StateMetricsStore.National))
        {
            var national = new StateFigures();
            foreach (var state in figures.Values)
            {
                national.Add(state);
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(StateMetricsStore.National, national, now, thresholds)));
        }

        // The lease in memory changes only once this commits: a failed run releases it as last committed, so the
        // watermark never passes entries whose figures were not written.
        var next = new RollupWatermark
        {
            Position = end,
            Through = through,
            LastRunAt = now,
            LeaseOwner = last ? null : lease.LeaseOwner,
            LeaseUntil = last ? null : now + options.Value.LeaseDuration,
            ChampionEvents = thresholds.ChampionEvents,
            ChampionDistricts = thresholds.ChampionDistricts,
            ETag = lease.ETag,
        };
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, next.ETag));
        try
        {
            var responses = await store.Table.SubmitTransactionAsync(actions, cancellationToken);
            (lease.Position, lease.Through, lease.LastRunAt, lease.LeaseOwner, lease.LeaseUntil, lease.ChampionEvents, lease.ChampionDistricts) = (next.Position, next.Through, next.LastRunAt, next.LeaseOwner, next.LeaseUntil, next.ChampionEvents, next.ChampionDistricts);
            lease.ETag = responses.Value[^1].Headers.ETag
                ?? (await store.FindAsync<RollupWatermark>(StateMetricsStore.CurrentPartition, StateMetricsStore.WatermarkRow, cancellationToken))?.ETag
                ?? default;
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>How one page is committed: from zero (a rebuild's first), with every level written again, the run's last, with which thresholds.</summary>
    private readonly record struct PageCommit(bool Fresh, bool Relevel, bool Last, RecognitionThresholds Thresholds);

    /// <summary>When a page that ends at <paramref name="end"/> (a log RowKey) was written: the figures count entries up to then.</summary>
    private static DateTimeOffset ThroughOf(string end) => Ulid.Parse(end[..26], CultureInfo.InvariantCulture).Time;

    private static StateMetricsRow RowOf(string code, StateFigures figures, DateTimeOffset now, RecognitionThresholds thresholds) => new()
    {
        RowKey = code,
        Counts = figures.CountsJson(),
        Activities = string.Join(',', figures.Activities),
        Status = code == StateMetricsStore.National ? "" : figures.InferredStatus,
        RecognitionLevel = code == StateMetricsStore.National ? "" : Recognition.LevelOf(figures, thresholds),
        UpdatedAt = now,
    };

    /// <summary>
    /// The next page of the log from <paramref name="from"/>: up to <see cref="MetricsOptions.PageSize"/> entries of each
    /// jurisdiction, cut where every jurisdiction is complete, so the page holds every entry in [from, end) and no other.
    /// A jurisdiction that has more ends the page at its last entry read; entries of others beyond it wait for the next.
    /// </summary>
    private async Task<(ILookup<string, ParticipationEntry> Entries, string End)> ReadPageAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (string.CompareOrdinal(from, to) >= 0)
        {
            return (Array.Empty<ParticipationEntry>().ToLookup(e => e.PartitionKey, StringComparer.Ordinal), to);
        }

        var results = new (List<ParticipationEntry> Entries, bool Complete)[Partitions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Partitions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await log.ReadAsync(Partitions[i], from, to, options.Value.PageSize, ct));

        // Just after the last entry read of the first jurisdiction to run out: a ULID followed by anything sorts after
        // it and before every longer ULID, so [from, end) holds exactly the entries up to it.
        var end = results.Where(r => !r.Complete).Select(r => r.Entries[^1].RowKey + "0").Append(to).Min(StringComparer.Ordinal)!;
        return (results.SelectMany(r => r.Entries)
            .Where(e => string.CompareOrdinal(e.RowKey, end) < 0)
            .OrderBy(e => e.RowKey, StringComparer.Ordinal)
            .ToLookup(e => e.PartitionKey, StringComparer.Ordinal), end);
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

    /// <summary>A rebuild's start: every day row goes, and the pages write them again from the log.</summary>
    private async Task DeleteDaysAsync(CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var code in Partitions.Append(StateMetricsStore.National))
        {
            foreach (var existing in await store.DaysAsync(code, "", cancellationToken))
            {
                actions.Add(new(TableTransactionActionType.Delete, existing, ETag.All));
            }
        }

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
