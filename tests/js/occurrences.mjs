// Where a calendar app puts each event of an .ics file, as ical.js (the parser inside Thunderbird)
// expands it: an oracle for tests/independent_ics.py that shares no code with our own reader.
//
//   node occurrences.mjs FILE.ics START END [ZONE]
//
// START and END are dates (YYYY-MM-DD); the window is [START, END). Prints one JSON object:
//   {"occurrences": [{"uid", "start", "date", "recurring"}, ...], "unresolved": [{"uid", "reason"}]}
// "start" is a UTC instant ("2024-05-02T09:00:00Z"), a date ("2024-05-02") when "date" is true,
// {"floating": "2010-02-10T20:30:00"} for a time without TZID or Z, or
// {"wall": "2010-02-10T20:30:00", "tzid": "Europe/Paris"} for a TZID that no VTIMEZONE in the
// file defines. ical.js carries no time zone database, so those two are left to the Python side
// (zoneinfo); ZONE is accepted for symmetry but only the Python side can use an IANA name.
// Floating and wall occurrences of a series are kept when they fall within a day of the window,
// because only zoneinfo knows their instant; the Python side trims them.
// If ical.js cannot read the file at all, prints {"error": "..."} and exits 0.
//
// Series are grouped by UID within each VCALENDAR (components outside a VCALENDAR are ignored):
// the master gets the overrides of its UID through relateException, an override whose master is
// missing is a single event. "unresolved" lists, with a reason, what ical.js could not place (no
// DTSTART, a value it cannot parse, an override matching no occurrence, a series cut at a cap)
// and the series where its expansion is known to differ from other apps; the occurrences of the
// latter are still printed. One correction is made: ical.js's iterator leaves DTSTART out of a
// series that has RDATEs but no RRULE, which Thunderbird (expanding RDATEs itself) shows, so it
// is put back.
//
// Some rules make ical.js loop forever inside a single step (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30),
// which no counter in this script can interrupt. So the expansion runs in a worker thread, one
// series after the other, and the main thread ends a worker that spends too long on one series,
// marks that series unresolved and starts a fresh worker on the next series.
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import ICAL from "ical.js";

const MAX_OCCURRENCES = 5000; // occurrences kept per series
const MAX_STEPS = 1_000_000; // iterator steps per series, counting those before the window
const SERIES_SECONDS = 5; // wall-clock budget of one series before its worker is ended
const FILE_SECONDS = 45; // wall-clock budget of the whole file (the Python side waits 60 s)
const DAY = 86400;

function unixOfDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    throw new Error(`not a YYYY-MM-DD date: ${text}`);
  }
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 1000;
}

// ---------------------------------------------------------------------------------------------
// worker side: reads the file and expands the series from workerData.first on

function readCalendars(path) {
  const parsed = ICAL.parse(readFileSync(path, "utf8"));
  // one root component gives its jCal array, several give an array of them
  const roots = parsed.length > 0 && typeof parsed[0] === "string" ? [parsed] : parsed;
  return roots.map((jcal) => new ICAL.Component(jcal)).filter((root) => root.name === "vcalendar");
}

// One series: a master (or an override alone) and the overrides that share its UID, in file order.
function collectSeries(calendars) {
  const series = [];
  for (const calendar of calendars) {
    const masters = new Map();
    const overrides = new Map();
    const order = [];
    for (const component of calendar.getAllSubcomponents("vevent")) {
      const uid = component.getFirstPropertyValue("uid");
      const key = uid === null ? null : String(uid);
      if (component.hasProperty("recurrence-id")) {
        if (key === null) {
          order.push({ kind: "override", component });
          continue;
        }
        if (!overrides.has(key)) {
          overrides.set(key, []);
          order.push({ kind: "uid", key });
        }
        overrides.get(key).push(component);
      } else if (key === null || masters.has(key)) {
        // a second master with the same UID stands alone: ical.js has no rule for it
        order.push({ kind: "master", component, exceptions: [] });
      } else {
        masters.set(key, component);
        order.push({ kind: "uid", key });
      }
    }
    const seen = new Set();
    for (const item of order) {
      if (item.kind !== "uid") {
        series.push(item);
      } else if (!seen.has(item.key)) {
        seen.add(item.key);
        const master = masters.get(item.key);
        const exceptions = overrides.get(item.key) ?? [];
        if (master) {
          series.push({ kind: "master", component: master, exceptions });
        } else {
          for (const component of exceptions) {
            series.push({ kind: "override", component });
          }
        }
      }
    }
  }
  return series;
}

