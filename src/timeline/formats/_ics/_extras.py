"""What a VEVENT gets beyond our own fields: a series' rule and dates, an override's
RECURRENCE-ID, an imported UID and what the calendar it came from had (`carried`).

A series is written as one VEVENT (RRULE, RDATE, EXDATE, never its expansion, so an endless one
stays endless), and each occurrence moved, changed or cancelled as a VEVENT of the same UID with
RECURRENCE-ID, as RFC 5545 (3.8.4.4, 3.8.5) and every calendar app write them. Dates that name
occurrences take the value type and zone of the series' DTSTART, which the RFC requires of
RECURRENCE-ID, EXDATE and UNTIL alike. Kept apart from `_writer`, whose events without any of
this never come here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from timeline._errors import FormatError, Location, ProblemCode
from timeline._model import Event, Repeats
from timeline._when import When
from timeline.formats._ics._text import SEQUENCE, X, clock_text, escape_text, fold, fold_ascii
from timeline.formats._ics._zones import UTC_NAMES

__all__ = ["HORIZON", "Extras", "Form", "form_of"]

#: Years past the timeline's latest day that a VTIMEZONE covers for a series with no UNTIL:
#: clients that read the zone from the file (Thunderbird, libical) need its changes in the years
#: they show, and an endless series has no last year.
HORIZON = 10
#: Properties the writer writes itself from the event's fields: carried lines may not hold them.
_OWN = frozenset(
    {
        "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION",
        "GEO", "STATUS", "CATEGORIES", "RELATED-TO", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
    }
)  # fmt: skip
#: Properties the writer writes at most once, which a carried line of the same name replaces.
_REPLACED = frozenset({"SEQUENCE", "TRANSP", "URL"})
#: Components that cannot sit inside a VEVENT.
_OUTER = frozenset({"VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"})
_NAME = re.compile(r"([A-Za-z0-9-]+)[;:]")
_BREAK = re.compile(r"\r\n|[\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CARRIED_HINT = (
    "carried['ics'] holds unfolded content lines as a calendar file has them (NAME:value), "
    "and none of the properties the writer writes from the event's fields"
)


@dataclass(frozen=True, slots=True)
class Form:
    """How a series' DTSTART is written, which its RDATE, EXDATE, UNTIL and its overrides'
    RECURRENCE-ID follow: all-day (VALUE=DATE), in a named zone (TZID), UTC, or floating."""

    kind: str  # "date", "zone", "utc" or "floating"
    zone: tzinfo | None = None  # the start's own zone: a ZoneInfo for "zone"
    key: str = ""  # the TZID, for "zone"

    @property
    def params(self) -> str:
        if self.kind == "date":
            return ";VALUE=DATE"
        return f";TZID={self.key}" if self.kind == "zone" else ""

    def text(self, value: date, start: date) -> str:
        """`value` (a day or a time) as this form writes it; a day in a timed series is taken
        at the series' time of day, a time in an all-day one as its day."""
        if self.kind == "date":
            day = value.date() if isinstance(value, datetime) else value
            return day.isoformat().replace("-", "")
        if not isinstance(value, datetime):
            wall = start.timetz() if isinstance(start, datetime) else time()
            value = datetime.combine(value, wall)
        if self.kind == "floating":
            return clock_text(value)
        if value.tzinfo is None:  # a wall time, read in the series' zone
            value = value.replace(tzinfo=self.zone)
        if self.kind == "utc":
            return clock_text(value.astimezone(UTC)) + "Z"
        assert self.zone is not None
        return clock_text(value.astimezone(self.zone))


def form_of(start: date) -> Form:
    """The form the writer gives a series starting at `start`: a named zone keeps its TZID
    (the rule repeats on its wall clock), a fixed offset or UTC is written in UTC."""
    if not isinstance(start, datetime):
        return Form("date")
    zone = start.tzinfo
    if zone is None:
        return Form("floating")
    key = zone.key if isinstance(zone, ZoneInfo) else None
    if key is None or key in UTC_NAMES:
        return Form("utc", zone)
    return Form("zone", zone, key)


