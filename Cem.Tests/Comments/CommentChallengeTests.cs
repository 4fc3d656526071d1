using Cem.Core.Comments;
using Cem.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cem.Tests.Comments;

[Collection(AzuriteCollection.Name)]
public sealed class CommentChallengeTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 10, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_challenge_asks_a_sum_and_its_token_does_not_contain_the_answer()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);

        var challenge = harness.Comments.NewChallenge();

        Assert.Matches(@"^\d{1,2} \+ \d{1,2} =$", challenge.Question);
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(challenge.Token.Split('.')[0]));
        Assert.DoesNotContain("\n" + CommentTesting.Solve(challenge.Question) + "\n", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_answer_is_refused_naming_answer_and_uses_the_token_up()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        var right = form.Answer;
        form.Answer = (int.Parse(right!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var wrong = await harness.Comments.SubmitAsync(form, "198.51.100.1", CancellationToken.None);
        form.Answer = right;
        var retried = await harness.Comments.SubmitAsync(form, "198.51.100.1", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Invalid, wrong.Outcome);
        Assert.Equal(["answer"], wrong.Errors!.ToDictionary().Keys);
        Assert.Equal(SubmitOutcome.Invalid, retried.Outcome);
        Assert.Equal(["challenge"], retried.Errors!.ToDictionary().Keys);
        Assert.Empty(await harness.AllApprovedAsync());
    }

    [Fact]
    public async Task A_tampered_token_is_refused_naming_challenge()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        var signature = form.Challenge!.Split('.')[1];
        form.Challenge = form.Challenge.Split('.')[0] + "." + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        var result = await harness.Comments.SubmitAsync(form, "198.51.100.2", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        Assert.Equal(["challenge"], result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task A_token_from_another_kind_of_link_is_refused()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        var moderationLink = harness.Moderation.LinkFor(new CommentId("cem-for-states", Ulid.NewUlid().ToString()), ModerationAction.Approve, CoreHarness.Staff);
        form.Challenge = Uri.UnescapeDataString(moderationLink.Query["?token=".Length..]);

        var result = await harness.Comments.SubmitAsync(form, "198.51.100.3", CancellationToken.None);

        Assert.Equal(["challenge"], result.Errors!.ToDictionary().Keys);
    }

    [Fact]
    public async Task A_challenge_expires_after_thirty_minutes()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var fresh = harness.Form();
        var stale = harness.Form();

        time.Advance(TimeSpan.FromMinutes(29));
        var inTime = await harness.Comments.SubmitAsync(fresh, "198.51.100.4", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var late = await harness.Comments.SubmitAsync(stale, "198.51.100.4", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Accepted, inTime.Outcome);
        Assert.Equal(SubmitOutcome.Invalid, late.Outcome);
        Assert.Contains("expired", late.Errors!.ToDictionary()["challenge"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_answers_once()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();

        var first = await harness.Comments.SubmitAsync(form, "198.51.100.5", CancellationToken.None);
        var replay = await harness.Comments.SubmitAsync(form, "198.51.100.5", CancellationToken.None);

        Assert.Equal(SubmitOutcome.Accepted, first.Outcome);
        Assert.Equal(SubmitOutcome.Invalid, replay.Outcome);
        Assert.Contains("already been answered", replay.Errors!.ToDictionary()["challenge"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_right_answer_with_other_fields_in_error_can_be_posted_again_once_they_are_fixed()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        var form = harness.Form();
        form.Email = "not an address";

        var invalid = await harness.Comments.SubmitAsync(form, "198.51.100.6", CancellationToken.None);
        form.Email = "reader@example.org";
        var fixedUp = await harness.Comments.SubmitAsync(form, "198.51.100.6", CancellationToken.None);

        Assert.Equal(["email"], invalid.Errors!.ToDictionary().Keys);
        Assert.Equal(SubmitOutcome.Accepted, fixedUp.Outcome);
    }

    [Fact]
    public async Task Clean_up_deletes_used_challenges_once_they_have_expired_and_ended_rate_windows()
    {
        await using var harness = await CoreHarness.StartAsync(azurite, time);
        await harness.PostAsync(harness.Form());
        var guards = harness.Storage.Table(Core.Storage.StorageNames.CommentGuardsTable);

        Assert.Equal(0, await harness.CommentCleanup.RunAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(3, await harness.CommentCleanup.RunAsync(CancellationToken.None)); // the used challenge, the client's window, the address's confirmation window
        Assert.Empty(await guards.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());
    }
}
