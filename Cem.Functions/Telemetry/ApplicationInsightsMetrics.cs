using System.Diagnostics.Metrics;
using Cem.Core.Telemetry;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Metrics;
using Microsoft.Extensions.Hosting;

namespace Cem.Functions.Telemetry;

/// <summary>
/// Sends the app's named metrics (<see cref="CemMetrics"/>) to Application Insights as custom metrics, one series
/// per tag combination, pre-aggregated by the SDK every minute (<c>customMetrics</c>: <c>valueSum</c> is the count
/// for a counter). The Application Insights SDK 2.x does not read <see cref="System.Diagnostics.Metrics"/> itself.
/// </summary>
public sealed class ApplicationInsightsMetrics(IMeterFactory meters, TelemetryClient telemetry) : IHostedService, IDisposable
{
    private CemMeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new CemMeterListener(meters, Track);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        telemetry.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();

    private void Track(CemMeasurement measurement)
    {
        var names = measurement.Tags.Select(t => t.Key).ToArray();
        var values = measurement.Tags.Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
        var metric = telemetry.GetMetric(new MetricIdentifier(CemMetrics.MeterName, measurement.Name, names));
        if (metric.TryGetDataSeries(out var series, true, values))
        {
            series.TrackValue(measurement.Value);
        }
    }
}
