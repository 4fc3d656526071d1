using Cem.Core.Comments;
using Cem.Core.Reminders;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Reminders;

/// <summary>The reminder timer under a fake clock: one digest per staff member per day, one reminder per signer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReminderTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Staff_get_one_digest_a_day_while_a_sign_up_or_a_comment_waits_too_long_and_none_before()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:StaffEmails"] = "a@cem.example.org, b@cem.example.org");
        await AddSignupAsync(harness, SignupStatus.AwaitingApproval, "OH");
        await harness.PostAsync(harness.Form(body: "Waiting for a moderator."));
        var reminders = harness.Get<ReminderService>();

        time.Advance(TimeSpan.FromHours(47));
        await reminders.RunAsync(CancellationToken.None);
        Assert.Empty(Digests(harness));

        time.Advance(TimeSpan.FromHours(2));
        await reminders.RunAsync(CancellationToken.None);
        await Task.WhenAll(reminders.RunAsync(CancellationToken.None), reminders.RunAsync(CancellationToken.None)); // repeated and concurrent runs
        time.Advance(TimeSpan.FromHours(1)); // the next hourly run, the same day
        await reminders.RunAsync(CancellationToken.None);
        var first = Digests(harness);
        Assert.Equal(["a@cem.example.org", "b@cem.example.org"], first.Select(m => m.To).Order());
        Assert.All(first, m => Assert.Contains("Sign-ups awaiting approval for more than 2 days: 1", m.Text, StringComparison.Ordinal));
        Assert.All(first, m => Assert.Contains("Comments awaiting moderation for more than 3 days: 0", m.Text, StringComparison.Ordinal));

        time.Advance(TimeSpan.FromDays(1));
        await reminders.RunAsync(CancellationToken.None);
        var second = Digests(harness);
        Assert.Equal(4, second.Count); // a new day, a new digest each
        Assert.All(second.Skip(2), m => Assert.Contains("Comments awaiting moderation for more than 3 days: 1", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signer_who_has_not_confirmed_is_reminded_once_with_a_working_link()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var signup = await AddSignupAsync(harness, SignupStatus.PendingConfirmation, "GA");
        var confirmed = await AddSignupAsync(harness, SignupStatus.AwaitingApproval, "TX");
        var reminders = harness.Get<ReminderService>();

        time.Advance(TimeSpan.FromHours(49));
        await reminders.RunAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await reminders.RunAsync(CancellationToken.None);

        var reminder = Assert.Single(harness.Sender.Sent, m => m.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
        Assert.Equal(signup.Email, reminder.To);
        Assert.Contains("Georgia", reminder.Subject, StringComparison.Ordinal);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(reminder.Text, @"https://\S+/signups/confirm\?token=\S+").Value);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var confirm = await harness.Get<AddressConfirmation>().ActAsync(token, Core.Links.LinkInput.None, CancellationToken.None);
        Assert.Equal(Core.Links.LinkOutcome.Done, confirm.Outcome);
        Assert.DoesNotContain(harness.Sender.Sent, m => m.To == confirmed.Email && m.Subject.StartsWith("Reminder:", StringComparison.Ordinal));
    }

    private static List<Core.Email.EmailMessage> Digests(CoreHarness harness) =>
        harness.Sender.Sent.Where(m => m.Subject.StartsWith("Waiting for CEM staff", StringComparison.Ordinal)).ToList();

    private static async Task<Signup> AddSignupAsync(CoreHarness harness, string status, string jurisdiction)
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
            Email = $"pat.{jurisdiction.ToLowerInvariant()}@education.example.gov",
            SubmittedAt = now,
            AddressConfirmedAt = status == SignupStatus.PendingConfirmation ? null : now,
        };
        await harness.Storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        return signup;
    }
}
