"""The .ics writer: text built by hand, because that is what makes it fast and its bytes certain.

It runs at under 20 µs an event, about 10 times icalendar's serializer on the same calendar
(benchmarks/bench_ics.py), and it guarantees what icalendar leaves to chance: CRLF endings,
folding at 75 octets on UTF-8 character boundaries, every TEXT value escaped (so no title can
start a property of its own), one VTIMEZONE per zone built from zoneinfo for the years the file
needs, and nothing taken from the clock. Everything a calendar has no property for travels in
X-TIMELINE-* properties, which the reader uses to give back the very same `Timeline`.

Calendar apps show little more than SUMMARY and the start, so what the dates and status say is
also put in words there (`c. `, ` (?)`, `Cancelled: `) and the date as an editor writes it opens
DESCRIPTION; X-TIMELINE-MARKERS tells the reader which of these to take off again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from tempfile import SpooledTemporaryFile
from typing import IO, BinaryIO
from zoneinfo import ZoneInfo

from timeline._errors import FormatError, TimelineWarning, warn
from timeline._gazetteer import Naming
from timeline._model import Event, Kind, Place, Source, Status, Timeline, Vote
from timeline._options import Imprecise
from timeline._when import Point, Precision, When
from timeline._wording import date_line, place_naming, place_text, rule_words
from timeline.formats._ics._extras import Extras
from timeline.formats._ics._text import (
    APPROXIMATE_MARK,
    DEFAULT_DOMAIN,
    DOMAIN,
    END_ADDED,
    MARK_DATES,
    MARK_DESCRIPTION,
    MARK_STATUS,
    PRODID,
    REFRESH,
    RELTYPE,
    SEQUENCE,
    STATUS,
    STATUS_MARKS,
    STATUS_NEEDS_X,
    UNCERTAIN_MARK,
    X,
    absentees,
    clock_text,
    description_layout,
    escape_text,
    fields_text,
    float_text,
    fold,
    fold_ascii,
    source_item,
    uri_text,
    vote_sentence,
)
from timeline.formats._ics._zones import UTC_NAMES, vtimezone_lines

_ONE_DAY = timedelta(days=1)
#: DTSTART/DTEND lines and whether they alone give the date back; None: the event is left out.
_DayLines = tuple[tuple[str, ...], bool] | None
_COARSE = frozenset({Precision.YEAR, Precision.MONTH})
_CHUNK = 8192  # content lines encoded at a time
_ONE_MINUTE = timedelta(minutes=1)
#: What a timed event without an end lasts in calendar apps unless `default_duration` says
#: otherwise: a moment has no length, but a zero-length event is easy to miss in a day view.
DEFAULT_DURATION = timedelta(hours=1)
_END_ADDED_LINE = f"{X}END:{END_ADDED}"
_END_ONGOING_LINE = f"{X}END:ongoing"


def _same_in_every_client(moment: datetime) -> bool:
    """Whether DTSTART;TZID=... of this local time means one instant to every client.

    Not so for a time the clocks repeat (clients pick either reading), nor around local mean
    time offsets with seconds, which ical.js truncates to the minute.
    """
    offset = moment.utcoffset()
    if offset is None or offset.seconds % 60:
        return False
    if moment.replace(fold=1 - moment.fold).utcoffset() != offset:
        return False
    # a minute earlier on the wall clock: were the clocks still on a local mean time offset?
    before = (moment - _ONE_MINUTE).utcoffset()
    return before is not None and not before.seconds % 60


_TIMED = frozenset({Precision.MINUTE, Precision.SECOND})


def _seconds_said(point: Point) -> bool:
    """Whether DTSTART's seconds give the point's precision back (non-zero exactly when kept)."""
    value = point.value
    assert isinstance(value, datetime)
    return (point.precision is Precision.SECOND) == (value.second != 0)


def _utc_text(moment: datetime) -> str:
    return clock_text(moment.astimezone(UTC)) + "Z"


_STATUS_LINES = {status: f"STATUS:{value}" for status, value in STATUS.items()}
_SEQUENCE_LINES = {status: f"SEQUENCE:{SEQUENCE.get(status, '0')}" for status in Status}
_X_STATUS_LINES = {status: f"{X}STATUS:{status.value}" for status in STATUS_NEEDS_X}
_KIND_LINES = {kind: f"{X}KIND:{kind.value}" for kind in Kind}
_CATEGORY_LINES = {kind: f"CATEGORIES:{kind.value}" for kind in Kind}
_RELATED = {rel: f"RELATED-TO;RELTYPE={reltype}:" for rel, reltype in RELTYPE.items()}


class _Writer:
    """One export: collects the zones the events use while it writes them.

    Written for speed (it runs once per event): ids, tags, kinds and participant codes are
    validated slugs and codes with nothing to escape, so only free text goes through
    `escape_text`, and only lines that can grow long go through `fold`.
    """

    def __init__(
        self,
        domain: str,
        imprecise: Imprecise,
        *,
        mark_dates: bool = True,
        mark_status: bool = True,
        duration: timedelta = DEFAULT_DURATION,
        as_of: Callable[[], date | None] = lambda: None,
        timeline: Timeline | None = None,
    ) -> None:
        self.domain = domain
        #: whose gazetteer names a renamed place as it was called on the day
        self.timeline = timeline
        #: The timeline's own date, which an ongoing event runs up to: asked for only when
        #: one is met, since without `updated` it takes a pass over every event.
        self.as_of = cache(as_of)
        self.skip_imprecise = imprecise == "skip"
        self.mark_dates = mark_dates
        self.status_marks = STATUS_MARKS if mark_status else {}
        self.duration = duration if duration > timedelta(0) else None
        self.zones: dict[str, set[int]] = {}
        #: Where each DTSTAMP goes: it is known only once every event has been seen.
        self.stamps: list[int] = []
        #: The DTSTAMP line, once known.
        self.stamp = ""
        #: The latest day any event or source mentions: `Timeline.last_changed`, gathered on
        #: the way rather than in a second pass over a hundred thousand events.
        self.latest = date.min
        # Chronologies repeat places, participants and publication dates: render each once.
        self.dates_seen: dict[tuple[object, ...], tuple[str, str, date]] = {}
        self.places_seen: dict[tuple[object, ...], tuple[str, ...]] = {}
        self.lines_seen: dict[tuple[object, ...], str] = {}
        self.participant_lines: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.sources_seen: dict[tuple[object, ...], tuple[str, str]] = {}
        self.absent_seen: dict[tuple[str, ...], str] = {}
        self.absentees = absentees()
        #: The same, by the When itself (loading shares one per day), which saves working out
        #: the key: each entry holds its When, so the `id` cannot pass to another object.
        self.days_by_identity: dict[int, tuple[When, _DayLines, date]] = {}
        self.texts_by_identity: dict[int, tuple[When, tuple[str, str, date]]] = {}
        #: A series' times keep their TZID even where UTC would be safer for a single event:
        #: the rule repeats on the zone's wall clock.
        self.keep_zone = False
        #: Series, overrides, imported UIDs and carried lines (`_extras`).
        self.extras = Extras(domain, self.zones)

    def moment(self, name: str, moment: date) -> tuple[str, bool]:
        """`DTSTART;TZID=Asia/Almaty:20221013T095000` (or UTC `...Z` where that is safer), and
        whether the reader gets the very same time back from it (same zone, same wall time).
        A floating time is written floating, as RFC 5545 has it; a fixed offset as UTC."""
        assert isinstance(moment, datetime)
        zone = moment.tzinfo
        if zone is None:
            return f"{name}:{clock_text(moment)}", True
        key = zone.key if isinstance(zone, ZoneInfo) else None
        if key is None or key in UTC_NAMES:
            return f"{name}:{_utc_text(moment)}", key == "UTC"
        same = _same_in_every_client(moment)
        if not same and not self.keep_zone:
            return f"{name}:{_utc_text(moment)}", False
        years = self.zones.get(key)
        if years is None:
            years = self.zones[key] = set()
        years.add(moment.year)
        return f"{name};TZID={key}:{clock_text(moment)}", same

    def dates(self, when: When) -> tuple[tuple[str, ...], bool] | None:
        """DTSTART/DTEND lines and whether they alone give `when` back (else X-TIMELINE-WHEN
        is written too), or None when the imprecise policy leaves the event out. A moment's
        DTEND, if the default duration adds one, is followed by X-TIMELINE-END (the reader
        leaves that DTEND aside).

        Works on the two points directly: this runs for every event, and each property of
        `When` it saves is a measurable share of the time an event takes.
        """
        known = self.days_by_identity.get(id(when))
        if known is not None:
            if known[2] > self.latest:
                self.latest = known[2]
            return known[1]
        if when.is_open:
            return self.open_dates(when)
        start, end = when.start_point, when.end_point
        start_precision = start.precision
        end_precision = start_precision if end is None else end.precision
        plain = not (when.approximate or when.uncertain or when.unspecified)
        if start_precision in _TIMED and end_precision in _TIMED:
            # the reader takes seconds from DTSTART only when there are some: a time to the
            # second at :00 needs X-TIMELINE-WHEN to say so
            plain = plain and _seconds_said(start) and (end is None or _seconds_said(end))
            first_moment = start.value
            assert isinstance(first_moment, datetime)
            last_moment = first_moment if end is None else end.value
            assert isinstance(last_moment, datetime)
            if last_moment.date() > self.latest:
                self.latest = last_moment.date()
            first, exact = self.moment("DTSTART", first_moment)
            if end is None:
                if self.duration is None:
                    return (first,), plain and exact
                try:  # elapsed time, not wall-clock time: the clocks may change in between
                    if first_moment.tzinfo is None:
                        until = first_moment + self.duration
                    else:
                        until = (first_moment.astimezone(UTC) + self.duration).astimezone(
                            first_moment.tzinfo
                        )
                except OverflowError:  # no room before the year 10000: it stays a moment
                    return (first,), plain and exact
                # not counted in `latest`: the end is the calendar's, not the timeline's
                return (first, self.moment("DTEND", until)[0], _END_ADDED_LINE), plain and exact
            last, exact_end = self.moment("DTEND", last_moment)
            return (first, last), plain and exact and exact_end
        last_day = (start if end is None else end).last_day
        if last_day > self.latest:
            self.latest = last_day
        lines = self.day_lines(start, end, last_day, plain)
        self.days_by_identity[id(when)] = (when, lines, last_day)
        return lines

    def day_lines(self, start: Point, end: Point | None, last_day: date, plain: bool) -> _DayLines:
        """`dates` for all-day dates: they depend on the When alone, so each is worked out once."""
        start_precision = start.precision
        end_precision = start_precision if end is None else end.precision
        if self.skip_imprecise and (start_precision in _COARSE or end_precision in _COARSE):
            return None
        plain = plain and start_precision is Precision.DAY and end_precision is Precision.DAY
        start_line = "DTSTART;VALUE=DATE:" + start.first_day.isoformat().replace("-", "")
        if last_day == date.max:  # no day after it to end on: the one case without DTEND
            return (start_line,), plain and end is None
        after = (last_day + _ONE_DAY).isoformat().replace("-", "")
        # DTEND is exclusive: the day after the last day
        return (start_line, "DTEND;VALUE=DATE:" + after), plain

    def open_dates(self, when: When) -> tuple[tuple[str, ...], bool] | None:
        """An interval open at one end, as all-day dates: calendars have no open events.

        Ongoing (`2022-02-24/..`): from its first day up to the timeline's `updated` date (or
        the latest day it mentions), marked `X-TIMELINE-END:ongoing`, so nobody mistakes that
        day for an end. An unknown end, or a start open or unknown: the known point's days
        alone. X-TIMELINE-WHEN always follows, so our reader gives the open end back.
        """
        known = when.start_point
        first, last = known.first_day, known.last_day
        if last > self.latest:
            self.latest = last
        if self.skip_imprecise and known.precision in _COARSE:
            return None
        lines = ["DTSTART;VALUE=DATE:" + first.isoformat().replace("-", "")]
        if when.ongoing:
            as_of = self.as_of()
            if as_of is not None and as_of > last:
                last = as_of
        if last < date.max:
            lines.append("DTEND;VALUE=DATE:" + (last + _ONE_DAY).isoformat().replace("-", ""))
        if when.ongoing:
            lines.append(_END_ONGOING_LINE)
        return tuple(lines), False

    def note_days(self, event: Event) -> None:
        """Count an event's days towards `latest` before it is written."""
        last = event.when.last_known_day
        for source in event.sources:
            if source.published is not None and source.published.last_known_day > last:
                last = source.published.last_known_day
        if last > self.latest:
            self.latest = last

    def event(self, event: Event, lines: list[str]) -> bool:
        """Append the event's lines; False if the imprecise policy leaves it out.

        Appending to one list for the whole file, rather than a list per event, spares the
        garbage collector a hundred thousand short-lived containers.
        """
        when = event.when
        found = self.dates(when) if event.repeats is None else self.series_dates(when)
        if found is None:  # left out, but its sources still date the timeline
            for source in event.sources:
                if source.published is not None and source.published.last_day > self.latest:
                    self.latest = source.published.last_day
            return False
        dates, derivable = found
        end_added = dates[-1] is _END_ADDED_LINE
        if end_added:
            dates = dates[:-1]
        status = event.status
        domain = self.domain
        rule = None if event.repeats is None else escape_text(rule_words(event))  # not a date
        description, source_lines = self.description(when, event, shown=rule)
        self.stamps.append(len(lines) + 2)
        lines += (
            "BEGIN:VEVENT",
            fold_ascii(f"UID:{event.id}@{domain}"),
            "",  # DTSTAMP, filled in by to_ics
            _SEQUENCE_LINES[status],
            *dates,
            fold("SUMMARY:" + escape_text(self.title(event, derivable))),
            _STATUS_LINES[status],
            "TRANSP:TRANSPARENT",
            self.categories(event),
            fold("DESCRIPTION:" + description),
        )
        place = event.place
        if place is not None:
            lines += self.place(place, place_naming(self.timeline, event))
        for source in event.sources:
            if source.url:
                lines.append(fold_ascii("URL:" + uri_text(source.url)))
                break
        for link in event.links:
            lines.append(fold_ascii(f"{_RELATED[link.rel]}{link.target}@{domain}"))
        self.x_properties(event, derivable, end_added, lines)
        lines += source_lines
        if event.vote is not None:
            _vote_lines(event.vote, lines)
        if event.note is not None:
            lines.append(fold(f"{X}NOTE:{escape_text(event.note)}"))
        if (
            event.repeats is not None
            or event.series is not None
            or event.uid is not None
            or event.carried
        ):
            self.extras.add(event, lines, self.stamps[-1] - 2, len(dates))
        lines.append("END:VEVENT")
        return True

    def series_dates(self, when: When) -> _DayLines:
        """`dates` of a series' first occurrence: in its zone, whatever the time."""
        self.keep_zone = True
        try:
            return self.dates(when)
        finally:
            self.keep_zone = False

    def title(self, event: Event, derivable: bool) -> str:
        """SUMMARY's words: the title, marked with what a calendar app would not show."""
        title = event.title
        when = event.when
        if self.mark_dates and not derivable:  # a derivable date has no qualifier
            if when.approximate:
                title = APPROXIMATE_MARK + title
            if when.uncertain:
                title += UNCERTAIN_MARK
        status_mark = self.status_marks.get(event.status)
        return title if status_mark is None else status_mark + title

    def categories(self, event: Event) -> str:
        """CATEGORIES: the kind, then the tags; each combination folded once."""
        kind, tags = event.kind, event.tags
        if not tags:
            return _CATEGORY_LINES[kind]
        line = self.lines_seen.get((kind, tags))
        if line is None:
            line = self.lines_seen[kind, tags] = fold(f"CATEGORIES:{kind.value},{','.join(tags)}")
        return line

    def x_properties(
        self, event: Event, derivable: bool, end_added: bool, lines: list[str]
    ) -> None:
        """Append the X-TIMELINE-* lines that give our reader back what RFC 5545 cannot say:
        the date as EDTF, the kind and status, who took part and who stayed away, the date
        as written and the day it was read against."""
        if not derivable:  # EDTF needs no escaping: digits, - : / ~ ? % + [ ] and a zone name
            lines.append(fold_ascii(f"{X}WHEN:{event.when}"))
        if end_added:
            lines.append(_END_ADDED_LINE)
        lines.append(_KIND_LINES[event.kind])
        if event.status in STATUS_NEEDS_X:
            lines.append(_X_STATUS_LINES[event.status])
        participants = event.participants
        if participants:  # a line each: see `_list_lines`
            found = self.participant_lines.get(participants)
            if found is None:
                found = self.participant_lines[participants] = _list_lines(
                    "PARTICIPANTS", participants
                )
            lines += found
        if event.absent:
            lines += _list_lines("ABSENT", event.absent)
        if event.when_text is not None:
            lines.append(fold(f"{X}WHEN-TEXT:{escape_text(event.when_text)}"))
        if event.as_of is not None:
            lines.append(f"{X}AS-OF:{event.as_of.isoformat()}")

    def place(self, place: Place, naming: Naming | None = None) -> tuple[str, ...]:
        """LOCATION, GEO and X-TIMELINE-PLACE, rendered once per distinct place and naming.

        LOCATION names a renamed place as it was called on the day ("Nur-Sultan (now
        Astana)"); X-TIMELINE-PLACE then keeps the name as written, for the reader."""
        key = (place.name, place.country, place.lat, place.lon, place.timezone, naming)
        found = self.places_seen.get(key)
        if found is None:
            shown = place_text(place, naming=naming)
            lines = [fold("LOCATION:" + escape_text(shown))]
            if place.lat is not None and place.lon is not None:
                lines.append(fold(f"GEO:{float_text(place.lat)};{float_text(place.lon)}"))
            codes = [place.country or "", place.timezone or ""]
            if shown != place.name:
                codes.append(escape_text(place.name))
            if place.country is not None or place.timezone is not None or shown != place.name:
                lines.append(fold(f"{X}PLACE:" + fields_text(codes)))
            found = self.places_seen[key] = tuple(lines)
        return found

    def human_text(self, when: When) -> str:
        """Escaped `when.human()`; day-precision dates recur, so those are spelled once each.
        An ongoing event says as of when, since its DTEND is that day."""
        if when.ongoing and (as_of := self.as_of()) is not None:
            return escape_text(date_line(when, as_of))
        if when.is_timed:
            return escape_text(when.human())
        return self.date_texts(when)[1]

    def date_texts(self, when: When) -> tuple[str, str]:
        """(`str(when)`, escaped `when.human()`) of a source's date, spelled once per date."""
        known = self.texts_by_identity.get(id(when))
        if known is not None:
            texts = known[1]
            if texts[2] > self.latest:
                self.latest = texts[2]
            return texts[0], texts[1]
        start, end = when.start_point, when.end_point
        if (
            type(start.value) is not date
            or (end is not None and type(end.value) is not date)
            or when.is_open
            or when.unspecified
        ):
            last = when.last_known_day
        else:
            key: tuple[object, ...] = (start.value, start.precision, when.approximate)
            key += (
                (when.uncertain, None, None)
                if end is None
                else (when.uncertain, end.value, end.precision)
            )
            found = self.dates_seen.get(key)
            if found is None:
                found = self.dates_seen[key] = (
                    str(when),
                    escape_text(when.human()),
                    when.last_known_day,
                )
            self.texts_by_identity[id(when)] = (when, found)
            if found[2] > self.latest:
                self.latest = found[2]
            return found[0], found[1]
        if last > self.latest:
            self.latest = last
        return str(when), escape_text(when.human())

    def description(
        self, when: When, event: Event, *, shown: str | None = None
    ) -> tuple[str, list[str]]:
        """`escape_text(description_text(...))` and the X-TIMELINE-SOURCE lines; `shown`, when
        given, is the first line instead of the date (a series' rule in words).

        The same words, escaped a piece at a time and each piece that repeats (a list of
        absentees, a source) once per export: escaping the long description whole would cost
        far more. The round-trip tests hold it to `description_text`, which the reader uses to
        find the summary.
        """
        absent, vote, summary = event.absent, event.vote, event.summary
        details: list[str] = []
        if absent:
            sentence = self.absent_seen.get(absent)
            if sentence is None:
                sentence = self.absent_seen[absent] = escape_text(self.absentees.absent(absent))
            details.append(sentence)
        if vote is not None:
            details.append(escape_text(vote_sentence(vote)))
        details.append("Sources:")
        lines: list[str] = []
        seen = self.sources_seen
        for source in event.sources:
            key = (source.publisher, source.title, source.url, source.published)
            found = seen.get(key)
            if found is None:  # a chronology cites the same article for many events
                found = seen[key] = self.source_texts(source)
            details.append(found[0])
            lines.append(found[1])
        summary_text = escape_text(summary) if summary else None
        first = shown if shown is not None else self.human_text(when)
        return description_layout(first, summary_text, details, "\\n"), lines

    def source_texts(self, source: Source) -> tuple[str, str]:
        """The source's item in DESCRIPTION and its X-TIMELINE-SOURCE line, each field escaped
        once for both."""
        publisher, title = escape_text(source.publisher), escape_text(source.title)
        url = escape_text(source.url) if source.url else ""
        stored, shown = "", None
        if source.published is not None:
            stored, shown = self.date_texts(source.published)
        item = source_item(publisher, title, shown, url)
        return item, fold(f"{X}SOURCE:{fields_text((publisher, title, url, stored))}")


