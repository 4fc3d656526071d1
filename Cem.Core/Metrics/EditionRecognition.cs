using Cem.Core.Editions;
using Microsoft.Extensions.Options;

namespace Cem.Core.Metrics;

/// <summary>
/// The recognition thresholds of an edition: its own, or the defaults of <see cref="RecognitionOptions"/>. The rollup and
/// the pages use the current edition's; an award uses its own year's.
/// </summary>
public sealed class EditionRecognition(EditionStore editions, IOptions<MetricsOptions> options)
{
    public RecognitionThresholds Of(Edition edition) => options.Value.Recognition.Of(edition);

    /// <summary>The current edition's thresholds (<see cref="EditionStore.CurrentAsync"/>: one point read while no edition changed).</summary>
    public async Task<RecognitionThresholds> CurrentAsync(CancellationToken cancellationToken) => Of(await editions.CurrentAsync(cancellationToken));

    public async Task<RecognitionThresholds> OfYearAsync(int year, CancellationToken cancellationToken) => Of(await editions.GetAsync(year, cancellationToken));
}
