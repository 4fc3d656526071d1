namespace Cem.Core.Email;

/// <summary>
/// An email's model: its properties are exactly the values of the templates <c>Templates/{Template}.subject.txt</c>,
/// <c>.html</c> and <c>.txt</c> (as <c>{{ camelCase }}</c>), checked by <see cref="EmailTemplates.Problems"/>.
/// </summary>
/// <remarks>
/// Every model says who receives it: <see cref="IEmailToPerson"/> (with its <see cref="DataSubject"/>, so the footer
/// carries a "delete my data" link), <see cref="IEmailToStaff"/>, or <see cref="IEmailWithoutDataLink"/>.
/// </remarks>
public interface IEmail
{
    /// <summary>The template's name, e.g. <c>signup-received</c>; also part of the once-only key of a sent email.</summary>
    static abstract string Template { get; }
}

/// <summary>To the signer: confirm your address.</summary>
public sealed record SignupReceivedEmail(string ContactName, string OrganizationName, string JurisdictionName, Uri ConfirmUrl, string ExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "signup-received";
}

/// <summary>To a staff member: approve or reject a confirmed sign-up.</summary>
public sealed record ApprovalRequestEmail(
    string JurisdictionName,
    string JurisdictionCode,
    string OrganizationName,
    string OrganizationType,
    string ContactName,
    string ContactTitle,
    string Email,
    string Phone,
    string Activities,
    string SubmittedAt,
    string DomainHint,
    Uri ApproveUrl,
    Uri RejectUrl,
    string ExpiresOn) : IEmailToStaff
{
    public static string Template => "approval-request";
}

/// <summary>To the signer: the state is listed.</summary>
public sealed record SignupApprovedEmail(string ContactName, string JurisdictionName, string OrganizationName, Uri StatesUrl, Uri PressKitRequestUrl, Uri DataUrl, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "signup-approved";
}

/// <summary>To the signer: the sign-up was not confirmed. <paramref name="Reason"/> is staff's reason as typed, empty when none; the template words both cases.</summary>
public sealed record SignupRejectedEmail(string ContactName, string JurisdictionName, string OrganizationName, string Reason, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "signup-rejected";
}

/// <summary>To the state contact: a press kit's download link.</summary>
public sealed record PressKitReadyEmail(string ContactName, string JurisdictionName, string OrganizationName, int Version, Uri DownloadUrl, string ExpiresOn, Uri RequestUrl, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "press-kit-ready";
}

/// <summary>To a state's confirmed contact, once: CEM issued the state's award for the year, a verifiable badge.</summary>
/// <remarks>Like the sign-in email, it goes only to contacts of approved sign-ups, whose own data is deleted from their sign-up's emails.</remarks>
public sealed record AwardIssuedEmail(string ContactName, string JurisdictionName, int Year, string LevelName, Uri BadgeUrl, Uri CriteriaUrl) : IEmailWithoutDataLink
{
    public static string Template => "award-issued";
}

/// <summary>To a staff member: a new comment, with Approve, Spam and Delete links.</summary>
public sealed record CommentModerationEmail(
    string Thread,
    string Name,
    string Email,
    string Website,
    string CreatedAt,
    string Body,
    string StatusText,
    Uri ApproveUrl,
    Uri SpamUrl,
    Uri DeleteUrl,
    Uri PageUrl,
    string ExpiresOn) : IEmailToStaff
{
    public static string Template => "comment-moderation";
}

/// <summary>To a comment's author: it is published.</summary>
public sealed record CommentApprovedEmail(string Name, Uri PageUrl, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "comment-approved";
}

/// <summary>
/// To the address a comment was posted with, when the poster has not proved it: confirm you wrote it. It quotes nothing
/// the poster typed but the address itself, because anyone can type any address.
/// </summary>
public sealed record CommentConfirmEmail(string Address, Uri ConfirmUrl, string ExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "comment-confirm";
}

/// <summary>To a comment's author: CEM staff answered it. <paramref name="Answer"/> is staff's reply as written.</summary>
public sealed record CommentAnsweredEmail(string Name, string Answer, Uri PageUrl, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "comment-answered";
}

/// <summary>To a staff member, at most once a day: sign-ups and comments have waited too long for a decision.</summary>
public sealed record StaffDigestEmail(int SignupsWaiting, string SignupsWaitingFor, int CommentsWaiting, string CommentsWaitingFor, Uri ConsoleUrl) : IEmailToStaff
{
    public static string Template => "staff-digest";
}

/// <summary>To a signer who has not confirmed their address yet, once.</summary>
public sealed record SignupReminderEmail(string ContactName, string JurisdictionName, Uri ConfirmUrl, string ExpiresOn, DataSubject DataSubject) : IEmailToPerson
{
    public static string Template => "signup-reminder";
}

/// <summary>To a staff member: a state's contact deleted their details and withdrew the listing, which is gone.</summary>
public sealed record SignupWithdrawnEmail(string JurisdictionName, string OrganizationName, Uri ConsoleUrl) : IEmailToStaff
{
    public static string Template => "signup-withdrawn";
}

/// <summary>To a reader who asked for reminders about an event: confirm the address first.</summary>
/// <remarks>No delete-my-data link: the request holds only the address, forgotten when unconfirmed requests go with their event.</remarks>
public sealed record EventReminderConfirmEmail(string EventTitle, Uri EventUrl, Uri ConfirmUrl, string ExpiresOn) : IEmailWithoutDataLink
{
    public static string Template => "event-reminder-confirm";
}

/// <summary>To a confirmed subscriber, the day before a slot of the event.</summary>
/// <remarks>Its unsubscribe link is its delete-my-data link: it stops the emails and forgets the address.</remarks>
public sealed record EventReminderEmail(string EventTitle, string When, Uri EventUrl, Uri UnsubscribeUrl) : IEmailWithoutDataLink
{
    public static string Template => "event-reminder";
}

/// <summary>To a confirmed subscriber: the event changed (time, title, link) or was cancelled at short notice. <paramref name="Times"/> are the slots still on.</summary>
/// <remarks>Its unsubscribe link is its delete-my-data link: it stops the emails and forgets the address.</remarks>
public sealed record EventChangedEmail(string EventTitle, bool Cancelled, IReadOnlyList<string> Times, Uri EventUrl, Uri UnsubscribeUrl) : IEmailWithoutDataLink
{
    public static string Template => "event-changed";
}
