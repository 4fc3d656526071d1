using System.Net;
using System.Net.Http.Json;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Cem.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using static Cem.Tests.OpenApi.OpenApiDescription;

namespace Cem.Tests.StaffConsole;

/// <summary>Queue lengths and poison-queue replays in the staff console, through the DevHost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueReplayTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_staff_member_replays_a_poison_message_from_the_console_and_it_is_handled()
    {
        await using var site = await CemSite.StartAsync(azurite);
        var storage = site.Services.GetRequiredService<CemStorage>();

        // A confirmed sign-up whose approval-request message failed every try and sits in the poison queue.
        var now = DateTimeOffset.UtcNow;
        var signup = new Signup
        {
            PartitionKey = "GA", RowKey = Ulid.NewUlid(now).ToString(), Status = SignupStatus.AwaitingApproval, OrganizationName = "Georgia DOE",
            OrganizationType = "sea", ContactName = "Pat Smith", ContactTitle = "Director", Email = "pat@doe.k12.ga.us", SubmittedAt = now, AddressConfirmedAt = now,
        };
        await storage.Table(StorageNames.SignupsTable).AddEntityAsync(signup);
        await storage.SendAsync(StorageNames.SignupConfirmedQueue + "-poison", new SignupMessage(StorageNames.SignupConfirmedQueue, signup.Id.ToString()), CancellationToken.None);

        using var staff = await site.SignedInClientAsync(CemSite.StaffA);
        var console = await PageAsync(staff, "/staff");
        Assert.Contains("action=\"/api/staff/queues/signup-confirmed/replay\"", console, StringComparison.Ordinal);

        // Not from another site, not without a staff session, not for a queue that is not the app's.
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/staff/queues/signup-confirmed/replay") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) })
        {
            crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
            using var refused = await staff.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var anonymous = await site.NewClient().PostAsJsonAsync("/api/staff/queues/signup-confirmed/replay", new { }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            await AssertDescribedAsync(anonymous, "post", "/api/staff/queues/{queue}/replay");
        }

        using (var unknown = await staff.PostAsJsonAsync("/api/staff/queues/signup-confirmed-poison/replay", new { }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            await AssertDescribedAsync(unknown, "post", "/api/staff/queues/{queue}/replay");
        }

        Assert.Equal(1, (await storage.Queue(StorageNames.SignupConfirmedQueue + "-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount);

        using (var replay = new HttpRequestMessage(HttpMethod.Post, "/api/staff/queues/signup-confirmed/replay") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) })
        {
            replay.Headers.Add("Sec-Fetch-Site", "same-origin");
            replay.Headers.Accept.ParseAdd("text/html");
            using var replayed = await staff.SendAsync(replay);
            Assert.Equal(HttpStatusCode.SeeOther, replayed.StatusCode);
            await AssertDescribedAsync(replayed, "post", "/api/staff/queues/{queue}/replay");
        }

        // Handled: the approval request goes out, and the console records who replayed what.
        Assert.Contains("Georgia DOE", Assert.Single(await site.EmailsAsync(CemSite.StaffA, "Please review")).Subject, StringComparison.Ordinal);
        await site.SettledAsync();
        console = await PageAsync(staff, "/staff");
        Assert.Contains($"{CemSite.StaffA} replayed 1 message of signup-confirmed", console, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/api/staff/queues/signup-confirmed/replay\"", console, StringComparison.Ordinal);

        using var json = await staff.PostAsJsonAsync("/api/staff/queues/signup-confirmed/replay", new { });
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(0, (await AssertDescribedAsync(json, "post", "/api/staff/queues/{queue}/replay"))!.Value.GetProperty("replayed").GetInt32());
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
