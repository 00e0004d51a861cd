"""iCalendar (RFC 5545): a writer whose files every calendar client reads alike, and a reader.

The writer builds the text by hand rather than through an object model: it is what makes it fast
(under 20 µs an event) and what lets it guarantee the bytes: CRLF endings, folding at 75
octets on UTF-8 character boundaries, every TEXT value escaped (so no title can start a property
of its own), one VTIMEZONE per zone built from zoneinfo for the years the file needs, and nothing
taken from the clock, so the same timeline always gives the same file. Everything a calendar has
no property for (kind, precision, sources, vote, ...) travels in X-TIMELINE-* properties, which
the reader uses to give back the very same `Timeline`. Files from calendar apps are read too.

The mapping is documented in docs/ics.md.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline.errors import (
    DateError,
    FormatError,
    InvalidTimeline,
    Location,
    Problem,
    TimelineWarning,
)
from timeline.formats.ics_zones import UTC_NAMES, format_offset, vtimezone_lines
from timeline.formats.windows_zones import WINDOWS_ZONES
from timeline.model import (
    SLUG_PATTERN,
    Event,
    Kind,
    Place,
    Relation,
    Source,
    Status,
    Timeline,
    Vote,
)
from timeline.normalize import build_timeline, field_name
from timeline.when import Precision, When

__all__ = [
    "Imprecise",
    "clean_text",
    "describe",
    "escape_text",
    "fold",
    "read",
    "to_ics",
    "unescape_text",
    "write",
]

Imprecise = Literal["span", "skip"]

PRODID = "-//timeline//timeline calendar export//EN"
DEFAULT_DOMAIN = "timeline.invalid"
REFRESH = "P1D"
_X = "X-TIMELINE-"

# -- writing: values ---------------------------------------------------------------------------

#: Characters that TEXT cannot carry as they are: line breaks, controls, lone surrogates.
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")  # not LF
#: Every way text can break a line (what `str.splitlines` splits on, bar the separators below).
_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
#: Other control characters and lone surrogates: not allowed in iCalendar TEXT, so dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_SLUG = re.compile(SLUG_PATTERN)

_STATUS = {
    Status.OCCURRED: "CONFIRMED",
    Status.SCHEDULED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "TENTATIVE",
}
#: The statuses STATUS alone cannot tell apart, so they also get X-TIMELINE-STATUS.
_STATUS_NEEDS_X = frozenset({Status.SCHEDULED, Status.POSTPONED})
#: A cancelled or postponed event is a revision of the one first announced.
_SEQUENCE = {Status.CANCELLED: "1", Status.POSTPONED: "1"}
_RELTYPE = {
    Relation.PART_OF: "PARENT",
    Relation.CANCELS: "X-TIMELINE-CANCELS",
    Relation.FOLLOWS: "X-TIMELINE-FOLLOWS",
    Relation.RESPONDS_TO: "X-TIMELINE-RESPONDS-TO",
}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11) that cannot end its line or start another property.

    Backslash, semicolon and comma are escaped; every kind of line break (CR, LF, CRLF, U+2028,
    ...) becomes the `\\n` escape; other control characters are dropped, as TEXT forbids them.
    Each step runs only if its characters occur: most values need none of them.
    """
    if _ODD.search(value) is not None:
        value = clean_text(value)
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if ";" in value:
        value = value.replace(";", "\\;")
    if "," in value:
        value = value.replace(",", "\\,")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    return value


def clean_text(value: str) -> str:
    """What a TEXT value reads back as once escaped: line breaks as LF, no control characters."""
    return _CONTROL.sub("", _BREAK.sub("\n", value))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    if len(line) <= 75 and (line.isascii() or len(line.encode()) <= 75):
        return line
    if line.isascii():
        pieces = [line[:75]]
        pieces += [line[start : start + 74] for start in range(75, len(line), 74)]
        return "\r\n ".join(pieces)
    data = line.encode()
    chunks: list[str] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            cut -= 1
        chunks.append(data[start:cut].decode())
        start, limit = cut, 74  # a continuation line starts with one space
    chunks.append(data[start:].decode())
    return "\r\n ".join(chunks)


def _fold_ascii(line: str) -> str:
    """`fold` for lines known to be ASCII (ids, codes, URIs, EDTF): no check when short."""
    return line if len(line) <= 75 else fold(line)


