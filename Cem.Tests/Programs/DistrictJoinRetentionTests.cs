using Cem.Core.Email;
using Cem.Core.Links;
using Cem.Core.Programs;
using Cem.Core.Reminders;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Programs;

/// <summary>The clean-up frees an LEA ID held by a join request nobody confirmed, under a fake clock on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictJoinRetentionTests(AzuriteFixture azurite)
{
    private const string Squatted = "3904380";
    private const string Confirmed = "3904381";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_unconfirmed_join_request_is_deleted_when_its_link_expires_and_the_LEA_ID_can_join_again_while_a_confirmed_one_stays()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var joins = harness.Get<DistrictJoins>();
        var retention = harness.Get<Retention>();
        var token = await PublishedInviteAsync(harness);

        var squatted = await JoinAsync(joins, token, Squatted, "squatter@example.org");
        var confirmed = await JoinAsync(joins, token, Confirmed, "it.lead@example.org");
        await harness.HandleDistrictMessagesAsync();
        var confirmedLink = CemSite.TokenOf(harness.Get<DistrictConfirmation>().LinkFor(confirmed.JoinKey).AbsoluteUri);
        Assert.Equal(LinkOutcome.Done, (await harness.Get<DistrictConfirmation>().ActAsync(confirmedLink, LinkInput.None, CancellationToken.None)).Outcome);

        // A minute before the link expires the request still holds the LEA ID.
        time.Advance(harness.Get<Microsoft.Extensions.Options.IOptions<LinkOptions>>().Value.Lifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).UnconfirmedDistricts);
        Assert.True((await joins.JoinAsync(Form(token, Squatted, "other@example.org"), "203.0.113.9", CancellationToken.None)).Errors?.ToDictionary().ContainsKey("leaId"));

        time.Advance(TimeSpan.FromMinutes(2));
        var runs = await Task.WhenAll(retention.RunAsync(CancellationToken.None), retention.RunAsync(CancellationToken.None));
        Assert.Equal(1, runs.Sum(r => r.UnconfirmedDistricts));

        var program = (await harness.Get<ProgramService>().FindAsync(squatted.Year, "OH", CancellationToken.None))!;
        var left = await joins.OfAsync(program, CancellationToken.None);
        Assert.Equal([Confirmed], left.Select(d => d.LeaId));
        Assert.Equal(DistrictStatuses.AwaitingApproval, left[0].Status);

        // The LEA ID is free, and its new contact is emailed (the old request's once-only record went with it).
        var again = await JoinAsync(joins, token, Squatted, "squatter@example.org");
        Assert.Equal(DistrictStatuses.Unconfirmed, again.Status);
        await harness.HandleDistrictMessagesAsync();
        Assert.Equal(2, harness.Sender.Sent.Count(m => m.To == "squatter@example.org" && m.Subject.Contains("Confirm", StringComparison.Ordinal)));
    }

    internal static async Task<string> PublishedInviteAsync(CoreHarness harness)
    {
        var programs = harness.Get<ProgramService>();
        var form = new ProgramForm { Title = "Ohio Connects", Intro = "Ohio's month of connected learning.", Priorities = ["Literacy"] };
        Assert.Equal(ProgramOutcome.Done, (await programs.SaveAsync(ProgramSite.Ohio, "OH", form, null, CancellationToken.None)).Outcome);
        Assert.Equal(ProgramOutcome.Done, (await programs.SetPublishedAsync(ProgramSite.Ohio, "OH", true, CancellationToken.None)).Outcome);
        var (url, outcome) = await harness.Get<DistrictJoins>().InviteAsync(ProgramSite.Ohio, "OH", CancellationToken.None);
        Assert.Equal(ProgramOutcome.Done, outcome);
        return CemSite.TokenOf(url!.AbsoluteUri);
    }

    private static async Task<District> JoinAsync(DistrictJoins joins, string token, string leaId, string email)
    {
        var result = await joins.JoinAsync(Form(token, leaId, email), "203.0.113.9", CancellationToken.None);
        Assert.True(result.District is not null, string.Join(" ", result.Errors?.ToDictionary().SelectMany(e => e.Value) ?? []));
        return result.District;
    }

    internal static DistrictJoinForm Form(string token, string leaId, string email) =>
        new() { Token = token, Name = "District " + leaId, LeaId = leaId, ContactName = "Jordan Reyes", Email = email };
}
