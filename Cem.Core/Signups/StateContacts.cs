using Cem.Core.Sessions;

namespace Cem.Core.Signups;

/// <summary>An address speaks for the states whose approved sign-ups name it as contact.</summary>
public sealed class StateContacts(PublicList publicList, SignupStore store) : IStateContacts
{
    public async Task<IReadOnlyList<string>> JurisdictionsOfAsync(string email, CancellationToken cancellationToken) =>
        (await SignupsOfAsync(email, cancellationToken)).Select(s => s.PartitionKey).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The confirmed contacts of one state: the addresses of its approved sign-ups (a query of its partition).</summary>
    public async Task<IReadOnlyList<string>> AddressesOfAsync(string code, CancellationToken cancellationToken) =>
        [.. (await store.ApprovedInAsync(code, cancellationToken))
            .Select(s => s.Email.Trim())
            .Where(a => a.Length > 0) // a contact who deleted their details is no longer asked
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The approved sign-ups whose contact <paramref name="email"/> is, by jurisdiction code: the public list's rows with
    /// the address's hash, each read and checked (a sign-up changed since its row was written does not count).
    /// </summary>
    public async Task<IReadOnlyList<Signup>> SignupsOfAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var address = email.Trim();
        if (address.Length == 0)
        {
            return []; // a contact who deleted their details has no address to match
        }

        var hash = publicList.ContactHash(address);
        var found = new List<Signup>();
        foreach (var row in (await publicList.ReadCurrentAsync(cancellationToken)).Where(r => r.ContactHash == hash))
        {
            if (await store.FindAsync(row.Id, cancellationToken) is { Status: SignupStatus.Approved } signup
                && string.Equals(signup.Email.Trim(), address, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(signup);
            }
        }

        return [.. found.OrderBy(s => s.PartitionKey, StringComparer.Ordinal)];
    }
}
