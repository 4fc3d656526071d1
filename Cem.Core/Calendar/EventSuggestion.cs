namespace Cem.Core.Calendar;

/// <summary>
/// An event suggested by the public: the event's own row in the Events table (same partition and row key, so
/// approving it publishes it under the id it already has), with the suggester's name and address beside the event's
/// fields. Its status is <see cref="EventStatuses.Unconfirmed"/>, then <see cref="EventStatuses.Pending"/>, then
/// published, rejected or spam; only a published one is ever read into an output, and then as a
/// <see cref="CalendarEvent"/>, which has no contact fields. An edit of the published event replaces the row without them.
/// </summary>
public sealed class EventSuggestion : CalendarEvent
{
    public string ContactName { get; set; } = "";

    /// <summary>The suggester's address: confirmation and outcome emails only; never shown, never logged.</summary>
    public string ContactEmail { get; set; } = "";

    /// <summary>When the suggester confirmed the address: the moderators' wait counts from here.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Raised by each "email me a new link": each round's confirmation is a new email.</summary>
    public int ConfirmationRound { get; set; }

    public DateTimeOffset ConfirmationSentAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>A rejection's reason as the moderator typed it; sent to the suggester.</summary>
    public string? DecisionReason { get; set; }
}
