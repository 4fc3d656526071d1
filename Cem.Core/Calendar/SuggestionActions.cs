using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Storage;

namespace Cem.Core.Calendar;

/// <summary>
/// The suggester proves the address by the emailed link; only then does the suggestion go to moderation. An expired
/// link's page offers "email me a new link" (to the address on record, at most every 10 minutes).
/// </summary>
public sealed class SuggestionConfirmation(LinkKit kit, CemStorage storage, EventSuggestions suggestions)
    : LinkAction<EventSuggestion>(kit)
{
    public static SubjectContact Suggester { get; } = new("suggester");

    public override string Purpose => "event-suggestion-confirm";
    public override string PagePath => "/suggestions/confirm";
    public override string Title => "Confirm your event suggestion";
    public override string DoneTitle => "Event suggestion confirmed";
    public override string SubjectNoun => "suggestion";
    public override string IdField => "eventId";

    protected override ILinkActor Actor => Suggester;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventsTable);

    public override string IdOf(EventSuggestion subject) => subject.Id.ToString();

    public override string StatusOf(EventSuggestion subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) =>
        SuggestionDecision.Locate(subjectId, out partitionKey, out rowKey);

    protected override LinkVerdict Judge(EventSuggestion subject) => subject.Status switch
    {
        EventStatuses.Unconfirmed => LinkVerdict.Ready("Confirm your email address to send your event suggestion to the people who review it."),
        EventStatuses.Rejected or EventStatuses.Spam => LinkVerdict.Refused("This suggestion has been closed."),
        _ => LinkVerdict.AlreadyDone("Your email address is already confirmed."),
    };

    protected override LinkTransition Apply(EventSuggestion subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = EventStatuses.Pending;
        subject.ConfirmedAt = now;
        return new("address-confirmed", "Thank you. Your suggestion has gone to the people who review events for the calendar; you will hear from us when they decide.");
    }

    protected override bool SendsNewLinks => true;

    protected override bool NewLinkHelps(EventSuggestion subject) => subject.Status == EventStatuses.Unconfirmed;

    protected override Task SendNewLinkAsync(EventSuggestion subject, CancellationToken cancellationToken) =>
        suggestions.ResendConfirmationAsync(subject, cancellationToken);

    protected override IEnumerable<PendingMessage> Messages(EventSuggestion subject, LinkClaims link) => [EventQueues.SuggestionConfirmed(subject.Id)];
}

public enum SuggestionVerdict
{
    Approve,
    Reject,
    Spam,
}

/// <summary>
/// Who moderates a suggestion: the confirmed contacts of the state it names (the contacts of its approved sign-ups),
/// or staff for a national one or a state with no confirmed contact. A link names its moderator by an opaque id
/// (<c>staff-…</c> or <c>contact-…</c>, keyed hashes of the address, <see cref="StaffDirectory.IdOf"/>); a contact's id counts only while that address is a
/// confirmed contact of the suggestion's own state, and a staff id only while the address is on the staff list.
/// </summary>
public sealed class SuggestionModerators(StateContacts contacts, StaffDirectory staff) : ILinkActor
{
    private const string StaffPrefix = "staff-";
    private const string ContactPrefix = "contact-";

    /// <summary>Who is asked to decide on a suggestion for <paramref name="code"/>; <c>ToStaff</c> when nobody of the state can.</summary>
    public async Task<(IReadOnlyList<string> Addresses, bool ToStaff)> ForAsync(string code, CancellationToken cancellationToken)
    {
        var ofState = code == "US" ? [] : await contacts.AddressesOfAsync(code, cancellationToken);
        return ofState.Count > 0 ? (ofState, false) : (staff.Addresses, true);
    }

    /// <summary>Whether <paramref name="actor"/> (a link's resolved id, or a signed-in address) may moderate <paramref name="code"/>'s suggestions; the address to audit, or null.</summary>
    public async Task<string?> NameOnAsync(string code, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Contains('@', StringComparison.Ordinal))
        {
            if (staff.IsStaff(actor))
            {
                return actor;
            }

            return code != "US" && (await contacts.AddressesOfAsync(code, cancellationToken)).Any(a => string.Equals(a, actor.Trim(), StringComparison.OrdinalIgnoreCase)) ? actor : null;
        }

        if (!actor.StartsWith(ContactPrefix, StringComparison.Ordinal) || code == "US")
        {
            return null;
        }

        var id = actor[ContactPrefix.Length..];
        return (await contacts.AddressesOfAsync(code, cancellationToken)).FirstOrDefault(a => staff.Names(id, a));
    }

    public string IdFor(string? address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return (staff.IsStaff(address) ? StaffPrefix : ContactPrefix) + staff.IdOf(address);
    }

    /// <summary>A staff id becomes the address while it is on the list; a contact id stays an id until the subject is known.</summary>
    public string? Resolve(string actorId) =>
        actorId.StartsWith(StaffPrefix, StringComparison.Ordinal) ? staff.AddressOf(actorId[StaffPrefix.Length..])
        : actorId.StartsWith(ContactPrefix, StringComparison.Ordinal) ? actorId
        : null;

    public string RefusalMessage => "This link was sent to someone who can no longer review this state's events.";
}

