"""Knight Lab's TimelineJS spreadsheet template, read and written: the newsroom's sheet.

The template has 18 columns (`COLUMNS`); a sheet is recognised by its header, in any column
order. A row becomes an event: Year..End Time its `when` (precision from the cells filled,
floating times unless a zone is given), Headline its title, Text its summary (its HTML kept
as text, not converted). What no field holds (Display Date, Media and its credit, caption
and thumbnail, Group, Background, Type, any column beyond the 18, and a cell written
otherwise than the writer would, "03" or "10:00:00") is kept in `Event.carried` under
"timelinejs-sheet" as a JSON object of cells, so writing the event back gives the same cells.
A `title` row gives the timeline's title and description (its other cells are carried by the
first event, under "timelinejs-sheet-title"); an `era` row is an event of kind `other` with
the tag `era`. A sheet names no sources: each event cites the sheet itself (publisher the
title row's headline, else the file's name; title the row's headline). Ids are the
headlines' slugs, made unique.

Rows are written in the timeline's order (the date order TimelineJS shows them in), the title
row first. CSV is UTF-8 with CRLF rows, as Google Sheets exports it; XLSX is written with
openpyxl (the `xlsx` extra) with fixed dates, so two writes are the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from itertools import chain, islice
from pathlib import PurePath
from tempfile import SpooledTemporaryFile
from typing import IO, Any, Final

from timeline._errors import FormatError, InvalidTimeline, Location, Problem, ProblemCode
from timeline._field_types import unique_id
from timeline._model import Event, Timeline
from timeline._normalize import build_timeline
from timeline._options import OnError
from timeline._text_rules import paragraphs
from timeline._when import Precision
from timeline.formats._common import decode_utf8

__all__ = [
    "CARRIED",
    "COLUMNS",
    "is_sheet_header",
    "read",
    "read_timelinejs",
    "read_xlsx",
    "sheet_chunks",
    "to_timelinejs_sheet",
    "to_timelinejs_xlsx",
    "xlsx_chunks",
]

#: Knight Lab's template, in its order.
COLUMNS: Final = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
#: The name in `Event.carried` of a row's cells that no field holds.
CARRIED: Final = "timelinejs-sheet"
#: ... and of the title row's, on the first event.
_TITLE_CARRIED: Final = "timelinejs-sheet-title"
#: The column past the 18 that holds an event's id, written only where a headline's slug
#: would not give it back (an event from another format); Knight Lab's sheets have none.
ID: Final = "ID"
_FOLDED: Final = {name.casefold(): name for name in COLUMNS}
_ORDER: Final = {name: index for index, name in enumerate(COLUMNS)}
_DATE_COLUMNS: Final = frozenset(COLUMNS[:8])
_NUMBERS: Final = frozenset(("Year", "Month", "Day", "End Year", "End Month", "End Day"))
_TIME: Final = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")
_UNTITLED: Final = "TimelineJS sheet"
#: The date XLSX files are written with (workbook properties and zip entries): no clock read.
_FIXED: Final = datetime(2000, 1, 1)


def is_sheet_header(cells: Sequence[str]) -> bool:
    """Whether a header row is Knight Lab's template: Year and Headline, and most of the rest."""
    names = {cell.strip().casefold() for cell in cells}
    return {"year", "headline"} <= names and len(names & _FOLDED.keys()) >= 9


# -- reading -------------------------------------------------------------------------------------


def read(
    data: bytes, source: str | None = None, *, on_error: OnError = "strict", zone: str | None = None
) -> Timeline:
    """Read a TimelineJS sheet saved as CSV (as Google Sheets exports it).

    Raises:
        FormatError: located, for a file that is not UTF-8, not CSV, or has no template header.
        InvalidTimeline: listing every problem located by file, line and column, with a hint.

    Warns:
        LikelyMistake: for data that is probably wrong (a time with no zone).
    """
    text = decode_utf8(data, source)
    records = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        line = 1
        for record in records:
            rows.append((line, record))
            line = records.line_num + 1
    except csv.Error as error:
        raise FormatError(
            f"the sheet cannot be read as CSV: {error}",
            Location(file=source, line=records.line_num),
            "save the sheet again as CSV (File > Download > Comma-separated values)",
            code=ProblemCode.SYNTAX,
        ) from None
    return _Sheet(source, zone).timeline(rows, on_error)


