using Microsoft.Extensions.Hosting;

namespace Cem.Core.Storage;

/// <summary>Creates the app's tables, queues and containers once at start-up, before triggers run.</summary>
internal sealed class StorageInitializer(CemStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
