using Azure.Data.Tables;
using Cem.Core.Calendar;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Reminders;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using static Cem.Tests.Calendar.SuggestionTesting;

namespace Cem.Tests.Calendar;

/// <summary>Events suggested by the public: who is asked to decide, who may, what each decision sends, and the reminders.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SuggestionTests(AzuriteFixture azurite)
{
    private const string OhioContact = "pat.smith@education.ohio.gov";
    private const string NewYorkContact = "sam.lee@nysed.example.gov";

    [Fact]
    public async Task A_suggestion_for_a_state_goes_to_its_confirmed_contacts_and_not_to_staff()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        await harness.AddContactAsync("OH", "not.yet@education.ohio.gov", SignupStatus.AwaitingApproval);
        await harness.AddContactAsync("NY", NewYorkContact);
        var id = await harness.ConfirmedSuggestionAsync("OH");

        await harness.Get<SuggestionEmails>().SendModerationRequestsAsync(id, CancellationToken.None);

        var request = Assert.Single(harness.Sender.Sent);
        Assert.Equal(OhioContact, request.To);
        Assert.Contains("Family tech night", request.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Suggester, request.Text, StringComparison.Ordinal);
        Assert.Contains("/suggestions/approve?token=", request.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GA")]
    public async Task A_national_suggestion_or_one_for_a_state_without_confirmed_contacts_goes_to_staff(string jurisdiction)
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        var id = await harness.ConfirmedSuggestionAsync(jurisdiction);

        await harness.Get<SuggestionEmails>().SendModerationRequestsAsync(id, CancellationToken.None);

        Assert.Equal(jurisdiction == "" ? "US" : jurisdiction, id.Code);
        Assert.Equal(CoreHarness.Staff, Assert.Single(harness.Sender.Sent).To);
    }

    [Fact]
    public async Task A_suggester_who_deletes_their_data_once_it_is_published_leaves_the_event_on_the_calendar_without_them()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        var id = await harness.ConfirmedSuggestionAsync();
        var approve = harness.Get<SuggestionDecision.Approve>();
        Assert.Equal(LinkOutcome.Done, (await approve.ActAsync(approve.TokenFor(id, OhioContact), new LinkInput(null), CancellationToken.None)).Outcome);
        var erasure = harness.Get<SuggestionErasure>();
        var token = CemSite.TokenOf(erasure.LinkFor(id.ToString()).ToString());

        Assert.Contains("stays on the calendar", (await erasure.PreviewAsync(token, CancellationToken.None)).Message, StringComparison.Ordinal);
        var done = await erasure.ActAsync(token, new LinkInput(null), CancellationToken.None);
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, CancellationToken.None);

        Assert.Equal(LinkOutcome.Done, done.Outcome);
        Assert.Equal("Family tech night", (await harness.Events().FindPublicAsync(id, CancellationToken.None))!.Title);
        var row = (await harness.Storage.Table(StorageNames.EventsTable).GetEntityAsync<TableEntity>(id.PartitionKey, id.RowKey)).Value;
        Assert.Equal("", row.GetString("ContactEmail"));
        Assert.Equal("", row.GetString("ContactName"));
        Assert.DoesNotContain(harness.Sender.Sent, m => m.To == Suggester); // nobody left to tell
        Assert.Equal(LinkOutcome.AlreadyDone, (await erasure.ActAsync(token, new LinkInput(null), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Approving_publishes_the_event_under_its_id_and_logs_it_like_a_published_event()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        var id = await harness.ConfirmedSuggestionAsync();
        Assert.Null(await harness.Events().FindPublicAsync(id, CancellationToken.None));
        var approve = harness.Get<SuggestionDecision.Approve>();

        var done = await approve.ActAsync(approve.TokenFor(id, OhioContact), new LinkInput(null), CancellationToken.None);
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, CancellationToken.None);

        Assert.Equal(LinkOutcome.Done, done.Outcome);
        Assert.Equal("Family tech night", (await harness.Events().FindPublicAsync(id, CancellationToken.None))!.Title);
        var entries = await harness.ParticipationLog.ReadAsync("OH", "0", "Z", CancellationToken.None);
        Assert.Contains(entries, e => e.Kind == ParticipationKinds.EventAdded && e.SubjectId == id.ToString());
        var audit = await approve.AuditTrailAsync(done.Subject!, CancellationToken.None).ToListAsync();
        Assert.Equal(OhioContact, Assert.Single(audit, a => a.Action == EventStatuses.Published).Actor);
        var told = Assert.Single(harness.Sender.Sent, m => m.To == Suggester);
        Assert.Contains("/events/" + id, told.Text, StringComparison.Ordinal);

        // Told once, the suggester is forgotten: no name or address is left on the published event's row.
        var row = (await harness.Storage.Table(StorageNames.EventsTable).GetEntityAsync<TableEntity>(id.PartitionKey, id.RowKey)).Value;
        Assert.Equal("", row.GetString("ContactEmail") ?? "");
        Assert.Equal("", row.GetString("ContactName") ?? "");
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, CancellationToken.None);
        Assert.Single(harness.Sender.Sent, m => m.To == Suggester);
    }

    [Fact]
    public async Task Approve_and_reject_pressed_together_give_one_outcome()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        var id = await harness.ConfirmedSuggestionAsync();
        var approve = harness.Get<SuggestionDecision.Approve>();
        var reject = harness.Get<SuggestionDecision.Reject>();

        var results = await Task.WhenAll(
            approve.ActAsync(approve.TokenFor(id, OhioContact), new LinkInput(null), CancellationToken.None),
            reject.ActAsync(reject.TokenFor(id, CoreHarness.Staff), new LinkInput("Duplicate"), CancellationToken.None));

        Assert.Single(results, r => r.Outcome == LinkOutcome.Done);
        Assert.Single(results, r => r.Outcome == LinkOutcome.Refused);
        var winner = results.Single(r => r.Outcome == LinkOutcome.Done);
        Assert.Equal(winner == results[0] ? EventStatuses.Published : EventStatuses.Rejected, await harness.StatusAsync(id));
    }

    [Fact]
    public async Task A_rejection_reason_reaches_the_suggester_and_the_event_stays_hidden()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var id = await harness.ConfirmedSuggestionAsync("US");
        var reject = harness.Get<SuggestionDecision.Reject>();

        var done = await reject.ActAsync(reject.TokenFor(id, CoreHarness.Staff), new LinkInput("It is outside October."), CancellationToken.None);
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, CancellationToken.None);

        Assert.Equal(LinkOutcome.Done, done.Outcome);
        Assert.Null(await harness.Events().FindPublicAsync(id, CancellationToken.None));
        var told = Assert.Single(harness.Sender.Sent, m => m.To == Suggester);
        Assert.Contains("It is outside October.", told.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_a_suggestion_as_spam_sends_the_suggester_nothing()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var id = await harness.ConfirmedSuggestionAsync("US");
        var spam = harness.Get<SuggestionDecision.Spam>();

        var done = await spam.ActAsync(spam.TokenFor(id, CoreHarness.Staff), new LinkInput(null), CancellationToken.None);
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, CancellationToken.None);

        Assert.Equal(LinkOutcome.Done, done.Outcome);
        Assert.Equal(EventStatuses.Spam, await harness.StatusAsync(id));
        Assert.Empty(harness.Sender.Sent);
        var decided = await harness.Storage.Queue(StorageNames.EventSuggestionDecidedQueue).PeekMessagesAsync();
        Assert.Empty(decided.Value);
    }

    [Fact]
    public async Task A_contact_of_another_state_a_tampered_link_or_an_unconfirmed_contact_cannot_moderate()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        await harness.AddContactAsync("NY", NewYorkContact);
        await harness.AddContactAsync("OH", "not.yet@education.ohio.gov", SignupStatus.AwaitingApproval);
        var id = await harness.ConfirmedSuggestionAsync("OH");
        var approve = harness.Get<SuggestionDecision.Approve>();

        var otherState = await approve.ActAsync(approve.TokenFor(id, NewYorkContact), new LinkInput(null), CancellationToken.None);
        var notConfirmed = await approve.ActAsync(approve.TokenFor(id, "not.yet@education.ohio.gov"), new LinkInput(null), CancellationToken.None);
        var signedIn = await approve.ActAsAsync(id.ToString(), NewYorkContact, new LinkInput(null), CancellationToken.None);
        var token = approve.TokenFor(id, OhioContact);
        var tampered = await approve.ActAsync(token[..^2] + (token[^2] == 'A' ? "BB" : "AA"), new LinkInput(null), CancellationToken.None);
        var wrongAction = await approve.ActAsync(CemSite.TokenOf(harness.Get<SuggestionConfirmation>().LinkFor(id.ToString()).ToString()), new LinkInput(null), CancellationToken.None);

        Assert.Equal(LinkOutcome.Refused, otherState.Outcome);
        Assert.Null(otherState.Subject); // a refused moderator is not shown the suggestion
        Assert.Equal(LinkOutcome.Refused, notConfirmed.Outcome);
        Assert.Equal(LinkOutcome.Refused, signedIn.Outcome);
        Assert.Equal(LinkOutcome.InvalidLink, tampered.Outcome);
        Assert.Equal(LinkOutcome.InvalidLink, wrongAction.Outcome);
        Assert.Equal(EventStatuses.Pending, await harness.StatusAsync(id));
    }

    [Fact]
    public async Task Moderators_are_reminded_once_after_48_hours_and_staff_once_after_96()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        await harness.AddContactAsync("OH", OhioContact);
        var id = await harness.ConfirmedSuggestionAsync("OH");
        var reminders = harness.Get<ReminderService>();

        harness.Time.Advance(TimeSpan.FromHours(47));
        await reminders.RunAsync(CancellationToken.None);
        Assert.Empty(harness.Sender.Sent);

        harness.Time.Advance(TimeSpan.FromHours(2));
        await reminders.RunAsync(CancellationToken.None);
        await reminders.RunAsync(CancellationToken.None);
        var reminder = Assert.Single(harness.Sender.Sent);
        Assert.Equal(OhioContact, reminder.To);
        Assert.Contains("Reminder", reminder.Text, StringComparison.Ordinal);

        harness.Time.Advance(TimeSpan.FromHours(48));
        await reminders.RunAsync(CancellationToken.None);
        await reminders.RunAsync(CancellationToken.None);
        Assert.Equal(2, harness.Sender.Sent.Count);
        var escalation = harness.Sender.Sent.Last();
        Assert.Equal(CoreHarness.Staff, escalation.To);
        Assert.Contains("/suggestions/approve?token=", escalation.Text, StringComparison.Ordinal);

        // Staff decide from the escalation; nothing more is sent to moderators afterwards.
        var approve = harness.Get<SuggestionDecision.Approve>();
        Assert.Equal(LinkOutcome.Done, (await approve.ActAsync(approve.TokenFor(id, CoreHarness.Staff), new LinkInput(null), CancellationToken.None)).Outcome);
        harness.Time.Advance(TimeSpan.FromDays(3));
        await reminders.RunAsync(CancellationToken.None);
        Assert.Equal(2, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_like_a_suggestion_and_nothing_is_stored()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);

        var result = await harness.Get<EventSuggestions>().SubmitAsync(Form(honeypot: "http://spam.example"), "203.0.113.9", CancellationToken.None);

        Assert.Equal(SuggestionOutcome.Accepted, result.Outcome);
        Assert.Null(result.Id);
        Assert.Empty(await harness.Storage.Table(StorageNames.EventsTable).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey.CompareTo("evt-") >= 0 && e.RowKey.CompareTo("evt.") < 0).ToListAsync());
        Assert.Empty((await harness.Storage.Queue(StorageNames.EventSuggestedQueue).PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task The_confirmation_is_sent_again_only_after_10_minutes_and_only_while_unconfirmed()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var id = await harness.SuggestAsync();
        var confirmation = harness.Get<SuggestionConfirmation>();
        var emails = harness.Get<SuggestionEmails>();
        var token = CemSite.TokenOf(confirmation.LinkFor(id.ToString()).ToString());
        await emails.SendConfirmationAsync(id, CancellationToken.None);

        await confirmation.SendNewLinkAsync(token, CancellationToken.None);
        await emails.SendConfirmationAsync(id, CancellationToken.None);
        Assert.Single(harness.Sender.Sent);

        harness.Time.Advance(TimeSpan.FromMinutes(11));
        await confirmation.SendNewLinkAsync(token, CancellationToken.None);
        await emails.SendConfirmationAsync(id, CancellationToken.None);
        Assert.Equal(2, harness.Sender.Sent.Count);
        Assert.All(harness.Sender.Sent, m => Assert.Equal(Suggester, m.To));
        Assert.All(harness.Sender.Sent, m => Assert.DoesNotContain("Family tech night", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_clean_up_deletes_unconfirmed_suggestions_when_their_link_expires_and_rejected_ones_after_90_days()
    {
        await using var harness = await CalendarTesting.StartAsync(azurite);
        var unconfirmed = await harness.SuggestAsync();
        var pending = await harness.ConfirmedSuggestionAsync("US");
        var rejected = await harness.ConfirmedSuggestionAsync("US");
        var reject = harness.Get<SuggestionDecision.Reject>();
        Assert.Equal(LinkOutcome.Done, (await reject.ActAsync(reject.TokenFor(rejected, CoreHarness.Staff), new LinkInput(null), CancellationToken.None)).Outcome);
        var retention = harness.Get<Retention>();

        harness.Time.Advance(TimeSpan.FromDays(13));
        await retention.RunAsync(CancellationToken.None);
        Assert.Equal(EventStatuses.Unconfirmed, await harness.StatusAsync(unconfirmed));

        harness.Time.Advance(TimeSpan.FromDays(2));
        await retention.RunAsync(CancellationToken.None);
        Assert.Null(await harness.StatusAsync(unconfirmed));
        Assert.Equal(EventStatuses.Rejected, await harness.StatusAsync(rejected));

        harness.Time.Advance(TimeSpan.FromDays(76));
        await retention.RunAsync(CancellationToken.None);
        Assert.Null(await harness.StatusAsync(rejected));
        Assert.Equal(EventStatuses.Pending, await harness.StatusAsync(pending));
    }
}
