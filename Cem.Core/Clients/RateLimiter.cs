using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Clients;

/// <summary>Whether a client may act now, and if not, how long until it may.</summary>
public sealed record RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Fixed-window counters in a table of the caller's: PartitionKey = <c>rate-{window start}</c>, RowKey = what is
/// counted (a client's keyed hash). Increments are ETag-checked, so concurrent requests of one client cannot both
/// take the last permit. Windows are partitions sortable by time, so ended ones are found with a key range.
/// </summary>
public sealed class RateLimiter(TimeProvider time)
{
    public const string PartitionPrefix = "rate-";

    public async Task<RateDecision> TryAcquireAsync(TableClient table, string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var start = WindowStart(now, window);
            var partition = PartitionFor(start);
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
            try
            {
                if (!row.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(partition, key) { ["Count"] = 1 }, cancellationToken);
                    return new RateDecision(true, TimeSpan.Zero);
                }

                var entity = row.Value!;
                var count = entity.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    var retry = start + window - now;
                    return new RateDecision(false, retry < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retry);
                }

                entity["Count"] = count + 1;
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return new RateDecision(true, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                // Another request with the same key counted first: read the new count.
            }
        }
    }

    /// <summary>
    /// Deletes the counters of windows that started before <paramref name="before"/> (choose it past the end of the
    /// longest window the table holds). Safe to repeat, and alongside another run.
    /// </summary>
    public static async Task<int> DeleteWindowsBeforeAsync(TableClient table, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var end = PartitionFor(before);
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(PartitionPrefix) >= 0 && r.PartitionKey.CompareTo(end) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            // A row another run deleted answers 404 without throwing.
            deleted += (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken)).IsError ? 0 : 1;
        }

        return deleted;
    }

    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);

    /// <summary>Sortable, so windows that ended can be found with a key range.</summary>
    public static string PartitionFor(DateTimeOffset windowStart) =>
        PartitionPrefix + windowStart.ToUnixTimeSeconds().ToString("D12", CultureInfo.InvariantCulture);
}
