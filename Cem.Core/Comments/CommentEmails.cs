using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>The moderation request to each staff member, and the "your comment is published" email to its author.</summary>
public sealed class CommentEmails(
    CommentStore store,
    CommentModeration moderation,
    StaffDirectory staff,
    IMailer mailer,
    SignedLinks links,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<CommentEmails> logger)
{
    public const string ModerationTemplate = EmailTemplateNames.CommentModeration;
    public const string ApprovedTemplate = EmailTemplateNames.CommentApproved;

    public async Task SendModerationRequestsAsync(CommentId id, CancellationToken cancellationToken)
    {
        var comment = await store.FindAsync(id, cancellationToken);
        if (comment is null || comment.Status is CommentStatus.Deleted or CommentStatus.Spam)
        {
            logger.LogInformation("Comment {CommentId} needs no moderation request (gone or already moderated)", id);
            return;
        }

        if (staff.Addresses.Count == 0)
        {
            // Retrying cannot help until Cem:StaffEmails is set; the message ends in the poison queue to be replayed.
            throw new InvalidOperationException("No CEM staff addresses are configured (Cem:StaffEmails).");
        }

        var statusText = comment.Status == CommentStatus.Approved
            ? "This comment is already published (" + (comment.ModerationNote ?? "approved") + "). Mark it as spam or delete it if it should not be."
            : "This comment is waiting for moderation" + (comment.ModerationNote is null ? "." : ": " + comment.ModerationNote);
        foreach (var address in staff.Addresses)
        {
            await mailer.SendOnceAsync(
                "comment/" + id,
                ModerationTemplate,
                address,
                new Dictionary<string, string>
                {
                    ["thread"] = comment.PartitionKey,
                    ["name"] = comment.Name,
                    ["email"] = comment.Email,
                    ["website"] = comment.Website ?? "(none given)",
                    ["createdAt"] = Dates.LongWithTime(comment.CreatedAt),
                    ["body"] = comment.Body,
                    ["statusText"] = statusText,
                    ["approveUrl"] = moderation.LinkFor(id, ModerationAction.Approve, address).ToString(),
                    ["spamUrl"] = moderation.LinkFor(id, ModerationAction.Spam, address).ToString(),
                    ["deleteUrl"] = moderation.LinkFor(id, ModerationAction.Delete, address).ToString(),
                    ["pageUrl"] = PageUrl(comment).ToString(),
                    ["expiresOn"] = Dates.Long(time.GetUtcNow() + links.Lifetime),
                },
                cancellationToken);
        }
    }

    public async Task SendApprovedAsync(CommentId id, CancellationToken cancellationToken)
    {
        var comment = await store.FindAsync(id, cancellationToken);
        if (comment is null || comment.Status != CommentStatus.Approved)
        {
            logger.LogInformation("Comment {CommentId} is not approved; no email to its author", id);
            return;
        }

        await mailer.SendOnceAsync(
            "comment/" + id,
            ApprovedTemplate,
            comment.Email,
            new Dictionary<string, string> { ["name"] = comment.Name, ["thread"] = comment.PartitionKey, ["pageUrl"] = PageUrl(comment).ToString() },
            cancellationToken);
    }

    private Uri PageUrl(Comment comment) =>
        options.Value.Link("/comments?thread=" + comment.PartitionKey + "#comment-" + comment.Id);
}
