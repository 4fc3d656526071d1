using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Links;

/// <summary>Who did what to a subject through a link, and when; kept beside the subject in its partition.</summary>
public sealed class LinkAuditRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string SubjectId { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Action { get; set; } = "";

    /// <summary>The staff address that acted, or the subject's own contact ("signer", "contact").</summary>
    public string Actor { get; set; } = "";

    public DateTimeOffset At { get; set; }
    public string? Detail { get; set; }
}

/// <summary>
/// The rows a link action writes beside its subject: <c>used-{nonce}</c> (a link works once) and
/// <c>audit-{subject row}-{ULID}</c>. Both start with a letter, so they never fall into a range of ULID rows.
/// </summary>
public static class LinkRows
{
    public static string UsedKey(LinkClaims link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return "used-" + link.Nonce;
    }

    public static TableEntity Used(string partitionKey, LinkClaims link, string subjectRowKey, DateTimeOffset now) =>
        new(partitionKey, UsedKey(link))
        {
            ["Purpose"] = link.Purpose,
            ["SubjectRowKey"] = subjectRowKey,
            ["UsedAt"] = now,
        };

    public static LinkAuditRecord Audit(string partitionKey, string subjectRowKey, string subjectId, string purpose, LinkTransition transition, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return new()
        {
            PartitionKey = partitionKey,
            RowKey = $"audit-{subjectRowKey}-{Ulid.NewUlid(now)}",
            SubjectId = subjectId,
            Purpose = purpose,
            Action = transition.AuditAction,
            Actor = actor,
            At = now,
            Detail = transition.Detail,
        };
    }

    public static async IAsyncEnumerable<LinkAuditRecord> AuditTrailAsync(TableClient table, string partitionKey, string subjectRowKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var from = $"audit-{subjectRowKey}-";
        var to = $"audit-{subjectRowKey}.";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {from} and RowKey lt {to}");
        await foreach (var record in table.QueryAsync<LinkAuditRecord>(filter, cancellationToken: cancellationToken))
        {
            yield return record;
        }
    }
}
