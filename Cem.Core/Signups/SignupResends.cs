using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Signups;

public enum ResendOutcome
{
    /// <summary>A new round was recorded and its email queued.</summary>
    Sent,

    NotFound,

    /// <summary>Decided (or, for the signer, already confirmed): there is nothing to send again.</summary>
    NothingToSend,

    /// <summary>Sent again less than <see cref="SignupResends.MinimumInterval"/> ago.</summary>
    TooSoon,
}

/// <param name="Resent"><c>confirmation</c> or <c>approval-request</c> when sent.</param>
public sealed record ResendResult(ResendOutcome Outcome, Signup? Signup = null, string? Resent = null, TimeSpan RetryAfter = default);

/// <summary>
/// Sends a pending sign-up's email again with fresh signed links: the "confirm your address" email while the signer
/// has not confirmed, the approval request to staff while it awaits a decision. Staff ask from the console or the
/// admin API; the signer asks from the page of an expired confirmation link (confirmation only).
/// </summary>
/// <remarks>
/// The mailer sends each (dedupe key, template, recipient) once, so a re-send is a new round: the sign-up's
/// <see cref="Signup.ResendCount"/> goes up and the email handlers key their email by it
/// (<see cref="Signup.EmailRoundKey"/>). The count, <see cref="Signup.LastResentAt"/> and an audit row naming who
/// asked are one entity-group transaction guarded by the sign-up's ETag, so two re-sends at once make one round, and
/// <see cref="MinimumInterval"/> between rounds bounds the emails anyone can cause.
/// </remarks>
public sealed class SignupResends(CemStorage storage, MessageOutbox outbox, TimeProvider time, ILogger<SignupResends> logger)
{
    public const string Purpose = "signup-resend";

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(10);

    private const int MaxAttempts = 5;
    private readonly TableClient table = storage.Table(StorageNames.SignupsTable);

    /// <param name="actor">Who asked, for the audit trail: a staff address, <c>function-key</c>, or <c>signer</c>.</param>
    /// <param name="confirmationOnly">True for the signer: only the confirmation email, never a request to staff.</param>
    public async Task<ResendResult> ResendAsync(SignupId id, string actor, bool confirmationOnly, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<Signup>(id.Jurisdiction, id.RowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return new(ResendOutcome.NotFound);
            }

            var signup = found.Value!;
            var confirming = signup.Status == SignupStatus.PendingConfirmation;
            if (!SignupStatus.IsPending(signup.Status) || (confirmationOnly && !confirming))
            {
                return new(ResendOutcome.NothingToSend, signup);
            }

            var now = time.GetUtcNow();
            if (signup.LastResentAt is { } last && now - last < MinimumInterval)
            {
                return new(ResendOutcome.TooSoon, signup, RetryAfter: last + MinimumInterval - now);
            }

            var resent = confirming ? "confirmation" : "approval-request";
            signup.ResendCount++;
            signup.LastResentAt = now;
            var audit = LinkRows.Audit(signup.PartitionKey, signup.RowKey, id.ToString(), Purpose, new LinkTransition(resent + "-resent", "", $"round {signup.ResendCount}"), actor, now);
            try
            {
                await outbox.SubmitAsync(
                    table,
                    [new(TableTransactionActionType.UpdateReplace, signup, signup.ETag), new(TableTransactionActionType.Add, audit)],
                    confirming ? SignupQueues.Received(id) : SignupQueues.Confirmed(id),
                    cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
                continue; // Changed meanwhile (confirmed, decided, or re-sent): answer from the new state.
            }

            logger.LogInformation("Sign-up {SignupId}: {Resent} sent again (round {Round})", id, resent, signup.ResendCount);
            return new(ResendOutcome.Sent, signup, resent);
        }
    }
}
