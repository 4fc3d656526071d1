using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Comments;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Comments;

/// <summary>Comments end to end through the DevHost: HTTP, queues, the outbox and the emailed links.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommentFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_made_up_thread_is_a_404_and_never_a_page_that_echoes_its_name()
    {
        await using var site = await CemSite.StartAsync(azurite);

        using var page = await site.GetPageAsync("/comments?thread=call-0800-free-prizes");
        using var list = await site.Http.GetAsync("/api/comments?thread=call-0800-free-prizes");
        using var posted = await site.PostCommentAsync("Hello", thread: "call-0800-free-prizes");
        using var state = await site.GetPageAsync("/comments?thread=state-oh");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("call-0800", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("\"thread\"", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
    }

    [Fact]
    public async Task A_comment_is_moderated_by_email_link_then_listed_and_its_author_told_once()
    {
        await using var site = await CemSite.StartAsync(azurite);

        var id = await site.PostCommentIdAsync("Our districts loved the <b>webinars</b>.", "Pat", "pat@example.org");
        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength());

        var request = (await site.EmailsAsync(CemSite.StaffA, "New comment from Pat")).Single();
        Assert.Contains("Our districts loved the <b>webinars</b>.", request.Text, StringComparison.Ordinal);
        Assert.Contains("Our districts loved the &lt;b&gt;webinars&lt;/b&gt;.", request.Html, StringComparison.Ordinal);
        Assert.Single(await site.EmailsAsync(CemSite.StaffB, "New comment from Pat"));

        var approveLink = CemSite.LinkIn(request, "/comments/approve");
        using var preview = await site.GetPageAsync(approveLink);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Approve and publish", previewHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;webinars&lt;/b&gt;", previewHtml, StringComparison.Ordinal);
        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength()); // the GET changed nothing

        var fields = new Dictionary<string, string> { ["token"] = CemSite.TokenOf(approveLink) };
        using var approved = await site.PressAsync("/api/comments/approve", fields);
        using var again = await site.PressAsync("/api/comments/approve", fields);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Approved", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("already approved", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = await site.ListAsync();
        var comment = Assert.Single(list.GetProperty("comments").EnumerateArray());
        Assert.Equal(id.ToString(), comment.GetProperty("id").GetString());
        Assert.Equal("Pat", comment.GetProperty("name").GetString());
        Assert.Equal("Our districts loved the <b>webinars</b>.", comment.GetProperty("body").GetString());
        Assert.Equal(0, comment.GetProperty("up").GetInt32());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("continuation").ValueKind);
        Assert.DoesNotContain("pat@example.org", list.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2", list.GetRawText(), StringComparison.Ordinal);

        var told = await site.EmailsAsync("pat@example.org", "Your comment is published");
        await site.SettledAsync(); // the second approval's message has been handled too
        Assert.Single(told);
        Assert.Single(await site.EmailsAsync("pat@example.org", "Your comment is published"));
    }

    [Fact]
    public async Task Spam_is_never_listed_and_a_deleted_comment_leaves_the_list()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.PostCommentIdAsync("Cheap pills", "Spammer", "spam@example.org");
        await site.PostCommentIdAsync("A fine month", "Kim", "kim@example.org");

        var spamEmail = (await site.EmailsAsync(CemSite.StaffA, "New comment from Spammer")).Single();
        var spamLink = CemSite.LinkIn(spamEmail, "/comments/spam");
        using var spamPage = await site.GetPageAsync(spamLink);
        Assert.Contains("Mark as spam", await spamPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var spam = await site.PressAsync("/api/comments/spam", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(spamLink) });
        Assert.Equal(HttpStatusCode.OK, spam.StatusCode);

        var kimEmail = (await site.EmailsAsync(CemSite.StaffB, "New comment from Kim")).Single();
        using var approve = await site.PressAsync("/api/comments/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(kimEmail, "/comments/approve")) });
        var approveSpam = await site.PressAsync("/api/comments/approve", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(spamEmail, "/comments/delete")) });
        Assert.Equal(HttpStatusCode.BadRequest, approveSpam.StatusCode); // a Delete link cannot approve
        Assert.Equal(["Kim"], (await site.ListAsync()).GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        using var delete = await site.PressAsync("/api/comments/delete", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(kimEmail, "/comments/delete")) });
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task A_forged_moderation_link_is_refused_and_changes_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        await site.PostCommentIdAsync("Hello", "Lee", "lee@example.org");
        var email = (await site.EmailsAsync(CemSite.StaffA, "New comment from Lee")).Single();
        var token = CemSite.TokenOf(CemSite.LinkIn(email, "/comments/approve"));

        using var forged = await site.Http.PostAsJsonAsync("/api/comments/approve", new { token = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1] });

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task Wrong_answers_and_bad_fields_are_400_problems_naming_the_field()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (token, answer) = await site.ChallengeAsync();

        using var wrong = await site.Http.PostAsJsonAsync("/api/comments", new { thread = "cem-for-states", name = "A", email = "a@example.org", body = "Hi", challenge = token, answer = answer + "1" });
        using var injected = await site.Http.PostAsJsonAsync("/api/comments", new { thread = "x' or PartitionKey ne '", name = "A", email = "a@example.org", body = "Hi", challenge = token, answer });
        using var badList = await site.Http.GetAsync("/api/comments?thread=x'%20or%20PartitionKey%20ne%20'");
        using var forged = await site.Http.GetAsync("/api/comments?thread=cem-for-states&continuation=01JD0000000000000000000000.0000000000000000");
        using var wrongType = await site.Http.PostAsync("/api/comments", new StringContent("<comment/>", System.Text.Encoding.UTF8, "application/xml"));
        using var oversized = await site.Http.PostAsJsonAsync("/api/comments", new { thread = "cem-for-states", body = new string('a', 70_000) });

        Assert.Equal("answer", await FieldOf(wrong, HttpStatusCode.BadRequest));
        Assert.Equal("thread", await FieldOf(injected, HttpStatusCode.BadRequest));
        Assert.Equal("thread", await FieldOf(badList, HttpStatusCode.BadRequest));
        Assert.Equal("continuation", await FieldOf(forged, HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a rate limit of its own
    public async Task Posting_too_often_is_429_with_Retry_After()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Comments:RateLimit"] = "2");

        // A forged X-Forwarded-For does not make the same client look new.
        using var first = await site.PostCommentAsync("One", client: "127.0.5.77", forwardedFor: "198.51.100.1");
        using var forged = await site.PostCommentAsync("Forged", client: "127.0.5.77", forwardedFor: "198.51.100.2, 203.0.113.9");
        using var third = await site.PostCommentAsync("Three", client: "127.0.5.77", forwardedFor: "203.0.113.10");
        using var other = await site.PostCommentAsync("Other", client: "127.0.5.78");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    [Fact]
    public async Task The_form_works_without_javascript_and_the_honeypot_stores_nothing()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (token, answer) = await site.ChallengeAsync();
        var form = new Dictionary<string, string>
        {
            ["thread"] = "cem-for-states", ["name"] = "Robin", ["email"] = "robin@example.org", ["website"] = "",
            ["body"] = "Form post", ["challenge"] = token, ["answer"] = answer, ["url2"] = "",
        };

        var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        using var posted = await noRedirect.PostAsync("/api/comments", new FormUrlEncodedContent(form));
        (token, answer) = await site.ChallengeAsync();
        using var trapped = await noRedirect.PostAsync("/api/comments", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["challenge"] = token, ["answer"] = answer, ["url2"] = "http://bot.example" }));
        using var invalid = await noRedirect.PostAsync("/api/comments", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["email"] = "" }));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/comments/posted?thread=cem-for-states&status=pending", posted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.SeeOther, trapped.StatusCode);
        Assert.Equal(posted.Headers.Location, trapped.Headers.Location);
        var page = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Contains("Email is required.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Robin\"", page, StringComparison.Ordinal);
        var awaiting = await site.Http.GetStringAsync(posted.Headers.Location);
        Assert.Contains("awaiting moderation", awaiting, StringComparison.Ordinal);

        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "New comment from Robin"));
        noRedirect.Dispose();
    }

    [Fact]
    public async Task Votes_use_the_voter_cookie_move_when_changed_and_only_count_on_published_comments()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var published = await site.PostCommentIdAsync("Vote on me");
        var pending = await site.PostCommentIdAsync("Not yet", email: "other@example.org");
        await site.ApproveAsync(published);
        var cookies = new CookieContainer();
        using var voter = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = site.BaseAddress };

        var up = await VoteAsync(voter, published, "up");
        var cookie = cookies.GetCookies(site.BaseAddress)["cem_voter"];
        var down = await VoteAsync(voter, published, "down");
        var none = await VoteAsync(voter, published, "none");
        using var other = site.ClientFrom("127.0.4.200");
        var byAddress = await VoteAsync(other, published, "up");
        var sameAddress = await VoteAsync(other, published, "up");
        using var onPending = await voter.PostAsJsonAsync($"/api/comments/{pending}/votes", new { direction = "up" });
        using var badDirection = await voter.PostAsJsonAsync($"/api/comments/{published}/votes", new { direction = "sideways" });
        using var badId = await voter.PostAsJsonAsync("/api/comments/not-an-id/votes", new { direction = "up" });

        Assert.Equal((1, 0), up);
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal((0, 1), down);
        Assert.Equal((0, 0), none);
        Assert.Equal((1, 0), byAddress);
        Assert.Equal((1, 0), sameAddress);
        Assert.Equal(HttpStatusCode.NotFound, onPending.StatusCode);
        Assert.Equal("direction", await FieldOf(badDirection, HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, badId.StatusCode);
    }

    private static async Task<(int Up, int Down)> VoteAsync(HttpClient client, CommentId id, string direction)
    {
        using var response = await client.PostAsJsonAsync($"/api/comments/{id}/votes", new { direction });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("up").GetInt32(), json.RootElement.GetProperty("down").GetInt32());
    }

    private static async Task<string> FieldOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Assert.Single(json.RootElement.GetProperty("errors").EnumerateObject()).Name;
    }
}
