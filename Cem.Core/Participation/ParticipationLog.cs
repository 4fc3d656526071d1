using Azure.Data.Tables;
using Azure;
using Cem.Core.Jurisdictions;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Participation;

/// <summary>
/// One thing that happened, in the ParticipationLog table: PartitionKey = jurisdiction code, RowKey =
/// ULID of the moment it was written. No personal data: a code, a kind, an id and a time (and, for an
/// approval, the activity keys the state chose).
/// </summary>
public sealed class ParticipationEntry : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";
    public string SubjectId { get; set; } = "";
    public DateTimeOffset At { get; set; }

    /// <summary>Activity keys, comma separated; set on approvals.</summary>
    public string? Activities { get; set; }
}

/// <summary>
/// The append-only participation log. Each flow records what happened as it happens; the rollup reads
/// it incrementally (a RowKey range per jurisdiction partition, from the watermark).
/// </summary>
/// <remarks>
/// <para>Once-only events (a sign-up approved, a comment posted) are written together with a marker row
/// <c>once-{kind}-{subject}</c> in one entity-group transaction of the jurisdiction's partition: a retried
/// POST finds the marker and writes nothing, so it is never counted twice, however late the retry.</para>
/// <para>Recording never breaks the user's action: a storage failure is logged and swallowed.</para>
/// </remarks>
public sealed class ParticipationLog(CemStorage storage, TimeProvider time, ILogger<ParticipationLog> logger)
{
    private const string OncePrefix = "once-";
    private readonly TableClient table = storage.Table(StorageNames.ParticipationLogTable);

    public TableClient Table => table;

    /// <summary>Records an event that can happen only once for its subject (approved, comment-posted, …).</summary>
    public Task RecordOnceAsync(string jurisdiction, string kind, string subjectId, CancellationToken cancellationToken, IEnumerable<string>? activities = null) =>
        WriteAsync(jurisdiction, kind, subjectId, once: true, activities, cancellationToken);

    /// <summary>Records an event that may happen many times (a press kit downloaded).</summary>
    public Task RecordAsync(string jurisdiction, string kind, string subjectId, CancellationToken cancellationToken) =>
        WriteAsync(jurisdiction, kind, subjectId, once: false, null, cancellationToken);

    /// <summary>The first RowKey of the moment <paramref name="at"/>: ULIDs sort by time, so log ranges are RowKey ranges.</summary>
    public static string PositionOf(DateTimeOffset at) => Ulid.NewUlid(at).ToString()[..10] + "0000000000000000";

    /// <summary>Entries of one jurisdiction written in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    public async Task<List<ParticipationEntry>> ReadAsync(string jurisdiction, string from, string to, CancellationToken cancellationToken)
    {
        var entries = new List<ParticipationEntry>();
        await foreach (var entry in table.QueryAsync<ParticipationEntry>(
            e => e.PartitionKey == jurisdiction && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0,
            cancellationToken: cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// At most <paramref name="take"/> entries of one jurisdiction written in [<paramref name="from"/>, <paramref name="to"/>),
    /// in order, and whether they are all there are.
    /// </summary>
    public async Task<(List<ParticipationEntry> Entries, bool Complete)> ReadAsync(string jurisdiction, string from, string to, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var entries = new List<ParticipationEntry>();
        await foreach (var page in table.QueryAsync<ParticipationEntry>(
            e => e.PartitionKey == jurisdiction && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0,
            maxPerPage: Math.Min(take, 1000),
            cancellationToken: cancellationToken).AsPages())
        {
            entries.AddRange(page.Values);
            if (entries.Count >= take)
            {
                // The service may end a page early with a continuation: only no continuation and no surplus mean the end.
                var complete = entries.Count == take && page.ContinuationToken is null;
                return (entries.GetRange(0, take), complete);
            }
        }

        return (entries, true);
    }

    private async Task WriteAsync(string jurisdiction, string kind, string subjectId, bool once, IEnumerable<string>? activities, CancellationToken cancellationToken)
    {
        if (!Jurisdiction.TryFind(jurisdiction, out var found) || !ParticipationKinds.IsValid(kind) || string.IsNullOrEmpty(subjectId))
        {
            throw new ArgumentException($"Cannot log '{kind}' for '{jurisdiction}' and '{subjectId}'.", nameof(kind));
        }

        var now = time.GetUtcNow();
        var entry = new ParticipationEntry
        {
            PartitionKey = found.Code,
            RowKey = Ulid.NewUlid(now).ToString(),
            Kind = kind,
            SubjectId = subjectId,
            At = now,
            Activities = activities is null ? null : string.Join(',', activities),
        };
        try
        {
            if (once)
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(found.Code, OncePrefix + kind + "-" + TableKeys.Escape(subjectId)) { ["EntryRowKey"] = entry.RowKey }),
                        new TableTransactionAction(TableTransactionActionType.Add, entry),
                    ],
                    cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(entry, cancellationToken);
            }
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            logger.LogDebug("Participation {Kind} of {SubjectId} was logged before", kind, subjectId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The user's action has already happened; losing one count is better than failing it.
            logger.LogWarning(e, "Could not log participation {Kind} of {SubjectId} for {Jurisdiction}", kind, subjectId, found.Code);
        }
    }
}
