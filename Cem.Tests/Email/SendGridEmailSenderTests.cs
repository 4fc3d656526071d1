using System.Globalization;
using System.Net;
using System.Text.Json;
using Cem.Core.Email;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Cem.Tests.Email;

/// <summary>
/// The SendGrid sender through the real composition (<see cref="EmailServiceCollectionExtensions.AddCemEmail"/>:
/// typed HttpClient, Polly handlers) against WireMock.Net, a local HTTP server that records requests.
/// </summary>
public sealed class SendGridEmailSenderTests : IDisposable
{
    private const string ApiKey = "SG.test-key";
    private const string MailSend = "/v3/mail/send";
    private const string Recipient = "ada@education.ohio.gov";

    private readonly WireMockServer server = WireMockServer.Start();
    private readonly RecordingLoggerProvider logs = new();

    // Mid-second on purpose: X-RateLimit-Reset has whole-second resolution, so a reset at the next
    // whole second asks for a known, short wait (50 ms).
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 18, 14, 59, 950, TimeSpan.Zero));

    private readonly EmailMessage message = new(Recipient, "We received your sign-up for Ohio", "<p>Hello</p>", "Hello");

    public void Dispose() => server.Stop();

    private ServiceProvider Services(int maxRetries = 3, string attemptTimeout = "00:00:30", string maxRateLimitWait = "00:00:05")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cem:Email:SendGridApiKey"] = ApiKey,
            ["Cem:Email:SendGridBaseUrl"] = server.Url,
            ["Cem:Email:FromAddress"] = "cem@example.org",
            ["Cem:Email:FromName"] = "Connected Educator Month",
            ["Cem:Email:MaxRetries"] = maxRetries.ToString(CultureInfo.InvariantCulture),
            ["Cem:Email:BaseDelay"] = "00:00:00.010",
            ["Cem:Email:AttemptTimeout"] = attemptTimeout,
            ["Cem:Email:MaxRateLimitWait"] = maxRateLimitWait,
        }).Build();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(time); // registered first, so AddCemEmail keeps it
        services.AddCemEmail(configuration);

        // Not validated on build: IMailer needs CemStorage from AddCem, which these tests do not use
        // (MailerTests builds the whole AddCem composition with validation).
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private void Respond(int status) =>
        server.Given(Request.Create().WithPath(MailSend).UsingPost()).RespondWith(Response.Create().WithStatusCode(status));

    private int MailSendRequests => server.LogEntries.Count(e => e.RequestMessage.Path == MailSend);

    [Fact]
    public void A_zero_attempt_timeout_is_refused_at_start_up()
    {
        using var services = Services(attemptTimeout: "00:00:00");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains(nameof(EmailOptions.AttemptTimeout), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_api_key_chooses_sendgrid()
    {
        using var services = Services();

        Assert.IsType<SendGridEmailSender>(services.GetRequiredService<ConfiguredEmailSender>().Resolve());
    }

    [Fact]
    public async Task A_send_posts_the_v3_mail_send_request_with_bearer_key_and_both_parts()
    {
        Respond(202);
        using var services = Services();

        await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        var request = Assert.Single(server.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal(MailSend, request.Path);
        Assert.Equal("Bearer " + ApiKey, Assert.Single(request.Headers!["Authorization"]));

        using var json = JsonDocument.Parse(request.Body!);
        var root = json.RootElement;
        var to = root.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.Equal(Recipient, to.GetProperty("email").GetString());
        Assert.Equal("cem@example.org", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Connected Educator Month", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("We received your sign-up for Ohio", root.GetProperty("subject").GetString());
        var content = root.GetProperty("content").EnumerateArray()
            .ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString());
        Assert.Equal("Hello", content["text/plain"]);
        Assert.Equal("<p>Hello</p>", content["text/html"]);
    }

    [Fact]
    public async Task A_send_turns_click_and_open_tracking_off()
    {
        Respond(202);
        using var services = Services();

        await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        using var json = JsonDocument.Parse(Assert.Single(server.LogEntries).RequestMessage.Body!);
        var tracking = json.RootElement.GetProperty("tracking_settings");
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable_text").GetBoolean());
        Assert.False(tracking.GetProperty("open_tracking").GetProperty("enable").GetBoolean());
    }

    [Fact]
    public async Task Rate_limited_request_waits_as_x_ratelimit_reset_says_then_succeeds()
    {
        var reset = time.GetUtcNow().AddMilliseconds(50).ToUnixTimeSeconds();
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("rate limit").WillSetStateTo("reset")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture)));
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("rate limit").WhenStateIs("reset")
            .RespondWith(Response.Create().WithStatusCode(202));
        using var services = Services();

        await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        Assert.Equal(2, MailSendRequests);
        var retry = Assert.Single(logs.Entries, e => e.Values.ContainsKey("Delay"));
        Assert.Equal(TimeSpan.FromMilliseconds(50), retry.Values["Delay"]);
        Assert.Equal(429, retry.Values["Outcome"]);
    }

    [Fact]
    public async Task Rate_limit_wait_is_capped_by_max_rate_limit_wait()
    {
        var reset = time.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("long rate limit").WillSetStateTo("reset")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture)));
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("long rate limit").WhenStateIs("reset")
            .RespondWith(Response.Create().WithStatusCode(202));
        using var services = Services(maxRateLimitWait: "00:00:00.100");

        await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        Assert.Equal(2, MailSendRequests);
        Assert.Equal(TimeSpan.FromMilliseconds(100), Assert.Single(logs.Entries, e => e.Values.ContainsKey("Delay")).Values["Delay"]);
    }

    [Fact]
    public async Task Server_errors_until_retries_run_out_throw_email_delivery_exception()
    {
        Respond(500);
        using var services = Services(maxRetries: 3);

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None));

        Assert.Equal(1 + 3, MailSendRequests);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.False(error.IsPermanent);
        Assert.DoesNotContain(Recipient, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried_and_throws()
    {
        Respond(400);
        using var services = Services(maxRetries: 3);

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None));

        Assert.Equal(1, MailSendRequests);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(error.IsPermanent);
    }

    [Fact]
    public async Task A_request_timeout_status_is_retried()
    {
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("408").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(408));
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .InScenario("408").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(202));
        using var services = Services();

        await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        Assert.Equal(2, MailSendRequests);
    }

    [Fact]
    public async Task A_slow_answer_times_out_each_try_then_throws_email_delivery_exception()
    {
        server.Given(Request.Create().WithPath(MailSend).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromSeconds(2)));
        using var services = Services(maxRetries: 1, attemptTimeout: "00:00:00.200");

        var error = await Assert.ThrowsAsync<EmailDeliveryException>(
            () => services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Single(logs.Entries, e => e.Values.ContainsKey("Delay"));
    }

    [Fact]
    public async Task No_log_entry_contains_the_recipient_address()
    {
        Respond(500);
        using var services = Services(maxRetries: 1);

        await Assert.ThrowsAsync<EmailDeliveryException>(
            () => services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None));

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Recipient, StringComparison.OrdinalIgnoreCase));
    }
}
