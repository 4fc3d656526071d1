using Cem.Core.Links;
using Cem.Core.Text;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Comments;

public enum ReplyOutcome
{
    /// <summary>Published under the comment; the asker is emailed the answer.</summary>
    Published,

    /// <summary>The text is wrong: see <see cref="ReplyResult.Errors"/>.</summary>
    Invalid,

    /// <summary>No such comment.</summary>
    NotFound,

    /// <summary>The comment was marked as spam or deleted: it cannot be answered.</summary>
    Refused,
}

public sealed record ReplyResult(ReplyOutcome Outcome, CommentId? Id = null, ValidationErrors? Errors = null);

/// <summary>
/// Staff answer comments. A reply is a row in the comment's thread keyed after it (see <see cref="CommentId"/>), marked
/// <see cref="Comment.ByStaff"/>: the mark comes from the caller's staff session, never from posted fields, so no
/// visitor can produce it. It is published at once; answering a comment that waits for moderation publishes it first
/// (the Approve transition, with the staff member in its audit trail). The asker is emailed the answer once, from the
/// <c>comment-approved</c> queue.
/// </summary>
public sealed class CommentReplies(CommentStore store, CommentModeration.Approve approve, TimeProvider time, ILogger<CommentReplies> logger)
{
    /// <summary>The name a staff reply shows, beside the mark.</summary>
    public const string StaffName = "CEM staff";

    /// <param name="staffAddress">The signed-in staff member (from the session): kept on the reply, never shown.</param>
    public async Task<ReplyResult> ReplyAsync(CommentId id, string staffAddress, string? text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(staffAddress);
        var errors = new ValidationErrors();
        var body = CommentValidator.Body(errors, text);
        if (body is null)
        {
            return new ReplyResult(ReplyOutcome.Invalid, Errors: errors);
        }

        // A reply answers a comment, not another reply: answering a reply adds to the same conversation.
        var parentId = id.Parent ?? id;
        var parent = await store.FindAsync(parentId, cancellationToken);
        if (parent is null)
        {
            return new ReplyResult(ReplyOutcome.NotFound);
        }

        if (parent.Status is CommentStatus.Spam or CommentStatus.Deleted)
        {
            return new ReplyResult(ReplyOutcome.Refused);
        }

        if (parent.Status == CommentStatus.Pending)
        {
            var approved = await approve.ActAsAsync(parentId.ToString(), staffAddress, LinkInput.None, cancellationToken);
            if (approved.Outcome is not (LinkOutcome.Done or LinkOutcome.AlreadyDone))
            {
                return new ReplyResult(approved.Outcome == LinkOutcome.NotFound ? ReplyOutcome.NotFound : ReplyOutcome.Refused);
            }
        }

        var now = time.GetUtcNow();
        var replyId = parentId.ReplyWith(Ulid.NewUlid(now));
        await store.AddAsync(new Comment
        {
            PartitionKey = replyId.Thread,
            RowKey = replyId.RowKey,
            Name = StaffName,
            Email = staffAddress,
            Body = body,
            CreatedAt = now,
            ModeratedAt = now,
            Status = CommentStatus.Approved,
            ByStaff = true,
        }, CommentQueues.Approved(replyId), cancellationToken);
        logger.LogInformation("Comment {CommentId} answered by staff ({ReplyId})", parentId, replyId);
        return new ReplyResult(ReplyOutcome.Published, replyId);
    }
}
