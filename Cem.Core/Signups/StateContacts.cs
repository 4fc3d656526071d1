using Cem.Core.Sessions;

namespace Cem.Core.Signups;

/// <summary>An address speaks for the states whose approved sign-ups name it as contact.</summary>
public sealed class StateContacts(SignupStore store) : IStateContacts
{
    public async Task<IReadOnlyList<string>> JurisdictionsOfAsync(string email, CancellationToken cancellationToken) =>
        (await SignupsOfAsync(email, cancellationToken)).Select(s => s.PartitionKey).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The confirmed contacts of one state: the addresses of its approved sign-ups.</summary>
    public async Task<IReadOnlyList<string>> AddressesOfAsync(string code, CancellationToken cancellationToken) =>
        [.. (await store.ApprovedAsync(cancellationToken))
            .Where(s => s.PartitionKey == code)
            .Select(s => s.Email.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The approved sign-ups whose contact <paramref name="email"/> is, by jurisdiction code.</summary>
    public async Task<IReadOnlyList<Signup>> SignupsOfAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var address = email.Trim();
        return [.. (await store.ApprovedAsync(cancellationToken))
            .Where(s => string.Equals(s.Email.Trim(), address, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.PartitionKey, StringComparer.Ordinal)];
    }
}
