using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Approvals;

/// <summary>The approval request to each staff member, and the outcome email to the signer.</summary>
public sealed class ApprovalEmails(
    SignupStore store,
    PublicList publicList,
    SignupEmails signupEmails,
    ApprovalService approvals,
    StaffDirectory staff,
    IMailer mailer,
    SignedLinks links,
    PressKitRequestLink pressKitLink,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<ApprovalEmails> logger)
{
    public async Task SendRequestsAsync(SignupId id, CancellationToken cancellationToken)
    {
        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null || signup.Status != SignupStatus.AwaitingApproval)
        {
            logger.LogInformation("Sign-up {SignupId} needs no approval request (gone or decided)", id);
            return;
        }

        if (staff.Addresses.Count == 0)
        {
            // Retrying cannot help until someone configures Cem:StaffEmails; fail loudly so the message
            // ends in the poison queue where it can be replayed.
            throw new InvalidOperationException("No CEM staff addresses are configured (Cem:StaffEmails).");
        }

        foreach (var address in staff.Addresses)
        {
            await mailer.SendOnceAsync(
                signup.EmailRoundKey,
                address,
                new ApprovalRequestEmail(
                    JurisdictionName: signup.Jurisdiction.Name,
                    JurisdictionCode: signup.PartitionKey,
                    OrganizationName: signup.OrganizationName,
                    OrganizationType: OrganizationTypes.All.GetValueOrDefault(signup.OrganizationType, signup.OrganizationType),
                    ContactName: signup.ContactName,
                    ContactTitle: signup.ContactTitle,
                    Email: signup.Email,
                    Phone: signup.Phone ?? "(none given)",
                    Activities: Activities.Describe(signup.ActivityList),
                    SubmittedAt: Dates.LongWithTime(signup.SubmittedAt),
                    DomainHint: OfficialDomain.HintFor(signup.Email),
                    ApproveUrl: approvals.LinkFor(id, Decision.Approve, address),
                    RejectUrl: approvals.LinkFor(id, Decision.Reject, address),
                    ExpiresOn: Dates.Long(time.GetUtcNow() + links.Lifetime)),
                cancellationToken);
        }
    }

    public async Task SendOutcomeAsync(SignupId id, CancellationToken cancellationToken)
    {
        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null || SignupStatus.IsPending(signup.Status))
        {
            logger.LogInformation("Sign-up {SignupId} has no outcome to send", id);
            return;
        }

        // Repairs the public list should the decision's own write have been lost (idempotent).
        await publicList.SyncAsync(signup, cancellationToken);

        IEmail outcome = signup.Status == SignupStatus.Approved
            ? new SignupApprovedEmail(
                ContactName: signup.ContactName,
                JurisdictionName: signup.Jurisdiction.Name,
                OrganizationName: signup.OrganizationName,
                StatesUrl: options.Value.Link("/"),
                PressKitRequestUrl: pressKitLink.LinkFor(id),
                DataUrl: options.Value.Link($"/states/{signup.PartitionKey}/data"),
                DataSubject: SignupErasure.SubjectOf(signup))
            : new SignupRejectedEmail(
                ContactName: signup.ContactName,
                JurisdictionName: signup.Jurisdiction.Name,
                OrganizationName: signup.OrganizationName,
                Reason: signup.RejectionReason ?? "",
                DataSubject: SignupErasure.SubjectOf(signup));
        await signupEmails.SendToSignerAsync(signup, outcome, cancellationToken);
    }
}
