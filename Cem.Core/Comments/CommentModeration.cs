using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Participation;
using Cem.Core.Staff;
using Cem.Core.Storage;

namespace Cem.Core.Comments;

public enum ModerationAction
{
    Approve,
    Spam,
    Delete,
}

/// <summary>
/// Staff moderate a comment through the signed Approve / Spam / Delete links in the moderation email.
/// Each action is idempotent; nothing comes back from deleted.
/// </summary>
public sealed class CommentModeration(CommentModeration.Approve approve, CommentModeration.Spam spam, CommentModeration.Delete delete)
{
    public CommentModerationAction For(ModerationAction action) => action switch
    {
        ModerationAction.Approve => approve,
        ModerationAction.Spam => spam,
        _ => delete,
    };

    public Uri LinkFor(CommentId id, ModerationAction action, string staffAddress) => For(action).LinkFor(id.ToString(), staffAddress);

    public sealed class Approve(LinkKit kit, CemStorage storage, CommentStore store, CommentQueues queues, ParticipationLog participation, StaffActor staff)
        : CommentModerationAction(kit, storage, staff, ModerationAction.Approve)
    {
        protected override async Task AfterAsync(Comment subject, LinkClaims link, CancellationToken cancellationToken)
        {
            await store.MarkApprovedAuthorAsync(subject.Email, subject.ModeratedAt ?? Time.GetUtcNow(), cancellationToken);
            await participation.RecordForStateAsync(subject.PartitionKey, ParticipationKinds.CommentApproved, IdOf(subject), cancellationToken);
            await queues.CommentApprovedAsync(subject.Id, cancellationToken);
        }
    }

    public sealed class Spam(LinkKit kit, CemStorage storage, StaffActor staff)
        : CommentModerationAction(kit, storage, staff, ModerationAction.Spam);

    public sealed class Delete(LinkKit kit, CemStorage storage, StaffActor staff)
        : CommentModerationAction(kit, storage, staff, ModerationAction.Delete);
}

/// <summary>One moderation link: any state → approved, spam or deleted, except out of deleted.</summary>
public abstract class CommentModerationAction(LinkKit kit, CemStorage storage, StaffActor staff, ModerationAction action)
    : LinkAction<Comment>(kit)
{
    private readonly string verb = action.ToString().ToLowerInvariant();

    private readonly string target = action switch
    {
        ModerationAction.Approve => CommentStatus.Approved,
        ModerationAction.Spam => CommentStatus.Spam,
        _ => CommentStatus.Deleted,
    };

    public ModerationAction Action => action;

    public override string Purpose => "comment-" + verb;
    public override string PagePath => "/comments/" + verb;

    public override string Title => action switch
    {
        ModerationAction.Approve => "Approve comment",
        ModerationAction.Spam => "Mark comment as spam",
        _ => "Delete comment",
    };

    public override string DoneTitle => Title;
    public override string SubjectNoun => "comment";
    public override string IdField => "commentId";

    protected override ILinkActor Actor => staff;
    protected override TableClient Table { get; } = storage.Table(StorageNames.CommentsTable);

    public override string IdOf(Comment subject) => subject.Id.ToString();

    public override string StatusOf(Comment subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        var parsed = CommentId.TryParse(subjectId, out var id);
        (partitionKey, rowKey) = (id.Thread ?? "", id.RowKey ?? "");
        return parsed;
    }

    protected override LinkVerdict Judge(Comment subject)
    {
        if (subject.Status == target)
        {
            return LinkVerdict.AlreadyDone($"This comment is already {Describe(target)}.");
        }

        if (subject.Status == CommentStatus.Deleted)
        {
            return LinkVerdict.Refused("This comment was deleted; it cannot be changed now.");
        }

        return LinkVerdict.Ready(action switch
        {
            ModerationAction.Approve => "Publish this comment?",
            ModerationAction.Spam => "Mark this comment as spam? It will not be published.",
            _ => "Delete this comment? Its text and the author's details are erased.",
        });
    }

    protected override LinkTransition Apply(Comment subject, LinkInput input, DateTimeOffset now)
    {
        var wasApproved = subject.Status == CommentStatus.Approved;
        subject.Status = target;
        subject.ModeratedAt = now;
        if (target == CommentStatus.Deleted)
        {
            subject.Name = "";
            subject.Email = "";
            subject.Website = null;
            subject.Body = "";
        }

        return new(target, target switch
        {
            CommentStatus.Approved => "Approved. The comment is published and its author will be told by email.",
            CommentStatus.Spam => wasApproved ? "Marked as spam and taken off the page." : "Marked as spam. It will not be published.",
            _ => "Deleted.",
        });
    }

    private static string Describe(string status) => status switch
    {
        CommentStatus.Approved => "approved",
        CommentStatus.Spam => "marked as spam",
        _ => "deleted",
    };
}
