using System.Text.Json;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireRequest = WireMock.RequestBuilders.Request;

namespace Cem.Tests.Email;

/// <summary>Queue delivery through the DevHost: redelivery, retries through SendGrid failures, poison.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_queue_message_delivered_twice_sends_one_email()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var id = await site.SignUpAsync(CemSite.SignupBody("ME", "kim@maine.gov"));
        Assert.Single(await site.EmailsAsync("kim@maine.gov", "We received your sign-up"));

        var queue = site.Services.GetRequiredService<CemStorage>().Queue(StorageNames.SignupReceivedQueue);
        var message = JsonSerializer.Serialize(new SignupMessage(StorageNames.SignupReceivedQueue, id), JsonSerializerOptions.Web);
        await queue.SendMessageAsync(message);
        await queue.SendMessageAsync(message);
        await TestDevHost.Eventually(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the redelivered messages should be processed");

        Assert.Single(await site.EmailsAsync("kim@maine.gov", "We received your sign-up"));
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // no staff addresses
    public async Task A_message_that_always_fails_ends_in_the_poison_queue()
    {
        // No staff configured: the approval request cannot be sent, however often it is tried.
        await using var site = await CemSite.StartAsync(azurite, settings => settings["Cem:StaffEmails"] = "");
        var id = await site.SignUpAsync(CemSite.SignupBody("NH", "max@doe.nh.gov"));
        var received = Assert.Single(await site.EmailsAsync("max@doe.nh.gov", "We received your sign-up"));
        using (await site.PressAsync("/api/signups/confirm", new Dictionary<string, string> { ["token"] = CemSite.TokenOf(CemSite.LinkIn(received, "/signups/confirm")) }))
        {
        }

        var poison = site.Services.GetRequiredService<CemStorage>().Queue(StorageNames.SignupConfirmedQueue + "-poison");
        await TestDevHost.Eventually(async () => (await poison.PeekMessagesAsync()).Value.Length == 1, "the message should reach the poison queue");

        var poisoned = (await poison.PeekMessagesAsync()).Value.Single();
        Assert.Contains(id, poisoned.Body.ToString(), StringComparison.Ordinal);
        Assert.Equal("awaiting-approval", await site.StatusOfAsync(id));
    }

    [Fact]
    [Trait(RemoteHost.Trait, RemoteHost.Controlled)] // points the host at a fake SendGrid
    public async Task SendGrid_failures_are_retried_by_the_queue_and_the_email_is_sent_once()
    {
        using var sendGrid = WireMockServer.Start();
        var calls = 0;
        sendGrid.Given(WireRequest.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => new WireMock.ResponseMessage
            {
                // Four failures: the sender's own retry (1) fails twice per delivery, so the message must be retried later.
                StatusCode = Interlocked.Increment(ref calls) <= 4 ? 500 : 202,
            }));

        await using var site = await CemSite.StartAsync(azurite, settings =>
        {
            settings["Cem:Email:SendGridApiKey"] = "SG.test-key";
            settings["Cem:Email:SendGridBaseUrl"] = sendGrid.Url;
            settings["Cem:Email:MaxRetries"] = "1";
            settings["Cem:Email:BaseDelay"] = "00:00:00.010";
            settings["Cem:Email:FirstRetryDelay"] = "00:00:00.100";
            settings["Cem:Email:MaxRetryDelay"] = "00:00:00.200";
        });
        await site.SignUpAsync(CemSite.SignupBody("RI", "ana@ride.ri.gov"));

        await TestDevHost.Eventually(() => Task.FromResult(Volatile.Read(ref calls) >= 5), "SendGrid should finally accept the email");
        await site.SettledAsync(); // the accepted delivery has finished: no further attempt is coming

        var requests = sendGrid.LogEntries.Where(e => e.RequestMessage.Path == "/v3/mail/send").ToList();
        Assert.Equal(5, requests.Count);
        Assert.Single(requests, r => r.ResponseMessage.StatusCode is 202);
        Assert.All(requests, r => Assert.Contains("ana@ride.ri.gov", r.RequestMessage.Body, StringComparison.Ordinal));
        Assert.Contains("/signups/confirm?token=", requests.Last().RequestMessage.Body, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(site.OutboxFolder) ? Directory.GetFiles(site.OutboxFolder) : []);
    }
}
