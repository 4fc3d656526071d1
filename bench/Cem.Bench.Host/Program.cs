// The host-level benchmarks of bench/README.md, each against a raw baseline on the same Azurite:
//
//   dotnet run -c Release --project bench/Cem.Bench.Host -- intake  [--clients 16 --requests 800]   (P1)
//   dotnet run -c Release --project bench/Cem.Bench.Host -- fanout  [--emails 400]                   (P2)
//   dotnet run -c Release --project bench/Cem.Bench.Host -- startup [--runs 3] [--no-build]          (P5)
//   dotnet run -c Release --project bench/Cem.Bench.Host -- feed    [--events 5000 --runs 10]        (P6)
//   dotnet run -c Release --project bench/Cem.Bench.Host -- list    [--runs 20]                      (P7)
//
// Azurite (Node.js) and the DevHost share the machine's cores with the load generator: read ratios, not absolutes.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Cem.Azurite;
using Cem.Core.Calendar;
using Cem.Core.Editions;
using Cem.Core.Jurisdictions;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.DevHost;
using EventId = Cem.Core.Calendar.EventId;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

var command = args.FirstOrDefault() ?? "";
switch (command)
{
    case "intake":
        await IntakeAsync(Option("--clients", 16), Option("--requests", 800));
        break;
    case "fanout":
        await FanOutAsync(Option("--emails", 400), Option("--clients", 16));
        break;
    case "startup":
        await StartupAsync(Option("--runs", 3), args.Contains("--no-build"));
        break;
    case "feed":
        await FeedAsync(Option("--events", 5000), Option("--runs", 10));
        break;
    case "list":
        await PublicListAsync(Option("--runs", 20));
        break;
    default:
        Console.Error.WriteLine("Usage: intake | fanout | startup | feed | list  (see bench/README.md)");
        return 2;
}

return 0;

