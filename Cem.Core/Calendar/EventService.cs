using Cem.Core.Clients;
using Cem.Core.Editions;
using Cem.Core.Participation;
using Cem.Core.Sessions;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Calendar;

public enum EventOutcome
{
    Done,
    Invalid,
    Forbidden,
    NotFound,

    /// <summary>This publisher has published too many events lately: see <see cref="EventResult.RetryAfter"/>.</summary>
    RateLimited,
}

/// <summary>What publishing, editing or cancelling gave: the event, or why not.</summary>
public sealed record EventResult(EventOutcome Outcome, CalendarEvent? Event = null, ValidationErrors? Errors = null, TimeSpan RetryAfter = default);

/// <summary>
/// Publishing, editing and cancelling events. A state's confirmed contact publishes and changes its own state's
/// events; staff publish national (<c>US</c>) events and change any. Every change is ETag-guarded and written with an
/// audit row; a material change (time, title, link, status) raises the sequence. Nothing is ever deleted.
/// </summary>
public sealed class EventService(
    EventStore store,
    EditionStore editions,
    ParticipationLog participation,
    CemStorage storage,
    RateLimiter limiter,
    ClientHashing hashing,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<EventService> logger)
{
    private const int Attempts = 5;

    public static bool MayPublishFor(SignedInUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsStaff || (code != "US" && user.IsContactOf(code));
    }

    public async Task<EventResult> PublishAsync(SignedInUser user, EventForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(form);
        if (string.IsNullOrWhiteSpace(form.Jurisdiction) && !user.IsStaff && user.States.Count == 1)
        {
            form.Jurisdiction = user.States[0]; // a contact of one state need not name it
        }

        // Counted per signed-in address, so one session (or many of one person) cannot fill the calendar.
        var settings = options.Value;
        var rate = await limiter.TryAcquireAsync(storage.Table(StorageNames.EventsTable), "publisher-" + hashing.Hash("event-publisher", user.Email.Trim().ToLowerInvariant()),
            settings.PublishRateLimit, settings.PublishRateLimitWindow, cancellationToken);
        if (!rate.Allowed)
        {
            logger.LogInformation("Event publishing refused: rate limit");
            return new(EventOutcome.RateLimited, RetryAfter: rate.RetryAfter);
        }

        var edition = await editions.CurrentAsync(cancellationToken);
        var checkedForm = EventRules.Check(form, edition);
        if (!checkedForm.IsValid)
        {
            return new(EventOutcome.Invalid, Errors: checkedForm.Errors);
        }

        var draft = checkedForm.Value!;
        if (!MayPublishFor(user, draft.Jurisdiction))
        {
            return new(EventOutcome.Forbidden);
        }

        var now = time.GetUtcNow();
        var calendarEvent = new CalendarEvent
        {
            PartitionKey = EventId.Partition(edition.Year, draft.Jurisdiction),
            RowKey = EventId.RowPrefix + Ulid.NewUlid(now),
            Status = EventStatuses.Published,
            CreatedAt = now,
        };
        Apply(calendarEvent, draft, []);
        calendarEvent.UpdatedAt = now;
        await store.AddAsync(calendarEvent, Audit(calendarEvent, "published", user, now), [], cancellationToken);
        logger.LogInformation("Event {EventId} published", calendarEvent.Id.ToString());
        if (draft.Jurisdiction != "US")
        {
            await participation.RecordOnceAsync(draft.Jurisdiction, ParticipationKinds.EventAdded, calendarEvent.Id.ToString(), cancellationToken);
        }

        return new(EventOutcome.Done, calendarEvent);
    }

    /// <summary>Replaces an event's fields (the jurisdiction stays); slots keep their numbers by position.</summary>
    public async Task<EventResult> UpdateAsync(SignedInUser user, EventId id, EventForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(id);
        var edition = await editions.GetAsync(id.Year, cancellationToken);
        return await ChangeAsync(user, id, "edited", calendarEvent =>
        {
            if (!string.IsNullOrWhiteSpace(form.Jurisdiction) && !string.Equals(form.Jurisdiction.Trim(), calendarEvent.Jurisdiction, StringComparison.OrdinalIgnoreCase))
            {
                var moved = new ValidationErrors();
                moved.Add("jurisdiction", "An event stays with the jurisdiction that published it.");
                return moved;
            }

            form.Jurisdiction = calendarEvent.Jurisdiction;
            var checkedForm = EventRules.Check(form, edition);
            if (!checkedForm.IsValid)
            {
                return checkedForm.Errors;
            }

            Apply(calendarEvent, checkedForm.Value!, calendarEvent.SlotList);
            return null;
        }, cancellationToken);
    }

    /// <summary>Cancels an event: it stays in every list and feed, marked cancelled, with a higher sequence.</summary>
    public async Task<EventResult> CancelAsync(SignedInUser user, EventId id, CancellationToken cancellationToken)
    {
        var result = await ChangeAsync(user, id, "cancelled", calendarEvent =>
        {
            calendarEvent.Status = EventStatuses.Cancelled;
            return null;
        }, cancellationToken);
        if (result.Outcome == EventOutcome.Done && id.Code != "US")
        {
            await participation.RecordOnceAsync(id.Code, ParticipationKinds.EventCancelled, id.ToString(), cancellationToken);
        }

        return result;
    }

    /// <summary>A published or cancelled event; anything else (or nothing) is null, never told apart.</summary>
    public async Task<CalendarEvent?> FindPublicAsync(EventId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await store.FindAsync(id, cancellationToken);
        return found is not null && EventStatuses.IsPublic(found.Status) ? found : null;
    }

    private async Task<EventResult> ChangeAsync(SignedInUser user, EventId id, string action, Func<CalendarEvent, ValidationErrors?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var attempt = 1; ; attempt++)
        {
            var calendarEvent = await FindPublicAsync(id, cancellationToken);
            if (calendarEvent is null)
            {
                return new(EventOutcome.NotFound);
            }

            if (!MayPublishFor(user, calendarEvent.Jurisdiction))
            {
                return new(EventOutcome.Forbidden);
            }

            if (calendarEvent.IsCancelled && action == "edited")
            {
                var errors = new ValidationErrors();
                errors.Add("status", "A cancelled event cannot be edited.");
                return new(EventOutcome.Invalid, Errors: errors);
            }

            var before = Material(calendarEvent);
            var previousStart = calendarEvent.NextStart(time.GetUtcNow());
            var everything = Everything(calendarEvent);
            if (change(calendarEvent) is { } invalid)
            {
                return new(EventOutcome.Invalid, Errors: invalid);
            }

            if (Everything(calendarEvent) == everything)
            {
                return new(EventOutcome.Done, calendarEvent); // nothing changed: the feeds stay byte for byte
            }

            var now = time.GetUtcNow();
            if (Material(calendarEvent) != before)
            {
                calendarEvent.Sequence++;
            }

            calendarEvent.UpdatedAt = now;
            PendingMessage[] messages = Material(calendarEvent) != before ? [EventChanges.Changed(calendarEvent, previousStart)] : [];
            if (await store.TryReplaceAsync(calendarEvent, Audit(calendarEvent, action, user, now), messages, cancellationToken))
            {
                logger.LogInformation("Event {EventId} {Action}, sequence {Sequence}", id.ToString(), action, calendarEvent.Sequence);
                return new(EventOutcome.Done, calendarEvent);
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"Event {id} kept changing; gave up after {Attempts} attempts.");
            }
        }
    }

    /// <summary>What subscribers must see change: time, title, link and status (iCalendar's SEQUENCE).</summary>
    private static string Material(CalendarEvent e) => string.Join('\u001f', e.Status, e.Title, e.Url, e.TimeZone, e.Slots);

    private static string Everything(CalendarEvent e) => string.Join('\u001f', Material(e), e.Description, e.Format, e.Attendance, e.Audiences, e.Themes,
        e.Priorities, e.OrganizerName, e.Location, e.Accessibility);

    internal static void Apply(CalendarEvent calendarEvent, EventDraft draft, IReadOnlyList<EventSlot> existing)
    {
        calendarEvent.Title = draft.Title;
        calendarEvent.Description = draft.Description;
        calendarEvent.Format = draft.Format;
        calendarEvent.Attendance = draft.Attendance;
        calendarEvent.Audiences = CalendarEvent.ListJson(draft.Audiences);
        calendarEvent.Themes = CalendarEvent.ListJson(draft.Themes);
        calendarEvent.Priorities = CalendarEvent.ListJson(draft.Priorities);
        calendarEvent.OrganizerName = draft.OrganizerName;
        calendarEvent.Url = draft.Url;
        calendarEvent.Location = draft.Location;
        calendarEvent.Accessibility = CalendarEvent.ListJson(draft.Accessibility);
        calendarEvent.TimeZone = draft.TimeZone;
        calendarEvent.Slots = CalendarEvent.SlotsJson(NumberSlots(existing, draft.Slots));
    }

    /// <summary>
    /// The i-th slot given takes the number of the i-th slot still on (so a reschedule keeps its UID); more slots get
    /// new numbers; slots no longer given stay, cancelled, so subscribers see them cancelled rather than vanish.
    /// </summary>
    private static List<EventSlot> NumberSlots(IReadOnlyList<EventSlot> existing, IReadOnlyList<(NodaTime.LocalDateTime Start, NodaTime.LocalDateTime End)> given)
    {
        var active = existing.Where(s => !s.Cancelled).ToList();
        var next = existing.Count == 0 ? 1 : existing.Max(s => s.Number) + 1;
        var slots = existing.Where(s => s.Cancelled).ToList();
        for (var i = 0; i < given.Count; i++)
        {
            slots.Add(new EventSlot(i < active.Count ? active[i].Number : next++, given[i].Start, given[i].End, false));
        }

        slots.AddRange(active.Skip(given.Count).Select(s => s with { Cancelled = true }));
        return [.. slots.OrderBy(s => s.Number)];
    }

    private static EventAuditRecord Audit(CalendarEvent calendarEvent, string action, SignedInUser user, DateTimeOffset now) => new()
    {
        PartitionKey = calendarEvent.PartitionKey,
        RowKey = $"audit-{calendarEvent.Id.Ulid}-{Ulid.NewUlid(now)}",
        EventId = calendarEvent.Id.ToString(),
        Action = action,
        Actor = user.Email,
        Sequence = calendarEvent.Sequence,
        At = now,
    };
}
