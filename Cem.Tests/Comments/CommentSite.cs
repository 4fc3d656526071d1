using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Comments;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Comments;

/// <summary>What a commenter and a moderator do on a running <see cref="CemSite"/>.</summary>
internal static class CommentSite
{
    public static async Task<(string Token, string Answer)> ChallengeAsync(this CemSite site)
    {
        using var json = JsonDocument.Parse(await site.Http.GetStringAsync("/api/comments/challenge"));
        var question = json.RootElement.GetProperty("question").GetString()!;
        return (json.RootElement.GetProperty("token").GetString()!, CommentTesting.Solve(question));
    }

    /// <param name="browser">The client posting (its cookies and its address go with it); a fresh client connecting from <paramref name="client"/> when null.</param>
    public static async Task<HttpResponseMessage> PostCommentAsync(this CemSite site, string body, string name = "Reader", string email = "reader@example.org", string? website = null, string client = "127.0.2.50", string thread = Threads.CemForStates, string? forwardedFor = null, HttpClient? browser = null)
    {
        var (token, answer) = await site.ChallengeAsync();
        using var from = browser is null ? site.ClientFrom(client) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/comments")
        {
            Content = JsonContent.Create(new { thread, name, email, website, body, challenge = token, answer }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await (browser ?? from!).SendAsync(request);
    }

    public static async Task<CommentId> PostCommentIdAsync(this CemSite site, string body, string name = "Reader", string email = "reader@example.org", string? website = null, string client = "127.0.2.50", HttpClient? browser = null)
    {
        using var response = await site.PostCommentAsync(body, name, email, website, client, browser: browser);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, text);
        using var json = JsonDocument.Parse(text);
        Assert.True(CommentId.TryParse(json.RootElement.GetProperty("id").GetString(), out var id));
        return id;
    }

    /// <summary>Approves through the moderation service the links lead to (the links themselves are tested in the end-to-end flow).</summary>
    public static async Task ApproveAsync(this CemSite site, CommentId id)
    {
        var moderation = site.Services.GetRequiredService<CommentModeration>();
        var link = moderation.LinkFor(id, ModerationAction.Approve, CemSite.StaffA);
        var result = await moderation.For(ModerationAction.Approve).ActAsync(CemSite.TokenOf(link.PathAndQuery), Core.Links.LinkInput.None, CancellationToken.None);
        Assert.Contains(result.Outcome, new[] { Core.Links.LinkOutcome.Done, Core.Links.LinkOutcome.AlreadyDone });
    }

    /// <summary>A comment posted and approved: one that can be voted on.</summary>
    public static async Task<CommentId> PublishedCommentAsync(this CemSite site)
    {
        var id = await site.PostCommentIdAsync("A comment to vote on.");
        await site.ApproveAsync(id);
        return id;
    }

    public static async Task<JsonElement> ListAsync(this CemSite site, string thread = Threads.CemForStates)
    {
        using var json = JsonDocument.Parse(await site.Http.GetStringAsync("/api/comments?thread=" + thread));
        return json.RootElement.Clone();
    }

    /// <summary>The status of a comment as the API's answer to a post gave it.</summary>
    public static async Task<string> StatusOfPostAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>A loopback address for client <paramref name="i"/>, to connect from with <see cref="CemSite.ClientFrom"/>.</summary>
    public static string Ip(int i) => "127.0.3." + i.ToString(CultureInfo.InvariantCulture);
}