def _vote_lines(vote: Vote, lines: list[str]) -> None:
    """Append X-TIMELINE-VOTE (body; resolution; the counts; members) and, if any, the
    positions, a line each."""
    members = "" if vote.members is None else vote.members
    counts = (vote.yes, vote.no, vote.abstain, vote.absent, members)
    fields = (escape_text(vote.body), escape_text(vote.resolution or ""), *map(str, counts))
    lines.append(fold(f"{X}VOTE:{fields_text(fields)}"))
    if vote.positions:
        lines += _list_lines(
            "VOTE-POSITIONS",
            [f"{country}={position.value}" for country, position in sorted(vote.positions.items())],
        )


def _list_lines(name: str, values: Iterable[str]) -> tuple[str, ...]:
    """An X-TIMELINE list, one line a value (codes: nothing to escape). Joined by `,`, vobject
    (and so Radicale) keeps the first value alone; joined by `\\,`, libical writes `,` back."""
    return tuple(fold(f"{X}{name}:{value}") for value in values)


def _structured(fields: Iterable[str]) -> str:
    """`fields_text` of fields not yet escaped."""
    return fields_text(escape_text(value) for value in fields)


def _stamp(day: date | None) -> str:
    """DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else the timeline's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise FormatError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970",
                hint="set it to an integer, e.g. $(git log -1 --format=%ct), or unset it",
            ) from None
        return clock_text(moment) + "Z"
    day = day or date(1970, 1, 1)
    return f"{day.isoformat().replace('-', '')}T000000Z"


def to_ics(
    timeline: Timeline,
    *,
    domain: str = DEFAULT_DOMAIN,
    imprecise: Imprecise = "span",
    mark_dates: bool = True,
    mark_status: bool = True,
    default_duration: timedelta | None = None,
    previous: bytes | str | BinaryIO | None = None,
    drop_removed: bool = False,
) -> bytes:
    """The timeline as an iCalendar file, byte-identical for the same timeline and options.

    `domain` makes the UIDs (`id@domain`); `imprecise` says what becomes of month- and
    year-precision events: "span" (an all-day event over the month or year) or "skip" (left
    out, with a `TimelineWarning` naming them). `mark_dates` and `mark_status` put approximate
    and uncertain dates (`c. `, ` (?)`) and cancelled or postponed events (`Cancelled: `) in
    SUMMARY, since that is what calendar apps show. `default_duration` is what a timed event
    without an end lasts in calendar apps (None: one hour; `timedelta(0)`: no DTEND at all).
    `previous`, the text of an earlier export (or a seekable binary file of it, read a piece
    at a time, never whole), makes this one a revision of it (for subscribers): an unchanged
    event is written as it was there, a changed one with SEQUENCE one higher and LAST-MODIFIED,
    one gone from the timeline cancelled (or left out with `drop_removed`).

    Bytes, where every other writer gives text: RFC 5545 lines end in CRLF, and a text-mode
    write on Windows would turn each into CR CR LF (icalendar's `to_ical` gives bytes for the
    same reason). Write them with `open(path, "wb")` or `timeline.atomic_write`.

    Raises:
        FormatError: for a bad `domain`, `imprecise` or `default_duration`, a
            SOURCE_DATE_EPOCH in the environment that is not a number of seconds, or a
            `previous` feed that is not one of ours or is damaged (located by its line).

    Warns:
        TimelineWarning: naming the events `imprecise="skip"` left out.
    """
    duration = _checked_options(domain, imprecise, default_duration)
    options = _Options(domain, imprecise, mark_dates, mark_status, duration)
    return b"".join(_calendar(timeline, options, previous, drop_removed))


def ics_chunks(
    timeline: Timeline,
    *,
    domain: str = DEFAULT_DOMAIN,
    imprecise: Imprecise = "span",
    mark_dates: bool = True,
    mark_status: bool = True,
    default_duration: timedelta | None = None,
    previous: bytes | str | BinaryIO | None = None,
    drop_removed: bool = False,
) -> Iterator[bytes]:
    """`to_ics`'s bytes a piece at a time (its warning and errors come before the first)."""
    duration = _checked_options(domain, imprecise, default_duration)
    options = _Options(domain, imprecise, mark_dates, mark_status, duration)
    return _calendar(timeline, options, previous, drop_removed)


