using System.Globalization;
using System.Text.Json;
using System.Text;
using Cem.Core.Comments;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Text;
using Cem.Core.Signups;
using Cem.Functions.Http;
using static Cem.Functions.Pages.Html;

namespace Cem.Functions.Metrics;

/// <summary>
/// The staff dashboard and a state's public data page. Each draws its chart with Chart.js from JSON in the
/// page (read by metrics.js) and shows the same figures as a table, for screen readers and without JavaScript.
/// </summary>
public static class MetricsPages
{
    public static string Dashboard(IReadOnlyList<StateReport> states, StateFigures national, DateTimeOffset? updatedAt, string functionKey)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(national);
        var kinds = KindsOf(states.Select(s => s.Figures).Append(national));
        var chart = new
        {
            type = "bar",
            stacked = true,
            labels = states.Select(s => s.Jurisdiction.Code).ToArray(),
            datasets = kinds.Select(k => new { label = ParticipationKinds.Describe(k), data = states.Select(s => s.Figures[k]).ToArray() }).ToArray(),
        };

        var rows = new StringBuilder();
        foreach (var state in states)
        {
            rows.Append(CultureInfo.InvariantCulture, $"""<tr><th scope="row">{E(state.Jurisdiction.Name)}</th><td>{E(state.Status)}</td><td>{E(RecognitionLevels.Describe(state.RecognitionLevel))}</td>{Cells(state.Figures, kinds)}</tr>""");
        }

