using Cem.Core.Email;
using Cem.Core.Sessions;

namespace Cem.Tests.Email;

/// <summary>A full model for each email template.</summary>
internal static class TemplateSamples
{
    public static DataSubject SignupSubject { get; } = new("signup", "OH-01JD0000000000000000000000");

    public static DataSubject CommentSubject { get; } = new("comment", "cem-for-states-01JD0000000000000000000000");

    /// <summary>Deletion links for the sample subjects, for a mailer built by hand.</summary>
    public static IReadOnlyList<IDataDeletionLinks> DeletionLinks { get; } = [new SampleDeletionLinks("signup"), new SampleDeletionLinks("comment"), new SampleDeletionLinks("suggestion")];

    private sealed class SampleDeletionLinks(string kind) : IDataDeletionLinks
    {
        public string Kind => kind;

        public Uri LinkFor(string subjectId) => new("https://cem.example.org/delete-my-data/" + kind + "?token=" + Uri.EscapeDataString(subjectId));
    }

    public static SignupReceivedEmail SignupReceived { get; } = new(
        ContactName: "Ada Lovelace",
        OrganizationName: "Ohio Department of Education",
        JurisdictionName: "Ohio",
        ConfirmUrl: new Uri("https://cem.example.org/signups/confirm?token=abc.def&x=1"),
        ExpiresOn: "December 5, 2026",
        DataSubject: SignupSubject);

    public static ApprovalRequestEmail ApprovalRequest { get; } = new(
        JurisdictionName: "Ohio",
        JurisdictionCode: "OH",
        OrganizationName: "Ohio Department of Education",
        OrganizationType: "State education agency",
        ContactName: "Ada Lovelace",
        ContactTitle: "Director of Digital Learning",
        Email: "ada@education.ohio.gov",
        Phone: "+1 614 555 0100",
        Activities: "Webinars for teachers\nA statewide twitter chat",
        SubmittedAt: "November 28, 2026 18:15 UTC",
        DomainHint: "The email address ends in education.ohio.gov, which looks like an official state domain.",
        ApproveUrl: new Uri("https://cem.example.org/approvals/approve?token=aaa.bbb"),
        RejectUrl: new Uri("https://cem.example.org/approvals/reject?token=ccc.ddd"),
        ExpiresOn: "December 12, 2026");

    public static SignupApprovedEmail SignupApproved { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        StatesUrl: new Uri("https://cem.example.org/states"),
        PressKitRequestUrl: new Uri("https://cem.example.org/press-kits/request?token=eee.fff"),
        DataUrl: new Uri("https://cem.example.org/states/OH/data"),
        DataSubject: SignupSubject);

    public static SignupRejectedEmail SignupRejected { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        Reason: "We could not verify the organization.",
        DataSubject: SignupSubject);

    public static PressKitReadyEmail PressKitReady { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        Version: 2,
        DownloadUrl: new Uri("https://cem.example.org/api/press-kits/download?token=ggg.hhh"),
        ExpiresOn: "December 5, 2026",
        RequestUrl: new Uri("https://cem.example.org/press-kits/request?token=eee.fff"),
        DataSubject: SignupSubject);

    public static CommentModerationEmail CommentModeration { get; } = new(
        Thread: "cem-for-states",
        Name: "Pat",
        Email: "pat@example.org",
        Website: "https://pat.example.org/",
        CreatedAt: "October 5, 2026 at 12:00 UTC",
        Body: "Our districts loved the webinars.\nSecond line.",
        StatusText: "This comment is waiting for moderation.",
        ApproveUrl: new Uri("https://cem.example.org/comments/approve?token=a.b"),
        SpamUrl: new Uri("https://cem.example.org/comments/spam?token=c.d"),
        DeleteUrl: new Uri("https://cem.example.org/comments/delete?token=e.f"),
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"),
        ExpiresOn: "October 19, 2026");

    public static CommentApprovedEmail CommentApproved { get; } = new(
        Name: "Pat",
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"),
        DataSubject: CommentSubject);

    public static CommentConfirmEmail CommentConfirm { get; } = new(
        Address: "pat@example.org",
        ConfirmUrl: new Uri("https://cem.example.org/comments/confirm?token=abc.def"),
        ExpiresOn: "October 19, 2026",
        DataSubject: CommentSubject);

