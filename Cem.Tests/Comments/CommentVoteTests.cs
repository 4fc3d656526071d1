using Cem.Core.Comments;
using Cem.Tests.Infrastructure;

namespace Cem.Tests.Comments;

/// <summary>Votes race on the comment's ETag against a real Azurite: counts must equal the votes cast.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CommentVoteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_hundred_concurrent_votes_are_all_counted_and_changes_move_counts_exactly()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var id = await harness.PostApprovedAsync();
        var voters = Enumerable.Range(0, 100).Select(i => harness.Comments.VoterHash("voter-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "-abcdefgh")).ToList();

        var cast = await Task.WhenAll(voters.Select((voter, i) => Task.Run(() =>
            harness.Comments.VoteAsync(id, voter, i < 70 ? VoteDirection.Up : VoteDirection.Down, CancellationToken.None))));

        Assert.All(cast, r => Assert.Equal(VoteOutcome.Counted, r.Outcome));
        Assert.Equal((70, 30), await CountsAsync(harness));

        // 20 up-voters switch to down, 10 up-voters and 10 down-voters withdraw, all at once.
        var changes = await Task.WhenAll(
            voters.Take(20).Select(v => Task.Run(() => harness.Comments.VoteAsync(id, v, VoteDirection.Down, CancellationToken.None)))
                .Concat(voters.Skip(20).Take(10).Select(v => Task.Run(() => harness.Comments.VoteAsync(id, v, VoteDirection.None, CancellationToken.None))))
                .Concat(voters.Skip(70).Take(10).Select(v => Task.Run(() => harness.Comments.VoteAsync(id, v, VoteDirection.None, CancellationToken.None)))));

        Assert.All(changes, r => Assert.Equal(VoteOutcome.Counted, r.Outcome));
        Assert.Equal((70 - 20 - 10, 30 + 20 - 10), await CountsAsync(harness));
        var votes = await harness.Comments.VotesOfAsync(id.Thread, voters[0], CancellationToken.None);
        Assert.Equal(VoteDirection.Down, votes[id.RowKey]);
    }

    [Fact]
    public async Task Voting_the_same_way_twice_counts_once()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var id = await harness.PostApprovedAsync();
        var voter = harness.Comments.VoterHash("one-voter-cookie-value");

        await harness.Comments.VoteAsync(id, voter, VoteDirection.Up, CancellationToken.None);
        var again = await harness.Comments.VoteAsync(id, voter, VoteDirection.Up, CancellationToken.None);

        Assert.Equal((1, 0, VoteDirection.Up), (again.Up, again.Down, again.Direction));
    }

    [Fact]
    public async Task Only_approved_comments_can_be_voted_on()
    {
        await using var harness = await CoreHarness.StartAsync(azurite);
        var pending = await harness.PostAsync(harness.Form(email: "p@example.org"));
        var missing = new CommentId(Threads.CemForStates, Ulid.NewUlid().ToString());

        var onPending = await harness.Comments.VoteAsync(pending, harness.Comments.VoterHash("v1-cookie-value-x"), VoteDirection.Up, CancellationToken.None);
        var onMissing = await harness.Comments.VoteAsync(missing, harness.Comments.VoterHash("v1-cookie-value-x"), VoteDirection.Up, CancellationToken.None);

        Assert.Equal(VoteOutcome.NotFound, onPending.Outcome);
        Assert.Equal(VoteOutcome.NotFound, onMissing.Outcome);
    }

    private static async Task<(int Up, int Down)> CountsAsync(CoreHarness harness)
    {
        var comment = Assert.Single(await harness.AllApprovedAsync());
        return (comment.Up, comment.Down);
    }
}
