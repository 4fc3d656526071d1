using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Cem.Core.Awards;
using Cem.Core.Calendar;
using Cem.Core.Programs;
using Cem.Core.Signups;
using Cem.Core.Storage;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Awards;

/// <summary>
/// The participating-district badge, against Azurite: proposed from the stored program, district and event rows
/// (written here as the programs and calendar features store them), then held, issued, signed and emailed as state awards are.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictAwardTests(AzuriteFixture azurite)
{
    private static readonly string[] Codes = ["OH", "TX", "VT"];
    private static readonly string[] DistrictStatusChoices = [DistrictStatuses.Approved, DistrictStatuses.Approved, DistrictStatuses.AwaitingApproval, DistrictStatuses.Declined, DistrictStatuses.Left];
    private static readonly string[] EventStatusChoices = [EventStatuses.Published, EventStatuses.Published, EventStatuses.Cancelled, EventStatuses.Pending, EventStatuses.Rejected];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task District_proposals_agree_with_a_brute_force_recount_of_random_districts_and_events(int seed)
    {
        var random = new Random(seed);
        await using var harness = await AwardTesting.StartAsync(azurite);
        var table = harness.Storage.Table(StorageNames.EventsTable);
        var districts = new Dictionary<(string Code, string LeaId), string>();
        var events = new Dictionary<string, (string Code, string LeaId, string Status)>();
        var withProgram = new HashSet<string>();
        var next = 0;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 25; i++)
            {
                var code = Codes[random.Next(Codes.Length)];
                var leaId = LeaId(code, random.Next(5));
                switch (random.Next(4))
                {
                    case 0:
                        // Every state but Vermont has a program row; Vermont's district rows are strays of no program.
                        if (code != "VT" && withProgram.Add(code))
                        {
                            await AddProgramAsync(table, code);
                        }

                        var status = DistrictStatusChoices[random.Next(DistrictStatusChoices.Length)];
                        await table.UpsertEntityAsync(NewDistrict(code, leaId, status, "district-" + leaId + "@example.org"));
                        districts[(code, leaId)] = status;
                        break;
                    case 1 or 2:
                        var id = (next++).ToString("D26", CultureInfo.InvariantCulture);
                        var eventStatus = EventStatusChoices[random.Next(EventStatusChoices.Length)];
                        await table.UpsertEntityAsync(NewEvent(code, id, leaId, eventStatus));
                        events[id] = (code, leaId, eventStatus);
                        break;
                    default:
                        if (events.Count > 0)
                        {
                            var (changed, e) = events.ElementAt(random.Next(events.Count));
                            await table.UpsertEntityAsync(NewEvent(e.Code, changed, e.LeaId, EventStatuses.Cancelled));
                            events[changed] = (e.Code, e.LeaId, EventStatuses.Cancelled);
                        }

                        break;
                }
            }

            await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);

            var proposed = (await harness.Get<AwardStore>().OfYearAsync(AwardTesting.Year, CancellationToken.None))
                .Where(a => a.Level == BadgeLevels.ParticipatingDistrict)
                .Select(a => (a.Id, a.Code, a.LeaId, a.SubjectName, a.SubjectKind))
                .Order();
            var expected = districts
                .Where(d => d.Value == DistrictStatuses.Approved && withProgram.Contains(d.Key.Code)
                    && events.Values.Any(e => e.Code == d.Key.Code && e.LeaId == d.Key.LeaId && e.Status == EventStatuses.Published))
                .Select(d => ($"2026-{d.Key.Code}-{d.Key.LeaId}", d.Key.Code, d.Key.LeaId, "District " + d.Key.LeaId, AwardSubjects.District))
                .Order();
            Assert.Equal(expected, proposed);
        }
    }

    [Fact]
    public async Task A_district_hosting_a_published_event_gets_a_badge_that_node_verifies_and_its_contact_and_the_states_contacts_are_emailed_once()
    {
        await using var harness = await AwardTesting.StartAsync(azurite, s => s["Cem:Awards:ReviewWindow"] = "00:00:00");
        var table = harness.Storage.Table(StorageNames.EventsTable);
        await AddProgramAsync(table, "OH");
        await harness.Storage.Table(StorageNames.SignupsTable).AddEntityAsync(new Signup { PartitionKey = "OH", RowKey = "signup-1", Status = SignupStatus.Approved, ContactName = "Sam State", Email = "state@example.org" });
        await table.AddEntityAsync(NewDistrict("OH", "3900001", DistrictStatuses.Approved, "hosts@example.org"));
        await table.AddEntityAsync(NewEvent("OH", "01JAAAAAAAAAAAAAAAAAAAAAAA", "3900001", EventStatuses.Published));
        await table.AddEntityAsync(NewEvent("OH", "01JAAAAAAAAAAAAAAAAAAAAAAB", "3900001", EventStatuses.Cancelled));

        // Those without a published event, or not approved, get nothing.
        await table.AddEntityAsync(NewDistrict("OH", "3900002", DistrictStatuses.Approved, "quiet@example.org"));
        await table.AddEntityAsync(NewDistrict("OH", "3900003", DistrictStatuses.Approved, "cancelled@example.org"));
        await table.AddEntityAsync(NewEvent("OH", "01JAAAAAAAAAAAAAAAAAAAAAAC", "3900003", EventStatuses.Cancelled));
        await table.AddEntityAsync(NewDistrict("OH", "3900004", DistrictStatuses.AwaitingApproval, "waiting@example.org"));
        await table.AddEntityAsync(NewEvent("OH", "01JAAAAAAAAAAAAAAAAAAAAAAD", "3900004", EventStatuses.Published));
        await table.AddEntityAsync(NewDistrict("OH", "3900005", DistrictStatuses.Left, ""));
        await table.AddEntityAsync(NewEvent("OH", "01JAAAAAAAAAAAAAAAAAAAAAAE", "3900005", EventStatuses.Published));

        var proposals = await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal(["2026-OH-3900001"], proposals.Proposals.Select(a => a.Id));
        var award = Assert.Single((await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued);

        var checkedByNode = await NodeVerifier.VerifyAsync(harness.Get<BadgeSigner>().Jwks(), award.Jwt!);
        Assert.True(checkedByNode.GetProperty("valid").GetBoolean());
        var payload = JsonNode.Parse(checkedByNode.GetProperty("payload").GetRawText())!;
        var vc = payload["vc"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(award.Credential!), vc));
        Assert.Equal("https://cem.example.org/badges/2026-OH-3900001", (string?)vc["id"]);
        Assert.Equal("https://cem.example.org/states/OH/cem#district-3900001", (string?)vc["credentialSubject"]!["id"]);
        Assert.Equal((string?)vc["credentialSubject"]!["id"], (string?)payload["sub"]);
        Assert.Equal("CEM for States Participating District 2026: District 3900001", (string?)vc["name"]);
        var achievement = vc["credentialSubject"]!["achievement"]!;
        Assert.Equal(("CEM for States Participating District", "https://cem.example.org/badges#participating-district"), ((string?)achievement["name"], (string?)achievement["id"]));
        Assert.Contains("hosted at least one event on the CEM calendar", (string?)achievement["criteria"]!["narrative"], StringComparison.Ordinal);
        Assert.Equal("https://cem.example.org/states/OH/districts/3900001/cem.ics", (string?)vc["evidence"]![0]!["id"]);
        Assert.Equal("When the award was issued: events hosted on the CEM calendar: 1.", (string?)vc["evidence"]![0]!["narrative"]);
        Assert.True(harness.Awards().Verify(award).Valid);

        Assert.Equal(["hosts@example.org", "state@example.org"], harness.Sender.Sent.Select(m => m.To).Order());
        Assert.All(harness.Sender.Sent, m => Assert.Contains("District 3900001", m.Text, StringComparison.Ordinal));
        await harness.Awards().IssueAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal(2, harness.Sender.Sent.Count);
    }

    [Fact]
    public async Task An_unissued_district_proposal_is_withdrawn_once_its_only_event_is_cancelled()
    {
        await using var harness = await AwardTesting.StartAsync(azurite);
        var table = harness.Storage.Table(StorageNames.EventsTable);
        await AddProgramAsync(table, "VT");
        await table.AddEntityAsync(NewDistrict("VT", "5000001", DistrictStatuses.Approved, "vt@example.org"));
        await table.AddEntityAsync(NewEvent("VT", "01JDDDDDDDDDDDDDDDDDDDDDDD", "5000001", EventStatuses.Published));
        Assert.Equal(1, (await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None)).Added);

        await table.UpsertEntityAsync(NewEvent("VT", "01JDDDDDDDDDDDDDDDDDDDDDDD", "5000001", EventStatuses.Cancelled));
        var again = await harness.Awards().ProposeAsync(AwardTesting.Year, CancellationToken.None);

        Assert.Equal((1, 0), (again.Withdrawn, again.Proposals.Count));
        Assert.Null(await harness.Get<AwardStore>().FindAsync("2026-VT-5000001", CancellationToken.None));
    }

    [Fact]
    public async Task A_held_district_award_is_not_issued_until_released_and_a_contact_who_deleted_their_data_is_not_emailed()
    {
        await using var harness = await AwardTesting.StartAsync(azurite);
        var table = harness.Storage.Table(StorageNames.EventsTable);
        await AddProgramAsync(table, "TX");
        var district = NewDistrict("TX", "4800001", DistrictStatuses.Approved, "");
        district.ContactName = "";
        district.ErasedAt = harness.Time.GetUtcNow();
        await table.AddEntityAsync(district);
        await table.AddEntityAsync(NewEvent("TX", "01JBBBBBBBBBBBBBBBBBBBBBBB", "4800001", EventStatuses.Published));
        var awards = harness.Awards();
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);

        Assert.Equal(AwardOutcome.Done, (await awards.HoldAsync("2026-TX-4800001", CoreHarness.Staff, "Check the event first", CancellationToken.None)).Outcome);
        harness.Time.Advance(TimeSpan.FromDays(3));
        var run = await awards.IssueAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal((0, 1), (run.Issued.Count, run.Held));

        Assert.Equal(AwardOutcome.Done, (await awards.ReleaseAsync("2026-TX-4800001", CancellationToken.None)).Outcome);
        Assert.Equal(["2026-TX-4800001"], (await awards.IssueAsync(AwardTesting.Year, CancellationToken.None)).Issued.Select(a => a.Id));
        Assert.Empty(harness.Sender.Sent);
        Assert.NotNull((await harness.Get<AwardStore>().FindAsync("2026-TX-4800001", CancellationToken.None))!.EmailedAt);

        // Cancelling its event later leaves the issued badge alone; revoking goes through the same path as a state's.
        await table.UpsertEntityAsync(NewEvent("TX", "01JBBBBBBBBBBBBBBBBBBBBBBB", "4800001", EventStatuses.Cancelled));
        await awards.ProposeAsync(AwardTesting.Year, CancellationToken.None);
        Assert.Equal(AwardStatus.Issued, (await harness.Get<AwardStore>().FindAsync("2026-TX-4800001", CancellationToken.None))!.Status);
        Assert.Equal(AwardOutcome.Done, (await awards.RevokeAsync("2026-TX-4800001", "Event never happened", CancellationToken.None)).Outcome);
    }

    private static string LeaId(string code, int n) => (code == "OH" ? "39" : code == "TX" ? "48" : "50") + n.ToString("D5", CultureInfo.InvariantCulture);

    internal static Task AddProgramAsync(TableClient table, string code, int year = AwardTesting.Year) =>
        table.UpsertEntityAsync(new StateProgram { PartitionKey = StateProgram.Partition(year, code), Code = code, Year = year, Title = code + " CEM" });

    internal static District NewDistrict(string code, string leaId, string status, string email, int year = AwardTesting.Year) => new()
    {
        PartitionKey = StateProgram.Partition(year, code), RowKey = District.RowPrefix + leaId, Code = code, Year = year,
        LeaId = leaId, Name = "District " + leaId, ContactName = email.Length == 0 ? "" : "Dana District", Email = email, Status = status,
    };

    internal static CalendarEvent NewEvent(string code, string ulid, string leaId, string status, int year = AwardTesting.Year) => new()
    {
        PartitionKey = EventId.Partition(year, code), RowKey = EventId.RowPrefix + ulid, Status = status, Title = "Event " + ulid,
        DistrictLeaId = leaId, DistrictName = "District " + leaId, TimeZone = "America/New_York", Format = "online", Url = "https://example.org/" + ulid,
        Slots = $"[{{\"n\":1,\"start\":\"{year}-10-06T19:00\",\"end\":\"{year}-10-06T20:00\",\"cancelled\":false}}]",
    };
}
