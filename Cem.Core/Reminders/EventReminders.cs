using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Clients;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EventId = Cem.Core.Calendar.EventId;

namespace Cem.Core.Reminders;

/// <summary>
/// A step of event reminders for the <c>event-reminders</c> queue: ids only. <c>confirm</c> names a subscription and its
/// round; <c>slot</c> an event, a slot and the local start it was queued for (a rescheduled slot is another reminder).
/// </summary>
public sealed record EventReminderMessage(string Kind, string Subject, int Number = 0, string Start = "") : RetriedMessage
{
    public const string Confirm = "confirm";
    public const string Slot = "slot";
}

public enum SubscribeOutcome
{
    /// <summary>The same answer whatever happened to the address (new, already confirmed, over its limit), so it tells nothing.</summary>
    Accepted,
    Invalid,
    NotFound,
    RateLimited,
}

public sealed record SubscribeResult(SubscribeOutcome Outcome, ValidationErrors? Errors = null, TimeSpan RetryAfter = default);

/// <summary>
/// "Email me a reminder" on an event's page. A reader's address is confirmed by an emailed link before anything else is
/// sent; then a timer queues a reminder the day before each slot, and a change the calendar reports (time, title, link,
/// status) within 48 hours of the event is told at once. Every email goes through the mailer's once-only record, keyed by
/// the slot and its start or by the event's sequence, so a repeated timer run or a message delivered twice sends nothing
/// twice. Rows: <see cref="EventReminderSubscription"/>, the confirmation and unsubscribe links' used and audit rows,
/// <c>queued-{slot}-{start}</c> markers, and rate-limit windows, all in the EventReminders table.
/// </summary>
public sealed class EventReminders(
    CemStorage storage,
    EventStore events,
    RateLimiter limiter,
    ClientHashing hashing,
    ReminderConfirmation confirmation,
    ReminderUnsubscribe unsubscribe,
    IMailer mailer,
    SentEmailRecords sentEmails,
    SignedLinks links,
    IOptions<ReminderOptions> options,
    IOptions<CemOptions> site,
    TimeProvider time,
    ILogger<EventReminders> logger)
{
    /// <summary>How long before a slot starts its reminder is sent.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromHours(24);

    /// <summary>A change this close to the event (before or after it) is worth an email; one further ahead is not.</summary>
    public static readonly TimeSpan ChangeNotice = TimeSpan.FromHours(48);

    private const string QueuedPrefix = "queued-";

    private readonly TableClient table = storage.Table(StorageNames.EventRemindersTable);

    public async Task<SubscribeResult> SubscribeAsync(string? eventId, string? email, string clientAddress, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // Counted before anything else, so malformed requests use up permits too.
        var client = await limiter.TryAcquireAsync(table, "client-" + hashing.Hash("event-reminder-client", clientAddress), settings.SubscribeRateLimit, settings.SubscribeRateLimitWindow, cancellationToken);
        if (!client.Allowed)
        {
            logger.LogInformation("Event reminder request refused: client rate limit");
            return new(SubscribeOutcome.RateLimited, RetryAfter: client.RetryAfter);
        }

        if (!EventId.TryParse(eventId, out var id))
        {
            return new(SubscribeOutcome.NotFound);
        }

        var errors = new ValidationErrors();
        var address = Fields.Email(errors, "email", email?.Trim());
        var calendarEvent = await events.FindAsync(id, cancellationToken);
        if (calendarEvent is null || !EventStatuses.IsPublic(calendarEvent.Status))
        {
            return new(SubscribeOutcome.NotFound);
        }

        var now = time.GetUtcNow();
        if (calendarEvent.IsCancelled || calendarEvent.NextStart(now) is null)
        {
            errors.Add("id", "This event is cancelled or over: there is nothing to remind you of.");
        }

        if (!errors.IsEmpty)
        {
            return new(SubscribeOutcome.Invalid, errors);
        }

        var hash = AddressHash(address!);
        var partition = id.ToString();
        var rowKey = EventReminderSubscription.RowPrefix + hash;
        var found = await table.GetEntityIfExistsAsync<EventReminderSubscription>(partition, rowKey, cancellationToken: cancellationToken);
        if (found.HasValue && found.Value!.IsConfirmed)
        {
            return new(SubscribeOutcome.Accepted); // nothing to send, and nothing said
        }

        // However many clients ask, one mailbox gets a few confirmation requests a window.
        var perAddress = await limiter.TryAcquireAsync(table, "address-" + hash, settings.SubscribeAddressRateLimit, settings.SubscribeRateLimitWindow, cancellationToken);
        if (!perAddress.Allowed)
        {
            logger.LogInformation("Event reminder request for {EventId} not sent: address rate limit", partition);
            return new(SubscribeOutcome.Accepted);
        }

        var subscription = found.HasValue ? found.Value! : new EventReminderSubscription { PartitionKey = partition, RowKey = rowKey, Round = -1 };
        subscription.Email = address!;
        subscription.Status = SubscriptionStatus.Pending;
        subscription.Round++;
        subscription.RequestedAt = now;
        try
        {
            if (found.HasValue)
            {
                await table.UpdateEntityAsync(subscription, subscription.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(subscription, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A request for the same address at the same moment won; its confirmation is on its way.
            return new(SubscribeOutcome.Accepted);
        }

        await storage.SendAsync(StorageNames.EventRemindersQueue, new EventReminderMessage(EventReminderMessage.Confirm, subscription.Id, subscription.Round), cancellationToken);
        logger.LogInformation("Event reminders asked for {EventId}, round {Round}", partition, subscription.Round);
        return new(SubscribeOutcome.Accepted);
    }

    /// <summary>The timer: queues one message for each slot of a subscribed event that starts within <see cref="Lead"/>, once.</summary>
    public async Task<int> QueueDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var eventId in await SubscribedEventsAsync(cancellationToken))
        {
            var calendarEvent = await events.FindAsync(eventId, cancellationToken);
            if (calendarEvent is null || calendarEvent.IsCancelled || !EventStatuses.IsPublic(calendarEvent.Status))
            {
                continue;
            }

            foreach (var slot in calendarEvent.SlotList.Where(s => !s.Cancelled))
            {
                var start = calendarEvent.InstantOf(slot.Start);
                if (now < start - Lead || now >= start)
                {
                    continue;
                }

                var marker = QueuedPrefix + SlotKey(slot);
                if ((await table.GetEntityIfExistsAsync<TableEntity>(eventId.ToString(), marker, ["PartitionKey"], cancellationToken)).HasValue)
                {
                    continue;
                }

                // Queued before it is marked: a crash in between queues it again next run, and the mailer sends it once.
                await storage.SendAsync(StorageNames.EventRemindersQueue, new EventReminderMessage(EventReminderMessage.Slot, eventId.ToString(), slot.Number, Stamp(slot)), cancellationToken);
                try
                {
                    await table.AddEntityAsync(new TableEntity(eventId.ToString(), marker) { ["QueuedAt"] = now }, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Another run queued it at the same moment.
                }

                queued++;
            }
        }

        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} event reminders", queued);
        }

        return queued;
    }

    /// <summary>A message of the <c>event-reminders</c> queue.</summary>
    public Task HandleAsync(EventReminderMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Kind switch
        {
            EventReminderMessage.Confirm => SendConfirmationAsync(message, cancellationToken),
            EventReminderMessage.Slot => SendSlotReminderAsync(message, cancellationToken),
            _ => throw new FormatException($"Unknown event reminder message kind '{message.Kind}'."),
        };
    }

    /// <summary>The calendar says an event changed: confirmed subscribers are told once, when the event is within <see cref="ChangeNotice"/>.</summary>
    public async Task HandleChangeAsync(EventChangedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!EventId.TryParse(message.EventId, out var id))
        {
            throw new FormatException("The queue message does not carry an event id.");
        }

        var calendarEvent = await events.FindAsync(id, cancellationToken);
        if (calendarEvent is null || !EventStatuses.IsPublic(calendarEvent.Status))
        {
            return;
        }

        // Near the old time (people planned for it) or the new one (they have little time to plan).
        var now = time.GetUtcNow();
        var soonest = new[] { message.PreviousStart, calendarEvent.NextStart(now) }.Where(t => t is not null).Min();
        if (soonest is null || soonest.Value - now > ChangeNotice)
        {
            logger.LogInformation("Event {EventId} changed (sequence {Sequence}) well ahead of time: no email", message.EventId, message.Sequence);
            return;
        }

        var times = calendarEvent.SlotList.Where(s => !calendarEvent.IsSlotCancelled(s) && calendarEvent.InstantOf(s.End) > now).Select(calendarEvent.Describe).ToArray();
        var sent = 0;
        foreach (var subscription in await ConfirmedAsync(id, cancellationToken))
        {
            var email = new EventChangedEmail(calendarEvent.Title, calendarEvent.IsCancelled, times, EventLinks.Page(calendarEvent, site.Value), unsubscribe.LinkFor(subscription.Id));
            sent += await SendAsync(ChangeKey(id, message.Sequence), subscription.Email, email, cancellationToken) ? 1 : 0;
        }

        logger.LogInformation("Event {EventId} changed (sequence {Sequence}): {Count} subscribers told", message.EventId, message.Sequence, sent);
    }

    /// <summary>
    /// The clean-up: every row about an event that has ended (or is gone), with the once-only records of its emails,
    /// which hold hashes of the addresses. Safe to repeat, and alongside another run.
    /// </summary>
    public async Task<int> DeleteEndedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var eventId in await SubscribedEventsAsync(cancellationToken, onlyConfirmed: false))
        {
            var calendarEvent = await events.FindAsync(eventId, cancellationToken);
            if (calendarEvent is not null && calendarEvent.LastEnd > now)
            {
                continue;
            }

            var partition = eventId.ToString();
            await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                if (row.RowKey.StartsWith(EventReminderSubscription.RowPrefix, StringComparison.Ordinal))
                {
                    var subscription = SubscriptionId.Of(partition, row.RowKey[EventReminderSubscription.RowPrefix.Length..]);
                    for (var round = 0; round <= (row.GetInt32(nameof(EventReminderSubscription.Round)) ?? 0); round++)
                    {
                        await sentEmails.ForgetAsync(ConfirmKey(subscription, round), cancellationToken);
                    }

                    deleted++;
                }
                else if (row.RowKey.StartsWith(QueuedPrefix, StringComparison.Ordinal))
                {
                    await sentEmails.ForgetAsync(SlotEmailKey(eventId, row.RowKey[QueuedPrefix.Length..]), cancellationToken);
                }

                // A row another run deleted answers 404 without throwing.
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }

            for (var sequence = 1; sequence <= (calendarEvent?.Sequence ?? 0); sequence++)
            {
                await sentEmails.ForgetAsync(ChangeKey(eventId, sequence), cancellationToken);
            }

            logger.LogInformation("Reminders of ended event {EventId} deleted", partition);
        }

        return deleted;
    }

    private async Task SendConfirmationAsync(EventReminderMessage message, CancellationToken cancellationToken)
    {
        if (!SubscriptionId.TryParse(message.Subject, out var id, out var rowKey))
        {
            throw new FormatException("The queue message does not carry a subscription id.");
        }

        var found = await table.GetEntityIfExistsAsync<EventReminderSubscription>(id.ToString(), rowKey, cancellationToken: cancellationToken);
        var calendarEvent = await events.FindAsync(id, cancellationToken);
        if (!found.HasValue || found.Value!.Status != SubscriptionStatus.Pending || calendarEvent is null)
        {
            logger.LogInformation("Event reminder confirmation for {EventId} not needed any more", id.ToString());
            return;
        }

        // Each round (request) is its own email, once; how many rounds an address gets is the per-address limit's.
        var subscription = found.Value;
        await mailer.SendOnceAsync(
            ConfirmKey(subscription.Id, message.Number),
            subscription.Email,
            new EventReminderConfirmEmail(calendarEvent.Title, EventLinks.Page(calendarEvent, site.Value), confirmation.LinkFor(subscription.Id), Dates.Long(time.GetUtcNow() + links.Lifetime)),
            cancellationToken);
    }

    private async Task SendSlotReminderAsync(EventReminderMessage message, CancellationToken cancellationToken)
    {
        if (!EventId.TryParse(message.Subject, out var id))
        {
            throw new FormatException("The queue message does not carry an event id.");
        }

        var calendarEvent = await events.FindAsync(id, cancellationToken);
        var slot = calendarEvent?.SlotList.FirstOrDefault(s => s.Number == message.Number);
        if (calendarEvent is null || slot is null || calendarEvent.IsSlotCancelled(slot) || Stamp(slot) != message.Start
            || calendarEvent.InstantOf(slot.Start) <= time.GetUtcNow())
        {
            // Cancelled, moved (the new time has its own reminder) or begun: this reminder is no longer true.
            logger.LogInformation("Reminder of event {EventId} slot {Slot} no longer due", message.Subject, message.Number);
            return;
        }

        var sent = 0;
        foreach (var subscription in await ConfirmedAsync(id, cancellationToken))
        {
            var email = new EventReminderEmail(calendarEvent.Title, calendarEvent.Describe(slot), EventLinks.Page(calendarEvent, site.Value), unsubscribe.LinkFor(subscription.Id));
            sent += await SendAsync(SlotEmailKey(id, SlotKey(slot)), subscription.Email, email, cancellationToken) ? 1 : 0;
        }

        logger.LogInformation("Reminder of event {EventId} slot {Slot}: {Count} sent", message.Subject, message.Number, sent);
    }

    /// <summary>
    /// Sends once, and lets one recipient not stop the others: a refused or suppressed address is recorded by the mailer
    /// and will never succeed. A transient failure propagates: the message is retried and the others are not sent twice.
    /// </summary>
    private async Task<bool> SendAsync(string dedupeKey, string to, IEmail email, CancellationToken cancellationToken)
    {
        try
        {
            return await mailer.SendOnceAsync(dedupeKey, to, email, cancellationToken);
        }
        catch (EmailDeliveryException e) when (e.IsPermanent)
        {
            logger.LogWarning("Event reminder {DedupeKey} not delivered: {Reason}", dedupeKey, e.Message);
            return false;
        }
    }

    private async Task<List<EventReminderSubscription>> ConfirmedAsync(EventId id, CancellationToken cancellationToken)
    {
        var partition = id.ToString();
        var found = new List<EventReminderSubscription>();
        await foreach (var row in table.QueryAsync<EventReminderSubscription>(
            r => r.PartitionKey == partition && r.RowKey.CompareTo(EventReminderSubscription.RowPrefix) >= 0 && r.RowKey.CompareTo("sub.") < 0 && r.Status == SubscriptionStatus.Confirmed,
            cancellationToken: cancellationToken))
        {
            found.Add(row);
        }

        return found;
    }

    /// <summary>The events with a subscription (confirmed ones only, unless <paramref name="onlyConfirmed"/> is false). Rate-limit windows sort after them (<c>rate-…</c>).</summary>
    private async Task<List<EventId>> SubscribedEventsAsync(CancellationToken cancellationToken, bool onlyConfirmed = true)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        var filter = "PartitionKey lt 'rate-' and RowKey ge 'sub-' and RowKey lt 'sub.'" + (onlyConfirmed ? $" and Status eq '{SubscriptionStatus.Confirmed}'" : "");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.PartitionKey);
        }

        return [.. ids.Select(p => EventId.TryParse(p, out var id) ? id : null).OfType<EventId>()];
    }

    private string AddressHash(string address) => hashing.Hash("event-reminder-address", address.Trim().ToLowerInvariant());

    private static string Stamp(EventSlot slot) => LocalTimes.Format(slot.Start).Replace(":", "", StringComparison.Ordinal);

    private static string SlotKey(EventSlot slot) => slot.Number.ToString(CultureInfo.InvariantCulture) + "-" + Stamp(slot);

    private static string SlotEmailKey(EventId id, string slotKey) => $"event-reminder/{id}/{slotKey}";

    private static string ChangeKey(EventId id, int sequence) => $"event-change/{id}/{sequence.ToString(CultureInfo.InvariantCulture)}";

    private static string ConfirmKey(string subscriptionId, int round) => $"event-reminder-confirm/{subscriptionId}/{round.ToString(CultureInfo.InvariantCulture)}";
}
