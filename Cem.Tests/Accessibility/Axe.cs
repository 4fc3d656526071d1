using System.Text.Json;
using Cem.Azurite;
using Cem.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cem.Tests.Accessibility;

/// <summary>
/// axe-core, pinned in <c>tools/axe</c> (package.json + package-lock.json) and installed there with <c>npm ci</c>
/// on first use, so a fresh clone needs only the .NET SDK and Node.js. It is loaded into the page under test
/// and run with the WCAG 2 A and AA rules.
/// </summary>
public static class Axe
{
    public const string Version = "4.14.1";

    /// <summary>The axe tags of WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.</summary>
    /// <summary>
    /// axe is added to a page as an inline script, which the site's Content-Security-Policy refuses; the accessibility
    /// tests' browser contexts bypass the policy (<c>SecurityHeadersTests</c> checks the pages under it).
    /// </summary>
    public const bool NeedsInlineScript = true;

    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    // Only this test assembly uses tools/axe, so an in-process gate is enough to install once.
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<string> ScriptPathAsync()
    {
        var tools = Path.Combine(RepositoryRoot.Require(), "tools", "axe");
        var script = Path.Combine(tools, "node_modules", "axe-core", "axe.min.js");
        var marker = Path.Combine(tools, "node_modules", ".cem-npm-ci-done");
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(marker) || !File.Exists(script))
            {
                await BrowserFixture.RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund", tools);
                await File.WriteAllTextAsync(marker, "npm ci completed\n");
            }
        }
        finally
        {
            InstallGate.Release();
        }

        return script;
    }

    /// <summary>Loads axe into the page, runs the WCAG 2 A/AA rules on the whole document and returns what it found.</summary>
    public static async Task<AxeResults> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = await ScriptPathAsync() });
        var json = await page.EvaluateAsync<string>("""
            async (tags) => {
              const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
              return JSON.stringify({
                version: axe.version,
                passes: results.passes.length,
                violations: results.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary })),
                })),
              });
            }
            """, WcagTags);
        return JsonSerializer.Deserialize<AxeResults>(json, JsonSerializerOptions.Web)!;
    }
}

public sealed record AxeResults(string Version, int Passes, IReadOnlyList<AxeViolation> Violations)
{
    /// <summary>Each violation with its id, impact and target nodes, for a failure message.</summary>
    public string Describe(string where) =>
        $"{Violations.Count} axe {Version} violation(s) of WCAG 2 A/AA on {where}:\n" + string.Join("\n", Violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}\n      {n.Summary?.ReplaceLineEndings("\n      ")}"))));
}

public sealed record AxeViolation(string Id, string? Impact, string Help, IReadOnlyList<AxeNode> Nodes);

public sealed record AxeNode(string Target, string? Summary);
