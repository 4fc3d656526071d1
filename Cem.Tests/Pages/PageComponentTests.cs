using System.Text.Json;
using Cem.Core.Metrics;
using Cem.Functions.Metrics;
using Cem.Functions.Pages;

namespace Cem.Tests.Pages;

/// <summary>The page components on their own: staff-edited Markdown, the chart's JSON, the recognition rules.</summary>
public sealed class PageComponentTests
{
    [Fact]
    public void Every_content_file_converts_to_HTML()
    {
        var names = MarkdownContent.Names.ToList();
        Assert.Contains("Home/why.md", names);
        Assert.All(names, name => Assert.StartsWith("<", MarkdownContent.File(name).Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Raw_HTML_in_a_content_file_is_shown_as_text()
    {
        var html = MarkdownContent.ToHtml("<script>alert(1)</script>\n\nSome <b>bold</b> text <img src=x onerror=alert(1)>.", "test.md").Value;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("//evil.example/page")]
    [InlineData("comments")]
    public void A_content_link_that_is_not_a_page_address_is_refused(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarkdownContent.ToHtml($"See [this]({url}) and ![that]({url}).", "links.md"));
        Assert.Contains("Content/links.md", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/comments")]
    [InlineData("/states/OH/data")]
    [InlineData("#signup-heading")]
    [InlineData("https://www.ed.gov/")]
    [InlineData("mailto:cem@example.org")]
    public void A_content_link_to_a_page_or_an_address_is_kept(string url)
    {
        Assert.Contains($"href=\"{url}\"", MarkdownContent.ToHtml($"See [this]({url}).", "links.md").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_charts_JSON_cannot_end_its_script_element_whatever_the_labels_say()
    {
        string[] labels = ["</script><script>alert(1)</script>", "<!--", "]]>", "\u2028\u2029", "\"quoted\" & 'single'"];
        var json = Chart.Json(new ChartData("bar", true, labels, [new ChartDataset("</SCRIPT>", [1, 2, 3, 4, 5])])).Value;

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(labels, parsed.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("</SCRIPT>", parsed.RootElement.GetProperty("datasets")[0].GetProperty("label").GetString());
    }

    [Fact]
    public void The_recognition_rules_follow_their_thresholds()
    {
        var rules = System.Net.WebUtility.HtmlDecode(RenderRules(new Cem.Core.Editions.RecognitionThresholds(5, 1)));
        var others = System.Net.WebUtility.HtmlDecode(RenderRules(new Cem.Core.Editions.RecognitionThresholds(1, 7)));

        Assert.Contains("at least 5 events on the CEM calendar, its districts' events included", rules, StringComparison.Ordinal);
        Assert.Contains("at least 1 district in the state's program", rules, StringComparison.Ordinal);
        Assert.Contains("at least 1 event on the CEM calendar, its districts' events included", others, StringComparison.Ordinal);
        Assert.Contains("at least 7 districts in the state's program", others, StringComparison.Ordinal);
        Assert.DoesNotContain("comment", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_page_encodes_its_text()
    {
        var html = Html.Message("<b>Title</b>", "\"><script>alert(1)</script>");

        Assert.Contains("<h1>&lt;b&gt;Title&lt;/b&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"lead\" role=\"status\">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    private static string RenderRules(Cem.Core.Editions.RecognitionThresholds options) =>
        PageRenderer.Render<RecognitionRules>(new Dictionary<string, object?> { [nameof(RecognitionRules.Options)] = options });
}