@dataclass(frozen=True, slots=True)
class _Options:
    """An export's options, checked."""

    domain: str
    imprecise: Imprecise
    mark_dates: bool
    mark_status: bool
    duration: timedelta


def _calendar(
    timeline: Timeline,
    options: _Options,
    previous: bytes | str | BinaryIO | None,
    drop_removed: bool,
) -> Iterator[bytes]:
    """The calendar's bytes: the events are written to a spool first (in memory while it is
    small, else a temporary file), since the head names the zones they use and every DTSTAMP
    is the latest day they mention; then the head, and the spool with those filled in."""
    writer = _Writer(
        options.domain,
        options.imprecise,
        mark_dates=bool(options.mark_dates),
        mark_status=bool(options.mark_status),
        duration=options.duration,
        as_of=lambda: timeline.updated or writer.latest,
        timeline=timeline,
    )
    marks = {"mark_dates": options.mark_dates, "mark_status": options.mark_status}
    with SpooledTemporaryFile(max_size=_SPOOLED) as spool:
        spooled = _spooled_events(timeline, writer, spool)
        _warn_skipped(sorted(spooled.skipped))
        body = spooled.pieces(spool, writer.stamp)
        if previous is not None:
            head = partial(_calendar_head, timeline, writer, **marks)
            yield from _revised(head, body, writer, previous, drop_removed, marks["mark_status"])
            return
        yield from _encoded(_calendar_head(timeline, writer, **marks), [])
        yield from body
        yield b"END:VCALENDAR\r\n"


