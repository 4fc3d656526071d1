using Cem.Core.Comments;
using Cem.Core.Email;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Comments;

/// <summary>
/// The emails of the comment workflow, and the daily clean-up of used challenges and ended rate-limit
/// windows. Transient email failures are retried later by <see cref="EmailRetries"/>; other failures propagate so the
/// host retries; the mailer sends nothing twice.
/// </summary>
public sealed class CommentQueueFunctions(CommentEmails emails, CommentGuardCleanup cleanup, EmailRetries retries)
{
    [Function(nameof(SendCommentModerationRequests))]
    public Task SendCommentModerationRequests(
        [QueueTrigger(StorageNames.CommentReceivedTrigger)] CommentMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.CommentReceivedQueue, message, (m, ct) => emails.SendReceivedAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(SendCommentApprovedEmail))]
    public Task SendCommentApprovedEmail(
        [QueueTrigger(StorageNames.CommentApprovedTrigger)] CommentMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.CommentApprovedQueue, message, (m, ct) => emails.SendApprovedAsync(IdOf(m), ct), cancellationToken);

    [Function(nameof(CleanUpCommentGuards))]
    public Task CleanUpCommentGuards(
        [TimerTrigger("%CommentCleanupSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) => cleanup.RunAsync(cancellationToken);

    private static CommentId IdOf(CommentMessage message) =>
        CommentId.TryParse(message.CommentId, out var id) ? id : throw new FormatException("The queue message does not carry a comment id.");
}
