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
    ApprovalService approvals,
    StaffDirectory staff,
    IMailer mailer,
    SignedLinks links,
    PressKitRequestLink pressKitLink,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<ApprovalEmails> logger)
{
    public const string RequestTemplate = "approval-request";
    public const string ApprovedTemplate = "signup-approved";
    public const string RejectedTemplate = "signup-rejected";

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
                "signup/" + id,
                RequestTemplate,
                address,
                new Dictionary<string, string>
                {
                    ["jurisdictionName"] = signup.Jurisdiction.Name,
                    ["jurisdictionCode"] = signup.PartitionKey,
                    ["organizationName"] = signup.OrganizationName,
                    ["organizationType"] = OrganizationTypes.All.GetValueOrDefault(signup.OrganizationType, signup.OrganizationType),
                    ["contactName"] = signup.ContactName,
                    ["contactTitle"] = signup.ContactTitle,
                    ["email"] = signup.Email,
                    ["phone"] = signup.Phone ?? "(none given)",
                    ["activities"] = Activities.Describe(signup.ActivityList),
                    ["submittedAt"] = Dates.LongWithTime(signup.SubmittedAt),
                    ["domainHint"] = OfficialDomain.HintFor(signup.Email),
                    ["approveUrl"] = approvals.LinkFor(id, Decision.Approve, address).ToString(),
                    ["rejectUrl"] = approvals.LinkFor(id, Decision.Reject, address).ToString(),
                    ["expiresOn"] = Dates.Long(time.GetUtcNow() + links.Lifetime),
                },
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

        var approved = signup.Status == SignupStatus.Approved;
        var values = new Dictionary<string, string>
        {
            ["contactName"] = signup.ContactName,
            ["jurisdictionName"] = signup.Jurisdiction.Name,
            ["organizationName"] = signup.OrganizationName,
            ["statesUrl"] = options.Value.Link("/").ToString(),
            ["dataUrl"] = options.Value.Link($"/states/{signup.PartitionKey}/data").ToString(),
        };
        if (approved)
        {
            values["pressKitRequestUrl"] = pressKitLink.LinkFor(id).ToString();
        }
        else
        {
            values["reason"] = signup.RejectionReason ?? "";
            values["reasonText"] = string.IsNullOrWhiteSpace(signup.RejectionReason)
                ? "CEM staff did not give a reason."
                : "CEM staff gave this reason: " + signup.RejectionReason;
        }

        await mailer.SendOnceAsync("signup/" + id, approved ? ApprovedTemplate : RejectedTemplate, signup.Email, values, cancellationToken);
    }
}
