using Cem.Core.Participation;

namespace Cem.Functions.Metrics;

/// <summary>The kinds a table or chart shows: those with a count, known kinds in their order, others after them alphabetically.</summary>
public static class FigureColumns
{
    public static IReadOnlyList<string> Of(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var present = counts.SelectMany(c => c.Where(kv => kv.Value > 0).Select(kv => kv.Key)).ToHashSet(StringComparer.Ordinal);
        return [.. ParticipationKinds.Known.Where(present.Contains), .. present.Where(k => !ParticipationKinds.Known.Contains(k)).Order(StringComparer.Ordinal)];
    }
}
