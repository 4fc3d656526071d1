using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Jurisdictions;
using Cem.Core.Links;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Programs;

/// <summary>To a district's contact: confirm the address the join request gave.</summary>
public sealed record DistrictConfirmEmail(string ContactName, string DistrictName, string StateName, Uri ConfirmUrl, string ExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "district-confirm";
}

/// <summary>
/// To each of the state's confirmed contacts: a district asks to join; approve or decline. Like the sign-in email, it
/// goes only to contacts of approved sign-ups, whose own data is deleted from their sign-up's emails.
/// </summary>
public sealed record DistrictApprovalRequestEmail(
    string StateName, string DistrictName, string LeaId, string ContactName, string ContactTitle, string Email,
    Uri ApproveUrl, Uri DeclineUrl, Uri EditorUrl, string ExpiresOn) : IEmailWithoutDataLink
{
    public static string Template => "district-approval-request";
}

/// <summary>To the district's contact once the state approved: the program, the feed, and the link to leave.</summary>
public sealed record DistrictWelcomeEmail(
    string ContactName, string DistrictName, string StateName, string ProgramTitle, Uri ProgramUrl, Uri FeedUrl, Uri LeaveUrl, string LeaveExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "district-welcome";
}

/// <summary>
/// To each of the state's confirmed contacts: a district left the program, or its contact deleted their details (it
/// stays listed). Like the approval request, only to contacts of approved sign-ups, and it holds no one's address.
/// </summary>
public sealed record DistrictNewsEmail(string StateName, string DistrictName, string LeaId, string News, Uri EditorUrl) : IEmailWithoutDataLink
{
    public static string Template => "district-news";
}

/// <summary>
/// The emails of a district's steps (<see cref="DistrictQueues"/>), each sent once: the mailer's key names the round
/// and the step (<c>district/{join key}/contact/…</c> to the district's contact, <c>…/state/…</c> to the state's).
/// A message whose district has moved on, or joined again since, sends nothing.
/// </summary>
public sealed class DistrictEmails(
    CemStorage storage, StateContacts contacts, ProgramService programs, DistrictConfirmation confirmation, DistrictDecisions decisions, DistrictLeave leave,
    SignedLinks links, IMailer mailer, IOptions<CemOptions> site, TimeProvider time, ILogger<DistrictEmails> logger)
{
    private readonly TableClient table = storage.Table(StorageNames.EventsTable);

    /// <summary>The prefix of the mailer's keys of the emails to the district's contact in this round.</summary>
    public static string ContactKeys(District district)
    {
        ArgumentNullException.ThrowIfNull(district);
        return $"district/{district.JoinKey}/contact/";
    }

    public async Task SendAsync(DistrictMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        District? district = null;
        if (DistrictJoins.TryLocate(message.DistrictId, out var partitionKey, out var rowKey))
        {
            var found = await table.GetEntityIfExistsAsync<District>(partitionKey, rowKey, cancellationToken: cancellationToken);
            district = found.HasValue && found.Value!.JoinId == message.JoinId ? found.Value : null;
        }

        var state = district is null ? "" : Jurisdiction.Find(district.Code).Name;
        switch (message.Kind)
        {
            case DistrictQueues.Requested when district is { Status: DistrictStatuses.Unconfirmed, Email.Length: > 0 }:
                // The link expires with the request (the clean-up deletes it then), however late this runs.
                var expires = district.RequestedAt + links.Lifetime;
                await mailer.SendOnceAsync(ContactKeys(district) + "confirm", district.Email, new DistrictConfirmEmail(
                    district.ContactName, district.Name, state, confirmation.LinkFor(district.JoinKey, null, expires - time.GetUtcNow()),
                    Dates.Long(expires), DistrictErasure.SubjectOf(district)), cancellationToken);
                break;
            case DistrictQueues.Confirmed when district is { Status: DistrictStatuses.AwaitingApproval }:
                var until = Dates.Long(time.GetUtcNow() + links.Lifetime);
                await ToStateAsync(district, "request", address => new DistrictApprovalRequestEmail(
                    state, district.Name, district.LeaId, district.ContactName, district.ContactTitle.Length == 0 ? "(no title given)" : district.ContactTitle,
                    district.Email, decisions.Approve.LinkFor(district.Id, address), decisions.Decline.LinkFor(district.Id, address), EditorUrl(district), until), cancellationToken);
                break;
            case DistrictQueues.Approved when district is { Status: DistrictStatuses.Approved, Email.Length: > 0 }:
                var program = await programs.FindAsync(district.Year, district.Code, cancellationToken);
                await mailer.SendOnceAsync(ContactKeys(district) + "welcome", district.Email, new DistrictWelcomeEmail(
                    district.ContactName, district.Name, state, program?.Title ?? "CEM",
                    site.Value.Link($"/states/{district.Code}/cem"), site.Value.Link($"/states/{district.Code}/districts/{district.LeaId}/cem.ics"),
                    leave.LinkFor(district.JoinKey), Dates.Long(time.GetUtcNow() + DistrictJoins.InviteLifetime), DistrictErasure.SubjectOf(district)), cancellationToken);
                break;
            case DistrictQueues.Left when district is { Status: DistrictStatuses.Left }:
                await ToStateAsync(district, "left", _ => new DistrictNewsEmail(state, district.Name, district.LeaId,
                    $"{district.Name} has left {state}'s CEM program: it is no longer listed on the program's page or in its feeds. It may ask to join again with a new invite.", EditorUrl(district)), cancellationToken);
                break;
            case DistrictQueues.ContactDeleted when district is { Status: DistrictStatuses.Approved, ErasedAt: not null }:
                await ToStateAsync(district, "contact-deleted", _ => new DistrictNewsEmail(state, district.Name, district.LeaId,
                    $"The contact of {district.Name} deleted their name and email address from CEM. {district.Name} stays listed in your program; CEM can no longer email it.", EditorUrl(district)), cancellationToken);
                break;
            default:
                logger.LogInformation("District message {Kind} for {DistrictId} sends nothing: the district has moved on", message.Kind, message.DistrictId);
                break;
        }
    }

    private Uri EditorUrl(District district) => site.Value.Link($"/my/program?state={district.Code}");

    /// <summary>To each of the state's confirmed contacts; one refused address does not keep the others from hearing.</summary>
    private async Task ToStateAsync<TEmail>(District district, string step, Func<string, TEmail> email, CancellationToken cancellationToken)
        where TEmail : IEmail
    {
        foreach (var address in await contacts.AddressesOfAsync(district.Code, cancellationToken))
        {
            try
            {
                await mailer.SendOnceAsync($"district/{district.JoinKey}/state/{step}", address, email(address), cancellationToken);
            }
            catch (EmailDeliveryException e) when (e.IsPermanent)
            {
                logger.LogWarning("District {DistrictId}: the {Step} email to one state contact was refused for good", district.Id, step);
            }
        }
    }
}
