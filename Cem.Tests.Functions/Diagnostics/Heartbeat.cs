using Azure;
using Cem.Core.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Cem.Tests.Functions.Diagnostics;

/// <summary>
/// On the schedule in the setting <c>DiagnosticsHeartbeatSchedule</c> (the tests set it), checks that storage answers and
/// logs it. Asks for its own queue's properties, as /api/health does: the queue service's properties need a role the app
/// is not granted in Azure.
/// </summary>
public sealed class Heartbeat(CemStorage storage, ILogger<Heartbeat> logger)
{
    [Function("Heartbeat")]
    public async Task Run([TimerTrigger("%DiagnosticsHeartbeatSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            await storage.Queue(QueueProbe.QueueName).GetPropertiesAsync(cancellationToken);
            logger.LogInformation("Heartbeat: storage answers (next {Next:O})", timer.ScheduleStatus?.Next);
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Heartbeat: storage is unreachable");
            throw;
        }
    }
}
