using Cem.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Cem.Tests.Functions.Diagnostics;

/// <summary>
/// Exercises the host's queue pipeline: a keyed POST sends probes to the diagnostics queue (created by
/// <see cref="TestFunctionsServiceCollectionExtensions.AddTestFunctions"/>), and the queue function logs each one
/// with how long it waited.
/// </summary>
public sealed class QueueProbe(CemStorage storage, TimeProvider time, ILogger<QueueProbe> logger)
{
    public const string QueueName = "diagnostics";
    public const int MaxProbes = 32;

    [Function("SendQueueProbes")]
    public async Task<IActionResult> Send(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/diagnostics/queue-probes/{count:int}")] HttpRequest request,
        int count,
        CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxProbes)
        {
            return new ObjectResult(new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = $"Send 1 to {MaxProbes} probes." })
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentTypes = { "application/problem+json" },
            };
        }

        var queue = storage.Queue(QueueName);
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var probe = new DiagnosticsProbe(Guid.NewGuid().ToString("n"), time.GetUtcNow());
            await queue.SendMessageAsync(BinaryData.FromObjectAsJson(probe, System.Text.Json.JsonSerializerOptions.Web), cancellationToken: cancellationToken);
            ids.Add(probe.Id);
        }

        return new AcceptedResult((string?)null, new { Queue = queue.Name, Probes = ids });
    }

    [Function("ReceiveQueueProbe")]
    public void Receive([QueueTrigger($"%{StorageNames.PrefixSetting}%-{QueueName}", Connection = "AzureWebJobsStorage")] DiagnosticsProbe probe, long dequeueCount)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.Fail)
        {
            throw new InvalidOperationException($"Probe {probe.Id} asked to fail (try {dequeueCount}).");
        }

        logger.LogInformation("Queue probe {ProbeId} received after {Delay} (try {DequeueCount})", probe.Id, time.GetUtcNow() - probe.SentAt, dequeueCount);
    }
}
