using System.Net.Sockets;
using Azure;

namespace Cem.Core.Storage;

/// <summary>
/// Recognises storage being unreachable: a known, transient failure that an HTTP answer states as
/// <c>503</c> with <c>Retry-After</c> (never <c>500</c>) and that a poller waits out.
/// </summary>
public static class StorageFailures
{
    /// <summary>What <c>Retry-After</c> says while storage is unreachable.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The problem's title and detail, the same under both hosts.</summary>
    public const string Title = "Service unavailable";

    public const string Detail = "The site cannot reach its storage just now; please try again in a few seconds.";

    /// <summary>
    /// True when the Azure SDK gave up reaching storage after its own retries: no answer at all
    /// (<see cref="RequestFailedException"/> with status 0, a socket or HTTP transport error, the SDK's network
    /// timeout), the service saying it is busy or failing (500, 503), or several such tries in an
    /// <see cref="AggregateException"/> ("Retry failed after n tries").
    /// </summary>
    public static bool IsUnreachable(Exception? exception) => exception switch
    {
        null => false,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnreachable),
        RequestFailedException { Status: 0 or 500 or 503 } => true,
        RequestFailedException => false,
        HttpRequestException or SocketException or TimeoutException => true,
        // The SDK's network timeout surfaces as a cancellation with a TimeoutException inside.
        OperationCanceledException canceled => canceled.InnerException is TimeoutException,
        IOException io => io.InnerException is SocketException || IsUnreachable(io.InnerException),
        _ => false,
    };
}
