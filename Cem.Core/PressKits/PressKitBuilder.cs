using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static Cem.Core.PressKits.PressKitTemplates;

namespace Cem.Core.PressKits;

/// <summary>
/// Builds a kit's zip from the templates. The press release is written once, in <c>press-release.md</c>
/// (a paragraph per blank-line-separated block; <c># </c> a headline, <c>## </c> a subheadline), and turned into
/// Word, HTML and plain text, so the three versions always say the same.
/// </summary>
public sealed class PressKitBuilder(PressKitTemplates templates)
{
    /// <summary>Every file in a kit, in zip order.</summary>
    public static IReadOnlyList<string> Parts { get; } =
        ["README.txt", "press-release.docx", "press-release.html", "press-release.txt", "fact-sheet.html", "cem-logo.svg"];

    public PressKitTemplates Templates => templates;

    /// <summary>Renders every part and zips them; throws before anything is returned when a template cannot be filled.</summary>
    /// <exception cref="PressKitTemplateException">A placeholder has no value.</exception>
    public byte[] Build(IReadOnlyDictionary<string, string> values, DateTimeOffset createdAt)
    {
        var release = Blocks(templates.Render(PressRelease, values));
        var headline = release.FirstOrDefault(b => b.Kind == BlockKind.Headline)?.Text ?? "Press release";
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["README.txt"] = Utf8(templates.Render(Readme, values)),
            ["press-release.docx"] = Word(release, headline),
            ["press-release.html"] = Utf8(templates.Render(PressReleasePage, values, new Dictionary<string, string>
            {
                ["headline"] = EncodeHtml(headline),
                ["content"] = Html(release),
            })),
            ["press-release.txt"] = Utf8(Text(release)),
            ["fact-sheet.html"] = Utf8(templates.Render(FactSheet, values)),
            ["cem-logo.svg"] = Utf8(templates.Raw(Logo)),
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in Parts)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = createdAt;
                using var stream = entry.Open();
                stream.Write(parts[name]);
            }
        }

        return zip.ToArray();
    }

    private enum BlockKind
    {
        Headline,
        Subheadline,
        Paragraph,
    }

    private sealed record Block(BlockKind Kind, string Text);

    private static List<Block> Blocks(string markdown) =>
        markdown.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(block => block.StartsWith("## ", StringComparison.Ordinal) ? new Block(BlockKind.Subheadline, block[3..].Trim())
                : block.StartsWith("# ", StringComparison.Ordinal) ? new Block(BlockKind.Headline, block[2..].Trim())
                : new Block(BlockKind.Paragraph, block.ReplaceLineEndings(" ")))
            .ToList();

    private static string Text(List<Block> blocks) =>
        string.Join("\n\n", blocks.Select(b => b.Kind == BlockKind.Headline ? b.Text.ToUpperInvariant() : b.Text)) + "\n";

    private static string Html(List<Block> blocks) =>
        string.Join("\n", blocks.Select(b => b.Kind switch
        {
            BlockKind.Headline => $"<h1>{EncodeHtml(b.Text)}</h1>",
            BlockKind.Subheadline => $"<h2>{EncodeHtml(b.Text)}</h2>",
            _ => $"<p>{EncodeHtml(b.Text)}</p>",
        }));

    private static byte[] Word(List<Block> blocks, string title)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Connected Educator Month";
            var main = document.AddMainDocumentPart();
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

    private static Paragraph Paragraph(Block block)
    {
        // Font sizes are in half-points.
        var (size, bold, italic) = block.Kind switch
        {
            BlockKind.Headline => ("36", true, false),
            BlockKind.Subheadline => ("26", false, true),
            _ => ("22", false, false),
        };
        var properties = new RunProperties(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" });
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        properties.Append(new FontSize { Val = size });
        return new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { After = "200" }),
            new Run(properties, new DocumentFormat.OpenXml.Wordprocessing.Text(block.Text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
