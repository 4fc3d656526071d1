using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;

namespace Cem.Core.Programs;

/// <summary>
/// A confirmed contact of the district's state: the link names them by an opaque id (a keyed hash of the address, as staff
/// links do) and works only while that address is still the contact of an approved sign-up of that state.
/// </summary>
public sealed class StateContactActor(StaffDirectory staff) : ILinkActor
{
    public string IdFor(string? address) =>
        staff.IdOf(address ?? throw new ArgumentNullException(nameof(address), "A decision link names the contact it was sent to."));

    /// <summary>Never by id alone: who may act depends on the district's state (<see cref="DistrictDecision"/> asks).</summary>
    public string? Resolve(string actorId) => null;

    public string RefusalMessage => "This link was sent to an address that is no longer a contact of this state in CEM.";
}

/// <summary>
/// An action by the district's own contact (confirm, leave, delete my data). Its link names the district in one round
/// of joining (<see cref="District.JoinKey"/>), so a link sent for an earlier round (before the district left and asked
/// again) does nothing to the new one. A signed-in state contact may act too, through
/// <see cref="LinkAction{TSubject}.ActAsAsync"/>, whose caller has checked who they are.
/// </summary>
public abstract class DistrictContactAction(LinkKit kit, CemStorage storage) : LinkAction<District>(kit)
{
    // The audit name of a link's holder, with the round the link names; no '@', which only a signed-in address has.
    private const string RoundPrefix = "district-contact-";

    public override string IdField => "districtId";

    protected override ILinkActor Actor => SubjectContact.Contact;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventsTable);

    public override string IdOf(District subject) => subject.Id;

    public override string StatusOf(District subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        if (DistrictId.TryParseJoinKey(subjectId, out var id, out _))
        {
            return DistrictJoins.TryLocate(id, out partitionKey, out rowKey);
        }

        (partitionKey, rowKey) = ("", "");
        return false;
    }

    protected override Task<string?> ResolveActorAsync(LinkClaims link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Task.FromResult(Actor.Resolve(link.Actor) is not null && DistrictId.TryParseJoinKey(link.Subject, out _, out var joinId)
            ? RoundPrefix + joinId
            : null);
    }

    protected override Task<string?> ActorOnAsync(District subject, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(actor);
        return Task.FromResult(
            actor.StartsWith(RoundPrefix, StringComparison.Ordinal) ? (actor[RoundPrefix.Length..] == subject.JoinId ? "district contact" : null)
            : actor.Contains('@', StringComparison.Ordinal) ? actor
            : null);
    }

    /// <summary>Takes an approved district out of the program, and forgets its contact (nobody is emailed at that address again).</summary>
    protected static void Leave(District subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        subject.Status = DistrictStatuses.Left;
        subject.LeftAt = now;
        ForgetContact(subject, now);
    }

    protected static void ForgetContact(District subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        subject.ContactName = "";
        subject.ContactTitle = "";
        subject.Email = "";
        subject.ErasedAt ??= now;
    }

    /// <summary>After leaving (idempotent): logged once for this round, and the mailer's records of the contact's emails go.</summary>
    protected static async Task AfterLeavingAsync(District subject, ParticipationLog participation, SentEmailRecords records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(participation);
        ArgumentNullException.ThrowIfNull(records);
        if (subject.Status == DistrictStatuses.Left)
        {
            await participation.RecordOnceAsync(subject.Code, ParticipationKinds.DistrictLeft, subject.JoinKey, cancellationToken);
        }

        if (subject.ErasedAt is not null)
        {
            await records.ForgetAllUnderAsync(DistrictEmails.ContactKeys(subject), cancellationToken);
        }
    }
}

/// <summary>The district's contact confirms the address the join request gave; then the state's contacts are asked.</summary>
public sealed class DistrictConfirmation(LinkKit kit, CemStorage storage) : DistrictContactAction(kit, storage)
{
    public override string Purpose => "district-confirm";
    public override string PagePath => "/districts/confirm";
    public override string Title => "Confirm your email address";
    public override string DoneTitle => "Email address confirmed";
    public override string SubjectNoun => "request to join";

