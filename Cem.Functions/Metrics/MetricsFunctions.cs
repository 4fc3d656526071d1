using Cem.Core;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Metrics;

/// <summary>The metrics rollup: on its schedule, and on demand for staff (run now, or rebuild from the log).</summary>
public sealed class MetricsRollupFunctions(MetricsRollup rollup)
{
    [Function("MetricsRollup")]
    public Task Timer([TimerTrigger("%MetricsRollupSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rollup.RunAsync(cancellationToken);

    [Function("RunMetricsRollup")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/metrics/rollup")] HttpRequest request,
        CancellationToken cancellationToken) => Answer(await rollup.RunAsync(cancellationToken));

    [Function("RebuildMetrics")]
    public async Task<IActionResult> Rebuild(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/metrics/rebuild")] HttpRequest request,
        CancellationToken cancellationToken) => Answer(await rollup.RebuildAsync(cancellationToken));

    private static ContentResult Answer(RollupResult result) => result.Outcome == RollupOutcome.Done
        ? Responses.JsonBody(StatusCodes.Status200OK, new { outcome = "done", entriesRead = result.EntriesRead, through = result.Through })
        : Responses.Problem(StatusCodes.Status409Conflict, "Another metrics run is in progress", "Try again when it has finished (at most a few minutes).");
}

/// <summary>The figures: a state's public summary, the staff CSV, the staff dashboard and a state's public data page.</summary>
public sealed class MetricsFunctions(MetricsReports reports, IOptions<CemOptions> site, IOptions<MetricsOptions> options)
{
    [Function("GetStateMetrics")]
    public async Task<IActionResult> State(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/states/{code}/metrics")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (JurisdictionError(code) is { } error)
        {
            return error;
        }

        return Responses.JsonBody(StatusCodes.Status200OK, MetricsJson.Of(await reports.StateAsync(Jurisdiction.Find(code), cancellationToken)));
    }

    [Function("MetricsCsv")]
    public async Task<IActionResult> Csv(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/metrics.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"cem-participation.csv\"";
        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/csv; charset=utf-8", Content = await reports.CsvAsync(cancellationToken) };
    }

    [Function("StaffDashboard")]
    public async Task<IActionResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/dashboard")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (states, national, updatedAt) = await reports.AllAsync(cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Responses.Html(StatusCodes.Status200OK, DashboardPage.Render(states, national, updatedAt, request.Query["code"].ToString()));
    }

    [Function("StateDataPage")]
    public async Task<IActionResult> DataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/data")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (JurisdictionError(code) is { } error)
        {
            return Responses.WantsHtml(request) ? Responses.Html(error.StatusCode!.Value, MessagePage.Render("No such state", "There is no state or jurisdiction with that code.")) : error;
        }

        var jurisdiction = Jurisdiction.Find(code);
        var page = StateDataPage.Render(await reports.StateAsync(jurisdiction, cancellationToken), options.Value.Recognition, site.Value.Link($"/states/{jurisdiction.Code}/data"));
        return Responses.Html(StatusCodes.Status200OK, page);
    }

    private static ContentResult? JurisdictionError(string? code) =>
        code is not { Length: 2 } || !code.All(char.IsAsciiLetter)
            ? Responses.Problem(StatusCodes.Status400BadRequest, "Malformed jurisdiction code", null, new Dictionary<string, string[]> { ["code"] = ["A jurisdiction code is two letters, e.g. OH."] })
            : !Jurisdiction.TryFind(code, out _)
                ? Responses.Problem(StatusCodes.Status404NotFound, "Unknown jurisdiction", null, new Dictionary<string, string[]> { ["code"] = [$"No state or jurisdiction has the code '{code.ToUpperInvariant()}'."] })
                : null;
}

/// <summary>The public JSON of a state's figures.</summary>
public static class MetricsJson
{
    public static object Of(StateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var f = report.Figures;
        return new
        {
            code = report.Jurisdiction.Code,
            name = report.Jurisdiction.Name,
            status = report.Status,
            recognitionLevel = report.RecognitionLevel,
            activities = f.Activities.ToArray(),
            comments = report.Comments,
            commentsPosted = f[ParticipationKinds.CommentPosted],
            votes = f[ParticipationKinds.VoteCast],
            pressKits = report.PressKits,
            pressKitDownloads = f[ParticipationKinds.PressKitDownloaded],
            events = f[ParticipationKinds.EventAdded],
            counts = f.Counts,
            updatedAt = report.UpdatedAt,
            trend = report.Trend.Select(d => new { date = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), total = d.Counts.Values.Sum(), counts = d.Counts }),
        };
    }
}
