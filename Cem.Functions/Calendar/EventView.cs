using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cem.Core;
using Cem.Core.Calendar;
using Cem.Core.Jurisdictions;
using Microsoft.AspNetCore.Components;
using NodaTime;

namespace Cem.Functions.Calendar;

/// <summary>A slot as a page shows it: in the event's own zone, with a machine-readable instant.</summary>
public sealed record SlotView(string Text, string DateTime, bool Cancelled);

/// <summary>An event as pages show it, every value ready to write as text or attribute.</summary>
public sealed record EventView(
    string Id, string Title, bool Cancelled, string Place, string Format, string Attendance, string Organizer,
    string? Url, string? Location, IReadOnlyList<SlotView> Slots, string TimeZone, IReadOnlyList<string> Themes,
    IReadOnlyList<string> Audiences, IReadOnlyList<string> Accessibility, string PageUrl, string IcsUrl)
{
    public SlotView First => Slots.FirstOrDefault(s => !s.Cancelled) ?? Slots[0];

    /// <summary>The school district that submitted the event, when one did.</summary>
    public string? HostedBy { get; init; }

    public static EventView Of(Core.Calendar.CalendarEvent e, CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(site);
        return new EventView(
            e.Id.ToString(), e.Title, e.IsCancelled,
            e.Jurisdiction == "US" ? "National" : Jurisdiction.Find(e.Jurisdiction).Name,
            EventCatalog.Formats.GetValueOrDefault(e.Format, e.Format),
            EventCatalog.Attendance.GetValueOrDefault(e.Attendance, e.Attendance),
            e.OrganizerName,
            e.Url.Length == 0 ? null : e.Url,
            e.Location.Length == 0 ? null : e.Location,
            [.. e.SlotList.Select(s => new SlotView(e.Describe(s), EventJson.Local(e.InstantOf(s.Start)), e.IsSlotCancelled(s)))],
            e.TimeZone,
            e.ThemeList,
            [.. e.AudienceList.Select(a => EventCatalog.Audiences.GetValueOrDefault(a, a))],
            [.. e.AccessibilityList.Select(a => EventCatalog.Accessibility.GetValueOrDefault(a, a))],
            EventLinks.Page(e, site).AbsoluteUri,
            EventLinks.Ics(e, site).AbsoluteUri)
        {
            HostedBy = e.DistrictName.Length == 0 ? null : e.DistrictName,
        };
    }
}

/// <summary>The schema.org Event of an event page, as JSON-LD safe to put inside a script element.</summary>
public static class EventJsonLd
{
    private static readonly JsonSerializerOptions ScriptSafeJson = new() { Encoder = JavaScriptEncoder.Default };

    public static MarkupString Of(Core.Calendar.CalendarEvent e, CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(e);
        var slot = e.SlotList.FirstOrDefault(s => !s.Cancelled) ?? e.SlotList[0];
        var page = EventLinks.Page(e, site).AbsoluteUri;
        object? virtualLocation = e.Url.Length == 0 ? null : new Dictionary<string, object> { ["@type"] = "VirtualLocation", ["url"] = e.Url };
        object? place = e.Location.Length == 0 ? null : new Dictionary<string, object> { ["@type"] = "Place", ["name"] = e.Location, ["address"] = e.Location };
        var location = e.Attendance switch
        {
            "online" => virtualLocation,
            "in-person" => place,
            _ => new[] { place, virtualLocation }.Where(l => l is not null).ToArray(),
        };
        var ld = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = e.Title,
            ["description"] = e.Description.Length == 0 ? e.Title : e.Description,
            ["startDate"] = EventJson.Local(e.InstantOf(slot.Start)),
            ["endDate"] = EventJson.Local(e.InstantOf(slot.End)),
            ["eventAttendanceMode"] = "https://schema.org/" + e.Attendance switch { "online" => "OnlineEventAttendanceMode", "in-person" => "OfflineEventAttendanceMode", _ => "MixedEventAttendanceMode" },
            ["eventStatus"] = "https://schema.org/" + (e.IsCancelled ? "EventCancelled" : "EventScheduled"),
            ["location"] = location,
            ["organizer"] = new Dictionary<string, object> { ["@type"] = "Organization", ["name"] = e.OrganizerName },
            ["url"] = page,
        };
        return new MarkupString(JsonSerializer.Serialize(ld, ScriptSafeJson));
    }
}
