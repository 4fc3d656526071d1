// Reads an iCalendar file on stdin with Mozilla's ical.js (Thunderbird's parser) and prints what a client sees, as
// JSON: the calendar's properties and, for each VEVENT, its UID, SEQUENCE, STATUS, the zone its start resolved to
// ("floating" when a TZID has no VTIMEZONE in the file) and the UTC instants ical.js computes.
import ICAL from "ical.js";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
const out = {
  prodid: calendar.getFirstPropertyValue("prodid"),
  name: calendar.getFirstPropertyValue("name"),
  calname: calendar.getFirstPropertyValue("x-wr-calname"),
  refresh: calendar.getFirstPropertyValue("refresh-interval")?.toString() ?? null,
  timezones: calendar.getAllSubcomponents("vtimezone").map(z => z.getFirstPropertyValue("tzid")),
  events: calendar.getAllSubcomponents("vevent").map(component => {
    const event = new ICAL.Event(component);
    const zone = d => (d.zone ? d.zone.tzid : "floating");
    return {
      uid: event.uid,
      summary: event.summary,
      sequence: event.sequence,
      status: component.getFirstPropertyValue("status"),
      tzid: component.getFirstProperty("dtstart").getParameter("tzid") ?? null,
      startZone: zone(event.startDate),
      endZone: zone(event.endDate),
      startLocal: event.startDate.toString(),
      startUtc: event.startDate.toJSDate().toISOString(),
      endUtc: event.endDate.toJSDate().toISOString(),
      dtstamp: component.getFirstPropertyValue("dtstamp").toString(),
      lastModified: component.getFirstPropertyValue("last-modified").toString(),
      url: component.getFirstPropertyValue("url"),
      categories: component.getAllProperties("categories").flatMap(p => p.getValues()),
    };
  }),
};
process.stdout.write(JSON.stringify(out));