    public static CommentAnsweredEmail CommentAnswered { get; } = new(
        Name: "Pat",
        Answer: "Community colleges take part through their state:\nask your state's CEM contact.",
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"),
        DataSubject: CommentSubject);

    public static SignInEmail SignIn { get; } = new(
        Address: "pat.smith@education.ohio.gov",
        SignInUrl: new Uri("https://cem.example.org/sign-in/complete?token=g.h"),
        ValidMinutes: 15);

    public static StaffDigestEmail StaffDigest { get; } = new(
        SignupsWaiting: 2,
        SignupsWaitingFor: "2 days",
        CommentsWaiting: 1,
        CommentsWaitingFor: "3 days",
        ConsoleUrl: new Uri("https://cem.example.org/staff"));

    public static SignupReminderEmail SignupReminder { get; } = new(
        ContactName: "Pat Smith",
        JurisdictionName: "Ohio",
        ConfirmUrl: new Uri("https://cem.example.org/signups/confirm?token=i.j"),
        ExpiresOn: "October 19, 2026",
        DataSubject: SignupSubject);

    public static SignupWithdrawnEmail SignupWithdrawn { get; } = new(
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        ConsoleUrl: new Uri("https://cem.example.org/staff"));

    public static AwardIssuedEmail AwardIssued { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        Year: 2026,
        LevelName: "CEM for States Champion",
        BadgeUrl: new Uri("https://cem.example.org/badges/2026-OH"),
        CriteriaUrl: new Uri("https://cem.example.org/badges#champion"));
    public static Cem.Core.Calendar.SuggestionConfirmEmail SuggestionConfirm { get; } = new(
        Address: "river@example.net",
        ConfirmUrl: new Uri("https://cem.example.org/suggestions/confirm?token=k.l"),
        ExpiresOn: "October 19, 2026",
        DataSubject: new("suggestion", "2026-OH-01J0000000000000000000000"));

    public static Cem.Core.Calendar.SuggestionModerationEmail SuggestionModeration { get; } = new(
        Lead: "An event was suggested for the calendar and needs a decision.",
        JurisdictionName: "Ohio",
        Title: "Family tech night",
        When: "2026-10-08 18:00 to 2026-10-08 19:30 (America/New_York)",
        OrganizerName: "Columbus Library",
        EventLink: "https://example.org/family",
        Description: "Bring the *whole* family.",
        ContactName: "River Stone",
        ApproveUrl: new Uri("https://cem.example.org/suggestions/approve?token=m.n"),
        RejectUrl: new Uri("https://cem.example.org/suggestions/reject?token=o.p"),
        SpamUrl: new Uri("https://cem.example.org/suggestions/spam?token=q.r"),
        ExpiresOn: "October 19, 2026");

    public static Cem.Core.Calendar.SuggestionPublishedEmail SuggestionPublished { get; } = new(
        ContactName: "River Stone",
        Title: "Family tech night",
        PageUrl: new Uri("https://cem.example.org/events/2026-OH-01J0000000000000000000000"),
        DataSubject: new("suggestion", "2026-OH-01J0000000000000000000000"));

    public static Cem.Core.Calendar.SuggestionRejectedEmail SuggestionRejected { get; } = new(
        ContactName: "River Stone",
        Title: "Family tech night",
        Reason: "It is outside October.",
        DataSubject: new("suggestion", "2026-OH-01J0000000000000000000000"));
    public static EventReminderConfirmEmail EventReminderConfirm { get; } = new(
        EventTitle: "Connected classrooms, live",
        EventUrl: new Uri("https://cem.example.org/events/2027-OH-01J9ZK3Q8V6T7W2X4Y5Z6A7B8C"),
        ConfirmUrl: new Uri("https://cem.example.org/reminders/confirm?token=k.l"),
        ExpiresOn: "October 19, 2027");

    public static EventReminderEmail EventReminder { get; } = new(
        EventTitle: "Connected classrooms, live",
        When: "Wednesday, October 6, 2027, 7:00 PM – 8:00 PM EDT",
        EventUrl: new Uri("https://cem.example.org/events/2027-OH-01J9ZK3Q8V6T7W2X4Y5Z6A7B8C"),
        UnsubscribeUrl: new Uri("https://cem.example.org/reminders/unsubscribe?token=m.n"));

