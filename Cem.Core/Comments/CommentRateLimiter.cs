using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>Whether a client may post now, and if not, how long until it may.</summary>
public sealed record RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Fixed-window counters per client in CommentGuards: PartitionKey = <c>rate-{window start}</c>,
/// RowKey = the client's keyed hash. Increments are ETag-checked, so concurrent posts from one client
/// cannot both take the last permit.
/// </summary>
public sealed class CommentRateLimiter(CemStorage storage, IOptions<CommentOptions> options, TimeProvider time)
{
    public const string PartitionPrefix = "rate-";
    private readonly TableClient guards = storage.Table(StorageNames.CommentGuardsTable);

    public async Task<RateDecision> TryAcquireAsync(string clientHash, CancellationToken cancellationToken)
    {
        var limit = options.Value.RateLimit;
        var window = options.Value.RateLimitWindow;
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var start = WindowStart(now, window);
            var partition = PartitionFor(start);
            var row = await guards.GetEntityIfExistsAsync<TableEntity>(partition, clientHash, cancellationToken: cancellationToken);
            try
            {
                if (!row.HasValue)
                {
                    await guards.AddEntityAsync(new TableEntity(partition, clientHash) { ["Count"] = 1 }, cancellationToken);
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
                await guards.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return new RateDecision(true, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                // Another post from the same client counted first: read the new count.
            }
        }
    }

    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);

    /// <summary>Sortable, so windows that ended can be found with a key range.</summary>
    public static string PartitionFor(DateTimeOffset windowStart) =>
        PartitionPrefix + windowStart.ToUnixTimeSeconds().ToString("D12", CultureInfo.InvariantCulture);
}
