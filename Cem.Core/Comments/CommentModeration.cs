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

    public sealed class Approve(LinkKit kit, CemStorage storage, CommentAuthors authors, ParticipationLog participation, StaffActor staff)
        : CommentModerationAction(kit, storage, authors, staff, ModerationAction.Approve)
    {
        protected override IEnumerable<PendingMessage> Messages(Comment subject, LinkClaims link) => [CommentQueues.Approved(subject.Id)];

        protected override async Task AfterAsync(Comment subject, LinkClaims link, CancellationToken cancellationToken)
        {
            await base.AfterAsync(subject, link, cancellationToken);
            await participation.RecordForStateAsync(subject.PartitionKey, ParticipationKinds.CommentApproved, IdOf(subject), cancellationToken);
        }
    }

    public sealed class Spam(LinkKit kit, CemStorage storage, CommentAuthors authors, StaffActor staff)
        : CommentModerationAction(kit, storage, authors, staff, ModerationAction.Spam);

    public sealed class Delete(LinkKit kit, CemStorage storage, CommentAuthors authors, StaffActor staff)
        : CommentModerationAction(kit, storage, authors, staff, ModerationAction.Delete);
}

/// <summary>
/// One moderation link: any state → approved, spam or deleted, except out of deleted. Approving trusts the comment's
/// author; spam and delete revoke that trust (see <see cref="CommentAuthors"/>).
/// </summary>
public abstract class CommentModerationAction(LinkKit kit, CemStorage storage, CommentAuthors authors, StaffActor staff, ModerationAction action)
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
            // The keyed hash stays (it names nobody), so the deletion keeps counting against the author's trust.
            subject.AuthorKey ??= AuthorKeyOf(subject);
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

    /// <summary>The author's trust follows the moderator's latest decision about any of their comments.</summary>
    protected override async Task AfterAsync(Comment subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (AuthorKeyOf(subject) is not { } author)
        {
            return;
        }

        var at = subject.ModeratedAt ?? Time.GetUtcNow();
        await (target == CommentStatus.Approved
            ? authors.TrustAsync(author, at, cancellationToken)
            : authors.RevokeAsync(author, at, cancellationToken));
    }

    /// <summary>Staff replies have no author to trust; comments posted before author keys were stored are keyed now.</summary>
    private string? AuthorKeyOf(Comment subject) =>
        subject.ByStaff ? null : subject.AuthorKey ?? (subject.Email.Length > 0 ? authors.KeyOf(subject.Email) : null);

    private static string Describe(string status) => status switch
    {
        CommentStatus.Approved => "approved",
        CommentStatus.Spam => "marked as spam",
        _ => "deleted",
    };
}
