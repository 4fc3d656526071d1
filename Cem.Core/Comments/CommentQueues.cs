using Cem.Core.Storage;

namespace Cem.Core.Comments;

/// <summary>A step of the comment workflow for a queue-triggered function: the id only, never personal data.</summary>
public sealed record CommentMessage(string Kind, string CommentId) : Email.RetriedMessage;

/// <summary>The messages of the comment workflow, sent by the commit of the change that causes them (<see cref="MessageOutbox"/>).</summary>
public static class CommentQueues
{
    /// <summary>A comment was posted: ask staff to moderate it.</summary>
    public static PendingMessage Received(CommentId id) => Message(StorageNames.CommentReceivedQueue, id);

    /// <summary>A moderator approved a comment (or staff answered one): tell its author.</summary>
    public static PendingMessage Approved(CommentId id) => Message(StorageNames.CommentApprovedQueue, id);

    // Each step has a queue of its own, named after the step: the message's kind and its queue are the same name.
    private static PendingMessage Message(string step, CommentId id) => new(step, new CommentMessage(step, id.ToString()));
}
