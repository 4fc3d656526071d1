namespace Cem.Functions.Metrics;

/// <summary>What metrics.js draws with Chart.js: one bar per label, a dataset per kind.</summary>
public sealed record ChartData(string Type, bool Stacked, IReadOnlyList<string> Labels, IReadOnlyList<ChartDataset> Datasets);

public sealed record ChartDataset(string Label, IReadOnlyList<long> Data);
