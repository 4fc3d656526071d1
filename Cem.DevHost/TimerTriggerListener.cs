using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Cem.DevHost;

/// <summary>
/// Fires one timer-triggered function on its six-field NCRONTAB schedule (UTC, as in Azure), or on a
/// constant interval when the schedule is a time span, and once at start when <c>runOnStartup</c> is set.
/// "Now" comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class TimerTriggerListener(
    FunctionDescriptor function,
    IServiceProvider services,
    FunctionInvoker invoker,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Host.Timers");

    /// <summary>Parses the schedule the way the timer extension does: an NCRONTAB expression (six fields, or five) or a constant interval.</summary>
    public static Func<DateTime, DateTime> ParseSchedule(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return last => last + interval;
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var crontab = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            ?? throw new FormatException($"'{schedule}' is not a valid NCRONTAB expression (second minute hour day month day-of-week) or time span.");
        return crontab.GetNextOccurrence;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = ParseSchedule(function.Schedule!);
        DateTime? last = null;
        try
        {
            if (function.RunOnStartup)
            {
                var now = time.GetUtcNow().UtcDateTime;
                await FireAsync(now, last, next(now), stoppingToken);
                last = now;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var due = next(now);
                var wait = due - now;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                await FireAsync(due, last, next(due), stoppingToken);
                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task FireAsync(DateTime firedAt, DateTime? last, DateTime nextOccurrence, CancellationToken stoppingToken)
    {
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus { Last = last ?? default, Next = nextOccurrence, LastUpdated = firedAt },
        };
        await using var scope = services.CreateAsyncScope();
        try
        {
            await invoker.InvokeAsync(function, scope.ServiceProvider, new InvocationContext
            {
                Reason = $"Timer fired at {firedAt.ToString("O", CultureInfo.InvariantCulture)}",
                CancellationToken = stoppingToken,
                Timer = timer,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Logged by the invoker; a failing timer function fires again at its next occurrence.
            _logger.LogDebug("Timer function {FunctionName} failed; next occurrence {Next:O}", function.Name, nextOccurrence);
        }
    }
}
