using System.Text;
using System.Text.RegularExpressions;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.PressKits;

/// <summary>
/// The release as a press officer meets it: the kit's <c>.docx</c> opened by LibreOffice (Debian's
/// <c>libreoffice-writer-nogui</c>, installed on first use), not only by the OpenXml reader we build it with.
/// </summary>
public sealed partial class PressOfficeTests
{
    private const string Soffice = "/usr/bin/soffice";
    private static readonly DateTimeOffset Now = new(2026, 9, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LibreOffice_opens_the_word_release_and_prints_it_on_one_page_with_every_part_in_place()
    {
        var ohio = new Signup
        {
            PartitionKey = "OH", RowKey = "01JD0000000000000000000000", Status = SignupStatus.Approved,
            OrganizationName = "Ohio Department of Education & Workforce", ContactName = "Ada Lovelace", ContactTitle = "Director of Communications",
            Email = "ada@education.ohio.gov", Phone = "614-555-0100", PublishMediaContact = true,
            Activities = string.Join(',', Activities.PressRelease, Activities.OwnCem, Activities.CalendarEvents),
            DecidedAt = new DateTimeOffset(2026, 9, 1, 15, 0, 0, TimeSpan.Zero),
        };
        var texas = new Signup { PartitionKey = "TX", RowKey = "01JD0000000000000000000001", Status = SignupStatus.Approved, OrganizationName = "Texas Education Agency" };
        var templates = new PressKitTemplates();
        var content = PressKitContent.For(ohio, [ListedSignup.Of(ohio), ListedSignup.Of(texas)], (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), templates.Fingerprint, Now,
            new ProgramFacts(new Uri("https://cem.example.org/states/OH/cem"), 2, [new("Ohio chat: bring a question, meet three teachers", "October 6"), new("AI in Ohio classrooms, a statewide webinar", "October 9"), new("Literacy coaches' open house", "October 14")]));
        var docx = PressKitTesting.Unzip(new MemoryStream(new PressKitBuilder(templates).Build(content.WithVersion(1), Now)))["press-release.docx"];

        var directory = Directory.CreateTempSubdirectory("cem-press-office-");
        try
        {
            var source = Path.Combine(directory.FullName, "press-release.docx");
            await File.WriteAllBytesAsync(source, docx);

            var pdf = await ConvertAsync(directory, source, "pdf", "pdf");
            var text = await ConvertAsync(directory, source, "txt:Text (encoded):UTF8", "txt");

            Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
            Assert.Equal(1, PagesOf(pdf));

            var release = Encoding.UTF8.GetString(text).TrimStart('\uFEFF');
            Assert.Contains("Ohio joins Connected Educator Month 2026", release, StringComparison.Ordinal);
            Assert.Contains("COLUMBUS, Ohio (September 14, 2026) — Ohio Department of Education & Workforce today announced", release, StringComparison.Ordinal);
            Assert.Contains("one of 2 states and jurisdictions taking part this year, with 2 confirmed participating organizations nationwide", release, StringComparison.Ordinal);
            Assert.Contains("will run its own Connected Educator Month with districts across Ohio and host events for Ohio educators", release, StringComparison.Ordinal);
            Assert.Contains("Ohio's own Connected Educator Month program is online at https://cem.example.org/states/OH/cem, with 2 districts taking part so far. Its highlights include Ohio chat: bring a question, meet three teachers on October 6, AI in Ohio classrooms, a statewide webinar on October 9 and Literacy coaches' open house on October 14.", release, StringComparison.Ordinal);
            Assert.Contains("Media contact: Ada Lovelace, Director of Communications, Ohio Department of Education & Workforce, ada@education.ohio.gov, 614-555-0100", release, StringComparison.Ordinal);
            Assert.DoesNotContain("press release", release, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("{{", release, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", release, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Converts with LibreOffice headless, in a profile of its own so that parallel runs do not share one.</summary>
    internal static async Task<byte[]> ConvertAsync(DirectoryInfo directory, string source, string filter, string extension)
    {
        await DebianPackages.EnsureAsync(Soffice, "libreoffice-writer-nogui");
        var profile = new Uri(Path.Combine(directory.FullName, "profile")).AbsoluteUri;
        var output = Path.Combine(directory.FullName, extension);
        await BrowserFixture.RunAsync(Soffice, $"-env:UserInstallation={profile} --headless --norestore --convert-to \"{filter}\" --outdir \"{output}\" \"{source}\"");
        var converted = Path.Combine(output, Path.ChangeExtension(Path.GetFileName(source), extension));
        Assert.True(File.Exists(converted), $"LibreOffice wrote no {extension} for {Path.GetFileName(source)}.");
        return await File.ReadAllBytesAsync(converted);
    }

    /// <summary>How many pages a PDF has: its page tree's page objects ("/Type /Page", not "/Type /Pages").</summary>
    internal static int PagesOf(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();
}
