using Cem.Core.Storage;

namespace Cem.Core.Calendar;

/// <summary>
/// An event changed in a way subscribers must see (time, title, link or status: its sequence rose). It carries ids and
/// times only: <paramref name="PreviousStart"/> is when the event's next slot started before the change, because a
/// reschedule moves it away from the time people had planned for.
/// </summary>
public sealed record EventChangedMessage(string EventId, int Sequence, DateTimeOffset? PreviousStart) : Email.RetriedMessage;

/// <summary>Tells whoever listens (the reminders, above the calendar) that an event changed, on the <c>event-changed</c> queue.</summary>
public static class EventChanges
{
    /// <summary>The message of a change, committed with it (<see cref="MessageOutbox"/>).</summary>
    public static PendingMessage Changed(CalendarEvent calendarEvent, DateTimeOffset? previousStart)
    {
        ArgumentNullException.ThrowIfNull(calendarEvent);
        return new(StorageNames.EventChangedQueue, new EventChangedMessage(calendarEvent.Id.ToString(), calendarEvent.Sequence, previousStart));
    }
}
