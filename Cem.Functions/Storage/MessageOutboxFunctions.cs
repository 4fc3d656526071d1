using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Storage;

/// <summary>Puts the queue messages whose state change committed but whose put did not happen (see <see cref="MessageOutbox"/>).</summary>
public sealed class MessageOutboxFunctions(MessageOutbox outbox)
{
    [Function(nameof(SweepMessageOutbox))]
    public Task SweepMessageOutbox([TimerTrigger("%MessageOutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        outbox.SweepAsync(cancellationToken);
}
