using System.Globalization;
using Cem.Core.Jurisdictions;
using Cem.Core.PressKits;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Markdig;
using QRCoder;
using A = DocumentFormat.OpenXml.Drawing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;
using Wp = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Cem.Core.Programs;

/// <summary>What a program's flyer says: nothing a district could not read on the public page (no invite link).</summary>
public sealed record FlyerContent(
    string Title, string StateName, int Year, string Intro, Uri PageUrl, IReadOnlyList<ProgramContact> Contacts, IReadOnlyList<HeadlineEvent> HeadlineEvents);

/// <summary>
/// A printable one-page flyer of a published program, for districts to pin up or pass on: a Word file built like the
/// press release (OpenXml, the kit's Word styles) with the program's title, the start of its introduction as plain
/// text, its headline events, its contacts, and the public page's address with a QR code to it.
/// </summary>
public sealed class ProgramFlyer(ProgramService programs, StateProgramFacts facts)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // What the flyer quotes of the longest program, so it stays one page; the rest is on the page the QR code opens.
    public const int IntroLength = 600;
    public const int IntroParagraphCount = 3;
    public const int EventTitleLength = 120;
    public const int ContactCount = 4;
    public const int ContactFieldLength = 50;

    /// <summary>The QR code's side: 1.6 inches, in EMUs (914,400 an inch), big enough for a phone at arm's length.</summary>
    private const long QrSize = 1463040L;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    /// <summary>What the flyer of the state's published program says today; null until it is published.</summary>
    public async Task<FlyerContent?> ContentAsync(string code, CancellationToken cancellationToken)
    {
        if (await programs.PublishedAsync(code, cancellationToken) is not { } program)
        {
            return null;
        }

        var known = await facts.ForAsync(program, cancellationToken);
        return new FlyerContent(program.Title, Jurisdiction.Find(code).Name, program.Year, program.Intro, known.PageUrl!, program.ContactList, known.HeadlineEvents);
    }

    /// <summary>
    /// The flyer's strong ETag: a hash of what it is built from and of this build of the code, not of its bytes (the
    /// Word package stamps its parts with the time it was written, so two builds of the same flyer differ). The headline
    /// events are in the content with the dates computed today, so the tag changes when they do.
    /// </summary>
    public static string ETagOf(FlyerContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var input = System.Text.Encoding.UTF8.GetBytes(typeof(ProgramFlyer).Module.ModuleVersionId.ToString("N") + System.Text.Json.JsonSerializer.Serialize(content));
        return "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input).AsSpan(0, 16)) + "\"";
    }

    public static string FileName(string code) => $"cem-{code.ToLowerInvariant()}-program-flyer.docx";

    /// <summary>
    /// The introduction as plain text paragraphs: the Markdown's text (raw HTML in it stays text), its first
    /// <see cref="IntroParagraphCount"/> paragraphs cut to <see cref="IntroLength"/> characters.
    /// </summary>
    public static IReadOnlyList<string> IntroParagraphs(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var paragraphs = Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings("\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = string.Join("\n", paragraphs.Take(IntroParagraphCount));
        var cut = Cut(text, IntroLength);
        return (paragraphs.Length > IntroParagraphCount && cut == text ? text + " …" : cut).Split('\n');
    }

    /// <summary>The text, or its start up to a word boundary with an ellipsis when longer than <paramref name="length"/>.</summary>
    private static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var space = text.LastIndexOf(' ', length);
        var end = space > length / 2 ? space : length;
        // Never half a character: a lone surrogate is not valid XML, and Word would refuse the file.
        return text[..(char.IsHighSurrogate(text[end - 1]) ? end - 1 : end)].TrimEnd() + " …";
    }

    public static byte[] Build(FlyerContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = content.Title;
            document.PackageProperties.Creator = "Connected Educator Month";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = PressKitBuilder.WordStyles();

            var body = new Body(
                Styled(PressKitBuilder.Heading1, content.Title),
                Styled(PressKitBuilder.Heading2, $"{content.StateName} · Connected Educator Month {content.Year.ToString(CultureInfo.InvariantCulture)}"));
            body.Append(IntroParagraphs(content.Intro).Select(p => Plain(p)));

            if (content.HeadlineEvents.Count > 0)
            {
                body.Append(Styled(PressKitBuilder.Heading2, "Coming up"));
                body.Append(content.HeadlineEvents.Select(e => Line($"{e.Date}: {Cut(e.Title, EventTitleLength)}")));
            }

            // The contacts and the page's address beside its QR code: a borderless table of two cells, so the code
            // takes no height of its own.
            var contacts = content.Contacts.Take(ContactCount).ToList();
            var left = new TableCell(new TableCellProperties(
                new TableCellWidth { Width = "7632", Type = TableWidthUnitValues.Dxa },
                new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
            if (contacts.Count > 0)
            {
                left.Append(Styled(PressKitBuilder.Heading2, contacts.Count == 1 ? "Contact" : "Contacts"));
                left.Append(contacts.Select(c => Line(
                    $"{Cut(c.Name, ContactFieldLength)}, {Cut(c.Role, ContactFieldLength)}" + (c.Email is null ? "" : $" · {c.Email}"))));
            }

            left.Append(
                Styled(PressKitBuilder.Heading2, "Every event, and how your district takes part"),
                new Paragraph(new Hyperlink(Text(content.PageUrl.AbsoluteUri, bold: true)) { Id = main.AddHyperlinkRelationship(content.PageUrl, isExternal: true).Id }),
                Plain("Or scan the code with a phone's camera."));
            var table = new Table(
                new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, new TableLayout { Type = TableLayoutValues.Fixed }),
                new TableGrid(new GridColumn { Width = "7632" }, new GridColumn { Width = "2880" }),
                new TableRow(
                    left,
                    new TableCell(
                        new TableCellProperties(
                            new TableCellWidth { Width = "2880", Type = TableWidthUnitValues.Dxa },
                            new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                        new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Right }), new Run(QrCode(main, content.PageUrl))))));

            // Word ends a body with a paragraph, not a table.
            body.Append(table, new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" })));

            // US Letter with 0.6-inch margins (within what office printers print), in twentieths of a point; the table's
            // columns fill the 7.3 inches between them.
            body.Append(new SectionProperties(
                new PageSize { Width = 12240U, Height = 15840U },
                new PageMargin { Top = 864, Bottom = 864, Left = 864U, Right = 864U }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>The QR code of <paramref name="url"/> as a PNG (QRCoder, error correction M), inline, with the address as its alternative text.</summary>
    private static Drawing QrCode(MainDocumentPart main, Uri url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(10);
        var image = main.AddImagePart(ImagePartType.Png);
        using (var source = new MemoryStream(png))
        {
            image.FeedData(source);
        }

        return new Drawing(new Wp.Inline(
            new Wp.Extent { Cx = QrSize, Cy = QrSize },
            new Wp.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new Wp.DocProperties { Id = 1U, Name = "QR code", Description = "QR code of " + url.AbsoluteUri },
            new Wp.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(new Pic.Picture(
                new Pic.NonVisualPictureProperties(new Pic.NonVisualDrawingProperties { Id = 0U, Name = "qr-code.png" }, new Pic.NonVisualPictureDrawingProperties()),
                new Pic.BlipFill(new A.Blip { Embed = main.GetIdOfPart(image) }, new A.Stretch(new A.FillRectangle())),
                new Pic.ShapeProperties(
                    new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = QrSize, Cy = QrSize }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U,
        });
    }

    private static Paragraph Styled(string style, string text) => new(new ParagraphProperties(new ParagraphStyleId { Val = style }), Text(text));

    private static Paragraph Plain(string text) => new(Text(text));

    /// <summary>A line of a list (an event, a contact): Normal, with a little space after rather than a paragraph's.</summary>
    private static Paragraph Line(string text) => new(new ParagraphProperties(new SpacingBetweenLines { After = "60" }), Text(text));

    // What a state typed is always a text run: Word shows it, never reads it as markup.
    private static Run Text(string text, bool bold = false)
    {
        var run = new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(text.ReplaceLineEndings(" ")) { Space = SpaceProcessingModeValues.Preserve });
        if (bold)
        {
            run.PrependChild(new RunProperties(new Bold()));
        }

        return run;
    }
}
