using Azure;
using Azure.Data.Tables;
using Cem.Core.Storage;

namespace Cem.Core.Comments;

/// <summary>A vote's direction; <see cref="None"/> withdraws it.</summary>
public static class VoteDirection
{
    public const string Up = "up";
    public const string Down = "down";
    public const string None = "none";

    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? direction) => direction is Up or Down or None;
}

/// <summary>
/// Storage for comments. A thread's partition in the Comments table holds its comments (RowKey =
/// ULID) and their votes (RowKey = <c>vote-{voter hash}-{comment ULID}</c>); keeping them together
/// lets a vote and the comment's counters change in one entity-group transaction, guarded by the
/// comment's ETag, so the counts always equal the vote rows. Authors' trust is in
/// <see cref="CommentAuthors"/>.
/// </summary>
public sealed class CommentStore(CemStorage storage, MessageOutbox outbox)
{
    private const string VotePrefix = "vote-";

    // ULIDs start with a digit 0-7 (48-bit time): this range holds every comment row and no vote row.
    private const string FirstComment = "0";
    private const string AfterLastComment = "8";

    private readonly TableClient comments = storage.Table(StorageNames.CommentsTable);

    /// <summary>Adds a comment and sends <paramref name="message"/> once it is stored (<see cref="MessageOutbox"/>).</summary>
    public Task AddAsync(Comment comment, PendingMessage message, CancellationToken cancellationToken) =>
        outbox.SubmitAsync(comments, [new TableTransactionAction(TableTransactionActionType.Add, comment)], message, cancellationToken);

    public async Task<Comment?> FindAsync(CommentId id, CancellationToken cancellationToken)
    {
        var response = await comments.GetEntityIfExistsAsync<Comment>(id.Thread, id.RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Approved comments after <paramref name="afterRowKey"/>, oldest first: up to <paramref name="take"/>, and whether
    /// more follow. A comment's replies follow it and are never cut off from it: a full page still takes them.
    /// </summary>
    public async Task<(IReadOnlyList<Comment> Comments, bool More)> ApprovedAsync(string thread, string? afterRowKey, int take, CancellationToken cancellationToken)
    {
        var from = afterRowKey ?? "";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {thread} and RowKey gt {from} and RowKey ge {FirstComment} and RowKey lt {AfterLastComment} and Status eq {CommentStatus.Approved}");
        var page = new List<Comment>(take);
        await foreach (var comment in comments.QueryAsync<Comment>(filter, maxPerPage: take + 1, cancellationToken: cancellationToken))
        {
            if (page.Count >= take && comment.Id.Parent is null)
            {
                return (page, true);
            }

            page.Add(comment);
        }

        return (page, false);
    }

    /// <summary>Comments waiting for a moderator in every thread, oldest first. A cross-partition query: moderation is rare and the queue short.</summary>
    public async Task<IReadOnlyList<Comment>> PendingAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {FirstComment} and RowKey lt {AfterLastComment} and Status eq {CommentStatus.Pending}");
        var pending = new List<Comment>();
        await foreach (var comment in comments.QueryAsync<Comment>(filter, cancellationToken: cancellationToken))
        {
            pending.Add(comment);
        }

        return [.. pending.OrderBy(c => c.RowKey, StringComparer.Ordinal)];
    }

    /// <summary>Comments marked as spam at or before <paramref name="before"/>, in every thread (for retention).</summary>
    public async Task<IReadOnlyList<Comment>> SpamBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {FirstComment} and RowKey lt {AfterLastComment} and Status eq {CommentStatus.Spam} and ModeratedAt le {before}");
        var spam = new List<Comment>();
        await foreach (var comment in comments.QueryAsync<Comment>(filter, cancellationToken: cancellationToken))
        {
            spam.Add(comment);
        }

        return spam;
    }

    /// <summary>Deletes the comment row unless it changed since it was read; false when it changed or is gone.</summary>
    public async Task<bool> DeleteAsync(Comment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        try
        {
            // A comment already gone answers 404 without throwing.
            return !(await comments.DeleteEntityAsync(comment.PartitionKey, comment.RowKey, comment.ETag, cancellationToken)).IsError;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<TableEntity?> FindVoteAsync(CommentId id, string voter, CancellationToken cancellationToken)
    {
        var response = await comments.GetEntityIfExistsAsync<TableEntity>(id.Thread, VoteRowKey(voter, id), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>A voter's votes in a thread: comment row key → direction.</summary>
    public async Task<IReadOnlyDictionary<string, string>> VotesOfAsync(string thread, string voter, CancellationToken cancellationToken)
    {
        var prefix = VotePrefix + voter + "-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {thread} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var votes = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in comments.QueryAsync<TableEntity>(filter, select: ["RowKey", "Direction"], cancellationToken: cancellationToken))
        {
            votes[row.RowKey[prefix.Length..]] = row.GetString("Direction") ?? VoteDirection.None;
        }

        return votes;
    }

    /// <summary>
    /// Writes the voter's new direction and the comment's counters together. Fails with 412 (or 409/404)
    /// when the comment or the vote changed since they were read; the caller reads again and retries.
    /// </summary>
    public Task CommitVoteAsync(Comment comment, TableEntity? previousVote, string voter, string direction, CancellationToken cancellationToken)
    {
        var counters = new TableEntity(comment.PartitionKey, comment.RowKey) { ["Up"] = comment.Up, ["Down"] = comment.Down };
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, counters, comment.ETag) };
        var rowKey = VoteRowKey(voter, comment.Id);
        if (direction == VoteDirection.None)
        {
            actions.Add(new(TableTransactionActionType.Delete, previousVote!, previousVote!.ETag));
        }
        else if (previousVote is null)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(comment.PartitionKey, rowKey) { ["Direction"] = direction }));
        }
        else
        {
            previousVote["Direction"] = direction;
            actions.Add(new(TableTransactionActionType.UpdateReplace, previousVote, previousVote.ETag));
        }

        return comments.SubmitTransactionAsync(actions, cancellationToken);
    }

    private static string VoteRowKey(string voter, CommentId id) => VotePrefix + voter + "-" + id.RowKey;
}