def _clock_text(moment: datetime) -> str:
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def _float_text(value: float) -> str:
    """FLOAT as RFC 5545 spells it (no exponent), and exactly the float that was given."""
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def _uri_text(url: str) -> str:
    """A URI value cannot be escaped, so anything but printable ASCII is percent-encoded."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    return "".join(
        char
        if "!" <= char <= "~"
        else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        for char in url
    )


_ONE_DAY = timedelta(days=1)
_COARSE = frozenset({Precision.YEAR, Precision.MONTH})
_CHUNK = 8192  # content lines encoded at a time
_ONE_MINUTE = timedelta(minutes=1)


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


def _utc_text(moment: datetime) -> str:
    return _clock_text(moment.astimezone(UTC)) + "Z"


_STATUS_LINES = {status: f"STATUS:{value}" for status, value in _STATUS.items()}
_SEQUENCE_LINES = {status: f"SEQUENCE:{_SEQUENCE.get(status, '0')}" for status in Status}
_X_STATUS_LINES = {status: f"{_X}STATUS:{status.value}" for status in _STATUS_NEEDS_X}
_KIND_LINES = {kind: f"{_X}KIND:{kind.value}" for kind in Kind}
_CATEGORY_LINES = {kind: f"CATEGORIES:{kind.value}" for kind in Kind}
_RELATED = {rel: f"RELATED-TO;RELTYPE={reltype}:" for rel, reltype in _RELTYPE.items()}


class _Writer:
    """One export: collects the zones the events use while it writes them.

    Written for speed (it runs once per event): ids, tags, kinds and participant codes are
    validated slugs and codes with nothing to escape, so only free text goes through
    `escape_text`, and only lines that can grow long go through `fold`.
    """

    def __init__(self, domain: str, imprecise: Imprecise) -> None:
        self.domain = domain
        self.skip_imprecise = imprecise == "skip"
        self.zones: dict[str, set[int]] = {}
        #: Where each DTSTAMP goes: it is known only once every event has been seen.
        self.stamps: list[int] = []
        #: The latest day any event or source mentions: `Timeline.last_changed`, gathered on
        #: the way rather than in a second pass over a hundred thousand events.
        self.latest = date.min
        # Chronologies repeat places, participants and publication dates: render each once.
        self.dates_seen: dict[tuple[object, ...], tuple[str, str, date]] = {}
        self.places_seen: dict[tuple[object, ...], tuple[str, ...]] = {}
        self.lines_seen: dict[tuple[object, ...], str] = {}

    def moment(self, name: str, moment: date) -> tuple[str, bool]:
        """`DTSTART;TZID=Asia/Almaty:20221013T095000` (or UTC `...Z` where that is safer), and
        whether the reader gets the very same time back from it (same zone, same wall time)."""
        assert isinstance(moment, datetime)
        zone = moment.tzinfo
        key = zone.key if isinstance(zone, ZoneInfo) else None
        if key is None or key in UTC_NAMES or not _same_in_every_client(moment):
            return f"{name}:{_utc_text(moment)}", key == "UTC"
        years = self.zones.get(key)
        if years is None:
            years = self.zones[key] = set()
        years.add(moment.year)
        return f"{name};TZID={key}:{_clock_text(moment)}", True

    def dates(self, when: When) -> tuple[tuple[str, ...], bool] | None:
        """DTSTART/DTEND lines and whether they alone give `when` back (else X-TIMELINE-WHEN
        is written too), or None when the imprecise policy leaves the event out.

        Works on the two points directly: this runs for every event, and each property of
        `When` it saves is a measurable share of the time an event takes.
        """
        start, end = when.start_point, when.end_point
        start_precision = start.precision
        end_precision = start_precision if end is None else end.precision
        plain = not (when.approximate or when.uncertain)
        if start_precision is Precision.MINUTE and end_precision is Precision.MINUTE:
            first_moment = start.value
            assert isinstance(first_moment, datetime)
            last_moment = first_moment if end is None else end.value
            assert isinstance(last_moment, datetime)
            if last_moment.date() > self.latest:
                self.latest = last_moment.date()
            first, exact = self.moment("DTSTART", first_moment)
            if end is None:
                return (first,), plain and exact
            last, exact_end = self.moment("DTEND", last_moment)
            return (first, last), plain and exact and exact_end
        first_day = start.first_day
        last_day = (start if end is None else end).last_day
        if last_day > self.latest:
            self.latest = last_day
        if self.skip_imprecise and (start_precision in _COARSE or end_precision in _COARSE):
            return None
        plain = plain and start_precision is Precision.DAY and end_precision is Precision.DAY
        start_line = "DTSTART;VALUE=DATE:" + first_day.isoformat().replace("-", "")
        if last_day == date.max:  # no day after it to end on: the one case without DTEND
            return (start_line,), plain and end is None
        after = (last_day + _ONE_DAY).isoformat().replace("-", "")
        # DTEND is exclusive: the day after the last day
        return (start_line, "DTEND;VALUE=DATE:" + after), plain

    def event(self, event: Event, lines: list[str]) -> bool:
        """Append the event's lines; False if the imprecise policy leaves it out.

        Appending to one list for the whole file, rather than a list per event, spares the
        garbage collector a hundred thousand short-lived containers.
        """
        when = event.when
        found = self.dates(when)
        if found is None:  # left out, but its sources still date the timeline
            for source in event.sources:
                if source.published is not None and source.published.last_day > self.latest:
                    self.latest = source.published.last_day
            return False
        dates, derivable = found
        status = event.status
        kind = event.kind
        tags = event.tags
        sources = event.sources
        vote = event.vote
        domain = self.domain
        seen = self.lines_seen
        if tags:
            categories = seen.get((kind, tags))
            if categories is None:
                categories = seen[kind, tags] = fold(f"CATEGORIES:{kind.value},{','.join(tags)}")
        else:
            categories = _CATEGORY_LINES[kind]
        description, source_lines = self.description(event.summary, vote, sources)
        self.stamps.append(len(lines) + 2)
        lines += (
            "BEGIN:VEVENT",
            _fold_ascii(f"UID:{event.id}@{domain}"),
            "",  # DTSTAMP, filled in by to_ics
            _SEQUENCE_LINES[status],
            *dates,
            fold("SUMMARY:" + escape_text(event.title)),
            _STATUS_LINES[status],
            "TRANSP:TRANSPARENT",
            categories,
            fold("DESCRIPTION:" + description),
        )
        place = event.place
        if place is not None:
            lines += self.place(place)
        for source in sources:
            if source.url:
                lines.append(_fold_ascii("URL:" + _uri_text(source.url)))
                break
        for link in event.links:
            lines.append(_fold_ascii(f"{_RELATED[link.rel]}{link.target}@{domain}"))
        if not derivable:  # EDTF needs no escaping: digits, - : / ~ ? % + [ ] and a zone name
            lines.append(_fold_ascii(f"{_X}WHEN:{when}"))
        lines.append(_KIND_LINES[kind])
        if status in _STATUS_NEEDS_X:
            lines.append(_X_STATUS_LINES[status])
        participants = event.participants
        if participants:
            line = seen.get(participants)
            if line is None:
                line = seen[participants] = fold(f"{_X}PARTICIPANTS:{','.join(participants)}")
            lines.append(line)
        lines += source_lines
        if vote is not None:
            members = "" if vote.members is None else vote.members
            lines.append(
                fold(
                    f"{_X}VOTE:{escape_text(vote.body)};{escape_text(vote.resolution or '')};"
                    f"{vote.yes};{vote.no};{vote.abstain};{vote.absent};{members}"
                )
            )
            if vote.positions:
                positions = ",".join(
                    f"{country}={position.value}"
                    for country, position in sorted(vote.positions.items())
                )
                lines.append(fold(f"{_X}VOTE-POSITIONS:{positions}"))
        if event.note is not None:
            lines.append(fold(f"{_X}NOTE:{escape_text(event.note)}"))
        lines.append("END:VEVENT")
        return True

    def place(self, place: Place) -> tuple[str, ...]:
        """LOCATION, GEO and X-TIMELINE-PLACE, rendered once per distinct place."""
        key = (place.name, place.country, place.lat, place.lon, place.timezone)
        found = self.places_seen.get(key)
        if found is None:
            lines = [fold("LOCATION:" + escape_text(place.name))]
            if place.lat is not None and place.lon is not None:
                lines.append(fold(f"GEO:{_float_text(place.lat)};{_float_text(place.lon)}"))
            if place.country is not None or place.timezone is not None:
                lines.append(f"{_X}PLACE:{place.country or ''};{place.timezone or ''}")
            found = self.places_seen[key] = tuple(lines)
        return found

    def date_texts(self, when: When) -> tuple[str, str]:
        """(`str(when)`, escaped `when.human()`) of a source's date, spelled once per date."""
        start, end = when.start_point, when.end_point
        if type(start.value) is not date or (end is not None and type(end.value) is not date):
            last = when.last_day
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
                    when.last_day,
                )
            if found[2] > self.latest:
                self.latest = found[2]
            return found[0], found[1]
        if last > self.latest:
            self.latest = last
        return str(when), escape_text(when.human())

    def description(
        self, summary: str, vote: Vote | None, sources: Sequence[Source]
    ) -> tuple[str, list[str]]:
        """`escape_text(describe(...))` and the X-TIMELINE-SOURCE lines, escaping each field once.

        Escaping the short fields rather than the long description is what keeps this cheap;
        the round-trip tests hold it to `describe`, which the reader uses to find the summary.
        """
        parts = [escape_text(summary), "\\n\\n"] if summary else []
        if vote is not None:
            head = escape_text(vote.body)
            if vote.resolution is not None:
                head += "\\, " + escape_text(vote.resolution)
            tally = f"{vote.yes} yes\\, {vote.no} no\\, {vote.abstain} abstaining"
            if vote.absent:
                tally += f"\\, {vote.absent} absent"
            parts.append(f"Vote ({head}): {tally}.\\n")
        parts.append("Sources:")
        lines: list[str] = []
        for source in sources:
            publisher, title = escape_text(source.publisher), escape_text(source.title)
            url = escape_text(source.url) if source.url else ""
            published = source.published
            item = f"\\n- {publisher}: {title}"
            stored = ""
            if published is not None:
                stored, shown = self.date_texts(published)
                item += f" ({shown})"
            if url:
                item += " " + url
            parts.append(item)
            lines.append(fold(f"{_X}SOURCE:{publisher};{title};{url};{stored}"))
        return "".join(parts), lines


