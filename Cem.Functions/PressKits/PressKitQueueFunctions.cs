using Cem.Core.Email;
using Cem.Core.PressKits;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.PressKits;

/// <summary>
/// Compiles a requested kit and emails its link. Failures (a template without a value, storage errors)
/// propagate so the host retries and finally poisons the message, except transient email failures, which
/// <see cref="EmailRetries"/> retries later; a redelivery makes no second version or email.
/// </summary>
public sealed class PressKitQueueFunctions(PressKitService pressKits, EmailRetries retries)
{
    [Function(nameof(CompilePressKit))]
    public Task CompilePressKit(
        [QueueTrigger(StorageNames.PressKitRequestedTrigger)] PressKitMessage message,
        CancellationToken cancellationToken) =>
        retries.HandleAsync(StorageNames.PressKitRequestedQueue, message, pressKits.HandleAsync, cancellationToken);
}
