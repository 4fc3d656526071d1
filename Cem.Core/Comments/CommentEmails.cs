using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Staff;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>
/// The moderation request to each staff member and the "confirm your comment" request to the address it was posted
/// with; the "your comment is published" email to its author.
/// </summary>
public sealed class CommentEmails(
    CommentStore store,
    CommentModeration moderation,
    CommentConfirmation confirmation,
    StaffDirectory staff,
    IMailer mailer,
    SignedLinks links,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<CommentEmails> logger)
{
    /// <summary>A comment was posted: staff are asked to moderate it, and an unproven poster to confirm the address.</summary>
    public async Task SendReceivedAsync(CommentId id, CancellationToken cancellationToken)
    {
        var comment = await store.FindAsync(id, cancellationToken);
        if (comment is null || comment.Status is CommentStatus.Deleted or CommentStatus.Spam)
        {
            logger.LogInformation("Comment {CommentId} needs no moderation request (gone or already moderated)", id);
            return;
        }

        await SendModerationRequestsAsync(comment, cancellationToken);
        if (comment.Status == CommentStatus.Pending && comment.AuthorConfirmedAt is null && !comment.ConfirmationWithheld && comment.Email.Length > 0)
        {
            await mailer.SendOnceAsync(
                "comment/" + id,
                comment.Email,
                new CommentConfirmEmail(comment.Email, confirmation.LinkFor(id.ToString()), Dates.Long(time.GetUtcNow() + links.Lifetime), CommentErasure.SubjectOf(comment)),
                cancellationToken);
        }
    }

    private async Task SendModerationRequestsAsync(Comment comment, CancellationToken cancellationToken)
    {
        var id = comment.Id;

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
                address,
                new CommentModerationEmail(
                    Thread: comment.PartitionKey,
                    Name: comment.Name,
                    Email: comment.Email,
                    Website: comment.Website ?? "(none given)",
                    CreatedAt: Dates.LongWithTime(comment.CreatedAt),
                    Body: comment.Body,
                    StatusText: statusText,
                    ApproveUrl: moderation.LinkFor(id, ModerationAction.Approve, address),
                    SpamUrl: moderation.LinkFor(id, ModerationAction.Spam, address),
                    DeleteUrl: moderation.LinkFor(id, ModerationAction.Delete, address),
                    PageUrl: PageUrl(comment),
                    ExpiresOn: Dates.Long(time.GetUtcNow() + links.Lifetime)),
                cancellationToken);
        }
    }

    /// <summary>A comment was published: its author is told; for a staff reply, the author of the comment it answers gets the answer.</summary>
    public async Task SendApprovedAsync(CommentId id, CancellationToken cancellationToken)
    {
        var comment = await store.FindAsync(id, cancellationToken);
        if (comment is null || comment.Status != CommentStatus.Approved)
        {
            logger.LogInformation("Comment {CommentId} is not approved; no email to its author", id);
            return;
        }

        if (comment.ByStaff)
        {
            var asked = id.Parent is { } parentId ? await store.FindAsync(parentId, cancellationToken) : null;
            if (asked is null || asked.ByStaff || asked.Email.Length == 0 || asked.Status is CommentStatus.Spam or CommentStatus.Deleted)
            {
                logger.LogInformation("Staff reply {CommentId} has nobody to tell", id);
                return;
            }

            await mailer.SendOnceAsync("comment/" + id, asked.Email, new CommentAnsweredEmail(asked.Name, comment.Body, PageUrl(comment), CommentErasure.SubjectOf(asked)), cancellationToken);
            return;
        }

        if (comment.Email.Length == 0)
        {
            logger.LogInformation("Comment {CommentId} has no author address (deleted by its author); no email", id);
            return;
        }

        await mailer.SendOnceAsync("comment/" + id, comment.Email, new CommentApprovedEmail(comment.Name, PageUrl(comment), CommentErasure.SubjectOf(comment)), cancellationToken);
    }

    private Uri PageUrl(Comment comment) =>
        options.Value.Link("/comments?thread=" + comment.PartitionKey + "#comment-" + comment.Id);
}
