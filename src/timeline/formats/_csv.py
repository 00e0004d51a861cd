"""CSV: a chronology as a spreadsheet, because researchers keep their events in Excel or Sheets.

One header row, then one row per event. An event with several sources continues on the rows
below it: a *continuation row* repeats the event's id and fills only the `source_*` cells. An
empty cell is an absent field. Lists are `; `-separated (`KZ; RU; CSTO`), links are `rel: target`
and vote positions `KZ=abstain`. CSV carries events only: the timeline's title comes from the file
name (or the caller), and its description, time zone, `updated` and organisations are not written.
A series' columns (`SERIES_COLUMNS`: its rules one a line, its other and skipped dates, an
occurrence's series and start, a calendar's `uid`) are written only when an event has one, so
other chronologies keep their bytes; what another format `carried` is left out, with a warning.

Writing follows RFC 4180 (CRLF, minimal quoting) in UTF-8 without a byte-order mark. A text cell
that a spreadsheet could run as a formula (it starts with `=`, `+`, `-`, `@` or their full-width
forms, also after spaces or line breaks, or with a tab or a carriage return) is written behind
one `'`, and the reader removes exactly that `'` again; numbers (lat, lon, vote counts) are
written as plain numbers. Reading accepts what spreadsheets save: UTF-8 with or without a
byte-order mark, CRLF or LF, a comma, semicolon or tab delimiter (taken from the header row, or
from Excel's `sep=;` line), quoted cells with line breaks, columns in any order.

Every problem is located by file, the physical line where its row starts, event id and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final

from timeline._codes import ORGANISATIONS
from timeline._errors import (
    FormatError,
    InvalidTimeline,
    Location,
    Problem,
    ProblemCode,
    Suggestion,
    TimelineWarning,
    counted,
    warn,
)
from timeline._model import Event, Source, Timeline
from timeline._normalize import (
    build_timeline,
    likely_field,
    paused_garbage_collection,
    unknown_field,
)
from timeline._options import OnError
from timeline.formats._common import Dialect, decode_utf8

if TYPE_CHECKING:
    from _csv import Reader as _RowReader

__all__ = ["COLUMNS", "REQUIRED", "SERIES_COLUMNS", "csv_chunks", "read", "to_csv"]

COLUMNS: Final = (
    "id",
    "title",
    "when",
    "when_text",
    "as_of",
    "repeats",
    "repeats_also",
    "repeats_skip",
    "series",
    "occurrence",
    "uid",
    "kind",
    "status",
    "summary",
    "place",
    "country",
    "lat",
    "lon",
    "timezone",
    "participants",
    "absent",
    "tags",
    "links",
    "note",
    "vote_body",
    "vote_resolution",
    "vote_yes",
    "vote_no",
    "vote_abstain",
    "vote_absent",
    "vote_members",
    "vote_positions",
    "source_publisher",
    "source_title",
    "source_url",
    "source_published",
)
"""Every column, in the order the writer puts them; a file may order them as it likes. The
columns of a series (`SERIES_COLUMNS`) are written only when an event has one of them."""

SERIES_COLUMNS: Final = ("repeats", "repeats_also", "repeats_skip", "series", "occurrence", "uid")
"""The columns of series, their occurrences and an imported `uid`; a file without them reads
as before, and a chronology without them writes the columns it always did."""

_WITHOUT_SERIES: Final = tuple(name for name in COLUMNS if name not in SERIES_COLUMNS)

REQUIRED: Final = ("id", "title", "when", "kind", "source_publisher", "source_title")
"""Columns a file must have (their cells may still be empty on continuation rows)."""

_SOURCE: Final = {
    "source_publisher": "publisher",
    "source_title": "title",
    "source_url": "url",
    "source_published": "published",
}
_PLACE: Final = {
    "place": "name",
    "country": "country",
    "lat": "lat",
    "lon": "lon",
    "timezone": "timezone",  # the place's zone, which timed dates without their own also use
}
_VOTE: Final = {
    "vote_body": "body",
    "vote_resolution": "resolution",
    "vote_yes": "yes",
    "vote_no": "no",
    "vote_abstain": "abstain",
    "vote_absent": "absent",
    "vote_members": "members",
}
_PLAIN: Final = (
    *("id", "title", "when", "when_text", "as_of", "kind", "status", "summary", "note"),
    *("series", "occurrence", "uid"),
)
#: The cells of `repeats`: its rules (one a line), then `also` and `skip` (`; `-separated dates).
_REPEATS: Final = {"repeats": "rule", "repeats_also": "also", "repeats_skip": "skip"}
#: Free text keeps its spaces; every other cell is a code, a number or a date and is trimmed.
_FREE_TEXT: Final = frozenset(
    {"title", "when_text", "summary", "place", "note", "vote_body", "vote_resolution"}
    | {"source_publisher", "source_title"}
)

#: A cell a spreadsheet could run as a formula (OWASP "CSV injection"): one that starts with a
#: tab or a carriage return, or whose first character after any whitespace and line breaks is
#: `=`, `+`, `-` or `@` or its full-width form (which Japanese and Chinese input methods type,
#: and some spreadsheets read as the ASCII one). A cell that already starts with quotes of its
#: own gets one more `'` on writing, so reading can always remove exactly one.
_GUARDED: Final = re.compile(r"'*+(?:[\t\r]|\s*+[=+\-@\uff1d\uff0b\uff0d\uff20])")
_GUARD_FIRST: Final = frozenset("=+-@'\uff1d\uff0b\uff0d\uff20")
_SEP_LINE: Final = re.compile(r"sep=([,;\t|])\s*$", re.IGNORECASE)
_CRLF: Final = "\r\n"
_UNTITLED: Final = "untitled"

# -- writing -------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """A text cell, guarded so that no spreadsheet runs it as a formula."""
    if value and (value[0] in _GUARD_FIRST or value[0].isspace()) and _GUARDED.match(value):
        return "'" + value
    return value


def _number(value: float | int | None) -> str:
    """Numbers stay numbers (`-12.5`, not `'-12.5`): `repr` of a float reads back exactly."""
    return "" if value is None else repr(value)


def _series_cells(event: Event) -> list[str]:
    """The six cells of `SERIES_COLUMNS`: a series' rules one a line, its dates `; `-separated."""
    repeats = event.repeats
    rule = also = skip = ""
    if repeats is not None:
        rule = "\n".join(repeats.rule)
        also = "; ".join(map(str, repeats.also))
        skip = "; ".join(map(str, repeats.skip))
    occurrence = "" if event.occurrence is None else str(event.occurrence)
    return [rule, also, skip, event.series or "", occurrence, _text(event.uid or "")]


