using Cem.Core.Clients;
using Cem.Core.Storage;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>
/// Comment posts and votes per client (keyed hash of the IP), and confirmation emails per address (the author's keyed
/// hash), per fixed window, counted in CommentGuards.
/// </summary>
public sealed class CommentRateLimiter(CemStorage storage, RateLimiter limiter, IOptions<CommentOptions> options)
{
    private readonly Azure.Data.Tables.TableClient guards = storage.Table(StorageNames.CommentGuardsTable);

    public Task<RateDecision> TryAcquireAsync(string clientHash, CancellationToken cancellationToken) =>
        limiter.TryAcquireAsync(guards, clientHash, options.Value.RateLimit, options.Value.RateLimitWindow, cancellationToken);

    public Task<RateDecision> TryAcquireConfirmationAsync(string authorKey, CancellationToken cancellationToken) =>
        limiter.TryAcquireAsync(guards, "confirm-" + authorKey, options.Value.ConfirmationsPerAddress, options.Value.ConfirmationWindow, cancellationToken);

    public Task<RateDecision> TryAcquireVoteAsync(string clientHash, CancellationToken cancellationToken) =>
        limiter.TryAcquireAsync(guards, "vote-" + clientHash, options.Value.VoteRateLimit, options.Value.VoteRateLimitWindow, cancellationToken);
}
