using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;

namespace Cem.Core.Approvals;

public enum Decision
{
    Approve,
    Reject,
}

/// <summary>
/// Staff decide on a confirmed sign-up through the Approve and Reject links of the approval request.
/// Approving twice is harmless; approving a rejected sign-up (or the reverse) is refused.
/// </summary>
public sealed class ApprovalService(SignupDecision.Approve approve, SignupDecision.Reject reject)
{
    public const string ApprovePurpose = "signup-approve";
    public const string RejectPurpose = "signup-reject";
    public const int MaxReasonLength = LinkInput.MaxNoteLength;

    public SignupDecision For(Decision decision) => decision == Decision.Approve ? approve : reject;

    public Uri LinkFor(SignupId id, Decision decision, string staffAddress) => For(decision).LinkFor(id.ToString(), staffAddress);
}

/// <summary>One staff decision on a sign-up; the two differ only in their target and words.</summary>
public abstract class SignupDecision(LinkKit kit, CemStorage storage, SignupStore store, ParticipationLog participation, StaffActor staff, PublicList publicList, Decision decision)
    : LinkAction<Signup>(kit)
{
    private readonly bool approving = decision == Decision.Approve;

    public override string Purpose => approving ? ApprovalService.ApprovePurpose : ApprovalService.RejectPurpose;
    public override string PagePath => approving ? "/signups/approve" : "/signups/reject";
    public override string Title => approving ? "Approve sign-up" : "Reject sign-up";
    public override string DoneTitle => approving ? "Sign-up approved" : "Sign-up rejected";
    public override string SubjectNoun => "sign-up";
    public override string IdField => "signupId";

    public Decision Decision => decision;

    protected override ILinkActor Actor => staff;
    protected override TableClient Table { get; } = storage.Table(StorageNames.SignupsTable);

    private string Target => approving ? SignupStatus.Approved : SignupStatus.Rejected;

    public override string IdOf(Signup subject) => subject.Id.ToString();

    public override string StatusOf(Signup subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SignupId.TryLocate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(Signup subject) => subject.Status switch
    {
        var status when status == Target => LinkVerdict.AlreadyDone(approving ? "This sign-up is already approved." : "This sign-up is already rejected."),
        SignupStatus.Approved or SignupStatus.Rejected =>
            LinkVerdict.Refused($"This sign-up was already {subject.Status}; it cannot be {(approving ? "approved" : "rejected")} now."),
        SignupStatus.AwaitingApproval => LinkVerdict.Ready(approving ? "Approve this sign-up?" : "Reject this sign-up?"),
        _ => LinkVerdict.Refused("The signer has not confirmed their email address yet."),
    };

    protected override LinkTransition Apply(Signup subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = Target;
        subject.DecidedAt = now;
        subject.RejectionReason = approving ? null : input.Note;
        return new(
            Target,
            approving
                ? $"Approved. {subject.Jurisdiction.Name} is now on the public list of participating states."
                : "Rejected. The signer will be told by email.",
            subject.RejectionReason);
    }

    protected override IEnumerable<TableTransactionAction> AlsoCommit(Signup subject) => store.ReleaseLockIfRejected(subject);

    /// <summary>The signer is told; an approved state's first press kit is made.</summary>
    protected override IEnumerable<PendingMessage> Messages(Signup subject, LinkClaims link) =>
        approving ? [SignupQueues.Decided(subject.Id), PressKitRequests.Approved(subject.Id)] : [SignupQueues.Decided(subject.Id)];

    protected override async Task AfterAsync(Signup subject, LinkClaims link, CancellationToken cancellationToken)
    {
        // The public list's row follows the decision (written again by the outcome email's handler, should this be lost).
        await publicList.SyncAsync(subject, cancellationToken);
        await participation.RecordOnceAsync(subject.PartitionKey, approving ? ParticipationKinds.Approved : ParticipationKinds.Rejected, IdOf(subject), cancellationToken, subject.ActivityList);
    }

    public sealed class Approve(LinkKit kit, CemStorage storage, SignupStore store, ParticipationLog participation, StaffActor staff, PublicList publicList)
        : SignupDecision(kit, storage, store, participation, staff, publicList, Decision.Approve);

    public sealed class Reject(LinkKit kit, CemStorage storage, SignupStore store, ParticipationLog participation, StaffActor staff, PublicList publicList)
        : SignupDecision(kit, storage, store, participation, staff, publicList, Decision.Reject);
}
