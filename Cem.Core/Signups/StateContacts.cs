using Cem.Core.Sessions;

namespace Cem.Core.Signups;

/// <summary>An address speaks for the states whose approved sign-ups name it as contact.</summary>
public sealed class StateContacts(SignupStore store) : IStateContacts
{
    public async Task<IReadOnlyList<string>> JurisdictionsOfAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var address = email.Trim();
        return (await store.ApprovedAsync(cancellationToken))
            .Where(s => string.Equals(s.Email.Trim(), address, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.PartitionKey)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
