using System.Globalization;
using Cem.Core.Comments;
using Cem.Core.Links;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Comments;

/// <summary>What a commenter and a moderator do through the comment services of a <see cref="CoreHarness"/>.</summary>
internal static class CommentTesting
{
    /// <summary>A valid form for <paramref name="thread"/> with a freshly answered challenge.</summary>
    public static CommentForm Form(this CoreHarness harness, string thread = Threads.CemForStates, string body = "Great month for our districts.", string email = "reader@example.org", string name = "Reader")
    {
        var challenge = harness.Comments.NewChallenge();
        return new CommentForm { Thread = thread, Name = name, Email = email, Body = body, Challenge = challenge.Token, Answer = Solve(challenge.Question) };
    }

    /// <summary>The answer to a challenge question such as "8 + 20 =".</summary>
    public static string Solve(string question)
    {
        var parts = question.TrimEnd('=', ' ').Split('+', StringSplitOptions.TrimEntries);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) + int.Parse(parts[1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    public static async Task<CommentId> PostAsync(this CoreHarness harness, CommentForm form, string client = "203.0.113.1")
    {
        var result = await harness.Comments.SubmitAsync(form, client, CancellationToken.None);
        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        return result.Id!.Value;
    }

    /// <summary>Acts on the comment as <see cref="CoreHarness.Staff"/> would by following the emailed link.</summary>
    public static async Task<LinkActionResult<Comment>> ModerateAsync(this CoreHarness harness, CommentId id, ModerationAction action)
    {
        var link = harness.Moderation.LinkFor(id, action, CoreHarness.Staff);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        return await harness.Moderation.For(action).ActAsync(token, LinkInput.None, CancellationToken.None);
    }

    public static async Task<CommentId> PostApprovedAsync(this CoreHarness harness, string body = "Approved comment", string email = "reader@example.org", string client = "203.0.113.1")
    {
        var id = await harness.PostAsync(harness.Form(body: body, email: email), client);
        var result = await harness.ModerateAsync(id, ModerationAction.Approve);
        Assert.Contains(result.Outcome, new[] { LinkOutcome.Done, LinkOutcome.AlreadyDone });
        return id;
    }

    /// <summary>The author cookie a browser gets by confirming a comment posted with <paramref name="email"/>.</summary>
    public static async Task<string> AuthorCookieAsync(this CoreHarness harness, string email)
    {
        var authors = harness.Get<CommentAuthors>();
        return (await authors.IssueCookieAsync(authors.KeyOf(email), CancellationToken.None)).Value;
    }

    /// <summary>Every published comment of the thread, page after page.</summary>
    public static async Task<List<PublicComment>> AllApprovedAsync(this CoreHarness harness, string thread = Threads.CemForStates)
    {
        var all = new List<PublicComment>();
        string? continuation = null;
        do
        {
            var page = await harness.Comments.ListAsync(thread, continuation, CancellationToken.None);
            Assert.NotNull(page);
            all.AddRange(page.Comments);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return all;
    }
}
