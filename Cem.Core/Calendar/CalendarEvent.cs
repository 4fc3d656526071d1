using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Cem.Core.Calendar;

/// <summary>
/// One occurrence of an event. <paramref name="Number"/> is given once and never reused, so the slot's UID
/// (<c>{eventId}-{n}@host</c>) stays the same through every edit; a slot removed by an edit stays, cancelled.
/// </summary>
public sealed record EventSlot(int Number, LocalDateTime Start, LocalDateTime End, bool Cancelled);

/// <summary>
/// An event as stored in the Events table: PartitionKey <c>{year}-{code}</c>, RowKey <c>evt-{ULID}</c>. Lists are JSON.
/// No email address is stored on an event.
/// </summary>
public class CalendarEvent : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = EventStatuses.Published;
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Format { get; set; } = "";
    public string Attendance { get; set; } = "";
    public string Audiences { get; set; } = "[]";
    public string Themes { get; set; } = "[]";
    public string Priorities { get; set; } = "[]";
    public string OrganizerName { get; set; } = "";
    public string Url { get; set; } = "";
    public string Location { get; set; } = "";
    public string Accessibility { get; set; } = "[]";
    public string TimeZone { get; set; } = "";

    /// <summary>The slots, as JSON: <c>[{ "n": 1, "start": "2027-10-06T19:00", "end": "…", "cancelled": false }]</c>.</summary>
    public string Slots { get; set; } = "[]";

    /// <summary>
    /// The school district hosting the event, when one of a state's program's districts submitted it: its LEA ID and
    /// name as they were then (plain data: the calendar knows nothing else of districts). Empty otherwise; edits keep it.
    /// </summary>
    public string DistrictLeaId { get; set; } = "";

    public string DistrictName { get; set; } = "";

    /// <summary>Raised by each material change (time, title, link, status), as iCalendar's SEQUENCE.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The event's own last change: LAST-MODIFIED and DTSTAMP in feeds, <c>updatedAt</c> in JSON.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    [IgnoreDataMember]
    public EventId Id => new(int.Parse(PartitionKey[..4], System.Globalization.CultureInfo.InvariantCulture), PartitionKey[5..], RowKey[EventId.RowPrefix.Length..]);

    [IgnoreDataMember]
    public string Jurisdiction => PartitionKey[5..];

    [IgnoreDataMember]
    public bool IsCancelled => Status == EventStatuses.Cancelled;

    [IgnoreDataMember]
    public IReadOnlyList<string> AudienceList => List(Audiences);
    [IgnoreDataMember]
    public IReadOnlyList<string> ThemeList => List(Themes);
    [IgnoreDataMember]
    public IReadOnlyList<string> PriorityList => List(Priorities);
    [IgnoreDataMember]
    public IReadOnlyList<string> AccessibilityList => List(Accessibility);

    [IgnoreDataMember]
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    [IgnoreDataMember]
    public IReadOnlyList<EventSlot> SlotList =>
        (JsonSerializer.Deserialize<StoredSlot[]>(Slots) ?? [])
            .Select(s => new EventSlot(s.N, LocalTimes.Parse(s.Start), LocalTimes.Parse(s.End), s.Cancelled))
            .ToArray();

    /// <summary>Whether a slot is shown as cancelled: the event is, or the slot was removed.</summary>
    public bool IsSlotCancelled(EventSlot slot) => IsCancelled || slot.Cancelled;

    /// <summary>The instant a local time of this event happens (the earlier one when the clock goes back).</summary>
    public DateTimeOffset InstantOf(LocalDateTime local) => LocalTimes.Resolve(Zone, local).ToDateTimeOffset();

    /// <summary>When the first slot that is not removed starts (cancelled events keep their place).</summary>
    [IgnoreDataMember]
    public DateTimeOffset FirstStartUtc =>
        (SlotList.FirstOrDefault(s => !s.Cancelled) ?? SlotList[0]) is var first ? InstantOf(first.Start).ToUniversalTime() : default;

    /// <summary>When the first slot still on that has not ended starts (it may be under way); null when none is left.</summary>
    public DateTimeOffset? NextStart(DateTimeOffset now) =>
        SlotList.Where(s => !s.Cancelled && InstantOf(s.End) > now).Select(s => (DateTimeOffset?)InstantOf(s.Start)).Min();

    /// <summary>When the last slot ends, removed or not: after this the event is over.</summary>
    [IgnoreDataMember]
    public DateTimeOffset LastEnd => SlotList.Count == 0 ? CreatedAt : SlotList.Max(s => InstantOf(s.End));

    /// <summary>"Wednesday, October 6, 2027, 7:00 PM – 8:00 PM EDT": the date is said with every time.</summary>
    public string Describe(EventSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var start = LocalTimes.Resolve(Zone, slot.Start);
        var end = LocalTimes.Resolve(Zone, slot.End);
        var culture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        var endText = end.Date == start.Date
            ? end.ToString("h:mm tt", culture)
            : end.ToString("dddd, MMMM d, h:mm tt", culture);
        var zone = Zone.GetZoneInterval(start.ToInstant()).Name;
        return $"{start.ToString("dddd, MMMM d, yyyy, h:mm tt", culture)} – {endText} {zone}";
    }

    public static string ListJson(IEnumerable<string> values) => JsonSerializer.Serialize(values);

    public static string SlotsJson(IEnumerable<EventSlot> slots) =>
        JsonSerializer.Serialize(slots.Select(s => new StoredSlot(s.Number, LocalTimes.Format(s.Start), LocalTimes.Format(s.End), s.Cancelled)));

    private static string[] List(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private sealed record StoredSlot(
        [property: System.Text.Json.Serialization.JsonPropertyName("n")] int N,
        [property: System.Text.Json.Serialization.JsonPropertyName("start")] string Start,
        [property: System.Text.Json.Serialization.JsonPropertyName("end")] string End,
        [property: System.Text.Json.Serialization.JsonPropertyName("cancelled")] bool Cancelled);
}

/// <summary>Local wall-clock times as typed and stored (<c>yyyy-MM-ddTHH:mm</c>), and how they become instants.</summary>
public static class LocalTimes
{
    private static readonly LocalDateTimePattern Minutes = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    private static readonly LocalDateTimePattern Seconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public static bool TryParse(string? text, out LocalDateTime value)
    {
        value = default;
        if (text is null || text.Length > 19)
        {
            return false;
        }

        var result = Minutes.Parse(text);
        if (!result.Success)
        {
            result = Seconds.Parse(text);
        }

        if (result.Success)
        {
            value = result.Value;
        }

        return result.Success;
    }

    public static LocalDateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a local time.");

    public static string Format(LocalDateTime value) => Minutes.Format(value);

    /// <summary>
    /// The instant of a local time in a zone. A time the clock skips (spring forward) moves forward by the gap; one it
    /// passes twice (fall back) is the earlier. Validation refuses skipped times, so stored slots never need the former.
    /// </summary>
    public static ZonedDateTime Resolve(DateTimeZone zone, LocalDateTime local) =>
        zone.ResolveLocal(local, Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnForwardShifted));
}
