using System.ComponentModel.DataAnnotations;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Storage;

/// <summary>A queue message to put once the state change that causes it has committed: ids and a kind, never personal data.</summary>
public sealed record PendingMessage(string Queue, object Message);

/// <summary>How the outbox sweep treats pending messages (section <c>Cem:MessageOutbox</c>).</summary>
public sealed class MessageOutboxOptions : IValidatableObject
{
    public const string Section = "Cem:MessageOutbox";

    /// <summary>
    /// A pending message younger than this is left to the request that wrote it, and one a sweep took is left to that
    /// sweep for as long. It must be longer than a commit or a put can take (the storage client gives up after about
    /// 35 s), or the sweep could drop the index entry of a commit still on its way.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GracePeriod <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Cem:MessageOutbox:GracePeriod must be a positive time span.", [nameof(GracePeriod)]);
        }
    }
}

/// <summary>
/// Closes the gap between a state change and its queue message: the message is written as a row beside its subject,
/// in the same entity-group transaction as the change, then put on its queue and the row deleted. When the put fails
/// (or the process dies first), <see cref="SweepAsync"/> puts it later. Handlers are idempotent, so a message put
/// twice (by the request and a sweep) sends its email once.
/// </summary>
/// <remarks>
/// <para>Rows: <c>message-{ULID}</c> in the subject's partition (queue and JSON), and an index entry in the
/// <c>PendingMessages</c> table (PartitionKey <c>pending</c>, RowKey the same ULID, naming the row), so the sweep reads
/// a key range of pending entries instead of every partition of every table. The index entry cannot join the
/// transaction (another table), so it is written first: a committed message row always has one. An entry whose row
/// never committed (the transaction failed, the process died before it) is found without a row and deleted.</para>
/// <para>Cost: three storage calls more than a bare put (the index entries before the commit, and two deletes per
/// message after its put; the row rides in the transaction), and a sweep reads only entries older than
/// <see cref="MessageOutboxOptions.GracePeriod"/>, which is nothing unless a put failed.</para>
/// </remarks>
public sealed class MessageOutbox(CemStorage storage, TimeProvider time, IOptions<MessageOutboxOptions> options, ILogger<MessageOutbox> logger)
{
    public const string RowPrefix = "message-";
    public const string IndexPartition = "pending";

    private readonly TableClient index = storage.Table(StorageNames.PendingMessagesTable);

    /// <summary>
    /// Commits <paramref name="actions"/> (one entity-group transaction in <paramref name="table"/>: one partition, at
    /// most 100 rows with the messages) together with a row per message, then puts the messages. A failed put is
    /// logged, not thrown: the change is committed and the sweep puts the message.
    /// </summary>
    public async Task SubmitAsync(TableClient table, IReadOnlyCollection<TableTransactionAction> actions, IReadOnlyCollection<PendingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return;
        }

        var partitionKey = actions.FirstOrDefault()?.Entity.PartitionKey ?? throw new ArgumentException("A transaction needs at least one row.", nameof(actions));
        var now = time.GetUtcNow();
        var pending = messages.Select(m => Pending.Create(table.Name, partitionKey, m, now)).ToList();

