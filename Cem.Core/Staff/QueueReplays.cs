using Azure.Data.Tables;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Staff;

/// <summary>How many messages wait in an app queue and in its poison queue (both approximate, as the service counts).</summary>
public sealed record QueueLength(string Queue, int Waiting, int Poison);

/// <summary>A replay of a poison queue: who, which queue, how many messages, when.</summary>
public sealed record QueueReplay(string Queue, string Actor, int Count, DateTimeOffset At);

/// <summary>
/// The app's queues for the staff console: their lengths, and moving a poison queue's messages back to its queue for
/// another try (each message is sent to the queue, then deleted from the poison queue, so a crash in between repeats
/// a message rather than losing it; the handlers are idempotent). Every replay is recorded: the Sessions table's
/// reserved partition <c>queue-replays</c>, so no table needs deploying.
/// </summary>
public sealed class QueueReplays(CemStorage storage, TimeProvider time, ILogger<QueueReplays> logger)
{
    public const string PoisonSuffix = "-poison";

    /// <summary>The most messages one replay moves; press again for more.</summary>
    public const int MaxPerReplay = 1000;

    private const string AuditPartition = "queue-replays";
    private readonly TableClient table = storage.Table(StorageNames.SessionsTable);

    public static bool IsAppQueue(string? queue) => queue is not null && StorageNames.Queues.Contains(queue, StringComparer.Ordinal);

    public async Task<IReadOnlyList<QueueLength>> LengthsAsync(CancellationToken cancellationToken)
    {
        var lengths = new List<QueueLength>();
        foreach (var queue in StorageNames.Queues)
        {
            var waiting = await storage.Queue(queue).GetPropertiesAsync(cancellationToken);
            var poison = await storage.Queue(queue + PoisonSuffix).GetPropertiesAsync(cancellationToken);
            lengths.Add(new(queue, waiting.Value.ApproximateMessagesCount, poison.Value.ApproximateMessagesCount));
        }

        return lengths;
    }

    /// <summary>Moves the messages of <paramref name="queue"/>'s poison queue back to it, and records who did it and how many moved.</summary>
    public async Task<int> ReplayAsync(string queue, string actor, CancellationToken cancellationToken)
    {
        if (!IsAppQueue(queue))
        {
            throw new ArgumentException($"'{queue}' is not one of the app's queues.", nameof(queue));
        }

        ArgumentException.ThrowIfNullOrEmpty(actor);
        var target = storage.Queue(queue);
        var poison = storage.Queue(queue + PoisonSuffix);
        var moved = 0;
        while (moved < MaxPerReplay)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                await target.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }

        var now = time.GetUtcNow();
        await table.AddEntityAsync(new TableEntity(AuditPartition, Ulid.NewUlid(now).ToString()) { ["Queue"] = queue, ["Actor"] = actor, ["Count"] = moved, ["At"] = now }, cancellationToken);
        logger.LogInformation("Replayed {Count} messages of {Queue}'s poison queue", moved, queue);
        return moved;
    }

    /// <summary>The latest replays, newest first.</summary>
    public async Task<IReadOnlyList<QueueReplay>> RecentAsync(int take, CancellationToken cancellationToken)
    {
        var replays = new List<QueueReplay>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == AuditPartition, cancellationToken: cancellationToken))
        {
            replays.Add(new(row.GetString("Queue") ?? "", row.GetString("Actor") ?? "", row.GetInt32("Count") ?? 0, row.GetDateTimeOffset("At") ?? default));
        }

        return [.. replays.OrderByDescending(r => r.At).Take(take)];
    }
}
