"""The .ics reader: icalendar parses, this module maps.

icalendar is lenient where files are careless (a broken value is kept aside in the component's
`errors` rather than refusing the file) and builds zones from a file's own VTIMEZONEs;
x-wr-timezone applies Google's X-WR-TIMEZONE; `_recurrence` tells series from the VEVENTs that
change one of their occurrences. A series is one event with its rule, never expanded here
(`timeline._occurrences` lists occurrences when asked). What is ours: the mapping to a timeline
(here, with each property's fields read in `_fields`; our X-TIMELINE-* properties give our own
exports back exactly), what no field holds kept as the file's lines (`_carried`), IANA names for
every zone (`_tzids`), and problems with file, line, event id and field (`_lines`). `_parse`
gets the components; a calendar written plainly is parsed a VEVENT at a time (`_pieces`), so
icalendar's tree of the whole file is never held.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import PurePath
from typing import Any, Final
from zoneinfo import ZoneInfo

import icalendar

from timeline._errors import (
    DateError,
    FormatError,
    Location,
    Problem,
    ProblemCode,
    Refused,
    TimelineWarning,
    warn,
    warn_each,
)
from timeline._field_types import SLUG_PATTERN, unique_id
from timeline._model import Timeline
from timeline._normalize import build_timeline, field_name
from timeline._occurrences import fitted, names_no_day
from timeline._options import OnError
from timeline._rules import rule_text
from timeline._when import When
from timeline.formats._common import Dialect, decode_utf8
from timeline.formats._ics import _recurrence
from timeline.formats._ics._carried import carried, carried_of, event_lines, rule_texts
from timeline.formats._ics._fields import (
    agrees,
    all_of,
    line_of,
    moment_text,
    raw,
    read_place,
    read_status,
    read_vote,
    slug,
    summary_of,
    text_of,
    unmarked_title,
    without_date_line,
)
from timeline.formats._ics._lines import LineIndex, PieceLines
from timeline.formats._ics._parse import parse, refuse_without_events
from timeline.formats._ics._pieces import NotPlainError, Pieces, index
from timeline.formats._ics._quirks import rule_as_meant, with_x_wr_timezone, x_wr_shift
from timeline.formats._ics._series_zones import lasting_zone
from timeline.formats._ics._text import (
    END_ADDED,
    MARK_DESCRIPTION,
    RELTYPE,
    SEQUENCE,
    X,
    one_line,
    read_fields,
    read_list,
    split_escaped,
    unescape_text,
)
from timeline.formats._ics._tzids import Resolved, iana_named, resolve

__all__ = ["OnError", "from_calendars", "read"]

_SLUG = re.compile(SLUG_PATTERN)
_MAPPED = frozenset({"DTSTART", "DTEND", "DURATION"})  # a broken one is the event's problem
_FIELD_PROPERTIES: dict[str, tuple[str, ...]] = {
    "id": ("UID",),
    "title": ("SUMMARY",),
    "when": (f"{X}WHEN", "DTSTART"),
    "kind": (f"{X}KIND",),
    "status": (f"{X}STATUS", "STATUS"),
    "tags": ("CATEGORIES",),
    "place": ("LOCATION",),
    "participants": (f"{X}PARTICIPANTS",),
    "absent": (f"{X}ABSENT",),
    "when_text": (f"{X}WHEN-TEXT",),
    "as_of": (f"{X}AS-OF",),
    "sources": (f"{X}SOURCE",),
    "links": ("RELATED-TO",),
    "vote": (f"{X}VOTE",),
    "note": (f"{X}NOTE",),
    "summary": ("DESCRIPTION",),
}
_NESTED_PROPERTIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("place", "lat"): ("GEO",),
    ("place", "lon"): ("GEO",),
    ("place", "country"): (f"{X}PLACE",),
    ("place", "timezone"): (f"{X}PLACE",),
    ("vote", "positions"): (f"{X}VOTE-POSITIONS",),
}
_HEADER_PROPERTIES: dict[str, tuple[str, ...]] = {
    "title": ("NAME", "X-WR-CALNAME"),
    "timezone": (f"{X}TIMEZONE", "X-WR-TIMEZONE"),
    "updated": (f"{X}UPDATED",),
    "organisations": (f"{X}ORGANISATION",),
}
_DATE_HINT = "write DTSTART as YYYYMMDD, or YYYYMMDDTHHMMSS with a TZID or a final Z"


class _UnreadableError(Exception):
    """A date value that cannot be understood; becomes a located problem."""

    def __init__(self, message: str, hint: str = _DATE_HINT) -> None:
        super().__init__(message)
        self.hint = hint


def _tags(component: icalendar.Component, kind: str, ours: bool) -> list[str]:
    """CATEGORIES as tags: ours after the kind, as written; anyone else's made into slugs."""
    categories = [
        unescape_text(part).strip()
        for prop in all_of(component, "CATEGORIES")
        for part in split_escaped(raw(prop), ",")
    ]
    if ours:
        return categories[1:] if categories[:1] == [kind] else categories
    return list(dict.fromkeys(tag for tag in map(slug, categories) if tag))


