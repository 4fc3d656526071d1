using System.Net;
using System.Text.Json;
using Cem.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cem.Tests.Comments;

/// <summary>Comments in a real browser (Debian's Chromium): hostile text stays text, posting and voting work with and without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CommentBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    /// <summary>Posted as comment bodies; each would set window.__xss (or call alert) if it ever became markup.</summary>
    public static readonly string[] Payloads =
    [
        "<script>window.__xss=1</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=\"window.__xss=1\">",
        "<img src=x onerror=&#119;indow.__xss=1>",
        "<svg onload=\"window.__xss=1\"></svg>",
        "<svg><script>window.__xss=1</script></svg>",
        "<body onload=window.__xss=1>",
        "<iframe src=\"javascript:parent.__xss=1\"></iframe>",
        "<a href=\"javascript:window.__xss=1\">click me</a>",
        "<a href=\"&#106;avascript:window.__xss=1\">entity-encoded scheme</a>",
        "\"><script>window.__xss=1</script>",
        "'><img src=x onerror=window.__xss=1>",
        "\" onmouseover=\"window.__xss=1\" x=\"",
        "' autofocus onfocus='window.__xss=1",
        "</textarea><script>window.__xss=1</script>",
        "</title><script>window.__xss=1</script>",
        "<!--<img src=\"--><img src=x onerror=window.__xss=1//\">",
        "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
        "<details open ontoggle=window.__xss=1>",
        "<input autofocus onfocus=window.__xss=1>",
        "<object data=\"javascript:window.__xss=1\"></object>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
        "<base href=\"javascript:window.__xss=1//\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
        "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
        "<template><script>window.__xss=1</script></template>",
        "<div style=\"background:url(javascript:window.__xss=1)\">css url</div>",
        "<style>body{background:expression(window.__xss=1)}</style>",
        "<div style=\"width: expression(alert(1))\">css expression</div>",
        "&lt;script&gt;window.__xss=1&lt;/script&gt; &amp; &#60;b&#62;",
        "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
        "{{constructor.constructor('window.__xss=1')()}}",
        "x' or PartitionKey ne '",
        "'); DROP TABLE Comments; --",
        "javascript:window.__xss=1",
        "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
        "Line one\nLine two <br> not a break",
        new string('W', 5000),
    ];

    /// <summary>Posted as names (at most 80 characters).</summary>
    public static readonly string[] NamePayloads =
    [
        "<script>window.__xss=1</script>",
        "\"><img src=x onerror=window.__xss=1>",
        "{{7*7}}",
        "Robert'); DROP TABLE Comments; --",
    ];

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a rate limit and page size of its own
    public async Task Hostile_comments_are_shown_as_the_text_that_was_typed_and_nothing_runs()
    {
        await using var site = await CemSite.StartAsync(azurite, s =>
        {
            s["Cem:Comments:RateLimit"] = "1000";
            s["Cem:Comments:PageSize"] = "100";
        });
        var posted = new List<(string Id, string Name, string Body)>();
        foreach (var (body, i) in Payloads.Select((p, i) => (p, i)))
        {
            var name = i < NamePayloads.Length ? NamePayloads[i] : "Tester " + i;
            var id = await site.PostCommentIdAsync(body, name, $"tester{i}@example.org", website: i == 0 ? "https://example.org/\"onmouseover=\"window.__xss=1" : null);
            await site.ApproveAsync(id);
            posted.Add((id.ToString(), name, body));
        }

        // What cannot be stored is refused, not cleaned up.
        using var scriptUrl = await site.PostCommentAsync("website", website: "javascript:window.__xss=1");
        using var crlfName = await site.PostCommentAsync("name", name: "Eve\r\nBcc: victim@example.org");
        using var overrideName = await site.PostCommentAsync("name", name: "\u202Eevil\u202C name");
        using var overrideBody = await site.PostCommentAsync("\u202Egnp.exe \u202Bright-to-left override");
        Assert.Equal(HttpStatusCode.BadRequest, scriptUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, crlfName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overrideName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overrideBody.StatusCode);

        var listed = (await site.ListAsync()).GetProperty("comments").EnumerateArray()
            .Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("body").GetString()!)).ToList();
        Assert.Equal(posted, listed);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("window.__xss = 0; window.alert = () => { window.__xss = 2; };");
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync("/comments");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        foreach (var item in await page.Locator("li.comment").AllAsync())
        {
            await item.HoverAsync(); // for onmouseover payloads
        }

        Assert.Equal(0, await page.EvaluateAsync<int>("window.__xss"));
        Assert.Equal(0, dialogs);
        Assert.Equal( // only the page's own scripts
            ["/assets/form-errors.js", "/assets/comments.js"],
            await page.EvaluateAsync<string[]>("[...document.scripts].map(s => s.getAttribute('src'))"));
        Assert.Equal(0, await page.Locator("#comments").Locator("script, img, svg, iframe, object, embed, style, math, details, base, meta, template, noscript, textarea, [onerror], [onload], [onmouseover], [onfocus], [style]").CountAsync());
        Assert.Equal(0, await page.Locator("#comments input:not([type=hidden])").CountAsync());
        Assert.Equal(1, await page.Locator("#comments a").CountAsync()); // the one valid website
        Assert.Equal("https://example.org/%22onmouseover=%22window.__xss=1", await page.Locator("#comments a").GetAttributeAsync("href"));

        var shown = await page.EvaluateAsync<JsonElement>("""
            [...document.querySelectorAll("li.comment")].map(li => ({
              id: li.dataset.commentId,
              name: li.querySelector(".comment-author").textContent,
              body: li.querySelector(".comment-body").textContent,
              children: li.querySelector(".comment-body").childElementCount,
            }))
            """);
        var rendered = shown.EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("body").GetString()!)).ToList();
        Assert.Equal(posted, rendered);
        Assert.All(shown.EnumerateArray(), c => Assert.Equal(0, c.GetProperty("children").GetInt32()));
        Assert.Equal("{{7*7}} ${7*7} <%= 7*7 %> #{7*7}", await page.Locator($"#comment-{posted[30].Id} .comment-body").TextContentAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_visitor_leaves_a_reply_and_is_told_it_awaits_moderation(bool javaScript)
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the comments and leave a reply" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leave a Reply" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Your email address will not be published").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync("Our state joins in <b>October</b>.");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Sam");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("sam@example.org");
        var question = await page.Locator("#comment-question").TextContentAsync();
        await page.GetByLabel(question!).FillAsync(CommentTesting.Solve(question!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await page.WaitForURLAsync("**/comments/posted?thread=cem-for-states&status=pending");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("awaiting moderation");
        Assert.Single(await site.EmailsAsync(CemSite.StaffA, "New comment from Sam"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Errors_are_summarised_announced_and_marked_on_their_fields(bool javaScript)
    {
        await using var site = await CemSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/comments");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync("No name, wrong answer");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("sam@example.org");
        var question = await page.Locator("#comment-question").TextContentAsync();
        var token = await page.Locator("#comment-challenge").InputValueAsync();
        await page.GetByLabel(question!).FillAsync("1000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Name is required.");
        await Assertions.Expect(summary).ToContainTextAsync("That is not the right answer.");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        if (javaScript)
        {
            await Assertions.Expect(summary).ToBeFocusedAsync();
        }

        // A new question replaces the used one.
        await Assertions.Expect(page.Locator("#comment-challenge")).Not.ToHaveValueAsync(token);
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true })).ToHaveValueAsync("No name, wrong answer");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Name is required." }).ClickAsync();
        Assert.EndsWith("#comment-name", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_visitor_votes_and_sees_the_count_change(bool javaScript)
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.PostCommentIdAsync("Vote for me");
        await site.ApproveAsync(id);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, BaseURL = site.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/comments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thumbs up, 0 votes" }).ClickAsync();

        var up = page.GetByRole(AriaRole.Button, new() { Name = "Thumbs up, 1 vote" });
        await Assertions.Expect(up).ToBeVisibleAsync();
        await Assertions.Expect(up).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Thumbs down, 0 votes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Thumbs up, 0 votes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Thumbs down, 1 vote" })).ToHaveAttributeAsync("aria-pressed", "true");

        // Pressing a pressed button withdraws the vote.
        await page.GetByRole(AriaRole.Button, new() { Name = "Thumbs down, 1 vote" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Thumbs down, 0 votes" })).ToHaveAttributeAsync("aria-pressed", "false");
        var counts = (await site.ListAsync()).GetProperty("comments")[0];
        Assert.Equal((0, 0), (counts.GetProperty("up").GetInt32(), counts.GetProperty("down").GetInt32()));
    }
}
