using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Options;

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

/// <summary>The district's contact confirms the address the join request gave; then the state's contacts are asked.</summary>
public sealed class DistrictConfirmation(LinkKit kit, CemStorage storage, SignupStore signups, DistrictDecisions decisions, IMailer mailer, IOptions<CemOptions> site)
    : LinkAction<District>(kit)
{
    public override string Purpose => "district-confirm";
    public override string PagePath => "/districts/confirm";
    public override string Title => "Confirm your email address";
    public override string DoneTitle => "Email address confirmed";
    public override string SubjectNoun => "request to join";
    public override string IdField => "districtId";

    protected override ILinkActor Actor => SubjectContact.Contact;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventsTable);

    public override string IdOf(District subject) => subject.Id;

    public override string StatusOf(District subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) => DistrictJoins.TryLocate(subjectId, out partitionKey, out rowKey);

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
    protected override async Task AfterAsync(District subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.Status != DistrictStatuses.AwaitingApproval)
        {
            return; // decided since
        }

        var expires = Dates.Long(Time.GetUtcNow() + Links.Lifetime);
        foreach (var address in await DistrictDecision.ContactsOfAsync(signups, subject.Code, cancellationToken))
        {
            await mailer.SendOnceAsync($"district/{subject.Id}", address, new DistrictApprovalRequestEmail(
                Jurisdiction.Find(subject.Code).Name, subject.Name, subject.LeaId, subject.ContactName, subject.ContactTitle.Length == 0 ? "(no title given)" : subject.ContactTitle,
                subject.Email, decisions.Approve.LinkFor(subject.Id, address), decisions.Decline.LinkFor(subject.Id, address),
                site.Value.Link($"/my/program?state={subject.Code}"), expires), cancellationToken);
        }
    }
}

/// <summary>The two decisions on a district, built once.</summary>
public sealed class DistrictDecisions(LinkKit kit, CemStorage storage, SignupStore signups, ParticipationLog participation, ProgramService programs, IMailer mailer, IOptions<CemOptions> site, StaffDirectory staff)
{
    public DistrictDecision Approve { get; } = new(kit, storage, signups, participation, programs, mailer, site, staff, approve: true);

    public DistrictDecision Decline { get; } = new(kit, storage, signups, participation, programs, mailer, site, staff, approve: false);

    public DistrictDecision For(bool approve) => approve ? Approve : Decline;
}

/// <summary>A state's confirmed contact approves or declines a district, by emailed link or in <c>/my/program</c>.</summary>
public sealed class DistrictDecision(LinkKit kit, CemStorage storage, SignupStore signups, ParticipationLog participation, ProgramService programs, IMailer mailer, IOptions<CemOptions> site, StaffDirectory staff, bool approve)
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

        return (await ContactsOfAsync(signups, code, cancellationToken)).FirstOrDefault(a => staff.Names(link.Actor, a));
    }

    /// <summary>The addresses of a state's approved sign-ups: its confirmed contacts.</summary>
    public static async Task<IReadOnlyList<string>> ContactsOfAsync(SignupStore signups, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signups);
        return [.. (await signups.ApprovedAsync(cancellationToken)).Where(s => s.PartitionKey == code).Select(s => s.Email.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
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

    /// <summary>An approved district is counted in the state's press kits: fresh ones are requested with the decision.</summary>
    protected override IEnumerable<PendingMessage> Messages(District subject, LinkClaims link) =>
        approve ? [PressKits.PressKitRequests.ProgramChanged(subject.Code)] : [];

    protected override async Task AfterAsync(District subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.Status == DistrictStatuses.Approved)
        {
            await participation.RecordOnceAsync(subject.Code, ParticipationKinds.DistrictJoined, subject.Id, cancellationToken);
            var program = await programs.FindAsync(subject.Year, subject.Code, cancellationToken);
            await mailer.SendOnceAsync($"district/{subject.Id}/welcome", subject.Email, new DistrictWelcomeEmail(
                subject.ContactName, subject.Name, Jurisdiction.Find(subject.Code).Name, program?.Title ?? "CEM",
                site.Value.Link($"/states/{subject.Code}/cem"), site.Value.Link($"/states/{subject.Code}/districts/{subject.LeaId}/cem.ics")), cancellationToken);
        }
    }
}