def _until_fitted(value: str, form: Form, start: date) -> str:
    """An UNTIL of the value type RFC 5545 (3.3.10) requires beside this DTSTART: a date for
    an all-day series, a local time for a floating one, UTC for a zoned one. A plain UNTIL under
    a zoned start is read in the start's zone, as `_occurrences` reads it. The model has
    already put UNTIL in RFC 5545's form (`_rules.rule_text`)."""
    if len(value) == 8:
        if form.kind == "date":
            return value
        value += "T235959"  # a day: to its end
    wall = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if form.kind == "date":
        return clock_text(wall)[:8]
    if form.kind == "floating":
        return clock_text(wall)
    if value.endswith("Z"):
        return value
    zone = start.tzinfo if isinstance(start, datetime) else None
    return clock_text(wall.replace(tzinfo=zone).astimezone(UTC)) + "Z"


def rule_line(rule: str, form: Form, start: date) -> tuple[str, int | None]:
    """The RRULE line, as written but for an UNTIL of the wrong value type; and UNTIL's year."""
    parts = rule.split(";")
    year = None
    for index, part in enumerate(parts):
        name, _, value = part.partition("=")
        if name == "UNTIL":
            until = _until_fitted(value, form, start)
            parts[index] = f"UNTIL={until}"
            year = int(until[:4]) if until[:4].isdigit() else None
    return fold_ascii("RRULE:" + ";".join(parts)), year


def dates_line(name: str, values: tuple[When, ...], form: Form, start: date) -> str:
    """One RDATE or EXDATE line: every date in the series' form, sorted, comma-separated."""
    texts = sorted({form.text(value.start_point.value, start) for value in values})
    return fold_ascii(f"{name}{form.params}:{','.join(texts)}")


def _refused(event: Event, message: str, code: ProblemCode = ProblemCode.SYNTAX) -> FormatError:
    location = Location(event_id=event.id, field="carried")
    return FormatError(f"carried .ics lines {message}", location, _CARRIED_HINT, code=code)


def _unfolded(text: str) -> list[str]:
    """The carried text's lines; a line folded anyway is joined back."""
    lines: list[str] = []
    for line in _BREAK.split(text):
        if line.startswith((" ", "\t")) and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


@dataclass(slots=True)
class Carried:
    """An event's carried .ics lines, checked and folded, in their order; where SEQUENCE is
    among them (it takes the place of the writer's own), and the names of those the writer
    writes too."""

    sequence: str | None = None
    sequence_at: int = 0
    replacing: set[str] = field(default_factory=set)
    rest: list[str] = field(default_factory=list)


def carried_lines(event: Event) -> Carried:
    """What `event.carried["ics"]` adds, refused (located) where it would break the VEVENT."""
    found = Carried()
    inside: list[str] = []
    for line in _unfolded(event.carried.get("ics", "")):
        named = _NAME.match(line)
        if named is None or _CONTROL.search(line):
            raise _refused(event, f"hold {line[:40]!r}, which is no content line")
        name = named.group(1).upper()
        if name in ("BEGIN", "END"):
            component = line.partition(":")[2].strip().upper()
            if component in _OUTER:
                raise _refused(event, f"hold {line!r}: a {component} cannot be inside an event")
            if name == "BEGIN":
                inside.append(component)
            elif not inside or inside.pop() != component:
                raise _refused(event, f"close {component} without opening it")
        elif not inside and (name in _OWN or name.startswith(X)):
            raise _refused(event, f"hold {name}, which the writer writes from the event")
        elif not inside and name in _REPLACED:
            if name in found.replacing:
                raise _refused(event, f"hold {name} twice", ProblemCode.DUPLICATE)
            found.replacing.add(name)
            if name == "SEQUENCE":
                found.sequence, found.sequence_at = line, len(found.rest)
        found.rest.append(fold(line))
    if inside:
        raise _refused(event, f"leave {inside[-1]} open")
    return found


def _sequence_line(event: Event, carried: str) -> str:
    """SEQUENCE from the calendar's own, never lower than the writer's for the status."""
    value = carried.partition(":")[2].strip()
    if not value.isdigit():
        raise _refused(event, f"hold SEQUENCE {value!r}, which is no whole number")
    return f"SEQUENCE:{max(int(value), int(SEQUENCE.get(event.status, '0')))}"


