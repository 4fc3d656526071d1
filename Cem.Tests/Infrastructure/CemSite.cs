using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cem.Core.Email;
using Cem.Core.Storage;
using Cem.DevHost;
using Cem.Tests.DevHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// The app running in the DevHost against the shared Azurite, with its own storage prefix and
/// outbox folder, and the moves a person makes: post a form, read an email, follow a link. With
/// <see cref="RemoteHost.BaseUrlVariable"/> set, the app already running there (see <see cref="RemoteHost"/>).
/// </summary>
public sealed partial class CemSite : IAsyncDisposable
{
    public const string StaffA = "staff.a@cem.test";
    public const string StaffB = "staff.b@cem.test";

    private readonly DevHostApp? _host;
    private readonly ServiceProvider? _twin;
    private readonly IDisposable? _turn;
    private readonly IConfiguration? _configuration;

    private CemSite(DevHostApp host, RecordingLoggerProvider logs, string outboxFolder)
    {
        _host = host;
        Logs = logs;
        OutboxFolder = outboxFolder;
        Outbox = new Outbox(Options.Create(new EmailOptions { OutboxPath = outboxFolder }));
        BaseAddress = host.BaseAddress;
        FunctionKey = host.FunctionKey;
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    private CemSite(Uri baseAddress, ServiceProvider twin, IConfiguration configuration, IDisposable turn)
    {
        _twin = twin;
        _configuration = configuration;
        _turn = turn;
        Logs = new RecordingLoggerProvider();
        OutboxFolder = configuration[OutboxSetting] ?? throw new InvalidOperationException($"The remote app's settings name no {OutboxSetting}.");
        Outbox = new Outbox(Options.Create(new EmailOptions { OutboxPath = OutboxFolder }));
        BaseAddress = baseAddress;
        // Core Tools does not check function keys locally; a configured DevHost key is used if there is one.
        FunctionKey = configuration["DEVHOST_FUNCTION_KEY"] ?? "not-checked-locally";
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    private const string OutboxSetting = "Cem:Email:OutboxPath";

    /// <summary>The DevHost this site runs in; a test that needs it cannot run against a remote host (<see cref="RemoteHost"/>).</summary>
    public DevHostApp Host => _host ?? throw new InvalidOperationException(
        $"This test controls the host, so it cannot run against {RemoteHost.BaseUrlVariable}: mark it [Trait(RemoteHost.Trait, RemoteHost.Controlled)].");

    /// <summary>The app's composition: the DevHost's, or for a remote host the same composition on its storage and keys.</summary>
    public IServiceProvider Services => _host?.Services ?? _twin!;

    /// <summary>The app's settings.</summary>
    public IConfiguration Configuration => _host?.Configuration ?? _configuration!;

    public Uri BaseAddress { get; }

    public string FunctionKey { get; }

    /// <summary>Every log line of the host and the functions, among them the host's "Executed 'Functions.X'" lines (none for a remote host).</summary>
    public RecordingLoggerProvider Logs { get; }

    public HttpClient Http { get; }

    public string OutboxFolder { get; }

    public Outbox Outbox { get; }

    /// <summary>
    /// Starts the app in a DevHost on the shared Azurite, with its own storage prefix and outbox; or, when
    /// <see cref="RemoteHost.BaseUrlVariable"/> is set, opens the app already running there (see <see cref="RemoteHost"/>).
    /// </summary>
    /// <param name="services">Replaces services of the composition, e.g. a <see cref="ShiftedTime"/> (DevHost only).</param>
    public static async Task<CemSite> StartAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var outbox = Path.Combine(Path.GetTempPath(), "cem-e2e-outbox-" + Guid.NewGuid().ToString("n"));
        var wanted = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [OutboxSetting] = outbox,
            ["Cem:StaffEmails"] = $"{StaffA}, {StaffB}",
            // Tests sign many states up from one address and one client; the limits' own tests set them low.
            ["Cem:Signups:RateLimit"] = "1000",
            ["Cem:Signups:MaxUnconfirmedPerAddress"] = "100",
            // A message put back for a later retry (a duplicate delivery finding the email claimed) comes back in
            // well under a second rather than a minute, so SettledAsync does not wait for it.
            ["Cem:Email:FirstRetryDelay"] = "00:00:00.100",
            ["Cem:Email:MaxRetryDelay"] = "00:00:00.500",
        };
        if (RemoteHost.BaseUrl is { } remote)
        {
            if (services is not null)
            {
                throw new InvalidOperationException($"A remote app's services cannot be replaced: mark the test [Trait(RemoteHost.Trait, RemoteHost.Controlled)].");
            }

            return await OpenRemoteAsync(remote, wanted, configure);
        }

        var (host, logs) = await TestDevHost.StartAsync(azurite, settings =>
        {
            foreach (var (key, value) in wanted)
            {
                settings[key] = value;
            }

            configure?.Invoke(settings);
        }, services);
        return new CemSite(host, logs, outbox);
    }

    private static async Task<CemSite> OpenRemoteAsync(Uri baseAddress, Dictionary<string, string?> wanted, Action<IDictionary<string, string?>>? configure)
    {
        var settings = new Dictionary<string, string?>(RemoteHost.Settings(), StringComparer.OrdinalIgnoreCase);

        // The remote app runs with the settings the tests expect, or the test must be marked as controlling the host.
        wanted.Remove(OutboxSetting);
        var asked = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in wanted)
        {
            asked[key] = value;
        }

