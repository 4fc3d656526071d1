using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Cem.Core.Templating;
using static Cem.Core.PressKits.PressKitTemplates;

namespace Cem.Core.PressKits;

/// <summary>
/// Builds a kit's zip from the templates. The press release is written once, in <c>press-release.md</c>
/// (a paragraph per blank-line-separated block; <c># </c> a headline, <c>## </c> a subheadline), and turned into
/// Word (headings in Word's heading styles), HTML (<c>press-release.html</c> loops over the blocks) and plain text,
/// so the three versions always say the same.
/// </summary>
public sealed class PressKitBuilder(PressKitTemplates templates)
{
    /// <summary>Every file in a kit, in zip order.</summary>
    public static IReadOnlyList<string> Parts { get; } =
        ["README.txt", "press-release.docx", "press-release.html", "press-release.txt", "fact-sheet.html", "cem-logo.svg"];

    public PressKitTemplates Templates => templates;

    /// <summary>Style ids of Word's built-in headings; Word knows them by their names, "heading 1" and "heading 2".</summary>
    public const string Heading1 = "Heading1";

    /// <inheritdoc cref="Heading1"/>
    public const string Heading2 = "Heading2";

    /// <summary>Renders every part and zips them; throws before anything is returned when a template cannot be filled.</summary>
    /// <exception cref="TemplateException">A template does not match its model.</exception>
    public byte[] Build(PressKitModel values, DateTimeOffset createdAt)
    {
        var release = Blocks(templates.Render(PressRelease, values));
        var headline = release.FirstOrDefault(b => b.Kind == PressReleaseBlockKind.Headline)?.Text ?? "Press release";
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["README.txt"] = Utf8(templates.Render(Readme, values)),
            ["press-release.docx"] = Word(release, headline),
            ["press-release.html"] = Utf8(templates.Render(PressReleasePage, new PressReleasePageModel(headline, release))),
            ["press-release.txt"] = Utf8(Text(release)),
            ["fact-sheet.html"] = Utf8(templates.Render(FactSheet, values)),
            ["cem-logo.svg"] = Utf8(templates.Raw(Logo)),
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in Parts)
            {
                // A Word file is a zip already: deflating it again at the best level costs a fifth of the build for
                // about a hundred bytes.
                var entry = archive.CreateEntry(name, name.EndsWith(".docx", StringComparison.Ordinal) ? CompressionLevel.Fastest : CompressionLevel.Optimal);
                entry.LastWriteTime = createdAt;
                using var stream = entry.Open();
                stream.Write(parts[name]);
            }
        }

        return zip.ToArray();
    }

    private static List<PressReleaseBlock> Blocks(string markdown) =>
        markdown.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(block => block.StartsWith("## ", StringComparison.Ordinal) ? new PressReleaseBlock(PressReleaseBlockKind.Subheadline, block[3..].Trim())
                : block.StartsWith("# ", StringComparison.Ordinal) ? new PressReleaseBlock(PressReleaseBlockKind.Headline, block[2..].Trim())
                : new PressReleaseBlock(PressReleaseBlockKind.Paragraph, block.ReplaceLineEndings(" ")))
            .ToList();

    private static string Text(List<PressReleaseBlock> blocks) =>
        string.Join("\n\n", blocks.Select(b => b.Kind == PressReleaseBlockKind.Headline ? b.Text.ToUpperInvariant() : b.Text)) + "\n";

    private static byte[] Word(List<PressReleaseBlock> blocks, string title)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Connected Educator Month";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = WordStyles();
            var body = new Body();
            foreach (var block in blocks)
            {
                body.Append(Paragraph(block));
            }

            // US Letter with one-inch margins, in twentieths of a point.
            body.Append(new SectionProperties(
                new PageSize { Width = 12240U, Height = 15840U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U }));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The headline and subheadline are Word's built-in Heading 1 and Heading 2 (so a press officer sees them as
    /// headings, in the style gallery and the navigation pane); paragraphs are Normal. Formatting lives in the styles,
    /// not on the text, so restyling the release in Word works as expected.
    /// </summary>
    private static Paragraph Paragraph(PressReleaseBlock block)
    {
        var run = new Run(new DocumentFormat.OpenXml.Wordprocessing.Text(block.Text) { Space = SpaceProcessingModeValues.Preserve });
        return block.Kind switch
        {
            PressReleaseBlockKind.Headline => new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = Heading1 }), run),
            PressReleaseBlockKind.Subheadline => new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = Heading2 }), run),
            _ => new Paragraph(run),
        };
    }

    /// <summary>The styles of the kit's Word files (the release; the program flyer): Normal, Heading 1 and Heading 2.</summary>
    // Sizes are in half-points, spacing in twentieths of a point.
    public static Styles WordStyles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                new FontSize { Val = "22" },
                new Languages { Val = "en-US" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "200" }))),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        HeadingStyle(Heading1, "heading 1", 0, new StyleRunProperties(new Bold(), new Color { Val = "1D3557" }, new FontSize { Val = "36" })),
        HeadingStyle(Heading2, "heading 2", 1, new StyleRunProperties(new Italic(), new Color { Val = "1D3557" }, new FontSize { Val = "26" })));

    private static Style HeadingStyle(string id, string name, int level, StyleRunProperties run) => new(
        new StyleName { Val = name },
        new BasedOn { Val = "Normal" },
        new NextParagraphStyle { Val = "Normal" },
        new UIPriority { Val = 9 },
        new PrimaryStyle(),
        new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level }),
        run)
    {
        Type = StyleValues.Paragraph,
        StyleId = id,
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
