using Azure;
using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// Storage for sign-ups. A jurisdiction's partition holds, besides its sign-ups (RowKey = ULID):
/// <list type="bullet">
/// <item><c>lock-address-{keyed hash}</c> (<see cref="AddressHashes"/>): one sign-up per email address and jurisdiction, pending or approved (a rejection frees it);</item>
/// <item><c>used-{nonce}</c> and <c>audit-{signup}-{ulid}</c>: written by the emailed-link actions (<see cref="Links.LinkAction{TSubject}"/>).</item>
/// </list>
/// Keeping them in one partition lets each state change be one entity-group transaction: the status,
/// the used link, the audit record and the lock are written together or not at all. Partitions <c>rate-{window}</c>
/// count sign-ups per client (<see cref="Clients.RateLimiter"/>); partition <see cref="UnconfirmedSignups.Partition"/>
/// holds each address's unconfirmed sign-ups across jurisdictions.
/// </summary>
public sealed class SignupStore(CemStorage storage, MessageOutbox outbox, AddressHashes hashes, PublicList publicList)
{
    private const string LockPrefix = "lock-address-";

    /// <summary>Locks written before the keyed hash (<c>lock-email-{sha256}</c>); <see cref="SignupLocks"/> replaces them at start-up.</summary>
    internal const string LegacyLockPrefix = "lock-email-";
    private readonly TableClient table = storage.Table(StorageNames.SignupsTable);

