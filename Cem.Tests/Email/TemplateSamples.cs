using Cem.Core.Email;
using Cem.Core.Sessions;

namespace Cem.Tests.Email;

/// <summary>A full model for each email template.</summary>
internal static class TemplateSamples
{
    public static SignupReceivedEmail SignupReceived { get; } = new(
        ContactName: "Ada Lovelace",
        OrganizationName: "Ohio Department of Education",
        JurisdictionName: "Ohio",
        ConfirmUrl: new Uri("https://cem.example.org/signups/confirm?token=abc.def&x=1"),
        ExpiresOn: "December 5, 2026");

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
        DataUrl: new Uri("https://cem.example.org/states/OH/data"));

    public static SignupRejectedEmail SignupRejected { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        Reason: "We could not verify the organization.");

    public static PressKitReadyEmail PressKitReady { get; } = new(
        ContactName: "Ada Lovelace",
        JurisdictionName: "Ohio",
        OrganizationName: "Ohio Department of Education",
        Version: 2,
        DownloadUrl: new Uri("https://cem.example.org/api/press-kits/download?token=ggg.hhh"),
        ExpiresOn: "December 5, 2026",
        RequestUrl: new Uri("https://cem.example.org/press-kits/request?token=eee.fff"));

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
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"));

    public static CommentConfirmEmail CommentConfirm { get; } = new(
        Address: "pat@example.org",
        ConfirmUrl: new Uri("https://cem.example.org/comments/confirm?token=abc.def"),
        ExpiresOn: "October 19, 2026");

    public static CommentAnsweredEmail CommentAnswered { get; } = new(
        Name: "Pat",
        Answer: "Community colleges take part through their state:\nask your state's CEM contact.",
        PageUrl: new Uri("https://cem.example.org/comments?thread=cem-for-states#comment-x"));

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
        ExpiresOn: "October 19, 2026");

    public static Cem.Core.Programs.DistrictConfirmEmail DistrictConfirm { get; } = new(
        ContactName: "Jordan Reyes",
        DistrictName: "Columbus City Schools",
        StateName: "Ohio",
        ConfirmUrl: new Uri("https://cem.example.org/districts/confirm?token=k.l"),
        ExpiresOn: "October 19, 2026");

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
        FeedUrl: new Uri("https://cem.example.org/states/OH/districts/3904380/cem.ics"));

    // Object, not IEmail: an interface with a static abstract member cannot be a type argument.
    private static readonly Dictionary<string, object> ByTemplate = new[]
    {
        Entry(SignupReceived),
        Entry(ApprovalRequest),
        Entry(SignupApproved),
        Entry(SignupRejected),
        Entry(PressKitReady),
        Entry(CommentModeration),
        Entry(CommentApproved),
        Entry(CommentConfirm),
        Entry(CommentAnswered),
        Entry(SignIn),
        Entry(StaffDigest),
        Entry(SignupReminder),
        Entry(DistrictConfirm),
        Entry(DistrictApprovalRequest),
        Entry(DistrictWelcome),
    }.ToDictionary(StringComparer.Ordinal);

    public static IEmail For(string template) => (IEmail)ByTemplate[template];

    public static IEnumerable<object[]> Names() => ByTemplate.Keys.Select(name => new object[] { name });

    private static KeyValuePair<string, object> Entry<TEmail>(TEmail email) where TEmail : IEmail => new(TEmail.Template, email);
}