        // Upserts: a retried write whose first answer was lost succeeds rather than failing with a 409 the caller would
        // take for its own transaction's conflict.
        await index.SubmitTransactionAsync(pending.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, p.Entry)), cancellationToken);
        // A transaction that fails may still have committed (its answer lost), so its index entries stay: the sweep
        // drops those without a row.
        await table.SubmitTransactionAsync([.. actions, .. pending.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Row))], cancellationToken);

        foreach (var message in pending)
        {
            try
            {
                await PutAsync(table, message.Row, message.Entry.RowKey, ETag.All, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A timeout too: the change is committed, so the caller is answered as for a success.
                logger.LogWarning(e, "Message for {Queue} committed but not put; the outbox sweep will put it", message.Row.GetString("Queue"));
            }
        }
    }

    /// <summary>As <see cref="SubmitAsync(TableClient, IReadOnlyCollection{TableTransactionAction}, IReadOnlyCollection{PendingMessage}, CancellationToken)"/>, for one message.</summary>
    public Task SubmitAsync(TableClient table, IReadOnlyCollection<TableTransactionAction> actions, PendingMessage message, CancellationToken cancellationToken) =>
        SubmitAsync(table, actions, [message], cancellationToken);

    /// <summary>
    /// Puts every message written more than the grace period ago and still pending, and removes its rows. Safe to run
    /// twice or at once: each entry is leased (ETag-checked) before its put, so concurrent sweeps put it once; a sweep
    /// that dies after the put leaves a duplicate for the idempotent handler. Returns how many messages it put.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = Ulid.NewUlid(now - options.Value.GracePeriod, new byte[10]).ToString();
        var entries = new List<TableEntity>();
        await foreach (var entry in index.QueryAsync<TableEntity>(e => e.PartitionKey == IndexPartition && e.RowKey.CompareTo(before) < 0, cancellationToken: cancellationToken))
        {
            entries.Add(entry);
        }

        var put = 0;
        foreach (var entry in entries)
        {
            try
            {
                put += await SweepOneAsync(entry, now, cancellationToken) ? 1 : 0;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Pending message {MessageId} not put; the next sweep tries again", entry.RowKey);
                if (StorageFailures.IsUnreachable(e))
                {
                    break; // Storage is away: the rest would fail too, each after its timeouts.
                }
            }
        }

        if (put > 0)
        {
            logger.LogWarning("Outbox sweep put {Count} message(s) that were committed but not put", put);
        }

        return put;
    }

    private async Task<bool> SweepOneAsync(TableEntity entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entry.GetDateTimeOffset("LeasedUntil") is { } until && until > now)
        {
            return false; // Another sweep is putting it.
        }

        entry["LeasedUntil"] = now + options.Value.GracePeriod;
        ETag leased;
        try
        {
            leased = (await index.UpdateEntityAsync(entry, entry.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false; // Put and removed meanwhile, or leased by another sweep.
        }

        var tableName = entry.GetString("Table");
        if (!StorageNames.Tables.Any(t => StorageNames.Table(storage.Prefix, t) == tableName))
        {
            logger.LogWarning("Pending message {MessageId} names no table of the app; dropped", entry.RowKey);
            await index.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, leased, cancellationToken);
            return false;
        }

        var table = storage.TableService.GetTableClient(tableName);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(entry.GetString("RowPartition"), RowPrefix + entry.RowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            // Its transaction never committed, or the request put it and removed the row but not this entry.
            await index.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, leased, cancellationToken);
            return false;
        }

        if (!StorageNames.Queues.Contains(row.Value!.GetString("Queue")))
        {
            // Never retried: no later sweep could put it either.
            logger.LogWarning("Pending message {MessageId} names no queue of the app; dropped", entry.RowKey);
            await table.DeleteEntityAsync(row.Value.PartitionKey, row.Value.RowKey, ETag.All, cancellationToken);
            await index.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, leased, cancellationToken);
            return false;
        }

        await PutAsync(table, row.Value, entry.RowKey, leased, cancellationToken);
        return true;
    }

    /// <summary>Puts the message, then removes its row and its index entry (the row first: an entry without a row is dropped by the sweep).</summary>
    private async Task PutAsync(TableClient table, TableEntity row, string id, ETag entryETag, CancellationToken cancellationToken)
    {
        await storage.SendJsonAsync(row.GetString("Queue"), row.GetString("Message"), cancellationToken);
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        await index.DeleteEntityAsync(IndexPartition, id, entryETag, cancellationToken);
    }

    private sealed record Pending(TableEntity Row, TableEntity Entry)
    {
        public static Pending Create(string table, string partitionKey, PendingMessage message, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(message);
            var id = Ulid.NewUlid(now).ToString();
            var row = new TableEntity(partitionKey, RowPrefix + id)
            {
                ["Queue"] = message.Queue,
                ["Message"] = CemStorage.Serialize(message.Message),
            };
            var entry = new TableEntity(IndexPartition, id) { ["Table"] = table, ["RowPartition"] = partitionKey };
            return new Pending(row, entry);
        }
    }
}