// P1: 16 clients post sign-ups through the DevHost; the same number of raw table inserts plus queue puts.
async Task IntakeAsync(int clients, int requests)
{
    await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
    await using var host = await StartDevHostAsync(azurite.ConnectionString, "intake", _ => { });
    using var http = new HttpClient { BaseAddress = host.BaseAddress };
    var storage = host.Services.GetRequiredService<CemStorage>();
    Console.WriteLine($"P1 sign-up intake: {clients} clients, {requests} requests each way; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; Azurite in memory; the DevHost's queue handler sends each confirmation to the local outbox meanwhile");

    async Task<TimeSpan> PostAsync(int i)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/signups", Body(i));
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Sign-up {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    // The raw baseline: what a sign-up must at least cost, one insert of the same row and one queue put.
    var rawTable = storage.TableService.GetTableClient("rawsignups");
    await rawTable.CreateIfNotExistsAsync();
    var rawQueue = storage.QueueService.GetQueueClient("raw-signups");
    await rawQueue.CreateIfNotExistsAsync();
    async Task<TimeSpan> RawAsync(int i)
    {
        var started = Stopwatch.GetTimestamp();
        var jurisdiction = Jurisdiction.All[i % Jurisdiction.All.Count].Code;
        var id = Guid.NewGuid().ToString("n");
        await rawTable.AddEntityAsync(new TableEntity(jurisdiction, id)
        {
            ["Status"] = "pending-confirmation",
            ["OrganizationName"] = "Department of Education",
            ["OrganizationType"] = "sea",
            ["ContactName"] = "Pat Smith",
            ["ContactTitle"] = "Director of Digital Learning",
            ["Email"] = $"bench{i}@education.example.gov",
            ["Phone"] = "614-555-0100",
            ["Activities"] = "press-release,own-cem",
            ["SubmittedAt"] = DateTimeOffset.UtcNow,
        });
        await rawQueue.SendMessageAsync(BinaryData.FromObjectAsJson(new { kind = "received", signupId = jurisdiction + "-" + id }));
        return Stopwatch.GetElapsedTime(started);
    }

    // Warm-up of both paths (JIT, connections, Azurite's first requests), then the measured runs.
    await RunAsync(clients, clients * 2, i => PostAsync(1_000_000 + i));
    await RunAsync(clients, clients * 2, i => RawAsync(1_000_000 + i));
    var app = await RunAsync(clients, requests, PostAsync);

    // The baseline runs on an idle host: the confirmations the sign-ups queued are sent first.
    var received = storage.Queue(StorageNames.SignupReceivedQueue);
    while ((await received.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
    {
        await Task.Delay(200);
    }

    var raw = await RunAsync(clients, requests, RawAsync);
    Report("through the DevHost (POST /api/signups)", app);
    Report("raw table insert + queue put", raw);
    Console.WriteLine($"Ratio: raw rate / app rate = {raw.Rate / app.Rate:0.00}; p50 {app.P50 / raw.P50:0.00}x, p99 {app.P99 / raw.P99:0.00}x");
}

// P2: emails from the queue through the handler to a fake SendGrid; raw posts of the same size to the same fake.
async Task FanOutAsync(int emails, int clients)
{
    using var sendGrid = WireMockServer.Start();
    sendGrid.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
    await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
    var settings = new Action<IDictionary<string, string?>>(s =>
    {
        s["Cem:Email:SendGridApiKey"] = "SG.bench-key";
        s["Cem:Email:SendGridBaseUrl"] = sendGrid.Url;
    });

    // Seed the sign-ups and their queue messages before the host starts, so the timing is the fan-out alone.
    var prefix = "fanout";
    await using (var seeding = await StartDevHostAsync(azurite.ConnectionString, prefix, settings, functions: false))
    {
        var service = seeding.Services.GetRequiredService<SignupService>();
        await RunAsync(clients, emails, async i =>
        {
            var jurisdiction = Jurisdiction.All[i % Jurisdiction.All.Count];
            await service.SubmitAsync(new ValidSignup(jurisdiction, "Department of Education", "sea", "Pat Smith", "Director", $"bench{i}@education.example.gov", null, ["press-release"]), null, $"10.0.{i / 256}.{i % 256}", CancellationToken.None); // a client each: under the per-client limit
            return TimeSpan.Zero;
        });
    }

    Console.WriteLine($"P2 email fan-out: {emails} sign-up-received messages on the queue; fake SendGrid (WireMock.Net, 202 at once); {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; Azurite in memory; host.json queue batch 16");
    var started = Stopwatch.GetTimestamp();
    await using (var host = await StartDevHostAsync(azurite.ConnectionString, prefix, settings))
    {
        var hostStarted = Stopwatch.GetElapsedTime(started);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (sendGrid.LogEntries.Count < emails && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var elapsed = Stopwatch.GetElapsedTime(started) - hostStarted;
        var sent = sendGrid.LogEntries.Count;
        var body = sendGrid.LogEntries[0].RequestMessage.Body ?? "";
        var app = new Figures(sent / elapsed.TotalSeconds, 0, 0, 0);
        Console.WriteLine($"  through the queue handler: {sent} emails in {elapsed.TotalSeconds:0.00} s from the host's start (start itself {hostStarted.TotalSeconds:0.00} s) = {app.Rate:0.0} emails/s");
        sendGrid.ResetLogEntries();

        // The raw baseline: the same body posted straight to the same fake, as many at a time as the host's batch.
        using var http = new HttpClient { BaseAddress = new Uri(sendGrid.Url!) };
        async Task<TimeSpan> PostAsync(int i)
        {
            var t = Stopwatch.GetTimestamp();
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/v3/mail/send", content);
            return Stopwatch.GetElapsedTime(t);
        }

        await RunAsync(clients, clients * 2, PostAsync);
        var raw = await RunAsync(clients, emails, PostAsync);
        Report($"raw HTTP posts to the fake, {clients} at a time", raw);
        Console.WriteLine($"Ratio: raw rate / app rate = {raw.Rate / app.Rate:0.00}");
    }
}

// P5: `dotnet run --project Cem.DevHost` (built; Azurite installed) to its first answer of /api/health.
// With --no-build: the host's own start, without dotnet run's up-to-date check of the projects.
async Task StartupAsync(int runs, bool noBuild)
{
    var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("Run from inside the repository.");
    Console.WriteLine($"P5 start-up: `dotnet run --project Cem.DevHost{(noBuild ? " --no-build" : "")}` to the first 200 from /api/health, {runs} runs; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    var times = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(new ProcessStartInfo("dotnet", $"run {(noBuild ? "--no-build " : "")}--project \"{Path.Combine(root, "Cem.DevHost")}\" -- --urls http://127.0.0.1:7399")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("http://127.0.0.1:7399/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException("The DevHost did not answer within three minutes.");
            }

            await Task.Delay(50);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        times.Add(seconds);
        Console.WriteLine($"  run {run + 1}: {seconds:0.00} s");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    Console.WriteLine($"  median {times.Order().ElementAt(times.Count / 2):0.00} s");
}

// P6: the national feed /calendar.ics of N events through the DevHost (200, then 304 on If-None-Match), against a raw
// range scan of the same rows with the SDK; and, in-process, the app's read (rows to CalendarEvent) and the build alone.
async Task FeedAsync(int count, int runs)
{
    await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
    await using var host = await StartDevHostAsync(azurite.ConnectionString, "feed", _ => { });
    using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    var storage = host.Services.GetRequiredService<CemStorage>();
    var year = (await host.Services.GetRequiredService<EditionStore>().CurrentAsync(CancellationToken.None)).Year;
    var table = storage.Table(StorageNames.EventsTable);

    // Seed N published events, one slot each in October, spread over the 56 jurisdictions and US, 100 a transaction.
    var codes = Jurisdiction.All.Select(j => j.Code).Append("US").ToArray();
    var now = DateTimeOffset.UtcNow;
    var rows = Enumerable.Range(0, count).Select(i =>
    {
        var code = codes[i % codes.Length];
        var start = new NodaTime.LocalDateTime(year, 10, 1 + (i % 31), 9 + (i % 9), 0);
        return new CalendarEvent
        {
            PartitionKey = EventId.Partition(year, code),
            RowKey = EventId.RowPrefix + Ulid.NewUlid(now.AddMilliseconds(i)),
            Title = $"Connected classrooms, live #{i}",
            Description = "Bring a question; we bring *three* teachers. " + new string('x', 300),
            Format = "webinar",
            Attendance = "online",
            Audiences = CalendarEvent.ListJson(["teachers", "school-leaders"]),
            Themes = CalendarEvent.ListJson(["Digital citizenship"]),
            OrganizerName = "Department of Education",
            Url = "https://example.org/join/" + i,
            TimeZone = TimeZones.DefaultFor(code),
            Slots = CalendarEvent.SlotsJson([new EventSlot(1, start, start.PlusHours(1), false)]),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }).ToList();
    foreach (var batch in rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)))
    {
        await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
    }

    Console.WriteLine($"P6 national feed: {count} events in {codes.Length} partitions of {year}; {runs} runs each, one at a time; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; Azurite in memory");
    string? etag = null;
    var bytes = 0;
    async Task<TimeSpan> FeedOnceAsync(bool conditional)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calendar.ics");
        if (conditional)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != (conditional ? HttpStatusCode.NotModified : HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"/calendar.ics answered {(int)response.StatusCode}");
        }

        etag = response.Headers.ETag?.Tag ?? etag;
        bytes = conditional ? bytes : body.Length;
        return Stopwatch.GetElapsedTime(started);
    }

    // The raw baseline: the same PartitionKey range and RowKey filter the app reads, every row materialised.
    var filter = $"PartitionKey gt '{year}-' and PartitionKey lt '{year}.' and RowKey ge '{EventId.RowPrefix}' and RowKey lt 'evt.'";
    async Task<TimeSpan> ScanOnceAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var read = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            read++;
        }

        if (read != count)
        {
            throw new InvalidOperationException($"The scan read {read} rows, not {count}.");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    var queries = host.Services.GetRequiredService<EventQueries>();
    var site = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Cem.Core.CemOptions>>().Value;
    var metrics = host.Services.GetRequiredService<Cem.Core.Telemetry.CemMetrics>();
    IReadOnlyList<CalendarEvent> read = [];
    async Task<TimeSpan> QueryOnceAsync()
    {
        var started = Stopwatch.GetTimestamp();
        read = await queries.AllAsync(new EventFilter(), CancellationToken.None);
        return Stopwatch.GetElapsedTime(started);
    }

    Task<TimeSpan> BuildOnceAsync()
    {
        var started = Stopwatch.GetTimestamp();
        Cem.Core.Calendar.EventFeed.Build("CEM", read, site, metrics);
        return Task.FromResult(Stopwatch.GetElapsedTime(started));
    }

    // Warm-up of every path, then the measured runs, interleaved so that the machine's load falls on all alike.
    await FeedOnceAsync(false);
    await FeedOnceAsync(true);
    await ScanOnceAsync();
    await QueryOnceAsync();
    await BuildOnceAsync();
    var times = new Dictionary<string, List<double>> { ["feed"] = [], ["304"] = [], ["scan"] = [], ["query"] = [], ["build"] = [] };
    for (var run = 0; run < runs; run++)
    {
        times["feed"].Add((await FeedOnceAsync(false)).TotalMilliseconds);
        times["304"].Add((await FeedOnceAsync(true)).TotalMilliseconds);
        times["scan"].Add((await ScanOnceAsync()).TotalMilliseconds);
        times["query"].Add((await QueryOnceAsync()).TotalMilliseconds);
        times["build"].Add((await BuildOnceAsync()).TotalMilliseconds);
    }

    double Median(string key) => times[key].Order().ElementAt(times[key].Count / 2);
    foreach (var (key, what) in new[] { ("feed", $"GET /calendar.ics, 200 ({bytes / 1024} KiB)"), ("304", "GET /calendar.ics with If-None-Match, 304"), ("scan", "raw range scan of the same rows (SDK, TableEntity)"), ("query", "in-process: EventQueries.AllAsync (the app's read)"), ("build", "in-process: EventFeed.Build (no storage)") })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: median {Median(key):0} ms (min {times[key].Min():0}, max {times[key].Max():0})"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratios to the raw scan: feed {Median("feed") / Median("scan"):0.00}, 304 {Median("304") / Median("scan"):0.00}, app read {Median("query") / Median("scan"):0.00}, build {Median("build") / Median("scan"):0.00}"));
}

