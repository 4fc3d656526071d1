using Azure;
using Azure.Data.Tables;

namespace Cem.Core.Storage;

/// <summary>
/// A partition that is read whole and carries a version: every write of a row goes in one entity-group transaction
/// with a write of the partition's version row (<see cref="VersionRow"/>), whose ETag therefore changes with every
/// change of the rows. <see cref="ReadCurrentAsync"/> checks that ETag with one point read and reuses this instance's
/// last read of the rows while it stands, so a reader that must see every change made before it asked (a press kit
/// counting the listed states) pays one point read, not a query, while nothing changed.
/// </summary>
/// <remarks>Keep one instance per partition for the life of the process: the last read lives in it.</remarks>
public sealed class VersionedPartition<TRow>(TableClient table, string partition)
    where TRow : class, ITableEntity, new()
{
    /// <summary>The row whose ETag is the partition's version; it sorts before ids of letters and digits and holds nothing else.</summary>
    public const string VersionRow = "!version";

    private volatile Read? lastRead;

    /// <summary>Every row but the version: one partition query.</summary>
    public async Task<IReadOnlyList<TRow>> ReadAsync(CancellationToken cancellationToken)
    {
        var rows = new List<TRow>();
        await foreach (var row in table.QueryAsync<TRow>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (row.RowKey != VersionRow)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// Every row as it stands now: one point read of the version when it has not changed since this instance last read
    /// the rows (that read is returned, shared: do not change its rows), otherwise that and the partition query. A
    /// partition without a version row (written before it had one) is given one first.
    /// </summary>
    public async Task<IReadOnlyList<TRow>> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        // The version before the rows: a write between the two leaves rows newer than the version they are kept
        // under, so the next check reads them again; read the other way round, older rows could be kept as current.
        var read = await table.GetEntityIfExistsAsync<TableEntity>(partition, VersionRow, select: ["RowKey"], cancellationToken: cancellationToken);
        var version = read.HasValue
            ? read.Value!.ETag
            : (await table.UpsertEntityAsync(new TableEntity(partition, VersionRow), TableUpdateMode.Replace, cancellationToken)).Headers.ETag ?? default;
        if (lastRead is { } known && known.Version == version && version != default)
        {
            return known.Rows;
        }

        var rows = await ReadAsync(cancellationToken);
        lastRead = new Read(version, rows);
        return rows;
    }

    /// <summary>Writes a change of a row with a new version, in one transaction; fails as the change alone would (404, 409, 412).</summary>
    public Task WriteAsync(TableTransactionAction change, CancellationToken cancellationToken) => WriteAsync([change], cancellationToken);

    /// <summary>Writes changes of rows (at most 99, in the partition) with a new version, in one transaction.</summary>
    public async Task WriteAsync(IEnumerable<TableTransactionAction> changes, CancellationToken cancellationToken) =>
        await table.SubmitTransactionAsync(changes.Append(NewVersion()), cancellationToken);

    private TableTransactionAction NewVersion() => new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, VersionRow));

    private sealed record Read(ETag Version, IReadOnlyList<TRow> Rows);
}
