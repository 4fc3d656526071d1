using Cem.Core.Reminders;
using Microsoft.Azure.Functions.Worker;

namespace Cem.Functions.Reminders;

/// <summary>The hourly reminders: a staff digest while things wait too long, and one reminder to an unconfirmed signer.</summary>
public sealed class ReminderFunctions(ReminderService reminders)
{
    [Function(nameof(SendReminders))]
    public Task SendReminders([TimerTrigger("%RemindersSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reminders.RunAsync(cancellationToken);
}
