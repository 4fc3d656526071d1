using Cem.Core.Storage;

namespace Cem.Core.Comments;

/// <summary>A step of the comment workflow for a queue-triggered function: the id only, never personal data.</summary>
public sealed record CommentMessage(string Kind, string CommentId) : Email.RetriedMessage;

public sealed class CommentQueues(CemStorage storage)
{
    /// <summary>A comment was posted: ask staff to moderate it.</summary>
    public Task CommentReceivedAsync(CommentId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.CommentReceivedQueue, id, cancellationToken);

    /// <summary>A moderator approved a comment: tell its author.</summary>
    public Task CommentApprovedAsync(CommentId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.CommentApprovedQueue, id, cancellationToken);

    // Each step has a queue of its own, named after the step: the message's kind and its queue are the same name.
    private Task SendAsync(string step, CommentId id, CancellationToken cancellationToken) =>
        storage.SendAsync(step, new CommentMessage(step, id.ToString()), cancellationToken);
}
