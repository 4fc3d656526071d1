using System.Net;
using Cem.Core.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Comments;

/// <summary>
/// Publishing at once rests on proof of the address, end to end through the DevHost: the typed address of a trusted
/// author proves nothing; the emailed confirm link and the author cookie it gives do.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommentTrustTests(AzuriteFixture azurite)
{
    private const string Pat = "pat@example.org";

    [Fact]
    public async Task A_post_with_a_trusted_authors_address_but_without_their_cookie_waits_for_moderation()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var first = await site.PostCommentIdAsync("Our districts loved the webinars.", "Pat", Pat);
        await site.ApproveAsync(first);

        using var attacker = site.NewClient();
        using var posted = await site.PostCommentAsync("Official notice: re-confirm your account at https://phish.example", "Pat", Pat, client: "203.0.113.66", browser: attacker);

        Assert.Equal(CommentStatus.Pending, await CommentSite.StatusOfPostAsync(posted));
        var listed = (await site.ListAsync()).GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()).ToList();
        Assert.Equal(["Our districts loved the webinars."], listed);
        Assert.DoesNotContain("phish.example", await (await site.GetPageAsync("/comments")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_confirm_link_gives_the_author_cookie_and_then_a_trusted_authors_comments_publish_at_once_until_one_is_marked_spam()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var browser = site.NewClient();

        // A first comment: confirming proves the address but publishes nothing; a moderator's approval makes the author trusted.
        var first = await site.PostCommentIdAsync("How can a consortium take part?", "Pat", Pat, browser: browser);
        var confirm = (await site.EmailsAsync(Pat, "Confirm your comment")).Single();
        Assert.DoesNotContain("consortium", confirm.Text, StringComparison.Ordinal); // nothing the poster typed is mailed to the address
        var link = CemSite.LinkIn(confirm, "/comments/confirm");
        using (var page = await site.GetPageAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Confirm my comment", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var confirmed = await PressAsync(browser, "/api/comments/confirm", CemSite.TokenOf(link)))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var cookie = Assert.Single(confirmed.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CommentAuthors.CookieName + "=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments").GetArrayLength());
        await site.ApproveAsync(first);

        using var second = await site.PostCommentAsync("Thanks, we signed up.", "Pat", Pat, browser: browser);
        Assert.Equal(CommentStatus.Approved, await CommentSite.StatusOfPostAsync(second));

        // Another browser, with the same address, is not the author; a confirm link published its comment (trusted author).
        using var laptop = site.NewClient();
        using (var fromLaptop = await site.PostCommentAsync("Posted from my laptop.", "Pat", Pat, client: "192.0.2.77", browser: laptop))
        {
            Assert.Equal(CommentStatus.Pending, await CommentSite.StatusOfPostAsync(fromLaptop));
        }

        var laptopLink = (await site.EmailsAsync(Pat, "Confirm your comment", 2)).Select(LinkFor).Single(l => l != link);
        using (var confirmed = await PressAsync(laptop, "/api/comments/confirm", CemSite.TokenOf(laptopLink)))
        {
            Assert.Contains("published", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(3, (await site.ListAsync()).GetProperty("comments").GetArrayLength());

        // Marked as spam: the author's trust and both cookies are revoked.
        var moderation = (await site.EmailsAsync(CemSite.StaffA, "New comment from Pat", 3)).First(m => m.Text!.Contains("Posted from my laptop.", StringComparison.Ordinal));
        using (var spam = await site.PressAsync("/api/comments/spam", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(moderation, "/comments/spam")) }))
        {
            Assert.Equal(HttpStatusCode.OK, spam.StatusCode);
        }

        using var afterSpam = await site.PostCommentAsync("Still me.", "Pat", Pat, client: "192.0.2.78", browser: browser);
        Assert.Equal(CommentStatus.Pending, await CommentSite.StatusOfPostAsync(afterSpam));
    }

    private static string LinkFor(Core.Email.OutboxMessage message) => CemSite.LinkIn(message, "/comments/confirm");

    private static async Task<HttpResponseMessage> PressAsync(HttpClient browser, string action, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        request.Headers.Accept.ParseAdd("text/html");
        return await browser.SendAsync(request);
    }
}
