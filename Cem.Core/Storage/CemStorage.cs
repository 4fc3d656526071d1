using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cem.Core.Storage;

/// <summary>
/// The app's tables, queues and containers, named from one prefix so that several copies of the
/// app (tests, a second deployment) can share one storage account without seeing each other.
/// </summary>
public sealed class CemStorage(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, string prefix)
{
    public string Prefix { get; } = StorageNames.ValidatePrefix(prefix);

    public TableServiceClient TableService { get; } = tables;
    public QueueServiceClient QueueService { get; } = queues;
    public BlobServiceClient BlobService { get; } = blobs;

    public TableClient Table(string name) => TableService.GetTableClient(StorageNames.Table(Prefix, name));

    public QueueClient Queue(string name) => QueueService.GetQueueClient(StorageNames.Queue(Prefix, name));

    public BlobContainerClient Container(string name) => BlobService.GetBlobContainerClient(StorageNames.Container(Prefix, name));

    /// <summary>
    /// Sends a small JSON message (camelCase) to one of the app's queues. Messages carry ids and a kind, never personal
    /// data: the handler loads what it needs. <paramref name="delay"/> keeps it invisible that long (a retry later).
    /// </summary>
    public Task SendAsync<TMessage>(string queue, TMessage message, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        SendJsonAsync(queue, JsonSerializer.Serialize(message, message?.GetType() ?? typeof(TMessage), JsonSerializerOptions.Web), cancellationToken, delay);

    /// <summary>A message as <see cref="SendAsync{TMessage}"/> writes it (camelCase JSON of its runtime type).</summary>
    public static string Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web);
    }

    /// <summary>Sends a message already serialized by <see cref="Serialize"/> (one kept in the <see cref="MessageOutbox"/>).</summary>
    public async Task SendJsonAsync(string queue, string json, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        await Queue(queue).SendMessageAsync(json, delay, cancellationToken: cancellationToken);

    /// <summary>Creates every table, queue (with its poison queue) and container the app uses.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.Tables)
        {
            await Table(table).CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var queue in StorageNames.Queues)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await Queue(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var container in StorageNames.Containers)
        {
            await Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
