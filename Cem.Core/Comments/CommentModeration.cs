using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Staff;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

public enum ModerationAction
{
    Approve,
    Spam,
    Delete,
}

/// <summary>What happened when a moderator followed (GET) or used (POST) a link.</summary>
public sealed record ModerationResult(LinkOutcome Outcome, string Message, LinkCheck Link, Comment? Comment = null)
{
    public static ModerationResult Invalid(LinkCheck link) => new(LinkOutcome.InvalidLink, link.Explanation, link);
}

/// <summary>
/// Staff moderate a comment through the signed Approve / Spam / Delete links in the moderation email.
/// A GET only previews; the POST acts. Each action is idempotent; nothing comes back from deleted.
/// </summary>
public sealed class CommentModeration(
    CommentStore store,
    CommentQueues queues,
    ParticipationLog participation,
    SignedLinks links,
    StaffDirectory staff,
    IOptions<CemOptions> options,
    TimeProvider time,
    ILogger<CommentModeration> logger)
{
    public static string PurposeOf(ModerationAction action) => "comment-" + action.ToString().ToLowerInvariant();

    public static string PathOf(ModerationAction action) => "/comments/" + action.ToString().ToLowerInvariant();

    public Uri LinkFor(CommentId id, ModerationAction action, string staffAddress) =>
        options.Value.Link(PathOf(action) + "?token=" + Uri.EscapeDataString(links.Issue(PurposeOf(action), id.ToString(), StaffDirectory.IdOf(staffAddress))));

    public Task<ModerationResult> PreviewAsync(string? token, ModerationAction action, CancellationToken cancellationToken) =>
        RunAsync(token, action, commit: false, cancellationToken);

    public Task<ModerationResult> ActAsync(string? token, ModerationAction action, CancellationToken cancellationToken) =>
        RunAsync(token, action, commit: true, cancellationToken);

    private async Task<ModerationResult> RunAsync(string? token, ModerationAction action, bool commit, CancellationToken cancellationToken)
    {
        var link = links.Check(token, PurposeOf(action));
        if (!link.IsValid || !CommentId.TryParse(link.Claims!.Subject, out var id))
        {
            return ModerationResult.Invalid(link.IsValid ? new LinkCheck(LinkStatus.Tampered, null) : link);
        }

        if (staff.AddressOf(link.Claims.Actor) is null)
        {
            return new(LinkOutcome.Refused, "This link was sent to an address that is no longer on the CEM staff list.", link);
        }

        var target = action switch
        {
            ModerationAction.Approve => CommentStatus.Approved,
            ModerationAction.Spam => CommentStatus.Spam,
            _ => CommentStatus.Deleted,
        };
        for (var attempt = 0; ; attempt++)
        {
            var comment = await store.FindAsync(id, cancellationToken);
            if (comment is null)
            {
                return new(LinkOutcome.NotFound, "This comment no longer exists.", link);
            }

            if (comment.Status == target)
            {
                if (commit && target == CommentStatus.Approved)
                {
                    // Recovers a lost "approved" email (and log entry); each happens once.
                    await participation.RecordForStateAsync(id.Thread, ParticipationKinds.CommentApproved, id.ToString(), cancellationToken);
                    await queues.CommentApprovedAsync(id, cancellationToken);
                }

                return new(LinkOutcome.AlreadyDone, $"This comment is already {Describe(target)}.", link, comment);
            }

            if (comment.Status == CommentStatus.Deleted)
            {
                return new(LinkOutcome.Refused, "This comment was deleted; it cannot be changed now.", link, comment);
            }

            if (!commit)
            {
                return new(LinkOutcome.Ready, action switch
                {
                    ModerationAction.Approve => "Publish this comment?",
                    ModerationAction.Spam => "Mark this comment as spam? It will not be published.",
                    _ => "Delete this comment? Its text and the author's details are erased.",
                }, link, comment);
            }

            var wasApproved = comment.Status == CommentStatus.Approved;
            comment.Status = target;
            comment.ModeratedAt = time.GetUtcNow();
            if (target == CommentStatus.Deleted)
            {
                comment.Name = "";
                comment.Email = "";
                comment.Website = null;
                comment.Body = "";
            }

            try
            {
                await store.UpdateAsync(comment, cancellationToken);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                continue; // Moderated or voted on concurrently: read again and answer from the new state.
            }

            logger.LogInformation("Comment {CommentId} {Status} by staff {StaffId}", id, target, link.Claims.Actor);
            if (target == CommentStatus.Approved)
            {
                await store.MarkApprovedAuthorAsync(comment.Email, comment.ModeratedAt.Value, cancellationToken);
                await participation.RecordForStateAsync(id.Thread, ParticipationKinds.CommentApproved, id.ToString(), cancellationToken);
                await queues.CommentApprovedAsync(id, cancellationToken);
            }

            return new(LinkOutcome.Done, target switch
            {
                CommentStatus.Approved => "Approved. The comment is published and its author will be told by email.",
                CommentStatus.Spam => wasApproved ? "Marked as spam and taken off the page." : "Marked as spam. It will not be published.",
                _ => "Deleted.",
            }, link, comment);
        }
    }

    private static string Describe(string status) => status switch
    {
        CommentStatus.Approved => "approved",
        CommentStatus.Spam => "marked as spam",
        _ => "deleted",
    };
}
