using System.Text.RegularExpressions;
using Cem.Core.Links;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Programs;

/// <summary>
/// A district's emails ride on queue messages committed with each step (<see cref="MessageOutbox"/>): when the put
/// after the commit fails, the sweep puts the message and the email still goes, once. On Azurite, under a fake clock.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictOutboxTests(AzuriteFixture azurite)
{
    private const string Contact = "it.lead@example.org";
    private static readonly TimeSpan PastGrace = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task District_steps_whose_queue_puts_failed_after_the_commit_are_put_by_the_sweep_and_each_email_goes_once()
    {
        var faults = new StorageFaults();
        await using var harness = await CoreHarness.StartAsync(
            azurite, new FakeTimeProvider(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero)), services: services => StorageFaults.Install(services, faults));
        var outbox = harness.Get<MessageOutbox>();
        var emails = harness.Get<DistrictEmails>();
        var none = CancellationToken.None;
        var token = await DistrictJoinRetentionTests.PublishedInviteAsync(harness);

        // The join is stored though its message did not reach the queue; nobody is emailed until the sweep puts it.
        faults.Failing = StorageFaults.QueuePut;
        var district = (await harness.Get<DistrictJoins>().JoinAsync(DistrictJoinRetentionTests.Form(token, "3904380", Contact), "203.0.113.9", none)).District!;
        faults.Failing = null;
        Assert.Equal(1, faults.Failed);
        Assert.Equal(0, await harness.HandleDistrictMessagesAsync());
        Assert.Empty(To(harness, Contact));

        harness.Time.Advance(PastGrace);
        Assert.Equal(1, await outbox.SweepAsync(none));
        Assert.Equal(1, await harness.HandleDistrictMessagesAsync());
        await emails.SendAsync(new DistrictMessage(DistrictQueues.Requested, district.Id, district.JoinId), none); // put twice: still one email
        var confirm = Assert.Single(To(harness, Contact));
        Assert.Contains("/delete-my-data/district?token=", confirm.Text, StringComparison.Ordinal);

        // Confirmed by the emailed link and approved, every put failing (the approval also asks for the state's fresh press
        // kits): the welcome still goes, once.
        faults.Failing = StorageFaults.QueuePut;
        var confirmation = harness.Get<DistrictConfirmation>();
        Assert.Equal(LinkOutcome.Done, (await confirmation.ActAsync(TokenIn(confirm.Text!, "/districts/confirm"), LinkInput.None, none)).Outcome);
        Assert.Equal(LinkOutcome.Done, (await harness.Get<DistrictDecisions>().Approve.ActAsAsync(district.Id, ProgramSite.Ohio.Email, LinkInput.None, none)).Outcome);
        faults.Failing = null;
        Assert.Equal(4, faults.Failed);
        Assert.Equal(0, await harness.HandleDistrictMessagesAsync());

        harness.Time.Advance(PastGrace);
        Assert.Equal(3, await outbox.SweepAsync(none));
        Assert.Equal(2, await harness.HandleDistrictMessagesAsync());
        await emails.SendAsync(new DistrictMessage(DistrictQueues.Approved, district.Id, district.JoinId), none);
        var welcome = Assert.Single(To(harness, Contact), m => m.Subject.Contains("Welcome", StringComparison.Ordinal));

        // Leaving by the welcome's link, its put failing: the sweep puts the message that tells the state.
        faults.Failing = StorageFaults.QueuePut;
        Assert.Equal(LinkOutcome.Done, (await harness.Get<DistrictLeave>().ActAsync(TokenIn(welcome.Text!, "/districts/leave"), LinkInput.None, none)).Outcome);
        faults.Failing = null;
        Assert.Equal(5, faults.Failed);
        harness.Time.Advance(PastGrace);
        Assert.Equal(1, await outbox.SweepAsync(none));
        Assert.Equal(1, await harness.HandleDistrictMessagesAsync());
        Assert.Equal(2, To(harness, Contact).Count); // the confirmation and the welcome; nothing to an address that left
    }

    [Fact]
    public async Task A_declined_requests_contact_deletes_their_data_and_the_declined_row_keeps_its_LEA_ID()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, new FakeTimeProvider(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero)));
        var none = CancellationToken.None;
        var joins = harness.Get<DistrictJoins>();
        var token = await DistrictJoinRetentionTests.PublishedInviteAsync(harness);
        var district = (await joins.JoinAsync(DistrictJoinRetentionTests.Form(token, "3904380", Contact), "203.0.113.9", none)).District!;
        var confirmation = harness.Get<DistrictConfirmation>();
        Assert.Equal(LinkOutcome.Done, (await confirmation.ActAsync(CemSite.TokenOf(confirmation.LinkFor(district.JoinKey).AbsoluteUri), LinkInput.None, none)).Outcome);
        Assert.Equal(LinkOutcome.Done, (await harness.Get<DistrictDecisions>().Decline.ActAsAsync(district.Id, ProgramSite.Ohio.Email, LinkInput.None, none)).Outcome);

        var erase = new DistrictDeletionLinks(harness.Get<LinkKit>()).LinkFor(district.JoinKey);
        var erased = await harness.Get<DistrictErasure>().ActAsync(CemSite.TokenOf(erase.AbsoluteUri), LinkInput.None, none);
        Assert.Equal(LinkOutcome.Done, erased.Outcome);

        var program = (await harness.Get<ProgramService>().FindAsync(district.Year, "OH", none))!;
        var kept = Assert.Single(await joins.OfAsync(program, none));
        Assert.Equal(DistrictStatuses.Declined, kept.Status);
        Assert.Equal(("", "", ""), (kept.ContactName, kept.ContactTitle, kept.Email));
        Assert.True((await joins.JoinAsync(DistrictJoinRetentionTests.Form(token, "3904380", "other@example.org"), "203.0.113.10", none)).Errors?.ToDictionary().ContainsKey("leaId"));
    }

    private static List<Core.Email.EmailMessage> To(CoreHarness harness, string address) =>
        [.. harness.Sender.Sent.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase))];

    private static string TokenIn(string text, string path) =>
        CemSite.TokenOf(Regex.Match(text, Regex.Escape(CoreHarness.PublicBaseUrl + path) + @"\?token=[^\s]+").Value);
}
