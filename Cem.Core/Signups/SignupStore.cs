using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// Storage for sign-ups. A jurisdiction's partition holds, besides its sign-ups (RowKey = ULID):
/// <list type="bullet">
/// <item><c>lock-email-{sha256}</c>: one pending sign-up per email address and jurisdiction;</item>
/// <item><c>used-{nonce}</c>: signed links already used;</item>
/// <item><c>audit-{signup}-{ulid}</c>: the audit trail.</item>
/// </list>
/// Keeping them in one partition lets each state change be one entity-group transaction: the status,
/// the used link and the audit record are written together or not at all.
/// </summary>
public sealed class SignupStore(CemStorage storage, TimeProvider time)
{
    private const string LockPrefix = "lock-email-";
    private readonly TableClient table = storage.Table(StorageNames.SignupsTable);

    public async Task<Signup?> FindAsync(SignupId id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<Signup>(id.Jurisdiction, id.RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Adds the sign-up unless the same address already has a pending one for the jurisdiction;
    /// returns the stored sign-up and whether it is new.
    /// </summary>
    public async Task<(Signup Signup, bool Created)> AddUnlessPendingAsync(Signup signup, CancellationToken cancellationToken)
    {
        var lockKey = LockPrefix + EmailHash(signup.Email);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(signup.PartitionKey, lockKey, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                var pending = await table.GetEntityIfExistsAsync<Signup>(signup.PartitionKey, existing.Value!.GetString("SignupRowKey"), cancellationToken: cancellationToken);
                if (pending.HasValue && SignupStatus.IsPending(pending.Value!.Status))
                {
                    return (pending.Value, false);
                }

                // A lock left behind by a sign-up that is no longer pending: clear it and go on.
                await DeleteIfUnchangedAsync(existing.Value, cancellationToken);
            }

            var lockRow = new TableEntity(signup.PartitionKey, lockKey) { ["SignupRowKey"] = signup.RowKey };
            try
            {
                await table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.Add, signup), new TableTransactionAction(TableTransactionActionType.Add, lockRow)],
                    cancellationToken);
                return (signup, true);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && attempt < 3)
            {
                // Another request for the same address won the race: loop to return its sign-up.
            }
        }
    }

    /// <summary>
    /// Writes a sign-up's change of state, the link that caused it and an audit record in one
    /// transaction; fails with 412 when the sign-up changed since it was read, or 409 when the link was used.
    /// </summary>
    public async Task CommitTransitionAsync(Signup signup, LinkClaims link, string action, string actor, string? detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, signup, signup.ETag),
            new(TableTransactionActionType.Add, new TableEntity(signup.PartitionKey, "used-" + link.Nonce)
            {
                ["Purpose"] = link.Purpose,
                ["SignupRowKey"] = signup.RowKey,
                ["UsedAt"] = now,
            }),
            new(TableTransactionActionType.Add, new AuditRecord
            {
                PartitionKey = signup.PartitionKey,
                RowKey = $"audit-{signup.RowKey}-{Ulid.NewUlid(now)}",
                SignupId = signup.Id.ToString(),
                Action = action,
                Actor = actor,
                At = now,
                Detail = detail,
            }),
        };

        if (!SignupStatus.IsPending(signup.Status))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(signup.PartitionKey, LockPrefix + EmailHash(signup.Email)), ETag.All));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<bool> WasLinkUsedAsync(string jurisdiction, LinkClaims link, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(jurisdiction, "used-" + link.Nonce, ["PartitionKey"], cancellationToken)).HasValue;

    public async IAsyncEnumerable<AuditRecord> AuditTrailAsync(SignupId id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = $"audit-{id.RowKey}-";
        var to = $"audit-{id.RowKey}.";
        await foreach (var record in table.QueryAsync<AuditRecord>(
            r => r.PartitionKey == id.Jurisdiction && r.RowKey.CompareTo(from) > 0 && r.RowKey.CompareTo(to) < 0,
            cancellationToken: cancellationToken))
        {
            yield return record;
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

    private static string EmailHash(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
}
