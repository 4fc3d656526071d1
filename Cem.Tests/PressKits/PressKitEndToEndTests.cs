using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cem.Core.Email;
using Cem.Core.PressKits;
using Cem.DevHost;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;

namespace Cem.Tests.PressKits;

/// <summary>
/// The whole path through the DevHost and Azurite: sign up, confirm, approve (by the emailed links, as people do),
/// then the press kit email arrives in the outbox and its link downloads the zip.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class PressKitEndToEndTests(AzuriteFixture azurite)
{
    private const string Signer = "ada@education.ohio.gov";
    private const string Staff = CemSite.StaffA;

    [Fact]
    public async Task An_approved_state_receives_a_press_kit_email_whose_link_downloads_the_zip()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (host, client, outbox) = (site, site.Http, site.Outbox);

        using var submitted = await client.PostAsJsonAsync(new Uri("api/signups", UriKind.Relative), new
        {
            jurisdiction = "OH",
            organizationName = "Ohio Department of Education",
            organizationType = "sea",
            contactName = "Ada Lovelace",
            contactTitle = "Director of Digital Learning",
            email = Signer,
            activities = new[] { "press-release", "calendar-events" },
            consent = true,
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var signupId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await PostLinkAsync(client, await LinkInEmailAsync(outbox, Signer, "We received your sign-up", "/signups/confirm"), "api/signups/confirm");
        await PostLinkAsync(client, await LinkInEmailAsync(outbox, Staff, "Please review", "/signups/approve"), "api/signups/approve");

        // The outcome email offers a fresh kit; the press kit email brings the download link.
        var requestLink = await LinkInEmailAsync(outbox, Signer, "is now listed", "/press-kits/request");
        var downloadLink = await LinkInEmailAsync(outbox, Signer, "Your CEM press kit is ready", "/api/press-kits/download");

        using var download = await client.GetAsync(Local(host, downloadLink));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("cem-press-kit-oh-v1.zip", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var parts = PressKitTesting.Unzip(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal(PressKitBuilder.Parts.Order(StringComparer.Ordinal), parts.Keys.Order(StringComparer.Ordinal));
        using (var word = WordprocessingDocument.Open(new MemoryStream(parts["press-release.docx"]), false))
        {
            Assert.Contains("Ohio joins Connected Educator Month", word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }

        Assert.All(parts.Where(p => !p.Key.EndsWith(".docx", StringComparison.Ordinal)), p => Assert.DoesNotContain("{{", Encoding.UTF8.GetString(p.Value), StringComparison.Ordinal));

        // The request link shows a page with a button (a GET changes nothing).
        using var page = new HttpRequestMessage(HttpMethod.Get, Local(host, requestLink)) { Headers = { { "Accept", "text/html" } } };
        using var pageResponse = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Contains("action=\"/api/press-kits/request\"", await pageResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Staff see the version without personal data.
        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri("api/admin/press-kits?jurisdiction=OH", UriKind.Relative)) { Headers = { { "x-functions-key", host.FunctionKey } } };
        using var listed = await client.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var listing = await listed.Content.ReadAsStringAsync();
        var version = Assert.Single(JsonDocument.Parse(listing).RootElement.GetProperty("versions").EnumerateArray());
        Assert.Equal(signupId, version.GetProperty("signupId").GetString());
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.DoesNotContain("@", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_and_staff_endpoints_answer_bad_input_with_problems()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var (host, client) = (site, site.Http);

        using var noToken = await client.GetAsync(new Uri("api/press-kits/download", UriKind.Relative));
        // Well-formed, but signed by no key of ours.
        var payload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("press-kit-download\nOH-01JD0000000000000000000000/v1\ncontact\n4102444800\n0badc0de\nnonce"));
        using var forged = await client.GetAsync(new Uri($"api/press-kits/download?token={payload}.c2lnbmF0dXJl", UriKind.Relative));
        using var noKey = await client.GetAsync(new Uri("api/admin/press-kits?jurisdiction=OH", UriKind.Relative));
        using var badJurisdiction = await client.GetAsync(new Uri("api/admin/press-kits?jurisdiction=ZZ&code=" + host.FunctionKey, UriKind.Relative));
        using var badId = await client.PostAsync(new Uri("api/admin/press-kits/not-an-id?code=" + host.FunctionKey, UriKind.Relative), null);
        using var unknown = await client.PostAsync(new Uri("api/admin/press-kits/OH-01JD0000000000000000000000?code=" + host.FunctionKey, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("token", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJurisdiction.StatusCode);
        Assert.Contains("jurisdiction", await badJurisdiction.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Waits for an email to <paramref name="to"/> whose subject contains <paramref name="subject"/>, and returns its link to <paramref name="path"/>.</summary>
    private static async Task<Uri> LinkInEmailAsync(Outbox outbox, string to, string subject, string path)
    {
        Uri? link = null;
        await TestDevHost.Eventually(async () =>
        {
            foreach (var entry in await outbox.ListAsync(50, CancellationToken.None))
            {
                if (entry.To == to && entry.Subject.Contains(subject, StringComparison.Ordinal))
                {
                    var text = (await outbox.ReadAsync(entry.FileName, CancellationToken.None))?.Text ?? "";
                    var match = LinkPattern().Matches(text).FirstOrDefault(m => new Uri(m.Value).AbsolutePath == path);
                    if (match is not null)
                    {
                        link = new Uri(match.Value);
                        return true;
                    }
                }
            }

            return false;
        }, $"No email '{subject}' with a {path} link arrived.");
        return link!;
    }

    /// <summary>Emailed links start with Cem:PublicBaseUrl; the test host listens on a free port.</summary>
    private static Uri Local(CemSite host, Uri link) => new(host.BaseAddress, link.PathAndQuery);

    private static async Task PostLinkAsync(HttpClient client, Uri link, string action)
    {
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        using var response = await client.PostAsJsonAsync(new Uri(action, UriKind.Relative), new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [GeneratedRegex(@"https?://\S+\?token=[^\s&]+")]
    private static partial Regex LinkPattern();
}