class Window {
  constructor(start, end) {
    this.startText = start;
    this.endText = end;
    this.start = unixOfDate(start);
    this.end = unixOfDate(end);
  }

  // floating and unresolved times are compared as if they were UTC, so they get a day's slack
  contains(time, resolved) {
    if (time.isDate) {
      const text = time.toString();
      return text >= this.startText && text < this.endText;
    }
    const slack = resolved ? 0 : DAY;
    const unix = time.toUnixTime();
    return unix >= this.start - slack && unix < this.end + slack;
  }
}

// Whether ical.js knows the instant of `time`: UTC, or a zone from a VTIMEZONE of the file.
function isResolved(time) {
  return time.isDate || time.zone !== ICAL.Timezone.localTimezone;
}

function wallSeconds(time) {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second) / 1000;
}

// The earliest onset among a VTIMEZONE's observances, as wall-clock seconds (cached per zone).
const onsets = new Map();
function firstOnset(zone) {
  if (!onsets.has(zone)) {
    let first = Infinity;
    for (const name of ["standard", "daylight"]) {
      for (const observance of zone.component.getAllSubcomponents(name)) {
        const start = observance.getFirstPropertyValue("dtstart");
        if (start) {
          first = Math.min(first, wallSeconds(start));
        }
      }
    }
    onsets.set(zone, first);
  }
  return onsets.get(zone);
}

// The JSON form of a start, or {reason} when ical.js would place it wrongly: before the first
// observance of its VTIMEZONE (or in one with none) ical.js takes the offset to be zero, where
// RFC 5545 leaves it open and other readers take TZOFFSETFROM or TZOFFSETTO.
function describe(time, tzid) {
  if (time.isDate) {
    return { start: time.toString() };
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    const wall = time.toString();
    return { start: tzid ? { wall, tzid } : { floating: wall } };
  }
  const zone = time.zone;
  if (zone !== ICAL.Timezone.utcTimezone && zone.component && wallSeconds(time) < firstOnset(zone)) {
    return { reason: `starts before the first observance of VTIMEZONE ${zone.tzid}: ical.js would use UTC+0` };
  }
  const text = time.convertToZone(ICAL.Timezone.utcTimezone).toString();
  return { start: text.endsWith("Z") ? text : `${text}Z` };
}

function tzidOf(event) {
  const property = event.component.getFirstProperty("dtstart");
  return property ? property.getParameter("tzid") : null;
}

function uidOf(component) {
  const uid = component.getFirstPropertyValue("uid");
  return uid === null ? null : String(uid);
}

function single(event, uid, occurrences) {
  const start = event.startDate;
  if (!start) {
    return [{ uid, reason: "no DTSTART" }];
  }
  const placed = describe(start, tzidOf(event));
  if (placed.reason) {
    return [{ uid, reason: placed.reason }];
  }
  occurrences.push({ uid, start: placed.start, date: start.isDate, recurring: false });
  return [];
}

function isExcluded(event, time) {
  for (const property of event.component.getAllProperties("exdate")) {
    for (const value of property.getValues()) {
      const same = value.isDate && !time.isDate
        ? value.toString() === time.toString().slice(0, 10)
        : value.compare(time) === 0;
      if (same) {
        return true;
      }
    }
  }
  return false;
}

// Series where ical.js's expansion is known to differ from what other apps show; they are
// reported under "unresolved" with the reason, and their occurrences are still printed.
function knownDeviations(event, uid) {
  const notes = [];
  const start = event.startDate;
  for (const property of event.component.getAllProperties("rrule")) {
    const rule = property.getFirstValue();
    const parts = Object.keys(rule.parts ?? {});
    if (rule.freq === "YEARLY" && parts.length === 0 && start.month === 2 && start.day === 29) {
      notes.push({
        uid,
        reason: "FREQ=YEARLY from 29 February: ical.js puts non-leap years on 1 March (ical.js issue 91)",
      });
    }
  }
  return notes;
}

