using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Approvals;

public enum Decision
{
    Approve,
    Reject,
}

/// <summary>
/// Staff decide on a confirmed sign-up through signed links. A GET only previews; the POST decides.
/// Approving twice is harmless; approving a rejected sign-up (or the reverse) is refused.
/// </summary>
public sealed class ApprovalService(
    SignupStore store,
    SignupQueues queues,
    ParticipationLog participation,
    PressKitRequests pressKits,
    SignedLinks links,
    StaffDirectory staff,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<ApprovalService> logger)
{
    public const string ApprovePurpose = "signup-approve";
    public const string RejectPurpose = "signup-reject";
    public const int MaxReasonLength = 2000;

    public static string PurposeOf(Decision decision) => decision == Decision.Approve ? ApprovePurpose : RejectPurpose;

    public Uri LinkFor(SignupId id, Decision decision, string staffAddress) =>
        options.Value.Link(
            (decision == Decision.Approve ? "/signups/approve" : "/signups/reject") + "?token="
            + Uri.EscapeDataString(links.Issue(PurposeOf(decision), id.ToString(), StaffDirectory.IdOf(staffAddress))));

    public Task<LinkActionResult> PreviewAsync(string? token, Decision decision, CancellationToken cancellationToken) =>
        RunAsync(token, decision, null, commit: false, cancellationToken);

    public Task<LinkActionResult> DecideAsync(string? token, Decision decision, string? reason, CancellationToken cancellationToken) =>
        RunAsync(token, decision, reason, commit: true, cancellationToken);

    private async Task<LinkActionResult> RunAsync(string? token, Decision decision, string? reason, bool commit, CancellationToken cancellationToken)
    {
        var link = links.Check(token, PurposeOf(decision));
        if (!link.IsValid || !SignupId.TryParse(link.Claims!.Subject, out var id))
        {
            return LinkActionResult.Invalid(link.IsValid ? new LinkCheck(LinkStatus.Tampered, null) : link);
        }

        // A link for an address no longer on the staff list stops working at once.
        var staffAddress = staff.AddressOf(link.Claims.Actor);
        if (staffAddress is null)
        {
            return new(LinkOutcome.Refused, "This link was sent to an address that is no longer on the CEM staff list.", link);
        }

        var target = decision == Decision.Approve ? SignupStatus.Approved : SignupStatus.Rejected;
        var logged = decision == Decision.Approve ? ParticipationKinds.Approved : ParticipationKinds.Rejected;
        for (var attempt = 0; ; attempt++)
        {
            var signup = await store.FindAsync(id, cancellationToken);
            if (signup is null)
            {
                return new(LinkOutcome.NotFound, "This sign-up no longer exists.", link);
            }

            if (signup.Status == target)
            {
                if (commit)
                {
                    // Recovers an outcome email (and a log entry) lost after the first decision; both happen once.
                    await participation.RecordOnceAsync(id.Jurisdiction, logged, id.ToString(), cancellationToken, signup.ActivityList);
                    await queues.SignupDecidedAsync(id, cancellationToken);
                    if (target == SignupStatus.Approved)
                    {
                        await pressKits.ApprovedAsync(id, cancellationToken);
                    }
                }

                return new(LinkOutcome.AlreadyDone, decision == Decision.Approve ? "This sign-up is already approved." : "This sign-up is already rejected.", link, signup);
            }

            if (signup.Status is SignupStatus.Approved or SignupStatus.Rejected)
            {
                return new(LinkOutcome.Refused, $"This sign-up was already {signup.Status}; it cannot be {(decision == Decision.Approve ? "approved" : "rejected")} now.", link, signup);
            }

            if (signup.Status != SignupStatus.AwaitingApproval)
            {
                return new(LinkOutcome.Refused, "The signer has not confirmed their email address yet.", link, signup);
            }

            if (!commit)
            {
                return new(LinkOutcome.Ready, decision == Decision.Approve ? "Approve this sign-up?" : "Reject this sign-up?", link, signup);
            }

            signup.Status = target;
            signup.DecidedAt = time.GetUtcNow();
            signup.RejectionReason = decision == Decision.Reject ? reason : null;
            try
            {
                await store.CommitTransitionAsync(signup, link.Claims, target, staffAddress, signup.RejectionReason, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 3)
            {
                continue; // Decided or used concurrently: read again and answer from the new state.
            }

            logger.LogInformation("Sign-up {SignupId} {Decision}", id, target);
            await participation.RecordOnceAsync(id.Jurisdiction, logged, id.ToString(), cancellationToken, signup.ActivityList);
            await queues.SignupDecidedAsync(id, cancellationToken);
            if (target == SignupStatus.Approved)
            {
                await pressKits.ApprovedAsync(id, cancellationToken);
            }

            return new(
                LinkOutcome.Done,
                decision == Decision.Approve
                    ? $"Approved. {signup.Jurisdiction.Name} is now on the public list of participating states."
                    : "Rejected. The signer will be told by email.",
                link,
                signup);
        }
    }
}
