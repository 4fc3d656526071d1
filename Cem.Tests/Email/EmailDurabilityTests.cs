using Azure.Data.Tables;
using Cem.Core.Email;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireRequest = WireMock.RequestBuilders.Request;

namespace Cem.Tests.Email;

/// <summary>Email past SendGrid's in-process retries, through the DevHost: retried later, refused for good, given up.</summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // points the host at a fake SendGrid
public sealed class EmailDurabilityTests(AzuriteFixture azurite)
{
    private static Action<IDictionary<string, string?>> SendGridAt(WireMockServer sendGrid, string horizon = "00:10:00", string attemptTimeout = "00:00:30") => settings =>
    {
        settings["Cem:Email:SendGridApiKey"] = "SG.test-key";
        settings["Cem:Email:SendGridBaseUrl"] = sendGrid.Url;
        settings["Cem:Email:MaxRetries"] = "0";
        // Long by default: on a loaded machine a slow answer from the fake must not time out into a second, counted
        // send. The horizon test shortens it, as the claim lease derived from it must fit in the horizon.
        settings["Cem:Email:AttemptTimeout"] = attemptTimeout;
        settings["Cem:Email:FirstRetryDelay"] = "00:00:00.200";
        settings["Cem:Email:MaxRetryDelay"] = "00:00:00.500";
        settings["Cem:Email:RetryHorizon"] = horizon;
    };

    private static int MailSends(WireMockServer sendGrid) => sendGrid.LogEntries.Count(e => e.RequestMessage.Path == "/v3/mail/send");

    [Fact]
    public async Task A_message_failing_past_the_retry_horizon_goes_to_the_poison_queue_and_is_recorded()
    {
        using var sendGrid = WireMockServer.Start();
        sendGrid.Given(WireRequest.Create().WithPath("/v3/mail/send").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        await using var site = await CemSite.StartAsync(azurite, SendGridAt(sendGrid, horizon: "00:00:08", attemptTimeout: "00:00:02"));
        var id = await site.SignUpAsync(CemSite.SignupBody("VT", "lee@vermont.gov"));

        var storage = site.Services.GetRequiredService<CemStorage>();
        var poison = storage.Queue(StorageNames.SignupReceivedQueue + "-poison");
        await TestDevHost.Eventually(async () => (await poison.PeekMessagesAsync()).Value.Length == 1, "the message should reach the poison queue after the horizon");

        var poisoned = (await poison.PeekMessagesAsync()).Value.Single().Body.ToString();
        Assert.Contains(id, poisoned, StringComparison.Ordinal);
        Assert.Contains("\"failingSince\"", poisoned, StringComparison.Ordinal);
        Assert.True(MailSends(sendGrid) >= 3, $"expected several tries within the horizon, saw {MailSends(sendGrid)}");
        var failures = await site.Services.GetRequiredService<EmailFailureLog>().InMonthAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(EmailFailureKinds.GaveUp, Assert.Single(failures).Kind);
        Assert.DoesNotContain(site.Logs.Messages, m => m.Contains("lee@vermont.gov", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_address_SendGrid_refuses_is_not_retried_and_the_signup_shows_the_email_never_arrived()
    {
        using var sendGrid = WireMockServer.Start();
        sendGrid.Given(WireRequest.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to"}]}"""));
        await using var site = await CemSite.StartAsync(azurite, SendGridAt(sendGrid));
        var id = await site.SignUpAsync(CemSite.SignupBody("ND", "sam@nd.gov"));
        await site.SettledAsync();

        Assert.Equal(1, MailSends(sendGrid));
        var signup = await site.Services.GetRequiredService<SignupStore>().FindAsync(SignupId.TryParse(id, out var signupId) ? signupId : throw new FormatException(id), CancellationToken.None);
        Assert.Equal(SignupReceivedEmail.Template, signup!.UndeliveredEmail);
        var failure = Assert.Single(await site.Services.GetRequiredService<EmailFailureLog>().InMonthAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal((EmailFailureKinds.Rejected, 400, "signup/" + id), (failure.Kind, failure.StatusCode, failure.DedupeKey));
        var poison = site.Services.GetRequiredService<CemStorage>().Queue(StorageNames.SignupReceivedQueue + "-poison");
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
        Assert.DoesNotContain(site.Logs.Messages, m => m.Contains("sam@nd.gov", StringComparison.OrdinalIgnoreCase));
    }
}
