using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cem.Azurite;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit.Abstractions;
using WireRequest = WireMock.RequestBuilders.Request;

namespace Cem.Tests.Reliability;

/// <summary>
/// Faults with figures: real load through the DevHost while SendGrid (WireMock) or storage (a private Azurite) fails,
/// then recovers. Each test writes its figures to the test output (<c>--logger "console;verbosity=detailed"</c>)
/// and asserts the invariants (every accepted sign-up stored and emailed exactly once, every refusal a 503 with
/// Retry-After), never timings. The figures are in <c>docs/reliability.md</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // stops storage and points the host at a fake SendGrid
public sealed class FaultTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string MailSend = "/v3/mail/send";

    private static readonly string[] Jurisdictions = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS"];

    private static Action<IDictionary<string, string?>> SendGridAt(WireMockServer sendGrid) => settings =>
    {
        settings["Cem:Email:SendGridApiKey"] = "SG.test-key";
        settings["Cem:Email:SendGridBaseUrl"] = sendGrid.Url;
        settings["Cem:Email:MaxRetries"] = "1";
        settings["Cem:Email:BaseDelay"] = "00:00:00.050";
        settings["Cem:Email:AttemptTimeout"] = "00:00:00.500";
        settings["Cem:Email:MaxRateLimitWait"] = "00:00:01";
        settings["Cem:Email:FirstRetryDelay"] = "00:00:00.200";
        settings["Cem:Email:MaxRetryDelay"] = "00:00:01";
        settings["Cem:Email:RetryHorizon"] = "00:05:00";
    };

    /// <summary>How many times SendGrid accepted (202) an email to each address.</summary>
    private static Dictionary<string, int> AcceptedPerAddress(WireMockServer sendGrid, IEnumerable<string> addresses) =>
        addresses.ToDictionary(
            a => a,
            a => sendGrid.LogEntries.Count(e => e.RequestMessage.Path == MailSend
                                                && e.ResponseMessage.StatusCode is 202
                                                && e.RequestMessage.Body?.Contains(a, StringComparison.Ordinal) == true));

    private void Report(string title, params (string Name, object Value)[] figures)
    {
        output.WriteLine($"FIGURES {title}");
        foreach (var (name, value) in figures)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {value}"));
        }
    }

    [Fact]
    public async Task Through_a_window_of_SendGrid_rate_limits_errors_and_timeouts_every_accepted_signup_is_emailed_exactly_once()
    {
        using var sendGrid = WireMockServer.Start();
        var failing = 1;
        var calls = 0;
        var byKind = new ConcurrentDictionary<string, int>();
        sendGrid.Given(WireRequest.Create().WithPath(MailSend).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var n = Interlocked.Increment(ref calls);
            if (Volatile.Read(ref failing) == 0)
            {
                byKind.AddOrUpdate("202", 1, (_, c) => c + 1);
                return new WireMock.ResponseMessage { StatusCode = 202 };
            }

            switch (n % 4)
            {
                case 0:
                    byKind.AddOrUpdate("429 + X-RateLimit-Reset", 1, (_, c) => c + 1);
                    var limited = new WireMock.ResponseMessage { StatusCode = 429 };
                    limited.AddHeader("X-RateLimit-Reset", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                    return limited;
                case 1:
                    byKind.AddOrUpdate("500", 1, (_, c) => c + 1);
                    return new WireMock.ResponseMessage { StatusCode = 500 };
                case 2:
                    byKind.AddOrUpdate("503", 1, (_, c) => c + 1);
                    return new WireMock.ResponseMessage { StatusCode = 503 };
                default:
                    // Slower than the per-try timeout: the client gives up first. It answers 503, so SendGrid did not take it.
                    byKind.AddOrUpdate("timeout (slow 503)", 1, (_, c) => c + 1);
                    Thread.Sleep(800);
                    return new WireMock.ResponseMessage { StatusCode = 503 };
            }
        }));

        await using var site = await CemSite.StartAsync(azurite, SendGridAt(sendGrid));
        var addresses = Enumerable.Range(0, 24).Select(i => $"fault{i}@sea{i}.gov").ToList();
        var accepted = new List<string>();
        foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
        {
            using var response = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(Jurisdictions[i % Jurisdictions.Length], address));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(address);
            }
        }

        // The window outlasts the host's own retries (three dequeues in the test host): every message fails several times.
        var window = Stopwatch.StartNew();
        await TestDevHost.Eventually(() => Task.FromResult(Volatile.Read(ref calls) >= accepted.Count * 4), "SendGrid should be tried several times per email during the window");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var callsInWindow = Volatile.Read(ref calls);
        Volatile.Write(ref failing, 0);
        var windowLength = window.Elapsed;
        var recovery = Stopwatch.StartNew();
        await TestDevHost.Eventually(() => Task.FromResult(AcceptedPerAddress(sendGrid, accepted).Values.All(c => c >= 1)), "every accepted sign-up's email should be sent after SendGrid recovers");
        var allSent = recovery.Elapsed;
        await site.SettledAsync();

        var perAddress = AcceptedPerAddress(sendGrid, addresses);
        var storage = site.Host.Services.GetRequiredService<CemStorage>();
        var poisoned = (await storage.Queue(StorageNames.SignupReceivedQueue + "-poison").PeekMessagesAsync(32)).Value.Length;
        Report(
            "SendGrid window (429 with X-RateLimit-Reset, 500, 503, timeouts), then recovery",
            ("sign-ups posted", addresses.Count),
            ("sign-ups accepted (202)", accepted.Count),
            ("failure window (s)", windowLength.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
            ("SendGrid calls in the window", callsInWindow),
            ("SendGrid answers by kind", string.Join(", ", byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}"))),
            ("emails expected", accepted.Count),
            ("emails sent (202 per address, summed)", perAddress.Values.Sum()),
            ("emails duplicated", perAddress.Values.Sum(c => Math.Max(0, c - 1))),
            ("emails lost", accepted.Count(a => perAddress[a] == 0)),
            ("messages poisoned", poisoned),
            ("time from recovery to all sent (s)", allSent.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));

        Assert.Equal(addresses.Count, accepted.Count);
        Assert.All(accepted, a => Assert.True(perAddress[a] == 1, $"{a}: {perAddress[a]} emails"));
        Assert.Equal(0, poisoned);
    }

    [Fact]
    public async Task Sign_ups_during_a_storage_outage_get_503_with_Retry_After_and_every_accepted_one_is_stored_and_emailed_once()
    {
        var location = Path.Combine(Path.GetTempPath(), "cem-outage-" + Guid.NewGuid().ToString("n"));
        var storageHost = await AzuriteLauncher.StartOnDiskAsync(location);
        try
        {
            await using var site = await CemSite.StartAsync(azurite, settings =>
            {
                settings["AzureWebJobsStorage"] = storageHost.ConnectionString;
                // A receive that storage carried out just as it stopped, its answer lost, leaves the message invisible
                // for the processing visibility (ten minutes under the Functions host) before it comes again; here
                // ten seconds, so the test sees it delivered rather than waiting out the platform's timeout.
                settings[Cem.DevHost.QueueTriggerListener.ProcessingVisibilitySetting] = "00:00:10";
                // A sign-up committed just as storage stopped has its queue message put by the outbox sweep (every
                // minute, after two minutes' grace, in Azure); here each second after five, within the test's wait.
                settings["MessageOutboxSchedule"] = "*/1 * * * * *";
                settings["Cem:MessageOutbox:GracePeriod"] = "00:00:05";
            });
            var clock = Stopwatch.StartNew();
            var answers = new ConcurrentBag<Answer>();
            var health = new ConcurrentBag<(TimeSpan Start, TimeSpan End, int Status)>();
            using var stop = new CancellationTokenSource();
            var counter = 0;

            async Task Client(int client)
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref counter);
                    var address = $"outage{n}@sea{client}.gov";
                    var start = clock.Elapsed;
                    using var response = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(Jurisdictions[n % Jurisdictions.Length], address));
                    var body = await response.Content.ReadAsStringAsync();
                    answers.Add(new Answer(address, start, clock.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter?.Delta,
                        response.Content.Headers.ContentType?.MediaType,
                        response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetString() : null));
                    await Task.Delay(50);
                }
            }

            async Task Health()
            {
                while (!stop.IsCancellationRequested)
                {
                    var start = clock.Elapsed;
                    using var response = await site.Http.GetAsync("/api/health");
                    health.Add((start, clock.Elapsed, (int)response.StatusCode));
                    await Task.Delay(200);
                }
            }

            var load = Enumerable.Range(0, 4).Select(Client).Append(Health()).ToList();
            await TestDevHost.Eventually(() => Task.FromResult(answers.Count(a => a.Status == 202) >= 8), "sign-ups should be accepted before the outage");

            await storageHost.StopAsync();
            var down = clock.Elapsed;
            await TestDevHost.Eventually(() => Task.FromResult(answers.Count(a => a.Start > down) >= 12 && health.Count(h => h.Start > down) >= 3), "requests should be answered during the outage");
            var up = clock.Elapsed;
            storageHost = await storageHost.RestartAsync();
            var restarted = clock.Elapsed;
            await TestDevHost.Eventually(() => Task.FromResult(answers.Count(a => a.Start > restarted && a.Status == 202) >= 8), "the DevHost should serve again after storage is back");
            await stop.CancelAsync();
            await Task.WhenAll(load);
            // A message received just as storage went away stays invisible for the processing visibility (shortened
            // above) and is delivered then; so the check waits for every accepted sign-up's email and for no message
            // to be visible, and reports what is still invisible.
            var storage = site.Host.Services.GetRequiredService<CemStorage>();
            List<string> missing = [];
            await TestDevHost.Eventually(async () =>
            {
                var outboxNow = await site.Outbox.ListAsync(10_000, CancellationToken.None);
                missing = [.. answers.Where(a => a.Status == 202 && !outboxNow.Any(e => e.To.Contains(a.Address, StringComparison.Ordinal))).Select(a => a.Address)];
                return missing.Count == 0;
            }, () => $"every accepted sign-up should be emailed (not yet: {string.Join(", ", missing)})");
            var invisible = 0;
            await TestDevHost.Eventually(async () =>
            {
                invisible = 0;
                foreach (var queue in StorageNames.Queues)
                {
                    if ((await storage.Queue(queue).PeekMessagesAsync()).Value.Length > 0)
                    {
                        return false;
                    }

                    invisible += (await storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                return true;
            }, "no message should be left visible");

            var all = answers.ToList();
            var acceptedAnswers = all.Where(a => a.Status == 202).ToList();
            var refused = all.Where(a => a.Status == 503).ToList();
            var outbox = await site.Outbox.ListAsync(10_000, CancellationToken.None);
            var emails = acceptedAnswers.ToDictionary(a => a.Address, a => outbox.Count(e => e.To.Contains(a.Address, StringComparison.Ordinal)));
            var store = site.Host.Services.GetRequiredService<SignupStore>();
            var stored = 0;
            foreach (var a in acceptedAnswers)
            {
                stored += SignupId.TryParse(a.Id, out var id) && await store.FindAsync(id, CancellationToken.None) is not null ? 1 : 0;
            }

            var firstServed = acceptedAnswers.Where(a => a.Start > restarted).Min(a => a.End);
            var duringOutage = health.Where(h => h.Start > down && h.End < up).ToList();
            var refusalTimes = refused.Select(a => (a.End - a.Start).TotalMilliseconds).Order().ToList();
            Report(
                "Azurite stopped and restarted while sign-ups arrive (4 clients)",
                ("requests", all.Count),
                ("accepted (202)", acceptedAnswers.Count),
                ("refused (503 + Retry-After)", refused.Count),
                ("other answers (500 or anything else)", all.Count - acceptedAnswers.Count - refused.Count),
                ("storage down for (s)", (restarted - down).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
                ("503 answer time p50 / max (ms)", refusalTimes.Count == 0 ? "-" : $"{refusalTimes[refusalTimes.Count / 2]:0} / {refusalTimes[^1]:0}"),
                ("health checks while down: 503 / all", $"{duringOutage.Count(h => h.Status == 503)} / {duringOutage.Count}"),
                ("accepted sign-ups stored", stored),
                ("emails expected", acceptedAnswers.Count),
                ("emails sent", emails.Values.Sum()),
                ("emails duplicated", emails.Values.Sum(c => Math.Max(0, c - 1))),
                ("messages still invisible (lost receives)", invisible),
                ("time from restart to first 202 (s)", (firstServed - restarted).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));

            Assert.All(all, a => Assert.True(a.Status is 202 or 503, $"{a.Address} got {a.Status}"));
            Assert.All(refused, a => Assert.True(a.RetryAfter > TimeSpan.Zero && a.ContentType == "application/problem+json", $"{a.Address}: 503 without Retry-After or problem+json"));
            Assert.NotEmpty(refused);
            Assert.NotEmpty(duringOutage);
            Assert.All(duringOutage, h => Assert.Equal(503, h.Status));
            Assert.Equal(acceptedAnswers.Count, stored);
            Assert.All(emails, e => Assert.True(e.Value == 1, $"{e.Key}: {e.Value} emails"));
        }
        finally
        {
            await storageHost.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    [Fact]
    public async Task Through_a_window_of_failing_queue_puts_every_accepted_signup_is_emailed_exactly_once_by_the_outbox_sweep()
    {
        var faults = new StorageFaults();
        await using var site = await CemSite.StartAsync(
            azurite,
            settings =>
            {
                // In Azure the sweep runs every minute after two minutes' grace; here each second after one.
                settings["MessageOutboxSchedule"] = "*/1 * * * * *";
                settings["Cem:MessageOutbox:GracePeriod"] = "00:00:01";
            },
            services => StorageFaults.Install(services, faults));
        var storage = site.Services.GetRequiredService<CemStorage>();
        var index = storage.Table(StorageNames.PendingMessagesTable);
        async Task<int> PendingAsync()
        {
            var count = 0;
            await foreach (var _ in index.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == MessageOutbox.IndexPartition, select: ["RowKey"]))
            {
                count++;
            }

            return count;
        }

        async Task<Dictionary<string, int>> EmailsAsync(IEnumerable<string> addresses)
        {
            var outbox = await site.Outbox.ListAsync(10_000, CancellationToken.None);
            return addresses.ToDictionary(a => a, a => outbox.Count(e => e.To.Contains(a, StringComparison.Ordinal)));
        }

        // The window: every queue put fails, the sign-ups' own and the sweep's, while four clients post sign-ups.
        faults.Failing = StorageFaults.QueuePut;
        var window = Stopwatch.StartNew();
        var answers = new ConcurrentBag<(string Address, int Status, string? Id)>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async client =>
        {
            for (var i = 0; i < 6; i++)
            {
                var n = client * 6 + i;
                var address = $"outbox{n}@sea{client}.gov";
                using var response = await site.Http.PostAsJsonAsync("/api/signups", CemSite.SignupBody(Jurisdictions[n % Jurisdictions.Length], address));
                var body = await response.Content.ReadAsStringAsync();
                answers.Add((address, (int)response.StatusCode, response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetString() : null));
            }
        }));
        var accepted = answers.Where(a => a.Status == 202).ToList();
        // The sweep tries each message at least once while the puts still fail.
        await TestDevHost.Eventually(() => Task.FromResult(faults.Failed >= accepted.Count * 2), "the sweep should try the puts while they fail");
        var pendingAtRecovery = await PendingAsync();
        var emailedInWindow = (await EmailsAsync(accepted.Select(a => a.Address))).Values.Sum();
        var failedPuts = faults.Failed;
        var windowLength = window.Elapsed;

        faults.Failing = null;
        var recovery = Stopwatch.StartNew();
        await TestDevHost.Eventually(async () => (await EmailsAsync(accepted.Select(a => a.Address))).Values.All(c => c >= 1), "every accepted sign-up should be emailed once the puts work");
        var allSent = recovery.Elapsed;
        await site.InvokedAgainAsync("SweepMessageOutbox", 2);
        await site.SettledAsync();

        var emails = await EmailsAsync(accepted.Select(a => a.Address));
        var store = site.Services.GetRequiredService<SignupStore>();
        var stored = 0;
        foreach (var a in accepted)
        {
            stored += SignupId.TryParse(a.Id, out var id) && await store.FindAsync(id, CancellationToken.None) is not null ? 1 : 0;
        }

        var pendingAfter = await PendingAsync();
        var sweptPuts = site.Logs.Messages
            .Select(m => System.Text.RegularExpressions.Regex.Match(m, @"^Outbox sweep put (\d+) message"))
            .Where(m => m.Success)
            .Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Report(
            "Queue puts fail for a window while sign-ups arrive (4 clients), then work again",
            ("requests", answers.Count),
            ("accepted (202) / anything else", $"{accepted.Count} / {answers.Count - accepted.Count}"),
            ("accepted sign-ups stored (committed)", stored),
            ("failure window (s)", windowLength.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
            ("queue puts failed (sign-ups' and sweep's)", failedPuts),
            ("messages lost at the put (in the outbox)", pendingAtRecovery),
            ("emails sent during the window", emailedInWindow),
            ("messages put by the sweep after recovery", sweptPuts),
            ("messages left in the outbox", pendingAfter),
            ("emails expected", accepted.Count),
            ("emails sent", emails.Values.Sum()),
            ("emails duplicated", emails.Values.Sum(c => Math.Max(0, c - 1))),
            ("emails lost", emails.Values.Count(c => c == 0)),
            ("time from recovery to all sent (s)", allSent.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
            ("load average (1, 5, 15 min)", File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "-"));

        Assert.Equal(answers.Count, accepted.Count);
        Assert.Equal(accepted.Count, stored);
        Assert.Equal(accepted.Count, pendingAtRecovery); // every message was lost at its put: the outbox holds each
        Assert.Equal(0, emailedInWindow);
        Assert.All(emails, e => Assert.True(e.Value == 1, $"{e.Key}: {e.Value} emails"));
        Assert.Equal(0, pendingAfter);
    }

    [Fact]
    public async Task The_same_message_delivered_many_times_to_two_workers_at_once_sends_one_email()
    {
        using var sendGrid = WireMockServer.Start();
        // Slow enough that the copies overlap: each worker holds a send while the others arrive.
        sendGrid.Given(WireRequest.Create().WithPath(MailSend).UsingPost()).RespondWith(Response.Create().WithStatusCode(202).WithDelay(300));
        await using var first = await CemSite.StartAsync(azurite, SendGridAt(sendGrid));
        var prefix = first.Host.Configuration[StorageNames.PrefixSetting];
        await using var second = await CemSite.StartAsync(azurite, settings =>
        {
            SendGridAt(sendGrid)(settings);
            settings[StorageNames.PrefixSetting] = prefix; // the same queues and tables: a second worker of the same app
            settings["Cem:Links:CurrentKey"] = first.Host.Configuration["Cem:Links:CurrentKey"]; // and the same settings, so the same keyed hashes
        });

        var queue = first.Host.Services.GetRequiredService<CemStorage>().Queue(StorageNames.SignupReceivedQueue);
        var addresses = Enumerable.Range(0, 8).Select(i => $"twice{i}@sea{i}.gov").ToList();
        const int Copies = 4;
        foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
        {
            var id = await first.SignUpAsync(CemSite.SignupBody(Jurisdictions[i], address)); // the first copy
            var message = JsonSerializer.Serialize(new SignupMessage(StorageNames.SignupReceivedQueue, id), JsonSerializerOptions.Web);
            await Task.WhenAll(Enumerable.Range(1, Copies - 1).Select(_ => queue.SendMessageAsync(message)));
        }

        await first.SettledAsync();
        var perAddress = AcceptedPerAddress(sendGrid, addresses);
        int Handled(CemSite site) => site.Logs.Messages.Count(m => m.StartsWith("Executed 'Functions.SendSignupReceivedEmail' (Succeeded", StringComparison.Ordinal));
        int PutBack(CemSite site) => site.Logs.Messages.Count(m => m.Contains("failed (EmailInProgressException); retry", StringComparison.Ordinal));
        Report(
            "The same message delivered 4 times to two workers at once",
            ("sign-ups", addresses.Count),
            ("messages delivered", addresses.Count * Copies),
            ("deliveries handled: worker 1 / worker 2", $"{Handled(first)} / {Handled(second)}"),
            ("put back while another delivery was sending", PutBack(first) + PutBack(second)),
            ("emails expected", addresses.Count),
            ("emails sent", perAddress.Values.Sum()),
            ("emails duplicated", perAddress.Values.Sum(c => Math.Max(0, c - 1))));

        Assert.True(Handled(first) > 0 && Handled(second) > 0, "both workers should handle messages");
        Assert.All(perAddress, p => Assert.True(p.Value == 1, $"{p.Key}: {p.Value} emails"));
    }

    private sealed record Answer(string Address, TimeSpan Start, TimeSpan End, int Status, TimeSpan? RetryAfter, string? ContentType, string? Id);
}
