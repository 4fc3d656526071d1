using Cem.Core.Editions;
using Cem.Core.Links;
using Cem.Core.Programs;
using Cem.Core.Sessions;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Programs;

/// <summary>A district role is one of its edition's program: a session outliving the edition loses it, under a fake clock on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistrictRoleEditionTests(AzuriteFixture azurite)
{
    private const string Contact = "it.lead@example.org";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_session_started_during_an_edition_keeps_no_district_role_once_the_next_edition_is_current()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var none = CancellationToken.None;
        var joins = harness.Get<DistrictJoins>();
        var token = await DistrictJoinRetentionTests.PublishedInviteAsync(harness);
        var district = (await joins.JoinAsync(DistrictJoinRetentionTests.Form(token, "3904380", Contact), "203.0.113.9", none)).District!;
        await harness.HandleDistrictMessagesAsync();
        var confirmation = harness.Get<DistrictConfirmation>();
        Assert.Equal(LinkOutcome.Done, (await confirmation.ActAsync(CemSite.TokenOf(confirmation.LinkFor(district.JoinKey).AbsoluteUri), LinkInput.None, none)).Outcome);
        Assert.Equal(LinkOutcome.Done, (await harness.Get<DistrictDecisions>().Approve.ActAsAsync(district.Id, ProgramSite.Ohio.Email, LinkInput.None, none)).Outcome);

        var sessions = harness.Get<SessionStore>();
        var (id, started) = (await sessions.StartAsync(Contact, none))!.Value;
        var role = Assert.Single(started.Districts);
        Assert.Equal(2026, role.Year);
        Assert.NotNull((await sessions.ReadAsync(id, none))?.DistrictOf("OH", "3904380"));

        // A minute after the 2026 edition has ended everywhere, 2027's is current; the session itself has days left.
        var ended = (await harness.Get<EditionStore>().CurrentAsync(none)).EndsAt;
        time.SetUtcNow(ended.AddMinutes(1));
        Assert.Equal(2027, (await harness.Get<EditionStore>().CurrentAsync(none)).Year);
        Assert.True(started.ExpiresAt > time.GetUtcNow());

        // The district's only role is gone: the session is no one's, which every signed-in route (/my, the district's
        // event route) answers as signed out; and signing in again gives no district either.
        Assert.Null(await sessions.ReadAsync(id, none));
        Assert.Empty((await sessions.StartAsync(Contact, none))?.User.Districts ?? []);
    }
}
