using Azure.Data.Tables;
using Cem.Core.Clients;
using Cem.Core.Comments;
using Cem.Core.Reminders;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.StaffConsole;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Reminders;

/// <summary>The clean-up under a fake clock on Azurite: what expires is deleted once, with nothing personal left behind.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_unconfirmed_sign_up_is_deleted_when_its_link_expires_freeing_its_address_and_leaving_nothing_behind()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var store = harness.Get<SignupStore>();
        var unconfirmed = NewSignup(harness, "GA", "pat@doe.k12.ga.us");
        Assert.True(await store.TryAddWithLockAsync(unconfirmed, CancellationToken.None));
        var confirmed = await SignupResendTests.AddSignupAsync(harness, SignupStatus.AwaitingApproval, "TX");
        await harness.Get<SignupEmails>().SendReceivedAsync(unconfirmed.Id, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(1));
        await harness.Get<SignupResends>().ResendAsync(unconfirmed.Id, CoreHarness.Staff, confirmationOnly: false, CancellationToken.None);
        await harness.Get<SignupEmails>().SendReceivedAsync(unconfirmed.Id, CancellationToken.None);
        var retention = harness.Get<Retention>();

        // 14 days after the re-send, not after the sign-up: the newest link still works a day after the first expired.
        time.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).UnconfirmedSignups);
        Assert.NotNull(await store.FindAsync(unconfirmed.Id, CancellationToken.None));
        Assert.NotEmpty(await RowsAsync(harness, StorageNames.SentEmailsTable, r => r.PartitionKey.Contains(unconfirmed.RowKey, StringComparison.Ordinal)));

        time.Advance(TimeSpan.FromMinutes(1));
        var runs = await Task.WhenAll(retention.RunAsync(CancellationToken.None), retention.RunAsync(CancellationToken.None));
        Assert.Equal(1, runs.Sum(r => r.UnconfirmedSignups));

        Assert.Null(await store.FindAsync(unconfirmed.Id, CancellationToken.None));
        var left = await RowsAsync(harness, StorageNames.SignupsTable, r => r.PartitionKey == "GA");
        Assert.True(left.Count == 0, string.Join(", ", left.Select(r => r.RowKey)));
        var records = await RowsAsync(harness, StorageNames.SentEmailsTable, r => r.PartitionKey.Contains(unconfirmed.RowKey, StringComparison.Ordinal));
        Assert.True(records.Count == 0, string.Join(", ", records.Select(r => r.PartitionKey + "/" + r.RowKey)));
        Assert.NotNull(await store.FindAsync(confirmed.Id, CancellationToken.None));

        // The address is free: signing up again makes a new sign-up.
        var again = NewSignup(harness, "GA", "pat@doe.k12.ga.us");
        Assert.True(await store.TryAddWithLockAsync(again, CancellationToken.None));
        Assert.NotEqual(unconfirmed.RowKey, again.RowKey);
    }

    [Fact]
    public async Task A_sign_up_confirmed_while_the_clean_up_looks_at_it_is_kept()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var store = harness.Get<SignupStore>();
        var signup = NewSignup(harness, "GA", "pat@doe.k12.ga.us");
        Assert.True(await store.TryAddWithLockAsync(signup, CancellationToken.None));
        time.Advance(TimeSpan.FromDays(15));
        var stale = (await store.FindAsync(signup.Id, CancellationToken.None))!;

        // Confirmed (by a link issued before) after the clean-up read it.
        var fresh = (await store.FindAsync(signup.Id, CancellationToken.None))!;
        fresh.Status = SignupStatus.AwaitingApproval;
        await harness.Storage.Table(StorageNames.SignupsTable).UpdateEntityAsync(fresh, fresh.ETag, TableUpdateMode.Replace);

        Assert.False(await store.DeleteAsync(stale, CancellationToken.None));
        Assert.Equal(SignupStatus.AwaitingApproval, (await store.FindAsync(signup.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_rejected_sign_up_is_deleted_90_days_after_the_decision_and_an_approved_one_is_kept()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var rejected = await SignupResendTests.AddSignupAsync(harness, SignupStatus.Rejected, "GA");
        var approved = await SignupResendTests.AddSignupAsync(harness, SignupStatus.Approved, "OH");
        var retention = harness.Get<Retention>();

        time.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).RejectedSignups);

        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await retention.RunAsync(CancellationToken.None)).RejectedSignups);
        Assert.Null(await harness.Get<SignupStore>().FindAsync(rejected.Id, CancellationToken.None));
        Assert.NotNull(await harness.Get<SignupStore>().FindAsync(approved.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_sessions_old_sign_in_requests_and_ended_rate_windows_are_deleted_and_live_ones_kept()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time, s => s["Cem:Sessions:StaffLifetime"] = "20:00:00");
        var sessions = harness.Get<SessionStore>();
        var signIns = harness.Get<SignIns>();
        var (oldSession, _) = (await sessions.StartAsync(CoreHarness.Staff, CancellationToken.None))!.Value;
        await signIns.RequestAsync(CoreHarness.Staff, "203.0.113.9", CancellationToken.None);
        var request = Assert.Single(await RowsAsync(harness, StorageNames.SessionsTable, r => r.PartitionKey.StartsWith(SignInRequest.PartitionPrefix, StringComparison.Ordinal)));
        await signIns.HandleAsync(new SignInMessage(StorageNames.SignInRequestedQueue, request.PartitionKey[SignInRequest.PartitionPrefix.Length..]), CancellationToken.None);
        Assert.Single(harness.Sender.Sent);
        var retention = harness.Get<Retention>();

        time.Advance(TimeSpan.FromHours(21)); // the first session (20 hours) has expired; the request is not a day old
        var (liveSession, _) = (await sessions.StartAsync(CoreHarness.Staff, CancellationToken.None))!.Value;
        var first = await retention.RunAsync(CancellationToken.None);
        Assert.Equal(1, first.Sessions);
        Assert.Equal(0, first.SignInRequests);
        Assert.Null(await sessions.ReadAsync(oldSession, CancellationToken.None));
        Assert.NotNull(await sessions.ReadAsync(liveSession, CancellationToken.None));

        time.Advance(TimeSpan.FromHours(4)); // the request is more than a day past its link's 15 minutes
        var second = await retention.RunAsync(CancellationToken.None);
        Assert.Equal(1, second.SignInRequests);
        Assert.True(second.RateWindows >= 2, $"the per-client and per-address counters: {second.RateWindows}");
        Assert.Empty(await RowsAsync(harness, StorageNames.SessionsTable, r => !r.PartitionKey.StartsWith("session-", StringComparison.Ordinal)));
        Assert.Empty(await RowsAsync(harness, StorageNames.SentEmailsTable, r => r.PartitionKey.StartsWith("sign-in", StringComparison.Ordinal)));
        Assert.NotNull(await sessions.ReadAsync(liveSession, CancellationToken.None));
    }

    [Fact]
    public async Task Ended_sign_up_rate_windows_are_deleted_and_the_current_window_still_counts()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var store = harness.Get<SignupStore>();
        var limiter = harness.Get<RateLimiter>();
        var window = TimeSpan.FromHours(1);
        var signup = NewSignup(harness, "GA", "pat@doe.k12.ga.us");
        Assert.True(await store.TryAddWithLockAsync(signup, CancellationToken.None));
        Assert.True((await store.TryCountSubmissionAsync(limiter, "client-a", 2, window, CancellationToken.None)).Allowed);
        Assert.True((await store.TryCountSubmissionAsync(limiter, "client-b", 2, window, CancellationToken.None)).Allowed);
        var retention = harness.Get<Retention>();

        time.Advance(TimeSpan.FromHours(25)); // the first window ended more than a day ago
        Assert.True((await store.TryCountSubmissionAsync(limiter, "client-a", 2, window, CancellationToken.None)).Allowed);
        Assert.True((await store.TryCountSubmissionAsync(limiter, "client-a", 2, window, CancellationToken.None)).Allowed);
        var runs = await Task.WhenAll(retention.RunAsync(CancellationToken.None), retention.RunAsync(CancellationToken.None));

        Assert.Equal(2, runs.Sum(r => r.RateWindows));
        var rates = await RowsAsync(harness, StorageNames.SignupsTable, r => r.PartitionKey.StartsWith(RateLimiter.PartitionPrefix, StringComparison.Ordinal));
        var live = Assert.Single(rates);
        Assert.Equal(RateLimiter.PartitionFor(RateLimiter.WindowStart(time.GetUtcNow(), window)), live.PartitionKey);
        Assert.False((await store.TryCountSubmissionAsync(limiter, "client-a", 2, window, CancellationToken.None)).Allowed);
        Assert.NotNull(await store.FindAsync(signup.Id, CancellationToken.None));
        Assert.NotEmpty(await RowsAsync(harness, StorageNames.SignupsTable, r => r.PartitionKey == "GA" && r.RowKey.StartsWith("lock-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_comment_marked_as_spam_is_deleted_after_30_days_and_others_are_kept()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var spam = await harness.PostAsync(harness.Form(body: "Buy now"));
        var approved = await harness.PostApprovedAsync("A real comment");
        await harness.ModerateAsync(spam, ModerationAction.Spam);
        time.Advance(TimeSpan.FromDays(2));
        var laterSpam = await harness.PostAsync(harness.Form(body: "Buy again"));
        await harness.ModerateAsync(laterSpam, ModerationAction.Spam);
        var store = harness.Get<CommentStore>();
        var retention = harness.Get<Retention>();

        time.Advance(TimeSpan.FromDays(28)); // 30 days after the first was marked, 28 after the second
        var runs = await Task.WhenAll(retention.RunAsync(CancellationToken.None), retention.RunAsync(CancellationToken.None));

        var all = await RowsAsync(harness, StorageNames.CommentsTable, r => r.ContainsKey("Status"));
        Assert.True(runs.Sum(r => r.SpamComments) == 1, string.Join(", ", all.Select(r => r.GetString("Status") + " " + r.GetDateTimeOffset("ModeratedAt"))));
        Assert.Null(await store.FindAsync(spam, CancellationToken.None));
        Assert.NotNull(await store.FindAsync(laterSpam, CancellationToken.None));
        Assert.NotNull(await store.FindAsync(approved, CancellationToken.None));
    }

    [Fact]
    public async Task Sent_email_records_are_deleted_after_their_horizon_and_not_before_while_suppressions_and_failures_stay()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.Get<Core.Email.IMailer>().SendOnceAsync("digest/2026-10-05", "staff@cem.example.org", Email.TemplateSamples.StaffDigest, CancellationToken.None);
        await harness.Get<Core.Email.EmailSuppressions>().SuppressAsync("bounced@example.org", Core.Email.EmailFailureKinds.Bounce, CancellationToken.None);
        await harness.Get<Core.Email.EmailFailureLog>().RecordAsync(new Core.Email.EmailFailure(Core.Email.EmailFailureKinds.Bounce, null, null, null, "bounced", "hash"), CancellationToken.None);
        var retention = harness.Get<Retention>();
        bool IsRecord(TableEntity r) => r.PartitionKey == Core.Storage.TableKeys.Escape("digest/2026-10-05");
        Assert.True(retention.SentEmailHorizon >= TimeSpan.FromDays(60));

        time.Advance(retention.SentEmailHorizon - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).SentEmailRecords);
        Assert.Single(await RowsAsync(harness, StorageNames.SentEmailsTable, IsRecord));

        time.Advance(TimeSpan.FromMinutes(2));
        var reports = await Task.WhenAll(retention.RunAsync(CancellationToken.None), retention.RunAsync(CancellationToken.None));
        Assert.Equal(1, reports.Sum(r => r.SentEmailRecords));
        Assert.Empty(await RowsAsync(harness, StorageNames.SentEmailsTable, IsRecord));
        Assert.NotEmpty(await RowsAsync(harness, StorageNames.SentEmailsTable, r => r.PartitionKey == "!suppressed"));
        Assert.NotEmpty(await RowsAsync(harness, StorageNames.SentEmailsTable, r => r.PartitionKey.StartsWith("!failures-", StringComparison.Ordinal)));
    }

    private static Signup NewSignup(CoreHarness harness, string jurisdiction, string email)
    {
        var now = harness.Time.GetUtcNow();
        return new Signup
        {
            PartitionKey = jurisdiction,
            RowKey = Ulid.NewUlid(now).ToString(),
            OrganizationName = "Department of Education",
            OrganizationType = "sea",
            ContactName = "Pat Smith",
            ContactTitle = "Director",
            Email = email,
            SubmittedAt = now,
        };
    }

    private static async Task<List<TableEntity>> RowsAsync(CoreHarness harness, string table, Func<TableEntity, bool> where)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in harness.Storage.Table(table).QueryAsync<TableEntity>())
        {
            if (where(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
