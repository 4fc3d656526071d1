using Cem.Core.Email;

namespace Cem.Tests.Email;

/// <summary>A full set of values for each template.</summary>
internal static class TemplateSamples
{
    public static IReadOnlyDictionary<string, string> For(string template) => template switch
    {
        EmailTemplateNames.SignupReceived => new Dictionary<string, string>
        {
            ["contactName"] = "Ada Lovelace",
            ["organizationName"] = "Ohio Department of Education",
            ["jurisdictionName"] = "Ohio",
            ["confirmUrl"] = "https://cem.example.org/signups/confirm?token=abc.def&x=1",
            ["expiresOn"] = "December 5, 2026",
        },
        EmailTemplateNames.ApprovalRequest => new Dictionary<string, string>
        {
            ["jurisdictionName"] = "Ohio",
            ["jurisdictionCode"] = "OH",
            ["organizationName"] = "Ohio Department of Education",
            ["organizationType"] = "State education agency",
            ["contactName"] = "Ada Lovelace",
            ["contactTitle"] = "Director of Digital Learning",
            ["email"] = "ada@education.ohio.gov",
            ["phone"] = "+1 614 555 0100",
            ["activities"] = "Webinars for teachers\nA statewide twitter chat",
            ["submittedAt"] = "November 28, 2026 18:15 UTC",
            ["domainHint"] = "The email address ends in education.ohio.gov, which looks like an official state domain.",
            ["approveUrl"] = "https://cem.example.org/approvals/approve?token=aaa.bbb",
            ["rejectUrl"] = "https://cem.example.org/approvals/reject?token=ccc.ddd",
            ["expiresOn"] = "December 12, 2026",
        },
        EmailTemplateNames.SignupApproved => new Dictionary<string, string>
        {
            ["contactName"] = "Ada Lovelace",
            ["jurisdictionName"] = "Ohio",
            ["organizationName"] = "Ohio Department of Education",
            ["statesUrl"] = "https://cem.example.org/states",
            ["dataUrl"] = "https://cem.example.org/states/OH/data",
            ["pressKitRequestUrl"] = "https://cem.example.org/press-kits/request?token=eee.fff",
        },
        EmailTemplateNames.PressKitReady => new Dictionary<string, string>
        {
            ["contactName"] = "Ada Lovelace",
            ["jurisdictionName"] = "Ohio",
            ["organizationName"] = "Ohio Department of Education",
            ["version"] = "2",
            ["downloadUrl"] = "https://cem.example.org/api/press-kits/download?token=ggg.hhh",
            ["expiresOn"] = "December 5, 2026",
            ["requestUrl"] = "https://cem.example.org/press-kits/request?token=eee.fff",
        },
        EmailTemplateNames.SignupRejected => new Dictionary<string, string>
        {
            ["contactName"] = "Ada Lovelace",
            ["jurisdictionName"] = "Ohio",
            ["organizationName"] = "Ohio Department of Education",
            ["reasonText"] = EmailTemplateNames.RejectionReasonText("We could not verify the organization."),
        },
        EmailTemplateNames.CommentModeration => new Dictionary<string, string>
        {
            ["thread"] = "cem-for-states",
            ["name"] = "Pat",
            ["email"] = "pat@example.org",
            ["website"] = "https://pat.example.org/",
            ["createdAt"] = "October 5, 2026 at 12:00 UTC",
            ["body"] = "Our districts loved the webinars.\nSecond line.",
            ["statusText"] = "This comment is waiting for moderation.",
            ["approveUrl"] = "https://cem.example.org/comments/approve?token=a.b",
            ["spamUrl"] = "https://cem.example.org/comments/spam?token=c.d",
            ["deleteUrl"] = "https://cem.example.org/comments/delete?token=e.f",
            ["pageUrl"] = "https://cem.example.org/comments?thread=cem-for-states#comment-x",
            ["expiresOn"] = "October 19, 2026",
        },
        EmailTemplateNames.CommentApproved => new Dictionary<string, string>
        {
            ["name"] = "Pat",
            ["thread"] = "cem-for-states",
            ["pageUrl"] = "https://cem.example.org/comments?thread=cem-for-states#comment-x",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "No sample values."),
    };

    public static IEnumerable<object[]> Names() =>
    [
        [EmailTemplateNames.SignupReceived],
        [EmailTemplateNames.ApprovalRequest],
        [EmailTemplateNames.SignupApproved],
        [EmailTemplateNames.SignupRejected],
        [EmailTemplateNames.PressKitReady],
        [EmailTemplateNames.CommentModeration],
        [EmailTemplateNames.CommentApproved],
    ];
}