#: The events' bytes a spool keeps in memory before it moves them to a temporary file.
_SPOOLED = 16 * 1024 * 1024
#: What stands for a DTSTAMP, and for an ongoing event, until the end is known: NUL is in no
#: line we write (text fields refuse control characters).
_STAMP_MARK = "DTSTAMP:\x00"
_DEFERRED_MARK = "\x00ongoing\x00"
_DEFERRED_LINE = re.compile(re.escape(_DEFERRED_MARK.encode() + b"\r\n"))


@dataclass(slots=True)
class _Spooled:
    """Where the spool's pieces end, the ongoing events' text (b"" for one left out), and the
    events left out."""

    lengths: list[int] = field(default_factory=list)
    fills: list[bytes] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def spill(self, body: list[str], writer: _Writer, spool: IO[bytes]) -> None:
        """Write the lines so far to the spool, each DTSTAMP marked."""
        for position in writer.stamps:
            body[position] = _STAMP_MARK
        writer.stamps.clear()
        data = ("\r\n".join(body) + "\r\n").encode("utf-8")
        body.clear()
        spool.write(data)
        self.lengths.append(len(data))

    def pieces(self, spool: IO[bytes], stamp: str) -> Iterator[bytes]:
        """The spool read back a piece at a time, the marks filled in."""
        spool.seek(0)
        stamped = stamp.encode("ascii")
        fills = iter(self.fills)
        for length in self.lengths:
            piece = spool.read(length).replace(_STAMP_MARK.encode(), stamped)
            if self.fills:
                piece = _DEFERRED_LINE.sub(lambda _: next(fills), piece)
            yield piece