/// <summary>
/// A moderator's decision on a confirmed suggestion: approve (it is published under its id), reject (the suggester is
/// told, with the reason), or spam (rejected silently). The three differ only in their target and words; a decision
/// pressed together with another gives one outcome and one refusal.
/// </summary>
public abstract class SuggestionDecision(LinkKit kit, CemStorage storage, ParticipationLog participation, SuggestionModerators moderators, SuggestionVerdict verdict)
    : LinkAction<EventSuggestion>(kit)
{
    public SuggestionVerdict Verdict => verdict;

    private string Word => verdict switch { SuggestionVerdict.Approve => "approve", SuggestionVerdict.Reject => "reject", _ => "spam" };

    public override string Purpose => "event-suggestion-" + Word;
    public override string PagePath => "/suggestions/" + Word;
    public override string Title => verdict switch { SuggestionVerdict.Approve => "Publish suggested event", SuggestionVerdict.Reject => "Reject suggested event", _ => "Mark suggested event as spam" };
    public override string DoneTitle => verdict switch { SuggestionVerdict.Approve => "Event published", SuggestionVerdict.Reject => "Suggestion rejected", _ => "Suggestion marked as spam" };
    public override string SubjectNoun => "suggestion";
    public override string IdField => "eventId";

    protected override ILinkActor Actor => moderators;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventsTable);

    private string Target => verdict switch { SuggestionVerdict.Approve => EventStatuses.Published, SuggestionVerdict.Reject => EventStatuses.Rejected, _ => EventStatuses.Spam };

    public override string IdOf(EventSuggestion subject) => subject.Id.ToString();

    public override string StatusOf(EventSuggestion subject) => subject.Status;

    /// <summary>An event id names the row; anything else names nothing.</summary>
    public static bool Locate(string subjectId, out string partitionKey, out string rowKey)
    {
        var ok = EventId.TryParse(subjectId, out var id);
        partitionKey = ok ? id!.PartitionKey : "";
        rowKey = ok ? id!.RowKey : "";
        return ok;
    }

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey) => Locate(subjectId, out partitionKey, out rowKey);

    protected override Task<string?> ActorOnAsync(EventSuggestion subject, string actor, CancellationToken cancellationToken) =>
        moderators.NameOnAsync(subject.Jurisdiction, actor, cancellationToken);

    protected override LinkVerdict Judge(EventSuggestion subject) => subject.Status switch
    {
        _ when subject.Status == Target => LinkVerdict.AlreadyDone(DoneTitle + " already."),
        EventStatuses.Pending => LinkVerdict.Ready(verdict switch
        {
            SuggestionVerdict.Approve => "Publish this event on the calendar?",
            SuggestionVerdict.Reject => "Reject this suggestion? The suggester is told, with your reason.",
            _ => "Mark this suggestion as spam? It is rejected and the suggester is not told.",
        }),
        EventStatuses.Unconfirmed => LinkVerdict.Refused("The suggester has not confirmed their email address yet."),
        _ => LinkVerdict.Refused($"This suggestion was already decided ({subject.Status}); it cannot be changed from here."),
    };

    protected override LinkTransition Apply(EventSuggestion subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = Target;
        subject.DecidedAt = now;
        subject.DecisionReason = verdict == SuggestionVerdict.Reject ? input.Note : null;
        if (verdict == SuggestionVerdict.Approve)
        {
            subject.UpdatedAt = now; // published now: feeds stamp it from here
        }

        return new(
            Target,
            verdict switch
            {
                SuggestionVerdict.Approve => "Published. The event is on the calendar and the suggester will be told by email.",
                SuggestionVerdict.Reject => "Rejected. The suggester will be told by email.",
                _ => "Marked as spam. The suggester is not told.",
            },
            subject.DecisionReason);
    }

    // Spam is rejected silently: no message.
    protected override IEnumerable<PendingMessage> Messages(EventSuggestion subject, LinkClaims link) =>
        verdict == SuggestionVerdict.Spam ? [] : [EventQueues.SuggestionDecided(subject.Id)];

    protected override async Task AfterAsync(EventSuggestion subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (verdict == SuggestionVerdict.Approve && subject.Jurisdiction != "US")
        {
            // Counted like an event a contact published.
            await participation.RecordOnceAsync(subject.Jurisdiction, ParticipationKinds.EventAdded, IdOf(subject), cancellationToken);
            if (subject.DistrictLeaId.Length > 0)
            {
                // And as a district's event, once: the event row names the district it counts for.
                await participation.RecordOnceAsync(subject.Jurisdiction, ParticipationKinds.DistrictEventAdded, IdOf(subject), cancellationToken);
            }
        }
    }

    public sealed class Approve(LinkKit kit, CemStorage storage, ParticipationLog participation, SuggestionModerators moderators)
        : SuggestionDecision(kit, storage, participation, moderators, SuggestionVerdict.Approve);

    public sealed class Reject(LinkKit kit, CemStorage storage, ParticipationLog participation, SuggestionModerators moderators)
        : SuggestionDecision(kit, storage, participation, moderators, SuggestionVerdict.Reject);

    public sealed class Spam(LinkKit kit, CemStorage storage, ParticipationLog participation, SuggestionModerators moderators)
        : SuggestionDecision(kit, storage, participation, moderators, SuggestionVerdict.Spam);
}
