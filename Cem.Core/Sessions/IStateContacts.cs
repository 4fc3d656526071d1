namespace Cem.Core.Sessions;

/// <summary>
/// Which states an address speaks for: the jurisdictions of the approved sign-ups whose contact it is. The sign-ups
/// feature answers it; the kernel only asks, so sessions need no feature.
/// </summary>
public interface IStateContacts
{
    /// <summary>Jurisdiction codes, ordered; empty when the address is the contact of no approved sign-up.</summary>
    Task<IReadOnlyList<string>> JurisdictionsOfAsync(string email, CancellationToken cancellationToken);
}
