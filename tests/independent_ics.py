"""An independent reading of where calendar apps put each event of an .ics file.

A test that only asks our own .ics reader cannot catch that reader's mistakes, so this module asks
two parsers that share no code with it. ical.js is the parser inside Thunderbird; Node runs it
through tests/js/occurrences.mjs, which also expands recurring series (EXDATE, RECURRENCE-ID). The
icalendar package gives a second opinion on the starts of single events. ical.js carries no time
zone database, so the times it cannot place on its own (floating times, and TZIDs that no
VTIMEZONE in the file defines) are placed here with zoneinfo, as an app does with the system's.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

JS = Path(__file__).resolve().parent / "js"
SCRIPT = JS / "occurrences.mjs"
TIMEOUT_SECONDS = 60

# ical.js writes years without padding, so this is looser than ISO 8601
_STAMP = re.compile(r"(\d+)-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?")


@functools.total_ordering
@dataclass(frozen=True)
class Occurrence:
    """One place in the calendar: an aware UTC datetime for a timed event, a date for all day."""

    uid: str
    start: date | datetime
    recurring: bool

    def _key(self) -> tuple[str, datetime, bool, bool]:
        # dates and datetimes do not compare with each other; all-day sorts at its UTC midnight
        if isinstance(self.start, datetime):
            return self.uid, self.start, False, self.recurring
        return self.uid, datetime.combine(self.start, time(), UTC), True, self.recurring

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Occurrence):
            return NotImplemented
        return self._key() < other._key()


@dataclass(frozen=True, order=True)
class Unresolved:
    """Something ical.js (or zoneinfo after it) could not place, so a comparison must skip it."""

    uid: str
    reason: str


@dataclass(frozen=True)
class IcalJsReading:
    """All ical.js said about a file: what it placed and what it could not."""

    occurrences: tuple[Occurrence, ...]
    unresolved: tuple[Unresolved, ...]


def ical_js_occurrences(
    path: Path, start: date, end: date, *, zone: str = "UTC"
) -> list[Occurrence] | None:
    """Where ical.js puts each event: None when it cannot read the file at all.

    Single events come back wherever they are; a recurring series only with the occurrences that
    start in [start, end). Floating times are read in `zone`. What could not be placed is left
    out: `read_with_ical_js` says what and why.
    """
    reading = read_with_ical_js(path, start, end, zone=zone)
    return None if reading is None else sorted(reading.occurrences)


def read_with_ical_js(
    path: Path, start: date, end: date, *, zone: str = "UTC"
) -> IcalJsReading | None:
    """`ical_js_occurrences` together with the events and series that ical.js left unplaced."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the ical.js oracle: install nodejs")
    if not (JS / "node_modules" / "ical.js").is_dir():
        raise RuntimeError("ical.js is not installed: run `cd tests/js && npm ci`")
    command = [node, str(SCRIPT), str(Path(path).resolve()), start.isoformat(), end.isoformat()]
    try:
        done = subprocess.run(
            [*command, zone],
            cwd=JS,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        # the script limits itself to 45 s, so this is a fault of the oracle, not of the file
        raise RuntimeError(f"ical.js oracle did not answer within {TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        raise RuntimeError(f"ical.js oracle failed ({done.returncode}): {done.stderr.strip()}")
    answer = json.loads(done.stdout)
    if "error" in answer:
        return None
    window = (datetime.combine(start, time(), UTC), datetime.combine(end, time(), UTC))
    floating = ZoneInfo(zone)
    occurrences: list[Occurrence] = []
    unresolved = [
        Unresolved(_text(item.get("uid")), str(item["reason"])) for item in answer["unresolved"]
    ]
    for item in answer["occurrences"]:
        uid = _text(item.get("uid"))
        try:
            moment = _place(item["start"], floating)
        except ValueError as error:
            unresolved.append(Unresolved(uid, str(error)))
            continue
        recurring = bool(item["recurring"])
        if not recurring or _within(moment, start, end, window):
            occurrences.append(Occurrence(uid, moment, recurring))
    return IcalJsReading(tuple(occurrences), tuple(unresolved))


def icalendar_starts(path: Path, zone: str = "UTC") -> list[Occurrence] | None:
    """Where the icalendar package puts the events that do not recur: None if it cannot read them.

    A second opinion on the single events only: icalendar does not expand rules. An override
    (RECURRENCE-ID) whose series is not in the file counts as a single event, as in ical.js.
    A DTSTART whose TZID icalendar cannot resolve is left out.
    """
    floating = ZoneInfo(zone)
    found: list[Occurrence] = []
    with warnings.catch_warnings():
        # icalendar warns when it guesses a zone from a vendor TZID; the guess is what we want
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(Path(path).read_bytes(), multiple=True)
            for calendar in calendars:
                if calendar.name == "VCALENDAR":
                    found.extend(_single_starts(calendar, floating))
        except Exception:
            return None
    return sorted(found)


def _single_starts(calendar: Any, floating: ZoneInfo) -> list[Occurrence]:
    events = [part for part in calendar.subcomponents if part.name == "VEVENT"]
    masters = {_text(event.get("UID")) for event in events if "RECURRENCE-ID" not in event}
    found = []
    for event in events:
        uid = _text(event.get("UID"))
        if "RECURRENCE-ID" in event:
            if uid in masters:
                continue  # one occurrence of a series
        elif "RRULE" in event or "RDATE" in event:
            continue
        prop = event.get("DTSTART")
        if isinstance(prop, list):
            prop = prop[0] if prop else None
        value = getattr(prop, "dt", None)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                if "TZID" in prop.params:
                    continue  # a zone icalendar could not find is not a floating time
                value = value.replace(tzinfo=floating)
            found.append(Occurrence(uid, value.astimezone(UTC), recurring=False))
        elif isinstance(value, date):
            found.append(Occurrence(uid, value, recurring=False))
    return found


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _place(start: object, floating: ZoneInfo) -> date | datetime:
    """The UTC instant or date of one ical.js start, through zoneinfo where ical.js had no zone."""
    if isinstance(start, str):
        return _stamp(start, None)
    if isinstance(start, dict) and isinstance(start.get("floating"), str):
        return _stamp(start["floating"], floating)
    if isinstance(start, dict) and isinstance(start.get("wall"), str):
        tzid = str(start.get("tzid"))
        zone = iana_zone(tzid)
        if zone is None:
            raise ValueError(f"TZID {tzid!r} has no VTIMEZONE in the file and is no IANA zone")
        return _stamp(start["wall"], zone)
    raise ValueError(f"ical.js gave a start this module does not know: {start!r}")


def _stamp(text: str, zone: ZoneInfo | None) -> date | datetime:
    match = _STAMP.fullmatch(text)
    if match is None:
        raise ValueError(f"ical.js gave an unreadable time {text!r}")
    year, month, day, hour, minute, second, utc = match.groups()
    if hour is None:
        return date(int(year), int(month), int(day))  # ValueError outside years 1-9999
    wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    if utc:
        return wall.replace(tzinfo=UTC)
    if zone is None:
        raise ValueError(f"ical.js gave {text!r} without a zone")
    # fold=0: a repeated wall time is its first instant, a skipped one uses the offset before
    # the gap, as RFC 5545 3.3.5 asks
    return wall.replace(tzinfo=zone).astimezone(UTC)


def iana_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID names, past a vendor prefix such as /mozilla.org/20070129_1/."""
    parts = tzid.strip().strip('"').lstrip("/").split("/")
    for first in range(len(parts)):
        try:
            return ZoneInfo("/".join(parts[first:]))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None


def _within(
    moment: date | datetime, start: date, end: date, window: tuple[datetime, datetime]
) -> bool:
    if isinstance(moment, datetime):
        return window[0] <= moment < window[1]
    return start <= moment < end
