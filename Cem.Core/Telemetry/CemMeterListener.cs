using System.Diagnostics.Metrics;

namespace Cem.Core.Telemetry;

/// <summary>One measurement of a <see cref="CemMetrics"/> instrument.</summary>
public readonly record struct CemMeasurement(string Name, string? Unit, double Value, IReadOnlyList<KeyValuePair<string, object?>> Tags);

/// <summary>
/// Hands every measurement of one composition's <see cref="CemMetrics"/> (the meter named
/// <see cref="CemMetrics.MeterName"/> made by that composition's <see cref="IMeterFactory"/>) to a callback: the
/// Functions worker sends them to Application Insights, the DevHost logs them, tests count them.
/// </summary>
public sealed class CemMeterListener : IDisposable
{
    private readonly MeterListener _listener = new();

    public CemMeterListener(IMeterFactory scope, Action<CemMeasurement> record)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(record);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CemMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => record(new(instrument.Name, instrument.Unit, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => record(new(instrument.Name, instrument.Unit, value, tags.ToArray())));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();
}
