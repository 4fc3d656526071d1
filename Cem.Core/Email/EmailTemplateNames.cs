using Cem.Core.Comments;

namespace Cem.Core.Email;

/// <summary>The templates in <c>Email/Templates/</c>, and helpers for values that need preparing.</summary>
public static class EmailTemplateNames
{
    /// <summary>To the signer. Values: contactName, organizationName, jurisdictionName, confirmUrl, expiresOn.</summary>
    public const string SignupReceived = "signup-received";

    /// <summary>
    /// To a staff member. Values: jurisdictionName, jurisdictionCode, organizationName, organizationType,
    /// contactName, contactTitle, email, phone, activities, submittedAt, domainHint, approveUrl, rejectUrl, expiresOn.
    /// </summary>
    public const string ApprovalRequest = "approval-request";

    /// <summary>To the signer. Values: contactName, jurisdictionName, organizationName, statesUrl, pressKitRequestUrl, dataUrl.</summary>
    public const string SignupApproved = "signup-approved";

    /// <summary>
    /// To the signer. Values: contactName, jurisdictionName, organizationName, reasonText — build
    /// reasonText with <see cref="RejectionReasonText"/> so the sentence reads well with or without a reason.
    /// </summary>
    public const string SignupRejected = "signup-rejected";

    /// <summary>
    /// To the state contact. Values: contactName, jurisdictionName, organizationName, version, downloadUrl,
    /// expiresOn, requestUrl.
    /// </summary>
    public const string PressKitReady = "press-kit-ready";

    /// <summary>
    /// To a staff member. Values: thread, name, email, website, createdAt, body, statusText, approveUrl,
    /// spamUrl, deleteUrl, pageUrl, expiresOn.
    /// </summary>
    public const string CommentModeration = "comment-moderation";

    /// <summary>To a comment's author. Values: name, thread, pageUrl.</summary>
    public const string CommentApproved = "comment-approved";

    /// <summary>The <c>reasonText</c> value for <see cref="SignupRejected"/>: one full sentence.</summary>
    public static string RejectionReasonText(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? "No specific reason was recorded."
            : $"The reason given was: \u201C{reason.Trim()}\u201D";
}
