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
    [Function("ApproveCommentPage")]
    public Task<IActionResult> ApprovePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/approve")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Approve, cancellationToken);

    [Function("SpamCommentPage")]
    public Task<IActionResult> SpamPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/spam")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Spam, cancellationToken);

    [Function("DeleteCommentPage")]
    public Task<IActionResult> DeletePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/delete")] HttpRequest request,
        CancellationToken cancellationToken) => PageAsync(request, ModerationAction.Delete, cancellationToken);

    [Function("ApproveComment")]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/approve")] HttpRequest request,
        CancellationToken cancellationToken) => ActAsync(request, ModerationAction.Approve, cancellationToken);

    [Function("SpamComment")]
    public Task<IActionResult> Spam(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/spam")] HttpRequest request,
        CancellationToken cancellationToken) => ActAsync(request, ModerationAction.Spam, cancellationToken);

    [Function("DeleteComment")]
    public Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/delete")] HttpRequest request,
        CancellationToken cancellationToken) => ActAsync(request, ModerationAction.Delete, cancellationToken);

    private async Task<IActionResult> PageAsync(HttpRequest request, ModerationAction action, CancellationToken cancellationToken)
    {
        string token = request.Query["token"].ToString();
        var result = await moderation.PreviewAsync(token, action, cancellationToken);
        return Answer(request, result, CommentPages.ModerationTitle(action), () => CommentPages.Moderate(result.Comment!, token, action, result.Message));
    }

    private async Task<IActionResult> ActAsync(HttpRequest request, ModerationAction action, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, form => new LinkForm { Token = form.Field("token") }, cancellationToken, 8 * 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        return Answer(request, await moderation.ActAsync(body.Value!.Token, action, cancellationToken), CommentPages.ModerationTitle(action));
    }

    private static IActionResult Answer(HttpRequest request, ModerationResult result, string title, Func<string>? readyPage = null) =>
        LinkResponses.Answer(request, result.Outcome, result.Link, result.Message, title, "Comment not found",
            new Dictionary<string, object?> { ["commentId"] = result.Comment?.Id.ToString(), ["status"] = result.Comment?.Status }, readyPage);
}