def _spooled_events(timeline: Timeline, writer: _Writer, spool: IO[bytes]) -> _Spooled:
    """Every event's lines, to the spool; each left out noted as (number, id).

    Without `updated`, an ongoing event runs up to the latest day the timeline mentions, known
    only at the end: such events are written last, into the places marked for them.
    """
    spooled = _Spooled()
    body: list[str] = []
    deferred: list[tuple[int, Event]] = []
    for number, event in _in_file_order(timeline.events, writer):
        if timeline.updated is None and event.when.ongoing:
            writer.note_days(event)
            deferred.append((number, event))
            body.append(_DEFERRED_MARK)
        elif not writer.event(event, body):
            spooled.skipped.append((number, event.id))
        if len(body) >= _CHUNK:
            spooled.spill(body, writer, spool)
    spooled.spill(body, writer, spool)
    # Timeline.last_changed, from what the writer saw: `updated`, else the latest day mentioned
    last_changed = timeline.updated or (writer.latest if timeline.events else None)
    if writer.extras.spans:
        writer.extras.cover(writer.latest)
    stamp = writer.stamp = f"DTSTAMP:{_stamp(last_changed)}"
    for number, event in deferred:
        lines: list[str] = []
        if writer.event(event, lines):
            lines[writer.stamps.pop()] = stamp
            spooled.fills.append(("\r\n".join(lines) + "\r\n").encode("utf-8"))
        else:
            spooled.skipped.append((number, event.id))
            spooled.fills.append(b"")
    return spooled


