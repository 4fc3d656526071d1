using Cem.Azurite;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Cem.Tests.Architecture;

/// <summary>
/// Cem.Core is a small kernel with features on top: a feature may use the kernel and the features below it,
/// never one beside or above it, and the kernel uses no feature. The rule is read from what the code
/// actually references (the compiler's semantic model), not from using directives, so a fully qualified or
/// relative name counts too. docs/architecture.md draws the same layers.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Shared by every feature. Kernel folders may use each other, as long as no cycle forms.</summary>
    public static readonly string[] Kernel = ["Storage", "Telemetry", "Jurisdictions", "Text", "Templating", "Links", "Staff", "Participation", "Email", "Clients", "Sessions", "Editions"];

    /// <summary>The features, lowest first: each may use the kernel and the features before it.</summary>
    public static readonly string[] Features = ["Signups", "Metrics", "PressKits", "Approvals", "Calendar", "Programs", "Comments", "Reminders", "Awards"];

    [Fact]
    public void Every_folder_of_Cem_Core_is_placed_in_a_layer()
    {
        var folders = Directory.GetDirectories(CoreFolder).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order();
        Assert.Equal(Kernel.Concat(Features).Order(), folders);
    }

    [Fact]
    public void Features_use_only_the_kernel_and_features_below_them()
    {
        var violations = Violations(ReferencesBetweenFolders(CoreSources()));
        Assert.True(violations.Count == 0, "Sideways or upward references in Cem.Core:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_rule_catches_a_planted_sideways_reference()
    {
        // Signups sit below Comments: a sign-up must not know about comments, even by a qualified name.
        var planted = CSharpSyntaxTree.ParseText(
            "namespace Cem.Core.Signups; internal static class Planted { internal static string Thread => Cem.Core.Comments.Threads.CemForStates; }",
            ParseOptions, Path.Combine(CoreFolder, "Signups", "Planted.cs"));
        var violations = Violations(ReferencesBetweenFolders(CoreSources().Append(planted)));
        Assert.Contains(violations, v => v.StartsWith("Signups -> Comments", StringComparison.Ordinal));
    }

    /// <summary>Each folder-to-folder reference that breaks the rule, with a place it happens.</summary>
    private static List<string> Violations(IReadOnlyDictionary<(string From, string To), string> references)
    {
        var violations = new List<string>();
        foreach (var ((from, to), where) in references)
        {
            var allowed = Kernel.Contains(from)
                ? Kernel.Contains(to) && !references.Keys.Contains((to, from))
                : Kernel.Contains(to) || Array.IndexOf(Features, to) < Array.IndexOf(Features, from);
            if (!allowed)
            {
                violations.Add($"{from} -> {to} ({where})");
            }
        }

        return violations;
    }

    /// <summary>(folder, folder it uses) → the first place it does, from every name the compiler binds.</summary>
    private static Dictionary<(string From, string To), string> ReferencesBetweenFolders(IEnumerable<SyntaxTree> trees)
    {
        var treeList = trees.ToList();
        var compilation = CSharpCompilation.Create("CoreLayering", treeList, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var references = new Dictionary<(string, string), string>();
        foreach (var tree in treeList)
        {
            var from = FolderOf(tree.FilePath);
            if (from is null)
            {
                continue; // The composition root in Cem.Core's top folder wires everything by design.
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                var ns = (symbol as INamespaceSymbol ?? symbol?.ContainingType?.ContainingNamespace ?? symbol?.ContainingNamespace)?.ToDisplayString();
                if (symbol is INamespaceSymbol || ns is null || !ns.StartsWith("Cem.Core.", StringComparison.Ordinal))
                {
                    continue;
                }

                var to = ns["Cem.Core.".Length..].Split('.')[0];
                if (to != from)
                {
                    references.TryAdd((from, to), $"{Path.GetFileName(tree.FilePath)}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {name.Identifier.Text}");
                }
            }
        }

        // Only the regex source generator's half of each [GeneratedRegex] method is missing here (CS8795); any other
        // error would mean names were left unbound and references could be missed.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(5).ToList();
        Assert.True(errors.Count == 0, "Cem.Core did not compile for the layering check: " + string.Join("; ", errors));
        return references;
    }

    private static string? FolderOf(string path)
    {
        var relative = Path.GetRelativePath(CoreFolder, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : null;
    }

    private static IEnumerable<SyntaxTree> CoreSources()
    {
        var options = ParseOptions;
        foreach (var file in Directory.EnumerateFiles(CoreFolder, "*.cs", SearchOption.AllDirectories))
        {
            if (!file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                yield return CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, path: file);
            }
        }

        // Implicit usings, as the SDK generates them for Cem.Core.
        yield return CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            options, path: Path.Combine(CoreFolder, "GlobalUsings.g.cs"));
    }

    /// <summary>Everything the test itself runs on, which includes all of Cem.Core's dependencies; read once.</summary>
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return trusted.Concat(local)
            .Where(p => !Path.GetFileName(p).Equals("Cem.Core.dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    });

    private static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    private static string CoreFolder { get; } = Path.Combine(RepositoryRoot.Require(AppContext.BaseDirectory), "Cem.Core");
}
