using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Sessions;

/// <summary>A stored session: PartitionKey = <c>session-{SHA-256 of the id}</c>. The id itself is never stored.</summary>
public sealed class SessionRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Email { get; set; } = "";
    public bool Staff { get; set; }

    /// <summary>Jurisdiction codes at sign-in, comma separated: a session never grows beyond them.</summary>
    public string States { get; set; } = "";

    /// <summary>District ids (<c>{year}-{code}-{LEA ID}</c>) at sign-in, comma separated: likewise never grown.</summary>
    public string Districts { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Server-side sessions. The cookie holds 256 random bits; the table holds only their SHA-256, so reading the
/// table yields no cookie that works. Roles are worked out at sign-in and checked again on every read: an address
/// removed from <c>Cem:StaffEmails</c> loses staff access at once, and a state's role lasts only while its sign-up
/// is approved and never reaches a state it did not have at sign-in; a district's role likewise lasts only while the
/// district is approved with this address as its contact.
/// </summary>
public sealed class SessionStore(CemStorage storage, StaffDirectory staff, IStateContacts contacts, IDistrictContacts districtContacts, IOptions<SessionOptions> options, TimeProvider time, ILogger<SessionStore> logger)
{
    public const string CookieName = "cem_session";
    private const string PartitionPrefix = "session-";
    private const int IdBytes = 32;
    private static readonly int IdLength = Base64Url.GetEncodedLength(IdBytes);
    private readonly TableClient table = storage.Table(StorageNames.SessionsTable);

    /// <summary>Starts a session for <paramref name="email"/>, or null when the address has no role (any more).</summary>
    public async Task<(string Id, SignedInUser User)?> StartAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var isStaff = staff.IsStaff(email);
        var states = await contacts.JurisdictionsOfAsync(email, cancellationToken);
        var districts = await districtContacts.DistrictsOfAsync(email, cancellationToken);
        if (!isStaff && states.Count == 0 && districts.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var expiresAt = now + (isStaff ? options.Value.StaffLifetime : options.Value.StateLifetime);
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        await table.AddEntityAsync(new SessionRow
        {
            PartitionKey = KeyOf(id),
            RowKey = "",
            Email = email.Trim(),
            Staff = isStaff,
            States = string.Join(',', states),
            Districts = string.Join(',', districts.Select(d => d.Id)),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        }, cancellationToken);
        logger.LogInformation("Session started (staff: {Staff}, states: {States}, districts: {Districts})", isStaff, states.Count, districts.Count);
        return (id, new SignedInUser(email.Trim(), isStaff, states, expiresAt) { Districts = districts });
    }

    /// <summary>Who the session <paramref name="id"/> belongs to now; null when it is unknown, ended, expired or has no role left.</summary>
    public async Task<SignedInUser?> ReadAsync(string? id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }

        var found = await table.GetEntityIfExistsAsync<SessionRow>(KeyOf(id), "", cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        if (row.ExpiresAt <= time.GetUtcNow())
        {
            await DeleteAsync(row.PartitionKey, cancellationToken);
            return null;
        }

        // Staff only while still on the list; states and districts only those still approved and held at sign-in.
        var isStaff = row.Staff && staff.IsStaff(row.Email);
        var atSignIn = row.States.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var states = atSignIn.Length == 0
            ? []
            : (await contacts.JurisdictionsOfAsync(row.Email, cancellationToken)).Intersect(atSignIn, StringComparer.Ordinal).ToList();
        var districtsAtSignIn = row.Districts.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var districts = districtsAtSignIn.Length == 0 ? [] : await districtContacts.StillHeldAsync(row.Email, districtsAtSignIn, cancellationToken);
        var user = new SignedInUser(row.Email, isStaff, states, row.ExpiresAt) { Districts = districts };
        return user.HasAnyRole ? user : null;
    }

    /// <summary>Ends the session: the cookie no longer works anywhere.</summary>
    public async Task EndAsync(string? id, CancellationToken cancellationToken)
    {
        if (IsWellFormed(id))
        {
            await DeleteAsync(KeyOf(id), cancellationToken);
            logger.LogInformation("Session ended");
        }
    }

    /// <summary>Deletes the sessions that have expired (a read deletes its own; these were never read again). Safe to repeat.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        await foreach (var row in table.QueryAsync<SessionRow>(r => r.PartitionKey.CompareTo(PartitionPrefix) > 0 && r.PartitionKey.CompareTo("session.") < 0 && r.ExpiresAt <= now, select: ["PartitionKey", "ExpiresAt"], cancellationToken: cancellationToken))
        {
            await DeleteAsync(row.PartitionKey, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The stored key of a session id: its SHA-256, so the table holds nothing a cookie can be made from.</summary>
    public static string KeyOf(string id) =>
        PartitionPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(id)));

    private static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is not null && id.Length == IdLength && Base64Url.IsValid(id);

    private async Task DeleteAsync(string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, "", ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }
}
