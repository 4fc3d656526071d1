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
            return new CemStorage(
                new TableServiceClient(connectionString, Configure(new TableClientOptions())),
                new QueueServiceClient(connectionString, QueueOptions()),
                new BlobServiceClient(connectionString, Configure(new BlobClientOptions())),
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
            new TableServiceClient(ServiceUri("table"), credential, Configure(new TableClientOptions())),
            new QueueServiceClient(ServiceUri("queue"), credential, QueueOptions()),
            new BlobServiceClient(ServiceUri("blob"), credential, Configure(new BlobClientOptions())),
            prefix);
    }

    /// <summary>
    /// Retries sized for a person waiting on a page: a few quick tries, then the failure reaches the
    /// caller (an HTTP function answers 503, a queue message is tried again later). The SDK's defaults
    /// (three retries from 0.8 s, a 100 s network timeout) kept a request waiting about 6 s when storage
    /// refused connections, and far longer when it did not answer.
    /// </summary>
    public static T Configure<T>(T options)
        where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }

    /// <summary>Longest wait for one storage answer (or one read of a download).</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    // Queue messages are base64, as the Functions queue extension expects by default.
    private static QueueClientOptions QueueOptions() => Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private static TokenCredential Credential(IConfigurationSection section) =>
        string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
