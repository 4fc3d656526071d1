using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Infra;

/// <summary>azd's parameters, its hook, the workflows and the scripts: the path a deployment takes, locally and in CI.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class DeploymentFilesTests(InfraFixture infra)
{
    private JsonObject TemplateParameters => infra.Arm["parameters"]!.AsObject();

    private JsonObject AzdParameters => JsonNode.Parse(infra.ReadRepoFile("infra/main.parameters.json"))!["parameters"]!.AsObject();

    [Fact]
    public void Azd_parameters_supply_every_parameter_without_a_default()
    {
        foreach (var (name, definition) in TemplateParameters)
        {
            if (definition!["defaultValue"] is null)
            {
                Assert.True(AzdParameters.ContainsKey(name), $"infra/main.parameters.json lacks required parameter {name}");
            }
        }

        foreach (var (name, _) in AzdParameters)
        {
            Assert.True(TemplateParameters.ContainsKey(name), $"infra/main.parameters.json sets unknown parameter {name}");
        }
    }

    [Fact]
    public void Azd_reads_main_parameters_json_because_there_is_no_main_bicepparam()
    {
        // azd prefers infra/main.bicepparam when it exists, and then never prompts for a missing value.
        Assert.False(File.Exists(Path.Combine(infra.InfraDirectory, "main.bicepparam")));
        Assert.Empty(Directory.EnumerateFiles(infra.InfraDirectory, "*.bicepparam", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public void A_parameter_without_a_safe_default_has_no_fallback_so_azd_prompts_and_ci_fails()
    {
        foreach (var (name, value) in AzdParameters)
        {
            var match = AzdVariable().Match((string)value!["value"]!);
            Assert.True(match.Success, $"{name} must be exactly ${{VARIABLE}} or ${{VARIABLE=default}}");
            var hasTemplateDefault = TemplateParameters[name]!["defaultValue"] is not null;
            var hasFallback = match.Groups["fallback"].Success;
            Assert.False(hasFallback && !hasTemplateDefault, $"{name} has no default in main.bicep but a fallback in main.parameters.json: azd would never ask for it");
        }

        foreach (var required in new[] { "staffEmails", "emailFromAddress", "operatorPrincipalType" })
        {
            Assert.Null(TemplateParameters[required]!["defaultValue"]);
            Assert.DoesNotContain("=", (string)AzdParameters[required]!["value"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Azure_yaml_deploys_cem_functions_as_a_function_app_from_infra()
    {
        var lines = Lines("azure.yaml");
        Assert.Contains("api:", lines);
        Assert.Contains("project: ./Cem.Functions", lines);
        Assert.Contains("language: dotnet", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("path: infra", lines);
    }

    [Fact]
    public void Azure_yaml_runs_the_secret_hook_after_provisioning_and_stops_if_it_fails()
    {
        var lines = Lines("azure.yaml");
        Assert.Contains("postprovision:", lines);
        Assert.Contains("run: ./infra/hooks/postprovision.sh", lines);
        Assert.Contains("continueOnError: false", lines);
        Assert.True(File.Exists(Path.Combine(infra.RepoRoot, "infra/hooks/postprovision.sh")));
    }

    [Fact]
    public void The_hook_creates_every_secret_the_app_settings_reference_and_generates_the_keys()
    {
        var hook = infra.ReadRepoFile("infra/hooks/postprovision.sh");
        var referenced = infra.AppSettings
            .Select(s => (string?)s.Value)
            .Select(v => KeyVaultSecretName().Match(v ?? ""))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.Equal(7, referenced.Count); // the SendGrid key, two link keys, the client-hash and the address-hash keys, the badge key and the retired badge keys
        Assert.Contains("badge-signing-key", referenced);
        Assert.Contains("ensure_badge_signing_key\n", hook, StringComparison.Ordinal);
        Assert.Contains("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256", hook, StringComparison.Ordinal);
        Assert.Contains("badge-previous-signing-keys", referenced);
        Assert.Contains("ensure_badge_previous_keys\n", hook, StringComparison.Ordinal);
        Assert.Contains("printf '%s' '{\"keys\":[]}'", hook, StringComparison.Ordinal); // an empty JWK Set, which the app reads as none
        foreach (var secret in referenced.Where(s => s is not ("sendgrid-api-key" or "badge-signing-key" or "badge-previous-signing-keys")))
        {
            Assert.Contains($"ensure_generated_key {secret}\n", hook, StringComparison.Ordinal);
        }

        Assert.Contains("ensure_sendgrid_key\n", hook, StringComparison.Ordinal);
        Assert.Contains("head -c 32 /dev/urandom", hook, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hook_never_overwrites_a_secret_that_exists()
    {
        var hook = infra.ReadRepoFile("infra/hooks/postprovision.sh");

        // One write, reached only from the "missing" branches; and no secret value on a command line.
        Assert.Single(Regex.Matches(hook, "(?m)^\\s*az keyvault secret set "));
        Assert.Contains("present) echo \"Secret $1 exists; left as it is.\" ;;", hook, StringComparison.Ordinal);
        Assert.Contains("present) echo \"Secret sendgrid-api-key exists; left as it is.\" ;;", hook, StringComparison.Ordinal);
        Assert.Contains("present) echo \"Secret badge-signing-key exists; left as it is.\" ;;", hook, StringComparison.Ordinal);
        Assert.Contains("present) echo \"Secret badge-previous-signing-keys exists; left as it is.\" ;;", hook, StringComparison.Ordinal);
        Assert.DoesNotContain("--value", hook, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sh", "infra/hooks/postprovision.sh")]
    [InlineData("bash", "infra/hooks/postprovision.sh")]
    [InlineData("bash", "infra/smoke.sh")]
    public void Scripts_parse(string shell, string script)
    {
        var (exitCode, output) = Run(shell, "-n", Path.Combine(infra.RepoRoot, script));

        Assert.True(exitCode == 0, $"{shell} -n {script}:\n{output}");
    }

    [Fact]
    public void Smoke_script_checks_health_a_sign_up_its_queue_an_email_the_timer_and_telemetry()
    {
        var smoke = infra.ReadRepoFile("infra/smoke.sh");
        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray()
            .Select(f => (string)f!["name"]!)
            .ToList();

        Assert.Contains("/api/health", smoke, StringComparison.Ordinal);
        Assert.Contains("/api/signups", smoke, StringComparison.Ordinal);
        Assert.Contains("SendGrid accepted", smoke, StringComparison.Ordinal);
        Assert.Contains("app-insights query", smoke, StringComparison.Ordinal);

        // The function names it looks for in telemetry are real ones.
        foreach (var name in new[] { "SendSignupReceivedEmail", "MetricsRollup" })
        {
            Assert.Contains($"name == '{name}'", smoke, StringComparison.Ordinal);
            Assert.Contains(name, functions);
        }

        // The outputs it reads are ones the template produces.
        foreach (var output in new[] { "SERVICE_API_URI", "AZURE_RESOURCE_GROUP", "AZURE_APPLICATION_INSIGHTS_NAME" })
        {
            Assert.Contains(output, smoke, StringComparison.Ordinal);
            Assert.True(infra.Arm["outputs"]!.AsObject().ContainsKey(output), $"main.bicep has no output {output}");
        }
    }

    [Fact]
    public void Ci_workflow_builds_and_tests_with_the_ci_script()
    {
        var ci = infra.ReadRepoFile(".github/workflows/ci.yml");
        Assert.Contains("name: CI", ci, StringComparison.Ordinal);
        Assert.Contains("actions/setup-dotnet@", ci, StringComparison.Ordinal);
        Assert.Contains("dotnet-version: '10.0.x'", ci, StringComparison.Ordinal);
        Assert.Contains("actions/setup-node@", ci, StringComparison.Ordinal);
        Assert.Contains("bash .ci/run", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_runs_the_end_to_end_tests_against_func_start_outside_the_ci_script()
    {
        var ci = infra.ReadRepoFile(".github/workflows/ci.yml");
        var job = ci[ci.IndexOf("  functions-host:", StringComparison.Ordinal)..];
        Assert.Contains("azure-functions-core-tools@4", job, StringComparison.Ordinal);
        Assert.Contains("func start", job, StringComparison.Ordinal);
        Assert.Contains($"{RemoteHost.BaseUrlVariable}: http://localhost:7071", job, StringComparison.Ordinal);
        Assert.Contains($"{RemoteHost.SettingsVariable}:", job, StringComparison.Ordinal);
        Assert.Contains($"{RemoteHost.Trait}!={RemoteHost.Controlled}", job, StringComparison.Ordinal);
        Assert.DoesNotContain("func ", infra.ReadRepoFile(".ci/run"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_workflow_signs_in_with_oidc_and_deploys_with_azd()
    {
        var deploy = infra.ReadRepoFile(".github/workflows/deploy.yml");
        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        Assert.Contains("azure/login@", deploy, StringComparison.Ordinal);
        Assert.Contains("client-id: ${{ secrets.AZURE_CLIENT_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("tenant-id: ${{ secrets.AZURE_TENANT_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("--federated-credential-provider github", deploy, StringComparison.Ordinal);
        Assert.Contains("azd provision --no-prompt", deploy, StringComparison.Ordinal);
        Assert.Contains("azd deploy --no-prompt", deploy, StringComparison.Ordinal);
        Assert.Contains("AZURE_PRINCIPAL_TYPE: ServicePrincipal", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("bicepparam", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("publish-profile", deploy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("creds:", deploy, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_workflow_deploys_only_a_commit_whose_ci_passed()
    {
        var deploy = infra.ReadRepoFile(".github/workflows/deploy.yml");
        Assert.Contains("workflow_run:", deploy, StringComparison.Ordinal);
        Assert.Contains("workflows: [CI]", deploy, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", deploy, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.event == 'push'", deploy, StringComparison.Ordinal);
        Assert.Contains("COMMIT: ${{ github.event.workflow_run.head_sha || github.sha }}", deploy, StringComparison.Ordinal);
        Assert.Contains("ref: ${{ env.COMMIT }}", deploy, StringComparison.Ordinal);
        Assert.Contains("actions/workflows/ci.yml/runs?head_sha=$COMMIT&status=success", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  push:", deploy, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_workflow_stops_early_on_every_missing_required_value_and_grants_the_operator_group()
    {
        var deploy = infra.ReadRepoFile(".github/workflows/deploy.yml");
        var check = deploy[deploy.IndexOf("- name: Check required settings", StringComparison.Ordinal)..deploy.IndexOf("- name: Check that CI passed", StringComparison.Ordinal)];

        // Every ${VARIABLE} azd substitutes into a parameter without a default, other than what azd sets itself.
        var required = AzdParameters
            .Where(p => TemplateParameters[p.Key]!["defaultValue"] is null)
            .Select(p => AzdVariable().Match((string)p.Value!["value"]!).Groups["name"].Value)
            .Except(["AZURE_PRINCIPAL_ID", "AZURE_PRINCIPAL_TYPE"])
            .Append("CEM_OPERATOR_GROUP_ID")
            .ToList();
        Assert.All(required, name =>
        {
            Assert.Contains($" {name}", check, StringComparison.Ordinal);
            Assert.Contains($"  {name}: ${{{{ ", deploy, StringComparison.Ordinal);
        });
        Assert.Contains("CEM_OPERATOR_GROUP_ID: ${{ vars.CEM_OPERATOR_GROUP_ID }}", deploy, StringComparison.Ordinal);
        Assert.Equal("${CEM_OPERATOR_GROUP_ID}", (string?)AzdParameters["operatorGroupId"]!["value"]);
    }

    private List<string> Lines(string path) => infra.ReadRepoFile(path).Split('\n').Select(l => l.Trim()).ToList();

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [GeneratedRegex(@"^\$\{(?<name>[A-Z_]+)(?<fallback>=[^}]*)?\}$")]
    private static partial Regex AzdVariable();

    [GeneratedRegex(@"secrets/\{1\}\)', reference\([^)]*\)\.vaultUri, '([a-z0-9-]+)'\)\]$")]
    private static partial Regex KeyVaultSecretName();
}
