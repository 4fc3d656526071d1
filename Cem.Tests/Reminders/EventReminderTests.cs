using Cem.Core.Calendar;
using Cem.Core.Links;
using Cem.Core.Reminders;
using Cem.Core.Storage;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Reminders;

/// <summary>
/// "Email me a reminder" under a fake clock: CEM 2027, an Ohio event on Wednesday 6 October at 7 PM EDT (23:00 UTC),
/// the timer run by hand and the queues played by <see cref="EventReminderTesting.DeliverAsync"/>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventReminderTests(AzuriteFixture azurite)
{
    private const string Reader = "reader@example.org";
    private const string Other = "other@example.org";
    private static readonly DateTimeOffset FirstStart = new(2027, 10, 6, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_confirmed_reader_gets_one_reminder_a_day_before_each_slot_however_often_the_timer_runs_or_a_message_arrives()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var weekly = await harness.PublishAsync(CalendarTesting.Form(weeklyFor: 2));
        await harness.ConfirmedSubscriberAsync(weekly, Reader);
        Assert.Equal(SubscribeOutcome.Accepted, (await harness.SubscribeAsync(weekly, Other)).Outcome); // never confirmed
        await harness.DeliverAsync();
        Assert.Single(harness.To(Other)); // the confirmation request, and nothing after it

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(25));
        Assert.Equal(0, await harness.EventReminders().QueueDueAsync(CancellationToken.None));

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(23.5));
        await Task.WhenAll(harness.EventReminders().QueueDueAsync(CancellationToken.None), harness.EventReminders().QueueDueAsync(CancellationToken.None));
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync(times: 2);
        harness.Time.Advance(TimeSpan.FromHours(1));
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync();

        var first = Assert.Single(harness.Subjects(Reader, "Tomorrow:"));
        Assert.Contains("Wednesday, October 6, 2027, 7:00 PM – 8:00 PM EDT", first.Text, StringComparison.Ordinal);
        Assert.Contains("/reminders/unsubscribe?token=", first.Text, StringComparison.Ordinal);

        harness.Time.SetUtcNow(FirstStart + TimeSpan.FromDays(7) - TimeSpan.FromHours(20));
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync(times: 2);

        var both = harness.Subjects(Reader, "Tomorrow:");
        Assert.Equal(2, both.Count);
        Assert.Contains("Wednesday, October 13, 2027, 7:00 PM", both[1].Text, StringComparison.Ordinal);
        Assert.Single(harness.To(Other));
    }

    [Fact]
    public async Task A_reschedule_within_48_hours_is_told_once_and_one_a_week_ahead_is_not()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var calendarEvent = await harness.PublishAsync();
        await harness.ConfirmedSubscriberAsync(calendarEvent, Reader);

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromDays(7));
        var title = CalendarTesting.Form();
        title.Title = "Connected classrooms, live (new title)";
        Assert.Equal(EventOutcome.Done, (await harness.Events().UpdateAsync(CalendarTesting.OhioContact, calendarEvent.Id, title, CancellationToken.None)).Outcome);
        await harness.DeliverAsync(times: 2);
        Assert.Empty(harness.Subjects(Reader, "Changed:"));

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(30));
        var later = CalendarTesting.Form(start: "2027-10-06T20:00", end: "2027-10-06T21:00");
        later.Title = title.Title;
        Assert.Equal(EventOutcome.Done, (await harness.Events().UpdateAsync(CalendarTesting.OhioContact, calendarEvent.Id, later, CancellationToken.None)).Outcome);
        await harness.DeliverAsync(times: 2);

        var changed = Assert.Single(harness.Subjects(Reader, "Changed:"));
        Assert.Contains("Wednesday, October 6, 2027, 8:00 PM – 9:00 PM EDT", changed.Text, StringComparison.Ordinal);
        Assert.Contains("/reminders/unsubscribe?token=", changed.Text, StringComparison.Ordinal);

        // The day-before reminder is for the new time.
        harness.Time.SetUtcNow(FirstStart + TimeSpan.FromHours(1) - TimeSpan.FromHours(23));
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync();
        Assert.Contains("8:00 PM", Assert.Single(harness.Subjects(Reader, "Tomorrow:")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_within_48_hours_is_told_once_and_no_reminder_follows()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var calendarEvent = await harness.PublishAsync();
        var ahead = await harness.PublishAsync(CalendarTesting.Form(start: "2027-10-20T19:00", end: "2027-10-20T20:00"));
        await harness.ConfirmedSubscriberAsync(calendarEvent, Reader);
        await harness.ConfirmedSubscriberAsync(ahead, Reader);

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(40));
        Assert.Equal(EventOutcome.Done, (await harness.Events().CancelAsync(CalendarTesting.OhioContact, calendarEvent.Id, CancellationToken.None)).Outcome);
        Assert.Equal(EventOutcome.Done, (await harness.Events().CancelAsync(CalendarTesting.OhioContact, ahead.Id, CancellationToken.None)).Outcome); // two weeks ahead
        await harness.DeliverAsync(times: 2);

        var cancelled = Assert.Single(harness.Subjects(Reader, "Cancelled:"));
        Assert.Contains("has been cancelled", cancelled.Text, StringComparison.Ordinal);

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(20));
        Assert.Equal(0, await harness.EventReminders().QueueDueAsync(CancellationToken.None));
        await harness.DeliverAsync();
        Assert.Empty(harness.Subjects(Reader, "Tomorrow:"));
    }

    [Fact]
    public async Task Unsubscribing_by_the_emailed_link_stops_every_email_and_forgets_the_address_and_opening_it_changes_nothing()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var calendarEvent = await harness.PublishAsync();
        await harness.ConfirmedSubscriberAsync(calendarEvent, Reader);
        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(47));
        var moved = CalendarTesting.Form(start: "2027-10-06T18:00", end: "2027-10-06T19:00");
        await harness.Events().UpdateAsync(CalendarTesting.OhioContact, calendarEvent.Id, moved, CancellationToken.None);
        await harness.DeliverAsync();
        var token = EventReminderTesting.TokenIn(Assert.Single(harness.Subjects(Reader, "Changed:")), "/reminders/unsubscribe");
        var unsubscribe = harness.Get<ReminderUnsubscribe>();

        Assert.Equal(LinkOutcome.Ready, (await unsubscribe.PreviewAsync(token, CancellationToken.None)).Outcome);
        Assert.Equal(LinkOutcome.Ready, (await unsubscribe.PreviewAsync(token, CancellationToken.None)).Outcome); // a GET, twice: still subscribed
        Assert.Equal(LinkOutcome.Done, (await unsubscribe.ActAsync(token, LinkInput.None, CancellationToken.None)).Outcome);
        Assert.Equal(LinkOutcome.AlreadyDone, (await unsubscribe.ActAsync(token, LinkInput.None, CancellationToken.None)).Outcome);

        var rows = await harness.RowsAsync(StorageNames.EventRemindersTable, calendarEvent.Id.ToString());
        var subscription = Assert.Single(rows, r => r.RowKey.StartsWith("sub-", StringComparison.Ordinal));
        Assert.Equal(SubscriptionStatus.Unsubscribed, subscription.GetString("Status"));
        Assert.Equal("", subscription.GetString("Email"));
        Assert.DoesNotContain(rows, r => r.Select(p => p.Value).OfType<string>().Any(v => v.Contains(Reader, StringComparison.OrdinalIgnoreCase)));

        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(23));
        await harness.Events().UpdateAsync(CalendarTesting.OhioContact, calendarEvent.Id, CalendarTesting.Form(), CancellationToken.None);
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync();
        Assert.Single(harness.Subjects(Reader, "Changed:"));
        Assert.Empty(harness.Subjects(Reader, "Tomorrow:"));
    }

    [Fact]
    public async Task Requests_are_limited_per_client_and_confirmation_emails_per_address_whoever_asks()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var calendarEvent = await harness.PublishAsync();

        // One address asked for from five clients: three confirmation emails, and the same answer each time.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(SubscribeOutcome.Accepted, (await harness.SubscribeAsync(calendarEvent, Reader, $"198.51.100.{i}")).Outcome);
        }

        await harness.DeliverAsync();
        Assert.Equal(3, harness.Subjects(Reader, "Confirm your reminders").Count);

        // One client asking for ten addresses, then an eleventh.
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(SubscribeOutcome.Accepted, (await harness.SubscribeAsync(calendarEvent, $"person{i}@example.org", "192.0.2.1")).Outcome);
        }

        var refused = await harness.SubscribeAsync(calendarEvent, "person11@example.org", "192.0.2.1");
        Assert.Equal(SubscribeOutcome.RateLimited, refused.Outcome);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        harness.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SubscribeOutcome.Accepted, (await harness.SubscribeAsync(calendarEvent, "person11@example.org", "192.0.2.1")).Outcome);
    }

    [Fact]
    public async Task A_request_is_refused_with_its_field_for_a_bad_address_and_a_cancelled_or_unknown_event()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var calendarEvent = await harness.PublishAsync();

        var bad = await harness.SubscribeAsync(calendarEvent, "Someone <reader@example.org>");
        Assert.Equal(SubscribeOutcome.Invalid, bad.Outcome);
        Assert.True(bad.Errors!.ToDictionary().ContainsKey("email"));

        await harness.Events().CancelAsync(CalendarTesting.OhioContact, calendarEvent.Id, CancellationToken.None);
        var cancelled = await harness.SubscribeAsync(calendarEvent, Reader);
        Assert.Equal(SubscribeOutcome.Invalid, cancelled.Outcome);
        Assert.True(cancelled.Errors!.ToDictionary().ContainsKey("id"));

        Assert.Equal(SubscribeOutcome.NotFound, (await harness.EventReminders().SubscribeAsync("2027-OH-" + new string('0', 26), Reader, "203.0.113.9", CancellationToken.None)).Outcome);
        await harness.DeliverAsync();
        Assert.Empty(harness.Sender.Sent);
    }

    [Fact]
    public async Task The_clean_up_deletes_an_ended_events_requests_and_the_records_of_their_emails()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var ended = await harness.PublishAsync();
        var later = await harness.PublishAsync(CalendarTesting.Form(start: "2027-10-27T19:00", end: "2027-10-27T20:00"));
        await harness.ConfirmedSubscriberAsync(ended, Reader);
        await harness.ConfirmedSubscriberAsync(later, Reader);
        harness.Time.SetUtcNow(FirstStart - TimeSpan.FromHours(20));
        await harness.EventReminders().QueueDueAsync(CancellationToken.None);
        await harness.DeliverAsync();
        Assert.Single(harness.Subjects(Reader, "Tomorrow:"));

        harness.Time.SetUtcNow(FirstStart + TimeSpan.FromHours(2));
        var report = await harness.Get<Retention>().RunAsync(CancellationToken.None);

        Assert.Equal(1, report.EventReminders);
        Assert.Empty(await harness.RowsAsync(StorageNames.EventRemindersTable, ended.Id.ToString()));
        Assert.NotEmpty(await harness.RowsAsync(StorageNames.EventRemindersTable, later.Id.ToString()));
        var records = new List<string>();
        await foreach (var row in harness.Storage.Table(StorageNames.SentEmailsTable).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            records.Add(row.PartitionKey);
        }

        Assert.DoesNotContain(records, p => p.Contains(ended.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(records, p => p.Contains(later.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(0, (await harness.Get<Retention>().RunAsync(CancellationToken.None)).EventReminders);
    }
}
