using Cem.Core.Clients;
using Cem.Core.Participation;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Signups;

/// <summary>A jurisdiction on the public list: no contact details, ever.</summary>
public sealed record ParticipatingState(string Code, string Name, string OrganizationName, DateTimeOffset ConfirmedAt);

public enum SignupOutcome
{
    /// <summary>A new sign-up; its confirmation email is on its way. A filled honeypot gets this too, with nothing stored.</summary>
    Created,

    /// <summary>
    /// The address already has a sign-up for the jurisdiction. Still unconfirmed and quiet for 10 minutes: its fields
    /// were replaced and a fresh confirmation sent; otherwise nothing changed. Its id is not given out.
    /// </summary>
    Repeated,

    /// <summary>Too many sign-ups from this client: see <see cref="SubmittedSignup.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The address already has the most unconfirmed sign-ups it may have.</summary>
    TooManyUnconfirmed,
}

public sealed record SubmittedSignup(SignupOutcome Outcome, SignupId? Id = null, TimeSpan RetryAfter = default);

/// <summary>What anyone holding a sign-up's (unguessable) id may see: where it stands, never contact details.</summary>
public sealed record SignupProgress(string Id, string Jurisdiction, string Status, DateTimeOffset SubmittedAt);

/// <summary>Takes sign-ups and answers what is public about them.</summary>
public sealed class SignupService(
    SignupStore store,
    UnconfirmedSignups unconfirmed,
    PublicList publicList,
    SignupQueues queues,
    ParticipationLog participation,
    RateLimiter limiter,
    ClientHashing hashing,
    IOptions<SignupOptions> options,
    CemMetrics metrics,
    TimeProvider time,
    ILogger<SignupService> logger)
{
    /// <summary>The shortest time between two confirmation emails of one sign-up.</summary>
    public static readonly TimeSpan ResubmitInterval = TimeSpan.FromMinutes(10);

    /// <param name="honeypot">The form's hidden field: people leave it empty, bots fill it.</param>
    /// <param name="clientAddress">The client's address, hashed for its rate-limit row.</param>
    public async Task<SubmittedSignup> SubmitAsync(ValidSignup form, string? honeypot, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var settings = options.Value;
        var rate = await store.TryCountSubmissionAsync(limiter, "client-" + hashing.Hash("signup-client", clientAddress), settings.RateLimit, settings.RateLimitWindow, cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("Sign-up refused: rate limit");
            return new SubmittedSignup(SignupOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        if (!string.IsNullOrEmpty(honeypot))
        {
            // The answer of a new sign-up, with an id nothing stands behind, so a bot learns nothing.
            logger.LogInformation("Sign-up dropped: honeypot filled");
            return new SubmittedSignup(SignupOutcome.Created, SignupId.New(form.Jurisdiction, time));
        }

        Signup? added = null;
        for (var attempt = 0; ; attempt++)
        {
            if (await store.LockHolderAsync(form.Jurisdiction.Code, form.Email, cancellationToken) is { } holder)
            {
                if (holder.RowKey == added?.RowKey)
                {
                    // Our own add was stored though its answer was lost (the storage client retried it into a 409):
                    // its message is committed too, and put now rather than after the outbox sweep's grace period.
                    return await CreatedAsync(holder, sent: false, cancellationToken);
                }

                if (await TryResubmitAsync(holder, form, cancellationToken) || attempt >= 3)
                {
                    return new SubmittedSignup(SignupOutcome.Repeated);
                }

                continue;
            }

            var id = SignupId.New(form.Jurisdiction, time);
            if (!await unconfirmed.TryReserveAsync(form.Email, id, settings.MaxUnconfirmedPerAddress, cancellationToken))
            {
                logger.LogInformation("Sign-up for {Jurisdiction} refused: the address has too many unconfirmed sign-ups", form.Jurisdiction.Code);
                return new SubmittedSignup(SignupOutcome.TooManyUnconfirmed);
            }

            added = new Signup { PartitionKey = id.Jurisdiction, RowKey = id.RowKey, Status = SignupStatus.PendingConfirmation };
            Fill(added, form);
            if (await store.TryAddWithLockAsync(added, [SignupQueues.Received(added.Id)], cancellationToken))
            {
                return await CreatedAsync(added, sent: true, cancellationToken);
            }

            if (await store.FindAsync(id, cancellationToken) is null)
            {
                // Not added: its place goes back (had this failed, the place would lapse by itself, see UnconfirmedSignups).
                await unconfirmed.ReleaseAsync(form.Email, id, cancellationToken);
            }

            // Another request for the same address and jurisdiction took the lock (or ours did, its answer lost): look again.
        }
    }

    /// <param name="sent">Whether the add's commit put its message (<see cref="MessageOutbox"/>).</param>
    private async Task<SubmittedSignup> CreatedAsync(Signup signup, bool sent, CancellationToken cancellationToken)
    {
        logger.LogInformation("Sign-up {SignupId} received for {Jurisdiction}", signup.Id, signup.PartitionKey);
        metrics.SignupAccepted(signup.PartitionKey);
        await participation.RecordOnceAsync(signup.PartitionKey, ParticipationKinds.SignedUp, signup.Id.ToString(), cancellationToken);
        if (!sent)
        {
            await queues.SignupReceivedAsync(signup.Id, cancellationToken);
        }

        return new SubmittedSignup(SignupOutcome.Created, signup.Id);
    }

    /// <summary>
    /// A repeat of the sign-up <paramref name="holder"/>. While it is unconfirmed and was last submitted
    /// <see cref="ResubmitInterval"/> ago or more, whoever first typed the address does not decide what its owner
    /// confirms: the fields are replaced and a fresh confirmation email queued (a new email: the round count
    /// is part of its once-only key). Otherwise nothing changes (an unconfirmed one's email is queued again, which
    /// recovers a lost message and sends nothing twice). False when the sign-up changed meanwhile.
    /// </summary>
    private async Task<bool> TryResubmitAsync(Signup holder, ValidSignup form, CancellationToken cancellationToken)
    {
        if (holder.Status != SignupStatus.PendingConfirmation || time.GetUtcNow() - holder.SubmittedAt < ResubmitInterval)
        {
            logger.LogInformation("Sign-up {SignupId} submitted again; left as it is", holder.Id);
            if (holder.Status == SignupStatus.PendingConfirmation)
            {
                // Queued again in case the first message was lost; the Mailer sends this round's email once only.
                await queues.SignupReceivedAsync(holder.Id, cancellationToken);
            }

            return true;
        }

        Fill(holder, form);
        holder.ResendCount++; // a new round: its confirmation email is a new email
        if (!await store.TryReplaceAsync(holder, SignupQueues.Received(holder.Id), cancellationToken))
        {
            return false;
        }

        logger.LogInformation("Sign-up {SignupId} submitted again while unconfirmed; fields replaced, confirmation sent again", holder.Id);
        return true;
    }

    private void Fill(Signup signup, ValidSignup form)
    {
        signup.OrganizationName = form.OrganizationName;
        signup.OrganizationType = form.OrganizationType;
        signup.ContactName = form.ContactName;
        signup.ContactTitle = form.ContactTitle;
        signup.Email = form.Email;
        signup.Phone = form.Phone;
        signup.City = form.City;
        signup.PublishMediaContact = form.PublishMediaContact;
        signup.Activities = string.Join(',', form.Activities);
        signup.SubmittedAt = time.GetUtcNow();
    }

    public async Task<SignupProgress?> ProgressAsync(SignupId id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } signup
            ? new SignupProgress(signup.Id.ToString(), signup.PartitionKey, signup.Status, signup.SubmittedAt)
            : null;

    /// <summary>The public list, from its own partition (<see cref="PublicList"/>): one point read while it is unchanged, otherwise a query whose cost follows the approved sign-ups only.</summary>
    public async Task<IReadOnlyList<ParticipatingState>> ParticipatingStatesAsync(CancellationToken cancellationToken) =>
        (await publicList.ReadCurrentAsync(cancellationToken))
            .Select(s => new ParticipatingState(s.Code, Jurisdictions.Jurisdiction.Find(s.Code).Name, s.OrganizationName, s.ConfirmedAt))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.ConfirmedAt)
            .ToList();
}
