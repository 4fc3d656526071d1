// Times the metrics rollup for 1,000 new log entries on top of 10,000 and 100,000 entries of history,
// and the full rebuild beside it, against an in-memory Azurite. The rollup should cost the same whatever
// the history; the rebuild grows with it. A raw read of the same new entries is the baseline.
//
//   dotnet run -c Release --project bench/Cem.Bench.Metrics [-- 10000 100000]
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Cem.Azurite;
using Cem.Core.Jurisdictions;
using Cem.Core.Metrics;
using Cem.Core.Participation;
using Cem.Core.Storage;
using Cem.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

const int NewEntries = 1_000;
const int Rounds = 3;
int[] histories = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [10_000, 100_000];
string[] kinds = [.. ParticipationKinds.Known];
string[] codes = [.. Jurisdiction.All.Select(j => j.Code)];

await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
Console.WriteLine($"| history entries | rollup of {NewEntries:N0} new (median of {Rounds}) | raw read of the new entries | full rebuild | rollup ratio to the first row |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
double? firstRollup = null;
foreach (var history in histories)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["CemStoragePrefix"] = "b" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)),
        ["Cem:Links:CurrentKey"] = Convert.ToBase64String(new byte[32]),
        ["Cem:Metrics:SafetyLag"] = "00:00:00",
    }).Build();
    await using var services = new ServiceCollection().AddLogging().AddCem(configuration).BuildServiceProvider();
    await services.GetRequiredService<CemStorage>().EnsureCreatedAsync(CancellationToken.None);
    var log = services.GetRequiredService<ParticipationLog>();
    var rollup = services.GetRequiredService<MetricsRollup>();
    var random = new Random(history);

    // History: spread over the 30 days before now, written in entity-group batches, then rolled up.
    var now = DateTimeOffset.UtcNow;
    await WriteAsync(log.Table, history, i => now.AddDays(-30).AddMilliseconds(i * (30 * 86_400_000.0 / history)), random);
    await rollup.RunAsync(CancellationToken.None);

    var rollups = new List<double>();
    var raws = new List<double>();
    for (var round = 0; round < Rounds; round++)
    {
        var from = DateTimeOffset.UtcNow;
        await WriteAsync(log.Table, NewEntries, i => from.AddMilliseconds(i * 0.01), random);
        await Task.Delay(50);

        var raw = Stopwatch.StartNew();
        var read = 0;
        foreach (var code in codes)
        {
            read += (await log.ReadAsync(code, ParticipationLog.PositionOf(from.AddSeconds(-1)), ParticipationLog.PositionOf(DateTimeOffset.UtcNow), CancellationToken.None)).Count;
        }

        raws.Add(raw.Elapsed.TotalMilliseconds);
        var timed = Stopwatch.StartNew();
        var result = await rollup.RunAsync(CancellationToken.None);
        rollups.Add(timed.Elapsed.TotalMilliseconds);
        if (result.EntriesRead != NewEntries || read < NewEntries)
        {
            throw new InvalidOperationException($"Expected {NewEntries} new entries; the rollup read {result.EntriesRead}, the raw read {read}.");
        }
    }

    var rebuild = Stopwatch.StartNew();
    var rebuilt = await rollup.RebuildAsync(CancellationToken.None);
    var rebuildMs = rebuild.Elapsed.TotalMilliseconds;
    if (rebuilt.EntriesRead != history + (Rounds * NewEntries))
    {
        throw new InvalidOperationException($"The rebuild read {rebuilt.EntriesRead} entries.");
    }

    var median = rollups.Order().ElementAt(Rounds / 2);
    firstRollup ??= median;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {history:N0} | {median:N0} ms | {raws.Order().ElementAt(Rounds / 2):N0} ms | {rebuildMs:N0} ms | {median / firstRollup.Value:N2} |"));
}

async Task WriteAsync(TableClient table, int count, Func<int, DateTimeOffset> timeOf, Random random)
{
    var entries = Enumerable.Range(0, count).Select(i =>
    {
        var at = timeOf(i);
        var code = codes[random.Next(codes.Length)];
        return new ParticipationEntry
        {
            PartitionKey = code,
            RowKey = Ulid.NewUlid(at).ToString(),
            Kind = kinds[random.Next(kinds.Length)],
            SubjectId = code + "-" + i.ToString(CultureInfo.InvariantCulture),
            At = at,
        };
    }).ToList();
    var batches = entries.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
}
