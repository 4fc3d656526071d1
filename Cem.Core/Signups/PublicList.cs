using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

/// <summary>
/// An approved sign-up as the public list holds it: the organization and when it was approved, and a hash of the
/// contact's address (to find a contact's states), never the address itself.
/// </summary>
public sealed class ListedSignup : ITableEntity
{
    public string PartitionKey { get; set; } = PublicList.Partition;

    /// <summary>The sign-up's id, <c>OH-01J…</c>.</summary>
    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string OrganizationName { get; set; } = "";
    public DateTimeOffset ConfirmedAt { get; set; }

    /// <summary>A keyed hash of the contact's address (<see cref="PublicList.ContactHash"/>), never the address.</summary>
    public string ContactHash { get; set; } = "";

    /// <summary>Which key made <see cref="ContactHash"/> (<see cref="AddressHashes.KeyId"/>): a row without it, or with another, is rebuilt at start-up.</summary>
    public string? ContactHashKey { get; set; }

    [IgnoreDataMember]
    public string Code => RowKey[..2];

    [IgnoreDataMember]
    public SignupId Id => SignupId.TryParse(RowKey, out var id) ? id : throw new FormatException($"'{RowKey}' is not a sign-up id.");

    /// <summary>What the public shows of <paramref name="signup"/>; the list's own rows add the contact's hash (<see cref="PublicList.RowOf"/>).</summary>
    public static ListedSignup Of(Signup signup)
    {
        ArgumentNullException.ThrowIfNull(signup);
        return new()
        {
            RowKey = signup.Id.ToString(),
            OrganizationName = signup.OrganizationName,
            ConfirmedAt = signup.DecidedAt ?? signup.SubmittedAt,
        };
    }

    /// <summary>Whether the row says what <paramref name="other"/> says (ETags and times of writing aside).</summary>
    public bool SameAs(ListedSignup other) =>
        other is not null && RowKey == other.RowKey && OrganizationName == other.OrganizationName && ConfirmedAt == other.ConfirmedAt
        && ContactHash == other.ContactHash && ContactHashKey == other.ContactHashKey;
}

/// <summary>
/// The approved sign-ups, one row each in the Signups table's partition <c>public-list</c>: the public list, a
/// contact's states and the press kits' figures read this one partition, so a request costs the same whatever the
/// number of pending, rejected or unconfirmed sign-ups. The sign-ups stay the truth: the list is written after a
/// decision commits (<see cref="SyncAsync"/>, again by the outcome email's handler), a deletion takes its row away,
/// and <see cref="RebuildAsync"/> writes it afresh from the sign-ups (at start-up while the list is empty or holds a row
/// hashed with another key, and on demand).
/// </summary>
/// <remarks>
/// The partition is a <see cref="VersionedPartition{TRow}"/>: every write of a row also gives it a new version, so
/// <see cref="ReadCurrentAsync"/> costs one point read while the list is unchanged.
/// </remarks>
public sealed class PublicList(CemStorage storage, AddressHashes hashes, ILogger<PublicList> logger)
{
    public const string Partition = "public-list";

    /// <summary>The row whose ETag is the list's version (<see cref="VersionedPartition{TRow}"/>).</summary>
    public const string VersionRow = VersionedPartition<ListedSignup>.VersionRow;

    private readonly TableClient table = storage.Table(StorageNames.SignupsTable);
    private readonly VersionedPartition<ListedSignup> partition = new(storage.Table(StorageNames.SignupsTable), Partition);

    /// <summary>Every approved sign-up: one partition query.</summary>
    public Task<IReadOnlyList<ListedSignup>> ReadAsync(CancellationToken cancellationToken) => partition.ReadAsync(cancellationToken);

    /// <summary>
    /// Every approved sign-up as listed now: one point read of the list's version while it is unchanged since this
    /// instance last read the rows (their read is reused), otherwise that and the partition query.
    /// </summary>
    public Task<IReadOnlyList<ListedSignup>> ReadCurrentAsync(CancellationToken cancellationToken) => partition.ReadCurrentAsync(cancellationToken);

    /// <summary>
    /// Lists an approved sign-up, or takes any other off the list. Idempotent. After writing a row it reads the
    /// sign-up again and takes the row away if the sign-up has gone or changed meanwhile, so a deletion that ran
    /// between (and removed the row before this wrote it) cannot leave its sign-up listed.
    /// </summary>
    public async Task SyncAsync(Signup signup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signup);
        if (signup.Status != SignupStatus.Approved)
        {
            await RemoveAsync(signup.Id, cancellationToken);
            return;
        }

