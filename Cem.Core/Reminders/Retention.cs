using Cem.Core.Clients;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Sessions;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Reminders;

/// <summary>What one clean-up run deleted.</summary>
public sealed record RetentionReport(int UnconfirmedSignups, int RejectedSignups, int Sessions, int SignInRequests, int RateWindows, int SpamComments, int SentEmailRecords = 0, int EventReminders = 0, int UnconfirmedDistricts = 0);

/// <summary>
/// Nothing personal is kept longer than it is needed, and nothing waits for ever: an unconfirmed sign-up is deleted when
/// its confirmation link expires (freeing its address's lock, and its place in the address's count of unconfirmed
/// sign-ups, whose row goes when nothing in it is live), a rejected one 90 days after the decision, each with its
/// audit rows and the once-only records of its emails; expired sessions and old sign-in requests; ended rate-limit
/// windows; comments marked as spam 30 days ago; the mailer's once-only records past their horizon
/// (<see cref="SentEmailHorizon"/>); event reminder requests once their event has ended; a district's unconfirmed
/// request to join when its confirmation link expires (freeing its LEA ID). Runs with the reminders (<c>%RemindersSchedule%</c>, hourly).
/// </summary>
/// <remarks>
/// Every delete is guarded (the sign-up's or comment's ETag) or repeatable (a row already gone is skipped), so a run
/// repeated, or run on two instances at once, deletes each thing once and never something that changed meanwhile
/// (a sign-up confirmed while the run looked at it stays).
/// </remarks>
public sealed class Retention(
    SignupStore signups,
    UnconfirmedSignups unconfirmedSignups,
    AddressConfirmation confirmation,
    CommentStore comments,
    EventReminders eventReminders,
    SessionStore sessions,
    SignInLink signIns,
    SentEmailRecords sentEmails,
    Calendar.EventSuggestions suggestions,
    Programs.DistrictJoins districtJoins,
    CemStorage storage,
    IOptions<LinkOptions> links,
    IOptions<EmailOptions> email,
    TimeProvider time,
    ILogger<Retention> logger)
{
    public static readonly TimeSpan RejectedFor = TimeSpan.FromDays(90);

    public static readonly TimeSpan SpamFor = TimeSpan.FromDays(30);

    /// <summary>Rate-limit windows that started this long ago have ended: no window in the app lasts a day.</summary>
    public static readonly TimeSpan RateWindowsFor = TimeSpan.FromDays(1);

    /// <summary>
    /// The tables holding <see cref="RateLimiter"/> windows: sign-in and "email me a new link" (Sessions), sign-up
    /// submissions (Signups), event suggestions and publishing and district join requests (Events), event reminder requests (EventReminders). Comment and vote windows are CommentGuardCleanup's.
    /// </summary>
    public static readonly IReadOnlyList<string> RateTables = [StorageNames.SessionsTable, StorageNames.SignupsTable, StorageNames.EventsTable, StorageNames.EventRemindersTable];

    /// <summary>
    /// How long the mailer's once-only record of an email is kept: while anything could ask for the email again. A link
    /// pressed again repeats its side effects (a queue message, then the send), and a message is retried for up to the
    /// retry horizon, so: the longest a link lives (the configured lifetime, or the 60 days of the delete-my-data links),
    /// plus the retry horizon, plus a week for a poison message staff replay. After it a record only holds a hash.
    /// </summary>
    public TimeSpan SentEmailHorizon =>
        new[] { links.Value.Lifetime, SignupErasure.LinkLifetime, CommentErasure.LinkLifetime }.Max() + email.Value.RetryHorizon + TimeSpan.FromDays(7);

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unconfirmed = await DeleteSignupsAsync(SignupStatus.PendingConfirmation, s => confirmation.ExpiresAt(s) <= now, cancellationToken);
        var rejected = await DeleteSignupsAsync(SignupStatus.Rejected, s => (s.DecidedAt ?? s.SubmittedAt) <= now - RejectedFor, cancellationToken);
        await unconfirmedSignups.DeleteSettledAsync(cancellationToken); // per-address counts whose sign-ups are all confirmed or gone
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

        // Event suggestions: unconfirmed ones when their link expires, rejected and spam ones like rejected sign-ups.
        var staleSuggestions = await suggestions.DeleteStaleAsync(now - links.Value.Lifetime, now - RejectedFor, sentEmails, cancellationToken);
        if (staleSuggestions > 0)
        {
            logger.LogInformation("Clean-up deleted {Suggestions} unconfirmed, rejected or spam event suggestions", staleSuggestions);
        }

        var districts = await districtJoins.DeleteUnconfirmedAsync(now - links.Value.Lifetime, sentEmails, cancellationToken);
        var records = await sentEmails.ForgetOlderThanAsync(now - SentEmailHorizon, cancellationToken);
        var reminders = await eventReminders.DeleteEndedAsync(cancellationToken);
        var report = new RetentionReport(unconfirmed, rejected, expiredSessions, signInRequests, rateWindows, spam, records, reminders, districts);
        logger.LogInformation(
            "Clean-up deleted {Unconfirmed} unconfirmed and {Rejected} rejected sign-ups, {Sessions} sessions, {SignIns} sign-in requests, {RateWindows} rate-limit counters, {Spam} spam comments, {Records} sent-email records, {EventReminders} event reminder requests, {Districts} unconfirmed district requests",
            report.UnconfirmedSignups, report.RejectedSignups, report.Sessions, report.SignInRequests, report.RateWindows, report.SpamComments, report.SentEmailRecords, report.EventReminders, report.UnconfirmedDistricts);
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
