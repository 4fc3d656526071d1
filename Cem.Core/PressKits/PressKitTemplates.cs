using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Cem.Core.Templating;

namespace Cem.Core.PressKits;

/// <summary>
/// The press kit's templates: files in <c>Cem.Core/PressKits/Templates/</c>, embedded in the assembly, so staff change
/// a kit by editing a file. <c>press-release.md</c>, <c>fact-sheet.html</c> and <c>README.txt</c> are filled from a
/// <see cref="PressKitModel"/>, <c>press-release.html</c> from a <see cref="PressReleasePageModel"/>; the rules are
/// <see cref="TemplateSet"/>'s. The logo is a file as it is.
/// </summary>
/// <remarks><see cref="Fingerprint"/> hashes every file, so a kit compiled after a template changed is a new version.</remarks>
public sealed class PressKitTemplates
{
    public const string PressRelease = "press-release.md";
    public const string PressReleasePage = "press-release.html";
    public const string FactSheet = "fact-sheet.html";
    public const string Readme = "README.txt";
    public const string Logo = "cem-logo.svg";

    private const string ResourcePrefix = "Cem.Core.PressKits.Templates.";

    private readonly FrozenDictionary<string, string> files;
    private readonly TemplateSet templates;

    /// <summary>The templates embedded in the assembly.</summary>
    public PressKitTemplates()
        : this(TemplateSet.Embedded(typeof(PressKitTemplates).Assembly, ResourcePrefix))
    {
    }

    /// <summary>Templates from the given files (name → content); tests use it to try broken templates.</summary>
    public PressKitTemplates(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        this.files = files.ToFrozenDictionary(StringComparer.Ordinal);
        if (!this.files.ContainsKey(Logo))
        {
            throw new ArgumentException($"The press kit file '{Logo}' is missing.", nameof(files));
        }

        templates = new TemplateSet(
            this.files.Where(f => f.Key != Logo).ToDictionary(StringComparer.Ordinal),
            [
                TemplateBinding.For<PressKitModel>(PressRelease, FactSheet, Readme),
                TemplateBinding.For<PressReleasePageModel>(PressReleasePage),
            ]);

        var all = new StringBuilder();
        foreach (var (name, content) in this.files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            all.Append(name).Append('\0').Append(content).Append('\0');
        }

        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())))[..16];
    }

    /// <summary>Changes whenever any template changes.</summary>
    public string Fingerprint { get; }

    /// <summary>Where the templates and their models disagree; empty when every part of a kit can be rendered.</summary>
    public IReadOnlyList<string> Problems => templates.Problems;

    /// <summary>A file as it is, without placeholders (the logo).</summary>
    public string Raw(string name) => files[name];

    /// <summary>Fills a template; HTML templates get encoded values.</summary>
    /// <exception cref="TemplateException">The template does not match its model, or a value is missing.</exception>
    public string Render(string name, object model) => templates.Render(name, model);
}
