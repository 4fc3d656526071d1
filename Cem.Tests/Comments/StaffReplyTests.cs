using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Comments;

/// <summary>Staff answer comments, end to end through the DevHost with a real staff session.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaffReplyTests(AzuriteFixture azurite)
{
    private const string Asker = "dean@college.example.edu";
    private const string Question = "How can a community-college consortium take part?";
    private const string Answer = "Through your state: ask its CEM contact, or sign up as a partner.";

    [Fact]
    public async Task A_staff_answer_from_the_comments_page_shows_threaded_and_marked_and_the_asker_gets_it_once()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var question = await site.PostCommentIdAsync(Question, "Dean Rivera", Asker);
        await site.ApproveAsync(question);
        var later = await site.PostCommentIdAsync("A later comment.", "Kim", "kim@example.org", client: "127.0.2.90");
        await site.ApproveAsync(later);
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using (var page = await staff.GetAsync(new Uri("/comments", UriKind.Relative)))
        {
            Assert.Contains($"action=\"/api/staff/comments/{question}/replies\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var posted = await PostFormAsync(staff, $"/api/staff/comments/{question}/replies", Answer);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.StartsWith("/comments?thread=cem-for-states#comment-" + question, posted.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Listed right after the question, answering it, marked staff; no address anywhere.
        var list = (await site.ListAsync()).GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal([question.ToString(), null, later.ToString()], list.Select(c => c.GetProperty("replyTo").GetString() is null ? c.GetProperty("id").GetString() : null));
        var reply = list[1];
        Assert.Equal(question.ToString(), reply.GetProperty("replyTo").GetString());
        Assert.True(reply.GetProperty("staff").GetBoolean());
        Assert.Equal("CEM staff", reply.GetProperty("name").GetString());
        Assert.Equal(Answer, reply.GetProperty("body").GetString());
        Assert.False(list[0].GetProperty("staff").GetBoolean());

        using var anonymous = site.NewClient();
        var html = await anonymous.GetStringAsync(new Uri("/comments", UriKind.Relative));
        Assert.DoesNotContain(CemSite.StaffA, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Asker, html, StringComparison.Ordinal);
        Assert.DoesNotContain("/replies", html, StringComparison.Ordinal); // visitors get no answer form
        var item = html[html.IndexOf($"id=\"comment-{question}\"", StringComparison.Ordinal)..html.IndexOf($"id=\"comment-{later}\"", StringComparison.Ordinal)];
        Assert.Contains("<ol class=\"replies\"", item, StringComparison.Ordinal);
        Assert.Contains($"id=\"comment-{reply.GetProperty("id").GetString()}\"", item, StringComparison.Ordinal);
        Assert.Contains("<span class=\"staff-mark\">CEM staff</span>", item, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "class=\"staff-mark\""));

        // The asker is emailed the answer once, and their address is never shown.
        var told = Assert.Single(await site.EmailsAsync(Asker, "CEM staff answered your comment"));
        Assert.Contains(Answer, told.Text, StringComparison.Ordinal);
        Assert.Contains("Dean Rivera", told.Text, StringComparison.Ordinal);
        await site.SettledAsync();
        Assert.Single(await site.EmailsAsync(Asker, "CEM staff answered your comment"));
    }

    [Fact]
    public async Task Answering_a_comment_waiting_in_the_console_publishes_it_with_the_answer()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var question = await site.PostCommentIdAsync(Question, "Dean Rivera", Asker);
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        using (var console = await staff.GetAsync(new Uri("/staff", UriKind.Relative)))
        {
            Assert.Contains($"action=\"/api/staff/comments/{question}/replies\"", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var posted = await staff.PostAsJsonAsync($"/api/staff/comments/{question}/replies", new { body = Answer });
        var text = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(question.ToString(), json.RootElement.GetProperty("replyTo").GetString());

        var list = (await site.ListAsync()).GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal([Question, Answer], list.Select(c => c.GetProperty("body").GetString()));
        Assert.Single(await site.EmailsAsync(Asker, "CEM staff answered your comment"));
        Assert.Single(await site.EmailsAsync(Asker, "Your comment is published"));
    }

    [Fact]
    public async Task A_visitor_cannot_produce_the_CEM_staff_mark_nor_answer_as_staff()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var question = await site.PublishedCommentAsync();

        // Every posted field that could claim the mark: the name (held, then approved by a moderator), and extra fields.
        var (token, answer) = await site.ChallengeAsync();
        using (var forged = await site.Http.PostAsJsonAsync("/api/comments", new Dictionary<string, object>
        {
            ["thread"] = Threads.CemForStates, ["name"] = "CEM staff", ["email"] = "eve@example.org", ["body"] = "Official answer: send your password.",
            ["challenge"] = token, ["answer"] = answer, ["staff"] = true, ["byStaff"] = true, ["ByStaff"] = true, ["replyTo"] = question.ToString(),
        }))
        {
            Assert.Equal(CommentStatus.Pending, await CommentSite.StatusOfPostAsync(forged));
            using var json = JsonDocument.Parse(await forged.Content.ReadAsStringAsync());
            Assert.True(CommentId.TryParse(json.RootElement.GetProperty("id").GetString(), out var id));
            Assert.Null(id.Parent);
            await site.ApproveAsync(id);
        }

        var impostor = (await site.ListAsync()).GetProperty("comments").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "CEM staff");
        Assert.False(impostor.GetProperty("staff").GetBoolean());
        Assert.Equal(JsonValueKind.Null, impostor.GetProperty("replyTo").ValueKind);
        Assert.DoesNotContain("staff-mark", await site.Http.GetStringAsync(new Uri("/comments", UriKind.Relative)), StringComparison.Ordinal);

        // The answer route needs a staff session: none is 401, a state contact's is 403, nothing is published.
        using var anonymous = await site.NewClient().PostAsJsonAsync($"/api/staff/comments/{question}/replies", new { body = Answer });
        await site.ApproveStateAsync();
        using var contact = await site.SignedInClientAsync(SessionSite.OhioContact);
        using var asContact = await contact.PostAsJsonAsync($"/api/staff/comments/{question}/replies", new { body = Answer });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asContact.StatusCode);
        Assert.DoesNotContain((await site.ListAsync()).GetProperty("comments").EnumerateArray(), c => c.GetProperty("staff").GetBoolean());
    }

    [Fact]
    public async Task A_staff_answer_with_no_text_or_to_a_comment_marked_spam_is_refused()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var question = await site.PublishedCommentAsync();
        using var staff = await site.SignedInClientAsync(CemSite.StaffA);

        using var empty = await staff.PostAsJsonAsync($"/api/staff/comments/{question}/replies", new { body = "  " });
        using var missing = await staff.PostAsJsonAsync($"/api/staff/comments/{Threads.CemForStates}-{Ulid.NewUlid()}/replies", new { body = Answer });
        using (await staff.PostAsJsonAsync($"/api/staff/comments/{question}/spam", new { }))
        {
        }

        using var spam = await staff.PostAsJsonAsync($"/api/staff/comments/{question}/replies", new { body = Answer });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("\"body\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, spam.StatusCode);
        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength());
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string action, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = body }) };
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await client.SendAsync(request);
    }
}
