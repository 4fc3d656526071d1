using Cem.Core.Metrics;
using Cem.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Metrics;

/// <summary>The metrics rollup: on its schedule, and on demand for staff (run now, or rebuild from the log).</summary>
public sealed class MetricsRollupFunctions(MetricsRollup rollup)
{
    [Function(nameof(MetricsRollup))]
    public Task MetricsRollup([TimerTrigger("%MetricsRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rollup.RunAsync(cancellationToken);

    [Function(nameof(RunMetricsRollup))]
    public async Task<IActionResult> RunMetricsRollup(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/metrics/rollup")] HttpRequest request,
        CancellationToken cancellationToken) => Answer(await rollup.RunAsync(cancellationToken));

    [Function(nameof(RebuildMetrics))]
    public async Task<IActionResult> RebuildMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/metrics/rebuild")] HttpRequest request,
        CancellationToken cancellationToken) => Answer(await rollup.RebuildAsync(cancellationToken));

    private static ContentResult Answer(RollupResult result) => result.Outcome == RollupOutcome.Done
        ? Responses.JsonBody(StatusCodes.Status200OK, new { outcome = "done", entriesRead = result.EntriesRead, through = result.Through })
        : Responses.Problem(StatusCodes.Status409Conflict, "Another metrics run is in progress", "Try again when it has finished (at most a few minutes).");
}
