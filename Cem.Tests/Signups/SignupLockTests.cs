using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Signups;

/// <summary>The (address, jurisdiction) lock: a keyed hash, and the start-up step that gives every sign-up its keyed lock, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignupLockTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_lock_holds_a_keyed_hash_that_nobody_without_the_key_can_match_to_an_address()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var signup = NewSignup("OH", "Pat.Smith@education.ohio.gov", SignupStatus.PendingConfirmation);
        Assert.True(await harness.Get<SignupStore>().TryAddWithLockAsync(signup, CancellationToken.None));

        var lockRow = Assert.Single(await LocksAsync(harness));
        Assert.StartsWith("lock-address-", lockRow.RowKey, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256("pat.smith@education.ohio.gov"), lockRow.RowKey, StringComparison.Ordinal);
        Assert.Equal(signup.RowKey, (await harness.Get<SignupStore>().LockHolderAsync("OH", " pat.smith@EDUCATION.ohio.gov", CancellationToken.None))?.RowKey);
    }

    [Fact]
    public async Task Start_up_replaces_unkeyed_locks_and_locks_sign_ups_approved_before_locks_existed_once()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var table = harness.Storage.Table(StorageNames.SignupsTable);
        var approved = NewSignup("OH", "pat@education.ohio.gov", SignupStatus.Approved); // from before locks: no lock row
        var pending = NewSignup("TX", "lee@tea.texas.gov", SignupStatus.AwaitingApproval); // with an unkeyed lock
        var rejected = NewSignup("GA", "sam@doe.k12.ga.us", SignupStatus.Rejected); // holds no lock
        await table.AddEntityAsync(approved);
        await table.AddEntityAsync(pending);
        await table.AddEntityAsync(rejected);
        await table.AddEntityAsync(new TableEntity("TX", "lock-email-" + Sha256("lee@tea.texas.gov")) { ["SignupRowKey"] = pending.RowKey });
        var locks = harness.Get<SignupLocks>();

        Assert.Equal((2, 1), await locks.EnsureAsync(CancellationToken.None));
        Assert.Equal((0, 0), await locks.EnsureAsync(CancellationToken.None));

        var rows = await LocksAsync(harness);
        Assert.Equal(["OH", "TX"], rows.Select(r => r.PartitionKey).Order());
        Assert.All(rows, r => Assert.StartsWith("lock-address-", r.RowKey, StringComparison.Ordinal));
        var store = harness.Get<SignupStore>();
        Assert.Equal(approved.RowKey, (await store.LockHolderAsync("OH", "pat@education.ohio.gov", CancellationToken.None))?.RowKey);
        Assert.Equal(pending.RowKey, (await store.LockHolderAsync("TX", "lee@tea.texas.gov", CancellationToken.None))?.RowKey);

        // The approved address cannot take its jurisdiction a second time.
        var again = NewSignup("OH", "pat@education.ohio.gov", SignupStatus.PendingConfirmation);
        Assert.False(await store.TryAddWithLockAsync(again, CancellationToken.None));
    }

    private Signup NewSignup(string jurisdiction, string email, string status) => new()
    {
        PartitionKey = jurisdiction,
        RowKey = Ulid.NewUlid(time.GetUtcNow()).ToString(),
        Status = status,
        OrganizationName = "Department of Education",
        OrganizationType = "sea",
        ContactName = "Pat Smith",
        ContactTitle = "Director",
        Email = email,
        SubmittedAt = time.GetUtcNow(),
    };

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static async Task<List<TableEntity>> LocksAsync(CoreHarness harness)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in harness.Storage.Table(StorageNames.SignupsTable).QueryAsync<TableEntity>())
        {
            if (row.RowKey.StartsWith("lock-", StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}
