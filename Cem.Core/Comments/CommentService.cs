using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Participation;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>
/// A comment as the public sees it: no email, no IP data. <paramref name="ReplyTo"/> is the id of the comment a staff
/// reply answers; <paramref name="Staff"/> is true only for a reply a signed-in staff member wrote.
/// </summary>
public sealed record PublicComment(string Id, string Name, string? Website, DateTimeOffset CreatedAt, string Body, int Up, int Down, string? ReplyTo = null, bool Staff = false);

public sealed record CommentPage(IReadOnlyList<PublicComment> Comments, string? Continuation);

public enum SubmitOutcome
{
    /// <summary>Stored; <see cref="SubmitResult.Status"/> says whether it waits for a moderator.</summary>
    Accepted,

    /// <summary>Fields or the challenge are wrong: see <see cref="SubmitResult.Errors"/>.</summary>
    Invalid,

    /// <summary>Too many posts from this client: see <see cref="SubmitResult.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The honeypot was filled: answered like a success, nothing stored.</summary>
    Trapped,
}

public sealed record SubmitResult(SubmitOutcome Outcome, CommentId? Id = null, string? Status = null, ValidationErrors? Errors = null, TimeSpan RetryAfter = default);

public enum VoteOutcome
{
    Counted,
    NotFound,

    /// <summary>So many votes at once that this one kept losing the race; the client may try again.</summary>
    Busy,

    /// <summary>Too many votes from this client: see <see cref="VoteResult.RetryAfter"/>.</summary>
    RateLimited,
}

public sealed record VoteResult(VoteOutcome Outcome, int Up = 0, int Down = 0, string Direction = VoteDirection.None, TimeSpan RetryAfter = default);

