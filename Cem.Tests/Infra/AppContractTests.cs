using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cem.Core.Storage;

namespace Cem.Tests.Infra;

/// <summary>
/// What the code reads, checked against what the Bicep deploys: every setting a trigger names, every
/// queue a trigger polls, every table, queue and container the app creates.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class AppContractTests(InfraFixture infra)
{
    private const string Prefix = "cem";

    /// <summary>
    /// The product's functions.metadata (Worker SDK output of Cem.Functions), copied into the test output by the
    /// DevHost's build. The test function app's, in the folder TestFunctionApp/, is never deployed.
    /// </summary>
    private static readonly JsonArray Functions =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();

    private static IEnumerable<JsonObject> Bindings =>
        Functions.SelectMany(f => f!["bindings"]!.AsArray()).Select(b => b!.AsObject());

    [Fact]
    public void The_metadata_checked_is_the_products_alone()
    {
        Assert.NotEmpty(Functions);
        Assert.All(Functions, f => Assert.Equal("Cem.Functions.dll", (string?)f!["scriptFile"]));
    }

    [Fact]
    public void Every_setting_a_trigger_names_is_an_app_setting()
    {
        var settings = infra.AppSettings;
        var named = Bindings
            .SelectMany(b => new[] { (string?)b["queueName"], (string?)b["schedule"] })
            .Where(v => v is not null)
            .SelectMany(v => SettingReference().Matches(v!).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.Contains(StorageNames.PrefixSetting, named);
        Assert.All(named, name => Assert.True(settings.ContainsKey(name), $"functions.metadata names %{name}% but infra does not set it"));
    }

    [Fact]
    public void Every_queue_a_trigger_polls_exists_with_its_poison_queue()
    {
        var queues = Names("Microsoft.Storage/storageAccounts/queueServices/queues");
        var polled = Bindings
            .Where(b => (string?)b["type"] == "queueTrigger")
            .Select(b => ((string)b["queueName"]!).Replace($"%{StorageNames.PrefixSetting}%", Prefix, StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(polled);
        Assert.All(polled, q =>
        {
            Assert.Contains(q, queues);
            Assert.Contains(q + "-poison", queues);
        });
    }

    [Fact]
    public void Every_table_queue_and_container_the_app_creates_is_deployed()
    {
        var tables = Names("Microsoft.Storage/storageAccounts/tableServices/tables");
        var queues = Names("Microsoft.Storage/storageAccounts/queueServices/queues");
        var containers = Names("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.All(StorageNames.Tables, t => Assert.Contains(StorageNames.Table(Prefix, t), tables));
        Assert.All(StorageNames.Queues, q => Assert.Contains(StorageNames.Queue(Prefix, q), queues));
        Assert.All(StorageNames.Containers, c => Assert.Contains(StorageNames.Container(Prefix, c), containers));
    }

    private HashSet<string> Names(string type) =>
        infra.ResourcesOfType(type).Select(r => ((string)r["name"]!).Split('/')[^1]).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
