using Azure.Data.Tables;
using Azure;
using Cem.Core.Links;
using Cem.Core.Participation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Signups;

/// <summary>
/// Double opt-in: the signer proves the address is theirs by following the emailed link and
/// pressing the button; only then do staff get an approval request.
/// </summary>
public sealed class AddressConfirmation(
    SignupStore store,
    SignupQueues queues,
    ParticipationLog participation,
    SignedLinks links,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<AddressConfirmation> logger)
{
    public const string Purpose = "signup-confirm";

    public Uri LinkFor(SignupId id) =>
        options.Value.Link("/signups/confirm?token=" + Uri.EscapeDataString(links.Issue(Purpose, id.ToString())));

    /// <summary>What the confirmation page shows before the button is pressed. Changes nothing.</summary>
    public Task<LinkActionResult> PreviewAsync(string? token, CancellationToken cancellationToken) =>
        RunAsync(token, commit: false, cancellationToken);

    public Task<LinkActionResult> ConfirmAsync(string? token, CancellationToken cancellationToken) =>
        RunAsync(token, commit: true, cancellationToken);

    private async Task<LinkActionResult> RunAsync(string? token, bool commit, CancellationToken cancellationToken)
    {
        var link = links.Check(token, Purpose);
        if (!link.IsValid || !SignupId.TryParse(link.Claims!.Subject, out var id))
        {
            return LinkActionResult.Invalid(link.IsValid ? new LinkCheck(LinkStatus.Tampered, null) : link);
        }

        for (var attempt = 0; ; attempt++)
        {
            var signup = await store.FindAsync(id, cancellationToken);
            if (signup is null)
            {
                return new(LinkOutcome.NotFound, "This sign-up no longer exists.", link);
            }

            if (signup.Status != SignupStatus.PendingConfirmation)
            {
                if (commit && signup.Status == SignupStatus.AwaitingApproval)
                {
                    // Recovers a staff request (and a log entry) lost after the first confirmation; both happen once.
                    await participation.RecordOnceAsync(id.Jurisdiction, ParticipationKinds.AddressConfirmed, id.ToString(), cancellationToken);
                    await queues.SignupConfirmedAsync(id, cancellationToken);
                }

                return signup.Status == SignupStatus.Rejected
                    ? new(LinkOutcome.Refused, "This sign-up has been closed by CEM staff.", link, signup)
                    : new(LinkOutcome.AlreadyDone, "Your email address is already confirmed.", link, signup);
            }

            if (!commit)
            {
                return new(LinkOutcome.Ready, "Confirm your email address to send your sign-up to CEM staff.", link, signup);
            }

            signup.Status = SignupStatus.AwaitingApproval;
            signup.AddressConfirmedAt = time.GetUtcNow();
            try
            {
                await store.CommitTransitionAsync(signup, link.Claims, "address-confirmed", "signer", null, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 3)
            {
                continue; // Changed or used concurrently: read again and answer from the new state.
            }

            logger.LogInformation("Sign-up {SignupId} address confirmed", id);
            await participation.RecordOnceAsync(id.Jurisdiction, ParticipationKinds.AddressConfirmed, id.ToString(), cancellationToken);
            await queues.SignupConfirmedAsync(id, cancellationToken);
            return new(LinkOutcome.Done, "Thank you. Your email address is confirmed and your sign-up has gone to CEM staff for approval.", link, signup);
        }
    }
}
