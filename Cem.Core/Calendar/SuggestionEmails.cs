using System.Globalization;
using Cem.Core.Email;
using Cem.Core.Jurisdictions;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Calendar;

/// <summary>To whoever typed the address into a suggestion: confirm it. It quotes nothing the suggester typed but the address.</summary>
public sealed record SuggestionConfirmEmail(string Address, Uri ConfirmUrl, string ExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "suggestion-confirm";
}

/// <summary>To a moderator (a state's confirmed contact, or staff, like the sign-in email: a contact's own data is deleted from their sign-up's emails): publish, reject or mark as spam. <paramref name="Lead"/> says whether it is new, a reminder or escalated.</summary>
public sealed record SuggestionModerationEmail(
    string Lead,
    string JurisdictionName,
    string Title,
    string When,
    string OrganizerName,
    string EventLink,
    string Description,
    string ContactName,
    Uri ApproveUrl,
    Uri RejectUrl,
    Uri SpamUrl,
    string ExpiresOn) : IEmailWithoutDataLink
{
    public static string Template => "suggestion-moderation";
}

/// <summary>To the suggester: the event is on the calendar.</summary>
public sealed record SuggestionPublishedEmail(string ContactName, string Title, Uri PageUrl, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "suggestion-published";
}

/// <summary>To the suggester: not published. <paramref name="Reason"/> is the moderator's, empty when none.</summary>
public sealed record SuggestionRejectedEmail(string ContactName, string Title, string Reason, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "suggestion-rejected";
}

