using Cem.Core.Comments;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Comments;

/// <summary>The "delete my data" link of emails about a comment: the GET says what will be deleted and offers the choice, the POST deletes.</summary>
public sealed class CommentErasureFunctions(CommentErasure erasure)
{
    [Function(nameof(DeleteCommentDataPage))]
    public Task<IActionResult> DeleteCommentDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "delete-my-data/comment")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, erasure, (preview, token) => DeleteMyDataPage.Render(preview.Message, erasure.ApiPath, token, "Your comment's text",
            [("keep-text", $"Keep the text, shown as written by \"{CommentErasure.FormerParticipant}\"", true),
             (CommentErasure.RemoveTextChoice, "Remove the text too", false)]), cancellationToken);

    [Function(nameof(DeleteCommentData))]
    public Task<IActionResult> DeleteCommentData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/delete-my-data/comment")] HttpRequest request,
        CancellationToken cancellationToken) => LinkEndpoints.ActAsync(request, erasure, cancellationToken);
}