def _has_series(events: Sequence[Event]) -> bool:
    return any(
        event.repeats is not None or event.series is not None or event.uid is not None
        for event in events
    )


def _rows(events: Sequence[Event], series: bool) -> Iterator[list[str]]:
    width = len(COLUMNS if series else _WITHOUT_SERIES)
    blank = [""] * (width - len(_SOURCE))
    for event in events:
        place, vote = event.place, event.vote
        if place is None:
            where = ["", "", "", "", ""]
        else:
            where = [
                _text(place.name),
                place.country or "",
                _number(place.lat),
                _number(place.lon),
                place.timezone or "",
            ]
        if vote is None:
            tally = ["", "", "", "", "", "", "", ""]
        else:
            tally = [
                _text(vote.body),
                _text(vote.resolution or ""),
                str(vote.yes),
                str(vote.no),
                str(vote.abstain),
                str(vote.absent),
                _number(vote.members),
                "; ".join(f"{code}={vote.positions[code]}" for code in sorted(vote.positions)),
            ]
        links = "; ".join([f"{link.rel}: {link.target}" for link in event.links])
        sources = iter(event.sources)
        yield [
            event.id,
            _text(event.title),
            str(event.when),
            _text(event.when_text or ""),
            "" if event.as_of is None else event.as_of.isoformat(),
            *(_series_cells(event) if series else ()),
            event.kind,  # a StrEnum is its value: the csv module writes it as such
            event.status,
            _text(event.summary),
            *where,
            "; ".join(event.participants),
            "; ".join(event.absent),
            "; ".join(event.tags),
            links,
            _text(event.note or ""),
            *tally,
            *_source_cells(next(sources)),
        ]
        for source in sources:
            row = blank.copy()
            row[0] = event.id
            row.extend(_source_cells(source))
            yield row


