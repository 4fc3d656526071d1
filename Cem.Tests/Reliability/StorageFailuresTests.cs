using System.Net.Sockets;
using Azure;
using Cem.Core.Storage;

namespace Cem.Tests.Reliability;

/// <summary>Which failures count as "storage is unreachable" (a 503 with Retry-After), and which are answers.</summary>
public sealed class StorageFailuresTests
{
    private static RequestFailedException NoAnswer() => new(0, "Connection refused", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));

    [Fact]
    public void No_answer_after_the_SDKs_retries_is_an_outage()
    {
        Assert.True(StorageFailures.IsUnreachable(NoAnswer()));
        Assert.True(StorageFailures.IsUnreachable(new AggregateException("Retry failed after 3 tries.", NoAnswer(), NoAnswer(), NoAnswer())));
        Assert.True(StorageFailures.IsUnreachable(new RequestFailedException(503, "Server busy")));
        Assert.True(StorageFailures.IsUnreachable(new TaskCanceledException("Network timeout", new TimeoutException())));
    }

    [Fact]
    public void Answers_from_storage_and_other_failures_are_not_an_outage()
    {
        Assert.False(StorageFailures.IsUnreachable(new RequestFailedException(404, "Not found")));
        Assert.False(StorageFailures.IsUnreachable(new RequestFailedException(409, "Conflict")));
        Assert.False(StorageFailures.IsUnreachable(new AggregateException(NoAnswer(), new RequestFailedException(412, "Precondition failed"))));
        Assert.False(StorageFailures.IsUnreachable(new OperationCanceledException()));
        Assert.False(StorageFailures.IsUnreachable(new InvalidOperationException()));
    }
}
