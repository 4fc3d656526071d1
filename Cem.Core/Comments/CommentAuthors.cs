using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Storage;

namespace Cem.Core.Comments;

/// <summary>The author cookie to set: its value and when it expires.</summary>
public sealed record AuthorCookie(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Who may publish at once. A typed address proves nothing, so a comment is published without a moderator only when
/// its poster proves the address (the author cookie this browser got by confirming a comment from it, or the confirm
/// link emailed to it) and the address is trusted (a moderator approved one of its comments, and none was marked as
/// spam or deleted since).
/// </summary>
/// <remarks>
/// CommentAuthors holds one row per address, <c>(keyed hash of the address, "trust")</c>: <c>Trusted</c>, an
/// <c>Epoch</c> that revoking raises, and <c>ChangedAt</c>. The cookie is <c>{hash}.{epoch}.{expiry}.{HMAC}</c>
/// (HMAC with the app's client-hash key), so it names no address, cannot be forged or moved to another address, and
/// stops working when the author's trust is revoked (its epoch is then behind the row's).
/// </remarks>
public sealed class CommentAuthors(CemStorage storage, ClientHashing hashing, TimeProvider time)
{
    public const string CookieName = "cem_author";

    /// <summary>How long a browser stays proven; confirming another comment renews it.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(90);

    private const string TrustRow = "trust";
    private const string CookiePurpose = "comment-author-cookie";

    private readonly TableClient table = storage.Table(StorageNames.CommentAuthorsTable);

    /// <summary>The keyed hash that stands for an author's address.</summary>
    public string KeyOf(string email) => hashing.Hash("comment-author", email.Trim().ToLowerInvariant());

    /// <summary>A cookie proving, to this app only, that the browser holding it confirmed <paramref name="authorKey"/>'s address.</summary>
    public async Task<AuthorCookie> IssueCookieAsync(string authorKey, CancellationToken cancellationToken)
    {
        var epoch = (await ReadAsync(authorKey, cancellationToken))?.GetInt32("Epoch") ?? 0;
        var expires = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + CookieLifetime).ToUnixTimeSeconds());
        var payload = string.Join('.', authorKey, epoch.ToString(CultureInfo.InvariantCulture), expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return new AuthorCookie(payload + "." + hashing.MacBase64Url(CookiePurpose, payload), expires);
    }

    /// <summary>
    /// Whether <paramref name="cookie"/> proves the address <paramref name="authorKey"/> stands for, and whether that
    /// author is trusted. A cookie that is forged, expired, for another address or issued before a revocation proves nothing.
    /// </summary>
    public async Task<(bool Proven, bool Trusted)> CheckAsync(string? cookie, string authorKey, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(authorKey, cancellationToken);
        var trusted = row?.GetBoolean("Trusted") == true;
        if (ReadCookie(cookie) is not { } claims || claims.AuthorKey != authorKey || claims.ExpiresAt <= time.GetUtcNow() || claims.Epoch != (row?.GetInt32("Epoch") ?? 0))
        {
            return (false, trusted);
        }

        return (true, trusted);
    }

    public async Task<bool> IsTrustedAsync(string authorKey, CancellationToken cancellationToken) =>
        (await ReadAsync(authorKey, cancellationToken))?.GetBoolean("Trusted") == true;

    /// <summary>
    /// A moderator approved one of the author's comments at <paramref name="at"/>. Ignored when the author's trust
    /// changed at or after that moment, so replaying an old approval cannot undo a later revocation.
    /// </summary>
    public Task TrustAsync(string authorKey, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(authorKey, at, trust: true, cancellationToken);

    /// <summary>
    /// A comment of the author was marked as spam or deleted at <paramref name="at"/>: the author is no longer
    /// trusted and every author cookie issued so far stops working. Ignored when a later decision was made since.
    /// </summary>
    public Task RevokeAsync(string authorKey, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(authorKey, at, trust: false, cancellationToken);

    private async Task ChangeAsync(string authorKey, DateTimeOffset at, bool trust, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await ReadAsync(authorKey, cancellationToken);
            var changedAt = row?.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue;

            // Ties go to revocation (the safe side); a replayed revocation changes nothing.
            var trusted = row?.GetBoolean("Trusted") == true;
            if (trust ? at <= changedAt || trusted : at < changedAt || (row is not null && !trusted && at == changedAt))
            {
                return;
            }

            var updated = new TableEntity(authorKey, TrustRow)
            {
                ["Trusted"] = trust,
                ["Epoch"] = (row?.GetInt32("Epoch") ?? 0) + (trust ? 0 : 1),
                ["ChangedAt"] = at,
            };
            try
            {
                if (row is null)
                {
                    await table.AddEntityAsync(updated, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(updated, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
            {
                // Another decision about this author landed first: read it and decide again.
            }
        }
    }

    private async Task<TableEntity?> ReadAsync(string authorKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(authorKey, TrustRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private (string AuthorKey, int Epoch, DateTimeOffset ExpiresAt)? ReadCookie(string? cookie)
    {
        if (cookie is null || cookie.Length > 200)
        {
            return null;
        }

        var parts = cookie.Split('.');
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(hashing.MacBase64Url(CookiePurpose, string.Join('.', parts[0], parts[1], parts[2])));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3]))
            ? (parts[0], epoch, DateTimeOffset.FromUnixTimeSeconds(expires))
            : null;
    }
}
