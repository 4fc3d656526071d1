using Cem.Core.PressKits;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.PressKits;

/// <summary>
/// Compiles a requested kit and emails its link. Failures (a template without a value, storage errors)
/// propagate so the host retries and finally poisons the message; a redelivery makes no second version or email.
/// </summary>
public sealed class PressKitQueueFunctions(PressKitService pressKits)
{
    [Function(nameof(CompilePressKit))]
    public Task CompilePressKit(
        [QueueTrigger(StorageNames.PressKitRequestedTrigger)] PressKitMessage message,
        CancellationToken cancellationToken) => pressKits.HandleAsync(message, cancellationToken);
}
