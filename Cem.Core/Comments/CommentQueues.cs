using System.Text.Json;
using Cem.Core.Storage;

namespace Cem.Core.Comments;

/// <summary>A step of the comment workflow for a queue-triggered function: the id only, never personal data.</summary>
public sealed record CommentMessage(string Kind, string CommentId);

public sealed class CommentQueues(CemStorage storage)
{
    /// <summary>A comment was posted: ask staff to moderate it.</summary>
    public Task CommentReceivedAsync(CommentId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.CommentReceivedQueue, id, cancellationToken);

    /// <summary>A moderator approved a comment: tell its author.</summary>
    public Task CommentApprovedAsync(CommentId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.CommentApprovedQueue, id, cancellationToken);

    private async Task SendAsync(string queue, CommentId id, CancellationToken cancellationToken) =>
        await storage.Queue(queue).SendMessageAsync(JsonSerializer.Serialize(new CommentMessage(queue, id.ToString()), JsonSerializerOptions.Web), cancellationToken);
}