def _structured(fields: Iterable[str]) -> str:
    """A structured TEXT value: escaped fields joined by bare semicolons (as in ADR or N)."""
    return ";".join(escape_text(value) for value in fields)


def describe(summary: str, vote: Vote | None, sources: Sequence[Source]) -> str:
    """DESCRIPTION: the summary, then the vote and the sources, for people reading the event."""
    details: list[str] = []
    if vote is not None:
        head = vote.body if vote.resolution is None else f"{vote.body}, {vote.resolution}"
        tally = f"{vote.yes} yes, {vote.no} no, {vote.abstain} abstaining"
        if vote.absent:
            tally += f", {vote.absent} absent"
        details.append(f"Vote ({head}): {tally}.")
    details.append("Sources:")
    for source in sources:
        item = f"- {source.publisher}: {source.title}"
        if source.published is not None:
            item += f" ({source.published.human()})"
        if source.url:
            item += f" {source.url}"
        details.append(item)
    block = "\n".join(details)
    return f"{summary}\n\n{block}" if summary else block


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
        return _clock_text(moment) + "Z"
    day = day or date(1970, 1, 1)
    return f"{day.isoformat().replace('-', '')}T000000Z"


def to_ics(
    timeline: Timeline, *, domain: str = DEFAULT_DOMAIN, imprecise: Imprecise = "span"
) -> bytes:
    """The timeline as an iCalendar file, byte-identical for the same timeline and options.

    `domain` makes the UIDs (`id@domain`); `imprecise` says what becomes of month- and
    year-precision events: "span" (an all-day event over the month or year) or "skip" (left
    out, with a `TimelineWarning` naming them).
    """
    if not isinstance(domain, str) or not _DOMAIN.fullmatch(domain):
        raise FormatError(
            f"{domain!r} is not a domain name",
            hint="UIDs are id@domain: give a host name such as example.org (letters, digits, "
            "hyphens and dots)",
        )
    if imprecise not in ("span", "skip"):
        raise FormatError(f"unknown policy imprecise={imprecise!r}", hint="use 'span' or 'skip'")
    writer = _Writer(domain, imprecise)
    body: list[str] = []
    skipped: list[str] = []
    for event in timeline.events:
        if not writer.event(event, body):
            skipped.append(event.id)
    # Timeline.last_changed, from what the writer saw: `updated`, else the latest day mentioned
    last_changed = timeline.updated or (writer.latest if timeline.events else None)
    stamp = f"DTSTAMP:{_stamp(last_changed)}"
    for position in writer.stamps:
        body[position] = stamp
    if skipped:
        shown = ", ".join(skipped[:5]) + (
            f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        )
        noun = "event" if len(skipped) == 1 else "events"
        warnings.warn(
            TimelineWarning(
                f"left {len(skipped)} month- or year-precision {noun} out of the calendar "
                f"(imprecise='skip'): {shown}"
            ),
            stacklevel=2,
        )
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
    if timeline.timezone is not None:
        head.append(fold(f"{_X}TIMEZONE:{escape_text(timeline.timezone)}"))
    if timeline.updated is not None:
        head.append(f"{_X}UPDATED:{timeline.updated.isoformat()}")
    for acronym, name in sorted(timeline.organisations.items()):
        head.append(fold(f"{_X}ORGANISATION:{_structured((acronym, name))}"))
    for key in sorted(writer.zones):
        head += vtimezone_lines(key, writer.zones[key])
    body.append("END:VCALENDAR")
    # encoded a slice at a time: one 100,000-event string would be built and copied whole
    chunks = [("\r\n".join(head) + "\r\n").encode("utf-8")]
    for start in range(0, len(body), _CHUNK):
        chunks.append(("\r\n".join(body[start : start + _CHUNK]) + "\r\n").encode("utf-8"))
    return b"".join(chunks)


