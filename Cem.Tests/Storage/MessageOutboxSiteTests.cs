using Azure.Data.Tables;
using Cem.Core.Storage;
using Cem.Tests.DevHost;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cem.Tests.Storage;

/// <summary>The outbox sweep as the DevHost runs it: a timer from functions.metadata, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
[Trait(RemoteHost.Trait, RemoteHost.Controlled)] // makes the host's queue puts fail
public sealed class MessageOutboxSiteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_signup_whose_queue_put_failed_is_emailed_exactly_once_by_the_sweep_timer()
    {
        var faults = new StorageFaults();
        await using var site = await CemSite.StartAsync(
            azurite,
            settings =>
            {
                settings["MessageOutboxSchedule"] = "*/1 * * * * *";
                settings["Cem:MessageOutbox:GracePeriod"] = "00:00:01";
            },
            services => StorageFaults.Install(services, faults));
        const string address = "outbox.test@education.ohio.gov";

        faults.Failing = StorageFaults.QueuePut;
        await site.SignUpAsync(CemSite.SignupBody("OH", address)); // 202: the sign-up is stored though its message is not on the queue
        await TestDevHost.Eventually(() => Task.FromResult(faults.Failed >= 3), "expected the sweep to try the put while it fails");
        Assert.DoesNotContain(await site.Outbox.ListAsync(50, CancellationToken.None), e => e.To.Contains(address, StringComparison.OrdinalIgnoreCase));

        faults.Failing = null;
        await site.EmailsAsync(address, "We received your sign-up");

        await site.InvokedAgainAsync("SweepMessageOutbox", 2);
        await site.SettledAsync();
        Assert.Single(await site.Outbox.ListAsync(50, CancellationToken.None), e => e.To.Contains(address, StringComparison.OrdinalIgnoreCase));
        var storage = site.Services.GetRequiredService<CemStorage>();
        Assert.Empty(await Rows(storage.Table(StorageNames.SignupsTable), "OH", MessageOutbox.RowPrefix));
        Assert.Empty(await Rows(storage.Table(StorageNames.PendingMessagesTable), MessageOutbox.IndexPartition, ""));
    }

    private static async Task<List<string>> Rows(TableClient table, string partition, string prefix)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"]))
        {
            if (row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add(row.RowKey);
            }
        }

        return keys;
    }
}