// P7: the public list (GET /api/states and the home page) with 10, then 10,000 sign-ups stored, then more of them
// approved; against a raw SDK query of the public-list partition, and a raw scan of every sign-up by status (what the
// list cost before it had its own partition). The app's cost should follow the approved sign-ups, not the total.
async Task PublicListAsync(int runs)
{
    await using var azurite = await AzuriteLauncher.StartInMemoryAsync();
    await using var host = await StartDevHostAsync(azurite.ConnectionString, "list", _ => { });
    using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    var storage = host.Services.GetRequiredService<CemStorage>();
    var table = storage.Table(StorageNames.SignupsTable);
    Console.WriteLine($"P7 public list: {runs} runs of each measure per stage, one request at a time; {Environment.ProcessorCount} cores; Azurite in memory");

    var stored = 0;
    var approved = 0;
    var now = DateTimeOffset.UtcNow;
    string[] others = [SignupStatus.PendingConfirmation, SignupStatus.PendingConfirmation, SignupStatus.Rejected, SignupStatus.AwaitingApproval];

    // Sign-ups straight into the table, 100 a transaction per jurisdiction; each approved one also gets its public-list
    // row, as approving writes it.
    async Task SeedAsync(int count, int approvedCount)
    {
        var rows = Enumerable.Range(stored, count).Select(i =>
        {
            var code = Jurisdiction.All[i % Jurisdiction.All.Count].Code;
            var isApproved = i - stored < approvedCount;
            return new Signup
            {
                PartitionKey = code,
                RowKey = Ulid.NewUlid(now.AddMilliseconds(i)).ToString(),
                Status = isApproved ? SignupStatus.Approved : others[i % others.Length],
                OrganizationName = $"Organization {i}",
                OrganizationType = "district",
                ContactName = "Pat Smith",
                ContactTitle = "Director of Digital Learning",
                Email = $"list{i}@education.example.gov",
                Activities = "host-events",
                SubmittedAt = now,
                AddressConfirmedAt = isApproved ? now : null,
                DecidedAt = isApproved ? now : null,
            };
        }).ToList();
        foreach (var batch in rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }

        // With the list's new version in each transaction, as the list writes (VersionedPartition).
        foreach (var batch in rows.Where(r => r.Status == SignupStatus.Approved).Chunk(99))
        {
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListedSignup.Of(r)))
                .Append(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(PublicList.Partition, PublicList.VersionRow))));
        }

        stored += count;
        approved += approvedCount;
    }

    async Task<TimeSpan> GetAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    async Task<TimeSpan> QueryAsync(string filter, int expected)
    {
        var started = Stopwatch.GetTimestamp();
        var read = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            read += row.RowKey == PublicList.VersionRow ? 0 : 1; // the list's version row is read with it, as the app reads it
        }

        if (read != expected)
        {
            throw new InvalidOperationException($"The query read {read} rows, not {expected}.");
        }

        return Stopwatch.GetElapsedTime(started);
    }

    var partition = $"PartitionKey eq '{PublicList.Partition}'";
    var byStatus = $"Status eq '{SignupStatus.Approved}'";
    var lines = new List<string>();
    async Task StageAsync()
    {
        var measures = new (string Name, Func<Task<TimeSpan>> Once)[]
        {
            ("GET /api/states", () => GetAsync("/api/states")),
            ("GET / (home page)", () => GetAsync("/")),
            ("raw query of the public-list partition", () => QueryAsync(partition, approved)),
            ("raw scan of every sign-up by status", () => QueryAsync(byStatus, approved)),
        };
        foreach (var (_, once) in measures)
        {
            await once(); // warm-up
        }

        var times = measures.ToDictionary(m => m.Name, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var (name, once) in measures)
            {
                times[name].Add((await once()).TotalMilliseconds);
            }
        }

        double Median(string name) => times[name].Order().ElementAt(times[name].Count / 2);
        var raw = Median("raw query of the public-list partition");
        var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {stored:N0} | {approved} | {Median("GET /api/states"):0.0} | {Median("GET / (home page)"):0.0} | {raw:0.0} | {Median("raw scan of every sign-up by status"):0.0} | {Median("GET /api/states") / raw:0.0} | {Median("GET / (home page)") / raw:0.0} | {load} |"));
        Console.WriteLine(lines[^1]);
    }

    Console.WriteLine("| sign-ups stored | approved | GET /api/states ms | GET / ms | raw partition query ms | raw scan by status ms | states / raw | home / raw | load average |");
    await SeedAsync(10, 6);
    await StageAsync();
    await SeedAsync(9_990, 0);
    await StageAsync();
    await SeedAsync(144, 144);
    await StageAsync();
    Console.WriteLine("(medians of " + runs.ToString(CultureInfo.InvariantCulture) + " runs; the last stage adds 144 approved sign-ups, a realistic season)");
}

