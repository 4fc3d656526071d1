using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Cem.Core.PressKits;

/// <summary>
/// The press kit's templates: files in <c>Cem.Core/PressKits/Templates/</c>, embedded in the assembly, so
/// staff change a kit by editing a file. Placeholders are <c>{{key}}</c>; a placeholder without a value throws
/// <see cref="PressKitTemplateException"/>, so no kit is ever made with <c>{{…}}</c> left in it.
/// </summary>
/// <remarks>
/// <para><c>.html</c> files get HTML-encoded values, with line breaks as <c>&lt;br&gt;</c> (lists are values with
/// one item per line); other files get values as they are. Values are substituted once: a value holding
/// <c>{{x}}</c> is not expanded.</para>
/// <para><see cref="Fingerprint"/> hashes every file, so a kit compiled after a template changed is a new version.</para>
/// </remarks>
public sealed partial class PressKitTemplates
{
    public const string PressRelease = "press-release.md";
    public const string PressReleasePage = "press-release.html";
    public const string FactSheet = "fact-sheet.html";
    public const string Readme = "README.txt";
    public const string Logo = "cem-logo.svg";

    private const string ResourcePrefix = "Cem.Core.PressKits.Templates.";

    private readonly FrozenDictionary<string, string> files;

    /// <summary>The templates embedded in the assembly.</summary>
    public PressKitTemplates()
        : this(Embedded())
    {
    }

    /// <summary>Templates from the given files (name → content); tests use it to try broken templates.</summary>
    public PressKitTemplates(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        this.files = files.ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var required in new[] { PressRelease, PressReleasePage, FactSheet, Readme, Logo })
        {
            if (!this.files.ContainsKey(required))
            {
                throw new ArgumentException($"The press kit template '{required}' is missing.", nameof(files));
            }
        }

        var all = new StringBuilder();
        foreach (var (name, content) in this.files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            all.Append(name).Append('\0').Append(content).Append('\0');
        }

        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())))[..16];
    }

    /// <summary>Changes whenever any template changes.</summary>
    public string Fingerprint { get; }

    /// <summary>A file as it is, without placeholders (the logo).</summary>
    public string Raw(string name) => files[name];

    /// <summary>Fills a template's placeholders; HTML templates get encoded values.</summary>
    /// <exception cref="PressKitTemplateException">A placeholder has no value.</exception>
    public string Render(string name, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string>? rawHtml = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var html = name.EndsWith(".html", StringComparison.Ordinal);
        return Placeholder().Replace(files[name], match =>
        {
            var key = match.Groups["key"].Value;
            if (rawHtml is not null && rawHtml.TryGetValue(key, out var markup))
            {
                return markup;
            }

            if (!values.TryGetValue(key, out var value) || value is null)
            {
                throw new PressKitTemplateException(name, key);
            }

            return html ? EncodeHtml(value) : value;
        });
    }

    /// <summary>Encodes text for HTML; a line break becomes <c>&lt;br&gt;</c>.</summary>
    public static string EncodeHtml(string value) =>
        string.Join("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(HtmlEncoder.Default.Encode));

    private static Dictionary<string, string> Embedded()
    {
        var assembly = typeof(PressKitTemplates).Assembly;
        var loaded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            loaded[resource[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }

        return loaded;
    }

    [GeneratedRegex(@"\{\{\s*(?<key>[A-Za-z][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>A press kit template uses a placeholder that has no value. Names the template and the placeholder, never a value.</summary>
public sealed class PressKitTemplateException : Exception
{
    public PressKitTemplateException() { }

    public PressKitTemplateException(string message) : base(message) { }

    public PressKitTemplateException(string message, Exception innerException) : base(message, innerException) { }

    public PressKitTemplateException(string template, string placeholder)
        : base($"Press kit template '{template}' uses the placeholder {{{{{placeholder}}}}} but no value was given for '{placeholder}'.")
    {
        Template = template;
        Placeholder = placeholder;
    }

    public string? Template { get; }

    public string? Placeholder { get; }
}
