namespace Cem.Core.Storage;

/// <summary>
/// One read shared by the callers that wait at the same time. A caller never gets data read before it asked: when a
/// read is already under way it waits for that one to end and joins the next, which starts then and serves everyone
/// who asked meanwhile. So a batch of concurrent press-kit compiles (the queue host hands a worker up to 16 requests at
/// once) costs two reads of the public list rather than sixteen, and each kit still counts every sign-up listed before
/// its request was handled.
/// </summary>
public sealed class SharedRead<T>(Func<Task<T>> read)
{
    private readonly Lock gate = new();
    private TaskCompletionSource<T>? running;
    private TaskCompletionSource<T>? next;

    /// <summary>The result of a read that started after this call. A failed read fails its callers only.</summary>
    public Task<T> ReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<T> result;
        var lead = false;
        lock (gate)
        {
            if (running is null)
            {
                running = result = NewResult();
                lead = true;
            }
            else
            {
                result = next ??= NewResult();
            }
        }

        if (lead)
        {
            _ = ReadIntoAsync(result); // on this caller's thread until the request is sent
        }

        return result.Task.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource<T> NewResult() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Not cancelled by any one caller: others share it, and a read is short.
    private async Task ReadIntoAsync(TaskCompletionSource<T> result)
    {
        try
        {
            result.TrySetResult(await read());
        }
        catch (OperationCanceledException)
        {
            result.TrySetCanceled();
        }
#pragma warning disable CA1031 // the read's own failure, handed to the callers who share it
        catch (Exception e)
#pragma warning restore CA1031
        {
            result.TrySetException(e);
        }

        TaskCompletionSource<T>? waiting;
        lock (gate)
        {
            waiting = next;
            next = null;
            running = waiting;
        }

        if (waiting is not null)
        {
            _ = ReadIntoAsync(waiting); // not awaited: under steady load the chain of reads would only grow
        }
    }
}
