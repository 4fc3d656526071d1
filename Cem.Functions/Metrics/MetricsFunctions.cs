using Cem.Core;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Sessions;
using Cem.Functions.Http;
using Cem.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cem.Functions.Metrics;

/// <summary>The figures: a state's public summary, the staff CSV (function key or staff session), the staff dashboard (staff session) and a state's public data page.</summary>
public sealed class MetricsFunctions(MetricsReports reports, SessionStore sessions, IOptions<CemOptions> site, EditionRecognition recognition)
{
    [Function(nameof(GetStateMetrics))]
    public async Task<IActionResult> GetStateMetrics(
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

    [Function(nameof(MetricsCsv))]
    public async Task<IActionResult> MetricsCsv(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/metrics.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"cem-participation.csv\"";
        return new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/csv; charset=utf-8", Content = await reports.CsvAsync(cancellationToken) };
    }

    /// <summary>The CSV for a signed-in staff member; <see cref="MetricsCsv"/> is the same file for automation with the function key.</summary>
    [Function(nameof(StaffMetricsCsv))]
    public async Task<IActionResult> StaffMetricsCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/metrics.csv")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await SessionRequests.RequireAsync(request, sessions, user => user.IsStaff, cancellationToken);
        return denied ?? await MetricsCsv(request, cancellationToken);
    }

    [Function(nameof(StaffDashboard))]
    public async Task<IActionResult> StaffDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/dashboard")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (_, denied) = await SessionRequests.RequireAsync(request, sessions, user => user.IsStaff, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (states, national, updatedAt) = await reports.AllAsync(cancellationToken);
        return Responses.Html(StatusCodes.Status200OK, DashboardPage.Render(states, national, updatedAt));
    }

    [Function(nameof(StateDataPage))]
    public async Task<IActionResult> StateDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "states/{code}/data")] HttpRequest request,
        string code,
        CancellationToken cancellationToken)
    {
        if (JurisdictionError(code) is { } error)
        {
            return Responses.WantsHtml(request) ? Responses.Html(error.StatusCode!.Value, MessagePage.Render("No such state", "There is no state or jurisdiction with that code.")) : error;
        }

        var jurisdiction = Jurisdiction.Find(code);
        var page = Metrics.StateDataPage.Render(await reports.StateAsync(jurisdiction, cancellationToken), await recognition.CurrentAsync(cancellationToken), site.Value.Link($"/states/{jurisdiction.Code}/data"));
        return Responses.Html(StatusCodes.Status200OK, page);
    }

    private static ContentResult? JurisdictionError(string? code) =>
        code is not { Length: 2 } || !code.All(char.IsAsciiLetter)
            ? Responses.Problem(StatusCodes.Status400BadRequest, "Malformed jurisdiction code", null, new Dictionary<string, string[]> { ["code"] = ["A jurisdiction code is two letters, e.g. OH."] })
            : !Jurisdiction.TryFind(code, out _)
                ? Responses.Problem(StatusCodes.Status404NotFound, "Unknown jurisdiction", null, new Dictionary<string, string[]> { ["code"] = [$"No state or jurisdiction has the code '{code.ToUpperInvariant()}'."] })
                : null;
}
