namespace Cem.Core.PressKits;

/// <summary>
/// One read shared by the callers that wait at the same time. A caller never gets data read before it asked: when a
/// read is already under way it waits for that one to end and joins the next, which starts then and serves everyone
/// who asked meanwhile. So a batch of concurrent compiles (the queue host hands a worker up to 16 requests at once)
/// costs two reads of the public list rather than sixteen, and each kit still counts every sign-up listed before its
/// request was handled.
/// </summary>
public sealed class SharedRead<T>(Func<Task<T>> read)
{
    private readonly Lock gate = new();
    private Task<T>? running;
    private TaskCompletionSource<T>? next;

    /// <summary>The result of a read that started after this call. A failed read fails its callers only.</summary>
    public Task<T> ReadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (running is null)
            {
                running = Start();
                return running.WaitAsync(cancellationToken);
            }

            next ??= new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            return next.Task.WaitAsync(cancellationToken);
        }
    }

    // Not cancelled by any one caller: others share it, and a read is short.
    private Task<T> Start() => Task.Run(async () =>
    {
        try
        {
            return await read();
        }
        finally
        {
            Ended();
        }
    });

    private void Ended()
    {
        lock (gate)
        {
            var waiting = next;
            next = null;
            running = waiting is null ? null : Start();
            if (waiting is not null)
            {
                _ = Relay(running!, waiting);
            }
        }
    }

    private static async Task Relay(Task<T> from, TaskCompletionSource<T> to)
    {
        try
        {
            to.TrySetResult(await from);
        }
        catch (OperationCanceledException)
        {
            to.TrySetCanceled();
        }
#pragma warning disable CA1031 // the read's own failure, handed to the callers who share it
        catch (Exception e)
#pragma warning restore CA1031
        {
            to.TrySetException(e);
        }
    }
}
