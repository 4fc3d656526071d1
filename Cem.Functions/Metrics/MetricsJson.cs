using Cem.Core.Metrics;
using Cem.Core.Participation;

namespace Cem.Functions.Metrics;

/// <summary>The public JSON of a state's figures: a public report (<see cref="StateReport.Public"/>), approved participation only.</summary>
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
            votes = f[ParticipationKinds.VoteCast],
            pressKits = report.PressKits,
            pressKitDownloads = f[ParticipationKinds.PressKitDownloaded],
            events = f[ParticipationKinds.EventAdded],
            eventsPublished = report.EventsPublished,
            counts = f.Counts,
            updatedAt = report.UpdatedAt,
            trend = report.Trend.Select(d => new { date = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), total = d.Counts.Values.Sum(), counts = d.Counts }),
        };
    }
}
