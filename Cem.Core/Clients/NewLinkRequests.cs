using Cem.Core.Links;
using Cem.Core.Storage;

namespace Cem.Core.Clients;

/// <summary>
/// "Email me a new link" from the page of an expired or used link, for any action that offers it
/// (<see cref="LinkAction{TSubject}.OffersNewLink"/>). The action sends the new link only to the address on record and
/// limits how often per subject; this limits how often one client may ask, so nobody can use the button to make the
/// app send mail in bulk. The answer is the same whatever the token named.
/// </summary>
public sealed class NewLinkRequests(CemStorage storage, RateLimiter limiter, ClientHashing hashing)
{
    /// <summary>Requests per client (IP) per <see cref="Window"/>.</summary>
    public const int ClientLimit = 5;

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task<RateDecision> RequestAsync<TSubject>(LinkAction<TSubject> action, string? token, string clientAddress, CancellationToken cancellationToken)
        where TSubject : class, Azure.Data.Tables.ITableEntity
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(clientAddress);

        // The rate windows live beside the sign-in ones in the Sessions table, and are cleaned up with them.
        var decision = await limiter.TryAcquireAsync(storage.Table(StorageNames.SessionsTable), "new-link-" + hashing.Hash("new-link-client", clientAddress), ClientLimit, Window, cancellationToken);
        if (decision.Allowed)
        {
            await action.SendNewLinkAsync(token, cancellationToken);
        }

        return decision;
    }
}
