using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Signups;

/// <summary>
/// The cap on unconfirmed sign-ups per address across jurisdictions (<see cref="SignupOptions.MaxUnconfirmedPerAddress"/>),
/// kept without reading other addresses' sign-ups: one row per address in the Signups table's partition
/// <see cref="Partition"/>, keyed by a keyed hash of the address (<see cref="AddressHashes"/>), listing the ids of the
/// sign-ups it reserved a place for and when. A place is taken under the row's ETag (two requests at once: one writes,
/// the other reads again), so the cap holds however the requests interleave.
/// </summary>
/// <remarks>
/// The row cannot share a transaction with the sign-up (that lives in its jurisdiction's partition), so the place is
/// taken first and the sign-up added after. The list heals itself instead of being counted down: when it is full, each
/// id is read, and a place stays taken only while its sign-up is unconfirmed and its link unexpired, or, when there is
/// no sign-up, for <see cref="AddGrace"/> after it was taken (its add may still be on its way). So a confirmed, expired,
/// erased or deleted sign-up frees its place without anyone telling the row, and a crash between the two writes holds
/// a place for a few minutes, never for ever. The clean-up deletes a row once nothing in it is live (<see cref="DeleteSettledAsync"/>).
/// </remarks>
public sealed class UnconfirmedSignups(CemStorage storage, SignupStore store, AddressHashes hashes, IOptions<LinkOptions> links, TimeProvider time, ILogger<UnconfirmedSignups> logger)
{
    public const string Partition = "unconfirmed-per-address";

    /// <summary>How long a place whose sign-up does not exist is held: the time its add may take, retries included.</summary>
    public static readonly TimeSpan AddGrace = TimeSpan.FromMinutes(5);

    private const string SignupsProperty = "Signups";
    private const string UntilProperty = "Until";

    private readonly TableClient table = storage.Table(StorageNames.SignupsTable);

    /// <summary>
    /// Takes a place for the sign-up <paramref name="id"/> of <paramref name="email"/>; false when the address already
    /// has <paramref name="cap"/> live ones. Reads only this address's row and, when it is full, its sign-ups.
    /// </summary>
    public async Task<bool> TryReserveAsync(string email, SignupId id, int cap, CancellationToken cancellationToken)
    {
        var key = KeyOf(email);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var now = time.GetUtcNow();
            var row = await ReadAsync(key, cancellationToken);
            var places = Parse(row);
            if (places.Count >= cap)
            {
                places = await LiveAsync(places, now, cancellationToken);
                if (places.Count >= cap)
                {
                    return false;
                }
            }

            places.Add(new Place(id.ToString(), now));
            if (await TryWriteAsync(key, row, places, now, cancellationToken))
            {
                return true;
            }

            // Another request for this address wrote first: read again.
        }

        throw new InvalidOperationException("The per-address count of unconfirmed sign-ups stayed contended through 100 attempts.");
    }

    /// <summary>
    /// Gives back the place of <paramref name="id"/> (its add did not happen, or its contact deleted it); the row goes
    /// with its last place, so an erased address leaves no hash behind. Safe to repeat.
    /// </summary>
    public async Task ReleaseAsync(string email, SignupId id, CancellationToken cancellationToken)
    {
        var key = KeyOf(email);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var row = await ReadAsync(key, cancellationToken);
            var places = Parse(row);
            if (row is null || places.RemoveAll(p => p.Id == id.ToString()) == 0)
            {
                return;
            }

            try
            {
                if (places.Count == 0)
                {
                    await table.DeleteEntityAsync(Partition, key, row.ETag, cancellationToken);
                    return;
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                continue; // changed meanwhile: read again
            }

            if (await TryWriteAsync(key, row, places, time.GetUtcNow(), cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Deletes the rows past their <c>Until</c> in which no place is live any more (ETag-guarded: a row written meanwhile
    /// stays); a row still holding a live place (a sign-up sent a fresh link) is rewritten with what is live. Safe to
    /// repeat and to run on two instances at once. Returns how many rows it deleted.
    /// </summary>
    public async Task<int> DeleteSettledAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Until lt {now}"); // the name as written, not as a quoted value
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var live = await LiveAsync(Parse(row), now, cancellationToken);
            try
            {
                if (live.Count == 0)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                    deleted++;
                }
                else
                {
                    await TryWriteAsync(row.RowKey, row, live, now, cancellationToken);
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed or deleted meanwhile: the next run looks again.
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Clean-up deleted {Rows} per-address counts of unconfirmed sign-ups", deleted);
        }

        return deleted;
    }

    /// <summary>The places still taken: an unconfirmed sign-up with a live link, or a sign-up not yet added.</summary>
    private async Task<List<Place>> LiveAsync(List<Place> places, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = new List<Place>();
        foreach (var place in places)
        {
            var signup = SignupId.TryParse(place.Id, out var id) ? await store.FindAsync(id, cancellationToken) : null;
            var taken = signup is null
                ? now - place.TakenAt < AddGrace
                : signup.Status == SignupStatus.PendingConfirmation && signup.ConfirmationIssuedAt + links.Value.Lifetime > now;
            if (taken)
            {
                live.Add(place);
            }
        }

        return live;
    }

    private async Task<TableEntity?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Writes the places over <paramref name="read"/> (added when there was none); false when another write came first.</summary>
    private async Task<bool> TryWriteAsync(string key, TableEntity? read, List<Place> places, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition, key)
        {
            [SignupsProperty] = string.Join(';', places.Select(p => p.Id + "@" + p.TakenAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))),
            // When every place in it has surely expired, unless a sign-up is sent a fresh link: then the clean-up looks.
            [UntilProperty] = now + links.Value.Lifetime + AddGrace,
        };
        try
        {
            if (read is null)
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(row, read.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    private static List<Place> Parse(TableEntity? row)
    {
        var places = new List<Place>();
        foreach (var entry in (row?.GetString(SignupsProperty) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = entry.LastIndexOf('@');
            if (at > 0 && long.TryParse(entry.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                places.Add(new Place(entry[..at], DateTimeOffset.FromUnixTimeSeconds(seconds)));
            }
        }

        return places;
    }

    private string KeyOf(string email) => hashes.For("signup-unconfirmed", email);

    private sealed record Place(string Id, DateTimeOffset TakenAt);
}
