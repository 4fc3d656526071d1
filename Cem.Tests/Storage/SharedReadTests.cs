using Cem.Core.Storage;

namespace Cem.Tests.Storage;

/// <summary>The shared read behind a batch of compiles: shared while callers wait together, never older than the call.</summary>
public sealed class SharedReadTests
{
    /// <summary>A read whose every call waits until the test answers it, numbered from 1.</summary>
    private sealed class ControlledRead
    {
        private readonly List<TaskCompletionSource<int>> calls = [];

        public int Count
        {
            get
            {
                lock (calls)
                {
                    return calls.Count;
                }
            }
        }

        public Task<int> ReadAsync()
        {
            var call = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (calls)
            {
                calls.Add(call);
            }

            return call.Task;
        }

        public async Task AnswerAsync(int number, Exception? failure = null)
        {
            await Eventually(() => Count >= number);
            TaskCompletionSource<int> call;
            lock (calls)
            {
                call = calls[number - 1];
            }

            if (failure is null)
            {
                call.SetResult(number);
            }
            else
            {
                call.SetException(failure);
            }
        }
    }

    /// <summary>A guard against a test that hangs on a read never made: a failure, not a timing.</summary>
    private static Task<int> Done(Task<int> read) => read.WaitAsync(TimeSpan.FromMinutes(1));

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the read was not made");
    }

    [Fact]
    public async Task Callers_who_ask_while_a_read_is_under_way_share_the_next_read_not_the_one_that_started_before_them()
    {
        var reads = new ControlledRead();
        var shared = new SharedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync(CancellationToken.None);
        await Eventually(() => reads.Count == 1);
        var second = shared.ReadAsync(CancellationToken.None);
        var third = shared.ReadAsync(CancellationToken.None);

        await reads.AnswerAsync(1);
        Assert.Equal(1, await Done(first));
        Assert.False(second.IsCompleted); // the first read began before they asked: its data may miss what they expect

        await reads.AnswerAsync(2);
        Assert.Equal(2, await Done(second));
        Assert.Equal(2, await Done(third));
        Assert.Equal(2, reads.Count);

        var later = shared.ReadAsync(CancellationToken.None); // nothing under way: a read of its own
        await reads.AnswerAsync(3);
        Assert.Equal(3, await Done(later));
    }

    [Fact]
    public async Task A_failed_read_fails_only_its_callers_and_the_next_caller_reads_again()
    {
        var reads = new ControlledRead();
        var shared = new SharedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync(CancellationToken.None);
        await Eventually(() => reads.Count == 1);
        var second = shared.ReadAsync(CancellationToken.None);
        await reads.AnswerAsync(1, new InvalidOperationException("storage is down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Done(first));

        await reads.AnswerAsync(2);
        Assert.Equal(2, await Done(second));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_read_the_others_wait_for()
    {
        var reads = new ControlledRead();
        var shared = new SharedRead<int>(reads.ReadAsync);
        using var impatient = new CancellationTokenSource();

        var patient = shared.ReadAsync(CancellationToken.None);
        var gaveUp = shared.ReadAsync(impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Done(gaveUp));

        await reads.AnswerAsync(1);
        Assert.Equal(1, await Done(patient));
    }
}
