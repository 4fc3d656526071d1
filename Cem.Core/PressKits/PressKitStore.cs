using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs;
using Azure;
using Cem.Core.Jurisdictions;
using Cem.Core.Signups;
using Cem.Core.Storage;

namespace Cem.Core.PressKits;

/// <summary>One stored kit: <c>{jurisdiction}/{signupId}/v{n}.zip</c> in the private press-kits container.</summary>
public sealed record PressKitVersion(string Jurisdiction, string SignupId, int Version, DateTimeOffset CreatedAt, long Size, string ContentHash, string InputHash)
{
    public string BlobName => PressKitStore.BlobNameOf(SignupId, Version);
}

/// <summary>
/// Kits in the private <c>press-kits</c> container. Versions of one sign-up's kit are numbered from 1; each
/// blob's metadata holds the hash of the inputs it was built from (<c>inputhash</c>), the SHA-256 of the zip
/// (<c>contenthash</c>) and when it was made (<c>createdat</c>). Blobs are created with If-None-Match: *, so
/// two workers cannot both write the same version.
/// </summary>
public sealed class PressKitStore(CemStorage storage) : ISignupDataHolder
{
    /// <summary>A kit quotes the contact's name and title: when they delete their details, every version goes.</summary>
    Task ISignupDataHolder.ForgetAsync(Signup signup, CancellationToken cancellationToken) =>
        DeleteAllAsync((signup ?? throw new ArgumentNullException(nameof(signup))).Id, cancellationToken);

    private const string InputHashKey = "inputhash";
    private const string ContentHashKey = "contenthash";
    private const string CreatedAtKey = "createdat";

    private readonly BlobContainerClient container = storage.Container(StorageNames.PressKitsContainer);

    /// <summary>The newest version of each kit this worker stored or listed (null: it had none), by sign-up id.</summary>
    private readonly ConcurrentDictionary<string, PressKitVersion?> known = new(StringComparer.Ordinal);

    public static string BlobNameOf(string signupId, int version) =>
        $"{signupId[..2]}/{signupId}/v{version.ToString(CultureInfo.InvariantCulture)}.zip";

    /// <summary>The newest version of a sign-up's kit, or null when it has none: a listing of its blobs.</summary>
    public async Task<PressKitVersion?> LatestAsync(SignupId id, CancellationToken cancellationToken)
    {
        var latest = (await ListPrefixAsync($"{id.Jurisdiction}/{id}/", cancellationToken)).MaxBy(v => v.Version);
        known[id.ToString()] = latest;
        return latest;
    }

    /// <summary>
    /// The newest version this worker knows of, without a listing when it stored or listed the kit before; otherwise
    /// <see cref="LatestAsync"/>. Another worker may have stored a newer one since: a compile that goes on to store
    /// the next number meets that version's blob (If-None-Match) and lists again, so nothing is overwritten; a compile
    /// whose data equal the known version's reuses that one, which holds the same figures.
    /// </summary>
    public async Task<PressKitVersion?> NewestKnownAsync(SignupId id, CancellationToken cancellationToken) =>
        known.TryGetValue(id.ToString(), out var version) ? version : await LatestAsync(id, cancellationToken);

    /// <summary>Every kit of a jurisdiction, by sign-up then version.</summary>
    public Task<IReadOnlyList<PressKitVersion>> ListAsync(string jurisdiction, CancellationToken cancellationToken) =>
        ListPrefixAsync(jurisdiction + "/", cancellationToken);

    /// <summary>Stores a new version; false when that version already exists (another worker made it).</summary>
    public async Task<(bool Created, PressKitVersion Version)> TryAddAsync(SignupId id, int version, string inputHash, byte[] zip, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var stored = new PressKitVersion(id.Jurisdiction, id.ToString(), version, createdAt, zip.Length, Convert.ToHexStringLower(SHA256.HashData(zip)), inputHash);
        try
        {
            await container.GetBlobClient(stored.BlobName).UploadAsync(
                new BinaryData(zip),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
                    Metadata = new Dictionary<string, string>
                    {
                        [InputHashKey] = inputHash,
                        [ContentHashKey] = stored.ContentHash,
                        [CreatedAtKey] = createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    },
                },
                cancellationToken);
            known.AddOrUpdate(stored.SignupId, stored, (_, before) => before is null || before.Version < stored.Version ? stored : before);
            return (true, stored);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (false, stored);
        }
    }

    /// <summary>Deletes every version of a sign-up's kit (its contact deleted their details, which the kit quotes). Safe to repeat.</summary>
    public async Task DeleteAllAsync(SignupId id, CancellationToken cancellationToken)
    {
        known.TryRemove(id.ToString(), out _);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{id.Jurisdiction}/{id}/" }, cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }

        known.TryRemove(id.ToString(), out _); // again: a compile that ran meanwhile may have noted a version now deleted
    }

    /// <summary>Opens a version for reading, or null when it does not exist.</summary>
    public async Task<Stream?> OpenReadAsync(string signupId, int version, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient(BlobNameOf(signupId, version)).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<PressKitVersion>> ListPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var versions = new List<PressKitVersion>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken))
        {
            if (Parse(blob) is { } version)
            {
                versions.Add(version);
            }
        }

        return versions.OrderBy(v => v.SignupId, StringComparer.Ordinal).ThenBy(v => v.Version).ToList();
    }

    private static PressKitVersion? Parse(BlobItem blob)
    {
        // {XX}/{XX-ULID}/v{n}.zip
        var parts = blob.Name.Split('/');
        if (parts.Length != 3 || !parts[2].StartsWith('v') || !parts[2].EndsWith(".zip", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan(1, parts[2].Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(blob.Metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        var createdAt = metadata.TryGetValue(CreatedAtKey, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : blob.Properties.CreatedOn ?? DateTimeOffset.MinValue;
        return new PressKitVersion(
            parts[0],
            parts[1],
            version,
            createdAt,
            blob.Properties.ContentLength ?? 0,
            metadata.GetValueOrDefault(ContentHashKey, ""),
            metadata.GetValueOrDefault(InputHashKey, ""));
    }
}
