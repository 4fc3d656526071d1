using Azure.Data.Tables;
using Cem.Core.Editions;
using Cem.Core.PressKits;
using Cem.Core.Programs;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Programs;

/// <summary>
/// Press kits learn which states may have a published program from the edition's index: a state missing from it has
/// none, so its kit reads no program; a state in it is read from its program row, which has the last word.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishedProgramIndexTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_kit_of_a_state_without_a_program_reads_no_program_and_one_with_a_program_published_or_taken_down_reads_its_row()
    {
        var probe = new StorageProbe();
        await using var harness = await CoreHarness.StartAsync(azurite, time, services: services => services.UseStorageProbe(probe));
        var facts = harness.Get<IProgramFacts>();
        var year = (await harness.Get<EditionStore>().CurrentAsync(CancellationToken.None)).Year;
        Assert.Same(ProgramFacts.None, await facts.ForAsync(year, "OH", CancellationToken.None));

        await DistrictJoinRetentionTests.PublishedInviteAsync(harness);
        Assert.Equal("/states/OH/cem", (await facts.ForAsync(year, "OH", CancellationToken.None)).PageUrl?.AbsolutePath);

        // Texas has no program: its kit reads the index's version (unchanged) and nothing of a program.
        probe.Clear();
        Assert.Same(ProgramFacts.None, await facts.ForAsync(year, "TX", CancellationToken.None));
        var read = Assert.Single(probe.Requests, r => r.Contains(StorageNames.EventsTable, StringComparison.Ordinal));
        Assert.Contains($"(PartitionKey='{PublishedProgramIndex.Partition(year)}',RowKey='{VersionedPartition<TableEntity>.VersionRow}')", read, StringComparison.Ordinal);

        // Taken down, Ohio stays in the index and its row says there is no program.
        Assert.Equal(ProgramOutcome.Done, (await harness.Get<ProgramService>().SetPublishedAsync(ProgramSite.Ohio, "OH", false, CancellationToken.None)).Outcome);
        Assert.Contains("OH", await harness.Get<PublishedProgramIndex>().StatesAsync(year, CancellationToken.None));
        Assert.Same(ProgramFacts.None, await facts.ForAsync(year, "OH", CancellationToken.None));
    }

    [Fact]
    public async Task A_program_published_before_the_edition_had_an_index_is_found_by_its_first_reader()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var year = (await harness.Get<EditionStore>().CurrentAsync(CancellationToken.None)).Year;
        await DistrictJoinRetentionTests.PublishedInviteAsync(harness);

        // As storage written before the index: the program is published, and the index partition is not there.
        var table = harness.Storage.Table(StorageNames.EventsTable);
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == PublishedProgramIndex.Partition(year)))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        // The first read of the index (publishing only wrote to it) builds it from the programs.
        Assert.Equal("/states/OH/cem", (await harness.Get<IProgramFacts>().ForAsync(year, "OH", CancellationToken.None)).PageUrl?.AbsolutePath);
        Assert.Equal(["OH"], await harness.Get<PublishedProgramIndex>().StatesAsync(year, CancellationToken.None));
    }
}
