using System.Diagnostics.Metrics;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>
/// Logs each measurement of the app's named metrics (<see cref="CemMetrics"/>), which the Functions worker sends to
/// Application Insights in Azure: <c>Metric cem.emails.sent +1 (template=signup-received)</c>.
/// </summary>
public sealed class MetricsLog(IMeterFactory meters, ILogger<MetricsLog> logger) : IHostedService, IDisposable
{
    private CemMeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new CemMeterListener(meters, m =>
            logger.LogInformation("Metric {Metric} {Value}{Unit} ({Tags})", m.Name, m.Unit == "s" ? m.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "+" + m.Value, m.Unit == "s" ? " s" : "", string.Join(", ", m.Tags.Select(t => $"{t.Key}={t.Value}"))));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();
}
