using Cem.Core.Storage;

namespace Cem.Core.Calendar;

/// <summary>A step of an event suggestion for a queue-triggered function: the event's id only, never personal data.</summary>
public sealed record SuggestionMessage(string Kind, string EventId) : Email.RetriedMessage;

public sealed class EventQueues(CemStorage storage)
{
    /// <summary>Suggestion stored (or a new link asked for): send the "confirm your address" email.</summary>
    public Task SuggestionReceivedAsync(EventId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.EventSuggestedQueue, id, cancellationToken);

    /// <summary>Address confirmed: ask the state's contacts (or staff) to decide.</summary>
    public Task SuggestionConfirmedAsync(EventId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.EventSuggestionConfirmedQueue, id, cancellationToken);

    /// <summary>Published or rejected: tell the suggester (never after spam).</summary>
    public Task SuggestionDecidedAsync(EventId id, CancellationToken cancellationToken) =>
        SendAsync(StorageNames.EventSuggestionDecidedQueue, id, cancellationToken);

    // As with sign-ups, each step has its own queue and the message's kind is its name.
    private Task SendAsync(string step, EventId id, CancellationToken cancellationToken) =>
        storage.SendAsync(step, new SuggestionMessage(step, id.ToString()), cancellationToken);
}