    protected override LinkVerdict Judge(District subject) => subject.Status == DistrictStatuses.Unconfirmed
        ? LinkVerdict.Ready($"Confirm your address to send {subject.Name}'s request to {Jurisdiction.Find(subject.Code).Name}.")
        : LinkVerdict.AlreadyDone("Your email address is already confirmed.");

    protected override LinkTransition Apply(District subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = DistrictStatuses.AwaitingApproval;
        subject.ConfirmedAt = now;
        return new("address-confirmed", $"Thank you. Your address is confirmed and the request has gone to {Jurisdiction.Find(subject.Code).Name}'s CEM contacts.");
    }

    /// <summary>Each of the state's confirmed contacts gets the request once, with Approve and Decline links of their own.</summary>
    protected override IEnumerable<PendingMessage> Messages(District subject, LinkClaims link) => [DistrictQueues.Message(DistrictQueues.Confirmed, subject)];
}

/// <summary>The two decisions on a district, built once.</summary>
public sealed class DistrictDecisions(LinkKit kit, CemStorage storage, StateContacts contacts, ParticipationLog participation, StaffDirectory staff)
{
    public DistrictDecision Approve { get; } = new(kit, storage, contacts, participation, staff, approve: true);

    public DistrictDecision Decline { get; } = new(kit, storage, contacts, participation, staff, approve: false);

    public DistrictDecision For(bool approve) => approve ? Approve : Decline;
}

/// <summary>A state's confirmed contact approves or declines a district, by emailed link or in <c>/my/program</c>.</summary>
public sealed class DistrictDecision(LinkKit kit, CemStorage storage, StateContacts stateContacts, ParticipationLog participation, StaffDirectory staff, bool approve)
    : LinkAction<District>(kit)
{
    private readonly StateContactActor contacts = new(staff);

    public bool Approves => approve;
    public override string Purpose => approve ? "district-approve" : "district-decline";
    public override string PagePath => approve ? "/districts/approve" : "/districts/decline";
    public override string Title => approve ? "Approve the district" : "Decline the district";
    public override string DoneTitle => approve ? "District approved" : "District declined";
    public override string SubjectNoun => "request to join";
    public override string IdField => "districtId";

    protected override ILinkActor Actor => contacts;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventsTable);

    public override string IdOf(District subject) => subject.Id;

    public override string StatusOf(District subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) => DistrictJoins.TryLocate(subjectId, out partitionKey, out rowKey);

    /// <summary>The address the link names, while it is still a confirmed contact of the district's state.</summary>
    protected override async Task<string?> ResolveActorAsync(LinkClaims link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!DistrictId.TryParse(link.Subject, out _, out var code, out _))
        {
            return null;
        }

        return (await stateContacts.AddressesOfAsync(code, cancellationToken)).FirstOrDefault(a => staff.Names(link.Actor, a));
    }

    protected override LinkVerdict Judge(District subject)
    {
        var target = approve ? DistrictStatuses.Approved : DistrictStatuses.Declined;
        return subject.Status switch
        {
            DistrictStatuses.AwaitingApproval => LinkVerdict.Ready(approve
                ? $"Approve {subject.Name} (LEA ID {subject.LeaId}) as a district of your program?"
                : $"Decline {subject.Name} (LEA ID {subject.LeaId})?"),
            DistrictStatuses.Unconfirmed => LinkVerdict.Refused("The district's contact has not confirmed the address yet."),
            var s when s == target => LinkVerdict.AlreadyDone(approve ? "This district is already approved." : "This district is already declined."),
            _ => LinkVerdict.Refused($"This district was already {subject.Status}."),
        };
    }

    protected override LinkTransition Apply(District subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = approve ? DistrictStatuses.Approved : DistrictStatuses.Declined;
        subject.DecidedAt = now;
        return approve
            ? new("approved", $"{subject.Name} is approved: it is listed on your program's page, and its contact gets a welcome email.")
            : new("declined", $"{subject.Name} is declined.", input?.Note);
    }

    /// <summary>
    /// An approved district's contact is welcomed, with the link to leave; and the district is counted in the state's
    /// press kits, so fresh ones are requested with the decision.
    /// </summary>
    protected override IEnumerable<PendingMessage> Messages(District subject, LinkClaims link) =>
        approve ? [DistrictQueues.Message(DistrictQueues.Approved, subject), PressKits.PressKitRequests.ProgramChanged(subject.Code)] : [];

    protected override async Task AfterAsync(District subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.Status == DistrictStatuses.Approved)
        {
            await participation.RecordOnceAsync(subject.Code, ParticipationKinds.DistrictJoined, subject.JoinKey, cancellationToken);
        }
    }
}

