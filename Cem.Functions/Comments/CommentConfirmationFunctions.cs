using Cem.Core.Comments;
using Cem.Core.Links;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Comments;

/// <summary>
/// The link in the "confirm your comment" email: the GET shows the comment and a button; the POST confirms it (a
/// trusted author's comment is then published) and gives the browser the author cookie.
/// </summary>
public sealed class CommentConfirmationFunctions(CommentConfirmation confirmation, CommentAuthors authors, CommentStore store)
{
    [Function(nameof(ConfirmCommentPage))]
    public Task<IActionResult> ConfirmCommentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.PageAsync(request, confirmation, (preview, token) => Comments.ConfirmCommentPage.Render(preview.Subject!, token, preview.Message), cancellationToken);

    [Function(nameof(ConfirmComment))]
    public Task<IActionResult> ConfirmComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/confirm")] HttpRequest request,
        CancellationToken cancellationToken) =>
        LinkEndpoints.ActAsync(request, confirmation, cancellationToken, async result =>
        {
            var comment = result.Subject!;
            if (comment.AuthorKey is { } author)
            {
                CommentRequests.SetAuthorCookie(request, await authors.IssueCookieAsync(author, cancellationToken));
            }

            // Confirming may have published the comment (a trusted author): say so rather than "waits for staff".
            var now = await store.FindAsync(comment.Id, cancellationToken);
            return now?.Status == CommentStatus.Approved
                ? LinkResponses.Answer(request, LinkOutcome.Done, result.Link, "Thank you: your comment is published.", "Comment published", "Comment not found",
                    new Dictionary<string, object?> { [confirmation.IdField] = comment.Id.ToString(), ["status"] = now.Status })
                : null;
        });
}
