using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>
/// Deletes CommentGuards rows nobody needs any more: used-challenge records whose tokens have expired
/// (an expired token is refused anyway) and rate-limit windows that have ended. Both are partitioned by
/// time, so a key range finds them.
/// </summary>
public sealed class CommentGuardCleanup(CemStorage storage, IOptions<CommentOptions> options, TimeProvider time, ILogger<CommentGuardCleanup> logger)
{
    private readonly TableClient guards = storage.Table(StorageNames.CommentGuardsTable);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = await DeleteRangeAsync(CommentChallenges.GuardPartitionPrefix, CommentChallenges.PartitionFor(now), cancellationToken);
        // Posts, votes and confirmations have windows of their own: only partitions older than every current window have ended.
        var current = new[] { options.Value.RateLimitWindow, options.Value.VoteRateLimitWindow, options.Value.ConfirmationWindow }.Min(w => RateLimiter.WindowStart(now, w));
        deleted += await DeleteRangeAsync(RateLimiter.PartitionPrefix, RateLimiter.PartitionFor(current), cancellationToken);
        logger.LogInformation("Comment guard clean-up deleted {Count} rows", deleted);
        return deleted;
    }

    private async Task<int> DeleteRangeAsync(string prefix, string before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {before}");
        var rows = new List<TableEntity>();
        await foreach (var row in guards.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        // A transaction holds at most 100 entities of one partition.
        foreach (var batch in rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            await guards.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), cancellationToken);
        }

        return rows.Count;
    }
}
