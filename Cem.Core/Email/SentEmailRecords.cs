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
