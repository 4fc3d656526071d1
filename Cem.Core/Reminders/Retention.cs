using Cem.Core.Clients;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Reminders;

/// <summary>What one clean-up run deleted.</summary>
public sealed record RetentionReport(int UnconfirmedSignups, int RejectedSignups, int Sessions, int SignInRequests, int RateWindows, int SpamComments, int EventReminders = 0);

/// <summary>
/// Nothing personal is kept longer than it is needed, and nothing waits for ever: an unconfirmed sign-up is deleted when
/// its confirmation link expires (freeing its address's lock), a rejected one 90 days after the decision, each with its
/// audit rows and the once-only records of its emails; expired sessions and old sign-in requests; ended rate-limit
/// windows; comments marked as spam 30 days ago; event reminder requests once their event has ended. Runs with the reminders (<c>%RemindersSchedule%</c>, hourly).
/// </summary>
/// <remarks>
/// Every delete is guarded (the sign-up's or comment's ETag) or repeatable (a row already gone is skipped), so a run
/// repeated, or run on two instances at once, deletes each thing once and never something that changed meanwhile
/// (a sign-up confirmed while the run looked at it stays).
/// </remarks>
public sealed class Retention(
    SignupStore signups,
    AddressConfirmation confirmation,
    CommentStore comments,
    EventReminders eventReminders,
    SessionStore sessions,
    SignInLink signIns,
    SentEmailRecords sentEmails,
    CemStorage storage,
    TimeProvider time,
    ILogger<Retention> logger)
{
    public static readonly TimeSpan RejectedFor = TimeSpan.FromDays(90);

    public static readonly TimeSpan SpamFor = TimeSpan.FromDays(30);

    /// <summary>Rate-limit windows that started this long ago have ended: no window in the app lasts a day.</summary>
    public static readonly TimeSpan RateWindowsFor = TimeSpan.FromDays(1);

    /// <summary>
    /// The tables holding <see cref="RateLimiter"/> windows: sign-in and "email me a new link" (Sessions), sign-up
    /// submissions (Signups), event reminder requests (EventReminders). Comment and vote windows are CommentGuardCleanup's.
    /// </summary>
    public static readonly IReadOnlyList<string> RateTables = [StorageNames.SessionsTable, StorageNames.SignupsTable, StorageNames.EventRemindersTable];

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unconfirmed = await DeleteSignupsAsync(SignupStatus.PendingConfirmation, s => confirmation.ExpiresAt(s) <= now, cancellationToken);
        var rejected = await DeleteSignupsAsync(SignupStatus.Rejected, s => (s.DecidedAt ?? s.SubmittedAt) <= now - RejectedFor, cancellationToken);
        var expiredSessions = await sessions.DeleteExpiredAsync(cancellationToken);
        var signInRequests = await signIns.DeleteExpiredAsync(sentEmails, cancellationToken);
        var rateWindows = 0;
        foreach (var table in RateTables)
        {
            rateWindows += await RateLimiter.DeleteWindowsBeforeAsync(storage.Table(table), now - RateWindowsFor, cancellationToken);
        }

        var spam = 0;
        foreach (var comment in await comments.SpamBeforeAsync(now - SpamFor, cancellationToken))
        {
            spam += await comments.DeleteAsync(comment, cancellationToken) ? 1 : 0;
        }

        var reminders = await eventReminders.DeleteEndedAsync(cancellationToken);
        var report = new RetentionReport(unconfirmed, rejected, expiredSessions, signInRequests, rateWindows, spam, reminders);
        logger.LogInformation(
            "Clean-up deleted {Unconfirmed} unconfirmed and {Rejected} rejected sign-ups, {Sessions} sessions, {SignIns} sign-in requests, {RateWindows} rate-limit counters, {Spam} spam comments, {EventReminders} event reminder requests",
            report.UnconfirmedSignups, report.RejectedSignups, report.Sessions, report.SignInRequests, report.RateWindows, report.SpamComments, report.EventReminders);
        return report;
    }

    private async Task<int> DeleteSignupsAsync(string status, Func<Signup, bool> due, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var signup in (await signups.WithStatusAsync(status, cancellationToken)).Where(due))
        {
            if (!await signups.DeleteAsync(signup, cancellationToken))
            {
                continue;
            }

            // Each email round's once-only records hold a hash of an address (the signer's, or staff's).
            var rounds = signup.ResendCount;
            for (var round = 0; round <= rounds; round++)
            {
                signup.ResendCount = round;
                await sentEmails.ForgetAsync(signup.EmailRoundKey, cancellationToken);
            }

            logger.LogInformation("Sign-up {SignupId} ({Status}) deleted by the clean-up", signup.Id, status);
            deleted++;
        }

        return deleted;
    }
}
