using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Core.Comments;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Comments;

/// <summary>
/// Votes as an attacker would cast them, end to end through the DevHost: made-up voter cookies, a school behind one
/// address, a flood from one client, and another site's form.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VoteAbuseTests(AzuriteFixture azurite)
{
    private const string VoterCookie = "cem_voter";

    [Fact]
    public async Task A_made_up_or_edited_voter_cookie_is_ignored_and_replaced_by_one_the_server_signs()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.PublishedCommentAsync();

        using var first = await VoteAsync(site, id, "up", cookie: "attacker-chosen-voter-0001");
        var issued = VoterCookieOf(first);
        Assert.NotEqual("attacker-chosen-voter-0001", issued);
        Assert.Equal(1, await UpAsync(first));

        // The issued cookie is the voter: voting again changes nothing; an edited copy of it is a stranger.
        using var again = await VoteAsync(site, id, "up", cookie: issued);
        Assert.False(again.Headers.Contains("Set-Cookie"));
        Assert.Equal(1, await UpAsync(again));
        var edited = issued[..^2] + (issued[^2..] == "AA" ? "BB" : "AA");
        using var tampered = await VoteAsync(site, id, "none", cookie: edited);
        Assert.NotEqual(edited, VoterCookieOf(tampered));
        Assert.Equal(1, await UpAsync(tampered)); // the edited cookie's "withdraw" withdrew nobody's vote
    }

    [Fact]
    public async Task Voters_behind_one_address_are_separate_voters_and_do_not_see_each_others_votes()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.PublishedCommentAsync();

        using var teacher = await VoteAsync(site, id, "up", client: "127.0.5.9");
        using var pupil = await VoteAsync(site, id, "up", client: "127.0.5.9");
        Assert.Equal(2, await UpAsync(pupil));
        Assert.NotEqual(VoterCookieOf(teacher), VoterCookieOf(pupil));

        using var newcomer = site.ClientFrom("127.0.5.9");
        using var third = await newcomer.GetAsync("/comments");
        var html = await third.Content.ReadAsStringAsync();
        Assert.Contains("aria-pressed=\"false\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-pressed=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Votes_beyond_the_rate_limit_get_429_with_Retry_After_and_are_not_counted()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:Comments:VoteRateLimit"] = "3");
        var id = await site.PublishedCommentAsync();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await VoteAsync(site, id, "up", client: "127.0.5.40");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await VoteAsync(site, id, "up", client: "127.0.5.40");
        using var otherClient = await VoteAsync(site, id, "up", client: "127.0.5.41");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(4, await UpAsync(otherClient));
    }

    [Fact]
    public async Task A_vote_posted_by_another_sites_form_is_refused_and_a_json_client_still_votes()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.PublishedCommentAsync();
        using var browser = site.NewClient();

        foreach (var (header, value) in new[] { ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/comments/{id}/votes") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["direction"] = "up" }) };
            request.Headers.Add(header, value);
            using var refused = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("\"Origin\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var oldBrowserForm = await browser.PostAsync(new Uri($"/api/comments/{id}/votes", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["direction"] = "up" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, oldBrowserForm.StatusCode);
        }

        Assert.Equal(0, (await site.ListAsync()).GetProperty("comments")[0].GetProperty("up").GetInt32());

        using var ownPage = new HttpRequestMessage(HttpMethod.Post, $"/api/comments/{id}/votes") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["direction"] = "up" }) };
        ownPage.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var fromOwnPage = await browser.SendAsync(ownPage);
        using var apiClient = await site.Http.PostAsJsonAsync($"/api/comments/{id}/votes", new { direction = "up" });
        Assert.Equal(HttpStatusCode.SeeOther, fromOwnPage.StatusCode);
        Assert.Equal(2, await UpAsync(apiClient));
    }

    private static async Task<HttpResponseMessage> VoteAsync(CemSite site, CommentId id, string direction, string? cookie = null, string client = "127.0.5.60")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/comments/{id}/votes") { Content = JsonContent.Create(new { direction }) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", VoterCookie + "=" + cookie);
        }

        // A client without a cookie jar: each call sends only the cookie given.
        using var jarless = site.ClientFrom(client, useCookies: false);
        return await jarless.SendAsync(request);
    }

    private static string VoterCookieOf(HttpResponseMessage response)
    {
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(VoterCookie + "=", StringComparison.Ordinal));
        return header[(VoterCookie.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
    }

    private static async Task<int> UpAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("up").GetInt32();
    }
}
