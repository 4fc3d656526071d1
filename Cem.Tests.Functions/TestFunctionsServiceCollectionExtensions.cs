using Cem.Core.Storage;
using Cem.Tests.Functions.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cem.Tests.Functions;

public static class TestFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The test function app's start-up beside <c>AddCem</c>: Program.cs calls it, and the DevHost tests pass it as
    /// <c>DevHostOptions.ConfigureServices</c> (the DevHost does not run Program.cs).
    /// </summary>
    public static IServiceCollection AddTestFunctions(this IServiceCollection services)
    {
        services.AddHostedService<DiagnosticsQueueInitializer>();
        return services;
    }

    /// <summary>Creates the probes' queue and its poison queue, as the product's start-up creates the product's queues.</summary>
    private sealed class DiagnosticsQueueInitializer(CemStorage storage) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await storage.Queue(QueueProbe.QueueName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await storage.Queue(QueueProbe.QueueName + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
