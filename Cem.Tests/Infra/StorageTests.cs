namespace Cem.Tests.Infra;

[Collection(InfraCollection.Name)]
public sealed class StorageTests(InfraFixture infra)
{
    private static readonly string[] Tables =
        ["cemSignups", "cemSentEmails", "cemComments", "cemCommentAuthors", "cemCommentGuards", "cemStateMetrics", "cemParticipationLog", "cemSessions", "cemEditions", "cemEvents", "cemAwards", "cemPendingMessages", "cemEventReminders"];

    private static readonly string[] AppQueues =
        ["cem-signup-received", "cem-signup-confirmed", "cem-signup-decided", "cem-press-kit-requested", "cem-comment-received", "cem-comment-approved", "cem-sign-in-requested", "cem-event-suggested", "cem-event-suggestion-confirmed", "cem-event-suggestion-decided", "cem-event-changed", "cem-event-reminders", "cem-district-changed"];

    [Fact]
    public void Storage_account_refuses_shared_keys_public_blobs_and_plain_http()
    {
        var properties = infra.Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void Storage_has_the_tables_the_app_uses()
    {
        Assert.Equal(Tables.Order(StringComparer.Ordinal), ChildNames("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public void Storage_has_the_queues_the_app_uses_and_their_poison_queues()
    {
        var expected = AppQueues.Concat(AppQueues.Select(q => q + "-poison")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, ChildNames("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void Press_kits_and_deployment_containers_are_private()
    {
        var containers = infra.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Contains("cem-press-kits", ChildNames("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Equal(2, containers.Count);
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    private List<string> ChildNames(string type) =>
        infra.ResourcesOfType(type).Select(r => ((string)r["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal).ToList();
}
