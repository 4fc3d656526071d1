using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cem.Core.Telemetry;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Cem.Core.Calendar;

/// <summary>An iCalendar feed as bytes, with the strong ETag those bytes have.</summary>
public sealed record FeedBytes(byte[] Content, string ETag);

/// <summary>
/// Builds iCalendar feeds with Ical.Net. Every slot is its own VEVENT, with a UID that never changes, the event's
/// SEQUENCE, DTSTAMP and LAST-MODIFIED from the event's own last change (never "now"), STATUS (a cancelled event or a
/// removed slot stays, CANCELLED), URL and CATEGORIES; every TZID used has its VTIMEZONE. Nothing in the bytes depends
/// on when they are built, so an unchanged calendar gives identical bytes and the same ETag. The ETag is computed from
/// what the bytes are built from (<see cref="ETagOf"/>), so a <c>304</c> is answered without building.
/// </summary>
public static class EventFeed
{
    public const string ProductId = "-//Connected Educator Month//CEM Calendar//EN";

    /// <summary>How often clients are asked to refresh: every six hours (Google and Outlook decide for themselves).</summary>
    public const string RefreshInterval = "PT6H";

    /// <summary>What the bytes depend on besides the arguments: this code (the Cem.Core build), Ical.Net and the time-zone data.</summary>
    private static readonly string Code = string.Join(
        "\n",
        "feed-1",
        typeof(EventFeed).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        typeof(Ical.Net.Calendar).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
        NodaTime.DateTimeZoneProviders.Tzdb.VersionId);

    /// <summary>
    /// The strong ETag of the feed <see cref="Build"/> would give, from its inputs alone: the feed's name, the base URL
    /// of its links, and each event's id and row ETag in the feed's order (every write of a row changes its ETag).
    /// Costs a hash of a few bytes per event, not a build.
    /// </summary>
    public static string ETagOf(string name, IReadOnlyList<CalendarEvent> events, CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(site);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string part) => hash.AppendData(Encoding.UTF8.GetBytes(part + "\n"));
        Add(Code);
        Add(name);
        Add(site.PublicBaseUrl.AbsoluteUri);
        foreach (var e in events)
        {
            if (e.ETag == default)
            {
                throw new ArgumentException("An event not read from the table has no ETag to version the feed by.", nameof(events));
            }

            Add(e.PartitionKey + "/" + e.RowKey + " " + e.ETag);
        }

        return "\"" + Convert.ToHexStringLower(hash.GetHashAndReset())[..32] + "\"";
    }

    /// <summary>Builds the feed (the expensive part: Ical.Net's object model and serializer); counted in <paramref name="metrics"/>.</summary>
    public static FeedBytes Build(string name, IReadOnlyList<CalendarEvent> events, CemOptions site, CemMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.FeedBuilt();
        var calendar = new Ical.Net.Calendar { ProductId = ProductId };
        calendar.AddProperty("NAME", name);
        calendar.AddProperty("X-WR-CALNAME", name);
        var refresh = new Ical.Net.CalendarProperty("REFRESH-INTERVAL", RefreshInterval);
        refresh.Parameters.Add("VALUE", "DURATION");
        calendar.AddProperty(refresh);
        calendar.AddProperty("X-PUBLISHED-TTL", RefreshInterval);

        // Transitions from the first of January of the earliest edition: enough for every slot, and fixed by the data.
        var earliest = new DateTime(events.Count == 0 ? 2000 : events.Min(e => e.Id.Year), 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        foreach (var zone in events.Select(e => e.TimeZone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, earliest, includeHistoricalData: false));
        }

        foreach (var e in events)
        {
            foreach (var slot in e.SlotList)
            {
                calendar.Events.Add(Slot(e, slot, site));
            }
        }

        var bytes = new UTF8Encoding(false).GetBytes(Refold(new CalendarSerializer().SerializeToString(calendar)!));
        return new FeedBytes(bytes, ETagOf(name, events, site));
    }

    private static Ical.Net.CalendarComponents.CalendarEvent Slot(CalendarEvent e, EventSlot slot, CemOptions site)
    {
        var changed = new CalDateTime(Seconds(e.UpdatedAt.UtcDateTime), true);
        var page = EventLinks.Page(e, site);
        var description = new StringBuilder(e.Description);
        if (e.Url.Length > 0)
        {
            description.Append(description.Length > 0 ? "\n\n" : "").Append("Register or join: ").Append(e.Url);
        }

        description.Append(description.Length > 0 ? "\n\n" : "").Append("Details: ").Append(page.AbsoluteUri);
        var vevent = new Ical.Net.CalendarComponents.CalendarEvent
        {
            Uid = EventLinks.SlotUid(e, slot, site),
            Summary = e.Title,
            Description = description.ToString(),
            DtStart = Local(slot.Start, e.TimeZone),
            DtEnd = Local(slot.End, e.TimeZone),
            DtStamp = changed,
            LastModified = changed,
            Sequence = e.Sequence,
            Status = e.IsSlotCancelled(slot) ? "CANCELLED" : "CONFIRMED",
            Url = page,
            Categories = [EventCatalog.Formats.GetValueOrDefault(e.Format, e.Format), .. e.ThemeList],
        };
        var location = e.Location.Length > 0 ? e.Location : e.Url;
        if (location.Length > 0)
        {
            vevent.Location = location;
        }

        return vevent;
    }

    /// <summary>
    /// Folds every line at 75 octets between whole characters. Ical.Net 5.2.4 folds by UTF-16 units and can put the
    /// fold between the two halves of a surrogate pair (an emoji), which then encode as two U+FFFD; unfolding its
    /// output first joins the halves again.
    /// </summary>
    public static string Refold(string serialized)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var unfolded = serialized.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var folded = new StringBuilder(serialized.Length + 64);
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                if (octets + rune.Utf8SequenceLength > 75)
                {
                    folded.Append("\r\n ");
                    octets = 1;
                }

                folded.Append(rune.ToString());
                octets += rune.Utf8SequenceLength;
            }

            folded.Append("\r\n");
        }

        return folded.ToString();
    }

    private static CalDateTime Local(NodaTime.LocalDateTime local, string zone) =>
        new(new DateOnly(local.Year, local.Month, local.Day), new TimeOnly(local.Hour, local.Minute), zone);

    private static DateTime Seconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>The feed's name: "CEM 2027", "CEM 2027 – Ohio", with the filter when there is one.</summary>
    public static string NameOf(int year, string? jurisdictionName, EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var name = "Connected Educator Month " + year.ToString(CultureInfo.InvariantCulture) + (jurisdictionName is null ? "" : " – " + jurisdictionName);
        var parts = new[] { filter.Theme, filter.Audience is null ? null : EventCatalog.Audiences[filter.Audience], filter.Format is null ? null : EventCatalog.Formats[filter.Format] }
            .Where(p => p is not null);
        return parts.Any() ? name + " (" + string.Join(", ", parts) + ")" : name;
    }
}
