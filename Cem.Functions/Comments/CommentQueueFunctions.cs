using Cem.Core.Comments;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Comments;

/// <summary>
/// The emails of the comment workflow, and the daily clean-up of used challenges and ended rate-limit
/// windows. Failures propagate so the host retries; the mailer sends nothing twice.
/// </summary>
public sealed class CommentQueueFunctions(CommentEmails emails, CommentGuardCleanup cleanup)
{
    [Function("SendCommentModerationRequests")]
    public Task CommentReceived(
        [QueueTrigger("%CemStoragePrefix%-comment-received")] CommentMessage message,
        CancellationToken cancellationToken) => emails.SendModerationRequestsAsync(IdOf(message), cancellationToken);

    [Function("SendCommentApprovedEmail")]
    public Task CommentApproved(
        [QueueTrigger("%CemStoragePrefix%-comment-approved")] CommentMessage message,
        CancellationToken cancellationToken) => emails.SendApprovedAsync(IdOf(message), cancellationToken);

    [Function("CleanUpCommentGuards")]
    public Task CleanUp(
        [TimerTrigger("0 17 3 * * *")] TimerInfo timer,
        CancellationToken cancellationToken) => cleanup.RunAsync(cancellationToken);

    private static CommentId IdOf(CommentMessage message) =>
        CommentId.TryParse(message.CommentId, out var id) ? id : throw new FormatException("The queue message does not carry a comment id.");
}
