using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Storage;

namespace Cem.Core.Reminders;

/// <summary>The link in the "confirm your reminders" email: whoever uses it holds the mailbox, so nothing is sent before.</summary>
public sealed class ReminderConfirmation(LinkKit kit, CemStorage storage) : LinkAction<EventReminderSubscription>(kit)
{
    private static readonly SubjectContact Subscriber = new("subscriber");

    public override string Purpose => "event-reminder-confirm";
    public override string PagePath => "/reminders/confirm";
    public override string Title => "Confirm event reminders";
    public override string DoneTitle => "Reminders confirmed";
    public override string SubjectNoun => "reminder request";
    public override string IdField => "subscriptionId";

    protected override ILinkActor Actor => Subscriber;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventRemindersTable);

    public override string IdOf(EventReminderSubscription subject) => subject.Id;

    public override string StatusOf(EventReminderSubscription subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        var parsed = SubscriptionId.TryParse(subjectId, out var eventId, out rowKey);
        partitionKey = eventId?.ToString() ?? "";
        return parsed;
    }

    protected override LinkVerdict Judge(EventReminderSubscription subject) => subject.Status switch
    {
        SubscriptionStatus.Confirmed => LinkVerdict.AlreadyDone("Your reminders for this event are confirmed."),
        SubscriptionStatus.Unsubscribed => LinkVerdict.Refused("Reminders for this event were stopped. Ask again on the event's page."),
        _ => LinkVerdict.Ready("Send reminders about this event to your address?"),
    };

    protected override LinkTransition Apply(EventReminderSubscription subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = SubscriptionStatus.Confirmed;
        subject.ConfirmedAt = now;
        return new("reminders-confirmed", "Thank you: you will get an email the day before the event, and one if it changes or is cancelled at short notice.");
    }
}

/// <summary>
/// The unsubscribe link in every reminder email. The GET only asks (mail scanners follow links); the POST stops the
/// emails and forgets the address at once.
/// </summary>
public sealed class ReminderUnsubscribe(LinkKit kit, CemStorage storage) : LinkAction<EventReminderSubscription>(kit)
{
    private static readonly SubjectContact Subscriber = new("subscriber");

    public override string Purpose => "event-reminder-stop";
    public override string PagePath => "/reminders/unsubscribe";
    public override string Title => "Stop event reminders";
    public override string DoneTitle => "Reminders stopped";
    public override string SubjectNoun => "reminder request";
    public override string IdField => "subscriptionId";

    /// <summary>Long enough for any event of an edition: the row and its links go when the event has ended.</summary>
    protected override TimeSpan? Lifetime => TimeSpan.FromDays(120);

    protected override ILinkActor Actor => Subscriber;
    protected override TableClient Table { get; } = storage.Table(StorageNames.EventRemindersTable);

    public override string IdOf(EventReminderSubscription subject) => subject.Id;

    public override string StatusOf(EventReminderSubscription subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        var parsed = SubscriptionId.TryParse(subjectId, out var eventId, out rowKey);
        partitionKey = eventId?.ToString() ?? "";
        return parsed;
    }

    protected override LinkVerdict Judge(EventReminderSubscription subject) => subject.Status == SubscriptionStatus.Unsubscribed
        ? LinkVerdict.AlreadyDone("You get no more emails about this event.")
        : LinkVerdict.Ready("Stop emails about this event?");

    protected override LinkTransition Apply(EventReminderSubscription subject, LinkInput input, DateTimeOffset now)
    {
        subject.Status = SubscriptionStatus.Unsubscribed;
        subject.Email = "";
        return new("reminders-stopped", "Done: you get no more emails about this event, and your address is deleted.");
    }
}
