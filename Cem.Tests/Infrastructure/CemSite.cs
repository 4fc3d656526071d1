using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cem.Core.Email;
using Cem.Core.Storage;
using Cem.DevHost;
using Cem.Tests.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cem.Tests.Infrastructure;

/// <summary>
/// The app running in the DevHost against the shared Azurite, with its own storage prefix and
/// outbox folder, and the moves a person makes: post a form, read an email, follow a link.
/// </summary>
public sealed partial class CemSite : IAsyncDisposable
{
    public const string StaffA = "staff.a@cem.test";
    public const string StaffB = "staff.b@cem.test";

    private CemSite(DevHostApp host, RecordingLoggerProvider logs, string outboxFolder)
    {
        Host = host;
        Logs = logs;
        OutboxFolder = outboxFolder;
        Outbox = new Outbox(Options.Create(new EmailOptions { OutboxPath = outboxFolder }));
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public DevHostApp Host { get; }

    /// <summary>Every log line of the host and the functions, among them the host's "Executed 'Functions.X'" lines.</summary>
    public RecordingLoggerProvider Logs { get; }

    public HttpClient Http { get; }

    public string OutboxFolder { get; }

    public Outbox Outbox { get; }

    /// <param name="services">Replaces services of the composition, e.g. a <see cref="ShiftedTime"/>.</param>
    public static async Task<CemSite> StartAsync(AzuriteFixture azurite, Action<IDictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var outbox = Path.Combine(Path.GetTempPath(), "cem-e2e-outbox-" + Guid.NewGuid().ToString("n"));
        var (host, logs) = await TestDevHost.StartAsync(azurite, settings =>
        {
            // Tests sign many states up from one address and one client; the limits' own tests set them low.
            settings["Cem:Signups:RateLimit"] = "1000";
            settings["Cem:Signups:MaxUnconfirmedPerAddress"] = "100";
            settings["Cem:Email:OutboxPath"] = outbox;
            settings["Cem:StaffEmails"] = $"{StaffA}, {StaffB}";
            // A message put back for a later retry (a duplicate delivery finding the email claimed) comes back in
            // well under a second rather than a minute, so SettledAsync does not wait for it.
            settings["Cem:Email:FirstRetryDelay"] = "00:00:00.100";
            settings["Cem:Email:MaxRetryDelay"] = "00:00:00.500";
            configure?.Invoke(settings);
        }, services);
        return new CemSite(host, logs, outbox);
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
        return new HttpClient(handler) { BaseAddress = Host.BaseAddress };
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
        var storage = Host.Services.GetRequiredService<CemStorage>();
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
        await Host.DisposeAsync();
        if (Directory.Exists(OutboxFolder))
        {
            Directory.Delete(OutboxFolder, recursive: true);
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