        configure?.Invoke(asked);
        var different = asked.Where(kv => !settings.TryGetValue(kv.Key, out var value) || value != kv.Value).Select(kv => kv.Key).ToList();
        if (different.Count > 0)
        {
            throw new InvalidOperationException(
                $"The remote app does not run with {string.Join(", ", different)} as this test needs: mark the test [Trait(RemoteHost.Trait, RemoteHost.Controlled)] or change the remote app's settings.");
        }

        var turn = await RemoteHost.TakeTurnAsync();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var twin = RemoteHost.Twin(settings);
            await RemoteHost.WipeAsync(twin.GetRequiredService<CemStorage>(), configuration["AzureWebJobsStorage"] ?? "");
            var site = new CemSite(baseAddress, twin, configuration, turn);
            if (Directory.Exists(site.OutboxFolder))
            {
                foreach (var file in Directory.EnumerateFiles(site.OutboxFolder))
                {
                    File.Delete(file);
                }
            }

            return site;
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A client whose connections come from <paramref name="loopbackAddress"/> (any 127.x.y.z on Linux): how a test is
    /// a different client, since the DevHost, like Azure, takes the client's address from the connection.
    /// </summary>
    public HttpClient ClientFrom(string loopbackAddress, bool useCookies = true)
    {
        var from = System.Net.IPAddress.Parse(loopbackAddress);
        var handler = new SocketsHttpHandler
        {
            UseCookies = useCookies,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(from.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public static object SignupBody(string jurisdiction = "OH", string email = "pat.smith@education.ohio.gov") => new
    {
        jurisdiction,
        organizationName = "Ohio Department of Education",
        organizationType = "sea",
        contactName = "Pat Smith",
        contactTitle = "Director of Digital Learning",
        email,
        phone = "614-555-0100",
        activities = new[] { "press-release", "own-cem" },
        consent = true,
    };

    public async Task<string> SignUpAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("/api/signups", body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Waits until exactly <paramref name="count"/> emails to <paramref name="to"/> whose subject contains the text have arrived.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> EmailsAsync(string to, string subjectContains, int count = 1)
    {
        List<OutboxEntry> matching = [];
        await TestDevHost.Eventually(async () =>
        {
            matching = (await Outbox.ListAsync(500, CancellationToken.None))
                .Where(e => e.To.Contains(to, StringComparison.OrdinalIgnoreCase) && e.Subject.Contains(subjectContains, StringComparison.Ordinal))
                .ToList();
            return matching.Count >= count;
        }, $"expected {count} email(s) to {to} about '{subjectContains}'");

        var messages = new List<OutboxMessage>();
        foreach (var entry in matching)
        {
            messages.Add((await Outbox.ReadAsync(entry.FileName, CancellationToken.None))!);
        }

        return messages;
    }

    /// <summary>The link in an email whose path starts with <paramref name="path"/>, made relative to this host.</summary>
    public static string LinkIn(OutboxMessage email, string path)
    {
        var link = LinkPattern().Matches(email.Text ?? "").Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath == path)
            ?? throw new InvalidOperationException($"No {path} link in '{email.Subject}'.");
        return link.PathAndQuery;
    }

    public static string TokenOf(string link) => Uri.UnescapeDataString(Regex.Match(link, "token=([^&]+)").Groups[1].Value);

    public async Task<HttpResponseMessage> GetPageAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        return await Http.SendAsync(request);
    }

    /// <summary>Presses a page's button: a form post, as the browser sends it.</summary>
    public async Task<HttpResponseMessage> PressAsync(string action, IDictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        return await Http.SendAsync(request);
    }

    public async Task<string> StatusOfAsync(string signupId)
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"/api/signups/{signupId}"));
        return json.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>
    /// Waits until every queue of the app is empty: each message has been handled and deleted (a message being
    /// handled still counts). Negative checks ("no second email") wait for this, never for a fixed time.
    /// </summary>
    public async Task SettledAsync()
    {
        var storage = Services.GetRequiredService<CemStorage>();
        await TestDevHost.Eventually(async () =>
        {
            foreach (var queue in StorageNames.Queues)
            {
                if ((await storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
                {
                    return false;
                }
            }

            return true;
        }, "expected every queue to be empty");
    }

    /// <summary>
    /// Waits until <paramref name="function"/> has finished <paramref name="count"/> more invocations than it had when
    /// called (succeeded or failed, as the host logs them): for a timer, "the next runs have happened".
    /// </summary>
    public async Task InvokedAgainAsync(string function, int count)
    {
        var prefix = $"Executed 'Functions.{function}' (";
        int Finished() => Logs.Messages.Count(m => m.StartsWith(prefix, StringComparison.Ordinal));
        var target = Finished() + count;
        await TestDevHost.Eventually(() => Task.FromResult(Finished() >= target), $"expected {function} to run {count} more time(s)");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
            if (Directory.Exists(OutboxFolder))
            {
                Directory.Delete(OutboxFolder, recursive: true);
            }
        }

        if (_twin is not null)
        {
            await _twin.DisposeAsync();
        }

        _turn?.Dispose();
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
