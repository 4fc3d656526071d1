using System.Text.Json.Nodes;

namespace Cem.Tests.Infra;

[Collection(InfraCollection.Name)]
public sealed class BicepToolingTests(InfraFixture infra)
{
    // Rules that must be on (warning or error) in infra/bicepconfig.json: secrets, hygiene and hard-coding.
    private static readonly string[] RequiredRules =
    [
        "adminusername-should-not-be-literal",
        "no-hardcoded-env-urls",
        "no-hardcoded-location",
        "no-unused-params",
        "no-unused-vars",
        "no-unnecessary-dependson",
        "outputs-should-not-contain-secrets",
        "protect-commandtoexecute-secrets",
        "secure-parameter-default",
        "secure-params-in-nested-deploy",
        "secure-secrets-in-params",
        "use-recent-api-versions",
        "use-resource-symbol-reference",
        "use-secure-value-for-secure-inputs",
        "use-stable-resource-identifiers",
        "what-if-short-circuiting",
    ];

    [Fact]
    public void Main_template_builds_without_errors_or_warnings()
    {
        Assert.Equal(0, infra.BuildResult.ExitCode);
        Assert.Empty(infra.BuildResult.Diagnostics);
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("snapshot/main.bicepparam")]
    public void Lint_reports_no_errors_or_warnings(string file)
    {
        var result = infra.Bicep.Run(infra.InfraDirectory, "lint", file);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Linter_config_turns_on_the_security_and_hygiene_rules()
    {
        var config = JsonNode.Parse(infra.ReadRepoFile("infra/bicepconfig.json"))!;
        var core = config["analyzers"]!["core"]!;
        Assert.NotEqual(false, (bool?)core["enabled"]);

        foreach (var rule in RequiredRules)
        {
            var level = (string?)core["rules"]?[rule]?["level"];
            Assert.True(level is "warning" or "error", $"Rule {rule} is '{level ?? "unset"}'; it must be warning or error.");
        }
    }

    [Fact]
    public void Committed_snapshot_matches_the_templates()
    {
        var result = infra.Bicep.Run(
            Path.Combine(infra.InfraDirectory, InfraFixture.SnapshotFolder), ["snapshot", "main.bicepparam", "--mode", "validate", .. BicepCli.SnapshotScope]);

        Assert.True(
            result.ExitCode == 0,
            "infra/snapshot/main.snapshot.json is stale; regenerate it (see infra/README.md):\n" + result.Output);
    }

    [Fact]
    public void Templates_use_only_local_modules()
    {
        foreach (var file in Directory.EnumerateFiles(infra.InfraDirectory, "*.bicep*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("br/public:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        }
    }
}
