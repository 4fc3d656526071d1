using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Cem.Azurite;
using Cem.Core.Email;
using Cem.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Cem.Tests.DevHost;

/// <summary>
/// The DevHost runs a function app in-process against Azurite: here the test function app (Cem.Tests.Functions), whose
/// real functions.metadata the Worker SDK generates, with probes that exercise HTTP, queues and timers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_http_function_answers_on_its_route_and_method_with_camelCase_json()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync(new Uri("api/ping", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.True(body.RootElement.TryGetProperty("checkedAt", out _));
    }

    [Fact]
    public async Task Unknown_routes_are_404_and_other_methods_are_405()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        using var unknown = await client.GetAsync(new Uri("api/nothing-here", UriKind.Relative));
        using var wrongMethod = await client.DeleteAsync(new Uri("api/ping", UriKind.Relative));
        using var failedConstraint = await client.PostAsync(new Uri("api/diagnostics/queue-probes/abc?code=" + host.FunctionKey, UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, failedConstraint.StatusCode);
    }

    [Fact]
    public async Task Function_level_functions_need_the_key_in_the_header_or_the_code_query()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var route = new Uri("api/diagnostics/queue-probes/1", UriKind.Relative);

        using var withoutKey = await client.PostAsync(route, null);
        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, route) { Headers = { { "x-functions-key", host.FunctionKey + "x" } } };
        using var wrongKeyResponse = await client.SendAsync(wrongKey);
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, route) { Headers = { { "x-functions-key", host.FunctionKey } } };
        using var withHeaderResponse = await client.SendAsync(withHeader);
        using var withCode = await client.PostAsync(new Uri($"api/diagnostics/queue-probes/1?code={Uri.EscapeDataString(host.FunctionKey)}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal("application/problem+json", withoutKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKeyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withHeaderResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withCode.StatusCode);
    }

    [Fact]
    public async Task Route_values_bind_to_parameters_by_name_with_type_conversion()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", host.FunctionKey);

        using var response = await client.PostAsync(new Uri("api/diagnostics/queue-probes/3", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("probes").GetArrayLength());
    }

    [Fact]
    public async Task A_queue_message_is_processed_and_deleted()
    {
        var (host, logs) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", host.FunctionKey);
        var queue = Queue(host, "diagnostics");

        using var response = await client.PostAsync(new Uri("api/diagnostics/queue-probes/2", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();

        await TestDevHost.Eventually(
            () => Task.FromResult(logs.Messages.Count(m => m.StartsWith("Executed 'Functions.ReceiveQueueProbe' (Succeeded", StringComparison.Ordinal)) == 2),
            "The two probes were not processed.");
        await TestDevHost.Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "The processed messages were not deleted.");
        var poison = Queue(host, "diagnostics-poison");
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length > 0);
    }

    [Fact]
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_after_maxDequeueCount_tries()
    {
        var (host, logs) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        var queue = Queue(host, "diagnostics", QueueMessageEncoding.Base64);
        var poison = Queue(host, "diagnostics-poison", QueueMessageEncoding.Base64);
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("""{"id":"p1","sentAt":"2025-10-01T00:00:00Z","fail":true}""");

        await TestDevHost.Eventually(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, "The failing message did not reach the poison queue.");
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Contains("\"fail\":true", (await poison.PeekMessageAsync()).Value.Body.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, logs.Messages.Count(m => m.StartsWith("Executed 'Functions.ReceiveQueueProbe' (Failed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_the_poison_queue_without_running_the_function()
    {
        var (host, logs) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        var raw = Queue(host, "diagnostics", QueueMessageEncoding.None);
        var poison = Queue(host, "diagnostics-poison", QueueMessageEncoding.None);
        await raw.CreateIfNotExistsAsync();

        await raw.SendMessageAsync("{not base64!}");

        await TestDevHost.Eventually(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, "The non-base64 message was not poisoned.");
        Assert.Equal("{not base64!}", (await poison.PeekMessageAsync()).Value.MessageText);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("'Functions.ReceiveQueueProbe'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setting_expressions_in_trigger_properties_resolve_from_configuration()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        var prefix = host.Configuration["CemStoragePrefix"];

        Assert.Equal(prefix + "-diagnostics", host.Functions.Single(f => f.Name == "ReceiveQueueProbe").QueueName);
        Assert.Equal("0 0 0 1 1 *", host.Functions.Single(f => f.Name == "Heartbeat").Schedule);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["A"] = "one", ["B:C"] = "two" }).Build();
        Assert.Equal("one-x-two", BindingExpressions.Resolve("%A%-x-%B__C%", configuration));
        var missing = Assert.Throws<InvalidOperationException>(() => BindingExpressions.Resolve("%Missing%-queue", configuration));
        Assert.Contains("%Missing%", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_whose_setting_does_not_resolve_is_reported_in_error_and_does_not_run()
    {
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite, settings => settings["DiagnosticsHeartbeatSchedule"] = null);
        await using var _host = host;

        var heartbeat = host.Functions.Single(f => f.Name == "Heartbeat");

        Assert.False(heartbeat.CanRun);
        Assert.Contains("%DiagnosticsHeartbeatSchedule%", heartbeat.Error, StringComparison.Ordinal);
        Assert.Contains("Heartbeat", host.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_fires_on_a_per_second_schedule()
    {
        var (host, logs) = await TestDevHost.StartTestFunctionsAsync(azurite, settings => settings["DiagnosticsHeartbeatSchedule"] = "*/1 * * * * *");
        await using var _host = host;

        await TestDevHost.Eventually(
            () => Task.FromResult(logs.Messages.Any(m => m.StartsWith("Executed 'Functions.Heartbeat' (Succeeded", StringComparison.Ordinal))),
            "The heartbeat timer did not fire.");
        Assert.Contains(logs.Messages, m => m.StartsWith("Executing 'Functions.Heartbeat' (Reason='Timer fired at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_invocation_is_logged_like_the_functions_host_without_the_message_content()
    {
        var (host, logs) = await TestDevHost.StartTestFunctionsAsync(azurite);
        await using var _host = host;
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var queue = Queue(host, "diagnostics", QueueMessageEncoding.Base64);

        (await client.GetAsync(new Uri("api/ping", UriKind.Relative))).Dispose();
        await queue.SendMessageAsync("""{"id":"secret-looking-id-123","sentAt":"2025-10-01T00:00:00Z"}""");
        await TestDevHost.Eventually(
            () => Task.FromResult(logs.Messages.Any(m => m.StartsWith("Executed 'Functions.ReceiveQueueProbe' (Succeeded", StringComparison.Ordinal))),
            "The queue message was not processed.");

        Assert.Contains(logs.Messages, m => m.StartsWith("Executing 'Functions.Ping' (Reason='This function was programmatically called via the host APIs.', Id=", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.StartsWith("Executed 'Functions.Ping' (Succeeded, Id=", StringComparison.Ordinal) && m.EndsWith("ms)", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.StartsWith($"Executing 'Functions.ReceiveQueueProbe' (Reason='New queue message detected on '{queue.Name}'.', Id=", StringComparison.Ordinal));
        // The host logs ids and outcomes; the message body is the function's business (the probe itself logs its id).
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Host.", StringComparison.Ordinal) && e.Message.Contains("secret-looking-id-123", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Function.", StringComparison.Ordinal) && e.Message.Contains("secret-looking-id-123", StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_that_takes_a_FunctionContext_is_refused_by_name()
    {
        var invoker = new FunctionInvoker(NullLoggerFactory.Instance);
        var function = new FunctionDescriptor
        {
            Name = "NeedsContext",
            EntryPoint = "Cem.Tests.DevHost.WorkerOnly.Run",
            TriggerType = "timerTrigger",
            Kind = TriggerKind.Timer,
            Method = typeof(WorkerOnly).GetMethod(nameof(WorkerOnly.Run)),
            TriggerParameter = "timer",
            Schedule = "*/1 * * * * *",
        };

        var error = Assert.Throws<InvalidOperationException>(() => invoker.Prepare(function));

        Assert.Contains("NeedsContext", error.Message, StringComparison.Ordinal);
        Assert.Contains("FunctionContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_page_lists_emails_newest_first_and_shows_one_under_a_strict_policy()
    {
        var outbox = Directory.CreateTempSubdirectory("cem-outbox-").FullName;
        try
        {
            await WriteEmailAsync(outbox, "older.eml", "Older subject", new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero));
            await WriteEmailAsync(outbox, "newer.eml", "Newer subject", new DateTimeOffset(2025, 10, 2, 9, 0, 0, TimeSpan.Zero));
            var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite, settings => settings["Cem:Email:OutboxPath"] = outbox);
            await using var _host = host;
            using var client = new HttpClient { BaseAddress = host.BaseAddress };

            var list = await client.GetStringAsync(new Uri("dev/outbox", UriKind.Relative));
            using var email = await client.GetAsync(new Uri("dev/outbox/newer.eml", UriKind.Relative));
            using var html = await client.GetAsync(new Uri("dev/outbox/newer.eml/html", UriKind.Relative));
            using var raw = await client.GetAsync(new Uri("dev/outbox/newer.eml/raw", UriKind.Relative));
            using var traversal = await client.GetAsync(new Uri("dev/outbox/..%2F..%2Fetc%2Fpasswd", UriKind.Relative));
            using var notEml = await client.GetAsync(new Uri("dev/outbox/passwd", UriKind.Relative));

            Assert.True(list.IndexOf("Newer subject", StringComparison.Ordinal) < list.IndexOf("Older subject", StringComparison.Ordinal));
            Assert.Contains("href=\"/dev/outbox/newer.eml\"", list, StringComparison.Ordinal);
            Assert.Contains("someone@example.org", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, email.StatusCode);
            Assert.Contains("Plain text part", await email.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("<script>alert(1)</script>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var policy = html.Headers.GetValues("Content-Security-Policy").Single();
            Assert.StartsWith("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("sandbox allow-popups", policy, StringComparison.Ordinal);
            Assert.Contains("Subject: Newer subject", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, notEml.StatusCode);
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task A_relative_outbox_path_means_the_repository_root_for_the_outbox_page_and_the_app()
    {
        var relative = Path.Combine(".local", "test-outbox-" + Guid.NewGuid().ToString("n"));
        var (host, _) = await TestDevHost.StartTestFunctionsAsync(azurite, settings => settings["Cem:Email:OutboxPath"] = relative);
        await using var _host = host;

        var expected = Path.Combine(RepositoryRoot.Require(), relative);
        Assert.Equal(expected, host.OutboxFolder);
        Assert.Equal(expected, host.Services.GetRequiredService<Outbox>().DirectoryPath);
    }

    private static QueueClient Queue(DevHostApp host, string name, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(host.Configuration["AzureWebJobsStorage"], host.Configuration["CemStoragePrefix"] + "-" + name, new QueueClientOptions { MessageEncoding = encoding });

    private static async Task WriteEmailAsync(string folder, string file, string subject, DateTimeOffset date)
    {
        using var message = new MimeMessage { Subject = subject, Date = date };
        message.From.Add(new MailboxAddress("CEM", "cem@example.org"));
        message.To.Add(new MailboxAddress("Someone", "someone@example.org"));
        message.Body = new BodyBuilder { HtmlBody = "<p>HTML part</p><script>alert(1)</script>", TextBody = "Plain text part" }.ToMessageBody();
        await message.WriteToAsync(Path.Combine(folder, file));
    }
}

/// <summary>A function written against a worker-only feature, which the DevHost must refuse.</summary>
public static class WorkerOnly
{
    public static void Run(Microsoft.Azure.Functions.Worker.TimerInfo timer, Microsoft.Azure.Functions.Worker.FunctionContext context)
    {
    }
}
