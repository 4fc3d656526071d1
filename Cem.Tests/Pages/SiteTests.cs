using System.Net;
using System.Text.RegularExpressions;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;

namespace Cem.Tests.Pages;

/// <summary>What every page shares, through the DevHost: link previews, the icon, and the home page's ways into the features.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SiteTests(AzuriteFixture azurite)
{
    [Theory]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a public address of its own
    [InlineData("/", "https://cem.example.org/")]
    [InlineData("/comments", "https://cem.example.org/comments")]
    [InlineData("/comments?thread=state-oh", "https://cem.example.org/comments?thread=state-oh")]
    [InlineData("/states/oh/data", "https://cem.example.org/states/OH/data")]
    public async Task A_shared_public_page_previews_with_its_title_description_address_and_image(string path, string url)
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:PublicBaseUrl"] = "https://cem.example.org");
        var html = await site.Http.GetStringAsync(path);

        Assert.Equal(url, Meta(html, "og:url"));
        Assert.Equal("https://cem.example.org/assets/og-image.png", Meta(html, "og:image"));
        Assert.False(string.IsNullOrWhiteSpace(Meta(html, "og:title")));
        Assert.False(string.IsNullOrWhiteSpace(Meta(html, "og:description")));
        Assert.Matches("<meta name=\"description\" content=\"[^\"]+\"", html);
        Assert.Contains("<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">", html, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // a public address of its own
    public async Task A_page_behind_an_emailed_link_has_no_address_to_share()
    {
        await using var site = await CemSite.StartAsync(azurite, s => s["Cem:PublicBaseUrl"] = "https://cem.example.org");
        using var response = await site.Http.GetAsync("/signups/confirm?token=forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("og:url", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/assets/favicon.svg", "image/svg+xml")]
    [InlineData("/assets/og-image.png", "image/png")]
    public async Task The_icons_and_the_preview_image_are_served(string path, string contentType)
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var response = await site.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_home_page_leads_to_the_features_that_exist()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var html = await site.Http.GetStringAsync("/");

        Assert.Contains("href=\"/comments\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/states\"", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/states/[A-Z]{2}/data\"", html);
        Assert.Contains("href=\"/sign-in\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/my/program\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("coming soon", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"signup-form\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"states-empty\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_organization_name_is_isolated_from_the_text_around_it()
    {
        // Names are typed by their owners in any script: <bdi> keeps a right-to-left name from reordering the row.
        await using var site = await CemSite.StartAsync(azurite);
        await site.ApproveStateAsync();

        Assert.Contains("<td><bdi>Ohio Department of Education</bdi></td>", await site.Http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static string? Meta(string html, string property) =>
        MetaTag().Matches(html).FirstOrDefault(m => m.Groups["property"].Value == property) is { } meta ? WebUtility.HtmlDecode(meta.Groups["content"].Value) : null;

    [GeneratedRegex("<meta property=\"(?<property>[^\"]+)\" content=\"(?<content>[^\"]*)\"")]
    private static partial Regex MetaTag();
}
