using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cem.DevHost;

/// <summary>
/// Polls one queue for one queue-triggered function, as the Functions queue extension does with host.json
/// <c>extensions.queues</c>: batches of <c>batchSize</c>, a new batch when in-flight messages drop to
/// <c>newBatchThreshold</c>, idle back-off up to <c>maxPollingInterval</c>, a failed message visible again after
/// <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> tries (or when it is not valid base64) moved to
/// <c>&lt;queue&gt;-poison</c>. When storage cannot be reached it logs once, backs off up to
/// <c>maxPollingInterval</c> and keeps polling, as the host's listener does: an outage never stops the host.
/// </summary>
public sealed class QueueTriggerListener(
    FunctionDescriptor function,
    QueueSettings settings,
    IConfiguration configuration,
    IServiceProvider services,
    FunctionInvoker invoker,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The setting that shortens <see cref="ProcessingVisibility"/> (a fault test's lost receives come back in seconds).</summary>
    public const string ProcessingVisibilitySetting = "DevHost:QueueProcessingVisibility";

    /// <summary>
    /// How long a received message stays invisible while the function runs: ten minutes, as under the Functions host,
    /// unless <see cref="ProcessingVisibilitySetting"/> says otherwise. A receive whose answer is lost (storage going
    /// away mid-call) leaves its message invisible this long before it is delivered again.
    /// </summary>
    private TimeSpan ProcessingVisibility => TimeSpan.TryParse(configuration[ProcessingVisibilitySetting], System.Globalization.CultureInfo.InvariantCulture, out var visibility) && visibility > TimeSpan.Zero
        ? visibility
        : TimeSpan.FromMinutes(10);

    private readonly ILogger _logger = loggerFactory.CreateLogger("Host.Queues");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration[function.Connection ?? "AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            _logger.LogError("Queue function {FunctionName} is not listening: the connection setting {Connection} holds no connection string (the DevHost does not do identity-based connections).", function.Name, function.Connection);
            return;
        }

        // No client-side encoding: the listener decodes base64 itself, so that a message that is not base64 can be poisoned, as the host does.
        var clientOptions = Core.Storage.StorageClients.Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var queue = new QueueClient(connectionString, function.QueueName, clientOptions);
        var poison = new QueueClient(connectionString, function.QueueName + "-poison", clientOptions);
        var outage = new Outage(_logger, queue.Name, settings.MaxPollingInterval);
        try
        {
            while (!await outage.TryAsync(() => queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken), time, stoppingToken))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var inFlight = new ConcurrentDictionary<Task, bool>();
        using var finished = new SemaphoreSlim(0);
        var idleDelay = MinimumPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (inFlight.Count > settings.NewBatchThreshold)
                {
                    await finished.WaitAsync(stoppingToken);
                    continue;
                }

                QueueMessage[] messages = [];
                if (!await outage.TryAsync(async () => messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, ProcessingVisibility, stoppingToken)).Value, time, stoppingToken))
                {
                    continue;
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(idleDelay, time, stoppingToken);
                    idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                idleDelay = MinimumPollingInterval;
                foreach (var message in messages)
                {
                    var task = ProcessAsync(queue, poison, message, stoppingToken);
                    inFlight[task] = true;
                    _ = task.ContinueWith(
                        done =>
                        {
                            inFlight.TryRemove(done, out _);
                            finished.Release();
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await Task.WhenAll(inFlight.Keys);
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message);
                return;
            }

            byte[] body;
            if (settings.Base64)
            {
                var text = message.MessageText;
                var buffer = new byte[text.Length];
                if (!Convert.TryFromBase64String(text, buffer, out var written))
                {
                    _logger.LogWarning("Message {MessageId} on queue {Queue} is not valid base64; moving it to {PoisonQueue}", message.MessageId, function.QueueName, poison.Name);
                    await MoveToPoisonAsync(queue, poison, message);
                    return;
                }

                body = buffer[..written];
            }
            else
            {
                body = message.Body.ToArray();
            }

            await using var scope = services.CreateAsyncScope();
            try
            {
                await invoker.InvokeAsync(function, scope.ServiceProvider, new InvocationContext
                {
                    Reason = $"New queue message detected on '{function.QueueName}'.",
                    CancellationToken = stoppingToken,
                    QueueMessage = new QueueMessageData(body, message.MessageId, message.DequeueCount, message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, message.PopReceipt),
                });
            }
            catch (Exception)
            {
                // The invoker logged the failure. Retry later, or give up after maxDequeueCount tries.
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(queue, poison, message);
                }
                else
                {
                    await CompleteAsync(() => queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None), queue.Name, stoppingToken);
                }

                return;
            }

            await CompleteAsync(() => queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None), queue.Name, stoppingToken);
        }
        catch (Exception e)
        {
            // Storage trouble while completing: the message reappears after its invisibility and is tried again.
            _logger.LogError(e, "Completing message {MessageId} on queue {Queue} failed", message.MessageId, function.QueueName);
        }
    }

    /// <summary>
    /// Deletes a handled message or makes a failed one visible again, waiting out a storage outage rather than
    /// leaving the message invisible for the rest of its processing visibility (ten minutes).
    /// </summary>
    private async Task CompleteAsync(Func<Task> complete, string queueName, CancellationToken stoppingToken)
    {
        var outage = new Outage(_logger, queueName, settings.MaxPollingInterval, Core.Storage.StorageFailures.IsUnreachable);
        while (!await outage.TryAsync(complete, time, stoppingToken))
        {
        }
    }

    /// <summary>
    /// Storage calls of the polling loop: a failure is logged once when it starts (and once when it ends) and
    /// waited out with a delay doubling from a second up to <c>maxPollingInterval</c>; never thrown (unless
    /// <c>waitOut</c> says it is not an outage), because an exception out of a hosted service stops the whole host.
    /// </summary>
    private sealed class Outage(ILogger logger, string queueName, TimeSpan maxDelay, Func<Exception, bool>? waitOut = null)
    {
        private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
        private TimeSpan? _delay;

        /// <returns>true when the call succeeded; false after a failure and its back-off.</returns>
        public async Task<bool> TryAsync(Func<Task> call, TimeProvider time, CancellationToken stoppingToken)
        {
            try
            {
                await call();
                if (_delay is not null)
                {
                    logger.LogInformation("Queue {Queue} is reachable again; polling resumes", queueName);
                    _delay = null;
                }

                return true;
            }
            catch (Exception e) when ((e is not OperationCanceledException || !stoppingToken.IsCancellationRequested) && (waitOut is null || waitOut(e)))
            {
                if (_delay is null)
                {
                    logger.LogWarning(e, "Polling queue {Queue} failed; backing off up to {MaxDelay} and polling on", queueName, maxDelay);
                }

                _delay = _delay is { } last ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, maxDelay.Ticks)) : TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks, maxDelay.Ticks));
                await Task.Delay(_delay.Value, time, stoppingToken);
                return false;
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        _logger.LogWarning("Message {MessageId} has reached MaxDequeueCount of {MaxDequeueCount} or cannot be read. Moving message to queue '{PoisonQueue}'.", message.MessageId, settings.MaxDequeueCount, poison.Name);
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        // The message text as it was (still base64), so the poison queue reads like the host's.
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
    }
}
