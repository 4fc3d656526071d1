using Cem.Core.Calendar;
using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Signups;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Reminders;

/// <summary>
/// So nothing waits for ever: a daily digest to each staff member while sign-ups or comments wait too long for a
/// decision, and one reminder to a signer who has not confirmed. Run by a timer (hourly); every email is sent through
/// the mailer's once-only record, keyed by the day (digest) or the sign-up (reminder), so a run repeated, or run on two
/// instances at once, sends nothing twice.
/// </summary>
public sealed class ReminderService(
    SignupStore signups,
    CommentStore comments,
    AddressConfirmation confirmation,
    SuggestionEmails suggestions,
    StaffDirectory staff,
    IMailer mailer,
    IOptions<ReminderOptions> options,
    IOptions<CemOptions> site,
    TimeProvider time,
    ILogger<ReminderService> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await SendStaffDigestsAsync(now, cancellationToken);
        await RemindSignersAsync(now, cancellationToken);
        await suggestions.RemindAsync(cancellationToken);
    }

    private async Task SendStaffDigestsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var signupsWaiting = (await signups.AwaitingApprovalAsync(cancellationToken))
            .Count(s => (s.AddressConfirmedAt ?? s.SubmittedAt) <= now - settings.ApprovalWait);
        var commentsWaiting = (await comments.PendingAsync(cancellationToken))
            .Count(c => c.CreatedAt <= now - settings.ModerationWait);
        if (signupsWaiting == 0 && commentsWaiting == 0)
        {
            return;
        }

        var digest = new StaffDigestEmail(signupsWaiting, Describe(settings.ApprovalWait), commentsWaiting, Describe(settings.ModerationWait), site.Value.Link("/staff"));
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var address in staff.Addresses)
        {
            await SendAsync("digest/" + day, address, digest, cancellationToken);
        }

        logger.LogInformation("Staff digest for {Day}: {Signups} sign-ups and {Comments} comments waiting", day, signupsWaiting, commentsWaiting);
    }

    private async Task RemindSignersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var signup in await signups.WithStatusAsync(SignupStatus.PendingConfirmation, cancellationToken))
        {
            // No reminder once the link has expired: the sign-up is about to be deleted.
            if (signup.SubmittedAt > now - options.Value.ConfirmationWait || confirmation.ExpiresAt(signup) <= now)
            {
                continue;
            }

            // Keyed by the sign-up, like its other emails: one reminder per sign-up, whatever the runs. Its link expires
            // with the one it reminds of, when the unconfirmed sign-up is deleted.
            var reminder = new SignupReminderEmail(signup.ContactName, signup.Jurisdiction.Name, confirmation.LinkFor(signup), Dates.Long(confirmation.ExpiresAt(signup)), SignupErasure.SubjectOf(signup));
            if (await SendAsync("signup/" + signup.Id, signup.Email, reminder, cancellationToken))
            {
                logger.LogInformation("Sign-up {SignupId} reminded to confirm", signup.Id);
            }
        }
    }

    /// <summary>
    /// Sends once, and lets one recipient not stop the others: a refused or suppressed address is already recorded by
    /// the mailer and will never succeed, and an email another run is sending right now is that run's to finish.
    /// A transient failure propagates; the next run tries again and the once-only record keeps it to one email.
    /// </summary>
    private async Task<bool> SendAsync(string dedupeKey, string to, IEmail email, CancellationToken cancellationToken)
    {
        try
        {
            return await mailer.SendOnceAsync(dedupeKey, to, email, cancellationToken);
        }
        catch (EmailDeliveryException e) when (e.IsPermanent)
        {
            logger.LogWarning("Reminder {DedupeKey} not delivered: {Reason}", dedupeKey, e.Message);
            return false;
        }
        catch (EmailInProgressException)
        {
            return false;
        }
    }

    private static string Describe(TimeSpan wait) =>
        wait.TotalHours < 48 ? $"{wait.TotalHours:0} hours" : $"{wait.TotalDays:0.#} days";
}
