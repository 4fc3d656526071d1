using System.Globalization;
using Cem.Core;
using Cem.Core.Comments;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cem.Functions.Comments;

/// <summary>The public side of comments: the page, the challenge, posting, listing and voting.</summary>
public sealed class CommentFunctions(CommentService comments, SessionStore sessions, IOptions<CemOptions> site)
{
    [Function(nameof(CommentsPage))]
    public async Task<IActionResult> CommentsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var thread = request.Query["thread"].ToString() is { Length: > 0 } given ? given : Threads.CemForStates;
        if (!CommentThreads.IsKnown(thread))
        {
            return Responses.Html(StatusCodes.Status404NotFound, MessagePage.Render("Page not found", "There is no comment page with that name."));
        }

        var page = await comments.ListAsync(thread, request.Query["continuation"].ToString(), cancellationToken);
        if (page is null)
        {
            return Responses.Html(StatusCodes.Status400BadRequest, MessagePage.Render("Link not valid", "This page link is damaged. Start again from the first page of comments."));
        }

        return Responses.Html(StatusCodes.Status200OK, await RenderAsync(request, thread, page, null, null, cancellationToken));
    }

    [Function(nameof(CommentPosted))]
    public static IActionResult CommentPosted(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "comments/posted")] HttpRequest request)
    {
        var thread = request.Query["thread"].ToString();
        return Responses.Html(StatusCodes.Status200OK, CommentPostedPage.Render(CommentThreads.IsKnown(thread) ? thread : Threads.CemForStates, request.Query["status"] == CommentStatus.Approved));
    }

    [Function(nameof(GetCommentChallenge))]
    public IActionResult GetCommentChallenge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/comments/challenge")] HttpRequest request)
    {
        var challenge = comments.NewChallenge();
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Responses.JsonBody(StatusCodes.Status200OK, new { token = challenge.Token, question = challenge.Question });
    }

    [Function(nameof(ListComments))]
    public async Task<IActionResult> ListComments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/comments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var thread = request.Query["thread"].ToString();
        if (!Threads.IsValid(thread))
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Unknown thread", null, Field("thread", "Thread must be a page name of lowercase letters, digits and hyphens."));
        }

        if (!CommentThreads.IsKnown(thread))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "Unknown thread", null, Field("thread", "There is no comment page with that name."));
        }

        var page = await comments.ListAsync(thread, request.Query["continuation"].ToString(), cancellationToken);
        if (page is null)
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Invalid continuation", null, Field("continuation", "Use the continuation from a previous answer, unchanged."));
        }

        return Responses.JsonBody(StatusCodes.Status200OK, new
        {
            comments = page.Comments.Select(c => new { id = c.Id, name = c.Name, website = c.Website, createdAt = c.CreatedAt, body = c.Body, up = c.Up, down = c.Down, replyTo = c.ReplyTo, staff = c.Staff }),
            continuation = page.Continuation,
        });
    }

    [Function(nameof(PostComment))]
    public async Task<IActionResult> PostComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, FromForm, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var form = body.Value!;
        var html = Responses.WantsPage(request, body.Kind);
        var result = await comments.SubmitAsync(form, CommentRequests.ClientAddress(request), CommentRequests.AuthorCookie(request), cancellationToken);
        switch (result.Outcome)
        {
            case SubmitOutcome.RateLimited:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var wait = $"You have posted several comments in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
                return html
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", wait))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many comments", wait);

            case SubmitOutcome.Invalid:
                var errors = result.Errors!.ToDictionary();
                if (html && CommentThreads.IsKnown(form.Thread?.Trim()))
                {
                    var thread = form.Thread!.Trim();
                    var page = await comments.ListAsync(thread, null, cancellationToken);
                    return Responses.Html(StatusCodes.Status400BadRequest, await RenderAsync(request, thread, page!, form, errors, cancellationToken));
                }

                return Responses.Problem(StatusCodes.Status400BadRequest, "The comment has errors", "Correct the fields listed in 'errors'.", errors);

            default:
                // A honeypot hit gets the same answer as a real post, so a bot learns nothing.
                var id = result.Id!.Value;
                if (html)
                {
                    return Responses.SeeOther(request, $"/comments/posted?thread={id.Thread}&status={result.Status}");
                }

                return Responses.JsonBody(StatusCodes.Status202Accepted, new
                {
                    id = id.ToString(),
                    status = result.Status,
                    message = result.Status == CommentStatus.Approved ? "Your comment is published." : "Your comment is awaiting moderation.",
                });
        }
    }

    [Function(nameof(VoteOnComment))]
    public async Task<IActionResult> VoteOnComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/comments/{id}/votes")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        // A vote is the browser's own: another site's page cannot cast it (JSON clients without Origin keep working).
        if (!SessionRequests.IsSameOrigin(request))
        {
            return Responses.Problem(StatusCodes.Status403Forbidden, "Cross-site request refused", "Votes are cast from this site's own pages.", Field("Origin", "The request did not come from this site."));
        }

        var body = await RequestBody.ReadAsync(request, form => new VoteForm { Direction = form.Field("direction") }, cancellationToken, 1024);
        if (body.Error is not null)
        {
            return body.Error;
        }

        if (!CommentId.TryParse(id, out var commentId))
        {
            return Responses.Problem(StatusCodes.Status404NotFound, "Comment not found", null, Field("id", "Not a comment id."));
        }

        var direction = body.Value!.Direction?.Trim().ToLowerInvariant();
        if (!VoteDirection.IsValid(direction))
        {
            return Responses.Problem(StatusCodes.Status400BadRequest, "Invalid vote", null, Field("direction", "Direction must be \"up\", \"down\" or \"none\"."));
        }

        // Only a voter id the server issued counts; anything else (none, forged, edited) becomes a new voter.
        var voterId = CommentRequests.Voter(request, comments);
        string? newCookie = null;
        if (voterId is null)
        {
            (voterId, newCookie) = comments.NewVoter();
        }

        var result = await comments.VoteAsync(commentId, comments.VoterHash(voterId), direction, CommentRequests.ClientAddress(request), cancellationToken);
        if (newCookie is not null && result.Outcome == VoteOutcome.Counted)
        {
            CommentRequests.SetVoterCookie(request, newCookie);
        }

        switch (result.Outcome)
        {
            case VoteOutcome.NotFound:
                return Responses.Problem(StatusCodes.Status404NotFound, "Comment not found", "Only published comments can be voted on.", Field("id", "No published comment has this id."));
            case VoteOutcome.Busy:
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Responses.Problem(StatusCodes.Status409Conflict, "Too many votes at once", "Try again in a moment.");
            case VoteOutcome.RateLimited:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var later = $"You have voted many times in a short time. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).";
                return Responses.WantsPage(request, body.Kind)
                    ? Responses.Html(StatusCodes.Status429TooManyRequests, MessagePage.Render("Please wait a little", later))
                    : Responses.Problem(StatusCodes.Status429TooManyRequests, "Too many votes", later);
            default:
                return Responses.WantsPage(request, body.Kind)
                    ? Responses.SeeOther(request, $"/comments?thread={commentId.Thread}#comment-{commentId}")
                    : Responses.JsonBody(StatusCodes.Status200OK, new { id = commentId.ToString(), up = result.Up, down = result.Down, direction = result.Direction });
        }
    }

    private async Task<string> RenderAsync(HttpRequest request, string thread, CommentPage page, CommentForm? values, IDictionary<string, string[]>? errors, CancellationToken cancellationToken)
    {
        var voterId = CommentRequests.Voter(request, comments);
        var votes = voterId is null ? new Dictionary<string, string>() : await comments.VotesOfAsync(thread, comments.VoterHash(voterId), cancellationToken);
        var url = site.Value.Link(thread == Threads.CemForStates ? "/comments" : "/comments?thread=" + thread);

        // Staff see an "Answer as CEM staff" form under each comment; the page then is theirs alone.
        var isStaff = HttpMethods.IsGet(request.Method) && (await SessionRequests.ReadAsync(request, sessions, cancellationToken)).User?.IsStaff == true;
        if (isStaff)
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
        }

        return Comments.CommentsPage.Render(thread, page, votes, comments.NewChallenge(), values, errors, request.Query["continuation"].ToString().Length > 0, url, isStaff);
    }

    private static Dictionary<string, string[]> Field(string field, string message) => new() { [field] = [message] };

    private static CommentForm FromForm(IReadOnlyDictionary<string, StringValues> form) => new()
    {
        Thread = form.Field("thread"),
        Name = form.Field("name"),
        Email = form.Field("email"),
        Website = form.Field("website"),
        Body = form.Field("body"),
        Challenge = form.Field("challenge"),
        Answer = form.Field("answer"),
        Url2 = form.Field("url2"),
    };
}

/// <summary>The body of a vote: <c>{ "direction": "up" | "down" | "none" }</c>.</summary>
public sealed class VoteForm
{
    public string? Direction { get; set; }
}