def _read_ours(component: icalendar.Component, data: dict[str, Any]) -> None:
    """Our X-TIMELINE- properties that are a field as they stand: who took part and who stayed
    away, the date as written and the day it was read against."""
    for field, name in (("participants", "PARTICIPANTS"), ("absent", "ABSENT")):
        codes = read_list(raw(prop) for prop in all_of(component, f"{X}{name}"))
        if codes:
            data[field] = codes
    for field, name in (("when_text", "WHEN-TEXT"), ("as_of", "AS-OF")):
        value = line_of(component, f"{X}{name}")
        if value is not None:
            data[field] = value


class _Reader:
    """One read: the calendars' events as raw tables for `build_timeline`, with their lines."""

    def __init__(
        self,
        calendars: Sequence[icalendar.Component],
        lines: LineIndex,
        source: str | None,
        zone: ZoneInfo | None,
        on_error: OnError,
        pieces: Pieces | None = None,
    ) -> None:
        self.calendar = calendars[0]
        #: A calendar read in pieces: its VEVENTs are parsed one at a time, and the warnings
        #: held until all are (a piece icalendar refuses sends the file the old road).
        self.pieces = pieces
        self.held: list[Warning] = []
        self.calendars = calendars
        #: What our writer added to SUMMARY and DESCRIPTION (X-TIMELINE-MARKERS), to take off.
        self.markers = frozenset(
            part.strip().lower()
            for part in read_list(raw(prop) for prop in all_of(self.calendar, f"{X}MARKERS"))
        )
        self.lines = lines
        self.source = source
        self.zone = zone
        self.skip = on_error == "skip"
        self.problems: list[Problem] = []
        #: event index -> (VEVENT ordinal, ids of its own properties' nth offsets)
        self.origins: list[int] = []
        self.locations = {
            str(tz.get("TZID", "")): text_of(tz, "X-LIC-LOCATION")
            for calendar in calendars
            for tz in calendar.walk("VTIMEZONE")
        }
        self.zone_notes: set[str] = set()
        #: The zones the file defines, as icalendar builds them from each VTIMEZONE.
        self.file_zones: dict[str, tzinfo] = {}
        self.resolved: dict[tuple[str, int, timedelta | None], Resolved] = {}
        for calendar in calendars:
            for definition in calendar.walk("VTIMEZONE"):
                assert isinstance(definition, icalendar.Timezone)
                try:
                    # a new zone: icalendar would reuse one of the same name from another file
                    zone = definition.to_tz(lookup_tzid=False)
                    self.file_zones[str(definition.get("TZID", ""))] = zone
                except Exception:  # a broken VTIMEZONE: its TZID is read as a name alone
                    continue
        #: UIDs of the file -> ids of the events read from them, for RELATED-TO.
        self.by_uid: dict[str, str] = {}
        #: The UIDs of the file's series, and of those that are a calendar's, not ours (their
        #: overrides are too).
        self.series_uids: set[str] = set()
        self.series_zones: dict[str, tzinfo] = {}
        self.imported_uids: set[str] = set()
        #: Whether a series is being read: its zone must keep the file's rules for years.
        self.spanning = False
        #: The VEVENT being read and its UID, for warnings from deep inside its dates.
        self.current: tuple[int | None, str | None] = (None, None)

    # -- locating ---------------------------------------------------------------------------

    def locate(self, index: int | None, path: tuple[str | int, ...]) -> int | None:
        if index is None:
            names = _HEADER_PROPERTIES.get(str(path[0])) if path else None
            return self.lines.property(None, names) if names else None
        ordinal = self.origins[index]
        if not path:
            return self.lines.event(ordinal)
        key = (str(path[0]), str(path[1])) if len(path) > 1 else None
        names = _NESTED_PROPERTIES.get(key) if key else None
        names = names or _FIELD_PROPERTIES.get(str(path[0]), ())
        nth = 0
        if path[0] in ("sources", "links") and len(path) > 1 and isinstance(path[1], int):
            nth = path[1]
        begin = self.lines.event(ordinal)
        for name in names:
            line = self.lines.property(ordinal, (name,), int(nth))
            if line is not None and line != begin:
                return line
        return begin

    def warn(self, ordinal: int | None, uid: str | None, message: str) -> None:
        line = self.lines.event(ordinal) if ordinal is not None else None
        where = Location(file=self.source, line=line)
        subject = f"event {uid!r} " if uid else ""
        self.emit(TimelineWarning(f"{where}: {subject}{message}"))

    def emit(self, warning: Warning) -> None:
        """Warn now, or hold the warning while a calendar is read in pieces."""
        if self.pieces is None:
            warn(warning)
        else:
            self.held.append(warning)

    # -- the calendar -----------------------------------------------------------------------

    def header(self) -> dict[str, Any]:
        calendar = self.calendar
        head: dict[str, Any] = {}
        title = (line_of(calendar, "NAME") or line_of(calendar, "X-WR-CALNAME") or "").strip()
        if not title and self.source:
            title = PurePath(self.source).stem
        head["title"] = title or "Imported calendar"
        described = text_of(calendar, "DESCRIPTION") or text_of(calendar, "X-WR-CALDESC")
        if described is not None:
            head["description"] = described
        ours = text_of(calendar, f"{X}TIMEZONE")
        if ours is not None:
            head["timezone"] = ours.strip()
        elif (google := text_of(calendar, "X-WR-TIMEZONE")) is not None:
            key = iana_named(google)
            if key is not None:
                head["timezone"] = key
            else:
                self.warn(None, None, f"X-WR-TIMEZONE {google!r} names no time zone; left out")
        updated = text_of(calendar, f"{X}UPDATED")
        if updated is not None:
            head["updated"] = updated.strip()
        organisations = {}
        for prop in all_of(calendar, f"{X}ORGANISATION"):
            parts = [one_line(part) for part in read_fields(raw(prop))]
            acronym, name = [*parts, ""][:2]
            organisations[acronym] = name
        if organisations:
            head["organisations"] = organisations
        return head

    def events(self) -> list[dict[str, Any]]:
        """Every VEVENT as one event, in file order: a series with its rule, an override as
        the occurrence of its series it changes."""
        pieces = self.pieces
        components = (
            pieces.stubs()
            if pieces is not None
            else [event for calendar in self.calendars for event in calendar.walk("VEVENT")]
        )
        singles, series = _recurrence.group(components)
        taken = {given for each in components if (given := self.given_id(each)) is not None}
        self.series_uids = {each.uid for each in series}
        self.imported_uids = {
            each.uid
            for each in series
            if self.given_id(each.master) is not None or text_of(each.master, f"{X}KIND") is None
        }
        planned: list[tuple[int, icalendar.Component, str, dict[str, Any]]] = []
        for ordinal, component in singles:
            if "RECURRENCE-ID" in component:
                uid = (text_of(component, "UID") or "").strip()
                self.warn(
                    ordinal,
                    uid,
                    "changes one occurrence (RECURRENCE-ID) of a series that is not in the "
                    "file; read as an event of its own",
                )
            planned.append((ordinal, component, self.new_id(component, taken), {}))
        for each in series:
            series_id = self.new_id(each.master, taken)
            planned.append((each.ordinal, each.master, series_id, {"repeats": True}))
            for ordinal, override in each.overrides:
                given = self.given_id(override)
                override_id = given or self.override_id(series_id, override, taken)
                extra = {"series": series_id, "occurrence": each.master}
                planned.append((ordinal, override, override_id, extra))
        planned.sort(key=lambda item: item[0])
        built: list[dict[str, Any]] = []
        del components, singles, series
        planned.reverse()  # taken from the end, so each stub is dropped once its event is read
        while planned:
            ordinal, component, event_id, extra = planned.pop()
            if pieces is not None:  # the stub made way for the whole VEVENT
                component = _recurrence.whole(pieces.full(ordinal), "series" in extra)
            self.spanning = "repeats" in extra
            data = self.event(ordinal, component, event_id)
            if data is None:
                continue
            if extra:
                self.read_series(ordinal, component, data, extra)
            self.spanning = False
            self.origins.append(ordinal)
            built.append(data)
        return built

    @staticmethod
    def given_id(component: icalendar.Component) -> str | None:
        """The id our writer gave an event whose UID does not give it back (X-TIMELINE-ID)."""
        given = (text_of(component, f"{X}ID") or "").strip()
        return given or None

    def new_id(self, component: icalendar.Component, taken: set[str]) -> str:
        """X-TIMELINE-ID first; our UIDs give the id back; others are slugged and made unique in
        order. The first event (or series) read from a UID is what RELATED-TO that UID points
        at."""
        uid = (text_of(component, "UID") or "").strip()
        event_id = self.given_id(component)
        if event_id is None:
            base = uid.rpartition("@")[0] if "@" in uid else uid
            if not _SLUG.fullmatch(base) or len(base) > 120:
                base = slug(base) or slug(uid) or "event"
            event_id = unique_id(base, taken)
        self.by_uid.setdefault(uid, event_id)
        return event_id

    def override_id(self, series_id: str, component: icalendar.Component, taken: set[str]) -> str:
        """`<series>-YYYY-MM-DD`, the day of the occurrence's original start, with `tHHMM`
        when another of the series falls on that day."""
        value = _recurrence.value_of(component.get("RECURRENCE-ID"))
        if not isinstance(value, date):
            return unique_id(series_id, taken)
        day = value.date() if isinstance(value, datetime) else value
        stem = f"{series_id}-{day.isoformat()}"
        if stem in taken and isinstance(value, datetime):
            stem += f"t{value.hour:02d}{value.minute:02d}"
        return unique_id(stem, taken)

    # -- series ---------------------------------------------------------------------------

    def read_series(
        self,
        ordinal: int,
        component: icalendar.Component,
        data: dict[str, Any],
        extra: dict[str, Any],
    ) -> None:
        """A series' rule and dates (`repeats`), or the series and original start of an
        occurrence it changes (`series`, `occurrence`), in the form of the series' DTSTART."""
        master = component if "repeats" in extra else extra["occurrence"]
        try:
            start = self.value(all_of(master, "DTSTART")[0], "DTSTART")
        except (_UnreadableError, IndexError):
            return  # the series' own date is the problem, reported where it is read
        uid = (text_of(component, "UID") or "").strip() or data["id"]
        start = self.series_zone(start, uid, data.get("when") if "repeats" in extra else None)
        if "series" in extra:
            try:
                value = self.value(all_of(component, "RECURRENCE-ID")[0], "RECURRENCE-ID")
            except _UnreadableError as problem:
                self.warn(ordinal, uid, f"{problem}; read as an event of its own")
                return
            data["series"] = extra["series"]
            data["occurrence"] = self.date_text(fitted(value, start))
            return
        lines = event_lines(self.lines, ordinal, component)
        rules = self.rules(ordinal, uid, rule_texts(lines, component))
        repeats: dict[str, Any] = {"rule": rules}
        for field, name in (("also", "RDATE"), ("skip", "EXDATE")):
            values = self.dates_of(ordinal, uid, component, name)
            found = dict.fromkeys(self.date_text(fitted(v, start)) for v in values)
            if found:
                repeats[field] = list(found)
        if rules or "also" in repeats:
            data["repeats"] = repeats
            self.warn_expired(ordinal, uid, component, rules, "also" in repeats)

    def series_zone(self, start: date, uid: str, when: object) -> date:
        """DTSTART in the zone the series' `when` is read in (X-TIMELINE-WHEN may say `Z` where
        DTSTART's zone is named UTC), kept by UID for its overrides, so its dates match it."""
        if not isinstance(start, datetime) or start.tzinfo is None:
            return start
        zone = self.series_zones.get(uid)
        if isinstance(when, str):
            try:
                value = When.parse(when).start_point.value
            except DateError:
                value = None
            if isinstance(value, datetime) and value.tzinfo is not None:
                zone = self.series_zones[uid] = value.tzinfo
        return start if zone is None else start.astimezone(zone)

    def rules(self, ordinal: int, uid: str, written: list[str]) -> list[str]:
        """The rules the model can read; one it cannot is left out with a warning."""
        rules: list[str] = []
        for text in written:
            try:
                rules.append(rule_text(rule_as_meant(text)))
            except Refused as error:
                self.warn(ordinal, uid, f"has a repeat rule that cannot be read ({error})")
                continue
            if names_no_day(rules[-1]):
                self.warn(
                    ordinal,
                    uid,
                    f"has a repeat rule whose BYMONTH and BYMONTHDAY name no day of any year "
                    f"({text}); that rule gives no occurrence, DTSTART still does",
                )
        return rules

    def dates_of(
        self, ordinal: int, uid: str, component: icalendar.Component, name: str
    ) -> list[date]:
        """Every date of every RDATE or EXDATE line, each resolved as DTSTART is; a PERIOD
        gives its start (an occurrence's own length is its series')."""
        found: list[date] = []
        for prop in all_of(component, name):
            if isinstance(prop, icalendar.prop.vBroken):
                continue  # icalendar could not read the line: `warn_unread_lines` said so
            for item in prop.dts:
                moment = _recurrence.value_of(item)
                if isinstance(moment, tuple):
                    line = self.lines.property(ordinal, (name,))
                    where = Location(file=self.source, line=line)
                    self.emit(
                        TimelineWarning(
                            f"{where}: event {uid!r} has {name} as a PERIOD; read as its start, "
                            "each occurrence lasting as the series does"
                        )
                    )
                    item = icalendar.vDDDTypes(moment[0])
                    item.params = prop.params
                try:
                    found.append(self.value(item, name))
                except _UnreadableError as problem:
                    self.warn(ordinal, uid, f"{problem}; left out")
        return found

    @staticmethod
    def date_text(value: date) -> str:
        """A series' date as its `when` is written: a time at a fixed offset (`Z`, `+04:00`)
        as that, one in a zone with the zone's name."""
        if not isinstance(value, datetime):
            return value.isoformat()
        if value.tzinfo is not None and not isinstance(value.tzinfo, ZoneInfo):
            return str(When.from_value(value))
        return moment_text(value)

    def warn_expired(
        self,
        ordinal: int,
        uid: str,
        component: icalendar.Component,
        rules: list[str],
        also: bool,
    ) -> None:
        """A rule whose UNTIL is before DTSTART repeats nothing, but RFC 5545 counts DTSTART as
        the first instance (khal and Google show it): said at the RRULE's line."""
        expired = _recurrence.expired(component)
        if not expired:
            return
        until = " and ".join(f"UNTIL={each}" for each in expired)
        kept = (
            "so only the first instance, DTSTART, occurs"
            if len(expired) == len(rules) and not also
            else "so that rule gives nothing and DTSTART is kept as the first instance"
        )
        where = Location(file=self.source, line=self.lines.property(ordinal, ("RRULE",)))
        message = f"event {uid!r} has RRULE {until}, before its DTSTART, {kept}"
        self.emit(TimelineWarning(f"{where}: {message}"))

    # -- one event --------------------------------------------------------------------------

    def event(
        self, ordinal: int, component: icalendar.Component, event_id: str
    ) -> dict[str, Any] | None:
        """The raw fields of one VEVENT, or None when its dates are unreadable and skipped."""
        uid = (text_of(component, "UID") or "").strip() or None
        self.warn_unread_lines(ordinal, component, uid or event_id)
        data: dict[str, Any] = {"id": event_id}
        if not self.read_when(ordinal, component, event_id, uid, data):
            return None
        kind = text_of(component, f"{X}KIND")
        ours = kind is not None
        data["kind"] = kind.strip() if kind is not None else "other"
        data["status"] = read_status(component)
        title = line_of(component, "SUMMARY") or ""
        if ours and self.markers:
            title = unmarked_title(
                title, self.markers, text_of(component, f"{X}WHEN"), data["status"]
            )
        data["title"] = title.strip() or "(no title)"
        data["tags"] = _tags(component, data["kind"], ours)
        place = read_place(component)
        if place is not None:
            data["place"] = place
        _read_ours(component, data)
        data["sources"] = self.sources(component, ours)
        links = self.links(ordinal, component, uid or event_id)
        if links:
            data["links"] = links
        vote = read_vote(component)
        if vote is not None:
            data["vote"] = vote
        note = text_of(component, f"{X}NOTE")
        if note is not None:
            data["note"] = note
        data["summary"] = self.summary(component, ours, data)
        self.read_identity(ordinal, component, ours, data)
        return data

    def read_identity(
        self, ordinal: int, component: icalendar.Component, ours: bool, data: dict[str, Any]
    ) -> None:
        """A calendar app's UID, kept exactly, and what no field holds (`carried`). Ours give
        a calendar's UID back too (X-TIMELINE-ID then names the id). An override's UID is its
        series': the series keeps it, and the override's lines are a calendar's when its
        series' are."""
        written = (text_of(component, "UID") or "").strip()
        key = str(component.get("UID", "")).strip()  # as `_recurrence.group` keys a series
        override = "RECURRENCE-ID" in component and key in self.series_uids
        if override:
            imported = key in self.imported_uids
        else:
            imported = not ours or self.given_id(component) is not None
            if imported and written:
                data["uid"] = text_of(component, "UID")
        lines = event_lines(self.lines, ordinal, component)
        mine = not imported  # the lines our writer writes for our own events are not carried
        own = SEQUENCE.get(data.get("status", ""), "0")  # the writer's own for the status
        kept = carried_of(component, mine, own) if lines is None else carried(lines, mine, own)
        if kept:
            data["carried"] = {"ics": kept}

    def warn_unread_lines(self, ordinal: int, component: icalendar.Component, name: str) -> None:
        """A warning for each line icalendar could not read and no other step reports."""
        for line, message in component.errors:
            if line not in _MAPPED:
                what = f"its {line} line" if line else "a line"
                self.warn(ordinal, name, f"{what} cannot be read ({message}); left out")

    def read_when(
        self,
        ordinal: int,
        component: icalendar.Component,
        event_id: str,
        uid: str | None,
        data: dict[str, Any],
    ) -> bool:
        """Put the event's date in `data`; False when it is unreadable and the event skipped
        (with a warning), else an unreadable date is a problem at its lines."""
        try:
            self.current = (ordinal, uid or event_id)
            data["when"] = self.when(component)
        except _UnreadableError as problem:
            where = Location(
                self.source,
                self.lines.property(ordinal, ("DTSTART", "DTEND", "DURATION")),
                event_id,
                field_name(("when",)),
            )
            if self.skip:
                self.emit(TimelineWarning(f"{where}: {problem}; the event is left out"))
                return False
            self.problems.append(Problem(str(problem), where, problem.hint, ProblemCode.DATE))
        return True

    def summary(self, component: icalendar.Component, ours: bool, data: dict[str, Any]) -> str:
        """DESCRIPTION less what our writer added: the date line, absentees, vote and sources."""
        description = text_of(component, "DESCRIPTION")
        if description and ours and MARK_DESCRIPTION in self.markers:
            description = without_date_line(description)
        if not description:
            return ""
        return summary_of(description, data.get("vote"), data["sources"], data.get("absent"))

    def when(self, component: icalendar.Component) -> str:
        written = text_of(component, f"{X}WHEN")
        derived = self.derived_when(component, written is None)
        if written is None:
            assert derived is not None
            return derived
        text = written.strip()
        if derived is None:
            return text
        try:
            theirs = When.parse(derived)
            return text if agrees(When.parse(text), theirs) else derived
        except DateError:
            return text  # the written form is wrong: build_timeline says how, at its line

    def derived_when(self, component: icalendar.Component, needed: bool) -> str | None:
        """The event's dates as EDTF, from DTSTART and DTEND (exclusive) or DURATION."""
        found = all_of(component, "DTSTART")
        if not found:
            if needed:
                raise _UnreadableError("the event has no DTSTART")
            return None
        try:
            start = self.value(found[0], "DTSTART")
        except _UnreadableError:
            if needed:
                raise
            return None
        try:
            end = self.end(component, start)
        except _UnreadableError as problem:  # apps still show the event at its start
            ordinal, uid = self.current
            self.warn(ordinal, uid, f"{problem}; read without its end")
            end = None
        if not isinstance(start, datetime):
            last = start
            if end is not None and not isinstance(end, datetime):
                last = max(start, end - timedelta(days=1))
            return start.isoformat() if last == start else f"{start.isoformat()}/{last.isoformat()}"
        if not isinstance(end, datetime):
            return moment_text(start)
        if (start.tzinfo is None) != (end.tzinfo is None):
            ordinal, uid = self.current
            self.warn(ordinal, uid, "one of DTSTART and DTEND is floating; read without its end")
            return moment_text(start)
        if start.tzinfo is not None:
            end = end.astimezone(start.tzinfo)  # both ends of a When share the start's zone
        if end <= start:
            return moment_text(start)
        return f"{moment_text(start)}/{moment_text(end)}"

    def end(self, component: icalendar.Component, start: date) -> date | None:
        """DTEND, else DTSTART plus DURATION, else None (also when our writer added DTEND only
        for calendar apps, to a moment)."""
        added = text_of(component, f"{X}END")
        if added is not None and added.strip().lower() == END_ADDED:
            return None
        ends, lengths = all_of(component, "DTEND"), all_of(component, "DURATION")
        if ends:
            return self.value(ends[0], "DTEND")
        if not lengths:
            return None
        length = _recurrence.value_of(lengths[0])
        if not isinstance(length, timedelta):
            raise _UnreadableError(
                f"DURATION {raw(lengths[0])!r} is not a duration such as PT1H30M or P2D"
            )
        try:
            return start + length
        except OverflowError:
            raise _UnreadableError(
                f"DURATION {raw(lengths[0])} takes the event past the year 9999"
            ) from None

    def value(self, prop: Any, name: str) -> date:
        """A DATE, or a DATE-TIME in an IANA zone, to the second."""
        value = _recurrence.value_of(prop)
        if not isinstance(value, date):
            raise _UnreadableError(f"{name} {raw(prop)!r} is not a date (YYYYMMDD) or date-time")
        if not isinstance(value, datetime):
            return value
        wall = value.replace(microsecond=0)  # seconds are kept, as written
        tzid = prop.params.get("TZID")
        try:
            if tzid is not None:
                # the wall time as written: icalendar's or x-wr-timezone's zone is not trusted
                # (x-wr-timezone takes a VTIMEZONE without TZNAME for floating)
                return self.in_zone_named(str(tzid), wall.replace(tzinfo=None))
            if wall.tzinfo is None:
                # floating: kept so, unless the reader was told the zone it was meant in
                return wall if self.zone is None else self.localize(wall, self.zone)
            return wall if isinstance(wall.tzinfo, ZoneInfo) else wall.astimezone(UTC)
        except (OverflowError, ValueError):
            raise _UnreadableError(f"{name} {raw(prop)} is out of the range of dates") from None

    def in_zone_named(self, tzid: str, wall: datetime) -> datetime:
        """A wall time in the zone a TZID names: the file's own VTIMEZONE when it has one,
        kept under the IANA name whose rules agree with it, else by the name alone."""
        theirs = self.file_zones.get(tzid)
        if theirs is None:
            key = iana_named(tzid)
            if key is None:
                raise _UnreadableError(
                    f"unknown time zone TZID={tzid!r}, and the file has no VTIMEZONE for it",
                    "name the zone by its IANA name (TZID=Asia/Almaty), or define it in a "
                    "VTIMEZONE",
                )
            return self.localize(wall, ZoneInfo(key))
        instant = wall.replace(tzinfo=theirs).astimezone(UTC)
        zone_key = (tzid, instant.year, instant.astimezone(theirs).utcoffset())
        resolved = self.resolved.get(zone_key)
        if resolved is None:  # the same answer for the whole year at the same offset
            resolved = self.resolved[zone_key] = resolve(
                tzid, theirs, instant, self.locations.get(tzid)
            )
        if resolved.note is not None and resolved.note not in self.zone_notes:
            self.zone_notes.add(resolved.note)
            self.warn(None, None, resolved.note)
        zone = resolved.zone
        if self.spanning and (zone.key.startswith("Etc/") or zone.key == "UTC"):
            zone = lasting_zone(tzid, theirs, instant, zone)  # a series keeps the file's rules
        return instant.astimezone(zone)

    @staticmethod
    def localize(wall: datetime, zone: ZoneInfo) -> datetime:
        # RFC 5545: a repeated time is the first one; a skipped time takes the offset before
        return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)

    def sources(self, component: icalendar.Component, ours: bool) -> list[dict[str, Any]]:
        sources: list[dict[str, Any]] = []
        for prop in all_of(component, f"{X}SOURCE"):
            fields = [one_line(field) for field in read_fields(raw(prop))]
            publisher, title, url, published = [*fields, "", "", "", ""][:4]
            source: dict[str, Any] = {"publisher": publisher, "title": title}
            if url:
                source["url"] = url
            if published:
                source["published"] = published
            sources.append(source)
        if sources or ours:
            return sources
        # a calendar app's event: the calendar itself is the source, and its URL if it has one
        name = (
            line_of(self.calendar, "X-WR-CALNAME") or line_of(self.calendar, "NAME") or ""
        ).strip()
        if not name and self.source:
            name = PurePath(self.source).name
        title = (line_of(component, "SUMMARY") or "").strip() or "calendar entry"
        fallback: dict[str, Any] = {"publisher": name or "iCalendar file", "title": title}
        url = (text_of(component, "URL") or "").strip()
        if re.fullmatch(r"https?://[^\s<>\"]+", url):
            fallback["url"] = url
        return [fallback]

    def links(self, ordinal: int, component: icalendar.Component, uid: str) -> list[dict[str, str]]:
        relations = {reltype: rel.value for rel, reltype in RELTYPE.items()}
        links: list[dict[str, str]] = []
        for prop in all_of(component, "RELATED-TO"):
            reltype = str(prop.params.get("RELTYPE", "PARENT")).upper()
            target_uid = unescape_text(raw(prop)).strip()
            target = self.by_uid.get(target_uid)
            if reltype not in relations:
                self.warn(
                    ordinal, uid, f"has RELATED-TO;RELTYPE={reltype}, which has no equivalent"
                )
            elif target is None:
                self.warn(ordinal, uid, f"is related to {target_uid!r}, which is not in the file")
            else:
                links.append({"rel": relations[reltype], "target": target})
        return links


