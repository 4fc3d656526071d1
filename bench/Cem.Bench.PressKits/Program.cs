// Compiles press kits for all 56 jurisdictions against an in-memory Azurite and compares the rate with
// uploading the same zips straight to Blob Storage on the same Azurite (the raw baseline).
//
//   dotnet run -c Release --project bench/Cem.Bench.PressKits [-- --rounds 5 --parallel 4]
//
// Each round uses a fresh storage prefix, so every kit is really built and stored (nothing is reused).
// Azurite's timings are not Azure's: read the ratio, not the absolute numbers.

using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cem.Azurite;
using Cem.Core;
using Cem.Core.Jurisdictions;
using Cem.Core.PressKits;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var rounds = Option("--rounds", 5);
var parallel = Option("--parallel", 4);

await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
Console.WriteLine($"Azurite in memory; {Environment.ProcessorCount} cores; {Jurisdiction.All.Count} jurisdictions; {rounds} rounds after a warm-up; parallel = {parallel}; load average {LoadAverage()}");

var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
long zipBytes = 0;
for (var round = 0; round <= rounds; round++)
{
    var linkKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    await using var provider = Compose(azurite.ConnectionString, "bench" + round.ToString(CultureInfo.InvariantCulture), linkKey);
    var storage = provider.GetRequiredService<CemStorage>();
    await storage.EnsureCreatedAsync(CancellationToken.None);
    var list = provider.GetRequiredService<PublicList>();
    var signups = await SeedAsync(storage, list);
    var service = provider.GetRequiredService<PressKitService>();
    var builder = provider.GetRequiredService<PressKitBuilder>();

    // The product path, one kit at a time: read the figures, build every part, zip, store as a new version. The first
    // compile of each kit (the worker lists its versions), then, each time after the figures changed, 16 at a time and
    // one at a time on the same worker.
    var first = await TimeAsync(signups, 1, signup => service.CompileAsync(signup, CancellationToken.None));
    var concurrent = await TimeAsync(await ReseedAsync(storage, list, signups), parallel, signup => service.CompileAsync(signup, CancellationToken.None));
    var sequential = await TimeAsync(await ReseedAsync(storage, list, signups), 1, signup => service.CompileAsync(signup, CancellationToken.None));

    // The same, on a worker that has not compiled these kits before (it lists each kit's versions first).
    double fresh;
    await using (var other = Compose(azurite.ConnectionString, "bench" + round.ToString(CultureInfo.InvariantCulture), linkKey))
    {
        var freshService = other.GetRequiredService<PressKitService>();
        fresh = await TimeAsync(await ReseedAsync(storage, list, signups), parallel, signup => freshService.CompileAsync(signup, CancellationToken.None));
    }

    // The same zips, uploaded straight to a container on the same Azurite.
    var zips = new List<(string Name, BinaryData Bytes)>();
    var versions = await Task.WhenAll(Jurisdiction.All.Select(j => service.ListAsync(j.Code, CancellationToken.None)));
    var store = provider.GetRequiredService<PressKitStore>();
    foreach (var version in versions.SelectMany(v => v).Where(v => v.Version == 1))
    {
        await using var stream = (await store.OpenReadAsync(version.SignupId, version.Version, CancellationToken.None))!;
        zips.Add((version.BlobName, await BinaryData.FromStreamAsync(stream)));
    }

    var raw = storage.BlobService.GetBlobContainerClient("raw" + round.ToString(CultureInfo.InvariantCulture));
    await raw.CreateIfNotExistsAsync();
    var rawSequential = await TimeAsync(zips, 1, zip => raw.UploadBlobAsync("seq/" + zip.Name, zip.Bytes));
    var rawConcurrent = await TimeAsync(zips, parallel, zip => raw.UploadBlobAsync("par/" + zip.Name, zip.Bytes));

    // The same zips stored as a kit is stored: only if absent (If-None-Match: *), with its content type and metadata.
    var rawAsKitSequential = await TimeAsync(zips, 1, zip => UploadAsKitAsync(raw.GetBlobClient("kit-seq/" + zip.Name), zip.Bytes));
    var rawAsKitConcurrent = await TimeAsync(zips, parallel, zip => UploadAsKitAsync(raw.GetBlobClient("kit-par/" + zip.Name), zip.Bytes));

    // Each read of a kit alone, to show where the time goes: the figures (the public list's partition) and the
    // newest version (a blob listing under the sign-up's prefix).
    var publicList = provider.GetRequiredService<PublicList>();
    var listRead = await TimeAsync(signups, 1, _ => publicList.ReadAsync(CancellationToken.None));
    var newestRead = await TimeAsync(signups, 1, signup => store.LatestAsync(signup.Id, CancellationToken.None));
    var versionRead = await TimeAsync(signups, 1, _ => publicList.ReadCurrentAsync(CancellationToken.None));
    var programs = provider.GetRequiredService<IProgramFacts>();
    var year = (await provider.GetRequiredService<Cem.Core.Editions.EditionStore>().CurrentAsync(CancellationToken.None)).Year;
    var programRead = await TimeAsync(signups, 1, signup => programs.ForAsync(year, signup.PartitionKey, CancellationToken.None));

    // Building alone, in memory, to show where the time goes.
    var approved = (await provider.GetRequiredService<PublicList>().ReadAsync(CancellationToken.None)).ToList();
    var cemDates = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PressKitOptions>>().Value
        .DatesFor(await provider.GetRequiredService<Cem.Core.Editions.EditionStore>().CurrentAsync(CancellationToken.None));
    var buildOnly = await TimeAsync(signups, 1, signup =>
    {
        builder.Build(PressKitContent.For(signup, approved, cemDates, builder.Templates.Fingerprint, DateTimeOffset.UtcNow).WithVersion(1), DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    });

    zipBytes = zips.Sum(z => z.Bytes.ToMemory().Length) / zips.Count;
    if (round == 0)
    {
        continue; // warm-up: JIT, Azurite's first requests
    }

    Add("press kits, sequential, each kit's first compile", first);
    Add("press kits, sequential", sequential);
    Add($"press kits, {parallel} at a time", concurrent);
    Add($"press kits, {parallel} at a time, a worker new to them", fresh);
    Add("raw upload, sequential", rawSequential);
    Add($"raw upload, {parallel} at a time", rawConcurrent);
    Add("raw upload as a kit is stored, sequential", rawAsKitSequential);
    Add($"raw upload as a kit is stored, {parallel} at a time", rawAsKitConcurrent);
    Add("build only (no storage), sequential", buildOnly);
    Add("read the public list only, sequential", listRead);
    Add("list the newest version only, sequential", newestRead);
    Add("check the public list's version only (unchanged), sequential", versionRead);
    Add("read the state's program only (none published), sequential", programRead);
    // The ratio of each round on its own: the machine's load moves both sides of it alike.
    Add("ratio raw / kits, sequential, each kit's first compile", rawSequential / first);
    Add("ratio raw / kits, sequential", rawSequential / sequential);
    Add($"ratio raw / kits, {parallel} at a time", rawConcurrent / concurrent);
    Add($"ratio raw / kits, {parallel} at a time, a worker new to them", rawConcurrent / fresh);
}

Console.WriteLine($"Average kit: {zipBytes / 1024.0:0.0} KiB zipped");
Console.WriteLine();
Console.WriteLine("| Measure | kits/s or ratio (median of rounds) | min | max |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (name, rates) in results)
{
    Console.WriteLine($"| {name} | {Median(rates):0.0} | {rates.Min():0.0} | {rates.Max():0.0} |");
}

Console.WriteLine();
Console.WriteLine($"Load average at the end: {LoadAverage()}");
Console.WriteLine($"Raw upload is {Median(results["raw upload, sequential"]) / Median(results["press kits, sequential"]):0.0}x the press kit rate sequentially, "
    + $"{Median(results[$"raw upload, {parallel} at a time"]) / Median(results[$"press kits, {parallel} at a time"]):0.0}x with {parallel} at a time.");

void Add(string name, double rate)
{
    if (!results.TryGetValue(name, out var list))
    {
        results[name] = list = [];
    }

    list.Add(rate);
}

static Task UploadAsKitAsync(BlobClient blob, BinaryData bytes) => blob.UploadAsync(bytes, new BlobUploadOptions
{
    Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
    HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
    Metadata = new Dictionary<string, string>
    {
        ["inputhash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
        ["contenthash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
        ["createdat"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    },
});

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task<double> TimeAsync<T>(IReadOnlyList<T> items, int parallelism, Func<T, Task> work)
{
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) => await work(item));
    return items.Count / watch.Elapsed.TotalSeconds;
}

static ServiceProvider Compose(string connectionString, string prefix, string linkKey)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [StorageClients.ConnectionName] = connectionString,
        [StorageNames.PrefixSetting] = prefix,
        ["Cem:Links:CurrentKey"] = linkKey,
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    services.AddCem(configuration);
    return services.BuildServiceProvider();
}

// One approved sign-up per jurisdiction, with a few activities each.
static async Task<IReadOnlyList<Signup>> SeedAsync(CemStorage storage, PublicList list)
{
    var table = storage.Table(StorageNames.SignupsTable);
    var signups = new List<Signup>();
    var now = DateTimeOffset.UtcNow;
    foreach (var (jurisdiction, i) in Jurisdiction.All.Select((j, i) => (j, i)))
    {
        var signup = new Signup
        {
            PartitionKey = jurisdiction.Code,
            RowKey = Ulid.NewUlid(now).ToString(),
            Status = SignupStatus.Approved,
            OrganizationName = $"{jurisdiction.Name} Department of Education",
            OrganizationType = "sea",
            ContactName = "Ada Lovelace",
            ContactTitle = "Director of Digital Learning",
            Email = "contact@example.org",
            Activities = string.Join(',', Activities.All.Keys.Take(1 + i % Activities.All.Count)),
            SubmittedAt = now,
            AddressConfirmedAt = now,
            DecidedAt = now,
        };
        await table.AddEntityAsync(signup);
        await list.SyncAsync(signup, CancellationToken.None); // as approving it does
        signups.Add(signup);
    }

    return signups;
}

// Another organization per jurisdiction changes every kit's figures, so the next pass builds new versions.
static async Task<IReadOnlyList<Signup>> ReseedAsync(CemStorage storage, PublicList list, IReadOnlyList<Signup> signups)
{
    var table = storage.Table(StorageNames.SignupsTable);
    var now = DateTimeOffset.UtcNow;
    foreach (var signup in signups)
    {
        var other = new Signup
        {
            PartitionKey = signup.PartitionKey,
            RowKey = Ulid.NewUlid(now).ToString(),
            Status = SignupStatus.Approved,
            OrganizationName = signup.Jurisdiction.Name + " Virtual Learning Consortium",
            OrganizationType = "higher-ed-consortium",
            ContactName = "Grace Hopper",
            ContactTitle = "Executive Director",
            Email = "other@example.org",
            SubmittedAt = now,
            AddressConfirmedAt = now,
            DecidedAt = now,
        };
        await table.AddEntityAsync(other);
        await list.SyncAsync(other, CancellationToken.None);
    }

    return signups;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
