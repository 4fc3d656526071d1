using Azure;
using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>
/// Addresses no email goes to: SendGrid reported a bounce, a drop or a spam report for them, until staff clear
/// them. One row per address in the SentEmails table (the email records): PartitionKey = <c>!suppressed</c> (a
/// sent-email partition is an escaped dedupe key, where <c>!</c> cannot occur), RowKey = the address's keyed hash
/// (<see cref="HashOf"/>): the address itself is never stored.
/// </summary>
public sealed class EmailSuppressions(CemStorage storage, IOptions<EmailOptions> options, IOptions<LinkOptions> links, TimeProvider time)
{
    private const string Partition = "!suppressed";
    private readonly TableClient table = storage.Table(StorageNames.SentEmailsTable);
    private readonly AddressHashes hashes = new(options, links);

    /// <summary>32 hex digits of HMAC-SHA256 of the trimmed, lower-cased address (<see cref="AddressHashes.Of"/>).</summary>
    public string HashOf(string address) => hashes.Of(address);

    public async Task<bool> IsSuppressedAsync(string address, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(Partition, HashOf(address), cancellationToken: cancellationToken)).HasValue;

    /// <param name="reason">The event that caused it (<see cref="EmailFailureKinds"/>).</param>
    public async Task SuppressAsync(string address, string reason, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(Partition, HashOf(address)) { ["Reason"] = reason, ["SuppressedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <returns>true when the address was suppressed and no longer is.</returns>
    public async Task<bool> ClearAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK answers a missing entity with its 404 response rather than an exception.
            return (await table.DeleteEntityAsync(Partition, HashOf(address), ETag.All, cancellationToken)).Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