def _source_cells(source: Source) -> list[str]:
    published = source.published
    return [
        _text(source.publisher),
        _text(source.title),
        source.url or "",
        "" if published is None else str(published),
    ]


def to_csv(timeline: Timeline) -> str:
    """The events as RFC 4180 CSV: CRLF line ends, minimally quoted, always the same text.

    Text, like every writer's but `to_ics`'s: save it with `newline=""` (or as UTF-8 bytes),
    or Windows doubles the carriage returns.

    Warns:
        TimelineWarning: when events name organisations the timeline declares, since CSV
            cannot carry them and reading the file back reports them as unknown.
    """
    return "".join(csv_chunks(timeline))


#: Rows written at a time: the csv module's speed, a bounded piece of the output.
_BATCH = 1000


def csv_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_csv`'s text a thousand rows at a time (its warnings come first)."""
    _warn_about_organisations(timeline)
    _warn_about_carried(timeline)
    series = _has_series(timeline.events)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=_CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS if series else _WITHOUT_SERIES)
    rows = _rows(timeline.events, series)
    while True:
        batch = list(islice(rows, _BATCH))
        writer.writerows(batch)
        yield buffer.getvalue()
        if len(batch) < _BATCH:
            return
        buffer.seek(0)
        buffer.truncate()


def _warn_about_carried(timeline: Timeline) -> None:
    """What a calendar file had that no field holds (`carried`: an organizer, alarms) is that
    format's own text, which a spreadsheet has no column for: it is left out, and said so."""
    kept = sorted({name for event in timeline for name in event.carried})
    if kept:
        count = sum(1 for event in timeline if event.carried)
        warn(
            TimelineWarning(
                f"CSV cannot carry what {counted(count, 'event')} kept from {', '.join(kept)} "
                "files (an organizer, attendees, alarms); export to that format or to JSON to "
                "keep it"
            ),
        )


def _warn_about_organisations(timeline: Timeline) -> None:
    """The file cannot declare organisations, so events that use declared ones will not reload."""
    if not timeline.organisations:
        return
    declared = timeline.organisations.keys() - ORGANISATIONS.keys()
    named = {code for event in timeline for code in (*event.participants, *event.absent)}
    used = sorted(named & declared)
    if used:
        warn(
            TimelineWarning(
                "CSV cannot carry the timeline's own organisations; reading the file back will "
                f"report {', '.join(used)} as unknown"
            ),
        )


# -- reading -------------------------------------------------------------------------------------


def read(
    data: bytes,
    source: str | None = None,
    *,
    title: str | None = None,
    on_error: OnError = "strict",
) -> Timeline:
    """Parse and validate a CSV chronology.

    The timeline's title is `title`, else the file name ("central-asia_2022.csv" gives
    "central asia 2022").

    Raises:
        FormatError: located, when the file is not UTF-8 (UTF-16 from Excel included) or has
            no header row.
        InvalidTimeline: listing every problem, located by line and column, when the content
            is not a valid timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    with paused_garbage_collection():  # millions of small acyclic objects at 100,000 events
        reader = _Reader(source, skip=on_error == "skip")
        return reader.read(data, _title(source) if title is None else title)


def _title(source: str | None) -> str:
    if source is None:
        return _UNTITLED
    name = PurePath(source).name
    if name.lower().endswith(".csv"):
        name = name[:-4]
    return " ".join(name.replace("-", " ").replace("_", " ").split()) or _UNTITLED


class _Reader:
    """One reading: the rows turned into the TOML-shaped document, and the reader's own problems."""

    def __init__(self, source: str | None, *, skip: bool = False) -> None:
        self.source = source
        self.skip = skip
        self.problems: list[Problem] = []
        self.events: list[dict[str, Any]] = []
        self.lines: list[list[int]] = []  # per event: the line of each source's row

    def problem(
        self,
        line: int,
        message: str,
        hint: str | None = None,
        *,
        code: ProblemCode,
        event_id: str | None = None,
        column: str | None = None,
    ) -> None:
        where = Location(file=self.source, line=line, event_id=event_id, field=column)
        self.problems.append(Problem(message, where, hint, code))

    def read(self, data: bytes, title: str) -> Timeline:
        text = _decode(data, self.source)
        first = _first_line(text)
        stream = io.StringIO(text, newline="")
        if (sep := _SEP_LINE.match(first)) is not None:  # Excel's "sep=;" line names the delimiter
            header_line, delimiter = 2, sep.group(1)
            stream.readline()
        else:
            header_line, delimiter = 1, _delimiter(first)
        rows = csv.reader(stream, delimiter=delimiter)
        try:
            header = next(rows, None)
        except csv.Error as error:
            raise self._unreadable(error, text, header_line, delimiter, None) from None
        if header is None or not "".join(header).strip():
            raise FormatError(
                "the file has no header row",
                Location(file=self.source, line=header_line),
                "the first row names the columns: " + ", ".join(COLUMNS),
                code=ProblemCode.MISSING,
            )
        names = self._columns(header, header_line)
        try:
            self._rows(rows, names, header_line - 1)
        except _RowError as failed:
            raise self._unreadable(failed.error, text, failed.line, delimiter, names) from None
        document = {"timeline": {"title": title}, "events": self.events}
        lines = self.lines

        def locate(event: int | None, path: tuple[str | int, ...]) -> int | None:
            if event is None:
                return header_line
            rows_of_event = lines[event]
            if len(path) > 1 and path[0] == "sources" and isinstance(path[1], int):
                return rows_of_event[min(path[1], len(rows_of_event) - 1)]
            return rows_of_event[0]

        return build_timeline(
            document,
            source=self.source,
            locate=locate,
            consume=True,
            skip_invalid=self.skip,
            phrase=_CSV,
            place=_column_order,
            earlier=self.problems,
        )

    def _raise(self) -> None:
        if self.problems:
            raise InvalidTimeline(sorted(self.problems, key=_reading_order))

    def _columns(self, header: list[str], line: int) -> list[str]:
        """The column names by position; every problem with them is reported before any row.

        Unnamed columns at the right (spreadsheets save them) are kept as "", so that a row
        still has as many cells as the header; their cells must be empty.
        """
        names = [cell.strip().lower() for cell in header]
        named = len(names)
        while named and not names[named - 1]:
            named -= 1
        seen: set[str] = set()
        meant: set[str | None] = set()  # the columns that unknown names most likely stand for
        for number, name in enumerate(names[:named], start=1):
            if not name:
                message = f"column {number} has no name"
                self.problem(line, message, "name it, or delete it", code=ProblemCode.MISSING)
            elif name in seen:
                message = f"the column {name!r} is given twice"
                self.problem(line, message, "keep one", code=ProblemCode.DUPLICATE, column=name)
            elif name not in COLUMNS:
                hint, rename = unknown_field(name, COLUMNS)
                where = Location(file=self.source, line=line, field=name)
                problem = Problem(
                    f"unknown column {name!r}", where, hint, ProblemCode.UNKNOWN_FIELD
                )
                self.problems.append(_CSV(replace(problem, suggestion=rename)))
                meant.add(likely_field(name, COLUMNS))
            seen.add(name)
        for name in REQUIRED:
            if name not in seen and name not in meant:  # else one problem, "did you mean", says it
                hint = f"add a column named {name!r}; required: {', '.join(REQUIRED)}"
                message = f"missing required column {name!r}"
                self.problem(line, message, hint, code=ProblemCode.MISSING, column=name)
        self._raise()  # with the columns wrong, no row can be read with confidence
        return names

    def _rows(self, rows: _RowReader, names: list[str], skipped: int) -> None:
        """Each row becomes an event or a source of the event above; `skipped`: lines before it."""
        width = len(names)
        named = width
        while not names[named - 1]:
            named -= 1
        id_at = names.index("id")
        previous_end = skipped + rows.line_num
        last_id: str | None = None
        last_event: dict[str, Any] | None = None
        try:
            for cells in rows:
                line, previous_end = previous_end + 1, skipped + rows.line_num
                if not "".join(cells).strip():
                    continue  # an empty row (spreadsheets add them at the end)
                if not named <= len(cells) <= width or "".join(cells[named:]).strip():
                    event_id = cells[id_at].strip() if id_at < len(cells) else None
                    self._ragged(line, len(cells), named, event_id or None)
                    last_id, last_event = event_id, None
                    continue
                filled = _filled(names, cells)
                event_id = filled.get("id")
                if event_id is not None and event_id == last_id:
                    self._continue(line, event_id, filled, last_event)
                    continue
                last_id = event_id
                last_event = self._event(line, event_id, filled)
        except csv.Error as error:  # the row after the last one read could not be read
            raise _RowError(error, previous_end + 1) from None

    def _unreadable(
        self, error: csv.Error, text: str, line: int, delimiter: str, names: list[str] | None
    ) -> FormatError:
        """The row the csv module gave up on, located to its cell where that can be found.

        The csv module refuses a cell longer than `csv.field_size_limit()` (131,072 characters
        unless a program raised it). The limit is the process's, so it is left as it is: a
        timeline's cells are far shorter, and such a cell is nearly always a quote left open
        that ran on through the rest of the file.
        """
        limit = csv.field_size_limit()
        start = _line_start(text, line)
        cells, long_one, quoted = _cells_to_long_one(text, start, delimiter, limit)
        where = Location(file=self.source, line=line)
        if long_one is None:  # not the size: the csv module's own words, located
            return FormatError(
                f"the row cannot be read as CSV: {error}", where, code=ProblemCode.SYNTAX
            )
        column = f"column {long_one + 1}"
        if names is not None and long_one < len(names) and names[long_one]:
            column = names[long_one]
            id_at = names.index("id")
            if id_at < len(cells) and cells[id_at].strip():
                where = replace(where, event_id=cells[id_at].strip())
        where = replace(where, field=column)
        hint = (
            "a double quote left open runs its cell on through the rest of the file: close it, "
            'or double a quote inside a quoted cell ("")'
            if quoted
            else "shorten it: no field of a timeline needs this much text"
        )
        message = f"a cell holds more than {limit:,} characters"
        return FormatError(message, where, hint, code=ProblemCode.TOO_LARGE)

    def _ragged(self, line: int, count: int, width: int, event_id: str | None) -> None:
        self.problem(
            line,
            f"this row has {counted(count, 'cell')}, but the header names "
            f"{counted(width, 'column')}",
            "every row needs one cell per column; a cell that contains the delimiter or a line "
            'break must be in double quotes ("Astana, Kazakhstan")',
            code=ProblemCode.SYNTAX,
            event_id=event_id,
        )

    def _continue(
        self, line: int, event_id: str, filled: dict[str, str], event: dict[str, Any] | None
    ) -> None:
        """A row that repeats the id above it adds one more source to that event."""
        others = [name for name in filled if name != "id" and name not in _SOURCE]
        for name in others:
            self.problem(
                line,
                f"a continuation row (it repeats the id above it) fills {name!r}",
                "a row that repeats the id of the row above adds a source: fill only the "
                "source_ cells; if this is a different event, give it an id of its own",
                code=ProblemCode.INCONSISTENT,
                event_id=event_id,
                column=name,
            )
        if event is None or others:
            return  # the event's first row was unreadable, or this row is; both are reported
        event["sources"].append(_source(filled))
        self.lines[-1].append(line)

    def _event(self, line: int, event_id: str | None, filled: dict[str, str]) -> dict[str, Any]:
        raw: dict[str, Any] = {key: filled[key] for key in _PLAIN if key in filled}
        place = {key: filled[name] for name, key in _PLACE.items() if name in filled}
        for key in ("lat", "lon"):  # a decimal comma, as a European spreadsheet writes it
            if key in place:
                place[key] = place[key].replace(",", ".")
        if place:
            raw["place"] = place
        repeats = _repeats(filled)
        if repeats:
            raw["repeats"] = repeats
        for name in ("participants", "absent", "tags"):
            if name in filled:
                raw[name] = _items(filled[name])
        if "links" in filled:
            raw["links"] = self._links(line, event_id, filled["links"])
        vote: dict[str, Any] = {key: filled[name] for name, key in _VOTE.items() if name in filled}
        if "vote_positions" in filled:
            vote["positions"] = self._positions(line, event_id, filled["vote_positions"])
        if vote:
            raw["vote"] = vote
        raw["sources"] = [_source(filled)]
        self.events.append(raw)
        self.lines.append([line])
        return raw

    def _links(self, line: int, event_id: str | None, cell: str) -> list[dict[str, str]]:
        links = []
        for item in _items(cell):
            rel, colon, target = item.partition(":")
            if not colon:
                self.problem(
                    line,
                    f"{item!r} is not a link",
                    "write each link as rel: target, separated by '; ', e.g. "
                    "'part-of: astana-summits-2022; follows: cica-summit-2022'",
                    code=ProblemCode.SYNTAX,
                    event_id=event_id,
                    column="links",
                )
                continue
            links.append({"rel": rel.strip(), "target": target.strip()})
        return links

    def _positions(self, line: int, event_id: str | None, cell: str) -> dict[str, str]:
        positions: dict[str, str] = {}
        for item in _items(cell):
            code, equals, position = (part.strip() for part in item.partition("="))
            if not equals:
                message, problem = f"{item!r} is not a country's vote", ProblemCode.SYNTAX
            elif code in positions:
                message, problem = f"{code!r} is given twice", ProblemCode.DUPLICATE
            else:
                positions[code] = position
                continue
            self.problem(
                line,
                message,
                "write each country once as CODE=position, separated by '; ', e.g. "
                "'KZ=abstain; UZ=absent' (positions: yes, no, abstain, absent)",
                code=problem,
                event_id=event_id,
                column="vote_positions",
            )
        return positions


class _RowError(Exception):
    """The csv module could not read the row starting at `line`."""

    def __init__(self, error: csv.Error, line: int) -> None:
        super().__init__(error, line)
        self.error = error
        self.line = line


def _line_start(text: str, line: int) -> int:
    """The offset of a physical line, counted as the csv module counts them (CR, LF, CRLF)."""
    offset = 0
    for number, physical in enumerate(io.StringIO(text, newline=""), start=1):
        if number == line:
            break
        offset += len(physical)
    return offset


def _cells_to_long_one(
    text: str, start: int, delimiter: str, limit: int
) -> tuple[list[str], int | None, bool]:
    """The cells of the row at `start` before the first longer than `limit`, its index (None
    when the row has none) and whether it starts with a quote: only to locate a row the csv
    module refused."""
    cell = re.compile(rf'(?:"[^"]*+"?|[^"\r\n{re.escape(delimiter)}]++)*+')
    cells: list[str] = []
    position = start
    while True:
        match = cell.match(text, position)
        assert match is not None  # the pattern matches the empty string
        if match.end() - position > limit:
            return cells, len(cells), text.startswith('"', position)
        cells.append(match.group().strip('"'))
        position = match.end()
        if not text.startswith(delimiter, position):
            return cells, None, False
        position += len(delimiter)


def _decode(data: bytes, source: str | None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormatError(
            "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8",
            Location(file=source, line=1),
            _ENCODING_HINT,
            code=ProblemCode.ENCODING,
        )
    return decode_utf8(data, source, _ENCODING_HINT)


_ENCODING_HINT: Final = (
    "save it as UTF-8: in Excel choose 'CSV UTF-8 (Comma delimited)', in LibreOffice tick "
    "'Edit filter settings' and pick 'Unicode (UTF-8)'; Google Sheets always writes UTF-8"
)


def _first_line(text: str) -> str:
    end = len(text)
    for mark in ("\n", "\r"):
        found = text.find(mark)
        if found != -1:
            end = min(end, found)
    return text[:end]


def _delimiter(header: str) -> str:
    """The commonest of comma, semicolon (Excel in much of Europe) and tab in the header row.

    Column names contain none of them, so the header row alone decides; a tie means comma.
    """
    return max((",", ";", "\t"), key=header.count)


def _filled(names: list[str], cells: list[str]) -> dict[str, str]:
    """The row's non-empty cells by column: the formula guard removed, codes and numbers trimmed."""
    filled: dict[str, str] = {}
    for name, cell in zip(names, cells, strict=False):  # unnamed empty columns may be left off
        if not cell:
            continue
        if cell[0] == "'" and _GUARDED.match(cell, 1):
            cell = cell[1:]
        if name not in _FREE_TEXT:
            cell = cell.strip()
        if cell.strip():
            filled[name] = cell
    filled.pop("", None)  # an unnamed column at the right; known to be empty
    return filled


def _items(cell: str) -> list[str]:
    """`'KZ; RU;'` -> `['KZ', 'RU']`: spaces and empty items are forgiven."""
    return [item for item in (part.strip() for part in cell.split(";")) if item]


def _repeats(filled: dict[str, str]) -> dict[str, list[str]]:
    """A series' cells as `repeats`' fields: rules one a line, dates `; `-separated."""
    repeats: dict[str, list[str]] = {}
    for name, key in _REPEATS.items():
        if name in filled:
            cell = filled[name]
            repeats[key] = [line.strip() for line in cell.splitlines() if line.strip()]
            if key != "rule":
                repeats[key] = _items(cell)
    return repeats


def _source(filled: dict[str, str]) -> dict[str, str]:
    return {key: filled[name] for name, key in _SOURCE.items() if name in filled}


# -- problems in the spreadsheet's terms ---------------------------------------------------------


def _reading_order(problem: Problem) -> tuple[int, int]:
    """By line, then left to right along the row."""
    return (problem.location.line or 0, _column_order(problem))


def _column(field: str | None) -> str | None:
    """`'sources[1].url'` -> `'source_url'`: the column a user sees, not the model's path."""
    if field is None:
        return None
    head, _, rest = field.partition(".")
    name = head.partition("[")[0]
    inner = rest.partition(".")[0].partition("[")[0]
    if name == "sources":
        return f"source_{inner or 'publisher'}"
    if name == "place":
        return "place" if inner in ("", "name") else inner
    if name == "vote":
        return f"vote_{inner}" if inner else "vote"
    if name == "repeats":
        return f"repeats_{inner}" if inner in ("also", "skip") else "repeats"
    return name


class _CsvDialect(Dialect):
    """Hints in a spreadsheet's terms: columns and cells, not fields and tables."""

    def name(self, field: str) -> str:
        return _column(field) or field

    def add(self, field: str, value: str) -> str:
        column = self.name(field)
        return _FILL.get(column, f"fill in {column}: {value}")

    def groups(self, field: str, inner: str) -> str:
        return "every row of an event names a source: fill in source_publisher and source_title"

    def floating(self) -> str:
        return (
            "if it was local to a place, fill in the row's timezone (Asia/Almaty or another "
            "IANA zone), or write the zone with the time, as in 2022-10-13T09:50[Asia/Almaty]"
        )

    def hint(self, suggestion: Suggestion) -> str:
        if suggestion.action != "declare":
            return super().hint(suggestion)
        near = f"did you mean {suggestion.choices[0]!r}? Otherwise " if suggestion.choices else ""
        return (
            f"{near}{suggestion.note} or a country's two-letter ISO 3166-1 code (e.g. 'KZ'); "
            "a CSV file cannot declare organisations of its own (a TOML file can, under "
            "[timeline.organisations])"
        )

    def __call__(self, problem: Problem) -> Problem:
        """Name the column where the loader names a field, and say "cell" for "field"."""
        column = _column(problem.location.field)
        where = replace(problem.location, field=column)
        problem = replace(super().__call__(problem), location=where)
        if problem.code == "missing" and column is not None:
            hint = _FILL.get(column, f"fill in {column}")
            return replace(problem, message=f"the required cell {column!r} is empty", hint=hint)
        if problem.code == "date" and column in ("when", "source_published"):
            advice = (
                "if a spreadsheet changed the date into its own format, set the column's format "
                "to Text and type the date again"
            )
            return replace(problem, hint=f"{problem.hint}; {advice}" if problem.hint else advice)
        return problem


def _column_order(problem: Problem) -> int:
    """Left to right along the row."""
    field = problem.location.field
    return COLUMNS.index(field) if field in COLUMNS else len(COLUMNS)


_FILL: Final = {
    "place": "name the place, or leave country, lat, lon and timezone empty too",
    "vote_body": "name the voting body, or leave every vote_ cell empty",
    "vote_yes": "give the count, or leave every vote_ cell empty",
    "vote_no": "give the count, or leave every vote_ cell empty",
    "vote_abstain": "give the count, or leave every vote_ cell empty",
    "repeats": "fill in the rule, e.g. FREQ=WEEKLY;BYDAY=MO, or leave every repeats_ cell empty",
    "series": "fill in the id of the series this occurrence belongs to, or leave occurrence empty",
    "occurrence": "fill in the start the series' rule gave this occurrence, or leave series empty",
    "source_publisher": "every row of an event names a source: fill in source_publisher",
    "source_title": "every row of an event names a source: fill in source_title",
}

_CSV: Final = _CsvDialect()