async Task<DevHostApp> StartDevHostAsync(string connectionString, string prefix, Action<IDictionary<string, string?>> configure, bool functions = true)
{
    var options = new DevHostOptions { Url = "http://127.0.0.1:0", ReadLocalSettings = false, StartAzurite = false };
    options.Configuration["AzureWebJobsStorage"] = connectionString;
    options.Configuration["CemStoragePrefix"] = prefix;
    options.Configuration["Cem:Links:CurrentKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    options.Configuration["Cem:StaffEmails"] = "staff@cem.example.org";
    foreach (var timer in new[] { "MetricsRollupSchedule", "CommentCleanupSchedule", "RemindersSchedule", "MessageOutboxSchedule" })
    {
        options.Configuration[timer] = "0 0 0 1 1 *"; // timers out of the way: once a year
    }

    options.Configuration["Cem:Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "cem-bench-outbox-" + Guid.NewGuid().ToString("n"));
    if (!functions)
    {
        options.Configuration["AzureWebJobs.SendSignupReceivedEmail.Disabled"] = "true";
    }

    options.ConfigureLogging = logging => logging.ClearProviders(); // the figures only (handlers cancelled at shutdown log failures)
    configure(options.Configuration);
    return await DevHostApp.StartAsync(options);
}

object Body(int i) => new
{
    jurisdiction = Jurisdiction.All[i % Jurisdiction.All.Count].Code,
    organizationName = "Department of Education",
    organizationType = "sea",
    contactName = "Pat Smith",
    contactTitle = "Director of Digital Learning",
    email = $"bench{i}@education.example.gov",
    phone = "614-555-0100",
    activities = new[] { "press-release", "own-cem" },
    consent = true,
};

static async Task<Figures> RunAsync(int clients, int requests, Func<int, Task<TimeSpan>> call)
{
    var latencies = new ConcurrentBag<double>();
    var next = -1;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < requests)
        {
            latencies.Add((await call(i)).TotalMilliseconds);
        }
    }));
    var elapsed = Stopwatch.GetElapsedTime(started);
    var sorted = latencies.Order().ToArray();
    return new Figures(requests / elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), elapsed.TotalSeconds);
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static void Report(string what, Figures f) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {f.Rate:0.0}/s, p50 {f.P50:0.0} ms, p99 {f.P99:0.0} ms ({f.Seconds:0.00} s)"));

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Figures(double Rate, double P50, double P99, double Seconds);