    public static EventChangedEmail EventChanged { get; } = new(
        EventTitle: "Connected classrooms, live",
        Cancelled: false,
        Times: ["Wednesday, October 6, 2027, 8:00 PM – 9:00 PM EDT", "Wednesday, October 13, 2027, 8:00 PM – 9:00 PM EDT"],
        EventUrl: new Uri("https://cem.example.org/events/2027-OH-01J9ZK3Q8V6T7W2X4Y5Z6A7B8C"),
        UnsubscribeUrl: new Uri("https://cem.example.org/reminders/unsubscribe?token=o.p"));
    public static Cem.Core.Programs.DistrictConfirmEmail DistrictConfirm { get; } = new(
        ContactName: "Jordan Reyes",
        DistrictName: "Columbus City Schools",
        StateName: "Ohio",
        ConfirmUrl: new Uri("https://cem.example.org/districts/confirm?token=k.l"),
        ExpiresOn: "October 19, 2026",
        DataSubject: new("district", "2026-OH-3904380.01J9ZK3Q8V6T7W2X4Y5Z6A7B8C"));

    public static Cem.Core.Programs.DistrictApprovalRequestEmail DistrictApprovalRequest { get; } = new(
        StateName: "Ohio",
        DistrictName: "Columbus City Schools",
        LeaId: "3904380",
        ContactName: "Jordan Reyes",
        ContactTitle: "Director of Technology",
        Email: "it.lead@columbus.k12.example.org",
        ApproveUrl: new Uri("https://cem.example.org/districts/approve?token=m.n"),
        DeclineUrl: new Uri("https://cem.example.org/districts/decline?token=o.p"),
        EditorUrl: new Uri("https://cem.example.org/my/program?state=OH"),
        ExpiresOn: "October 19, 2026");

    public static Cem.Core.Programs.DistrictWelcomeEmail DistrictWelcome { get; } = new(
        ContactName: "Jordan Reyes",
        DistrictName: "Columbus City Schools",
        StateName: "Ohio",
        ProgramTitle: "Ohio Connects",
        ProgramUrl: new Uri("https://cem.example.org/states/OH/cem"),
        FeedUrl: new Uri("https://cem.example.org/states/OH/districts/3904380/cem.ics"),
        LeaveUrl: new Uri("https://cem.example.org/districts/leave?token=q.r"),
        LeaveExpiresOn: "April 2, 2027",
        DataSubject: new("district", "2026-OH-3904380.01J9ZK3Q8V6T7W2X4Y5Z6A7B8C"));

    public static Cem.Core.Programs.DistrictNewsEmail DistrictNews { get; } = new(
        StateName: "Ohio",
        DistrictName: "Columbus City Schools",
        LeaId: "3904380",
        News: "Columbus City Schools has left Ohio's CEM program.",
        EditorUrl: new Uri("https://cem.example.org/my/program?state=OH"));

    // Object, not IEmail: an interface with a static abstract member cannot be a type argument.
    private static readonly Dictionary<string, object> ByTemplate = new[]
    {
        Entry(SignupReceived),
        Entry(ApprovalRequest),
        Entry(SignupApproved),
        Entry(SignupRejected),
        Entry(PressKitReady),
        Entry(AwardIssued),
        Entry(CommentModeration),
        Entry(CommentApproved),
        Entry(CommentConfirm),
        Entry(CommentAnswered),
        Entry(SignIn),
        Entry(StaffDigest),
        Entry(SignupReminder),
        Entry(SuggestionConfirm),
        Entry(SuggestionModeration),
        Entry(SuggestionPublished),
        Entry(SuggestionRejected),
        Entry(SignupWithdrawn),
        Entry(EventReminderConfirm),
        Entry(EventReminder),
        Entry(EventChanged),
        Entry(DistrictConfirm),
        Entry(DistrictApprovalRequest),
        Entry(DistrictWelcome),
        Entry(DistrictNews),
    }.ToDictionary(StringComparer.Ordinal);

    public static IEmail For(string template) => (IEmail)ByTemplate[template];

    public static IEnumerable<object[]> Names() => ByTemplate.Keys.Select(name => new object[] { name });

    private static KeyValuePair<string, object> Entry<TEmail>(TEmail email) where TEmail : IEmail => new(TEmail.Template, email);
}