write = to_ics
"""The format registry's name for `to_ics`."""

# -- reading: content lines ------------------------------------------------------------------


@dataclass(slots=True)
class _Property:
    name: str
    params: dict[str, str]
    value: str
    line: int

    def text(self) -> str:
        return unescape_text(self.value)


@dataclass(slots=True)
class _Component:
    name: str
    line: int
    properties: list[_Property] = field(default_factory=list)
    children: list[_Component] = field(default_factory=list)

    def first(self, name: str) -> _Property | None:
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None

    def every(self, name: str) -> list[_Property]:
        return [prop for prop in self.properties if prop.name == name]

    def text(self, name: str) -> str | None:
        prop = self.first(name)
        return None if prop is None else prop.text()


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_NAME = re.compile(r"[A-Za-z0-9-]+")


def unescape_text(value: str) -> str:
    """Undo TEXT escaping: `\\n` and `\\N` are line breaks, other escapes stand for themselves."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda match: "\n" if match[1] in "nN" else match[1], value)


def _split(value: str, separator: str) -> list[str]:
    """Split a raw value at separators that are not escaped, leaving the escapes in place."""
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for char in characters:
        if char == "\\":
            current.append(char + next(characters, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _content_lines(data: bytes, source: str | None) -> Iterator[tuple[int, str]]:
    """Unfolded logical lines with the number of the line each starts on.

    Lines are unfolded before they are decoded, so a producer that folded in the middle of a
    UTF-8 character (a common fault) is still read correctly.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    current: list[bytes] = []
    start = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        chunk = raw[:-1] if raw.endswith(b"\r") else raw
        if chunk[:1] in (b" ", b"\t") and current:
            current.append(chunk[1:])
            continue
        if current:
            yield start, _decode(b"".join(current), start, source)
        current, start = ([chunk], number) if chunk.strip() else ([], number)
    if current:
        yield start, _decode(b"".join(current), start, source)