        await partition.WriteAsync(new TableTransactionAction(TableTransactionActionType.UpsertReplace, RowOf(signup)), cancellationToken);
        var now = await table.GetEntityIfExistsAsync<Signup>(signup.PartitionKey, signup.RowKey, cancellationToken: cancellationToken);
        if (!now.HasValue || now.Value!.Status != SignupStatus.Approved)
        {
            await RemoveAsync(signup.Id, cancellationToken);
        }
    }

    /// <summary>Takes a sign-up off the list; nothing happens when it is not on it.</summary>
    public async Task RemoveAsync(SignupId id, CancellationToken cancellationToken)
    {
        try
        {
            await partition.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, id.ToString()), ETag.All), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Not listed.
        }
    }

    /// <summary>
    /// Makes the list equal to the approved sign-ups: lists those missing or different, removes rows of sign-ups that
    /// are no longer approved. Reads the whole table, so it runs at start-up only while the list is empty
    /// (<see cref="EnsureBuiltAsync"/>) and otherwise on demand. Idempotent; returns how many rows it changed.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        // The rows first, then the sign-ups: a row written between the two reads is not taken for a stale one.
        var listed = (await ReadAsync(cancellationToken)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var approved = new Dictionary<string, Signup>(StringComparer.Ordinal);
        await foreach (var signup in table.QueryAsync<Signup>(s => s.Status == SignupStatus.Approved, cancellationToken: cancellationToken))
        {
            approved[signup.Id.ToString()] = signup;
        }

        var changed = 0;
        foreach (var (id, signup) in approved)
        {
            if (!listed.TryGetValue(id, out var row) || !row.SameAs(RowOf(signup)))
            {
                await SyncAsync(signup, cancellationToken);
                changed++;
            }
        }

        foreach (var row in listed.Values.Where(r => !approved.ContainsKey(r.RowKey)))
        {
            try
            {
                // With the row's ETag: a row written again since (its sign-up approved meanwhile) stays.
                await partition.WriteAsync(new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag), cancellationToken);
                changed++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Removed or written again meanwhile.
            }
        }

        logger.LogInformation("Public list rebuilt from the sign-ups: {Approved} approved, {Changed} rows changed", approved.Count, changed);
        return changed;
    }

    /// <summary>
    /// Builds the list from the sign-ups while it is empty (a storage from before the list, or one with no approved
    /// sign-up yet, where the scan finds nothing) or while a row's contact hash was made with another key or none (rows
    /// from before the hash was keyed, or a rotated <c>Cem:Email:AddressHashKey</c>): the rebuild writes them afresh, so
    /// no plain SHA-256 of an address outlives the first start. Otherwise a start costs one query of the list's partition.
    /// </summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        var rows = 0;
        var stale = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, select: ["RowKey", nameof(ListedSignup.ContactHashKey)], cancellationToken: cancellationToken))
        {
            if (row.RowKey == VersionRow)
            {
                continue;
            }

            rows++;
            stale += row.GetString(nameof(ListedSignup.ContactHashKey)) == hashes.KeyId ? 0 : 1;
        }

        if (rows == 0 || stale > 0)
        {
            logger.LogInformation("Public list: {Rows} rows, {Stale} hashed with another key; rebuilding", rows, stale);
            await RebuildAsync(cancellationToken);
        }
    }

    /// <summary>The row the list keeps of an approved <paramref name="signup"/>, with its contact's keyed hash.</summary>
    public ListedSignup RowOf(Signup signup)
    {
        var row = ListedSignup.Of(signup);
        row.ContactHash = ContactHash(signup.Email);
        row.ContactHashKey = hashes.KeyId;
        return row;
    }

    /// <summary>
    /// The hash a listed row keeps of its contact's address, to find a contact's states: keyed (<see cref="AddressHashes"/>),
    /// so a copy of the table cannot be matched against a list of likely addresses. Empty for no address (a contact who
    /// deleted their details).
    /// </summary>
    public string ContactHash(string email) => string.IsNullOrWhiteSpace(email) ? "" : hashes.For("public-list-contact", email);
}

/// <summary>Builds the public list at start-up when the storage has none yet (an existing deployment's first start).</summary>
internal sealed class PublicListInitializer(PublicList list) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => list.EnsureBuiltAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
