using System.Net;
using System.Text;
using System.Text.Json;
using Cem.Core;
using Cem.Core.PressKits;
using Cem.Core.Programs;
using Cem.Tests.Calendar;
using Cem.Tests.Infrastructure;
using Cem.Tests.PressKits;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.Programs;

/// <summary>
/// The program's one-page flyer: a Word file that OpenXml validates, LibreOffice prints on one page, and whose QR code
/// jsQR (a decoder no one here wrote, pinned in <c>tools/qr</c>) reads as the public page's address.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProgramFlyerTests(AzuriteFixture azurite)
{
    private static readonly Uri Page = new("https://cem.example.org/states/OH/cem");

    private static FlyerContent Content(string title = "Ohio Connects", string intro = "Ohio's month of *connected* learning.\n\nJoin a chat, a webinar or a [meetup](https://example.org/meetups).") => new(
        title, "Ohio", 2027, intro, Page,
        [new("Pat Smith", "CEM coordinator", "cem@education.ohio.gov"), new("Robin Lee", "Digital learning lead", null)],
        [new("Ohio chat", "October 6"), new("AI in classrooms", "October 9")]);

    [Fact]
    public void The_flyer_is_valid_Word_with_the_title_the_intro_as_text_the_events_the_contacts_and_the_page()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(ProgramFlyer.Build(Content())), false);

        Assert.Empty(new OpenXmlValidator().Validate(document));
        var text = Paragraphs(document);
        Assert.Equal("Ohio Connects", text[0]);
        Assert.Equal("Ohio · Connected Educator Month 2027", text[1]);
        Assert.Contains("Ohio's month of connected learning.", text);
        Assert.Contains("Join a chat, a webinar or a meetup.", text);
        Assert.Contains("October 6: Ohio chat", text);
        Assert.Contains("October 9: AI in classrooms", text);
        Assert.Contains("Pat Smith, CEM coordinator · cem@education.ohio.gov", text);
        Assert.Contains("Robin Lee, Digital learning lead", text);
        Assert.Contains(Page.AbsoluteUri, text);
        Assert.Equal(Page, Assert.Single(document.MainDocumentPart!.HyperlinkRelationships).Uri);
        Assert.Equal("Ohio Connects", document.PackageProperties.Title);
        Assert.Equal("image/png", Assert.Single(document.MainDocumentPart.ImageParts).ContentType);
    }

    [Fact]
    public async Task Its_QR_code_reads_as_the_program_page_in_a_real_decoder()
    {
        var decoded = await NodeTool.RunAsync("qr", "jsqr", "decode.mjs", QrPng(ProgramFlyer.Build(Content())));

        Assert.Equal(Page.AbsoluteUri, decoded.GetProperty("data").GetString());
    }

    [Fact]
    public async Task LibreOffice_prints_the_longest_flyer_on_one_page_with_the_page_address()
    {
        // Everything at its limit: the longest title, a 10,000-character introduction, 20 contacts with the longest names
        // and roles, event titles of 200 characters.
        var content = Content(title: new string('T', 150), intro: string.Join("\n\n", Enumerable.Repeat("Every district in Ohio is welcome to take part in the month. " + new string('x', 40), 60))) with
        {
            Contacts = [.. Enumerable.Range(1, 20).Select(i => new ProgramContact($"Contact number {i} " + new string('n', 80), "Regional coordinator " + new string('r', 79), $"coordinator{i}@education.ohio.gov"))],
            HeadlineEvents = [.. Enumerable.Range(1, 3).Select(i => new HeadlineEvent($"Event {i}: " + new string('e', 190), $"October {i + 5}"))],
        };

        var (pages, text) = await PrintAsync(ProgramFlyer.Build(content));

        Assert.Equal(1, pages);
        Assert.Contains(Page.AbsoluteUri, text, StringComparison.Ordinal);
        Assert.Contains("Contact number 4 nnnn", text, StringComparison.Ordinal);
        Assert.Contains("coordinator4@education.ohio.gov", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact number 5 ", text, StringComparison.Ordinal);
        Assert.Contains("Every district in Ohio is welcome to take part in the month. xxxx", text, StringComparison.Ordinal);
        Assert.Contains("Event 3: eeee", text, StringComparison.Ordinal);
        Assert.Contains(" …", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_title_and_intro_stay_text_and_the_flyer_stays_valid_Word()
    {
        const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"' &amp; ]]> <w:p>";
        // An event title of emoji without a space, cut where a character's two halves meet.
        var emoji = "a" + string.Concat(Enumerable.Repeat("\U0001F389", 100));
        var docx = ProgramFlyer.Build(Content(title: Hostile, intro: Hostile + "\n\n[click](javascript:alert(3)) <iframe src=https://evil.example></iframe>") with
        {
            HeadlineEvents = [new(emoji, "October 6")],
        });

        using (var document = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
            var text = Paragraphs(document);
            Assert.Equal(Hostile, text[0]);
            Assert.Contains(text, p => p.Contains("<iframe src=https://evil.example></iframe>", StringComparison.Ordinal));
            Assert.Single(document.MainDocumentPart!.HyperlinkRelationships); // the page's; the javascript: link is no link
            Assert.Contains(text, p => p.StartsWith("October 6: " + emoji[..119] + " …", StringComparison.Ordinal));
        }

        var (pages, printed) = await PrintAsync(docx);
        Assert.Equal(1, pages);
        Assert.Contains("<script>alert(1)</script>", printed, StringComparison.Ordinal);
        Assert.Contains(Page.AbsoluteUri, printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_flyer_is_served_once_the_program_is_published_and_points_to_the_public_page_not_the_invite()
    {
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        using (var early = await site.Http.GetAsync("/states/OH/cem/flyer.docx"))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            await AssertDescribedAsync(early, "get", "/states/{code}/cem/flyer.docx");
        }

        var eventId = await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio chat", day: 6));
        await contact.SaveAsync(ProgramSite.Body(eventId));
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();
        (await contact.PostAsync("/api/states/OH/program/invites", null)).EnsureSuccessStatusCode();

        using var flyer = await site.Http.GetAsync("/states/OH/cem/flyer.docx");
        Assert.Equal(HttpStatusCode.OK, flyer.StatusCode);
        await AssertDescribedAsync(flyer, "get", "/states/{code}/cem/flyer.docx");
        Assert.Equal(ProgramFlyer.ContentType, flyer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", flyer.Content.Headers.ContentDisposition?.DispositionType);
        var docx = await flyer.Content.ReadAsByteArrayAsync();
        var page = site.Services.GetRequiredService<IOptions<CemOptions>>().Value.Link("/states/OH/cem").AbsoluteUri;
        using (var document = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var text = string.Join("\n", Paragraphs(document));
            Assert.Contains("Ohio Connects", text, StringComparison.Ordinal);
            Assert.Contains("October 6: Ohio chat", text, StringComparison.Ordinal);
            Assert.Contains("Pat Smith, CEM coordinator · cem@education.ohio.gov", text, StringComparison.Ordinal);
            Assert.Contains(page, text, StringComparison.Ordinal);
            Assert.DoesNotContain("/districts/join", document.MainDocumentPart!.Document!.OuterXml, StringComparison.Ordinal);
            Assert.DoesNotContain("token", document.MainDocumentPart.Document.OuterXml, StringComparison.Ordinal);
        }

        Assert.Equal(page, (await NodeTool.RunAsync("qr", "jsqr", "decode.mjs", QrPng(docx))).GetProperty("data").GetString());
        Assert.Contains("href=\"/states/OH/cem/flyer.docx\"", await site.Http.GetStringAsync("/states/OH/cem"), StringComparison.Ordinal);
        Assert.Contains("href=\"/states/OH/cem/flyer.docx\"", await contact.GetStringAsync("/my/program?state=OH"), StringComparison.Ordinal);

        (await contact.PostAsync("/api/states/OH/program/unpublish", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/states/OH/cem/flyer.docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("/states/ZZ/cem/flyer.docx")).StatusCode);
    }

    [Fact]
    public void The_flyers_etag_is_the_same_for_the_same_content_and_changes_with_a_headline_events_date_or_a_contact()
    {
        Assert.Equal(ProgramFlyer.ETagOf(Content()), ProgramFlyer.ETagOf(Content()));
        Assert.StartsWith("\"", ProgramFlyer.ETagOf(Content()), StringComparison.Ordinal);
        Assert.NotEqual(ProgramFlyer.ETagOf(Content()), ProgramFlyer.ETagOf(Content() with { HeadlineEvents = [new("Ohio chat", "October 7"), new("AI in classrooms", "October 9")] }));
        Assert.NotEqual(ProgramFlyer.ETagOf(Content()), ProgramFlyer.ETagOf(Content() with { Contacts = [new("Pat Smith", "CEM coordinator", null)] }));
    }

    [Fact]
    public async Task The_flyer_has_a_strong_etag_a_conditional_get_is_answered_304_and_the_etag_changes_with_the_program()
    {
        const string Path = "/states/OH/cem/flyer.docx";
        await using var site = await CemSite.StartAsync(azurite);
        using var contact = await site.ContactClientAsync();
        await contact.SaveAsync(ProgramSite.Body(await site.PublishAsync(contact, EventApiTests.Body(title: "Ohio chat", day: 6))));
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();

        using var first = await site.Http.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertDescribedAsync(first, "get", "/states/{code}/cem/flyer.docx");
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: var age } && age == TimeSpan.FromMinutes(5), first.Headers.CacheControl?.ToString());
        using (var second = await site.Http.GetAsync(Path))
        {
            Assert.Equal(etag, second.Headers.ETag);
        }

        using (var conditional = new HttpRequestMessage(HttpMethod.Get, Path) { Headers = { IfNoneMatch = { etag } } })
        using (var notModified = await site.Http.SendAsync(conditional))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            await AssertDescribedAsync(notModified, "get", "/states/{code}/cem/flyer.docx");
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, notModified.Headers.ETag);
        }

        // Another title, saved and published again: the old copy is stale.
        var changed = JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(ProgramSite.Body()))!;
        changed["title"] = "Ohio Connects 2.0";
        await contact.SaveAsync(changed);
        (await contact.PostAsync("/api/states/OH/program/publish", null)).EnsureSuccessStatusCode();
        using (var again = new HttpRequestMessage(HttpMethod.Get, Path) { Headers = { IfNoneMatch = { etag } } })
        using (var fresh = await site.Http.SendAsync(again))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            Assert.NotEqual(etag, fresh.Headers.ETag);
            using var document = WordprocessingDocument.Open(new MemoryStream(await fresh.Content.ReadAsByteArrayAsync()), false);
            Assert.Equal("Ohio Connects 2.0", Paragraphs(document)[0]);
        }
    }

    private static List<string> Paragraphs(WordprocessingDocument document) =>
        [.. document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)];

    private static byte[] QrPng(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        using var stream = Assert.Single(document.MainDocumentPart!.ImageParts).GetStream();
        using var png = new MemoryStream();
        stream.CopyTo(png);
        return png.ToArray();
    }

    /// <summary>The flyer converted by LibreOffice: its number of pages, and its text.</summary>
    private static async Task<(int Pages, string Text)> PrintAsync(byte[] docx)
    {
        var directory = Directory.CreateTempSubdirectory("cem-flyer-");
        try
        {
            var source = Path.Combine(directory.FullName, "flyer.docx");
            await File.WriteAllBytesAsync(source, docx);
            var pdf = await PressOfficeTests.ConvertAsync(directory, source, "pdf", "pdf");
            var text = await PressOfficeTests.ConvertAsync(directory, source, "txt:Text (encoded):UTF8", "txt");
            return (PressOfficeTests.PagesOf(pdf), Encoding.UTF8.GetString(text).TrimStart('\uFEFF'));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