def _revised(
    head: Callable[[], list[str]],
    body: Iterable[bytes],
    writer: _Writer,
    previous: bytes | str | BinaryIO,
    drop: bool,
    mark_status: bool,
) -> Iterator[bytes]:
    """The calendar revised against the previous feed, as it is read back (imported only then:
    exports without one never load it)."""
    from timeline.formats._ics._revisions import Revision, revised_calendar

    revision = Revision(
        previous,
        writer.zones,
        stamp=writer.stamp,
        drop_removed=bool(drop),
        mark_status=bool(mark_status),
    )
    return revised_calendar(head, body, revision)


def _in_file_order(events: Sequence[Event], writer: _Writer) -> Iterable[tuple[int, Event]]:
    """The events numbered, each series followed by its overrides (by the start they replace,
    then id), as calendar apps write them; the series are noted for their overrides' UIDs."""
    overrides: dict[str, list[tuple[int, Event]]] = {}
    for number, event in enumerate(events):
        if event.series is not None:
            overrides.setdefault(event.series, []).append((number, event))
    if not overrides:
        return enumerate(events)
    series = writer.extras.series
    series.update((e.id, e) for e in events if e.repeats is not None and e.id in overrides)
    ordered: list[tuple[int, Event]] = []
    for number, event in enumerate(events):
        if event.series in series:
            continue
        ordered.append((number, event))
        if event.id in series:
            ordered += sorted(overrides[event.id], key=_override_key)
    return ordered