@dataclass(slots=True)
class Extras:
    """The extra lines of one export's series, overrides, imported UIDs and carried lines, and
    the zone years they need."""

    domain: str
    #: The zones the file names, with their years (the writer's own, shared).
    zones: dict[str, set[int]]
    #: The series that have overrides in the timeline, by id.
    series: dict[str, Event] = field(default_factory=dict)
    #: (zone, first year, UNTIL's year or None) of each zoned series, covered at the end.
    spans: list[tuple[str, int, int | None]] = field(default_factory=list)

    def add(self, event: Event, lines: list[str], begin: int, dates: int) -> None:
        """Put the extras into the event's lines: `begin` is its BEGIN:VEVENT, `dates` how
        many DTSTART/DTEND lines follow its SEQUENCE. The writer's lines keep their places up
        to the dates (DTSTAMP's place is already noted)."""
        carried = carried_lines(event) if event.carried.get("ics") else Carried()
        uid, needs_id = self.uid(event)
        lines[begin + 1] = fold("UID:" + escape_text(uid))
        after = begin + 4 + dates
        if carried.sequence is not None:  # the calendar's own, where it had it
            carried.rest[carried.sequence_at] = _sequence_line(event, carried.sequence)
            del lines[begin + 3]
            after -= 1
        # a calendar's event without TRANSP is busy time (RFC 5545's default): ours says free
        imported = uid != f"{event.series or event.id}@{self.domain}"
        replaced = carried.replacing | ({"TRANSP"} if imported else set())
        for name in ("TRANSP", "URL"):  # the calendar's own, among the carried lines, instead
            if name in replaced:
                ours = [i for i in range(after, len(lines)) if lines[i].startswith(name + ":")]
                for at in reversed(ours):
                    del lines[at]
        lines[after:after] = self.recurrence(event)
        if needs_id:
            lines.append(f"{X}ID:{event.id}")
        lines += carried.rest

    def uid(self, event: Event) -> tuple[str, bool]:
        """The UID (an override's is its series'), and whether X-TIMELINE-ID must follow."""
        if event.series is not None:
            series = self.series.get(event.series)
            if series is not None and series.uid is not None:
                return series.uid, True
            return f"{event.series}@{self.domain}", True
        if event.uid is not None:
            return event.uid, True  # X-TIMELINE-ID says the UID is the calendar's, not ours
        return f"{event.id}@{self.domain}", False

    def recurrence(self, event: Event) -> list[str]:
        """A series' RRULE, RDATE and EXDATE, or an override's RECURRENCE-ID."""
        if event.repeats is not None:
            return self.series_lines(event.repeats, event.when.start_point.value)
        if event.series is None or event.occurrence is None:
            return []
        series = self.series.get(event.series)
        original = event.occurrence.start_point.value
        start = original if series is None else series.when.start_point.value
        form = form_of(start)
        self.note(form, [original], start)
        return [fold_ascii(f"RECURRENCE-ID{form.params}:{form.text(original, start)}")]

    def series_lines(self, repeats: Repeats, start: date) -> list[str]:
        form = form_of(start)
        lines: list[str] = []
        untils: list[int | None] = []
        for rule in repeats.rule:
            line, year = rule_line(rule, form, start)
            lines.append(line)
            untils.append(year)
        for name, values in (("RDATE", repeats.also), ("EXDATE", repeats.skip)):
            if values:
                lines.append(dates_line(name, values, form, start))
                self.note(form, [value.start_point.value for value in values], start)
        if form.kind == "zone":
            ends = None if None in untils or not untils else max(y for y in untils if y)
            self.spans.append((form.key, start.year, ends))
        return lines

    def note(self, form: Form, values: list[date], start: date) -> None:
        """Count the years of dates written with a TZID, so the VTIMEZONE covers them."""
        if form.kind != "zone":
            return
        years = self.zones.setdefault(form.key, set())
        for value in values:
            years.add(int(form.text(value, start)[:4]))

    def cover(self, latest: date) -> None:
        """Add each zoned series' years to its zone: through UNTIL, at most `HORIZON` years past
        the timeline's latest day (or the series' start) for one that ends later or never."""
        for key, first, until in self.spans:
            last = max(first, latest.year) + HORIZON
            if until is not None:
                last = min(last, until)
            self.zones.setdefault(key, set()).update(range(first, min(last, 9999) + 1))
