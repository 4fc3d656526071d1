using Azure.Data.Tables;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Options;

namespace Cem.Core.Comments;

/// <summary>
/// The "confirm your comment" link emailed to the address a comment was posted with: whoever uses it holds that
/// mailbox, so it proves the address. Confirming publishes the comment when its author is trusted (through the
/// Approve transition, so the audit trail and the side effects are the moderator's); otherwise the comment keeps
/// waiting for a moderator. The function answering the POST gives the browser the author cookie.
/// </summary>
public sealed class CommentConfirmation(LinkKit kit, CemStorage storage, CommentAuthors authors, CommentModeration.Approve approve, IOptions<CommentOptions> options)
    : LinkAction<Comment>(kit)
{
    /// <summary>The audit name of the author acting on their own comment.</summary>
    public const string AuthorActor = "author";

    internal static readonly SubjectContact Author = new(AuthorActor);

    public override string Purpose => "comment-confirm";
    public override string PagePath => "/comments/confirm";
    public override string Title => "Confirm your comment";
    public override string DoneTitle => "Comment confirmed";
    public override string SubjectNoun => "comment";
    public override string IdField => "commentId";

    protected override ILinkActor Actor => Author;
    protected override TableClient Table { get; } = storage.Table(StorageNames.CommentsTable);

    public override string IdOf(Comment subject) => subject.Id.ToString();

    public override string StatusOf(Comment subject) => subject.Status;

    protected override bool TryLocate(string subjectId, out string partitionKey, out string rowKey)
    {
        var parsed = CommentId.TryParse(subjectId, out var id);
        (partitionKey, rowKey) = (id.Thread ?? "", id.RowKey ?? "");
        return parsed;
    }

    protected override LinkVerdict Judge(Comment subject) => subject switch
    {
        { Status: CommentStatus.Spam or CommentStatus.Deleted } => LinkVerdict.Refused("This comment was removed by CEM staff; it cannot be confirmed."),
        { Status: CommentStatus.Approved } => LinkVerdict.AlreadyDone("Your comment is published."),
        { AuthorConfirmedAt: not null } => LinkVerdict.AlreadyDone("You have confirmed this comment. It appears once CEM staff approve it."),
        _ => LinkVerdict.Ready("Confirm that you wrote this comment?"),
    };

    protected override LinkTransition Apply(Comment subject, LinkInput input, DateTimeOffset now)
    {
        subject.AuthorConfirmedAt = now;
        return new("author-confirmed", "Thank you: your address is confirmed. Your comment appears once CEM staff approve it.");
    }

    /// <summary>A trusted author's confirmed comment is published, unless it was held for a moderator whoever posted it.</summary>
    protected override async Task AfterAsync(Comment subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.Status == CommentStatus.Pending && !subject.Held && options.Value.AutoApproveKnownAuthors && subject.AuthorKey is { } author
            && await authors.IsTrustedAsync(author, cancellationToken))
        {
            await approve.ActAsAsync(IdOf(subject), AuthorActor + " (trusted, confirmed by link)", LinkInput.None, cancellationToken);
        }
    }
}