def _floating_zone(zone: str | ZoneInfo, source: str | None) -> ZoneInfo:
    """The zone the reader was told floating times are in."""
    key = zone.key if isinstance(zone, ZoneInfo) else iana_named(zone)
    if key is None:
        raise FormatError(
            f"unknown time zone {zone!r} for floating times",
            Location(file=source),
            "name an IANA time zone, such as Europe/Paris or Asia/Almaty",
            code=ProblemCode.ZONE,
        )
    return ZoneInfo(key)


def from_calendars(
    calendars: Sequence[icalendar.Component],
    text: str | None,
    source: str | None = None,
    *,
    zone: str | ZoneInfo | None = None,
    on_error: OnError = "strict",
    pieces: Pieces | None = None,
) -> Timeline:
    """Map parsed calendars to a timeline (`text`, when known, only locates problems); with
    `pieces`, their VEVENTs are parsed one at a time.

    Raises:
        NotPlainError: with `pieces`, for a VEVENT icalendar refuses alone, or an X-WR-TIMEZONE
            that cannot be applied; nothing has been warned yet.
    """
    if on_error not in ("strict", "skip"):
        raise FormatError(f"unknown policy on_error={on_error!r}", hint="use 'strict' or 'skip'")
    calendars = [each for each in calendars if each.name == "VCALENDAR"]
    if not calendars:
        raise FormatError(
            "no VCALENDAR in the file",
            Location(file=source),
            "is this an .ics file?",
            code=ProblemCode.MISSING,
        )
    default = None if zone is None else _floating_zone(zone, source)
    if default is None and pieces is not None:
        try:
            pieces.shift = x_wr_shift(calendars[0])
        except ValueError:
            raise NotPlainError from None  # read whole, where it is warned about once
    if default is None:
        calendars = [with_x_wr_timezone(each, source) for each in calendars]
    if pieces is None:  # a calendar read in pieces has a VEVENT
        refuse_without_events(calendars, source)
    lines = LineIndex(text) if pieces is None else PieceLines(pieces.text, pieces.spans)
    reader = _Reader(calendars, lines, source, default, on_error, pieces)
    document = {"timeline": reader.header(), "events": reader.events()}
    warn_each(reader.held)
    return build_timeline(
        document,
        source=source,
        locate=reader.locate,
        consume=True,
        skip_invalid=reader.skip,
        phrase=_ICS,
        earlier=reader.problems,
    )


