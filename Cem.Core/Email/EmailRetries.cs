using System.Text.Json;
using Cem.Core.Storage;
using Cem.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cem.Core.Email;

/// <summary>
/// A queue message whose handler sends email. <see cref="EmailRetries"/> counts its retries in the message itself,
/// so they survive re-enqueueing.
/// </summary>
public abstract record RetriedMessage
{
    /// <summary>How many times the message was put back after a transient failure (0 for a first delivery).</summary>
    public int Attempt { get; init; }

    /// <summary>When the first transient failure happened; the retry horizon counts from here.</summary>
    public DateTimeOffset? FailingSince { get; init; }
}

/// <summary>
/// Runs a queue message's email work with a long retry horizon and no worker held. A transient failure (SendGrid
/// down or rate-limiting past its in-process retries, another delivery sending the same email) puts a copy of the
/// message back on its queue, invisible for a growing delay (<see cref="EmailOptions.FirstRetryDelay"/> doubling
/// with jitter up to <see cref="EmailOptions.MaxRetryDelay"/>), and the delivery completes. Past
/// <see cref="EmailOptions.RetryHorizon"/> from the first failure the message goes to <c>&lt;queue&gt;-poison</c>
/// and the failure is recorded. A permanent failure was recorded by the <see cref="Mailer"/> and ends here.
/// Anything else (storage unreachable, a bug) propagates, so the host's own retries and poison queue apply.
/// </summary>
/// <remarks>
/// "Sent exactly once" holds throughout because every retry goes through <see cref="IMailer.SendOnceAsync"/>: a
/// copy left over by a crash between re-enqueueing and completing finds the email sent or claimed.
/// </remarks>
public sealed class EmailRetries(CemStorage storage, EmailFailureLog failures, CemMetrics metrics, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailRetries> logger)
{
    public async Task HandleAsync<TMessage>(string queue, TMessage message, Func<TMessage, CancellationToken, Task> handle, CancellationToken cancellationToken)
        where TMessage : RetriedMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            await handle(message, cancellationToken);
        }
        catch (EmailDeliveryException e) when (e.IsPermanent)
        {
            logger.LogWarning("A message on {Queue} ends without its email: refused for good (recorded)", queue);
        }
        catch (Exception e) when (e is EmailInProgressException or EmailDeliveryException)
        {
            await RetryLaterAsync(queue, message, e, cancellationToken);
        }
    }

    /// <summary>The delay before re-enqueued retry number <paramref name="attempt"/> (1-based), <paramref name="jitter"/> in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double jitter)
    {
        var settings = options.Value;
        var delay = SendGridResilience.Backoff(attempt, settings.FirstRetryDelay, jitter);
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }

    private async Task RetryLaterAsync<TMessage>(string queue, TMessage message, Exception failure, CancellationToken cancellationToken)
        where TMessage : RetriedMessage
    {
        var now = time.GetUtcNow();
        var since = message.FailingSince ?? now;
        var attempt = message.Attempt + 1;
        var retry = message with { Attempt = attempt, FailingSince = since };
        if (now - since >= options.Value.RetryHorizon)
        {
            logger.LogError("A message on {Queue} failed for {Elapsed} ({Attempts} tries, last {Failure}); moving it to the poison queue", queue, now - since, attempt, failure.GetType().Name);
            await failures.RecordAsync(
                new EmailFailure(EmailFailureKinds.GaveUp, null, null, (int?)(failure as EmailDeliveryException)?.StatusCode, $"Transient failures for {now - since} on {queue}: {JsonSerializer.Serialize(retry, retry.GetType(), JsonSerializerOptions.Web)}"),
                cancellationToken);
            await storage.SendAsync(queue + "-poison", retry, cancellationToken);
            metrics.MessagePoisoned(queue);
            return;
        }

        var delay = DelayFor(attempt, Random.Shared.NextDouble());
        logger.LogWarning("A message on {Queue} failed ({Failure}); retry {Attempt} in {Delay}", queue, failure.GetType().Name, attempt, delay);
        await storage.SendAsync(queue, retry, cancellationToken, delay);
    }
}
