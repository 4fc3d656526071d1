using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.PressKits;

/// <summary>
/// A request to compile a state's kit and email it. Ids and a reason only, never personal data.
/// <paramref name="RequestId"/> names the request, so a redelivered message sends its email once while a
/// new request for unchanged data still sends one. With <paramref name="Jurisdiction"/> and no sign-up id it asks for
/// the kit of each approved sign-up of that state.
/// </summary>
public sealed record PressKitMessage(string Kind, string SignupId, string Reason, string RequestId, string? Jurisdiction = null) : Email.RetriedMessage;

public static class PressKitReasons
{
    public const string Approved = "approved";
    public const string Staff = "staff";
    public const string State = "state";
    public const string Program = "program";
}

public enum StaffRequestOutcome
{
    Queued,
    NotFound,
    NotApproved,
}

/// <summary>
/// Asks for a kit: when a sign-up is approved, when staff ask (function key), and when the state contact asks
/// through the signed link in their emails (<see cref="PressKitRequestLink"/>).
/// </summary>
public sealed class PressKitRequests(CemStorage storage, SignupStore store, TimeProvider time, ILogger<PressKitRequests> logger)
{
    /// <summary>
    /// A sign-up was approved: the message the approval commits. Its request id is fixed, so approving again does not
    /// send a second email for the same kit.
    /// </summary>
    public static PendingMessage Approved(SignupId id) => Message(id, PressKitReasons.Approved, "approval");

    /// <summary>
    /// A state's program was published or a district joined it: the kit of each of the state's approved sign-ups, for the
    /// program's page, districts and events. The request id is fixed, so each kit version is emailed at most once for
    /// these changes, however many there are.
    /// </summary>
    public static PendingMessage ProgramChanged(string jurisdiction) =>
        new(StorageNames.PressKitRequestedQueue, new PressKitMessage(StorageNames.PressKitRequestedQueue, "", PressKitReasons.Program, PressKitReasons.Program, jurisdiction));

    /// <summary>The contact's link asked. One request per link: the link's nonce names it, so pressing again sends no second email.</summary>
    public static PendingMessage RequestedByContact(SignupId id, LinkClaims link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Message(id, PressKitReasons.State, "state-" + link.Nonce);
    }

    public async Task<StaffRequestOutcome> RequestByStaffAsync(SignupId id, CancellationToken cancellationToken)
    {
        var signup = await store.FindAsync(id, cancellationToken);
        if (signup is null)
        {
            return StaffRequestOutcome.NotFound;
        }

        if (signup.Status != SignupStatus.Approved)
        {
            return StaffRequestOutcome.NotApproved;
        }

        await EnqueueAsync(id, PressKitReasons.Staff, "staff-" + Ulid.NewUlid(time.GetUtcNow()), cancellationToken);
        return StaffRequestOutcome.Queued;
    }

    private static PendingMessage Message(SignupId id, string reason, string requestId) =>
        new(StorageNames.PressKitRequestedQueue, new PressKitMessage(StorageNames.PressKitRequestedQueue, id.ToString(), reason, requestId));

    /// <summary>A request that changes nothing (staff asking): put at once; the caller hears of a failure and asks again.</summary>
    private async Task EnqueueAsync(SignupId id, string reason, string requestId, CancellationToken cancellationToken)
    {
        var message = Message(id, reason, requestId);
        await storage.SendAsync(message.Queue, message.Message, cancellationToken);
        logger.LogInformation("Press kit for {SignupId} requested ({Reason})", id, reason);
    }
}

/// <summary>
/// The state contact's "send me a fresh press kit" link, in the approval and press kit emails. It changes nothing on
/// the sign-up: using it records the link as used and queues a kit, and using it again answers "on its way".
/// </summary>
public sealed class PressKitRequestLink(LinkKit kit, CemStorage storage) : LinkAction<Signup>(kit)
{
    /// <summary>
    /// The link lasts the season rather than the default link lifetime: it only ever makes a kit and mails it to the
    /// sign-up's own address, and every kit email carries a new one.
    /// </summary>
    public static readonly TimeSpan RequestLinkLifetime = TimeSpan.FromDays(180);

    public override string Purpose => "press-kit-request";
    public override string PagePath => "/press-kits/request";
    public override string Title => "Ask for a new press kit";
    public override string DoneTitle => "New press kit on its way";
    public override string SubjectNoun => "sign-up";
    public override string IdField => "signupId";

    protected override ILinkActor Actor => SubjectContact.Contact;
    protected override TableClient Table { get; } = storage.Table(StorageNames.SignupsTable);
    protected override TimeSpan? Lifetime => RequestLinkLifetime;
    protected override bool ChangesSubject => false;
    protected override string AlreadyUsedMessage => "This link has already asked for a press kit; it arrives by email within a few minutes. Each press kit email has a link to ask again.";

    public Uri LinkFor(SignupId id) => LinkFor(id.ToString());

    public override string IdOf(Signup subject) => subject.Id.ToString();

    public override string StatusOf(Signup subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SignupId.TryLocate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(Signup subject) =>
        subject.Status == SignupStatus.Approved
            ? LinkVerdict.Ready("Send a fresh press kit?")
            : LinkVerdict.Refused("Press kits are only prepared for sign-ups that CEM staff have confirmed.");

    protected override LinkTransition Apply(Signup subject, LinkInput input, DateTimeOffset now) =>
        new("press-kit-requested", "Your press kit is being prepared. It will arrive by email within a few minutes, with the latest figures.");

    protected override IEnumerable<PendingMessage> Messages(Signup subject, LinkClaims link) => [PressKitRequests.RequestedByContact(subject.Id, link)];
}
