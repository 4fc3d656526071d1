using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Cem.Tests.Infra;

/// <summary>
/// Every storage operation the app performs, checked against the roles infra/ grants its identity. Azurite accepts
/// any call, so a call that needs a permission the roles lack (the queue service's properties, listing queues) would
/// pass every other test and fail only in Azure. The table below maps each Azure Storage SDK method Cem.Core and
/// Cem.Functions reference (read from their compiled metadata, so no call site can be missed) to the RBAC
/// permission it needs, from "Permissions for calling data operations" in the Azure Storage REST reference.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class StoragePermissionsTests(InfraFixture infra)
{
    private const string Blob = "Microsoft.Storage/storageAccounts/blobServices/";
    private const string Queue = "Microsoft.Storage/storageAccounts/queueServices/";
    private const string Table = "Microsoft.Storage/storageAccounts/tableServices/";

    /// <summary>
    /// SDK method (declaring type and name) → what it needs: any one of the alternatives, each a set of permissions
    /// all required. No alternatives: the method makes no request (it builds a client or reads a local value).
    /// </summary>
    private static readonly Dictionary<string, string[][]> AppCalls = new(StringComparer.Ordinal)
    {
        // Clients and local values: no request.
        ["TableServiceClient.GetTableClient"] = [],
        ["QueueServiceClient.GetQueueClient"] = [],
        ["BlobServiceClient.GetBlobContainerClient"] = [],
        ["BlobContainerClient.GetBlobClient"] = [],
        ["TableClient.CreateQueryFilter"] = [],
        ["TableClient.get_Name"] = [],
        ["QueueClient.get_Name"] = [],
        ["BlobContainerClient.get_Name"] = [],

        // Start-up (StorageInitializer): Create Table, Create Queue, Create Container.
        ["TableClient.CreateIfNotExistsAsync"] = [[Table + "tables/write"]],
        ["QueueClient.CreateIfNotExistsAsync"] = [[Queue + "queues/write"]],
        ["BlobContainerClient.CreateIfNotExistsAsync"] = [[Blob + "containers/write"]],

        // Health: Get Queue Metadata and Get Container Properties of the app's own queues and container.
        ["QueueClient.GetPropertiesAsync"] = [[Queue + "queues/read"]],
        ["BlobContainerClient.GetPropertiesAsync"] = [[Blob + "containers/read"]],

        // Tables: Query Entities, Insert, Insert Or Replace/Merge, Update/Merge, Delete.
        ["TableClient.QueryAsync"] = [[Table + "tables/entities/read"]],
        ["TableClient.GetEntityIfExistsAsync"] = [[Table + "tables/entities/read"]],
        ["TableClient.AddEntityAsync"] = [[Table + "tables/entities/add/action"], [Table + "tables/entities/write"]],
        ["TableClient.UpsertEntityAsync"] = [[Table + "tables/entities/add/action", Table + "tables/entities/update/action"], [Table + "tables/entities/write"]],
        ["TableClient.UpdateEntityAsync"] = [[Table + "tables/entities/update/action"], [Table + "tables/entities/write"]],
        ["TableClient.DeleteEntityAsync"] = [[Table + "tables/entities/delete"]],

        // Entity group transactions authorize each action; the app uses Add, Update*, Upsert* and Delete.
        ["TableClient.SubmitTransactionAsync"] =
        [
            [Table + "tables/entities/add/action", Table + "tables/entities/update/action", Table + "tables/entities/delete"],
            [Table + "tables/entities/write", Table + "tables/entities/delete"],
        ],

        // Queues: Put Message.
        ["QueueClient.SendMessageAsync"] = [[Queue + "queues/messages/add/action"], [Queue + "queues/messages/write"]],

        // Queues: Get Messages and Delete Message (the staff console's replay of a poison queue), as the host's trigger does.
        ["QueueClient.ReceiveMessagesAsync"] = [[Queue + "queues/messages/process/action"], [Queue + "queues/messages/read", Queue + "queues/messages/delete"]],
        ["QueueClient.DeleteMessageAsync"] = [[Queue + "queues/messages/process/action"], [Queue + "queues/messages/delete"]],

        // Blobs: Put Blob (create or replace), Get Blob with its properties, List Blobs.
        ["BlobClient.UploadAsync"] = [[Blob + "containers/blobs/write"]],
        ["BlobBaseClient.OpenReadAsync"] = [[Blob + "containers/blobs/read"]],
        ["BlobContainerClient.GetBlobsAsync"] = [[Blob + "containers/blobs/read"]],

        // Blobs: Delete Blob (a contact's press kits, when they delete their data).
        ["BlobContainerClient.DeleteBlobIfExistsAsync"] = [[Blob + "containers/blobs/delete"]],
    };

    /// <summary>
    /// What the Functions host itself does with the AzureWebJobsStorage connection (the same identity): timer and
    /// singleton leases on blobs in azure-webjobs-hosts, host keys in azure-webjobs-secrets, queue triggers
    /// (get, delete, and update messages; the poison queue; the queue length the scale controller reads), and
    /// diagnostic events in tables.
    /// </summary>
    private static readonly Dictionary<string, string[][]> HostOperations = new(StringComparer.Ordinal)
    {
        ["Create Container (azure-webjobs-hosts, azure-webjobs-secrets)"] = [[Blob + "containers/write"]],
        ["Lease Blob (timer schedules, singleton locks)"] = [[Blob + "containers/blobs/write"]],
        ["Put Blob, Get Blob (timer status, host keys)"] = [[Blob + "containers/blobs/write", Blob + "containers/blobs/read"]],
        ["Get Blob (Flex deployment package)"] = [[Blob + "containers/blobs/read"]],
        ["Get Messages (queue trigger)"] = [[Queue + "queues/messages/process/action"], [Queue + "queues/messages/read", Queue + "queues/messages/delete"]],
        ["Delete Message (queue trigger done)"] = [[Queue + "queues/messages/process/action"], [Queue + "queues/messages/delete"]],
        ["Update Message (visibility after a failure)"] = [[Queue + "queues/messages/write"]],
        ["Put Message (to the -poison queue)"] = [[Queue + "queues/messages/add/action"], [Queue + "queues/messages/write"]],
        ["Create Queue (the -poison queue, if missing)"] = [[Queue + "queues/write"]],
        ["Get Queue Metadata (queue length for scaling)"] = [[Queue + "queues/read"]],
        ["Create Table, Insert Entity (diagnostic events)"] = [[Table + "tables/write", Table + "tables/entities/add/action"]],
    };

    /// <summary>Built-in role definitions (actions and data actions), as Azure publishes them.</summary>
    private static readonly Dictionary<string, (string Name, string[] Permissions)> BuiltInRoles = new(StringComparer.Ordinal)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = ("Storage Blob Data Owner",
            [Blob + "containers/*", Blob + "generateUserDelegationKey/action", Blob + "containers/blobs/*"]),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = ("Storage Queue Data Contributor",
            [Queue + "queues/delete", Queue + "queues/read", Queue + "queues/write",
             Queue + "queues/messages/delete", Queue + "queues/messages/read", Queue + "queues/messages/write", Queue + "queues/messages/process/action"]),
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = ("Storage Table Data Contributor",
            [Table + "tables/read", Table + "tables/write", Table + "tables/delete",
             Table + "tables/entities/read", Table + "tables/entities/write", Table + "tables/entities/delete",
             Table + "tables/entities/add/action", Table + "tables/entities/update/action"]),
    };

    [Fact]
    public void Every_storage_sdk_method_the_app_calls_is_in_the_permissions_table()
    {
        var missing = StorageSdkMethodsReferenced().Where(m => !AppCalls.ContainsKey(m)).ToList();

        Assert.True(missing.Count == 0, "Add to StoragePermissionsTests.AppCalls, with the permission each needs:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_permissions_table_lists_only_methods_the_app_calls()
    {
        var called = StorageSdkMethodsReferenced();
        var stale = AppCalls.Keys.Where(k => !called.Contains(k)).ToList();

        Assert.True(stale.Count == 0, "No longer called; remove from StoragePermissionsTests.AppCalls:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Every_storage_operation_of_the_app_and_the_host_is_allowed_by_the_roles_infra_grants()
    {
        var granted = GrantedStoragePermissions();
        var denied = AppCalls.Concat(HostOperations)
            .Where(op => op.Value.Length > 0 && !op.Value.Any(all => all.All(p => Allows(granted, p))))
            .Select(op => $"{op.Key} needs {string.Join(" or ", op.Value.Select(all => string.Join(" and ", all)))}")
            .ToList();

        Assert.True(denied.Count == 0, "The app's identity lacks the permission for:\n" + string.Join("\n", denied));
    }

    [Fact]
    public void A_service_level_call_is_refused_by_the_roles_infra_grants()
    {
        // The check above must be able to fail: the queue service's properties (what /api/health once asked for)
        // and listing queues need permissions no role grants the app.
        var granted = GrantedStoragePermissions();

        Assert.False(Allows(granted, Queue + "read"));
        Assert.False(Allows(granted, Table + "read"));
        Assert.True(Allows(granted, Queue + "queues/read"));
    }

    /// <summary>The permissions of every storage role assigned to the app's identity on the storage account.</summary>
    private List<string> GrantedStoragePermissions()
    {
        var appPrincipal = $"[reference('{(string)infra.Identity["id"]!}', '2024-11-30').principalId]";
        var accountId = (string)infra.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var roles = infra.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(a => (string?)a["properties"]!["principalId"] == appPrincipal
                && ((string)a["id"]!).StartsWith(accountId + "/providers/Microsoft.Authorization/", StringComparison.Ordinal))
            .Select(a => ((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1])
            .ToList();

        Assert.NotEmpty(roles);
        Assert.All(roles, r => Assert.True(BuiltInRoles.ContainsKey(r), $"Role {r} is assigned on storage; add its definition to BuiltInRoles"));
        return roles.SelectMany(r => BuiltInRoles[r].Permissions).ToList();
    }

    private static bool Allows(IEnumerable<string> granted, string permission) =>
        granted.Any(g => g.EndsWith("/*", StringComparison.Ordinal)
            ? permission.StartsWith(g[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(g, permission, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// "Type.Method" for every method of an Azure Storage or Azure Tables client type that Cem.Core or Cem.Functions
    /// references: a method referenced from compiled code is one it calls.
    /// </summary>
    private static HashSet<string> StorageSdkMethodsReferenced()
    {
        var methods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { "Cem.Core.dll", "Cem.Functions.dll" })
        {
            using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, assembly));
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.MemberReferences)
            {
                var member = metadata.GetMemberReference(handle);
                if (member.GetKind() != MemberReferenceKind.Method || member.Parent.Kind != HandleKind.TypeReference)
                {
                    continue;
                }

                var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
                var ns = metadata.GetString(type.Namespace);
                var typeName = metadata.GetString(type.Name);
                var name = metadata.GetString(member.Name);
                var isStorage = ns == "Azure.Data.Tables" || ns.StartsWith("Azure.Storage.", StringComparison.Ordinal);
                var isClient = typeName.EndsWith("Client", StringComparison.Ordinal) || typeName.EndsWith("Extensions", StringComparison.Ordinal);
                if (isStorage && isClient && name != ".ctor")
                {
                    methods.Add($"{typeName}.{name}");
                }
            }
        }

        Assert.NotEmpty(methods);
        return methods;
    }
}
