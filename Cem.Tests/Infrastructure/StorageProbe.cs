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
/// A policy in the storage clients' pipelines: it records every request the app sends (method and path, with the
/// query) and can fail the ones a test picks, as storage failing would, before they leave the process. Installed
/// with <see cref="UseStorageProbe"/> in <see cref="CoreHarness.StartAsync"/>'s services callback.
/// </summary>
public sealed class StorageProbe : HttpPipelinePolicy
{
    private readonly Lock gate = new();
    private readonly List<string> requests = [];

    /// <summary>Fails a request with a 503 when it returns true (it sees the method and the full URI).</summary>
    public Func<string, Uri, bool> FailWhen { get; set; } = (_, _) => false;

    /// <summary>Every request so far, as "METHOD /path?query" (unescaped).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            requests.Clear();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        await ProcessNextAsync(message, pipeline);
    }

    private void Check(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var method = message.Request.Method.ToString();
        lock (gate)
        {
            requests.Add(method + " " + Uri.UnescapeDataString(uri.PathAndQuery));
        }

        if (FailWhen(method, uri))
        {
            throw new RequestFailedException(503, "Injected storage failure.");
        }
    }
}

public static class StorageProbeServices
{
    /// <summary>Replaces the app's storage clients with ones that send every request through <paramref name="probe"/>.</summary>
    public static IServiceCollection UseStorageProbe(this IServiceCollection services, StorageProbe probe) =>
        services.Replace(ServiceDescriptor.Singleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var connection = configuration[StorageClients.ConnectionName];
            T With<T>(T options) where T : ClientOptions
            {
                StorageClients.Configure(options).AddPolicy(probe, HttpPipelinePosition.PerCall);
                return options;
            }

            return new CemStorage(
                new TableServiceClient(connection, With(new TableClientOptions())),
                new QueueServiceClient(connection, With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })),
                new BlobServiceClient(connection, With(new BlobClientOptions())),
                configuration[StorageNames.PrefixSetting] ?? StorageNames.DefaultPrefix);
        }));
}
