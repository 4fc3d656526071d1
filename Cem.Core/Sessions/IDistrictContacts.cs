using System.Globalization;

namespace Cem.Core.Sessions;

/// <summary>A school district an address speaks for: an approved district of a state's program, by edition, state and LEA ID.</summary>
public sealed record DistrictRole(int Year, string Code, string LeaId, string Name)
{
    /// <summary><c>{year}-{code}-{LEA ID}</c>, as the session stores it.</summary>
    public string Id => $"{Year.ToString(CultureInfo.InvariantCulture)}-{Code}-{LeaId}";
}

/// <summary>
/// Which districts an address speaks for: the approved districts of the current edition whose contact it is. The
/// programs feature answers it; the kernel only asks, so sessions need no feature.
/// </summary>
public interface IDistrictContacts
{
    /// <summary>The districts, ordered by id; empty when the address is the contact of no approved district. Asked at sign-in.</summary>
    Task<IReadOnlyList<DistrictRole>> DistrictsOfAsync(string email, CancellationToken cancellationToken);

    /// <summary>Of <paramref name="districtIds"/> (held since sign-in), those of the current edition still approved with <paramref name="email"/> as contact. Asked on every request, by point reads.</summary>
    Task<IReadOnlyList<DistrictRole>> StillHeldAsync(string email, IReadOnlyList<string> districtIds, CancellationToken cancellationToken);
}
