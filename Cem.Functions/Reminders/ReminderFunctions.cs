using Cem.Core.Reminders;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Reminders;

/// <summary>
/// The hourly reminders (a staff digest while things wait too long, one reminder to an unconfirmed signer) and, on the
/// same schedule as a function of its own so that either can fail alone, the clean-up of what has expired.
/// </summary>
public sealed class ReminderFunctions(ReminderService reminders, Retention retention)
{
    [Function(nameof(SendReminders))]
    public Task SendReminders([TimerTrigger("%RemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reminders.RunAsync(cancellationToken);

    [Function(nameof(DeleteExpired))]
    public Task DeleteExpired([TimerTrigger("%RemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.RunAsync(cancellationToken);
}
