using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Cem.Core.Storage;

/// <summary>
/// Builds storage clients from the Functions connection named <c>AzureWebJobsStorage</c>, read the
/// way the Functions host reads it: a connection string locally (Azurite), or identity-based
/// settings in Azure (<c>__accountName</c> or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/
/// <c>__tableServiceUri</c>, with <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public static class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public static CemStorage Create(IConfiguration configuration)
    {
        var prefix = configuration[StorageNames.PrefixSetting] ?? StorageNames.DefaultPrefix;
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // Queue messages are base64, as the Functions queue extension expects by default.
            var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            return new CemStorage(
                new TableServiceClient(connectionString),
                new QueueServiceClient(connectionString, queueOptions),
                new BlobServiceClient(connectionString),
                prefix);
        }

        var section = configuration.GetSection(ConnectionName);
        var accountName = section["accountName"];
        Uri ServiceUri(string service) =>
            section[service + "ServiceUri"] is { Length: > 0 } uri
                ? new Uri(uri)
                : accountName is { Length: > 0 }
                    ? new Uri($"https://{accountName}.{service}.core.windows.net")
                    : throw new InvalidOperationException(
                        $"Storage is not configured: set {ConnectionName} (a connection string) or {ConnectionName}__accountName / {ConnectionName}__{service}ServiceUri.");

        var credential = Credential(section);
        return new CemStorage(
            new TableServiceClient(ServiceUri("table"), credential),
            new QueueServiceClient(ServiceUri("queue"), credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            new BlobServiceClient(ServiceUri("blob"), credential),
            prefix);
    }

    private static TokenCredential Credential(IConfigurationSection section) =>
        string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
