using Azure.Data.Tables;
using Cem.Core.Editions;
using Cem.Core.Sessions;
using Cem.Core.Storage;

namespace Cem.Core.Programs;

/// <summary>An address speaks for the approved districts of the current edition whose contact it is.</summary>
public sealed class DistrictContacts(CemStorage storage, EditionStore editions) : IDistrictContacts
{
    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    /// <summary>One filtered range query over the edition's program partitions (approved districts only): asked at sign-in, not per request.</summary>
    public async Task<IReadOnlyList<DistrictRole>> DistrictsOfAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var year = (await editions.CurrentAsync(cancellationToken)).Year;
        var from = StateProgram.Partition(year, "");
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey gt {from} and PartitionKey lt {from + "~"} and RowKey ge {District.RowPrefix} and RowKey lt {"district."} and Status eq {DistrictStatuses.Approved}");
        var found = new List<DistrictRole>();
        await foreach (var district in table.QueryAsync<District>(filter, cancellationToken: cancellationToken))
        {
            if (IsContact(district, email))
            {
                found.Add(RoleOf(district));
            }
        }

        return [.. found.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<DistrictRole>> StillHeldAsync(string email, IReadOnlyList<string> districtIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(districtIds);
        var held = new List<DistrictRole>();
        if (districtIds.Count == 0)
        {
            return held;
        }

        // A role belongs to its edition's program: once the next edition is current, a district of the last one is none.
        var edition = StateProgram.Partition((await editions.CurrentAsync(cancellationToken)).Year, "");
        foreach (var id in districtIds.Distinct(StringComparer.Ordinal))
        {
            if (DistrictJoins.TryLocate(id, out var partitionKey, out _) && partitionKey.StartsWith(edition, StringComparison.Ordinal)
                && await FindAsync(id, cancellationToken) is { } district && IsContact(district, email))
            {
                held.Add(RoleOf(district));
            }
        }

        return held;
    }

    /// <summary>The district row <paramref name="id"/> names, whatever its status; null when none.</summary>
    public async Task<District?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!DistrictJoins.TryLocate(id, out var partitionKey, out var rowKey))
        {
            return null;
        }

        var found = await table.GetEntityIfExistsAsync<District>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static bool IsContact(District district, string email) =>
        district.Status == DistrictStatuses.Approved && string.Equals(district.Email.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase);

    private static DistrictRole RoleOf(District district) => new(district.Year, district.Code, district.LeaId, district.Name);
}
