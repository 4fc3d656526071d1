using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cem.Core.Metrics;

/// <summary>Settings of the participation metrics (section <c>Cem:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Cem:Metrics";

    /// <summary>
    /// How far the rollup's watermark trails "now". An entry is stamped when it is written and lands within
    /// seconds; reading only entries older than this lag means none can land behind the watermark.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SafetyLag { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a rollup may hold its lease; a crashed runner's lease expires after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many log entries of each jurisdiction the rollup reads before it commits them with its watermark: the bound on
    /// a run's memory and on the work a crash can undo.
    /// </summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Days of daily figures in a state's trend.</summary>
    [Range(1, 366)]
    public int TrendDays { get; set; } = 31;

    /// <summary>The recognition rules' settings, validated with the rest at start-up.</summary>
    [ValidateObjectMembers]
    public RecognitionOptions Recognition { get; set; } = new();
}
