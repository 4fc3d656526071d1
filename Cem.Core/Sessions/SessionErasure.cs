using Azure;
using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Storage;

namespace Cem.Core.Sessions;

/// <summary>
/// Forgets an address in the Sessions table when its owner deletes their data: its sessions (so a signed-in browser
/// is signed out), its sign-in requests with their used-link and audit rows, and the mailer's records of their sign-in
/// emails. One filtered scan of the table (a few hundred rows); safe to repeat.
/// </summary>
public sealed class SessionErasure(CemStorage storage, SentEmailRecords records)
{
    private readonly TableClient table = storage.Table(StorageNames.SessionsTable);

    public async Task ForgetAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "Email"], cancellationToken: cancellationToken))
        {
            if (row.GetString("Email") is { } address && string.Equals(address.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                partitions.Add(row.PartitionKey);
            }
        }

        foreach (var partition in partitions)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                // A row another run deleted answers 404 without throwing.
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }

            if (partition.StartsWith(SignInRequest.PartitionPrefix, StringComparison.Ordinal))
            {
                await records.ForgetAsync("sign-in/" + partition[SignInRequest.PartitionPrefix.Length..], cancellationToken);
            }
        }
    }
}
