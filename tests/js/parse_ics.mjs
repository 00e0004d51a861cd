// Reads an .ics file with ical.js (the parser inside Thunderbird) and prints one JSON object:
// {"calendar": {...}, "events": [{uid, summary, status, start, end, date, tzid}, ...]}.
// Timed starts and ends are printed as UTC instants, so the Python tests can compare them with
// zoneinfo; a floating time (no TZID, no Z) is printed as its wall time, without a Z; a TZID that
// the file does not define makes the script fail rather than guess.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// RFC 7986's NAME and the X-WR-* names are TEXT, but ical.js 2.2 has no design entry for them and
// would hand their values over still escaped; declare them as TEXT, as a client that shows them does.
for (const name of ["name", "x-wr-calname", "x-wr-caldesc"]) {
  ICAL.design.icalendar.property[name] = { defaultType: "text" };
}

function instant(time, property) {
  if (time.isDate) {
    return { value: time.toString(), date: true, tzid: null };
  }
  const tzid = property.getParameter("tzid");
  if (tzid) {
    const zone = time.zone;
    if (!zone || zone.tzid !== tzid || !zone.component) {
      throw new Error(`TZID ${tzid} is not defined by a VTIMEZONE in the file`);
    }
  } else if (time.zone !== ICAL.Timezone.utcTimezone) {
    if (time.zone && time.zone !== ICAL.Timezone.localTimezone) {
      throw new Error(`the floating time ${time.toString()} was given a zone`);
    }
    return { value: time.toString(), date: false, tzid: null };
  }
  const utc = time.convertToZone(ICAL.Timezone.utcTimezone);
  const text = utc.toString();
  return { value: text.endsWith("Z") ? text : text + "Z", date: false, tzid: tzid ?? null };
}

const path = process.argv[2];
if (!path) {
  console.error("usage: node parse_ics.mjs FILE.ics");
  process.exit(2);
}
const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const start = instant(event.startDate, component.getFirstProperty("dtstart"));
  const endProperty = component.getFirstProperty("dtend");
  const end = endProperty ? instant(event.endDate, endProperty) : null;
  return {
    uid: event.uid,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    location: event.location,
    start: start.value,
    end: end ? end.value : null,
    date: start.date,
    tzid: start.tzid,
  };
});
const text = (name) => {
  const value = calendar.getFirstPropertyValue(name);
  return value === null ? null : String(value);
};
const result = {
  calendar: {
    name: text("name"),
    xwrcalname: text("x-wr-calname"),
    description: text("description"),
    prodid: text("prodid"),
    zones: calendar.getAllSubcomponents("vtimezone").map((zone) => zone.getFirstPropertyValue("tzid")),
  },
  events,
};
process.stdout.write(JSON.stringify(result) + "\n");
