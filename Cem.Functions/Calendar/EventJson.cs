using System.Globalization;
using Cem.Core;
using Cem.Core.Calendar;

namespace Cem.Functions.Calendar;

/// <summary>The public shape of an event (JSON API): no contact details, nothing but published and cancelled events.</summary>
public static class EventJson
{
    public static object Of(CalendarEvent e, CemOptions site)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(site);
        var id = e.Id.ToString();
        return new
        {
            id,
            uid = EventLinks.Uid(e, site),
            title = e.Title,
            status = e.Status,
            jurisdiction = e.Jurisdiction,
            timeZone = e.TimeZone,
            slots = e.SlotList.Select(s => new
            {
                number = s.Number,
                uid = EventLinks.SlotUid(e, s, site),
                status = e.IsSlotCancelled(s) ? EventStatuses.Cancelled : EventStatuses.Published,
                start = Local(e.InstantOf(s.Start)),
                end = Local(e.InstantOf(s.End)),
                startUtc = Utc(e.InstantOf(s.Start)),
                endUtc = Utc(e.InstantOf(s.End)),
            }),
            attendance = e.Attendance,
            format = e.Format,
            url = e.Url.Length == 0 ? null : e.Url,
            location = e.Location.Length == 0 ? null : e.Location,
            themes = e.ThemeList,
            audiences = e.AudienceList,
            priorities = e.PriorityList,
            accessibility = e.AccessibilityList,
            organizerName = e.OrganizerName,

            // The district of a state's program that submitted the event, by its LEA ID and name only (never its contact).
            hostedBy = e.DistrictLeaId.Length == 0 ? null : new { leaId = e.DistrictLeaId, name = e.DistrictName },
            description = e.Description,
            sequence = e.Sequence,
            updatedAt = Utc(e.UpdatedAt),
            pageUrl = EventLinks.Page(e, site).AbsoluteUri,
            icsUrl = EventLinks.Ics(e, site).AbsoluteUri,
        };
    }

    /// <summary>Local time with its offset, as schema.org and ISO 8601 write it: 2027-10-06T19:00:00-04:00.</summary>
    public static string Local(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
