using System.Globalization;
using Azure.Data.Tables;
using Cem.Core.Approvals;
using Cem.Core.Links;
using Cem.Core.Metrics;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Signups;

/// <summary>The public list is a projection of the approved sign-ups: the same answer as reading them all, at a cost that does not grow with the rest.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicListTests(AzuriteFixture azurite)
{
    private static readonly string[] Codes = ["OH", "TX", "WY", "PR", "GU", "DC", "CA"];
    private static readonly string[] Waiting = [SignupStatus.PendingConfirmation, SignupStatus.AwaitingApproval, SignupStatus.Rejected];

    [Fact]
    public async Task The_public_list_equals_a_brute_force_list_of_the_approved_sign_ups_and_is_rebuilt_from_them_alike()
    {
        await using var harness = await StartAsync();
        var random = new Random(3);
        var awaiting = new List<Signup>();
        for (var i = 0; i < 40; i++)
        {
            var signup = await AddAsync(harness, Codes[random.Next(Codes.Length)], SignupStatus.AwaitingApproval, $"Organization {i}", $"contact{i}@example.org");
            awaiting.Add(signup);
            harness.Time.Advance(TimeSpan.FromMinutes(random.Next(0, 3)));
        }

        // Decided through the real transitions: some approved, some rejected, some left waiting.
        var approve = harness.Get<SignupDecision.Approve>();
        var reject = harness.Get<SignupDecision.Reject>();
        foreach (var signup in awaiting)
        {
            var roll = random.Next(3);
            if (roll < 2)
            {
                var result = await (roll == 0 ? (SignupDecision)approve : reject).ActAsAsync(signup.Id.ToString(), CoreHarness.Staff, LinkInput.None, CancellationToken.None);
                Assert.Equal(LinkOutcome.Done, result.Outcome);
            }

            harness.Time.Advance(TimeSpan.FromSeconds(random.Next(0, 2)));
        }

        var service = harness.Get<SignupService>();
        var expected = await BruteForceAsync(harness);
        Assert.InRange(expected.Count, 5, 35);
        Assert.Equal(expected, await service.ParticipatingStatesAsync(CancellationToken.None));

        // Existing data without a list (as before the list existed), and a row naming a sign-up that is not approved.
        var table = harness.Storage.Table(StorageNames.SignupsTable);
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == PublicList.Partition))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var rejected = awaiting.First(s => !expected.Any(e => e.OrganizationName == s.OrganizationName));
        await table.AddEntityAsync(ListedSignup.Of(rejected));
        Assert.NotEqual(expected, await service.ParticipatingStatesAsync(CancellationToken.None));

        var list = harness.Get<PublicList>();
        Assert.Equal(expected.Count + 1, await list.RebuildAsync(CancellationToken.None));
        Assert.Equal(expected, await service.ParticipatingStatesAsync(CancellationToken.None));
        Assert.Equal(0, await list.RebuildAsync(CancellationToken.None));
        Assert.Equal(expected, await service.ParticipatingStatesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_public_list_reads_only_its_own_partition_however_many_sign_ups_wait()
    {
        var probe = new StorageProbe();
        await using var harness = await StartAsync(probe);
        var table = harness.Storage.Table(StorageNames.SignupsTable);
        var now = harness.Time.GetUtcNow();
        foreach (var code in Codes)
        {
            // 60 sign-ups a jurisdiction that are not on the list, written in batches.
            var rows = Enumerable.Range(0, 60).Select(i => new Signup
            {
                PartitionKey = code,
                RowKey = Ulid.NewUlid(now.AddSeconds(i)).ToString(),
                Status = Waiting[i % Waiting.Length],
                OrganizationName = "Waiting " + i.ToString(CultureInfo.InvariantCulture),
                Email = $"w{i}@example.org",
                SubmittedAt = now,
            });
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }

        await AddAsync(harness, "OH", SignupStatus.Approved, "Ohio Department of Education");
        await AddAsync(harness, "TX", SignupStatus.Approved, "Texas Education Agency");
        probe.Clear();

        var states = await harness.Get<MetricsReports>().ParticipatingStatesAsync(CancellationToken.None);

        Assert.Equal(["Ohio Department of Education", "Texas Education Agency"], states.Select(s => s.State.OrganizationName));
        // The list's version (changed by the approvals), then its one partition: nothing else of the table.
        var signupRequests = probe.Requests.Where(r => r.Contains(StorageNames.SignupsTable, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, signupRequests.Count);
        Assert.Contains($"(PartitionKey='{PublicList.Partition}',RowKey='{PublicList.VersionRow}')", signupRequests[0], StringComparison.Ordinal);
        Assert.Contains($"$filter=PartitionKey eq '{PublicList.Partition}'", signupRequests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_list_costs_one_point_read_while_unchanged_and_is_read_again_after_each_change()
    {
        var probe = new StorageProbe();
        await using var harness = await StartAsync(probe);
        var list = harness.Get<PublicList>();
        await AddAsync(harness, "OH", SignupStatus.Approved, "Ohio Department of Education");
        var texas = await AddAsync(harness, "TX", SignupStatus.Approved, "Texas Education Agency");
        Assert.Equal(2, (await list.ReadCurrentAsync(CancellationToken.None)).Count);

        probe.Clear();
        Assert.Equal(["Ohio Department of Education", "Texas Education Agency"], Names(await list.ReadCurrentAsync(CancellationToken.None)));
        var request = Assert.Single(probe.Requests, r => r.Contains(StorageNames.SignupsTable, StringComparison.Ordinal));
        Assert.Contains($"(PartitionKey='{PublicList.Partition}',RowKey='{PublicList.VersionRow}')", request, StringComparison.Ordinal);

        // Listed, taken off, and a row of a sign-up no longer approved removed by a rebuild: each is seen at once.
        await AddAsync(harness, "WY", SignupStatus.Approved, "Wyoming Department of Education");
        Assert.Equal(["Ohio Department of Education", "Texas Education Agency", "Wyoming Department of Education"], Names(await list.ReadCurrentAsync(CancellationToken.None)));
        await list.RemoveAsync(texas.Id, CancellationToken.None);
        Assert.Equal(["Ohio Department of Education", "Wyoming Department of Education"], Names(await list.ReadCurrentAsync(CancellationToken.None)));

        var table = harness.Storage.Table(StorageNames.SignupsTable);
        var rejected = await AddAsync(harness, "CA", SignupStatus.Rejected, "California Department of Education");
        await table.AddEntityAsync(list.RowOf(rejected)); // a row written outside the list (as before it had a version)
        var before = await list.ReadCurrentAsync(CancellationToken.None);
        Assert.Equal(2, await list.RebuildAsync(CancellationToken.None)); // Texas is still approved, California is not
        Assert.Equal(["Ohio Department of Education", "Texas Education Agency", "Wyoming Department of Education"], Names(await list.ReadCurrentAsync(CancellationToken.None)));
        Assert.NotSame(before, await list.ReadCurrentAsync(CancellationToken.None));

        // The version row is no sign-up: not listed, and no reason to rebuild at start-up.
        Assert.DoesNotContain(await list.ReadAsync(CancellationToken.None), r => r.RowKey == PublicList.VersionRow);
        probe.Clear();
        await list.EnsureBuiltAsync(CancellationToken.None);
        Assert.Single(probe.Requests, r => r.Contains(StorageNames.SignupsTable, StringComparison.Ordinal));

        // A list from before the version row gets one at its first current read, and is then reused.
        await table.DeleteEntityAsync(PublicList.Partition, PublicList.VersionRow);
        Assert.Equal(3, (await list.ReadCurrentAsync(CancellationToken.None)).Count);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(PublicList.Partition, PublicList.VersionRow)).HasValue);
        probe.Clear();
        Assert.Equal(3, (await list.ReadCurrentAsync(CancellationToken.None)).Count);
        Assert.Single(probe.Requests, r => r.Contains(StorageNames.SignupsTable, StringComparison.Ordinal));
    }

    private static List<string> Names(IReadOnlyList<ListedSignup> rows) => [.. rows.Select(r => r.OrganizationName).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_deleted_sign_up_leaves_the_list_and_a_contact_speaks_only_for_listed_sign_ups()
    {
        await using var harness = await StartAsync();
        var ohio = await AddAsync(harness, "OH", SignupStatus.Approved, "Ohio Department of Education", "Pat@Example.org");
        await AddAsync(harness, "TX", SignupStatus.Approved, "Texas Education Agency", "pat@example.org ");
        await AddAsync(harness, "WY", SignupStatus.AwaitingApproval, "Wyoming Department of Education", "pat@example.org");
        var contacts = harness.Get<StateContacts>();
        Assert.Equal(["OH", "TX"], await contacts.JurisdictionsOfAsync(" PAT@example.org", CancellationToken.None));

        Assert.True(await harness.Get<SignupStore>().DeleteAsync((await harness.Get<SignupStore>().FindAsync(ohio.Id, CancellationToken.None))!, CancellationToken.None));

        Assert.Equal(["Texas Education Agency"], (await harness.Get<SignupService>().ParticipatingStatesAsync(CancellationToken.None)).Select(s => s.OrganizationName));
        Assert.Equal(["TX"], await contacts.JurisdictionsOfAsync("pat@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task A_listed_contact_hash_cannot_be_matched_against_a_guessed_address_and_rows_hashed_before_are_rewritten_at_start()
    {
        await using var harness = await StartAsync();
        const string address = "Pat@Example.org";
        var ohio = await AddAsync(harness, "OH", SignupStatus.Approved, "Ohio Department of Education", address);
        var table = harness.Storage.Table(StorageNames.SignupsTable);
        string[] guesses = [PlainSha256(address.ToUpperInvariant()), PlainSha256(address.ToLowerInvariant()), PlainSha256(address)];

        var row = (await table.GetEntityAsync<ListedSignup>(PublicList.Partition, ohio.Id.ToString())).Value;
        Assert.Matches("^[0-9a-f]{64}$", row.ContactHash);
        Assert.DoesNotContain(row.ContactHash, guesses);

        // A row as the list wrote it before its hash was keyed: plain SHA-256 of the upper-cased address, no key id.
        await table.UpsertEntityAsync(
            new TableEntity(PublicList.Partition, ohio.Id.ToString())
            {
                [nameof(ListedSignup.OrganizationName)] = row.OrganizationName,
                [nameof(ListedSignup.ConfirmedAt)] = row.ConfirmedAt,
                [nameof(ListedSignup.ContactHash)] = guesses[0],
            },
            TableUpdateMode.Replace);
        Assert.Empty(await harness.Get<StateContacts>().JurisdictionsOfAsync("pat@example.org", CancellationToken.None));

        await harness.Get<PublicList>().EnsureBuiltAsync(CancellationToken.None);

        var rewritten = (await table.GetEntityAsync<ListedSignup>(PublicList.Partition, ohio.Id.ToString())).Value;
        Assert.Equal(row.ContactHash, rewritten.ContactHash);
        Assert.NotNull(rewritten.ContactHashKey);
        Assert.Equal(["OH"], await harness.Get<StateContacts>().JurisdictionsOfAsync("pat@example.org", CancellationToken.None));
    }

    private static string PlainSha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private Task<CoreHarness> StartAsync(StorageProbe? probe = null) =>
        CoreHarness.StartAsync(
            azurite,
            new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero)),
            services: probe is null ? null : services => services.UseStorageProbe(probe));

    /// <summary>A sign-up stored directly with its address's lock; an approved one is listed as its decision lists it.</summary>
    private static async Task<Signup> AddAsync(CoreHarness harness, string code, string status, string organization, string email = "contact@example.org")
    {
        var now = harness.Time.GetUtcNow();
        var signup = new Signup
        {
            PartitionKey = code,
            RowKey = Ulid.NewUlid(now, System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)).ToString(),
            Status = status,
            OrganizationName = organization,
            OrganizationType = "sea",
            ContactName = "Pat Smith",
            ContactTitle = "Director",
            Email = email,
            SubmittedAt = now,
            AddressConfirmedAt = status == SignupStatus.PendingConfirmation ? null : now,
            DecidedAt = SignupStatus.IsPending(status) ? null : now,
        };
        Assert.True(await harness.Get<SignupStore>().TryAddWithLockAsync(signup, CancellationToken.None));
        if (status == SignupStatus.Approved)
        {
            await harness.Get<PublicList>().SyncAsync(signup, CancellationToken.None);
        }

        return signup;
    }

    /// <summary>The list as it was computed before the projection: every sign-up read, the approved ones kept.</summary>
    private static async Task<List<ParticipatingState>> BruteForceAsync(CoreHarness harness)
    {
        var approved = new List<Signup>();
        await foreach (var signup in harness.Storage.Table(StorageNames.SignupsTable).QueryAsync<Signup>())
        {
            if (signup.Status == SignupStatus.Approved)
            {
                approved.Add(signup);
            }
        }

        return [.. approved
            .Select(s => new ParticipatingState(s.PartitionKey, s.Jurisdiction.Name, s.OrganizationName, s.DecidedAt ?? s.SubmittedAt))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.ConfirmedAt)];
    }
}
