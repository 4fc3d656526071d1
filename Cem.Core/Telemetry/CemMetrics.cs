using System.Diagnostics.Metrics;

namespace Cem.Core.Telemetry;

/// <summary>
/// The few figures an operator watches, as <see cref="System.Diagnostics.Metrics"/> instruments of the meter
/// <see cref="MeterName"/>: recorded where they happen in Cem.Core; exported to Application Insights by the Functions
/// worker and logged by the DevHost (both through <see cref="CemMeterListener"/>). Tags are template, kind, queue or
/// jurisdiction names, never personal data.
/// </summary>
public sealed class CemMetrics
{
    public const string MeterName = "Cem";

    public const string SignupsAccepted = "cem.signups.accepted";
    public const string EmailsSent = "cem.emails.sent";
    public const string EmailsFailed = "cem.emails.failed";
    public const string EmailsSuppressed = "cem.emails.suppressed";
    public const string MessagesPoisoned = "cem.messages.poisoned";
    public const string RollupLag = "cem.rollup.lag";
    public const string FeedsBuilt = "cem.calendar.feeds_built";

    private readonly Counter<long> _signupsAccepted;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Counter<long> _emailsSuppressed;
    private readonly Counter<long> _messagesPoisoned;
    private readonly Gauge<double> _rollupLag;
    private readonly Counter<long> _feedsBuilt;

    /// <param name="meters">The composition's factory: its meters carry it as their scope, so two hosts in one process keep apart.</param>
    public CemMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _signupsAccepted = meter.CreateCounter<long>(SignupsAccepted, "{signup}", "New sign-ups stored (a repeat while pending is not counted).");
        _emailsSent = meter.CreateCounter<long>(EmailsSent, "{email}", "Emails handed to SendGrid (or the local outbox).");
        _emailsFailed = meter.CreateCounter<long>(EmailsFailed, "{email}", "Emails refused for good, or given up after the retry horizon.");
        _emailsSuppressed = meter.CreateCounter<long>(EmailsSuppressed, "{email}", "Emails not sent because the address is suppressed.");
        _messagesPoisoned = meter.CreateCounter<long>(MessagesPoisoned, "{message}", "Queue messages the app moved to a poison queue.");
        _feedsBuilt = meter.CreateCounter<long>(FeedsBuilt, "{feed}", "iCalendar feeds built (a 304 builds none).");
        _rollupLag = meter.CreateGauge<double>(RollupLag, "s", "How far the metrics rollup's watermark trails now, after a run.");
    }

    public void SignupAccepted(string jurisdiction) => _signupsAccepted.Add(1, new KeyValuePair<string, object?>("jurisdiction", jurisdiction));

    public void EmailSent(string template) => _emailsSent.Add(1, new KeyValuePair<string, object?>("template", template));

    /// <param name="kind">An <c>EmailFailureKinds</c> value: rejected or gave-up.</param>
    public void EmailFailed(string? template, string kind) =>
        _emailsFailed.Add(1, new KeyValuePair<string, object?>("template", template ?? "unknown"), new KeyValuePair<string, object?>("kind", kind));

    public void EmailSuppressed(string template) => _emailsSuppressed.Add(1, new KeyValuePair<string, object?>("template", template));

    public void MessagePoisoned(string queue) => _messagesPoisoned.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void FeedBuilt() => _feedsBuilt.Add(1);

    public void RollupLagged(TimeSpan lag) => _rollupLag.Record(lag.TotalSeconds);
}