    /// <summary>Counts a submission of the client <paramref name="clientKey"/> (a keyed hash) in this table.</summary>
    public Task<Clients.RateDecision> TryCountSubmissionAsync(Clients.RateLimiter limiter, string clientKey, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        limiter.TryAcquireAsync(table, clientKey, limit, window, cancellationToken);

    public async Task<Signup?> FindAsync(SignupId id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<Signup>(id.Jurisdiction, id.RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The sign-up that holds the (address, jurisdiction) lock, whatever its status; null when none does. A lock
    /// naming a sign-up that is gone or rejected is stale: it is cleared and null returned.
    /// </summary>
    public async Task<Signup?> LockHolderAsync(string jurisdiction, string email, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(jurisdiction, LockKey(email), cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return null;
        }

        var holder = await table.GetEntityIfExistsAsync<Signup>(jurisdiction, existing.Value!.GetString("SignupRowKey"), cancellationToken: cancellationToken);
        if (holder.HasValue && holder.Value!.Status != SignupStatus.Rejected)
        {
            return holder.Value;
        }

        await DeleteIfUnchangedAsync(existing.Value, cancellationToken);
        return null;
    }

    /// <summary>
    /// Adds the sign-up with its (address, jurisdiction) lock in one transaction; false when another sign-up took
    /// the lock first.
    /// </summary>
    public Task<bool> TryAddWithLockAsync(Signup signup, CancellationToken cancellationToken) => TryAddWithLockAsync(signup, [], cancellationToken);

    /// <summary>As <see cref="TryAddWithLockAsync(Signup, CancellationToken)"/>, sending <paramref name="messages"/> once it is added (<see cref="MessageOutbox"/>).</summary>
    public async Task<bool> TryAddWithLockAsync(Signup signup, IReadOnlyCollection<PendingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        var lockRow = new TableEntity(signup.PartitionKey, LockKey(signup.Email)) { ["SignupRowKey"] = signup.RowKey };
        try
        {
            await outbox.SubmitAsync(
                table,
                [new TableTransactionAction(TableTransactionActionType.Add, signup), new TableTransactionAction(TableTransactionActionType.Add, lockRow)],
                messages,
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces a sign-up read before, sending <paramref name="message"/> once it is replaced (<see cref="MessageOutbox"/>);
    /// false when it changed since (its ETag no longer matches).
    /// </summary>
    public async Task<bool> TryReplaceAsync(Signup signup, PendingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        try
        {
            await outbox.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.UpdateReplace, signup, signup.ETag)], message, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks that an email to the signer was refused for good (a bounce, a rejected or suppressed address), so staff
    /// can see the signer never got it. A merge of two properties: a concurrent state change keeps its own.
    /// </summary>
    public async Task MarkUndeliveredAsync(SignupId id, string template, DateTimeOffset at, CancellationToken cancellationToken) =>
        await table.UpdateEntityAsync(
            new TableEntity(id.Jurisdiction, id.RowKey) { [nameof(Signup.UndeliveredEmail)] = template, [nameof(Signup.UndeliveredAt)] = at },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>
    /// A rejected sign-up frees its (address, jurisdiction) lock: the delete joins the decision's transaction, so the
    /// lock goes exactly when the sign-up is rejected. An approved one keeps it, so the same address cannot list the
    /// same jurisdiction twice.
    /// </summary>
    public IEnumerable<TableTransactionAction> ReleaseLockIfRejected(Signup signup)
    {
        ArgumentNullException.ThrowIfNull(signup);
        if (signup.Status == SignupStatus.Rejected)
        {
            yield return new(TableTransactionActionType.Delete, new TableEntity(signup.PartitionKey, LockKey(signup.Email)), ETag.All);
        }
    }

    /// <summary>Every approved sign-up. The table holds a few hundred sign-ups at most, so one filtered scan is cheap.</summary>
    public async Task<IReadOnlyList<Signup>> ApprovedAsync(CancellationToken cancellationToken)
    {
        var approved = new List<Signup>();
        await foreach (var signup in table.QueryAsync<Signup>(s => s.Status == SignupStatus.Approved, cancellationToken: cancellationToken))
        {
            approved.Add(signup);
        }

        return approved;
    }

    /// <summary>The approved sign-ups of one jurisdiction: a query of its partition only, whatever the table holds.</summary>
    public async Task<IReadOnlyList<Signup>> ApprovedInAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var approved = new List<Signup>();
        await foreach (var signup in table.QueryAsync<Signup>(s => s.PartitionKey == code && s.Status == SignupStatus.Approved, cancellationToken: cancellationToken))
        {
            approved.Add(signup);
        }

        return approved;
    }

    /// <summary>Sign-ups waiting for a staff decision, oldest first (ULIDs sort by time).</summary>
    public Task<IReadOnlyList<Signup>> AwaitingApprovalAsync(CancellationToken cancellationToken) =>
        WithStatusAsync(SignupStatus.AwaitingApproval, cancellationToken);

    /// <summary>Sign-ups with <paramref name="status"/>, oldest first. One filtered query: the table holds a few hundred sign-ups.</summary>
    public async Task<IReadOnlyList<Signup>> WithStatusAsync(string status, CancellationToken cancellationToken)
    {
        var found = new List<Signup>();
        await foreach (var signup in table.QueryAsync<Signup>(s => s.Status == status, cancellationToken: cancellationToken))
        {
            found.Add(signup);
        }

        return [.. found.OrderBy(s => s.SubmittedAt).ThenBy(s => s.RowKey, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes <paramref name="signup"/> with every row beside it that names it (its used-link and audit rows, and its
    /// address's lock when the lock is its own), in one transaction guarded by the sign-up's ETag: a sign-up that
    /// changed since it was read (confirmed meanwhile) is kept, and of two runs at once one deletes and the other finds
    /// it gone. Returns whether this call deleted it.
    /// </summary>
    public async Task<bool> DeleteAsync(Signup signup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, signup, signup.ETag) };
        var audit = $"audit-{signup.RowKey}-";
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == signup.PartitionKey, select: ["RowKey", "SubjectRowKey", "SignupRowKey"], cancellationToken: cancellationToken))
        {
            var belongs = row.RowKey.StartsWith(audit, StringComparison.Ordinal)
                || (row.RowKey.StartsWith("used-", StringComparison.Ordinal) && row.GetString("SubjectRowKey") == signup.RowKey)
                || (IsLock(row.RowKey) && row.GetString("SignupRowKey") == signup.RowKey);
            if (belongs)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(signup.PartitionKey, row.RowKey), ETag.All));
            }
        }

        // Off the public list first: a failure after this leaves a sign-up unlisted for a while, never a deleted one listed.
        await publicList.RemoveAsync(signup.Id, cancellationToken);
        try
        {
            // A transaction holds at most 100 rows: the sign-up goes with the first batch, so the rest never outlive it
            // unnoticed; a later run finds nothing left of it.
            foreach (var batch in actions.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }

            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // Changed or deleted meanwhile: listed again if it is still there and approved.
            if (await FindAsync(signup.Id, cancellationToken) is { } kept)
            {
                await publicList.SyncAsync(kept, cancellationToken);
            }

            return false;
        }
    }

    /// <summary>Deletes the address locks that name <paramref name="signup"/> (its contact's details were deleted). Safe to repeat.</summary>
    public async Task<int> DeleteLocksOfAsync(Signup signup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {signup.PartitionKey} and RowKey gt {"lock-"} and RowKey lt {"lock."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "SignupRowKey"], cancellationToken: cancellationToken))
        {
            if (IsLock(row.RowKey) && row.GetString("SignupRowKey") == signup.RowKey)
            {
                await DeleteIfUnchangedAsync(row, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    private async Task DeleteIfUnchangedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Someone else already cleared or replaced it.
        }
    }

    /// <summary>The lock row of an address: a keyed hash, so the table holds nothing to match a list of likely addresses against.</summary>
    internal string LockKey(string email) => LockPrefix + hashes.For("signup-lock", email);

    internal static bool IsLock(string rowKey) =>
        rowKey.StartsWith(LockPrefix, StringComparison.Ordinal) || rowKey.StartsWith(LegacyLockPrefix, StringComparison.Ordinal);

    internal static bool IsLegacyLock(string rowKey) => rowKey.StartsWith(LegacyLockPrefix, StringComparison.Ordinal);

    internal TableClient Table => table;
}
