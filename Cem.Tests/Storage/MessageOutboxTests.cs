using System.Text.Json;
using Azure.Data.Tables;
using Cem.Core.Approvals;
using Cem.Core.Calendar;
using Cem.Core.Comments;
using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Calendar;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Storage;

/// <summary>
/// The message outbox on Azurite: a state change and its queue message commit together, and a message whose put failed
/// after the commit is put by the sweep and emailed exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MessageOutboxTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromMinutes(3);

    private static async Task<(CoreHarness Harness, StorageFaults Faults)> StartAsync(AzuriteFixture azurite)
    {
        var faults = new StorageFaults();
        var harness = await CoreHarness.StartAsync(
            azurite,
            new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero)),
            settings =>
            {
                settings["Cem:Signups:RateLimit"] = "1000";
                settings["Cem:Signups:MaxUnconfirmedPerAddress"] = "100";
            },
            services: services => StorageFaults.Install(services, faults));
        return (harness, faults);
    }

    private static ValidSignup Signup(string jurisdiction = "OH", string email = "pat.smith@education.ohio.gov") =>
        new(Jurisdiction.TryFind(jurisdiction, out var found) ? found : throw new ArgumentException(jurisdiction), "Department of Education", "sea", "Pat Smith", "Director", email, null, ["press-release"]);

    private static async Task<SignupId> SubmitAsync(CoreHarness harness, string jurisdiction = "OH", string email = "pat.smith@education.ohio.gov")
    {
        var result = await harness.Get<SignupService>().SubmitAsync(Signup(jurisdiction, email), null, "203.0.113.1", CancellationToken.None);
        Assert.Equal(SignupOutcome.Created, result.Outcome);
        return result.Id!.Value;
    }

    /// <summary>Every message on <paramref name="queue"/>, taken off it.</summary>
    private static async Task<List<JsonElement>> TakeAllAsync(CoreHarness harness, string queue)
    {
        var taken = new List<JsonElement>();
        var client = harness.Storage.Queue(queue);
        while ((await client.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                taken.Add(JsonDocument.Parse(message.Body.ToString()).RootElement.Clone());
                await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return taken;
    }

    /// <summary>What the <c>signup-received</c> function does with each message on the queue: the confirmation email.</summary>
    private static async Task HandleSignupsReceivedAsync(CoreHarness harness)
    {
        foreach (var message in await TakeAllAsync(harness, StorageNames.SignupReceivedQueue))
        {
            Assert.True(SignupId.TryParse(message.GetProperty("signupId").GetString(), out var id));
            await harness.Get<SignupEmails>().SendReceivedAsync(id, CancellationToken.None);
        }
    }

    private static async Task<int> QueueLengthAsync(CoreHarness harness, string queue) =>
        (await harness.Storage.Queue(queue).PeekMessagesAsync(32)).Value.Length;

    /// <summary>Message rows beside subjects in <paramref name="table"/>, and entries in the index.</summary>
    private static async Task<(int Rows, int Entries)> PendingAsync(CoreHarness harness, string table)
    {
        var rows = 0;
        await foreach (var _ in harness.Storage.Table(table).QueryAsync<TableEntity>(
            e => e.RowKey.CompareTo(MessageOutbox.RowPrefix) >= 0 && e.RowKey.CompareTo("message.") < 0, select: ["RowKey"]))
        {
            rows++;
        }

        var entries = 0;
        await foreach (var _ in harness.Storage.Table(StorageNames.PendingMessagesTable).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            entries++;
        }

        return (rows, entries);
    }

    private static int EmailsTo(CoreHarness harness, string address) =>
        harness.Sender.Sent.Count(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_signup_whose_message_put_failed_after_the_commit_is_emailed_once_after_the_sweep()
    {
        var (harness, faults) = await StartAsync(azurite);
        await using var _ = harness;
        var outbox = harness.Get<MessageOutbox>();

        faults.Failing = StorageFaults.QueuePut;
        var id = await SubmitAsync(harness); // the put fails after the commit; the signer is still told it is received
        faults.Failing = null;

        Assert.Equal(1, faults.Failed);
        Assert.Equal(0, await QueueLengthAsync(harness, StorageNames.SignupReceivedQueue));
        Assert.Equal((1, 1), await PendingAsync(harness, StorageNames.SignupsTable));
        Assert.Equal(0, await outbox.SweepAsync(CancellationToken.None)); // within the grace period: the request's own

        harness.Time.Advance(PastGrace);
        Assert.Equal(1, await outbox.SweepAsync(CancellationToken.None));
        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.SignupsTable));
        Assert.Equal(0, await outbox.SweepAsync(CancellationToken.None));

        await HandleSignupsReceivedAsync(harness);
        Assert.Equal(1, EmailsTo(harness, "pat.smith@education.ohio.gov"));
        Assert.Equal(SignupStatus.PendingConfirmation, (await harness.Get<SignupStore>().FindAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_message_put_again_by_the_sweep_after_a_successful_put_is_emailed_once()
    {
        var (harness, faults) = await StartAsync(azurite);
        await using var _ = harness;

        // The put succeeds, then the row cannot be removed (the process died): the sweep puts the message a second time.
        faults.Failing = StorageFaults.MessageRowDelete;
        await SubmitAsync(harness);
        faults.Failing = null;
        Assert.Equal(1, faults.Failed);
        Assert.Equal(1, await QueueLengthAsync(harness, StorageNames.SignupReceivedQueue));

        harness.Time.Advance(PastGrace);
        Assert.Equal(1, await harness.Get<MessageOutbox>().SweepAsync(CancellationToken.None));
        Assert.Equal(2, await QueueLengthAsync(harness, StorageNames.SignupReceivedQueue));
        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.SignupsTable));

        await HandleSignupsReceivedAsync(harness);
        Assert.Equal(1, EmailsTo(harness, "pat.smith@education.ohio.gov"));
    }

    [Fact]
    public async Task Without_a_fault_the_message_is_put_at_once_and_its_rows_removed()
    {
        var (harness, _) = await StartAsync(azurite);
        await using var __ = harness;

        await SubmitAsync(harness);

        Assert.Equal(1, await QueueLengthAsync(harness, StorageNames.SignupReceivedQueue));
        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.SignupsTable));
        harness.Time.Advance(PastGrace);
        Assert.Equal(0, await harness.Get<MessageOutbox>().SweepAsync(CancellationToken.None));
        Assert.Equal(1, await QueueLengthAsync(harness, StorageNames.SignupReceivedQueue));
    }

    [Fact]
    public async Task Two_sweeps_at_once_put_each_message_once()
    {
        var (harness, faults) = await StartAsync(azurite);
        await using var _ = harness;
        string[] states = ["OH", "TX", "CA", "NY", "WA", "OR"];

        faults.Failing = StorageFaults.QueuePut;
        foreach (var state in states)
        {
            await SubmitAsync(harness, state);
        }

        faults.Failing = null;
        harness.Time.Advance(PastGrace);
        var outbox = harness.Get<MessageOutbox>();
        var swept = await Task.WhenAll(outbox.SweepAsync(CancellationToken.None), outbox.SweepAsync(CancellationToken.None), outbox.SweepAsync(CancellationToken.None));

        Assert.Equal(states.Length, swept.Sum());
        Assert.Equal(states.Length, (await TakeAllAsync(harness, StorageNames.SignupReceivedQueue)).Count);
        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.SignupsTable));
        Assert.Equal(0, await outbox.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_index_entry_whose_change_never_committed_is_dropped_and_puts_nothing()
    {
        var (harness, _) = await StartAsync(azurite);
        await using var __ = harness;
        var store = harness.Get<SignupStore>();
        Signup New() => new()
        {
            PartitionKey = "OH",
            RowKey = Ulid.NewUlid(harness.Time.GetUtcNow()).ToString(),
            Email = "pat.smith@education.ohio.gov",
            Status = SignupStatus.PendingConfirmation,
        };

        var first = New();
        var second = New();
        Assert.True(await store.TryAddWithLockAsync(first, [SignupQueues.Received(first.Id)], CancellationToken.None));
        Assert.False(await store.TryAddWithLockAsync(second, [SignupQueues.Received(second.Id)], CancellationToken.None)); // the address's lock is taken
        Assert.Equal((0, 1), await PendingAsync(harness, StorageNames.SignupsTable));

        harness.Time.Advance(PastGrace);
        Assert.Equal(0, await harness.Get<MessageOutbox>().SweepAsync(CancellationToken.None));

        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.SignupsTable));
        var messages = await TakeAllAsync(harness, StorageNames.SignupReceivedQueue);
        Assert.Equal(first.Id.ToString(), Assert.Single(messages).GetProperty("signupId").GetString());
    }

    [Fact]
    public async Task Every_change_that_sends_a_message_commits_it_so_the_sweep_puts_what_a_failed_put_lost()
    {
        var (harness, faults) = await StartAsync(azurite);
        await using var _ = harness;
        var none = CancellationToken.None;

        faults.Failing = StorageFaults.QueuePut;
        var signup = await SubmitAsync(harness);                                                                 // signup-received
        var confirmation = harness.Get<AddressConfirmation>();
        var link = confirmation.LinkFor((await harness.Get<SignupStore>().FindAsync(signup, none))!);
        var confirmed = await confirmation.ActAsync(Uri.UnescapeDataString(link.Query["?token=".Length..]), LinkInput.None, none); // signup-confirmed
        var approved = await harness.Get<ApprovalService>().For(Decision.Approve).ActAsAsync(signup.ToString(), CoreHarness.Staff, LinkInput.None, none); // signup-decided, press-kit-requested
        var kit = await harness.PressKitRequestLink.ActAsAsync(signup.ToString(), "contact", LinkInput.None, none);   // press-kit-requested
        var comment = await harness.PostAsync(harness.Form());                                                   // comment-received
        var moderated = await harness.ModerateAsync(comment, ModerationAction.Approve);                          // comment-approved
        var reply = await harness.Get<CommentReplies>().ReplyAsync(comment, CoreHarness.Staff, "Thank you.", none); // comment-approved
        var signIn = await harness.Get<SignIns>().RequestAsync(CoreHarness.Staff, "203.0.113.9", none);          // sign-in-requested
        var resend = await harness.Get<SignupResends>().ResendAsync(await SubmitAsync(harness, "TX"), CoreHarness.Staff, confirmationOnly: false, none); // signup-received twice
        await SubmitAsync(harness, "CA");                                                                       // signup-received
        harness.Time.Advance(SignupService.ResubmitInterval);
        var again = await harness.Get<SignupService>().SubmitAsync(Signup("CA"), null, "203.0.113.1", none);     // signup-received (a new round)
        faults.Failing = null;

        Assert.All(new[] { confirmed.Outcome, approved.Outcome, kit.Outcome, moderated.Outcome }, outcome => Assert.Equal(LinkOutcome.Done, outcome));
        Assert.Equal(ReplyOutcome.Published, reply.Outcome);
        Assert.True(signIn.Allowed);
        Assert.Equal(ResendOutcome.Sent, resend.Outcome);
        Assert.Equal(SignupOutcome.Repeated, again.Outcome);
        var expected = new Dictionary<string, int>
        {
            [StorageNames.SignupReceivedQueue] = 5,
            [StorageNames.SignupConfirmedQueue] = 1,
            [StorageNames.SignupDecidedQueue] = 1,
            [StorageNames.PressKitRequestedQueue] = 2,
            [StorageNames.CommentReceivedQueue] = 1,
            [StorageNames.CommentApprovedQueue] = 2,
            [StorageNames.SignInRequestedQueue] = 1,
        };
        Assert.Equal(expected.Values.Sum(), faults.Failed);
        foreach (var queue in expected.Keys)
        {
            Assert.Equal(0, await QueueLengthAsync(harness, queue));
        }

        harness.Time.Advance(PastGrace);
        Assert.Equal(expected.Values.Sum(), await harness.Get<MessageOutbox>().SweepAsync(none));

        foreach (var (queue, count) in expected)
        {
            var messages = await TakeAllAsync(harness, queue);
            Assert.True(count == messages.Count, $"{queue}: expected {count} message(s), found {messages.Count}");
            Assert.All(messages, m => Assert.Equal(queue, m.GetProperty("kind").GetString()));
        }

        foreach (var table in new[] { StorageNames.SignupsTable, StorageNames.CommentsTable, StorageNames.SessionsTable })
        {
            Assert.Equal((0, 0), await PendingAsync(harness, table));
        }
    }

    [Fact]
    public async Task A_suggestion_and_an_event_change_whose_puts_failed_are_put_by_the_sweep_and_the_suggester_emailed_once()
    {
        var faults = new StorageFaults();
        await using var harness = await CoreHarness.StartAsync(
            azurite, new FakeTimeProvider(new DateTimeOffset(2027, 9, 1, 12, 0, 0, TimeSpan.Zero)), services: services => StorageFaults.Install(services, faults));
        await harness.Get<Cem.Core.Editions.EditionStore>().SaveAsync(CalendarTesting.AcrossDst, CancellationToken.None);
        var outbox = harness.Get<MessageOutbox>();
        var none = CancellationToken.None;

        faults.Failing = StorageFaults.QueuePut;
        var id = await harness.SuggestAsync("US");                                                             // event-suggested
        faults.Failing = null;
        Assert.Equal(1, faults.Failed);
        Assert.Equal(0, await QueueLengthAsync(harness, StorageNames.EventSuggestedQueue));

        harness.Time.Advance(PastGrace);
        Assert.Equal(1, await outbox.SweepAsync(none));
        Assert.Equal(0, await outbox.SweepAsync(none));
        foreach (var message in await TakeAllAsync(harness, StorageNames.EventSuggestedQueue))
        {
            Assert.True(EventId.TryParse(message.GetProperty("eventId").GetString(), out var suggested));
            await harness.Get<SuggestionEmails>().SendConfirmationAsync(suggested, none);
        }

        Assert.Contains("/suggestions/confirm?token=", Assert.Single(harness.Sender.Sent).Text, StringComparison.Ordinal);

        faults.Failing = StorageFaults.QueuePut;
        var confirmation = harness.Get<SuggestionConfirmation>();
        var confirmed = await confirmation.ActAsync(CemSite.TokenOf(confirmation.LinkFor(id.ToString()).ToString()), LinkInput.None, none); // event-suggestion-confirmed
        var approved = await harness.Get<SuggestionDecision.Approve>().ActAsAsync(id.ToString(), CoreHarness.Staff, LinkInput.None, none); // event-suggestion-decided
        var published = await harness.PublishAsync(CalendarTesting.Form("US"), CalendarTesting.Staff);
        var edited = CalendarTesting.Form("US");
        edited.Title = "Connected classrooms, rescheduled";
        var changed = await harness.Events().UpdateAsync(CalendarTesting.Staff, published.Id, edited, none);      // event-changed
        faults.Failing = null;

        Assert.All(new[] { confirmed.Outcome, approved.Outcome }, outcome => Assert.Equal(LinkOutcome.Done, outcome));
        Assert.Equal(EventOutcome.Done, changed.Outcome);
        Assert.Equal(4, faults.Failed);
        harness.Time.Advance(PastGrace);
        Assert.Equal(3, await outbox.SweepAsync(none));
        Assert.Equal((0, 0), await PendingAsync(harness, StorageNames.EventsTable));

        Assert.Equal(id.ToString(), Assert.Single(await TakeAllAsync(harness, StorageNames.EventSuggestionConfirmedQueue)).GetProperty("eventId").GetString());
        Assert.Equal(published.Id.ToString(), Assert.Single(await TakeAllAsync(harness, StorageNames.EventChangedQueue)).GetProperty("eventId").GetString());
        var decided = Assert.Single(await TakeAllAsync(harness, StorageNames.EventSuggestionDecidedQueue));
        Assert.Equal(id.ToString(), decided.GetProperty("eventId").GetString());
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, none);
        await harness.Get<SuggestionEmails>().SendOutcomeAsync(id, none); // put twice (a sweep after a lost delete): still one email
        Assert.Equal(2, EmailsTo(harness, SuggestionTesting.Suggester)); // the confirmation, then the outcome
    }
}
