using Cem.Core.Comments;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Comments;

/// <summary>The Approve, Spam and Delete links in a moderation email: the GET shows the comment and a button, the POST acts.</summary>
public sealed class CommentModerationFunctions(CommentModeration moderation)
{
    [Function(nameof(ApproveCommentPage))]
    public Task<IActionResult> ApproveCommentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/approve")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Approve, cancellationToken);

    [Function(nameof(SpamCommentPage))]
    public Task<IActionResult> SpamCommentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/spam")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Spam, cancellationToken);

    [Function(nameof(DeleteCommentPage))]
    public Task<IActionResult> DeleteCommentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/delete")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Delete, cancellationToken);

    [Function(nameof(ApproveComment))]
    public Task<IActionResult> ApproveComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/approve")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, moderation.For(ModerationAction.Approve), cancellationToken);

    [Function(nameof(SpamComment))]
    public Task<IActionResult> SpamComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/spam")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, moderation.For(ModerationAction.Spam), cancellationToken);

    [Function(nameof(DeleteComment))]
    public Task<IActionResult> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/delete")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, moderation.For(ModerationAction.Delete), cancellationToken);

    private Task<IActionResult> PageAsync(HttpRequest request, ModerationAction action, CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, moderation.For(action), (preview, token) => CommentPages.Moderate(preview.Subject!, token, action, preview.Message), cancellationToken);
}
