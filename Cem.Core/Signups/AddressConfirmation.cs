using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Storage;

namespace Cem.Core.Signups;

/// <summary>
/// Double opt-in: the signer proves the address is theirs by following the emailed link and
/// pressing the button; only then do staff get an approval request.
/// </summary>
public sealed class AddressConfirmation(LinkKit kit, CemStorage storage, ParticipationLog participation, SignupResends resends)
    : LinkAction<Signup>(kit)
{
    public override string Purpose => "signup-confirm";
    public override string PagePath => "/signups/confirm";
    public override string Title => "Confirm your email address";
    public override string DoneTitle => "Email address confirmed";
    public override string SubjectNoun => "sign-up";
    public override string IdField => "signupId";

    protected override ILinkActor Actor => SubjectContact.Signer;
    protected override TableClient Table { get; } = storage.Table(StorageNames.SignupsTable);

    /// <summary>
    /// A confirmation link for <paramref name="signup"/>, valid until its <see cref="ExpiresAt"/>: every link of one
    /// round (the email, the reminder) expires together, and an unconfirmed sign-up is deleted then.
    /// </summary>
    public Uri LinkFor(Signup signup)
    {
        ArgumentNullException.ThrowIfNull(signup);
        return LinkFor(signup.Id.ToString(), null, ExpiresAt(signup) - Time.GetUtcNow());
    }

    /// <summary>When the newest confirmation link of <paramref name="signup"/> stops working.</summary>
    public DateTimeOffset ExpiresAt(Signup signup)
    {
        ArgumentNullException.ThrowIfNull(signup);
        return signup.ConfirmationIssuedAt + Links.Lifetime;
    }

    public override string IdOf(Signup subject) => subject.Id.ToString();

    public override string StatusOf(Signup subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SignupId.TryLocate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(Signup subject) => subject.Status switch
    {
        SignupStatus.PendingConfirmation => LinkVerdict.Ready("Confirm your email address to send your sign-up to CEM staff."),
        SignupStatus.Rejected => LinkVerdict.Refused("This sign-up has been closed by CEM staff."),
        _ => LinkVerdict.AlreadyDone("Your email address is already confirmed."),
    };

    protected override LinkTransition Apply(Signup subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = SignupStatus.AwaitingApproval;
        subject.AddressConfirmedAt = now;
        return new("address-confirmed", "Thank you. Your email address is confirmed and your sign-up has gone to CEM staff for approval.");
    }

    protected override bool SendsNewLinks => true;

    protected override bool NewLinkHelps(Signup subject) => subject.Status == SignupStatus.PendingConfirmation;

    /// <summary>The confirmation again, to the signer's address only; at most once per sign-up per 10 minutes.</summary>
    protected override Task SendNewLinkAsync(Signup subject, CancellationToken cancellationToken) =>
        resends.ResendAsync(subject.Id, "signer", confirmationOnly: true, cancellationToken);

    protected override IEnumerable<PendingMessage> Messages(Signup subject, LinkClaims link) => [SignupQueues.Confirmed(subject.Id)];

    protected override async Task AfterAsync(Signup subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.Status != SignupStatus.AwaitingApproval)
        {
            return; // Decided since: nothing more to record.
        }

        await participation.RecordOnceAsync(subject.PartitionKey, ParticipationKinds.AddressConfirmed, IdOf(subject), cancellationToken);
    }
}
