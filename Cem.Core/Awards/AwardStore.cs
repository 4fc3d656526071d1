using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Awards;

/// <summary>The next free index of the status list, beside the awards so an issue takes it in the same transaction.</summary>
public sealed class StatusListCounter : ITableEntity
{
    public string PartitionKey { get; set; } = AwardStore.Partition;
    public string RowKey { get; set; } = AwardStore.CounterRow;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public int Next { get; set; }
}

/// <summary>
/// The Awards table: every award in one partition (a few hundred rows a year), so issuing writes the award and takes
/// its status-list index in one entity-group transaction and no two awards ever share a bit.
/// </summary>
public sealed class AwardStore(CemStorage storage)
{
    public const string Partition = "awards";
    public const string CounterRow = "status-counter";
    private readonly TableClient table = storage.Table(StorageNames.AwardsTable);

    public async Task<Award?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<Award>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Every award (award ids start with the year, a digit; the counter row with a letter).</summary>
    public async Task<List<Award>> AllAsync(CancellationToken cancellationToken)
    {
        var awards = new List<Award>();
        await foreach (var award in table.QueryAsync<Award>(a => a.PartitionKey == Partition && a.RowKey.CompareTo("0") >= 0 && a.RowKey.CompareTo(":") < 0, cancellationToken: cancellationToken))
        {
            awards.Add(award);
        }

        return awards;
    }

    public async Task<List<Award>> OfYearAsync(int year, CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken)).Where(a => a.Year == year).ToList();

    /// <summary>Adds a new award; false when one with its id exists (someone proposed it meanwhile).</summary>
    public async Task<bool> TryAddAsync(Award award, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(award, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the award read before; false when it changed since (its ETag).</summary>
    public async Task<bool> TryReplaceAsync(Award award, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(award, award.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryDeleteAsync(Award award, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(award, award.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<StatusListCounter> CounterAsync(CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<StatusListCounter>(Partition, CounterRow, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value! : new StatusListCounter { ETag = default };
    }

    /// <summary>
    /// Writes the issued award (over the version read) and moves the counter past its index, in one transaction:
    /// false when either changed meanwhile, and then neither is written.
    /// </summary>
    public async Task<bool> TryIssueAsync(Award award, StatusListCounter counter, CancellationToken cancellationToken)
    {
        var counterAction = counter.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, counter)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, counter, counter.ETag);
        try
        {
            await table.SubmitTransactionAsync([counterAction, new TableTransactionAction(TableTransactionActionType.UpdateReplace, award, award.ETag)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }
}