/// <summary>
/// An approved district leaves the state's program: by the link in its welcome email, or removed by a state contact in
/// <c>/my/program</c>. It is listed nowhere from then, its contact's name and address are deleted, the state's
/// confirmed contacts are told, <c>district-left</c> is logged for this round, and its LEA ID may ask to join again.
/// </summary>
public sealed class DistrictLeave(LinkKit kit, CemStorage storage, ParticipationLog participation, SentEmailRecords records) : DistrictContactAction(kit, storage)
{
    public override string Purpose => "district-leave";
    public override string PagePath => "/districts/leave";
    public override string Title => "Leave the program";
    public override string DoneTitle => "The district has left the program";
    public override string SubjectNoun => "district";

    /// <summary>As long as an invite: past the end of the edition the district joined.</summary>
    protected override TimeSpan? Lifetime => DistrictJoins.InviteLifetime;

    protected override LinkVerdict Judge(District subject) => subject.Status switch
    {
        DistrictStatuses.Approved => LinkVerdict.Ready(
            $"{subject.Name} leaves {Jurisdiction.Find(subject.Code).Name}'s CEM program: it is no longer listed on the program's page or in its calendar feeds, " +
            $"{Jurisdiction.Find(subject.Code).Name}'s CEM contacts are told, and the contact's name and email address are deleted. It may ask to join again with a new invite."),
        DistrictStatuses.Left => LinkVerdict.AlreadyDone($"{subject.Name} has already left the program."),
        _ => LinkVerdict.Refused($"{subject.Name} is not in the program."),
    };

    protected override LinkTransition Apply(District subject, LinkInput input, DateTimeOffset now)
    {
        Leave(subject, now);
        return new("left", $"{subject.Name} has left {Jurisdiction.Find(subject.Code).Name}'s CEM program and is no longer listed; {Jurisdiction.Find(subject.Code).Name}'s CEM contacts are told.");
    }

    protected override IEnumerable<PendingMessage> Messages(District subject, LinkClaims link) => [DistrictQueues.Message(DistrictQueues.Left, subject)];

    protected override Task AfterAsync(District subject, LinkClaims link, CancellationToken cancellationToken) =>
        AfterLeavingAsync(subject, participation, records, cancellationToken);
}

/// <summary>
/// "Delete my data", from the footer of the district contact's emails. The POST deletes the contact's name, title and
/// address in one transaction with its used-link and audit rows. A request still waiting is deleted entirely (its LEA
/// ID is free again); a declined one keeps its row, without the contact. An approved district stays listed by its name and LEA ID, and the state's contacts are told, unless
/// the contact chooses <see cref="LeaveChoice"/>: then it leaves the program as by <see cref="DistrictLeave"/>.
/// </summary>
public sealed class DistrictErasure(LinkKit kit, CemStorage storage, ParticipationLog participation, SentEmailRecords records) : DistrictContactAction(kit, storage)
{
    public const string Kind = "district";
    public const string ErasePurpose = "district-erase";
    public const string Page = "/delete-my-data/district";

    /// <summary>The posted <c>choice</c> that also takes an approved district out of the program.</summary>
    public const string LeaveChoice = "leave";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    public override string Purpose => ErasePurpose;
    public override string PagePath => Page;
    public override string Title => "Delete my data";
    public override string DoneTitle => "Your data is deleted";
    public override string SubjectNoun => "district";