// Expands one series into `occurrences` and returns what it could not place.
function expand(item, window, occurrences) {
  const uid = uidOf(item.component);
  if (item.kind === "override") {
    return single(new ICAL.Event(item.component, { exceptions: [] }), uid, occurrences);
  }
  const unresolved = [];
  const event = new ICAL.Event(item.component, { exceptions: [], strictExceptions: true });
  for (const exception of item.exceptions) {
    try {
      event.relateException(exception);
    } catch (error) {
      unresolved.push({ uid, reason: `override not related: ${error.message}` });
    }
  }
  const overrides = Object.values(event.exceptions);
  const dtstart = event.startDate;
  if (!dtstart) {
    return [...unresolved, { uid, reason: "no DTSTART" }];
  }
  if (!event.isRecurring()) {
    // an override can only replace DTSTART itself
    const details = event.getOccurrenceDetails(dtstart);
    unresolved.push(...single(details.item, uid, occurrences));
    for (const override of overrides) {
      if (override !== details.item) {
        unresolved.push({ uid, reason: `override ${override.recurrenceId} of an event that does not recur` });
      }
    }
    return unresolved;
  }
  unresolved.push(...knownDeviations(event, uid));
  const found = [];
  const used = new Set();
  const keep = (time) => {
    const details = event.getOccurrenceDetails(time);
    if (details.item !== event) {
      used.add(details.item);
    }
    const start = details.startDate;
    if (!window.contains(start, isResolved(start))) {
      return true;
    }
    if (found.length >= MAX_OCCURRENCES) {
      unresolved.push({ uid, reason: `capped at ${MAX_OCCURRENCES} occurrences` });
      return false;
    }
    const placed = describe(start, tzidOf(details.item));
    if (placed.reason) {
      unresolved.push({ uid, reason: placed.reason });
    } else {
      found.push({ uid, start: placed.start, date: start.isDate, recurring: true });
    }
    return true;
  };
  // Iterate to END, or further when an override from after END moves an occurrence into the window.
  let stop = window.end + DAY;
  for (const override of overrides) {
    const start = override.startDate;
    if (start && start.toUnixTime() < window.end + DAY) {
      stop = Math.max(stop, override.recurrenceId.toUnixTime() + DAY);
    }
  }
  const iterator = event.iterator();
  let steps = 0;
  let last = null;
  let complete = false;
  let sawStart = false;
  try {
    for (;;) {
      const value = iterator.next();
      if (!value) {
        complete = true;
        break;
      }
      // an RDATE;VALUE=PERIOD comes back as its period: the occurrence starts where it starts
      const next = value instanceof ICAL.Period ? value.start : value;
      last = next;
      if (next.toUnixTime() >= stop) {
        break;
      }
      if (++steps > MAX_STEPS) {
        unresolved.push({ uid, reason: `gave up after ${MAX_STEPS} recurrence steps` });
        break;
      }
      sawStart ||= next.compare(dtstart) === 0;
      if (!keep(next)) {
        break;
      }
    }
  } catch (error) {
    unresolved.push({ uid, reason: `ical.js failed while expanding: ${error.message}` });
  }
  const passed = complete || (last !== null && last.compare(dtstart) > 0);
  if (!sawStart && passed && !isExcluded(event, dtstart)) {
    if (!event.component.hasProperty("rrule")) {
      // ical.js's iterator drops DTSTART from an RDATE-only series, while Thunderbird (which
      // expands RDATEs itself) shows it, as RFC 5545 3.8.5.2 has it: put it back
      const before = found.length;
      keep(dtstart);
      if (found.length > before) {
        found.unshift(found.pop());
      }
    } else {
      unresolved.push({
        uid,
        reason: "DTSTART is not an occurrence of its RRULE: ical.js leaves it out, some apps show it (ical.js issue 294)",
      });
    }
  }
  occurrences.push(...found);
  for (const override of overrides) {
    const reached = complete || (last !== null && override.recurrenceId.compare(last) < 0);
    if (!used.has(override) && !override.modifiesFuture() && reached) {
      unresolved.push({ uid, reason: `override ${override.recurrenceId} matches no occurrence` });
    }
  }
  const reasons = new Set();
  return unresolved.filter(({ reason }) => !reasons.has(reason) && reasons.add(reason));
}