def _override_key(numbered: tuple[int, Event]) -> tuple[str, str]:
    """An override's place after its series: by the start it replaces, then its id."""
    event = numbered[1]
    original = None if event.occurrence is None else event.occurrence.start_point.value
    return (_sort_text(original), event.id)


def _sort_text(value: date | None) -> str:
    """A start as text that sorts by time: days and aware times alike, in UTC."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return "" if value is None else value.isoformat()


def _encoded(head: list[str], body: list[str]) -> Iterator[bytes]:
    """The lines as UTF-8 with CRLF endings, a slice at a time: one 100,000-event string would
    be built and copied whole."""
    yield ("\r\n".join(head) + "\r\n").encode("utf-8")
    for start in range(0, len(body), _CHUNK):
        yield ("\r\n".join(body[start : start + _CHUNK]) + "\r\n").encode("utf-8")


def _checked_options(
    domain: str, imprecise: Imprecise, default_duration: timedelta | None
) -> timedelta:
    """The options checked before any event is written; the duration a timed event without an
    end is given."""
    if not isinstance(domain, str) or not DOMAIN.fullmatch(domain):
        raise FormatError(
            f"{domain!r} is not a domain name",
            hint="UIDs are id@domain: give a host name such as example.org (letters, digits, "
            "hyphens and dots)",
        )
    if imprecise not in ("span", "skip"):
        raise FormatError(f"unknown policy imprecise={imprecise!r}", hint="use 'span' or 'skip'")
    duration = DEFAULT_DURATION if default_duration is None else default_duration
    if not isinstance(duration, timedelta) or duration < timedelta(0):
        raise FormatError(
            f"default_duration={default_duration!r} is not a duration of zero or more",
            hint="give a datetime.timedelta such as timedelta(hours=1), or timedelta(0) for "
            "events that stay moments",
        )
    return duration


def _warn_skipped(skipped: Sequence[tuple[int, str]]) -> None:
    """One warning naming the first few events `imprecise="skip"` left out."""
    if not skipped:
        return
    shown = ", ".join(event_id for _, event_id in skipped[:5]) + (
        f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    )
    noun = "event" if len(skipped) == 1 else "events"
    warn(
        TimelineWarning(
            f"left {len(skipped)} month- or year-precision {noun} out of the calendar "
            f"(imprecise='skip'): {shown}"
        ),
    )


def _calendar_head(
    timeline: Timeline, writer: _Writer, *, mark_dates: bool, mark_status: bool
) -> list[str]:
    """VCALENDAR's own properties, then the zones the events used."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        fold(f"NAME:{escape_text(timeline.title)}"),
        fold(f"X-WR-CALNAME:{escape_text(timeline.title)}"),
    ]
    if timeline.description:
        head.append(fold(f"DESCRIPTION:{escape_text(timeline.description)}"))
        head.append(fold(f"X-WR-CALDESC:{escape_text(timeline.description)}"))
    head += [f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}", f"X-PUBLISHED-TTL:{REFRESH}"]
    markers = [MARK_DESCRIPTION]
    if mark_dates:
        markers.append(MARK_DATES)
    if mark_status:
        markers.append(MARK_STATUS)
    head += _list_lines("MARKERS", markers)
    if timeline.timezone is not None:
        head.append(fold(f"{X}TIMEZONE:{escape_text(timeline.timezone)}"))
    if timeline.updated is not None:
        head.append(f"{X}UPDATED:{timeline.updated.isoformat()}")
    for acronym, name in sorted(timeline.organisations.items()):
        head.append(fold(f"{X}ORGANISATION:{_structured((acronym, name))}"))
    for key in sorted(writer.zones):
        head += vtimezone_lines(key, writer.zones[key])
    return head
