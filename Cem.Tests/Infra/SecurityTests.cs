namespace Cem.Tests.Infra;

[Collection(InfraCollection.Name)]
public sealed class SecurityTests(InfraFixture infra)
{
    // Built-in role definition ids.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
        "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", // User Access Administrator
        "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
        "f25e0fa2-a7c8-4377-a976-54943a77a395", // Key Vault Contributor
        "00482a5a-887f-4fb3-b363-3b7fe8e74483", // Key Vault Administrator
    ];

    // Patterns of keys or key-bearing connection strings; none may appear in templates or settings.
    private static readonly string[] KeyPatterns =
        ["AccountKey=", "listKeys(", "listkeys(", "SharedAccessSignature=", "SharedAccessKey=", "DefaultEndpointsProtocol=", "InstrumentationKey="];

    [Fact]
    public void App_identity_is_granted_every_role_the_code_needs_on_the_right_scope()
    {
        var expected = new (string Role, string ScopeType)[]
        {
            (StorageBlobDataOwner, "Microsoft.Storage/storageAccounts"),
            (StorageQueueDataContributor, "Microsoft.Storage/storageAccounts"),
            (StorageTableDataContributor, "Microsoft.Storage/storageAccounts"),
            (KeyVaultSecretsUser, "Microsoft.KeyVault/vaults"),
            (MonitoringMetricsPublisher, "Microsoft.Insights/components"),
        };
        var appPrincipal = $"[reference('{(string)infra.Identity["id"]!}', '2024-11-30').principalId]";

        foreach (var (role, scopeType) in expected)
        {
            var scopeId = (string)infra.Single(scopeType)["id"]!;
            Assert.Contains(
                infra.ResourcesOfType("Microsoft.Authorization/roleAssignments"),
                a => ((string)a["properties"]!["roleDefinitionId"]!).EndsWith("/roleDefinitions/" + role, StringComparison.Ordinal)
                    && (string?)a["properties"]!["principalId"] == appPrincipal
                    && (string?)a["properties"]!["principalType"] == "ServicePrincipal"
                    && ((string)a["id"]!).StartsWith(scopeId + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void No_role_assignment_grants_owner_contributor_or_administrator_roles()
    {
        foreach (var role in BroadRoles)
        {
            Assert.DoesNotContain(role, infra.ArmText, StringComparison.OrdinalIgnoreCase);
        }

        // Every assignment deployed with the committed parameters names a role from the allowed set.
        var allowed = new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, KeyVaultSecretsUser, MonitoringMetricsPublisher, "b86a8fe4-44ce-4948-aee5-eccb2c155cd7" /* Key Vault Secrets Officer, operator only */ };
        var assignments = infra.Resources.Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Contains(((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1], allowed));
    }

    [Fact]
    public void Role_assignment_names_are_stable_guids()
    {
        var assignments = infra.ResourcesOfType("Microsoft.Authorization/roleAssignments");
        Assert.All(assignments, a => Assert.True(Guid.TryParse((string?)a["name"], out _), $"Role assignment name {(string?)a["name"]} is not a GUID"));
        Assert.Equal(assignments.Count, assignments.Select(a => (string?)a["name"]).Distinct().Count());
    }

    [Fact]
    public void No_account_keys_or_key_bearing_connection_strings_anywhere()
    {
        var texts = new List<(string Where, string Text)> { ("compiled ARM template", infra.ArmText), ("snapshot", infra.SnapshotText) };
        texts.AddRange(Directory.EnumerateFiles(infra.InfraDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(f))));

        foreach (var (where, text) in texts)
        {
            foreach (var pattern in KeyPatterns)
            {
                Assert.False(text.Contains(pattern, StringComparison.OrdinalIgnoreCase), $"{where} contains {pattern}");
            }
        }

        // A *ConnectionString setting would carry a storage key; identity-based connections use __serviceUri settings.
        Assert.DoesNotContain(infra.AppSettings, s => s.Key.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Key_vault_uses_rbac_soft_delete_and_purge_protection()
    {
        var properties = infra.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.True((bool)properties["enableSoftDelete"]!);
        Assert.True((bool)properties["enablePurgeProtection"]!);
        Assert.Null(properties["accessPolicies"]);
    }

    [Fact]
    public void Templates_write_no_secret_values()
    {
        // Secrets are created by infra/hooks/postprovision.sh, so none passes through parameters or deployment history,
        // and no deployment can overwrite one that was rotated in the vault.
        Assert.Empty(infra.ResourcesOfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.DoesNotContain("Microsoft.KeyVault/vaults/secrets", infra.ArmText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(infra.Arm["parameters"]!.AsObject(), p => (string?)p.Value!["type"] == "securestring");
    }

    [Fact]
    public void The_deployer_and_the_operator_group_get_key_vault_secrets_officer()
    {
        const string SecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
        var vaultId = (string)infra.Single("Microsoft.KeyVault/vaults")["id"]!;
        var officers = infra.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ((string)a["properties"]!["roleDefinitionId"]!).EndsWith("/" + SecretsOfficer, StringComparison.Ordinal)
                && ((string)a["id"]!).StartsWith(vaultId + "/", StringComparison.Ordinal))
            .Select(a => ((string?)a["properties"]!["principalId"], (string?)a["properties"]!["principalType"]))
            .ToList();

        // The values in infra/snapshot/main.bicepparam.
        Assert.Contains(("11111111-1111-1111-1111-111111111111", "User"), officers);
        Assert.Contains(("22222222-2222-2222-2222-222222222222", "Group"), officers);
        Assert.Null(infra.Arm["parameters"]!["operatorPrincipalType"]!["defaultValue"]);
    }

    [Fact]
    public void Outputs_carry_no_secrets()
    {
        var outputs = infra.Arm["outputs"]!.AsObject();
        Assert.All(outputs, o =>
        {
            Assert.NotEqual("securestring", (string?)o.Value!["type"]);
            var value = o.Value!["value"]!.ToJsonString();
            Assert.DoesNotContain("parameters('", value, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", value, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs.Select(o => o.Key));
    }
}
