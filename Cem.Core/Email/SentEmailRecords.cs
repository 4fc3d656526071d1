using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Email;

/// <summary>The mailer's once-only records (<see cref="Mailer"/>), for forgetting those of something deleted.</summary>
public sealed class SentEmailRecords(CemStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.SentEmailsTable);

    /// <summary>
    /// Deletes the records of <paramref name="dedupeKey"/>: each holds a hash of a recipient's address, which must not
    /// outlive what it was sent about. Safe to repeat, and alongside another run.
    /// </summary>
    public async Task<int> ForgetAsync(string dedupeKey, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(dedupeKey);
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            // A row another run deleted answers 404 without throwing.
            deleted += (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken)).IsError ? 0 : 1;
        }

        return deleted;
    }

    /// <summary>
    /// Deletes every once-only record last written before <paramref name="before"/> (its horizon: nothing can ask for its
    /// email again), sent, failed or an abandoned claim. The suppression list and the failure log (partitions starting
    /// with <c>!</c>, which an escaped dedupe key never does) are not records. Each delete is guarded by the row's ETag, so
    /// a record claimed again meanwhile stays; safe to repeat and to run twice at once.
    /// </summary>
    public async Task<int> ForgetOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var deleted = 0;
        // A record's age is its claim's (the mailer's clock); one written before claims existed has only the table's Timestamp.
        var filter = TableClient.CreateQueryFilter($"ClaimedAt lt {before} or Timestamp lt {before}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "ClaimedAt"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey.StartsWith('!') || (row.GetDateTimeOffset("ClaimedAt") ?? row.Timestamp) >= before)
            {
                continue;
            }

            try
            {
                deleted += (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken)).IsError ? 0 : 1;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Claimed again since it was read: it is not old any more.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Deletes the records of every dedupe key that starts with <paramref name="prefix"/> (<c>presskit/{id}/</c>: each
    /// request's email). One PartitionKey range: escaping keeps a key's prefix a prefix, and after it comes a character no
    /// greater than <c>~</c>, followed by a hex digit when it is <c>~</c>. Safe to repeat.
    /// </summary>
    public async Task<int> ForgetAllUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var from = TableKeys.Escape(prefix);
        var to = from + "~~";
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(from) >= 0 && r.PartitionKey.CompareTo(to) < 0, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            deleted += (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken)).IsError ? 0 : 1;
        }

        return deleted;
    }
}