function work({ path, start, end, first }) {
  let calendars;
  let series;
  const zoneErrors = [];
  try {
    calendars = readCalendars(path);
    for (const calendar of calendars) {
      for (const zone of calendar.getAllSubcomponents("vtimezone")) {
        try {
          ICAL.TimezoneService.register(zone);
        } catch (error) {
          zoneErrors.push({ uid: null, reason: `VTIMEZONE not registered: ${error.message}` });
        }
      }
    }
    series = collectSeries(calendars);
  } catch (error) {
    parentPort.postMessage({ type: "error", message: String(error?.message ?? error) });
    return;
  }
  const window = new Window(start, end);
  parentPort.postMessage({ type: "count", count: series.length, unresolved: first === 0 ? zoneErrors : [] });
  for (let index = first; index < series.length; index++) {
    parentPort.postMessage({ type: "begin", index, uid: uidOf(series[index].component) });
    const occurrences = [];
    let unresolved;
    try {
      unresolved = expand(series[index], window, occurrences);
    } catch (error) {
      unresolved = [{ uid: uidOf(series[index].component), reason: `ical.js failed: ${error.message}` }];
    }
    parentPort.postMessage({ type: "series", index, occurrences, unresolved });
  }
  parentPort.postMessage({ type: "done" });
}

// ---------------------------------------------------------------------------------------------
// main side: runs workers, enforces the time budgets, prints the result

function main() {
  const [path, start, end] = process.argv.slice(2);
  if (!path || !start || !end) {
    console.error("usage: node occurrences.mjs FILE.ics START END [ZONE]");
    process.exit(2);
  }
  unixOfDate(start);
  unixOfDate(end);
  const result = { occurrences: [], unresolved: [] };
  const fileDeadline = Date.now() + FILE_SECONDS * 1000;
  let finished = false;

  const finish = (output) => {
    if (!finished) {
      finished = true;
      process.stdout.write(JSON.stringify(output) + "\n");
    }
  };

  const run = (first) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { path, start, end, first } });
    let current = null; // {index, uid} of the series being expanded
    let total = null;
    let timer = null;
    let stopped = false;

    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      worker.terminate();
    };
    const arm = () => {
      clearTimeout(timer);
      const budget = Math.min(SERIES_SECONDS * 1000, fileDeadline - Date.now());
      timer = setTimeout(() => {
        stop();
        const overall = Date.now() >= fileDeadline;
        if (current === null) {
          finish({ error: "ical.js did not finish reading the file in time" });
          return;
        }
        result.unresolved.push({
          uid: current.uid,
          reason: `ical.js did not finish expanding within ${SERIES_SECONDS} s`,
        });
        if (overall) {
          result.unresolved.push({ uid: null, reason: `file budget of ${FILE_SECONDS} s exhausted` });
          finish(result);
        } else if (current.index + 1 < total) {
          run(current.index + 1);
        } else {
          finish(result);
        }
      }, Math.max(budget, 0));
    };

    arm();
    worker.on("message", (message) => {
      if (stopped) {
        return;
      }
      if (message.type === "error") {
        stop();
        finish({ error: message.message });
      } else if (message.type === "count") {
        total = message.count;
        result.unresolved.push(...message.unresolved);
      } else if (message.type === "begin") {
        current = { index: message.index, uid: message.uid };
        arm();
      } else if (message.type === "series") {
        result.occurrences.push(...message.occurrences);
        result.unresolved.push(...message.unresolved);
      } else if (message.type === "done") {
        stop();
        finish(result);
      }
    });
    worker.on("error", (error) => {
      if (!stopped) {
        stop();
        finish({ error: `worker failed: ${error.message}` });
      }
    });
  };

  run(0);
}

if (isMainThread) {
  main();
} else {
  work(workerData);
}
