using Cem.Core.Storage;

namespace Cem.Core.Calendar;

/// <summary>A step of an event suggestion for a queue-triggered function: the event's id only, never personal data.</summary>
public sealed record SuggestionMessage(string Kind, string EventId) : Email.RetriedMessage;

/// <summary>The messages of a suggestion's steps, each committed with the change that sends it (<see cref="MessageOutbox"/>).</summary>
public static class EventQueues
{
    /// <summary>Suggestion stored (or a new link asked for): send the "confirm your address" email.</summary>
    public static PendingMessage SuggestionReceived(EventId id) => Message(StorageNames.EventSuggestedQueue, id);

    /// <summary>Address confirmed: ask the state's contacts (or staff) to decide.</summary>
    public static PendingMessage SuggestionConfirmed(EventId id) => Message(StorageNames.EventSuggestionConfirmedQueue, id);

    /// <summary>Published or rejected: tell the suggester (never after spam).</summary>
    public static PendingMessage SuggestionDecided(EventId id) => Message(StorageNames.EventSuggestionDecidedQueue, id);

    // As with sign-ups, each step has its own queue and the message's kind is its name.
    private static PendingMessage Message(string step, EventId id) => new(step, new SuggestionMessage(step, id.ToString()));
}