    protected override TimeSpan? Lifetime => LinkLifetime;

    /// <summary>What an email to the district's contact declares, so its footer carries this link.</summary>
    public static DataSubject SubjectOf(District district)
    {
        ArgumentNullException.ThrowIfNull(district);
        return new DataSubject(Kind, district.JoinKey);
    }

    protected override LinkVerdict Judge(District subject)
    {
        var state = Jurisdiction.Find(subject.Code).Name;
        return subject switch
        {
            { ErasedAt: not null } or { Status: DistrictStatuses.Erased or DistrictStatuses.Left } => LinkVerdict.AlreadyDone("Your name and email address are no longer kept with this district."),
            { Status: DistrictStatuses.Approved } => LinkVerdict.Ready(
                $"This deletes your name, title and email address from {subject.Name}'s place in {state}'s CEM program; {state}'s CEM contacts are told. " +
                $"{subject.Name} stays listed on the program's page by its name and LEA ID unless you also choose to leave the program."),
            { Status: DistrictStatuses.Declined } => LinkVerdict.Ready($"This deletes your name, title and email address from {subject.Name}'s declined request to join {state}'s CEM program."),
            _ => LinkVerdict.Ready($"This deletes {subject.Name}'s request to join {state}'s CEM program, with your name, title and email address."),
        };
    }

    protected override LinkTransition Apply(District subject, LinkInput input, DateTimeOffset now)
    {
        var state = Jurisdiction.Find(subject.Code).Name;
        if (subject.Status == DistrictStatuses.Declined)
        {
            // The row stays, holding its LEA ID as a declined request does, without the contact.
            ForgetContact(subject, now);
            return new("contact-deleted", "Your details are deleted.");
        }

        if (subject.Status != DistrictStatuses.Approved)
        {
            ForgetContact(subject, now);
            subject.Status = DistrictStatuses.Erased;
            return new("deleted", "The request to join and your details are deleted.");
        }

        if (input?.Choice == LeaveChoice)
        {
            Leave(subject, now);
            return new("left", $"Your details are deleted and {subject.Name} has left {state}'s CEM program; {state}'s CEM contacts are told.");
        }

        ForgetContact(subject, now);
        return new("contact-deleted", $"Your details are deleted. {subject.Name} stays listed in {state}'s CEM program; {state}'s CEM contacts are told.");
    }

    protected override IEnumerable<PendingMessage> Messages(District subject, LinkClaims link) => subject.Status switch
    {
        DistrictStatuses.Left => [DistrictQueues.Message(DistrictQueues.Left, subject)],
        DistrictStatuses.Approved => [DistrictQueues.Message(DistrictQueues.ContactDeleted, subject)],
        _ => [],
    };

    protected override async Task AfterAsync(District subject, LinkClaims link, CancellationToken cancellationToken)
    {
        await AfterLeavingAsync(subject, participation, records, cancellationToken);
        if (subject.Status == DistrictStatuses.Erased)
        {
            // Only while it is still this erased request: the LEA ID may have asked to join again since.
            var stored = await table.GetEntityIfExistsAsync<District>(subject.PartitionKey, subject.RowKey, cancellationToken: cancellationToken);
            if (stored.HasValue && stored.Value!.Status == DistrictStatuses.Erased && stored.Value.JoinId == subject.JoinId)
            {
                try
                {
                    await table.DeleteEntityAsync(subject.PartitionKey, subject.RowKey, stored.Value.ETag, cancellationToken);
                }
                catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Deleted by an earlier press, or replaced by a new request meanwhile.
                }
            }
        }
    }
}

/// <summary>Issues the "delete my data" links of district contacts for the mailer.</summary>
public sealed class DistrictDeletionLinks(LinkKit kit) : IDataDeletionLinks
{
    public string Kind => DistrictErasure.Kind;

    public Uri LinkFor(string subjectId) =>
        kit.LinkFor(DistrictErasure.ErasePurpose, DistrictErasure.Page, subjectId, SubjectContact.Contact.IdFor(null), DistrictErasure.LinkLifetime);
}