class _IcsDialect(Dialect):
    """Hints in a calendar's terms: the property that holds each field."""

    def name(self, field: str) -> str:
        names = _FIELD_PROPERTIES.get(field) or _HEADER_PROPERTIES.get(field)
        return names[-1] if names else field

    def add(self, field: str, value: str) -> str:
        if field == "timezone":
            return f"give DTSTART a TZID ({value})"
        return f"add a {self.name(field)} property: {value}"

    def group(self, field: str, inner: str) -> str:
        return f"add the calendar's {self.name(field)} ({inner})"

    def groups(self, field: str, inner: str) -> str:
        return f"add a {self.name(field)} property ({inner})"

    def declare(self, code: str, field: str) -> str:
        return f"declare it on the calendar with {X}ORGANISATION:{code};its name"

    def floating(self) -> str:
        return (
            "if it was local to a place, give DTSTART a TZID (DTSTART;TZID=Asia/Almaty:...), "
            "name the calendar's zone with X-WR-TIMEZONE, or read the file with --zone (zone= "
            "in Python)"
        )


_ICS: Final = _IcsDialect()


def read(
    data: bytes,
    source: str | None = None,
    *,
    zone: str | ZoneInfo | None = None,
    on_error: OnError = "strict",
) -> Timeline:
    """Read an .ics file (ours or a calendar app's); raise `FormatError` or `InvalidTimeline`."""
    text = decode_utf8(data, source)
    try:  # in pieces where the calendar is written plainly (memory: see `_pieces`)
        pieces = index(text)
        assert pieces.calendar is not None
        return from_calendars(
            [pieces.calendar], text, source, zone=zone, on_error=on_error, pieces=pieces
        )
    except NotPlainError:
        pass
    calendars = parse(text, source)  # no warning of icalendar's to silence: see `_unguessed`
    return from_calendars(calendars, text, source, zone=zone, on_error=on_error)
