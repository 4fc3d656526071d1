namespace Cem.Tests.Infra;

/// <summary>Audit logs and alert rules for the services the app cannot run without, the app's own alerts and workbook, and storage redundancy.</summary>
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

    [Theory]
    [InlineData("email-failures", new[] { "customMetrics", "\"cem.emails.failed\"" })]
    [InlineData("poison-messages", new[] { "\"cem.messages.poisoned\"", "traces", "Moving message to queue", "-poison" })]
    public void Log_alerts_watch_email_failures_and_poisoned_messages(string name, string[] queryParts)
    {
        var insights = (string)infra.Single("Microsoft.Insights/components")["id"]!;
        var rule = Assert.Single(infra.ResourcesOfType("Microsoft.Insights/scheduledQueryRules"), r => ((string)r["name"]!).EndsWith("-" + name, StringComparison.Ordinal));
        var properties = rule["properties"]!;
        Assert.True((bool)properties["enabled"]!);
        Assert.Equal([insights], properties["scopes"]!.AsArray().Select(s => (string)s!));
        var criterion = Assert.Single(properties["criteria"]!["allOf"]!.AsArray())!;
        Assert.All(queryParts, part => Assert.Contains(part, (string)criterion["query"]!, StringComparison.Ordinal));
        Assert.Equal("events", (string?)criterion["metricMeasureColumn"]);
        Assert.Equal("GreaterThan", (string?)criterion["operator"]);
        Assert.Equal(0, (double)criterion["threshold"]!);

        var actionGroup = (string)infra.Single("Microsoft.Insights/actionGroups")["id"]!;
        Assert.Equal([actionGroup], properties["actions"]!["actionGroups"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("cem-ops@example.org", (string?)infra.Single("Microsoft.Insights/actionGroups")["properties"]!["emailReceivers"]![0]!["emailAddress"]);
    }

    [Fact]
    public void The_workbook_shows_every_named_metric_failing_functions_and_slow_requests()
    {
        var workbook = infra.Single("Microsoft.Insights/workbooks");
        Assert.Equal((string)infra.Single("Microsoft.Insights/components")["id"]!, (string?)workbook["properties"]!["sourceId"]);
        var queries = System.Text.Json.Nodes.JsonNode.Parse((string)workbook["properties"]!["serializedData"]!)!["items"]!.AsArray()
            .Select(i => (string?)i!["content"]!["query"])
            .OfType<string>()
            .ToList();

        // Every instrument of the meter, read from the code, so a new metric without a chart fails here.
        var metricNames = typeof(Cem.Core.Telemetry.CemMetrics).GetFields()
            .Where(f => f.IsLiteral && f.Name != nameof(Cem.Core.Telemetry.CemMetrics.MeterName))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.Equal(7, metricNames.Count);
        Assert.All(metricNames, metric => Assert.Contains(queries, q => q.Contains($"\"{metric}\"", StringComparison.Ordinal)));
        Assert.Contains(queries, q => q.StartsWith("requests", StringComparison.Ordinal) && q.Contains("success == false", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.StartsWith("requests", StringComparison.Ordinal) && q.Contains("duration >", StringComparison.Ordinal));
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
