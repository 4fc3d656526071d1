using System.Text.RegularExpressions;
using Cem.Core.Approvals;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.StaffConsole;

/// <summary>Re-sending a pending sign-up's email with fresh links, on Azurite under a fake clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SignupResendTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_unconfirmed_sign_up_gets_its_confirmation_again_with_a_working_link_at_most_once_in_ten_minutes()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var signup = await AddSignupAsync(harness, SignupStatus.PendingConfirmation);
        var emails = harness.Get<SignupEmails>();
        await emails.SendReceivedAsync(signup.Id, CancellationToken.None);
        var resends = harness.Get<SignupResends>();

        time.Advance(TimeSpan.FromDays(3));
        var first = await resends.ResendAsync(signup.Id, CoreHarness.Staff, confirmationOnly: false, CancellationToken.None);
        Assert.Equal(ResendOutcome.Sent, first.Outcome);
        Assert.Equal("confirmation", first.Resent);
        await emails.SendReceivedAsync(signup.Id, CancellationToken.None);
        await emails.SendReceivedAsync(signup.Id, CancellationToken.None); // the queue message delivered twice

        time.Advance(TimeSpan.FromMinutes(9));
        var tooSoon = await resends.ResendAsync(signup.Id, CoreHarness.Staff, confirmationOnly: false, CancellationToken.None);
        Assert.Equal(ResendOutcome.TooSoon, tooSoon.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), tooSoon.RetryAfter);
        await emails.SendReceivedAsync(signup.Id, CancellationToken.None);

        var sent = Confirmations(harness);
        Assert.Equal(2, sent.Count);
        var (old, fresh) = (TokenIn(sent[0].Text), TokenIn(sent[1].Text));
        Assert.NotEqual(old, fresh);
        Assert.Contains("October 22, 2026", sent[1].Text, StringComparison.Ordinal); // 14 days from the re-send, not from the sign-up

        // The fresh link confirms; the audit trail names the staff member who asked.
        var confirmed = await harness.Get<AddressConfirmation>().ActAsync(fresh, LinkInput.None, CancellationToken.None);
        Assert.Equal(LinkOutcome.Done, confirmed.Outcome);
        var trail = await TrailAsync(harness, confirmed.Subject!);
        Assert.Contains(trail, r => r.Action == "confirmation-resent" && r.Actor == CoreHarness.Staff);

        time.Advance(TimeSpan.FromMinutes(1));
        var afterConfirming = await resends.ResendAsync(signup.Id, "signer", confirmationOnly: true, CancellationToken.None);
        Assert.Equal(ResendOutcome.NothingToSend, afterConfirming.Outcome);
    }

    [Fact]
    public async Task A_sign_up_awaiting_approval_gets_a_fresh_approval_request_to_each_staff_member_once_per_re_send()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:StaffEmails"] = "a@cem.example.org, b@cem.example.org");
        var signup = await AddSignupAsync(harness, SignupStatus.AwaitingApproval);
        var approvals = harness.Get<ApprovalEmails>();
        await approvals.SendRequestsAsync(signup.Id, CancellationToken.None);

        var result = await harness.Get<SignupResends>().ResendAsync(signup.Id, "function-key", confirmationOnly: false, CancellationToken.None);
        Assert.Equal("approval-request", result.Resent);
        await approvals.SendRequestsAsync(signup.Id, CancellationToken.None);
        await approvals.SendRequestsAsync(signup.Id, CancellationToken.None);

        var requests = harness.Sender.Sent.Where(m => m.Subject.StartsWith("Please review", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, requests.Count);
        Assert.Equal(["a@cem.example.org", "a@cem.example.org", "b@cem.example.org", "b@cem.example.org"], requests.Select(m => m.To).Order());
        Assert.Equal(4, requests.Select(m => TokenIn(m.Text)).Distinct().Count());

        // The signer's button never reaches staff.
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ResendOutcome.NothingToSend, (await harness.Get<SignupResends>().ResendAsync(signup.Id, "signer", confirmationOnly: true, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Re_sends_at_the_same_moment_make_one_round()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var signup = await AddSignupAsync(harness, SignupStatus.PendingConfirmation);
        var resends = harness.Get<SignupResends>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => resends.ResendAsync(signup.Id, CoreHarness.Staff, confirmationOnly: false, CancellationToken.None)));

        Assert.Single(results, r => r.Outcome == ResendOutcome.Sent);
        Assert.All(results.Where(r => r.Outcome != ResendOutcome.Sent), r => Assert.Equal(ResendOutcome.TooSoon, r.Outcome));
        var stored = await harness.Get<SignupStore>().FindAsync(signup.Id, CancellationToken.None);
        Assert.Equal(1, stored!.ResendCount);
        Assert.Single(await TrailAsync(harness, stored), r => r.Action == "confirmation-resent");
    }

    [Fact]
    public async Task A_decided_or_unknown_sign_up_has_nothing_to_send_again()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var approved = await AddSignupAsync(harness, SignupStatus.Approved);
        var resends = harness.Get<SignupResends>();

        Assert.Equal(ResendOutcome.NothingToSend, (await resends.ResendAsync(approved.Id, CoreHarness.Staff, confirmationOnly: false, CancellationToken.None)).Outcome);
        Assert.Equal(ResendOutcome.NotFound, (await resends.ResendAsync(SignupId.New(Core.Jurisdictions.Jurisdiction.Find("OH"), time), CoreHarness.Staff, confirmationOnly: false, CancellationToken.None)).Outcome);
        Assert.Empty(harness.Sender.Sent);
    }

    internal static async Task<Signup> AddSignupAsync(CoreHarness harness, string status, string jurisdiction = "GA", string? email = null)
    {
        var now = harness.Time.GetUtcNow();
        var signup = new Signup
        {
            PartitionKey = jurisdiction,
            RowKey = Ulid.NewUlid(now).ToString(),
            Status = status,
            OrganizationName = "Department of Education",
            OrganizationType = "sea",
            ContactName = "Pat Smith",
            ContactTitle = "Director",
            Email = email ?? $"pat.{jurisdiction.ToLowerInvariant()}@education.example.gov",
            SubmittedAt = now,
            AddressConfirmedAt = status == SignupStatus.PendingConfirmation ? null : now,
            DecidedAt = SignupStatus.IsPending(status) ? null : now,
        };
        await harness.Storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        await harness.Get<PublicList>().SyncAsync(signup, CancellationToken.None); // as the decision would have
        return signup;
    }

    private static List<Core.Email.EmailMessage> Confirmations(CoreHarness harness) =>
        harness.Sender.Sent.Where(m => m.Subject.StartsWith("We received your sign-up", StringComparison.Ordinal)).ToList();

    private static async Task<List<LinkAuditRecord>> TrailAsync(CoreHarness harness, Signup signup)
    {
        var trail = new List<LinkAuditRecord>();
        await foreach (var record in harness.Get<AddressConfirmation>().AuditTrailAsync(signup, CancellationToken.None))
        {
            trail.Add(record);
        }

        return trail;
    }

    internal static string TokenIn(string? text) => Uri.UnescapeDataString(TokenPattern().Match(text ?? "").Groups[1].Value);

    [GeneratedRegex(@"https://\S+\?token=(\S+)")]
    private static partial Regex TokenPattern();
}
