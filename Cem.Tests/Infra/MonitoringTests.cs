namespace Cem.Tests.Infra;

/// <summary>Audit logs and alert rules for the services the app cannot run without, and storage redundancy.</summary>
[Collection(InfraCollection.Name)]
public sealed class MonitoringTests(InfraFixture infra)
{
    private string WorkspaceId => (string)infra.Single("Microsoft.OperationalInsights/workspaces")["id"]!;

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "/blobServices/default", "StorageWrite")]
    [InlineData("Microsoft.Storage/storageAccounts", "/queueServices/default", "StorageWrite")]
    [InlineData("Microsoft.Storage/storageAccounts", "/tableServices/default", "StorageDelete")]
    [InlineData("Microsoft.KeyVault/vaults", "", "AuditEvent")]
    public void Data_plane_audit_logs_go_to_log_analytics(string type, string service, string category)
    {
        var scope = (string)infra.Single(type)["id"]! + service;
        var setting = Assert.Single(
            infra.ResourcesOfType("Microsoft.Insights/diagnosticSettings"),
            d => ((string)d["id"]!).StartsWith(scope + "/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.Ordinal));

        Assert.Equal(WorkspaceId, (string?)setting["properties"]!["workspaceId"]);
        Assert.Contains(
            setting["properties"]!["logs"]!.AsArray(),
            l => (string?)l!["category"] == category && (bool)l["enabled"]!);
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "Transactions", "AuthorizationError")]
    [InlineData("Microsoft.Storage/storageAccounts", "Availability", null)]
    [InlineData("Microsoft.KeyVault/vaults", "ServiceApiResult", "403")]
    [InlineData("Microsoft.KeyVault/vaults", "Availability", null)]
    public void Alert_rules_watch_storage_and_key_vault(string type, string metric, string? dimensionValue)
    {
        var scope = (string)infra.Single(type)["id"]!;
        var rules = infra.ResourcesOfType("Microsoft.Insights/metricAlerts")
            .Where(r => r["properties"]!["scopes"]!.AsArray().Any(s => (string?)s == scope))
            .SelectMany(r => r["properties"]!["criteria"]!["allOf"]!.AsArray().Select(c => (Rule: r, Criterion: c!)))
            .Where(x => (string?)x.Criterion["metricName"] == metric)
            .ToList();

        var (rule, criterion) = Assert.Single(rules);
        Assert.True((bool)rule["properties"]!["enabled"]!);
        if (dimensionValue is not null)
        {
            Assert.Contains(criterion["dimensions"]!.AsArray().SelectMany(d => d!["values"]!.AsArray()), v => (string?)v == dimensionValue);
        }

        // The snapshot's parameters give an alert address: every rule notifies the action group.
        var actionGroup = (string)infra.Single("Microsoft.Insights/actionGroups")["id"]!;
        Assert.Contains(rule["properties"]!["actions"]!.AsArray(), a => (string?)a!["actionGroupId"] == actionGroup);
    }

    [Fact]
    public void Storage_can_be_zone_redundant()
    {
        var sku = infra.Arm["parameters"]!["storageSku"]!;
        Assert.Equal("Standard_LRS", (string?)sku["defaultValue"]);
        Assert.Equal(["Standard_LRS", "Standard_ZRS"], sku["allowedValues"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("Standard_LRS", (string?)infra.Single("Microsoft.Storage/storageAccounts")["sku"]!["name"]);
    }
}
