using System.Globalization;

namespace Cem.Core.Calendar;

/// <summary>Where an event lives on the site, and the UIDs subscribers know it by.</summary>
public static class EventLinks
{
    public static Uri Page(CalendarEvent e, CemOptions site) => site.Link("/events/" + e.Id);

    public static Uri Ics(CalendarEvent e, CemOptions site) => site.Link("/events/" + e.Id + ".ics");

    public static string Uid(CalendarEvent e, CemOptions site) => $"{e.Id}@{site.PublicBaseUrl.Host}";

    public static string SlotUid(CalendarEvent e, EventSlot slot, CemOptions site) =>
        $"{e.Id}-{slot.Number.ToString(CultureInfo.InvariantCulture)}@{site.PublicBaseUrl.Host}";
}
