// Adds the reader's own local time after each event time (a <time> whose datetime carries the event zone's
// offset) when the reader's clock is on another offset at that instant. Without JavaScript the event's own
// time, with its zone, stays the whole story.
(() => {
  const format = new Intl.DateTimeFormat("en-US", {
    weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short",
  });
  for (const time of document.querySelectorAll("time[data-event-time]")) {
    const value = time.getAttribute("datetime") || "";
    const offset = /([+-])(\d\d):(\d\d)$/.exec(value);
    const instant = new Date(value);
    if (!offset || Number.isNaN(instant.getTime())) continue;
    const eventOffset = (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    if (-instant.getTimezoneOffset() === eventOffset) continue;
    const local = document.createElement("span");
    local.className = "local-time";
    local.textContent = ` (your time: ${format.format(instant)})`;
    (time.closest("a") || time).after(local);
  }
})();