def _decode(raw: bytes, line: int, source: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(
            "the file is not valid UTF-8", Location(file=source, line=line), "save it as UTF-8"
        ) from None


def _parse_line(text: str, line: int, source: str | None) -> _Property:
    match = _NAME.match(text)
    if match is None:
        raise FormatError(
            f"not an iCalendar content line: {text[:40]!r}",
            Location(file=source, line=line),
            "each line is NAME[;PARAM=VALUE]:VALUE; a continuation line starts with a space",
        )
    name = match.group().upper()
    params: dict[str, str] = {}
    position = match.end()
    while position < len(text) and text[position] == ";":
        equals = text.find("=", position)
        if equals < 0:
            break
        key = text[position + 1 : equals].upper()
        position = equals + 1
        values: list[str] = []
        while True:
            if text.startswith('"', position):
                close = text.find('"', position + 1)
                close = len(text) if close < 0 else close
                values.append(text[position + 1 : close])
                position = close + 1
            else:
                end = position
                while end < len(text) and text[end] not in ";:,":
                    end += 1
                values.append(text[position:end])
                position = end
            if position < len(text) and text[position] == ",":
                position += 1
                continue
            break
        params[key] = ",".join(values)
    if position >= len(text) or text[position] != ":":
        raise FormatError(
            f"the {name} line has no ':' before its value",
            Location(file=source, line=line),
            "each line is NAME[;PARAM=VALUE]:VALUE",
        )
    return _Property(name, params, text[position + 1 :], line)


def _parse(data: bytes, source: str | None) -> list[_Component]:
    """The VCALENDAR components of a file, as a tree of components and properties."""
    stack: list[_Component] = []
    calendars: list[_Component] = []
    for line, text in _content_lines(data, source):
        prop = _parse_line(text, line, source)
        if prop.name == "BEGIN":
            component = _Component(prop.value.strip().upper(), line)
            if stack:
                stack[-1].children.append(component)
            elif component.name == "VCALENDAR":
                calendars.append(component)
            else:
                raise FormatError(
                    f"BEGIN:{component.name} outside any VCALENDAR",
                    Location(file=source, line=line),
                    "an iCalendar file starts with BEGIN:VCALENDAR",
                )
            stack.append(component)
        elif prop.name == "END":
            name = prop.value.strip().upper()
            if not stack or stack[-1].name != name:
                expected = f"END:{stack[-1].name}" if stack else "nothing"
                raise FormatError(
                    f"END:{name} does not close the open component (expected {expected})",
                    Location(file=source, line=line),
                )
            stack.pop()
        elif stack:
            stack[-1].properties.append(prop)
        else:
            raise FormatError(
                f"the {prop.name} line is outside any VCALENDAR",
                Location(file=source, line=line),
                "an iCalendar file starts with BEGIN:VCALENDAR",
            )
    if stack:
        raise FormatError(
            f"BEGIN:{stack[-1].name} is never closed",
            Location(file=source, line=stack[-1].line),
            f"add END:{stack[-1].name}",
        )
    if not calendars:
        raise FormatError(
            "no VCALENDAR in the file", Location(file=source), "is this an iCalendar (.ics) file?"
        )
    return calendars


# -- reading: dates ----------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)", re.IGNORECASE)
_DURATION = re.compile(
    r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", re.IGNORECASE
)


class _BadDateError(Exception):
    """A date value that cannot be understood; becomes a located problem."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


_SECOND = timedelta(seconds=1)
_ZONE_HINT = (
    "name the zone by its IANA name (TZID:Asia/Almaty), or give its VTIMEZONE an "
    "X-LIC-LOCATION with that name"
)


def _zone_for(tzid: str, calendar: _Component) -> tuple[ZoneInfo, frozenset[timedelta] | None]:
    """An IANA zone for a TZID: the name itself, a path ending in one, X-LIC-LOCATION, or a
    Windows zone name (Outlook's). For the last, also the offsets the file's VTIMEZONE declares,
    since the name alone is a guess that the caller checks against them."""
    candidates = [tzid.strip()]
    parts = tzid.strip().strip("/").split("/")
    candidates += ["/".join(parts[index:]) for index in range(1, len(parts))]
    definition = next(
        (
            zone
            for zone in calendar.children
            if zone.name == "VTIMEZONE" and zone.text("TZID") == tzid
        ),
        None,
    )
    if definition is not None:
        candidates.append(definition.text("X-LIC-LOCATION") or "")
    for name in candidates:
        if not name:
            continue
        try:
            return ZoneInfo(name), None
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    windows = WINDOWS_ZONES.get(tzid.strip())
    if windows is not None:
        declared = None if definition is None else _declared_offsets(definition)
        return ZoneInfo(windows), declared
    raise _BadDateError(f"unknown time zone TZID={tzid!r}", _ZONE_HINT)


def _declared_offsets(definition: _Component) -> frozenset[timedelta]:
    """Every TZOFFSETTO of a VTIMEZONE's observances."""
    return frozenset(
        _offset(text)
        for observance in definition.children
        if (text := observance.text("TZOFFSETTO")) is not None
    )


def _offset(text: str) -> timedelta:
    """`+0600` or `-043000` as a timedelta (RFC 5545 UTC-OFFSET)."""
    match = re.fullmatch(r"([+-])(\d{2})(\d{2})(\d{2})?", text.strip())
    if match is None:
        raise _BadDateError(f"TZOFFSETTO {text!r} is not a UTC offset such as +0600")
    sign, hours, minutes, seconds = match.groups()
    amount = timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
    return -amount if sign == "-" else amount


def _value(prop: _Property, calendar: _Component) -> date | datetime:
    """A DATE (a `date`), or a DATE-TIME (aware, or naive when floating)."""
    raw = prop.value.strip()
    if prop.params.get("VALUE", "").upper() == "DATE" or len(raw) == 8:
        match = _DATE.fullmatch(raw)
        if match is None:
            raise _BadDateError(f"{prop.name} {raw!r} is not a DATE (YYYYMMDD)")
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            raise _BadDateError(f"{prop.name} {raw!r} does not exist") from None
    found = _DATE_TIME.fullmatch(raw)
    if found is None:
        raise _BadDateError(f"{prop.name} {raw!r} is not a DATE-TIME (YYYYMMDDTHHMMSS)")
    year, month, day, hour, minute = (int(found[number]) for number in range(1, 6))
    try:
        wall = datetime(year, month, day, hour, minute)  # seconds dropped: times are to the minute
    except ValueError:
        raise _BadDateError(f"{prop.name} {raw!r} does not exist") from None
    if found[7]:
        return wall.replace(tzinfo=UTC)
    tzid = prop.params.get("TZID")
    if tzid is None:
        return wall  # floating: the timeline's zone applies
    zone, declared = _zone_for(tzid, calendar)
    # RFC 5545: a repeated time is the first one, a skipped time takes the offset before the gap
    try:
        moment = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    except (OverflowError, ValueError):
        raise _BadDateError(f"{prop.name} {raw!r} is out of range") from None
    offset = moment.utcoffset() or timedelta(0)
    if declared and offset not in declared:
        shown = ", ".join(format_offset(each // _SECOND) for each in sorted(declared))
        raise _BadDateError(
            f"TZID={tzid!r} is read as {zone.key}, whose offset at {prop.name} {raw} is "
            f"{format_offset(offset // _SECOND)}, but the file's VTIMEZONE gives only {shown}",
            _ZONE_HINT,
        )
    return moment


def _duration(text: str) -> timedelta:
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groups()[1:]):
        raise _BadDateError(f"DURATION {text!r} is not a duration such as PT1H30M or P2D")
    sign, weeks, days, hours, minutes, seconds = match.groups()
    amount = timedelta(
        weeks=int(weeks or 0),
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
    )
    return -amount if sign == "-" else amount


def _moment_text(value: datetime) -> str:
    """EDTF for a time: the zone's name when it has one, floating when it has none."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}"
    if value.tzinfo is None:
        return text
    zone = value.tzinfo
    key = zone.key if isinstance(zone, ZoneInfo) else "UTC"
    offset = value.utcoffset() or timedelta(0)
    total = offset // timedelta(seconds=1)
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    shown = f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return f"{text}{shown}[{key}]"


def _when_text(event: _Component, calendar: _Component) -> str | None:
    """The event's dates as EDTF text, from DTSTART and DTEND (exclusive) or DURATION."""
    start_prop = event.first("DTSTART")
    if start_prop is None:
        return None
    start = _value(start_prop, calendar)
    end_prop = event.first("DTEND")
    length = event.first("DURATION")
    end: date | datetime | None = None
    if end_prop is not None:
        end = _value(end_prop, calendar)
    elif length is not None:
        end = start + _duration(length.value)
    if not isinstance(start, datetime):
        last = start
        if end is not None and not isinstance(end, datetime):
            last = max(start, end - timedelta(days=1))
        return start.isoformat() if last == start else f"{start.isoformat()}/{last.isoformat()}"
    if not isinstance(end, datetime) or (end.tzinfo is None) != (start.tzinfo is None):
        return _moment_text(start)
    if start.tzinfo is not None:
        end = end.astimezone(start.tzinfo)  # both ends of a When share the start's zone
    if end <= start:
        return _moment_text(start)
    return f"{_moment_text(start)}/{_moment_text(end)}"


def _agrees(written: When, derived: When) -> bool:
    """Whether X-TIMELINE-WHEN still describes DTSTART (a calendar app may have moved it)."""
    if written.is_timed and derived.is_timed:
        start, other = written.start, derived.start
        assert isinstance(start, datetime)
        assert isinstance(other, datetime)
        # DTSTART is read to the minute, but a local mean time offset has seconds (+05:07:48)
        return abs(start.astimezone(UTC) - other.astimezone(UTC)) < timedelta(minutes=1)
    return written.first_day == derived.first_day


# -- reading: events -----------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-")


def _local_part(uid: str) -> str:
    return uid.rpartition("@")[0] if "@" in uid else uid


@dataclass(slots=True)
class _Reader:
    calendar: _Component
    source: str | None
    lines: dict[tuple[int | None, tuple[str | int, ...]], int] = field(default_factory=dict)
    #: Dates this reader could not understand; reported with build_timeline's own problems.
    problems: list[Problem] = field(default_factory=list)

    def note(self, index: int | None, path: tuple[str | int, ...], prop: _Property | None) -> None:
        if prop is not None:
            self.lines.setdefault((index, path), prop.line)

    def locate(self, index: int | None, path: tuple[str | int, ...]) -> int | None:
        for length in range(len(path), -1, -1):
            line = self.lines.get((index, path[:length]))
            if line is not None:
                return line
        return None

    def header(self) -> dict[str, Any]:
        calendar = self.calendar
        head: dict[str, Any] = {}
        name_prop = calendar.first("NAME") or calendar.first("X-WR-CALNAME")
        title = name_prop.text().strip() if name_prop else ""
        if not title and self.source:
            title = PurePath(self.source).stem
        head["title"] = title or "Imported calendar"
        self.note(None, ("timeline", "title"), name_prop)
        described = calendar.first("DESCRIPTION") or calendar.first("X-WR-CALDESC")
        if described is not None:
            head["description"] = described.text()
        zone = calendar.first(f"{_X}TIMEZONE") or calendar.first("X-WR-TIMEZONE")
        if zone is not None:
            head["timezone"] = zone.text().strip()
            self.note(None, ("timeline", "timezone"), zone)
        updated = calendar.first(f"{_X}UPDATED")
        if updated is not None:
            head["updated"] = updated.text().strip()
            self.note(None, ("timeline", "updated"), updated)
        organisations = {}
        for prop in calendar.every(f"{_X}ORGANISATION"):
            acronym, name = [unescape_text(part) for part in [*_split(prop.value, ";"), ""]][:2]
            organisations[acronym] = name
            self.note(None, ("timeline", "organisations", acronym), prop)
        if organisations:
            head["organisations"] = organisations
        return head

    def events(self) -> list[dict[str, Any]]:
        components = [child for child in self.calendar.children if child.name == "VEVENT"]
        kept: list[_Component] = []
        for component in components:
            if component.first("RECURRENCE-ID") is not None:
                self._warn(component, "changes one occurrence of a repeating event; left out")
            else:
                kept.append(component)
        ids = self._ids(kept)
        by_uid = {
            (component.text("UID") or "").strip(): event_id
            for component, event_id in zip(kept, ids, strict=True)
        }
        default_zone = self.calendar.text(f"{_X}TIMEZONE") or self.calendar.text("X-WR-TIMEZONE")
        return [
            self._event(index, component, event_id, by_uid, default_zone)
            for index, (component, event_id) in enumerate(zip(kept, ids, strict=True))
        ]

    def _warn(self, component: _Component, message: str) -> None:
        uid = component.text("UID") or "(no UID)"
        where = Location(file=self.source, line=component.line)
        warnings.warn(TimelineWarning(f"{where}: event {uid!r} {message}"), stacklevel=2)

    def _ids(self, components: Sequence[_Component]) -> list[str]:
        """Ids from the UIDs: ours give the id back; others are slugged, made unique in order."""
        ids: list[str] = []
        taken: set[str] = set()
        for number, component in enumerate(components, start=1):
            uid = (component.text("UID") or "").strip()
            base = _local_part(uid)
            if not _SLUG.fullmatch(base) or len(base) > 120:
                base = _slug(base) or _slug(uid) or f"event-{number}"
            candidate, counter = base, 1
            while candidate in taken:
                counter += 1
                candidate = f"{base}-{counter}"
            taken.add(candidate)
            ids.append(candidate)
        return ids

    def _event(
        self,
        index: int,
        component: _Component,
        event_id: str,
        by_uid: dict[str, str],
        default_zone: str | None,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"id": event_id}
        self.lines[(index, ())] = component.line
        self.note(index, ("id",), component.first("UID"))
        summary = component.first("SUMMARY")
        title = summary.text().strip() if summary is not None else ""
        data["title"] = title or "(no title)"
        self.note(index, ("title",), summary)
        data["when"] = self._when(index, component, event_id, default_zone)
        ours = component.first(f"{_X}KIND") is not None
        kind = component.first(f"{_X}KIND")
        data["kind"] = kind.text().strip() if kind is not None else "other"
        self.note(index, ("kind",), kind)
        data["status"] = self._status(index, component)
        categories = [
            unescape_text(part).strip()
            for prop in component.every("CATEGORIES")
            for part in _split(prop.value, ",")
        ]
        self.note(index, ("tags",), component.first("CATEGORIES"))
        if ours:
            data["tags"] = categories[1:] if categories[:1] == [data["kind"]] else categories
        else:
            tags = [_slug(category) for category in categories]
            data["tags"] = list(dict.fromkeys(tag for tag in tags if tag))
        place = self._place(index, component)
        if place is not None:
            data["place"] = place
        participants = component.first(f"{_X}PARTICIPANTS")
        if participants is not None and participants.value:
            data["participants"] = [unescape_text(p) for p in _split(participants.value, ",")]
            self.note(index, ("participants",), participants)
        sources = self._sources(index, component, ours)
        data["sources"] = sources
        links = self._links(index, component, by_uid)
        if links:
            data["links"] = links
        vote = self._vote(index, component)
        if vote is not None:
            data["vote"] = vote
        note = component.first(f"{_X}NOTE")
        if note is not None:
            data["note"] = note.text()
            self.note(index, ("note",), note)
        description = component.first("DESCRIPTION")
        self.note(index, ("summary",), description)
        data["summary"] = (
            self._summary(description, data.get("vote"), sources) if description else ""
        )
        repeats = component.first("RRULE") or component.first("RDATE")
        if repeats is not None:
            self._warn(component, "repeats; only its first occurrence is read")
        return data

    def _when(
        self, index: int, component: _Component, event_id: str, default_zone: str | None
    ) -> str:
        written = component.first(f"{_X}WHEN")
        start = component.first("DTSTART")
        self.note(index, ("when",), written or start)
        try:
            derived = _when_text(component, self.calendar)
        except _BadDateError as problem:
            if written is not None:
                return written.text()
            return self._unreadable(str(problem), start or component, event_id, problem.hint)
        if written is None:
            if derived is None:
                message = "the event has no DTSTART"
                return self._unreadable(message, component, event_id)
            return derived
        text = written.text().strip()
        if derived is None:
            return text
        try:
            ours = When.parse(text)
            theirs = When.parse(derived, zone=default_zone)
        except DateError:
            return text  # the written form is wrong: build_timeline says how, at its line
        return text if _agrees(ours, theirs) else derived

    def _unreadable(
        self,
        message: str,
        where: _Property | _Component,
        event_id: str,
        hint: str | None = None,
    ) -> str:
        """Record a date problem and stand in a placeholder, so the rest is still checked."""
        location = Location(self.source, where.line, event_id, field_name(("when",)))
        hint = hint or "write DTSTART as YYYYMMDD, or YYYYMMDDTHHMMSS with a TZID or a final Z"
        self.problems.append(Problem(message, location, hint))
        return "0001"

    def _status(self, index: int, component: _Component) -> str:
        written = component.first(f"{_X}STATUS")
        if written is not None:
            self.note(index, ("status",), written)
            return written.text().strip()
        status = component.first("STATUS")
        self.note(index, ("status",), status)
        value = (status.text() if status else "").strip().upper()
        if value == "CANCELLED":
            return Status.CANCELLED.value
        if value == "TENTATIVE":
            return Status.SCHEDULED.value
        return Status.OCCURRED.value

    def _place(self, index: int, component: _Component) -> dict[str, Any] | None:
        location = component.first("LOCATION")
        if location is None or not location.text().strip():
            return None
        self.note(index, ("place",), location)
        place: dict[str, Any] = {"name": location.text()}
        geo = component.first("GEO")
        if geo is not None:
            self.note(index, ("place", "lat"), geo)
            self.note(index, ("place", "lon"), geo)
            latitude, _, longitude = geo.value.partition(";")
            place["lat"], place["lon"] = _number(latitude), _number(longitude)
        extra = component.first(f"{_X}PLACE")
        if extra is not None:
            country, zone = ([unescape_text(part) for part in _split(extra.value, ";")] + ["", ""])[
                :2
            ]
            self.note(index, ("place", "country"), extra)
            self.note(index, ("place", "timezone"), extra)
            if country:
                place["country"] = country
            if zone:
                place["timezone"] = zone
        return place

    def _sources(self, index: int, component: _Component, ours: bool) -> list[dict[str, Any]]:
        sources: list[dict[str, Any]] = []
        for number, prop in enumerate(component.every(f"{_X}SOURCE")):
            fields = [unescape_text(part) for part in _split(prop.value, ";")] + ["", "", "", ""]
            publisher, title, url, published = fields[:4]
            source: dict[str, Any] = {"publisher": publisher, "title": title}
            if url:
                source["url"] = url
            if published:
                source["published"] = published
            sources.append(source)
            self.note(index, ("sources", number), prop)
        if sources or ours:
            return sources
        # a calendar app's event: the calendar itself is the source, and its URL if it has one
        calendar = self.calendar
        name = (calendar.text("X-WR-CALNAME") or calendar.text("NAME") or "").strip()
        if not name and self.source:
            name = PurePath(self.source).name
        title = (component.text("SUMMARY") or "").strip() or "calendar entry"
        fallback: dict[str, Any] = {"publisher": name or "iCalendar file", "title": title}
        url = (component.text("URL") or "").strip()
        if re.fullmatch(r"https?://[^\s<>\"]+", url):
            fallback["url"] = url
        return [fallback]

    def _links(
        self, index: int, component: _Component, by_uid: dict[str, str]
    ) -> list[dict[str, str]]:
        relations = {reltype: rel.value for rel, reltype in _RELTYPE.items()}
        links: list[dict[str, str]] = []
        for prop in component.every("RELATED-TO"):
            reltype = prop.params.get("RELTYPE", "PARENT").upper()
            uid = prop.text().strip()
            target = by_uid.get(uid)
            if reltype not in relations:
                self._warn(component, f"has RELATED-TO;RELTYPE={reltype}, which has no equivalent")
            elif target is None:
                self._warn(component, f"is related to {uid!r}, which is not in the file; left out")
            else:
                self.note(index, ("links", len(links)), prop)
                links.append({"rel": relations[reltype], "target": target})
        return links

    def _vote(self, index: int, component: _Component) -> dict[str, Any] | None:
        prop = component.first(f"{_X}VOTE")
        if prop is None:
            return None
        self.note(index, ("vote",), prop)
        fields = [unescape_text(part) for part in _split(prop.value, ";")] + [""] * 7
        body, resolution, yes, no, abstain, absent, members = fields[:7]
        vote: dict[str, Any] = {
            "body": body,
            "yes": _number(yes),
            "no": _number(no),
            "abstain": _number(abstain),
            "absent": _number(absent),
        }
        if resolution:
            vote["resolution"] = resolution
        if members:
            vote["members"] = _number(members)
        positions = component.first(f"{_X}VOTE-POSITIONS")
        if positions is not None and positions.value:
            self.note(index, ("vote", "positions"), positions)
            pairs = (unescape_text(part).partition("=") for part in _split(positions.value, ","))
            vote["positions"] = {country: position for country, _, position in pairs}
        return vote

    def _summary(
        self, description: _Property, vote: dict[str, Any] | None, sources: list[dict[str, Any]]
    ) -> str:
        """The summary is the description less the vote and sources block the writer added."""
        text = description.text()
        try:
            block = describe(
                "",
                None if vote is None else Vote.model_validate(vote),
                [Source.model_validate(source) for source in sources],
            )
        except ValueError:  # invalid details are reported on their own lines
            return text
        if text == block:
            return ""
        if text.endswith("\n\n" + block):
            return text[: -len(block) - 2]
        return text


def _number(text: str) -> object:
    """A number if the text is one, else the text, so that validation reports it as written."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def read(data: bytes, source: str | None = None) -> Timeline:
    """Read an .ics file (ours or a calendar app's); raise `FormatError` or `InvalidTimeline`.

    Our own X-TIMELINE-* properties give back the timeline exactly; an app's events become
    events of kind "other" whose source is the calendar (and the event's URL).
    """
    calendars = _parse(data, source)
    calendar = calendars[0]
    for extra in calendars[1:]:  # several calendars in one file: read them as one
        calendar.children += extra.children
    reader = _Reader(calendar, source)
    document = {"timeline": reader.header(), "events": reader.events()}
    try:
        timeline = build_timeline(document, source=source, locate=reader.locate, consume=True)
    except InvalidTimeline as error:
        if not reader.problems:
            raise
        found = [*reader.problems, *error.problems]
        raise InvalidTimeline(sorted(found, key=_line_order)) from None
    if reader.problems:
        raise InvalidTimeline(reader.problems)
    return timeline


def _line_order(problem: Problem) -> int:
    line = problem.location.line
    return (1 << 60) if line is None else line
