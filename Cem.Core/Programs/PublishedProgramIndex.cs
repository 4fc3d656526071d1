using System.Collections.Concurrent;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Programs;

/// <summary>
/// The states that have published their program in an edition at some time: a superset of those whose program is
/// published now, so a state missing from it has none published, and one in it is read from its program row (the
/// truth). A state is added before its program is first published and never removed (taking a program down leaves
/// it: the row is then read and says so), so no order of publishing, taking down and crashing can leave a published
/// program out. Each edition's index is a <see cref="VersionedPartition{TRow}"/> of the Events table
/// (<c>published-programs-{year}</c>): press kits compiled at the same time learn which states to read with one
/// point read per batch, however many states have no program.
/// </summary>
/// <remarks>
/// An index is complete once it holds <see cref="BuiltRow"/>: the first reader of an edition's index without it adds
/// every program of the edition published now (one query over the edition's program partitions, once an edition:
/// programs published before the index existed, or before this edition's first reader) and then writes it.
/// </remarks>
public sealed class PublishedProgramIndex(CemStorage storage)
{
    /// <summary>The row that says every program published before the index existed is in it.</summary>
    public const string BuiltRow = "!built";

    private readonly TableClient table = storage.Table(StorageNames.EventsTable);
    private readonly ConcurrentDictionary<int, Edition> editions = new();

    public static string Partition(int year) => "published-programs-" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Adds a state before its program is published; safe to repeat.</summary>
    public Task AddAsync(int year, string code, CancellationToken cancellationToken) =>
        Of(year).Rows.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(year), code)), cancellationToken);

    /// <summary>
    /// The states that may have a program published now (every other has none), read for calls made at the same time
    /// with one shared read (<see cref="SharedRead{T}"/>: never one that began before the call).
    /// </summary>
    public Task<IReadOnlySet<string>> StatesAsync(int year, CancellationToken cancellationToken) =>
        Of(year).Shared.ReadAsync(cancellationToken);

    private Edition Of(int year) => editions.GetOrAdd(year, y => new Edition(this, new VersionedPartition<TableEntity>(table, Partition(y)), y));

    private async Task<IReadOnlySet<string>> ReadAsync(VersionedPartition<TableEntity> rows, int year)
    {
        var read = await rows.ReadCurrentAsync(CancellationToken.None);
        if (!read.Any(r => r.RowKey == BuiltRow))
        {
            await BuildAsync(rows, year);
            read = await rows.ReadCurrentAsync(CancellationToken.None);
        }

        return read.Select(r => r.RowKey).Where(k => k != BuiltRow).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Adds every program of the edition published now, then marks the index complete. Idempotent.</summary>
    private async Task BuildAsync(VersionedPartition<TableEntity> rows, int year)
    {
        var from = StateProgram.Partition(year, "");
        var to = from[..^1] + (char)(from[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and RowKey eq {StateProgram.Row}");
        await foreach (var program in table.QueryAsync<StateProgram>(filter, select: ["PartitionKey", "RowKey", nameof(StateProgram.Code), nameof(StateProgram.Published)]))
        {
            if (program.Published)
            {
                await AddAsync(year, program.Code, CancellationToken.None);
            }
        }

        await rows.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(year), BuiltRow)), CancellationToken.None);
    }

    private sealed class Edition
    {
        public Edition(PublishedProgramIndex index, VersionedPartition<TableEntity> rows, int year)
        {
            Rows = rows;
            Shared = new(() => index.ReadAsync(rows, year));
        }

        public VersionedPartition<TableEntity> Rows { get; }

        public SharedRead<IReadOnlySet<string>> Shared { get; }
    }
}