def read_xlsx(
    data: bytes, source: str | None = None, *, on_error: OnError = "strict", zone: str | None = None
) -> Timeline:
    """Read a TimelineJS sheet saved as XLSX: its first worksheet, lines are its rows.

    Raises:
        FormatError: located, for a file that is no workbook or has no template header.
        InvalidTimeline: listing every problem located by file, row and column, with a hint.

    Warns:
        LikelyMistake: for data that is probably wrong (a time with no zone).
    """
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FormatError(
            f"the file is not an XLSX workbook ({error})",
            Location(file=source),
            "save the sheet as .xlsx (File > Download > Microsoft Excel)",
            code=ProblemCode.SYNTAX,
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return _Sheet(source, zone).timeline(rows, on_error)


def read_timelinejs(
    data: bytes, source: str | None = None, *, on_error: OnError = "strict", zone: str | None = None
) -> Timeline:
    """Read a TimelineJS JSON file (`to_timelinejs`'s, or Knight Lab's): its slides as rows.

    Raises:
        FormatError: located, for a file that is no TimelineJS JSON.
        InvalidTimeline: listing every problem, located by the slide's number.

    Warns:
        LikelyMistake: for data that is probably wrong (a time with no zone).
    """
    try:
        document = json.loads(decode_utf8(data, source))
    except json.JSONDecodeError as error:
        raise FormatError(
            f"the file is not JSON: {error.msg}",
            Location(file=source, line=error.lineno),
            "a TimelineJS file is one JSON object with `events`",
            code=ProblemCode.SYNTAX,
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        raise FormatError(
            "the file is no TimelineJS JSON: it has no list of `events`",
            Location(file=source),
            "a TimelineJS file is one JSON object with `events`",
            code=ProblemCode.MISSING,
        )
    records = [[*COLUMNS, ID]]
    if isinstance(document.get("title"), dict):
        records.append(_slide_cells(document["title"], "title"))
    records += [_slide_cells(s, "") for s in document["events"] if isinstance(s, dict)]
    records += [_slide_cells(s, "era") for s in document.get("eras") or () if isinstance(s, dict)]
    return _Sheet(source, zone).timeline(list(enumerate(records, start=1)), on_error)


def _slide_cells(slide: dict[str, Any], kind: str) -> list[str]:
    """A TimelineJS slide as the sheet's row would have it."""

    def part(key: str, inner: str) -> str:
        value = slide.get(key)
        found = value.get(inner) if isinstance(value, dict) else None
        return "" if found is None else str(found)

    def date_cells(key: str) -> list[str]:
        clock = [part(key, unit) for unit in ("hour", "minute", "second")]
        shown = "" if not clock[0] else ":".join(f"{int(c or 0):02d}" for c in clock if c)
        return [part(key, "year"), part(key, "month"), part(key, "day"), shown]

    background = part("background", "url") or part("background", "color")
    return [
        *date_cells("start_date"),
        *date_cells("end_date"),
        str(slide.get("display_date") or ""),
        part("text", "headline"),
        part("text", "text"),
        part("media", "url"),
        part("media", "credit"),
        part("media", "caption"),
        part("media", "thumbnail"),
        kind,
        str(slide.get("group") or ""),
        background,
        str(slide.get("unique_id") or ""),
    ]


def _cell_text(value: object) -> str:
    """A workbook cell as the sheet shows it: whole numbers without ".0", times as 10:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, time):
        return _clock(value.hour, value.minute, value.second or None)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _clock(hour: int, minute: int, second: int | None) -> str:
    return f"{hour}:{minute:02d}" + ("" if second is None else f":{second:02d}")


class _Sheet:
    """One reading: the rows turned into the TOML-shaped document, and the reader's problems."""

    def __init__(self, source: str | None, zone: str | None) -> None:
        self.source = source
        self.zone = zone
        self.problems: list[Problem] = []
        self.lines: list[int] = []
        self.taken: set[str] = set()

    def problem(
        self, line: int, column: str | None, message: str, hint: str, code: ProblemCode
    ) -> None:
        where = Location(file=self.source, line=line, field=column)
        self.problems.append(Problem(message, where, hint, code))

    def timeline(self, rows: list[tuple[int, list[str]]], on_error: OnError) -> Timeline:
        header_at = next(
            (i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None
        )
        if header_at is None or not is_sheet_header(rows[header_at][1]):
            raise FormatError(
                "the file has no TimelineJS header row",
                Location(file=self.source, line=rows[header_at][0] if header_at is not None else 1),
                "the first row names Knight Lab's columns: " + ", ".join(COLUMNS),
                code=ProblemCode.MISSING,
            )
        names = [_FOLDED.get(cell.strip().casefold(), cell.strip()) for cell in rows[header_at][1]]
        records = [(line, _named(names, cells)) for line, cells in rows[header_at + 1 :]]
        records = [(line, cells) for line, cells in records if any(cells.values())]
        title_row = next((cells for _, cells in records if _type(cells) == "title"), None)
        publisher = _plain(title_row.get("Headline", "")) if title_row else ""
        publisher = publisher or _file_title(self.source)
        events = [
            self.event(line, cells, publisher) for line, cells in records if _type(cells) != "title"
        ]
        header: dict[str, Any] = {"title": publisher}
        if title_row is not None:
            header["description"] = title_row.get("Text", "")
            if events:
                events[0].setdefault("carried", {})[_TITLE_CARRIED] = _carry(title_row, {})
        if self.zone is not None:
            header["timezone"] = self.zone
        lines = self.lines
        try:
            return build_timeline(
                {"timeline": header, "events": events},
                source=self.source,
                locate=lambda event, path: rows[header_at][0] if event is None else lines[event],
                skip_invalid=on_error == "skip",
                earlier=self.problems,
            )
        except InvalidTimeline as invalid:
            raise InvalidTimeline(self.not_twice(invalid.problems)) from None

    def not_twice(self, problems: Sequence[Problem]) -> list[Problem]:
        """The problems less the loader's missing `when` on a row whose date cells were reported."""
        dated = {p.location.line for p in self.problems if p.location.field in _DATE_COLUMNS}
        return [
            p
            for p in problems
            if not (p.location.field == "when" and p.code is ProblemCode.MISSING)
            or p.location.line not in dated
        ]

    def event(self, line: int, cells: dict[str, str], publisher: str) -> dict[str, Any]:
        headline = cells.get("Headline", "").strip()
        if not headline:
            self.problem(
                line,
                "Headline",
                "the row has no Headline",
                "give every row a Headline: it is the event's title and makes its id",
                ProblemCode.MISSING,
            )
        derived = self.derived_dates(line, cells)
        given_id = cells.get(ID, "").strip()
        raw: dict[str, Any] = {
            "id": given_id or self.unique_id(headline or f"row-{line}"),
            "title": headline or f"row {line}",
            "kind": "other",
            "sources": [{"publisher": publisher, "title": _plain(headline) or f"row {line}"}],
        }
        if derived is not None:
            raw["when"], written = derived
        else:
            written = {}
        text = cells.get("Text", "")
        if text:
            raw["summary"] = text
        if _type(cells) == "era":
            raw["tags"] = ["era"]
        written |= {"Headline": headline, "Text": _read_paragraphs(text)}
        written["Type"] = "era" if _type(cells) == "era" else ""
        written[ID] = given_id
        raw["carried"] = {CARRIED: _carry(cells, written)}
        self.lines.append(line)
        return raw

    def unique_id(self, headline: str) -> str:
        return unique_id(slug(_plain(headline)) or "event", self.taken)

    def derived_dates(self, line: int, cells: dict[str, str]) -> tuple[str, dict[str, str]] | None:
        """The row's `when` in our notation, and its date cells as the writer writes them."""
        start = self.point(line, cells, "")
        if start is None:
            return None
        end = (
            self.point(line, cells, "End ")
            if any(cells.get(f"End {c}") for c in ("Year", "Month", "Day", "Time"))
            else ("", {})
        )
        if end is None:
            return None
        notation = start[0] + (f"/{end[0]}" if end[0] else "")
        return notation, start[1] | end[1]

    def point(
        self, line: int, cells: dict[str, str], end: str
    ) -> tuple[str, dict[str, str]] | None:
        parts: list[int] = []
        written: dict[str, str] = {}
        for unit, top in (("Year", 9999), ("Month", 12), ("Day", 31)):
            column = f"{end}{unit}"
            cell = cells.get(column, "").strip()
            if not cell:
                break
            if not re.fullmatch(r"-?\d+", cell) or not 1 <= int(cell) <= top:
                bound = "a year from 1 to 9999" if unit == "Year" else f"a number from 1 to {top}"
                self.problem(
                    line,
                    column,
                    f"{column} {cell!r} is not {bound}",
                    f"write {column} as {bound}",
                    ProblemCode.DATE,
                )
                return None
            parts.append(int(cell))
            written[column] = str(int(cell))
        if not parts:
            if not end:
                self.problem(
                    line,
                    "Year",
                    "the row has no Year",
                    "give every row but the title "
                    "row a Year (and Month, Day, Time as far as they are known)",
                    ProblemCode.MISSING,
                )
            return None
        notation = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
        clock = cells.get(f"{end}Time", "").strip()
        if clock:
            matched = _TIME.fullmatch(clock)
            if len(parts) < 3 or matched is None:
                self.problem(
                    line,
                    f"{end}Time",
                    f"{end}Time {clock!r} cannot be read",
                    "write a time as 10:00 or 10:00:00, on a row with Year, Month and Day",
                    ProblemCode.DATE,
                )
                return None
            hour, minute, second = _hms(matched)
            notation += f"T{hour:02d}:{minute:02d}" + ("" if second is None else f":{second:02d}")
            written[f"{end}Time"] = _clock(hour, minute, second)
        return notation, written


def _hms(matched: re.Match[str]) -> tuple[int, int, int | None]:
    hour, minute = int(matched.group(1)), int(matched.group(2))
    second = None if matched.group(3) is None else int(matched.group(3))
    noon = (matched.group(4) or "").lower()
    if noon == "pm" and hour < 12:
        hour += 12
    elif noon == "am" and hour == 12:
        hour = 0
    return hour, minute, second


def _read_paragraphs(text: str) -> str:
    try:
        return paragraphs(text)
    except ValueError:
        return text  # the loader reports it


def _named(names: list[str], cells: list[str]) -> dict[str, str]:
    """The row's cells by column name; a cell past the header's columns is dropped if empty."""
    named: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = names[index] if index < len(names) else f"Column {index + 1}"
        if name or cell:
            named[name] = cell
    return named


def _type(cells: dict[str, str]) -> str:
    return cells.get("Type", "").strip().casefold()


def _carry(cells: dict[str, str], written: dict[str, str]) -> str:
    """The cells the writer would not write as they are, as a JSON object in column order."""
    ordered = sorted(cells, key=lambda name: _ORDER.get(name, len(_ORDER)))  # stable: extras
    kept = {name: cells[name] for name in ordered if cells[name] != written.get(name, "")}
    kept = {name: cell for name, cell in kept.items() if cell}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def _plain(text: str) -> str:
    """Text without its HTML tags, for ids and source titles."""
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())


def slug(text: str) -> str:
    """An id from a headline: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].rstrip("-")


def _file_title(source: str | None) -> str:
    if source is None or source == "-":
        return _UNTITLED
    name = PurePath(source).name
    name = re.sub(r"(\.timelinejs)?\.(csv|xlsx|json)$", "", name, flags=re.IGNORECASE)
    return " ".join(name.replace("-", " ").replace("_", " ").split()) or _UNTITLED


# -- writing -------------------------------------------------------------------------------------


def sheet_rows(timeline: Timeline) -> list[list[str]]:
    """The sheet's rows, header first: the 18 columns, then any other column events carry."""
    names, rows = _sheet(timeline)
    return [names, *rows]


def _sheet(timeline: Timeline) -> tuple[list[str], Iterator[list[str]]]:
    """The header, and the rows as they are made. Only what a row carries from a sheet read
    before adds columns, so those rows alone are made first, to name them."""
    ids = not all(_derivable(event) for event in timeline)
    title = None if _untitled_sheet(timeline) else _title_row(timeline)
    extra: list[str] = []
    for row in chain(() if title is None else (title,), _naming_rows(timeline, ids)):
        extra += [name for name in row if name not in _FOLDED.values() and name not in extra]
    names = [*COLUMNS, *extra]

    def rows() -> Iterator[list[str]]:
        if title is not None:
            yield [title.get(name, "") for name in names]
        for event in timeline:
            row = _event_row(event)
            if ids:
                row[ID] = event.id
            yield [row.get(name, "") for name in names]

    return names, rows()


def _naming_rows(timeline: Timeline, ids: bool) -> Iterator[dict[str, str]]:
    """The rows that may name a column beyond Knight Lab's, in order: those carrying cells of
    a sheet read before, and the first (where every row's ID is added last)."""
    for number, event in enumerate(timeline):
        if number == 0 or CARRIED in event.carried:
            row = _event_row(event)
            if ids:
                row[ID] = event.id
            yield row


def _derivable(event: Event) -> bool:
    """Whether reading the event's row gives its id back from its headline (two rows of one
    headline are told apart by `-2`, `-3` in the order of the rows)."""
    base = slug(_plain(event.title)) or "event"
    return re.fullmatch(re.escape(base) + r"(-\d+)?", event.id) is not None


def _untitled_sheet(timeline: Timeline) -> bool:
    """Whether the timeline is a sheet read without a title row, written back without one."""
    events = timeline.events
    return bool(events) and all(
        CARRIED in e.carried and _TITLE_CARRIED not in e.carried for e in events
    )


def _title_row(timeline: Timeline) -> dict[str, str]:
    carried = next(
        (e.carried[_TITLE_CARRIED] for e in timeline if _TITLE_CARRIED in e.carried), "{}"
    )
    row = {"Headline": timeline.title, "Text": timeline.description, "Type": "title"}
    for name, cell in json.loads(carried).items():
        if name not in row or _same(name, cell, row[name]):
            row[name] = cell
    return row


def _event_row(event: Event) -> dict[str, str]:
    row = _date_cells("", event.when.start_point)
    if event.when.end_point is not None:
        row |= _date_cells("End ", event.when.end_point)
    row |= {"Headline": event.title, "Text": event.summary}
    if "era" in event.tags:
        row["Type"] = "era"
    for name, cell in json.loads(event.carried.get(CARRIED, "{}")).items():
        if name not in _DATE_COLUMNS | {"Headline", "Text", "Type"} or _same(
            name, cell, row.get(name, "")
        ):
            row[name] = cell
    return row


def _date_cells(end: str, point: Any) -> dict[str, str]:
    value: date = point.value
    cells = {f"{end}Year": str(value.year)}
    if point.precision is not Precision.YEAR:
        cells[f"{end}Month"] = str(value.month)
    if point.precision not in (Precision.YEAR, Precision.MONTH):
        cells[f"{end}Day"] = str(value.day)
    if isinstance(value, datetime):
        second = value.second if point.precision is Precision.SECOND else None
        cells[f"{end}Time"] = _clock(value.hour, value.minute, second)
    return cells


def _same(name: str, carried: str, derived: str) -> bool:
    """Whether a carried cell still says what the event's field says (an edit wins if not)."""
    if name in _NUMBERS:
        return carried.strip().lstrip("0") == derived.lstrip("0")
    if name.endswith("Time"):
        matched = _TIME.fullmatch(carried.strip())
        return matched is not None and _clock(*_hms(matched)) == derived
    if name == "Type":
        return carried.strip().casefold() == derived
    return carried.strip() == derived.strip() or _read_paragraphs(carried) == derived


def to_timelinejs_sheet(timeline: Timeline) -> str:
    """The timeline as Knight Lab's sheet, CSV as Google Sheets exports it (CRLF rows)."""
    return "".join(sheet_chunks(timeline))


def sheet_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_timelinejs_sheet`'s text a thousand rows at a time."""
    names, rows = _sheet(timeline)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    while batch := list(islice(rows, 1000)):
        writer.writerows(batch)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def to_timelinejs_xlsx(timeline: Timeline) -> bytes:
    """The timeline as Knight Lab's sheet in an XLSX workbook: the same bytes every time.

    Whole numbers in the date columns are written as numbers, every other cell as text.

    Raises:
        FormatError: when openpyxl (the `xlsx` extra) is not installed.
    """
    _openpyxl()
    return b"".join(xlsx_chunks(timeline))


#: The workbook's bytes a spool keeps in memory before it moves them to a temporary file.
_SPOOLED: Final = 16 * 1024 * 1024


def xlsx_chunks(timeline: Timeline) -> Iterator[bytes]:
    """`to_timelinejs_xlsx`'s bytes, a piece at a time: the rows written one by one in
    openpyxl's write-only mode (its own mode holds every cell as an object, and finding the
    last row made it quadratic), the workbook saved to a spool, its dates fixed entry by entry.

    Raises:
        FormatError: when openpyxl (the `xlsx` extra) is not installed.
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Timeline")
    names, rows = _sheet(timeline)
    numbers = {index for index, name in enumerate(names) if name in _NUMBERS}
    for row in chain((names,), rows):
        sheet.append([_xlsx_cell(sheet, cell, index in numbers) for index, cell in enumerate(row)])
    book.properties.creator = "timeline"
    with SpooledTemporaryFile(_SPOOLED) as saved, SpooledTemporaryFile(_SPOOLED) as fixed:
        book.save(saved)
        _fixed_dates(saved, fixed)
        fixed.seek(0)
        while piece := fixed.read(1024 * 1024):
            yield piece


def _xlsx_cell(sheet: Any, cell: str, number: bool) -> object:
    """A cell's value; a text that starts with `=` as a text cell (openpyxl takes "=0" for a
    formula)."""
    value = _xlsx_value(cell, number)
    if not isinstance(value, str) or not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    text = WriteOnlyCell(sheet, value)
    text.data_type = "s"
    return text


def _xlsx_value(cell: str, number: bool) -> str | int | None:
    if not cell:
        return None
    if number and re.fullmatch(r"-?[1-9]\d*", cell):
        return int(cell)
    return cell


_STAMP: Final = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fixed_dates(saved: IO[bytes], fixed: IO[bytes]) -> None:
    """The workbook with its entries' dates and its created/modified properties fixed, copied
    entry by entry (the sheet's entry may be large)."""
    saved.seek(0)
    with zipfile.ZipFile(saved) as given, zipfile.ZipFile(fixed, "w") as out:
        for info in given.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                out.writestr(entry, _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", given.read(info)))
                continue
            with given.open(info) as source, out.open(entry, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise FormatError(
            "reading and writing XLSX sheets needs openpyxl",
            hint="install it: pip install 'timeline-chronology[xlsx]'",
            code=ProblemCode.UNREADABLE,
        ) from None
    return openpyxl