/// <summary>Takes comments, lists the approved ones and counts votes.</summary>
public sealed class CommentService(
    CommentStore store,
    CommentAuthors authors,
    CommentChallenges challenges,
    CommentRateLimiter rateLimiter,
    ParticipationLog participation,
    ClientHashing hashing,
    StaffDirectory staff,
    IOptions<CommentOptions> options,
    TimeProvider time,
    ILogger<CommentService> logger)
{
    private const string ContinuationPurpose = "comment-continuation";
    private const string ClientPurpose = "comment-client";
    private const string VoterPurpose = "comment-voter";
    private const string VoterCookiePurpose = "comment-voter-cookie";
    private const int MaxVoteAttempts = 64;

    /// <summary>The keyed hash that stands for a client's address in rate-limit rows.</summary>
    public string ClientHash(string clientAddress) => hashing.Hash(ClientPurpose, clientAddress);

    /// <summary>The keyed hash that stands for a voter (a voter id) in vote rows.</summary>
    public string VoterHash(string voterId) => hashing.Hash(VoterPurpose, voterId);

    /// <summary>A new voter: a random id and the cookie value that carries it, <c>{id}.{HMAC}</c>.</summary>
    public (string VoterId, string Cookie) NewVoter()
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return (id, id + "." + hashing.MacBase64Url(VoterCookiePurpose, id));
    }

    /// <summary>The voter id a cookie carries, or null when the server did not issue it (forged, edited, or made up).</summary>
    public string? VoterOf(string? cookie)
    {
        var dot = cookie?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cookie is null || dot < 1 || cookie.Length > 100)
        {
            return null;
        }

        var id = cookie[..dot];
        var expected = Encoding.ASCII.GetBytes(hashing.MacBase64Url(VoterCookiePurpose, id));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(cookie[(dot + 1)..])) ? id : null;
    }

    public Challenge NewChallenge() => challenges.Issue();

    public Task<SubmitResult> SubmitAsync(CommentForm form, string clientAddress, CancellationToken cancellationToken) =>
        SubmitAsync(form, clientAddress, null, cancellationToken);

    /// <param name="authorCookie">The browser's author cookie (<see cref="CommentAuthors.CookieName"/>), if any: the poster's proof of the address.</param>
    public async Task<SubmitResult> SubmitAsync(CommentForm form, string clientAddress, string? authorCookie, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);

        // Counted before anything else, so wrong answers and honeypot hits use up permits too.
        var rate = await rateLimiter.TryAcquireAsync(ClientHash(clientAddress), cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("Comment post refused: rate limit");
            return new SubmitResult(SubmitOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        if (!string.IsNullOrEmpty(form.Url2))
        {
            logger.LogInformation("Comment post dropped: honeypot filled");
            return new SubmitResult(SubmitOutcome.Trapped, new CommentId(CommentThreads.IsKnown(form.Thread) ? form.Thread : Threads.CemForStates, Ulid.NewUlid(time.GetUtcNow()).ToString()), CommentStatus.Pending);
        }

        var errors = new ValidationErrors();
        var validated = CommentValidator.Validate(form, errors);
        var (challenge, claims) = challenges.Check(form.Challenge, form.Answer);
        if (challenge == ChallengeResult.WrongAnswer)
        {
            // A wrong answer uses the token up, so answers cannot be tried one by one.
            await challenges.UseAsync(claims!, cancellationToken);
        }
        else if (challenge == ChallengeResult.Passed && validated.IsValid && !await challenges.UseAsync(claims!, cancellationToken))
        {
            challenge = ChallengeResult.Used;
        }

        switch (challenge)
        {
            case ChallengeResult.WrongAnswer:
                errors.Add("answer", string.IsNullOrWhiteSpace(form.Answer) ? "Answer the question." : "That is not the right answer. Try the new question.");
                break;
            case ChallengeResult.Expired:
                errors.Add("challenge", "The question has expired. Answer the new question.");
                break;
            case ChallengeResult.Used:
                errors.Add("challenge", "This question has already been answered. Answer the new question.");
                break;
            case ChallengeResult.Invalid:
                errors.Add("challenge", "The question is missing or damaged. Answer the new question.");
                break;
        }

        if (!errors.IsEmpty)
        {
            return new SubmitResult(SubmitOutcome.Invalid, Errors: errors);
        }

        var valid = validated.Value!;
        var now = time.GetUtcNow();
        var authorKey = authors.KeyOf(valid.Email);
        var (proven, trusted) = await authors.CheckAsync(authorCookie, authorKey, cancellationToken);
        var comment = new Comment
        {
            PartitionKey = valid.Thread,
            RowKey = Ulid.NewUlid(now).ToString(),
            Name = valid.Name,
            Email = valid.Email,
            Website = valid.Website,
            Body = valid.Body,
            CreatedAt = now,
            Status = CommentStatus.Pending,
            AuthorKey = authorKey,
            AuthorConfirmedAt = proven ? now : null,
        };

        var links = CommentValidator.CountLinks(valid);
        if (links > options.Value.MaxLinks)
        {
            comment.Held = true;
            comment.ModerationNote = $"Held: {links} links (more than {options.Value.MaxLinks}).";
        }
        else if (CommentValidator.ImitatesStaff(valid.Name, staff.Addresses))
        {
            comment.Held = true;
            comment.ModerationNote = "Held: the name reads as CEM staff.";
        }
        else if (options.Value.AutoApproveKnownAuthors && proven && trusted)
        {
            // The typed address proves nothing: only this browser's author cookie does.
            comment.Status = CommentStatus.Approved;
            comment.ModeratedAt = now;
            comment.ModerationNote = "Published at once: a trusted author, proven by the author cookie.";
        }
        else if (!proven)
        {
            comment.ModerationNote = "The author has not confirmed the address yet.";
        }

        if (comment.Status == CommentStatus.Pending && !proven
            && !(await rateLimiter.TryAcquireConfirmationAsync(authorKey, cancellationToken)).Allowed)
        {
            // Decided here, not by the email's handler, so a redelivered message cannot use up another permit.
            comment.ConfirmationWithheld = true;
            comment.ModerationNote = (comment.ModerationNote is null ? "" : comment.ModerationNote + " ")
                + "No confirmation email was sent: the address had been sent its limit of them.";
            logger.LogInformation("Comment confirmation withheld: address rate limit");
        }

        await store.AddAsync(comment, CommentQueues.Received(comment.Id), cancellationToken);
        logger.LogInformation("Comment {CommentId} received ({Status})", comment.Id, comment.Status);
        await participation.RecordForStateAsync(comment.PartitionKey, ParticipationKinds.CommentPosted, comment.Id.ToString(), cancellationToken);
        if (comment.Status == CommentStatus.Approved)
        {
            await participation.RecordForStateAsync(comment.PartitionKey, ParticipationKinds.CommentApproved, comment.Id.ToString(), cancellationToken);
        }

        return new SubmitResult(SubmitOutcome.Accepted, comment.Id, comment.Status);
    }

    /// <summary>One page of a thread's approved comments; null when the continuation token is not one this app issued.</summary>
    public async Task<CommentPage?> ListAsync(string thread, string? continuation, CancellationToken cancellationToken)
    {
        string? after = null;
        if (!string.IsNullOrEmpty(continuation) && !TryReadContinuation(thread, continuation, out after))
        {
            return null;
        }

        var (comments, more) = await store.ApprovedAsync(thread, after, options.Value.PageSize, cancellationToken);
        return new CommentPage(
            comments.Select(c => new PublicComment(c.Id.ToString(), c.Name, c.Website, c.CreatedAt, c.Body, c.Up, c.Down, c.Id.Parent?.ToString(), c.ByStaff)).ToList(),
            more ? ContinuationFor(thread, comments[^1].RowKey) : null);
    }

    public Task<IReadOnlyDictionary<string, string>> VotesOfAsync(string thread, string voterHash, CancellationToken cancellationToken) =>
        store.VotesOfAsync(thread, voterHash, cancellationToken);

    /// <summary>A vote from a client: counted against its rate limit first, then <see cref="VoteAsync(CommentId, string, string, CancellationToken)"/>.</summary>
    public async Task<VoteResult> VoteAsync(CommentId id, string voterHash, string direction, string clientAddress, CancellationToken cancellationToken)
    {
        var rate = await rateLimiter.TryAcquireVoteAsync(ClientHash(clientAddress), cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("Vote refused: rate limit");
            return new VoteResult(VoteOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        return await VoteAsync(id, voterHash, direction, cancellationToken);
    }

    /// <summary>
    /// Sets the voter's vote on an approved comment. Concurrent votes race on the comment's ETag; the
    /// losers read again and retry after a short random wait, so every vote is counted exactly once.
    /// </summary>
    public async Task<VoteResult> VoteAsync(CommentId id, string voterHash, string direction, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxVoteAttempts; attempt++)
        {
            var comment = await store.FindAsync(id, cancellationToken);
            if (comment is null || comment.Status != CommentStatus.Approved)
            {
                return new VoteResult(VoteOutcome.NotFound);
            }

            var vote = await store.FindVoteAsync(id, voterHash, cancellationToken);
            var previous = vote?.GetString("Direction") ?? VoteDirection.None;
            if (previous == direction)
            {
                return new VoteResult(VoteOutcome.Counted, comment.Up, comment.Down, direction);
            }

            comment.Up += (previous == VoteDirection.Up ? -1 : 0) + (direction == VoteDirection.Up ? 1 : 0);
            comment.Down += (previous == VoteDirection.Down ? -1 : 0) + (direction == VoteDirection.Down ? 1 : 0);
            try
            {
                await store.CommitVoteAsync(comment, vote, voterHash, direction, cancellationToken);
                if (previous == VoteDirection.None)
                {
                    // A first vote (not a change of mind); the voter is not logged.
                    await participation.RecordForStateAsync(id.Thread, ParticipationKinds.VoteCast, id.ToString(), cancellationToken, once: false);
                }

                return new VoteResult(VoteOutcome.Counted, comment.Up, comment.Down, direction);
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                var ceiling = (int)Math.Min(250, 5 * Math.Pow(2, Math.Min(attempt, 6)));
                await Task.Delay(Random.Shared.Next(1, ceiling + 1), cancellationToken);
            }
        }

        logger.LogWarning("Vote on comment {CommentId} gave up after {Attempts} attempts", id, MaxVoteAttempts);
        return new VoteResult(VoteOutcome.Busy);
    }

    private string ContinuationFor(string thread, string rowKey) =>
        rowKey + "." + hashing.Hash(ContinuationPurpose, thread + "\n" + rowKey);

    private bool TryReadContinuation(string thread, string token, out string? rowKey)
    {
        rowKey = null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || token.Length > 120 || !CommentId.IsRowKey(token[..dot]))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(hashing.Hash(ContinuationPurpose, thread + "\n" + token[..dot]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token[(dot + 1)..])))
        {
            return false;
        }

        rowKey = token[..dot];
        return true;
    }
}