        var csvUrl = "/api/metrics.csv" + (string.IsNullOrEmpty(functionKey) ? "" : "?code=" + Uri.EscapeDataString(functionKey));
        return Layout("Participation dashboard", $"""
            <h1>Participation dashboard</h1>
            <p class="lead">{states.Count} jurisdiction{(states.Count == 1 ? "" : "s")} with activity. {UpdatedText(updatedAt)}</p>
            <p><a id="csv-link" href="{E(csvUrl)}" download>Download the figures (CSV)</a></p>
            {Chart("Activity per jurisdiction, by kind. The table below has the same figures.", chart)}
            <table id="metrics-table">
            <caption>Figures per jurisdiction</caption>
            <thead><tr><th scope="col">Jurisdiction</th><th scope="col">Status</th><th scope="col">Recognition</th>{Headers(kinds)}</tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row">All jurisdictions</th><td></td><td></td>{Cells(national, kinds)}</tr></tfoot>
            </table>
            """, "metrics.js");
    }

    public static string StateData(StateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var f = report.Figures;
        var name = report.Jurisdiction.Name;
        var kinds = KindsOf(report.Trend.Select(d => Figures(d.Counts)));
        var chart = new
        {
            type = "bar",
            stacked = true,
            labels = report.Trend.Select(d => d.Date.ToString("MMM d", CultureInfo.InvariantCulture)).ToArray(),
            datasets = kinds.Select(k => new { label = ParticipationKinds.Describe(k), data = report.Trend.Select(d => d.Counts.GetValueOrDefault(k)).ToArray() }).ToArray(),
        };
        var activities = f.Activities.Count == 0
            ? "<p>None chosen yet.</p>"
            : "<ul id=\"activities\">" + string.Concat(f.Activities.Select(a => $"<li>{E(Activities.All.GetValueOrDefault(a, a))}</li>")) + "</ul>";
        var trendRows = string.Concat(report.Trend.Where(d => d.Counts.Count > 0).Select(d =>
            $"""<tr><th scope="row"><time datetime="{d.Date:yyyy-MM-dd}">{E(d.Date.ToString("MMMM d", CultureInfo.InvariantCulture))}</time></th>{Cells(Figures(d.Counts), kinds)}</tr>"""));

        return Layout($"{name}: participation", $"""
            <h1>{E(name)}: participation in Connected Educator Month</h1>
            <p class="lead">{UpdatedText(report.UpdatedAt)}</p>
            <div class="columns">
            <section class="card" aria-labelledby="glance-heading">
            <h2 id="glance-heading">At a glance</h2>
            <dl class="details" id="glance">
            <dt>Status</dt><dd id="status">{E(StatusText(report.Status))}</dd>
            <dt>Recognition</dt><dd id="recognition">{E(RecognitionLevels.Describe(report.RecognitionLevel))}</dd>
            <dt>Comments published</dt><dd id="comments">{report.Comments}</dd>
            <dt>Votes on comments</dt><dd>{f[ParticipationKinds.VoteCast]}</dd>
            <dt>Press kits</dt><dd id="press-kits">{report.PressKits}</dd>
            <dt>Press kit downloads</dt><dd>{f[ParticipationKinds.PressKitDownloaded]}</dd>
            <dt>Calendar events</dt><dd>{f[ParticipationKinds.EventAdded]}</dd>
            </dl>
            <p><a id="comments-link" href="/comments?thread={E(CommentThreads.OfState(report.Jurisdiction.Code))}">Comments about {E(name)}</a>: comments published there count for {E(name)}.</p>
            </section>
            <section class="card" aria-labelledby="activities-heading">
            <h2 id="activities-heading">Activities chosen</h2>
            {activities}
            <h2>Recognition levels</h2>
            <p class="hint">Participant: confirmed by CEM staff. Connected: also a press kit and at least one calendar event (until the calendar opens, a published comment).
            Champion: also its own CEM with its districts and several events.</p>
            </section>
            </div>
            <h2>The last {report.Trend.Count} days</h2>
            {Chart($"Activity of {name} per day over the last {report.Trend.Count} days. The table below has the same figures.", chart)}
            <table id="trend-table">
            <caption>Days with activity</caption>
            <thead><tr><th scope="col">Day</th>{Headers(kinds)}</tr></thead>
            <tbody>{trendRows}</tbody>
            </table>
            <p><a href="/">Back to Connected Educator Month for States</a></p>
            """, "metrics.js");
    }

    private static string Chart(string label, object chart) => $"""
        <div class="chart" style="position: relative; height: 24rem; margin: 1rem 0;">
        <canvas id="metrics-chart" role="img" aria-label="{E(label)}"></canvas>
        </div>
        <script type="application/json" id="metrics-data">{JsonSerializer.Serialize(chart, Responses.Json)}</script>
        <script src="/assets/chart.umd.min.js" defer></script>
        """;

    private static List<string> KindsOf(IEnumerable<StateFigures> figures)
    {
        var present = figures.SelectMany(f => f.Counts.Where(c => c.Value > 0).Select(c => c.Key)).ToHashSet(StringComparer.Ordinal);
        return [.. ParticipationKinds.Known.Where(present.Contains), .. present.Where(k => !ParticipationKinds.Known.Contains(k)).Order(StringComparer.Ordinal)];
    }

    private static StateFigures Figures(IReadOnlyDictionary<string, long> counts) => StateFigures.From(JsonSerializer.Serialize(counts), null);

    private static string Headers(IEnumerable<string> kinds) => string.Concat(kinds.Select(k => $"""<th scope="col">{E(ParticipationKinds.Describe(k))}</th>"""));

    private static string Cells(StateFigures figures, IEnumerable<string> kinds) =>
        string.Concat(kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"<td>{figures[k]}</td>")));

    private static string UpdatedText(DateTimeOffset? at) => at is null ? "No figures have been counted yet." : $"Figures as of {E(Dates.LongWithTime(at.Value))}.";

    private static string StatusText(string status) => status switch
    {
        SignupStatus.Approved => "Participating (confirmed by CEM staff)",
        SignupStatus.AwaitingApproval => "Waiting for CEM staff",
        SignupStatus.PendingConfirmation => "Waiting for the email address to be confirmed",
        SignupStatus.Rejected => "Not confirmed",
        _ => "Not signed up",
    };
}
