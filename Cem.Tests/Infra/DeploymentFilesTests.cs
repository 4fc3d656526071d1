using System.Text.Json.Nodes;

namespace Cem.Tests.Infra;

[Collection(InfraCollection.Name)]
public sealed class DeploymentFilesTests(InfraFixture infra)
{
    [Fact]
    public void Azd_parameters_supply_every_parameter_without_a_default()
    {
        var templateParameters = infra.Arm["parameters"]!.AsObject();
        var azdParameters = JsonNode.Parse(infra.ReadRepoFile("infra/main.parameters.json"))!["parameters"]!.AsObject();

        foreach (var (name, definition) in templateParameters)
        {
            if (definition!["defaultValue"] is null)
            {
                Assert.True(azdParameters.ContainsKey(name), $"infra/main.parameters.json lacks required parameter {name}");
            }
        }

        foreach (var (name, _) in azdParameters)
        {
            Assert.True(templateParameters.ContainsKey(name), $"infra/main.parameters.json sets unknown parameter {name}");
        }
    }

    [Fact]
    public void Azure_yaml_deploys_cem_functions_as_a_function_app_from_infra()
    {
        var lines = infra.ReadRepoFile("azure.yaml").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("api:", lines);
        Assert.Contains("project: ./Cem.Functions", lines);
        Assert.Contains("language: dotnet", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("path: infra", lines);
    }

    [Fact]
    public void Ci_workflow_builds_and_tests_with_the_ci_script()
    {
        var ci = infra.ReadRepoFile(".github/workflows/ci.yml");
        Assert.Contains("actions/setup-dotnet@", ci, StringComparison.Ordinal);
        Assert.Contains("dotnet-version: '10.0.x'", ci, StringComparison.Ordinal);
        Assert.Contains("actions/setup-node@", ci, StringComparison.Ordinal);
        Assert.Contains("bash .ci/run", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_workflow_signs_in_with_oidc_and_ships_the_hidden_functions_folder()
    {
        var deploy = infra.ReadRepoFile(".github/workflows/deploy.yml");
        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        Assert.Contains("azure/login@", deploy, StringComparison.Ordinal);
        Assert.Contains("client-id: ${{ secrets.AZURE_CLIENT_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("tenant-id: ${{ secrets.AZURE_TENANT_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}", deploy, StringComparison.Ordinal);
        Assert.Contains("dotnet publish Cem.Functions -c Release -o out", deploy, StringComparison.Ordinal);
        Assert.Contains("include-hidden-files: true", deploy, StringComparison.Ordinal);
        Assert.Contains("sku: flexconsumption", deploy, StringComparison.Ordinal);
        Assert.Contains("infra/main.bicepparam", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("publish-profile", deploy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("creds:", deploy, StringComparison.Ordinal);
    }
}
