using System.Text.Json.Nodes;

namespace Cem.Tests.Infra;

[Collection(InfraCollection.Name)]
public sealed class FunctionAppTests(InfraFixture infra)
{
    // Settings Flex Consumption rejects: the runtime and package are configured in functionAppConfig.
    private static readonly string[] FlexForbiddenSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_NODE_DEFAULT_VERSION",
        "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
        "AzureWebJobsStorage",
    ];

    // Settings Cem.Core and Cem.Functions read; names must match the code exactly.
    private static readonly string[] SettingsTheAppReads =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "CemStoragePrefix",
        "Cem__PublicBaseUrl",
        "Cem__StaffEmails",
        "Cem__Links__CurrentKey",
        "Cem__Links__PreviousKey",
        "Cem__Links__Lifetime",
        "Cem__Email__SendGridApiKey",
        "Cem__Email__FromAddress",
        "Cem__Email__FromName",
        "Cem__Email__WebhookPublicKey",
        "Cem__Email__AddressHashKey",
        "Cem__Comments__VoteRateLimit",
        "Cem__Comments__VoteRateLimitWindow",
        "Cem__Metrics__Recognition__ChampionEvents",
        "Cem__Metrics__Recognition__ChampionDistricts",
        "Cem__Awards__ReviewWindow",
        "Cem__Awards__SigningKey",
        "Cem__Awards__PreviousSigningKeys",
        "Cem__Events__SuggestionRateLimit",
        "Cem__Events__SuggestionRateLimitWindow",
        "Cem__Events__PublishRateLimit",
        "Cem__Events__PublishRateLimitWindow",
        "Cem__Programs__JoinRateLimit",
        "Cem__Programs__JoinRateLimitWindow",
        "Cem__Reminders__SubscribeRateLimit",
        "Cem__Reminders__SubscribeAddressRateLimit",
        "Cem__Reminders__SubscribeRateLimitWindow",
        "MetricsRollupSchedule",
        "CommentCleanupSchedule",
        "RemindersSchedule",
        "MessageOutboxSchedule",
        "Cem__Secrets__ClientHashKey",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    private static readonly Dictionary<string, string> SecretSettings = new(StringComparer.Ordinal)
    {
        ["Cem__Email__SendGridApiKey"] = "sendgrid-api-key",
        ["Cem__Links__CurrentKey"] = "links-current-key",
        ["Cem__Links__PreviousKey"] = "links-previous-key",
        ["Cem__Secrets__ClientHashKey"] = "client-hash-key",
        ["Cem__Email__AddressHashKey"] = "address-hash-key",
        ["Cem__Awards__SigningKey"] = "badge-signing-key",
        ["Cem__Awards__PreviousSigningKeys"] = "badge-previous-signing-keys",
    };

    private static readonly int[] FlexInstanceSizes = [512, 2048, 4096];

    private JsonObject Config => infra.FunctionApp["properties"]!["functionAppConfig"]!.AsObject();

    private string IdentityId => (string)infra.Identity["id"]!;

    [Fact]
    public void Function_app_runs_dotnet_isolated_10()
    {
        Assert.Equal("dotnet-isolated", (string?)Config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)Config["runtime"]!["version"]);
        Assert.Equal("functionapp,linux", (string?)infra.FunctionApp["kind"]);
    }

    [Fact]
    public void Function_app_is_on_a_flex_consumption_plan()
    {
        var plan = infra.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool?)plan["properties"]!["reserved"]);
        Assert.Equal((string)plan["id"]!, (string?)infra.FunctionApp["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void Instance_memory_is_a_size_flex_consumption_allows()
    {
        var memory = (int)Config["scaleAndConcurrency"]!["instanceMemoryMB"]!;
        Assert.Contains(memory, FlexInstanceSizes);
        Assert.InRange((int)Config["scaleAndConcurrency"]!["maximumInstanceCount"]!, 40, 1000);
    }

    [Fact]
    public void Parameters_refuse_what_flex_consumption_refuses()
    {
        // Refused at validation, before anything is created, instead of halfway through a deployment.
        var parameters = infra.Arm["parameters"]!;
        Assert.Equal(40, (int)parameters["maximumInstanceCount"]!["minValue"]!);
        Assert.Equal(1000, (int)parameters["maximumInstanceCount"]!["maxValue"]!);
        Assert.Equal(FlexInstanceSizes, parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!));
    }

    [Fact]
    public void No_setting_flex_consumption_forbids_is_set()
    {
        var names = infra.AppSettings.Select(s => s.Key).ToList();
        var inlineSettings = infra.FunctionApp["properties"]!["siteConfig"]!["appSettings"]?.AsArray() ?? [];
        names.AddRange(inlineSettings.Select(s => (string)s!["name"]!));
        foreach (var forbidden in FlexForbiddenSettings)
        {
            Assert.DoesNotContain(forbidden, names);
        }
    }

    [Fact]
    public void Every_setting_the_app_reads_is_configured()
    {
        var settings = infra.AppSettings;
        foreach (var name in SettingsTheAppReads)
        {
            Assert.True(settings.ContainsKey(name), $"App setting {name} is missing");
        }

        Assert.Equal("cem", (string?)settings["CemStoragePrefix"]);
        Assert.Equal("14.00:00:00", (string?)settings["Cem__Links__Lifetime"]);
        Assert.Equal("0 */15 * * * *", (string?)settings["MetricsRollupSchedule"]);
        Assert.Equal("0 17 3 * * *", (string?)settings["CommentCleanupSchedule"]);
        Assert.Equal("60", (string?)settings["Cem__Comments__VoteRateLimit"]);
        Assert.Equal("00:10:00", (string?)settings["Cem__Comments__VoteRateLimitWindow"]);
        Assert.Equal("5", (string?)settings["Cem__Events__SuggestionRateLimit"]);
        Assert.Equal("100", (string?)settings["Cem__Events__PublishRateLimit"]);
        Assert.Equal("10", (string?)settings["Cem__Programs__JoinRateLimit"]);
        Assert.Equal(("3", "2"), ((string?)settings["Cem__Metrics__Recognition__ChampionEvents"], (string?)settings["Cem__Metrics__Recognition__ChampionDistricts"]));
        Assert.Equal("10", (string?)settings["Cem__Reminders__SubscribeRateLimit"]);
        Assert.Equal("3", (string?)settings["Cem__Reminders__SubscribeAddressRateLimit"]);
        Assert.Equal("01:00:00", (string?)settings["Cem__Reminders__SubscribeRateLimitWindow"]);
        Assert.Equal("0 5 * * * *", (string?)settings["RemindersSchedule"]);
        Assert.Equal("0 * * * * *", (string?)settings["MessageOutboxSchedule"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)settings["Cem__StaffEmails"]));
        Assert.Contains("@", (string?)settings["Cem__Email__FromAddress"], StringComparison.Ordinal);
    }

    [Fact]
    public void Public_base_url_is_the_https_default_host_name()
    {
        var url = (string)infra.AppSettings["Cem__PublicBaseUrl"]!;
        Assert.StartsWith("[format('https://{0}', reference('" + (string)infra.FunctionApp["id"]!, url, StringComparison.Ordinal);
        Assert.EndsWith(".defaultHostName)]", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_connection_is_identity_based_with_the_user_assigned_identity()
    {
        var settings = infra.AppSettings;
        var account = infra.Single("Microsoft.Storage/storageAccounts");
        var accountId = (string)account["id"]!;

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal($"[reference('{IdentityId}', '2024-11-30').clientId]", (string?)settings["AzureWebJobsStorage__clientId"]);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var uri = (string)settings[$"AzureWebJobsStorage__{service}ServiceUri"]!;
            Assert.Contains(accountId, uri, StringComparison.Ordinal);
            Assert.EndsWith($".primaryEndpoints.{service}]", uri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secret_settings_are_key_vault_references_resolved_with_the_app_identity()
    {
        var vaultId = (string)infra.Single("Microsoft.KeyVault/vaults")["id"]!;

        foreach (var (setting, secret) in SecretSettings)
        {
            var value = (string)infra.AppSettings[setting]!;
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference('" + vaultId, value, StringComparison.Ordinal);
            Assert.EndsWith($".vaultUri, '{secret}')]", value, StringComparison.Ordinal);
        }

        Assert.Equal(IdentityId, (string?)infra.FunctionApp["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_only()
    {
        var identity = infra.FunctionApp["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        var assigned = identity["userAssignedIdentities"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal([IdentityId], assigned);
    }

    [Fact]
    public void Deployment_package_storage_authenticates_with_the_user_assigned_identity()
    {
        var storage = Config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal(IdentityId, (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);

        // "[format('{0}{1}', reference('<storage account id>', ...).primaryEndpoints.blob, '<container>')]"
        var value = (string)storage["value"]!;
        Assert.Contains((string)infra.Single("Microsoft.Storage/storageAccounts")["id"]!, value, StringComparison.Ordinal);
        Assert.EndsWith("')]", value, StringComparison.Ordinal);
        var container = value[(value.LastIndexOf(".primaryEndpoints.blob, '", StringComparison.Ordinal) + 25)..^3];
        Assert.Contains(
            infra.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => ((string)c["name"]!).EndsWith("/" + container, StringComparison.Ordinal));
    }

    [Fact]
    public void Application_insights_is_reached_with_entra_id_not_keys()
    {
        Assert.Equal(
            $"[format('ClientId={{0}};Authorization=AAD', reference('{IdentityId}', '2024-11-30').clientId)]",
            (string?)infra.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        var insights = infra.Single("Microsoft.Insights/components");
        Assert.True((bool?)insights["properties"]!["DisableLocalAuth"]);
        var workspace = infra.Single("Microsoft.OperationalInsights/workspaces");
        Assert.Equal((string)workspace["id"]!, (string?)insights["properties"]!["WorkspaceResourceId"]);
        Assert.True((bool?)workspace["properties"]!["features"]!["disableLocalAuth"]);
    }

    [Fact]
    public void Function_app_is_https_only_and_refuses_basic_publishing_credentials()
    {
        var properties = infra.FunctionApp["properties"]!;
        Assert.True((bool?)properties["httpsOnly"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);

        var policies = infra.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void Azd_finds_the_function_app_as_the_api_service()
    {
        Assert.Equal("api", (string?)infra.FunctionApp["tags"]!["azd-service-name"]);
    }
}
