using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>
/// At start-up, after the tables exist and before triggers run: every pending or approved sign-up holds the keyed lock
/// of its (address, jurisdiction) (<see cref="SignupStore"/>). It adds the lock a sign-up lacks (sign-ups approved before
/// locks existed, those whose lock used the unkeyed SHA-256, or another key), then deletes the unkeyed
/// <c>lock-email-{sha256}</c> rows. Idempotent: with nothing to do it reads the table once and writes nothing. Two
/// sign-ups of one address in one jurisdiction from before locks existed keep one lock (the first) and are logged.
/// </summary>
public sealed class SignupLocks(SignupStore store, ILogger<SignupLocks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>How many locks were added and how many unkeyed ones deleted.</returns>
    public async Task<(int Added, int Removed)> EnsureAsync(CancellationToken cancellationToken)
    {
        var table = store.Table;
        var holders = new List<TableEntity>();
        var locks = new HashSet<(string, string)>();
        var legacy = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Status", "Email"], cancellationToken: cancellationToken))
        {
            if (SignupStore.IsLegacyLock(row.RowKey))
            {
                legacy.Add(row);
            }
            else if (SignupStore.IsLock(row.RowKey))
            {
                locks.Add((row.PartitionKey, row.RowKey));
            }
            else if (row.GetString("Status") is SignupStatus.PendingConfirmation or SignupStatus.AwaitingApproval or SignupStatus.Approved
                && !string.IsNullOrWhiteSpace(row.GetString("Email")))
            {
                holders.Add(row);
            }
        }

        var added = 0;
        foreach (var holder in holders.OrderBy(h => h.RowKey, StringComparer.Ordinal))
        {
            var key = store.LockKey(holder.GetString("Email"));
            if (locks.Contains((holder.PartitionKey, key)))
            {
                continue;
            }

            try
            {
                await table.AddEntityAsync(new TableEntity(holder.PartitionKey, key) { ["SignupRowKey"] = holder.RowKey }, cancellationToken);
                locks.Add((holder.PartitionKey, key));
                added++;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                logger.LogWarning("Sign-up {Jurisdiction}-{SignupRowKey} shares its address and jurisdiction with another that holds the lock", holder.PartitionKey, holder.RowKey);
            }
        }

        var removed = 0;
        foreach (var row in legacy)
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                removed++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another instance starting at the same time deleted it.
            }
        }

        if (added + removed > 0)
        {
            logger.LogInformation("Sign-up locks: {Added} added, {Removed} unkeyed ones deleted", added, removed);
        }

        return (added, removed);
    }
}
