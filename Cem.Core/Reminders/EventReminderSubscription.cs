using System.Diagnostics.CodeAnalysis;
using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using Cem.Core.Calendar;

namespace Cem.Core.Reminders;

public static class SubscriptionStatus
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Unsubscribed = "unsubscribed";
}

/// <summary>
/// A reader's request for reminders about one event, in the EventReminders table: PartitionKey the event id, RowKey
/// <c>sub-{keyed hash of the address}</c>, so one address has one row per event and finding it needs no scan. The address
/// itself is kept only to send to; it is forgotten on unsubscribing and the row deleted when the event has ended.
/// </summary>
public sealed class EventReminderSubscription : ITableEntity
{
    public const string RowPrefix = "sub-";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Email { get; set; } = "";
    public string Status { get; set; } = SubscriptionStatus.Pending;

    /// <summary>Raised by each request while unconfirmed: each round's confirmation is its own once-only email.</summary>
    public int Round { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    [IgnoreDataMember]
    public string Id => SubscriptionId.Of(PartitionKey, RowKey[RowPrefix.Length..]);

    [IgnoreDataMember]
    public bool IsConfirmed => Status == SubscriptionStatus.Confirmed;
}

/// <summary>A subscription's id in links and queue messages, <c>{event id}.{address hash}</c>: ids and a keyed hash, nothing personal.</summary>
public static class SubscriptionId
{
    public static string Of(string eventId, string addressHash) => eventId + "." + addressHash;

    public static bool TryParse(string? value, [NotNullWhen(true)] out EventId? eventId, out string rowKey)
    {
        rowKey = "";
        eventId = null;
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 0 || value!.Length - dot - 1 != 32 || !value[(dot + 1)..].All(char.IsAsciiHexDigitLower) || !EventId.TryParse(value[..dot], out eventId))
        {
            return false;
        }

        rowKey = EventReminderSubscription.RowPrefix + value[(dot + 1)..];
        return true;
    }
}
