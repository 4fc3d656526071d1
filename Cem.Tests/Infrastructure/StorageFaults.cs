using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Cem.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// Makes chosen storage requests fail, as an outage between two writes would: a policy in the real SDK clients' pipeline
/// (before their retries, so a request that should fail fails at once). <see cref="Install"/> gives the composition a
/// <see cref="CemStorage"/> built like the app's, with this policy in its table and queue clients.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private int _failed;

    /// <summary>Which requests fail; none while null.</summary>
    public Func<HttpMessage, bool>? Failing { get; set; }

    /// <summary>How many requests were made to fail.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Putting a message on a queue.</summary>
    public static bool QueuePut(HttpMessage message) =>
        message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal);

    /// <summary>Deleting a pending message's row beside its subject (not its index entry).</summary>
    public static bool MessageRowDelete(HttpMessage message) =>
        message.Request.Method == RequestMethod.Delete && Uri.UnescapeDataString(message.Request.Uri.Path).Contains("'" + MessageOutbox.RowPrefix, StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(HttpMessage message)
    {
        if (Failing?.Invoke(message) == true)
        {
            Interlocked.Increment(ref _failed);
            throw new RequestFailedException(503, "Storage fault injected by the test.");
        }
    }

    /// <summary>Replaces the composition's <see cref="CemStorage"/> with one whose requests pass through <paramref name="faults"/>.</summary>
    public static void Install(IServiceCollection services, StorageFaults faults) =>
        services.Replace(ServiceDescriptor.Singleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var connection = configuration[StorageClients.ConnectionName];
            var tables = StorageClients.Configure(new TableClientOptions());
            tables.AddPolicy(faults, HttpPipelinePosition.PerCall);
            var queues = StorageClients.Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            queues.AddPolicy(faults, HttpPipelinePosition.PerCall);
            return new CemStorage(
                new TableServiceClient(connection, tables),
                new QueueServiceClient(connection, queues),
                new BlobServiceClient(connection, StorageClients.Configure(new BlobClientOptions())),
                configuration[StorageNames.PrefixSetting] ?? StorageNames.DefaultPrefix);
        }));
}
