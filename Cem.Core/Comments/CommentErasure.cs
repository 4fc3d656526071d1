using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cem.Core.Comments;

/// <summary>
/// "Delete my data", from the footer of any email about a comment. The POST removes the author's name, address, website
/// and keyed address hash from the comment, in one transaction with its used-link and audit rows; the author chooses
/// whether the text stays (shown as by <see cref="FormerParticipant"/>) or goes (<see cref="RemoveTextChoice"/>, the
/// comment is then deleted like a moderator's delete). Then the mailer's records of the comment and of staff answers to
/// it go.
/// </summary>
public sealed class CommentErasure(LinkKit kit, CemStorage storage, SentEmailRecords records, ILogger<CommentErasure> logger)
    : LinkAction<Comment>(kit)
{
    public const string Kind = "comment";
    public const string ErasePurpose = "comment-erase";
    public const string Page = "/delete-my-data/comment";

    /// <summary>The posted <c>choice</c> that removes the text too; anything else keeps it.</summary>
    public const string RemoveTextChoice = "remove-text";

    /// <summary>The name a kept comment shows once its author's name is deleted.</summary>
    public const string FormerParticipant = "a former participant";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(60);

    private readonly TableClient table = storage.Table(StorageNames.CommentsTable);

    public override string Purpose => ErasePurpose;
    public override string PagePath => Page;
    public override string Title => "Delete my data";
    public override string DoneTitle => "Your data is deleted";
    public override string SubjectNoun => "comment";
    public override string IdField => "commentId";

    protected override ILinkActor Actor => CommentConfirmation.Author;
    protected override TimeSpan? Lifetime => LinkLifetime;
    protected override TableClient Table => table;

    /// <summary>What an email about <paramref name="comment"/> declares, so its footer carries this link.</summary>
    public static DataSubject SubjectOf(Comment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new DataSubject(Kind, comment.Id.ToString());
    }

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
        { ErasedAt: not null } or { Status: CommentStatus.Deleted } => LinkVerdict.AlreadyDone("Your name and email address are no longer kept with this comment."),
        _ => LinkVerdict.Ready("This removes your name, email address and website from your comment. Choose whether its text stays, shown as written by \"" + FormerParticipant + "\", or is removed too."),
    };

    protected override LinkTransition Apply(Comment subject, LinkInput input, DateTimeOffset now)
    {
        var removeText = input.Choice == RemoveTextChoice;
        subject.ErasedAt = now;
        subject.Email = "";
        subject.Website = null;
        subject.AuthorKey = null;
        subject.Name = removeText ? "" : FormerParticipant;
        if (!removeText)
        {
            return new("author-deleted", "Your name and email address are deleted. Your comment stays, shown as written by \"" + FormerParticipant + "\".");
        }

        subject.Status = CommentStatus.Deleted;
        subject.Body = "";
        return new("author-deleted-with-text", "Your comment, your name and your email address are deleted.");
    }

    protected override async Task AfterAsync(Comment subject, LinkClaims link, CancellationToken cancellationToken)
    {
        if (subject.ErasedAt is null)
        {
            return;
        }

        // The records of this comment's emails, and of staff answers to it (sent to this author), hold a hash of the address.
        await records.ForgetAsync("comment/" + subject.Id, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subject.PartitionKey} and RowKey gt {subject.RowKey} and RowKey lt {subject.RowKey + "~"}");
        await foreach (var reply in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await records.ForgetAsync("comment/" + new CommentId(subject.PartitionKey, reply.RowKey), cancellationToken);
        }

        logger.LogInformation("Comment {CommentId}: its author's data is deleted", subject.Id);
    }
}

/// <summary>Issues the "delete my data" links of comments for the mailer.</summary>
public sealed class CommentDeletionLinks(LinkKit kit) : IDataDeletionLinks
{
    public string Kind => CommentErasure.Kind;

    public Uri LinkFor(string subjectId) =>
        kit.LinkFor(CommentErasure.ErasePurpose, CommentErasure.Page, subjectId, CommentConfirmation.Author.IdFor(null), CommentErasure.LinkLifetime);
}