/// <summary>
/// The emails of a suggestion, each sent once (the mailer's key names the suggestion and the step): the confirmation
/// (one per round), the moderation request to each moderator, the reminder after <see cref="ReminderAfter"/>, the
/// escalation to staff after <see cref="EscalationAfter"/>, and the outcome (none after spam).
/// </summary>
public sealed class SuggestionEmails(
    EventSuggestions suggestions,
    SuggestionConfirmation confirmation,
    SuggestionDecision.Approve approve,
    SuggestionDecision.Reject reject,
    SuggestionDecision.Spam spam,
    SuggestionModerators moderators,
    StaffDirectory staff,
    Links.SignedLinks links,
    IMailer mailer,
    IOptions<CemOptions> site,
    TimeProvider time,
    ILogger<SuggestionEmails> logger)
{
    /// <summary>A suggestion undecided this long after confirmation: its moderators are reminded, once.</summary>
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromHours(48);

    /// <summary>Undecided this long: staff get it too, once (when its moderators were a state's contacts).</summary>
    public static readonly TimeSpan EscalationAfter = TimeSpan.FromHours(96);

    public async Task SendConfirmationAsync(EventId id, CancellationToken cancellationToken)
    {
        if (await suggestions.FindAsync(id, cancellationToken) is not { Status: EventStatuses.Unconfirmed } suggestion)
        {
            logger.LogInformation("Event suggestion {EventId} needs no confirmation email", id.ToString());
            return;
        }

        var expires = time.GetUtcNow() + links.Lifetime;
        await mailer.SendOnceAsync(
            $"suggestion/{id}/confirm-{suggestion.ConfirmationRound.ToString(CultureInfo.InvariantCulture)}",
            suggestion.ContactEmail,
            new SuggestionConfirmEmail(suggestion.ContactEmail, confirmation.LinkFor(id.ToString()), Dates.Long(expires), SuggestionErasure.SubjectOf(suggestion)),
            cancellationToken);
    }

    /// <summary>The first request to decide, to each moderator of the suggestion's state (or staff).</summary>
    public async Task SendModerationRequestsAsync(EventId id, CancellationToken cancellationToken)
    {
        if (await suggestions.FindAsync(id, cancellationToken) is not { Status: EventStatuses.Pending } suggestion)
        {
            return;
        }

        var (addresses, _) = await moderators.ForAsync(suggestion.Jurisdiction, cancellationToken);
        var lead = suggestion.DistrictLeaId.Length > 0
            ? $"{suggestion.DistrictName} (LEA ID {suggestion.DistrictLeaId}), a district of your CEM program, submitted an event for the calendar and it needs a decision."
            : "An event was suggested for the calendar and needs a decision.";
        await SendToModeratorsAsync(suggestion, "request", addresses, lead, cancellationToken);
    }

    /// <summary>
    /// Run by the reminders timer: each suggestion waiting past <see cref="ReminderAfter"/> is sent again to its
    /// moderators as a reminder, and past <see cref="EscalationAfter"/> to staff when they were not its moderators.
    /// Keyed once per suggestion and step, so repeated or concurrent runs send nothing twice.
    /// </summary>
    public async Task RemindAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var suggestion in await suggestions.PendingAsync(cancellationToken))
        {
            var waited = now - (suggestion.ConfirmedAt ?? suggestion.CreatedAt);
            if (waited < ReminderAfter)
            {
                continue;
            }

            var (addresses, toStaff) = await moderators.ForAsync(suggestion.Jurisdiction, cancellationToken);
            await SendToModeratorsAsync(suggestion, "reminder", addresses, "Reminder: this suggested event has waited two days for a decision.", cancellationToken);
            if (waited >= EscalationAfter && !toStaff)
            {
                await SendToModeratorsAsync(suggestion, "escalation", staff.Addresses,
                    $"This event suggested for {Name(suggestion.Jurisdiction)} has waited four days and its state's contacts have not decided: CEM staff may decide instead.", cancellationToken);
            }
        }
    }

    /// <summary>The outcome to the suggester: published or rejected (with the reason). Spam gets nothing.</summary>
    public async Task SendOutcomeAsync(EventId id, CancellationToken cancellationToken)
    {
        var suggestion = await suggestions.FindAsync(id, cancellationToken);
        IEmail? email = suggestion?.Status switch
        {
            EventStatuses.Published or EventStatuses.Cancelled => new SuggestionPublishedEmail(suggestion.ContactName, suggestion.Title, EventLinks.Page(suggestion, site.Value), SuggestionErasure.SubjectOf(suggestion)),
            EventStatuses.Rejected => new SuggestionRejectedEmail(suggestion.ContactName, suggestion.Title, suggestion.DecisionReason ?? "", SuggestionErasure.SubjectOf(suggestion)),
            _ => null,
        };
        if (email is not null)
        {
            await mailer.SendOnceAsync($"suggestion/{id}/outcome", suggestion!.ContactEmail, email, cancellationToken);
        }

        // A published suggestion needs its suggester no more; a rejected one keeps them until the clean-up deletes it.
        if (email is SuggestionPublishedEmail)
        {
            await suggestions.ForgetContactAsync(suggestion!, cancellationToken);
        }
    }

    private async Task SendToModeratorsAsync(EventSuggestion suggestion, string step, IReadOnlyList<string> addresses, string lead, CancellationToken cancellationToken)
    {
        var id = suggestion.Id.ToString();
        var expires = time.GetUtcNow() + links.Lifetime;
        foreach (var address in addresses)
        {
            var email = new SuggestionModerationEmail(
                lead,
                Name(suggestion.Jurisdiction),
                suggestion.Title,
                string.Join("; ", suggestion.SlotList.Where(s => !s.Cancelled).Select(s => $"{LocalTimes.Format(s.Start).Replace('T', ' ')} to {LocalTimes.Format(s.End).Replace('T', ' ')}")) + $" ({suggestion.TimeZone})",
                suggestion.OrganizerName,
                suggestion.Url,
                suggestion.Description,
                suggestion.ContactName,
                approve.LinkFor(id, address),
                reject.LinkFor(id, address),
                spam.LinkFor(id, address),
                Dates.Long(expires));
            try
            {
                await mailer.SendOnceAsync($"suggestion/{id}/{step}", address, email, cancellationToken);
            }
            catch (EmailDeliveryException e) when (e.IsPermanent)
            {
                // One moderator's refused address must not keep the others from deciding.
                logger.LogWarning("Event suggestion {EventId}: the {Step} email to one moderator was refused for good", id, step);
            }
        }
    }

    private static string Name(string code) => code == "US" ? "the whole country (national)" : Jurisdiction.TryFind(code, out var found) ? found.Name : code;
}
