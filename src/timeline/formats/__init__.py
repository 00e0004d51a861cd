"""One module a format; this registry maps a format's name, a file's suffix or the first bytes
of its content to its reader and writer.

The contract is typed: every reader is a `Reader`, every writer a `Streamer` (its bytes a piece
at a time; `Format.write` joins them for a `Writer`'s whole bytes), each format's
writing options a declared type (`IcsOptions`, `MarkdownOptions`), and each format's entry
point a small function of this module that mypy checks against them. Those functions import
their format's module inside, on first use, so `timeline check` does not pay for the calendar
or Markdown code it never calls.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import ModuleType
from typing import Protocol, cast

from timeline._errors import FormatError, Location
from timeline._model import Timeline
from timeline._options import IcsOptions, MarkdownOptions, OnError

__all__ = [
    "FORMATS",
    "HEAD_SIZE",
    "READABLE",
    "Format",
    "IcsOptions",
    "MarkdownOptions",
    "Reader",
    "Streamer",
    "Tally",
    "Writer",
    "format_for",
    "format_of_content",
    "reading_format",
]


class Reader(Protocol):
    """A format's reader: the bytes of a file, the name messages give it, and the options
    `timeline.load` takes.

    `zone` (the zone of floating times) is a calendar's. A TOML, JSON or CSV file places its
    local times itself (the `timezone` of an event, its place or the timeline), so those
    readers take it and leave it be: one call reads any format. There is no window to read: a
    calendar's series are read whole, and a window is chosen afterwards (`Timeline.select`).
    """

    def __call__(
        self,
        data: bytes,
        source: str | None = None,
        *,
        on_error: OnError = "strict",
        zone: str | None = None,
    ) -> Timeline: ...


class Writer(Protocol):
    """A format's writer: the timeline's bytes (a text writer's text as UTF-8), with the
    format's own options, by keyword (`IcsOptions`, `MarkdownOptions`; the other formats take
    none).

    Options come here as data (the command line's, a program's settings), so their names are
    checked when the writer runs: one the format does not take is a `TypeError` naming those
    it does, as calling its public function with it would be. In code, call the public
    function (`timeline.to_ics`) for every option to be checked by a type checker.
    """

    def __call__(self, timeline: Timeline, /, **options: object) -> bytes: ...


class Streamer(Protocol):
    """A format's writer as it goes: the bytes `Writer` gives, a bounded piece at a time, so
    a file can take them as they are made (`timeline.write`). The options are checked, and a
    bad one raised, when the first piece is asked for, before any byte is given."""

    def __call__(self, timeline: Timeline, /, **options: object) -> Iterator[bytes]: ...


@dataclass(frozen=True, slots=True)
class Format:
    """A named format, the suffixes that imply it, and its reader and writer.

    `reads` gives the reader (the format's module imported on first use), `streams` is the
    writer (importing the module when it runs); `writer` names the public function the writer
    is (`to_json`), `options` the keywords it takes, and `counts` how many events a written
    file holds, for a writer that may leave some out (a calendar, with `imprecise="skip"`).
    """

    name: str
    suffixes: tuple[str, ...]
    #: its module's name in `timeline.formats`, without the underscore (`json` for `_json`)
    module: str
    reads: Callable[[], Reader] | None = None
    streams: Streamer | None = None
    #: the public writing function's name, or None for a format that is only read
    writer: str | None = None
    options: frozenset[str] = frozenset()
    counts: Callable[[bytes], int] | None = None

    @property
    def readable(self) -> bool:
        return self.reads is not None

    @property
    def writable(self) -> bool:
        return self.streams is not None

    @property
    def read(self) -> Reader:
        """The format's reader.

        Raises:
            FormatError: for a format that is only written (Markdown, HTML, TimelineJS); the
                reader itself raises what `timeline.load` lists.
        """
        if self.reads is None:
            raise FormatError(f"timeline cannot read {self.name} files", hint=_READ_HINT)
        return self.reads()

    @property
    def write(self) -> Writer:
        """The format's writer, giving bytes: the pieces of `stream` joined.

        Raises:
            FormatError: for a format that is only read; the writer itself raises what
                its public function (`to_ics`, `to_markdown`) lists.
        """
        stream = self.stream

        def write(timeline: Timeline, /, **options: object) -> bytes:
            return b"".join(stream(timeline, **options))

        return write

    @property
    def stream(self) -> Streamer:
        """The format's writer as it goes, a piece of bytes at a time.

        Raises:
            FormatError: for a format that is only read.
        """
        if self.streams is None:
            raise FormatError(f"timeline cannot write {self.name} files")
        return self.streams

    def events_written(self, data: bytes, timeline: Timeline) -> int:
        """How many of the timeline's events `data`, written by this format, holds."""
        return len(timeline) if self.counts is None else self.counts(data)

    def tally(self, timeline: Timeline) -> Tally:
        """A count of the events the pieces this format writes hold, kept as they pass."""
        return Tally(self.counts, 0 if self.counts is not None else len(timeline))


class Tally:
    """The events a writer's pieces hold, counted as they pass (`Format.tally`): what the
    format counts (a calendar's VEVENTs) is looked for in each piece with the end of the
    one before, which is too short to hold it, so nothing is counted twice or missed."""

    def __init__(self, counts: Callable[[bytes], int] | None, count: int) -> None:
        self._counts = counts
        self._tail = b""
        #: the events counted so far
        self.count = count

    def passing(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """The pieces, unchanged, counted on the way."""
        for piece in pieces:
            if self._counts is not None:
                joined = self._tail + piece
                self.count += self._counts(joined)
                self._tail = joined[-_TAIL:]
            yield piece


# -- the readers -----------------------------------------------------------------------------


class _PlainReader(Protocol):
    """The reader of a format with no floating times and nothing that repeats."""

    def __call__(
        self, data: bytes, source: str | None = None, *, on_error: OnError = "strict"
    ) -> Timeline: ...


def _without_calendar_options(read: _PlainReader) -> Reader:
    """`read` taking the calendar's options too, and leaving them be (see `Reader`)."""

    def reader(
        data: bytes,
        source: str | None = None,
        *,
        on_error: OnError = "strict",
        zone: str | None = None,
    ) -> Timeline:
        return read(data, source, on_error=on_error)

    reader.__doc__ = read.__doc__
    return reader


def _toml_reader() -> Reader:
    from timeline.formats._toml import read

    return _without_calendar_options(read)


def _json_reader() -> Reader:
    from timeline.formats._json import read

    return _or_timelinejs(_without_calendar_options(read), "timelinejs")


def _csv_reader() -> Reader:
    from timeline.formats._csv import read

    return _or_timelinejs(_without_calendar_options(read), "timelinejs-sheet")


def _or_timelinejs(read: Reader, other: str) -> Reader:
    """`read`, handing a file whose content is TimelineJS's (a sheet's header, a TimelineJS
    JSON document) to that format's reader: a `.csv` or `.json` name does not say which."""

    def reader(
        data: bytes,
        source: str | None = None,
        *,
        on_error: OnError = "strict",
        zone: str | None = None,
    ) -> Timeline:
        if format_of_content(data[:HEAD_SIZE]).name == other:
            return FORMATS[other].read(data, source, on_error=on_error, zone=zone)
        return read(data, source, on_error=on_error, zone=zone)

    reader.__doc__ = read.__doc__
    return reader


def _sheet_reader() -> Reader:
    from timeline.formats._timelinejs_sheet import read

    return read


def _sheet_xlsx_reader() -> Reader:
    from timeline.formats._timelinejs_sheet import read_xlsx

    return read_xlsx


def _timelinejs_reader() -> Reader:
    from timeline.formats._timelinejs import read

    return read


def _ics_reader() -> Reader:
    from timeline.formats._ics import read

    return read


# -- the writers -----------------------------------------------------------------------------
# Each looks its public function up in the module when called, so a writer replaced there (a
# test's stand-in) is the one the registry runs.

_ICS_OPTIONS = IcsOptions.__optional_keys__
_MARKDOWN_OPTIONS = MarkdownOptions.__optional_keys__
_NONE: frozenset[str] = frozenset()


def _taken(name: str, options: Mapping[str, object], declared: frozenset[str] = _NONE) -> None:
    """Refuse an option the format does not take, naming those it does."""
    unknown = sorted(options.keys() - declared)
    if unknown:
        takes = f"its options: {', '.join(sorted(declared))}" if declared else "it takes none"
        raise TypeError(f"the {name} writer takes no option {unknown[0]!r}; {takes}")


def _own(module: ModuleType, name: str) -> bool:
    """Whether the module's public writer is still its own: a stand-in put there (a test's)
    is run whole instead of the module's streaming code."""
    home = str(getattr(getattr(module, name), "__module__", ""))
    return home == module.__name__ or home.startswith(module.__name__ + ".")


#: Text is encoded this many characters at a time: few calls, and a bounded piece.
_PIECE = 64 * 1024


def _utf8(pieces: Iterable[str]) -> Iterator[bytes]:
    """A text writer's pieces as UTF-8, gathered into pieces of about `_PIECE` characters."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= _PIECE:
            yield "".join(gathered).encode("utf-8")
            gathered.clear()
            size = 0
    if gathered:
        yield "".join(gathered).encode("utf-8")


def _stream_ics(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _ics

    _taken("ics", options, _ICS_OPTIONS)
    declared = cast(IcsOptions, options)  # the names checked; to_ics checks its values
    if _own(_ics, "to_ics"):
        return _ics.ics_chunks(timeline, **declared)
    return iter((_ics.to_ics(timeline, **declared),))


def _stream_markdown(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _markdown

    _taken("md", options, _MARKDOWN_OPTIONS)
    declared = cast(MarkdownOptions, options)  # the names checked; to_markdown checks values
    if _own(_markdown, "to_markdown"):
        return _utf8(_markdown.markdown_chunks(timeline, **declared))
    return iter((_markdown.to_markdown(timeline, **declared).encode("utf-8"),))


#: The TOML writer's one option: the name of the file it was made from, for its comment.
_TOML_OPTIONS = frozenset({"source"})


def _stream_toml(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _toml_writer

    _taken("toml", options, _TOML_OPTIONS)
    source = options.get("source")
    named = source if isinstance(source, str) else None
    if _own(_toml_writer, "to_toml"):
        return _utf8(_toml_writer.toml_chunks(timeline, source=named))
    return iter((_toml_writer.to_toml(timeline, source=named).encode("utf-8"),))


def _stream_json(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _json

    _taken("json", options)
    if _own(_json, "to_json"):
        return _json.json_chunks(timeline)
    return iter((_json.to_json(timeline).encode("utf-8"),))


def _stream_csv(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _csv

    _taken("csv", options)
    if _own(_csv, "to_csv"):
        return _utf8(_csv.csv_chunks(timeline))
    return iter((_csv.to_csv(timeline).encode("utf-8"),))


def _stream_timelinejs(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _timelinejs

    _taken("timelinejs", options)
    if _own(_timelinejs, "to_timelinejs"):
        return _utf8(_timelinejs.timelinejs_chunks(timeline))
    return iter((_timelinejs.to_timelinejs(timeline).encode("utf-8"),))


def _stream_sheet(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _timelinejs_sheet

    _taken("timelinejs-sheet", options)
    if _own(_timelinejs_sheet, "to_timelinejs_sheet"):
        return _utf8(_timelinejs_sheet.sheet_chunks(timeline))
    return iter((_timelinejs_sheet.to_timelinejs_sheet(timeline).encode("utf-8"),))


def _stream_sheet_xlsx(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _timelinejs_sheet

    _taken("timelinejs-xlsx", options)
    if _own(_timelinejs_sheet, "to_timelinejs_xlsx"):
        return _timelinejs_sheet.xlsx_chunks(timeline)
    return iter((_timelinejs_sheet.to_timelinejs_xlsx(timeline),))


def _stream_timelinejs_page(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _timelinejs

    _taken("timelinejs-html", options)
    if _own(_timelinejs, "to_timelinejs_page"):
        return _utf8(_timelinejs.page_chunks(timeline))
    return iter((_timelinejs.to_timelinejs_page(timeline).encode("utf-8"),))


def _stream_html(timeline: Timeline, /, **options: object) -> Iterator[bytes]:
    from timeline.formats import _html

    _taken("html", options)
    if _own(_html, "to_html"):
        return _utf8(_html.html_chunks(timeline))
    return iter((_html.to_html(timeline).encode("utf-8"),))


#: What begins an event in a calendar our writer wrote.
_VEVENT = b"\r\nBEGIN:VEVENT\r\n"
#: Shorter than `_VEVENT`: the end of a piece kept for the next to be counted with.
_TAIL = len(_VEVENT) - 1


def _vevents(data: bytes) -> int:
    """The events in a calendar our writer wrote: one VEVENT each."""
    return data.count(_VEVENT)


FORMATS: dict[str, Format] = {
    spec.name: spec
    for spec in (
        Format(
            "toml",
            (".toml",),
            "toml",
            _toml_reader,
            _stream_toml,
            "to_toml",
            options=_TOML_OPTIONS,
        ),
        Format("json", (".json",), "json", _json_reader, _stream_json, "to_json"),
        Format("csv", (".csv",), "csv", _csv_reader, _stream_csv, "to_csv"),
        Format(
            "ics",
            (".ics", ".ical", ".ifb"),
            "ics",
            _ics_reader,
            _stream_ics,
            "to_ics",
            options=_ICS_OPTIONS,
            counts=_vevents,
        ),
        Format(
            "md",
            (".md", ".markdown"),
            "markdown",
            streams=_stream_markdown,
            writer="to_markdown",
            options=_MARKDOWN_OPTIONS,
        ),
        Format(
            "timelinejs",
            (".timelinejs.json",),
            "timelinejs",
            _timelinejs_reader,
            _stream_timelinejs,
            "to_timelinejs",
        ),
        Format(
            "timelinejs-sheet",
            (".timelinejs.csv",),
            "timelinejs_sheet",
            _sheet_reader,
            _stream_sheet,
            "to_timelinejs_sheet",
        ),
        Format(
            "timelinejs-xlsx",
            (".timelinejs.xlsx", ".xlsx"),
            "timelinejs_sheet",
            _sheet_xlsx_reader,
            _stream_sheet_xlsx,
            "to_timelinejs_xlsx",
        ),
        Format(
            "timelinejs-html",
            (".timelinejs.html",),
            "timelinejs",
            streams=_stream_timelinejs_page,
            writer="to_timelinejs_page",
        ),
        Format("html", (".html", ".htm"), "html", streams=_stream_html, writer="to_html"),
    )
}


def format_for(name: str | None = None, path: str | PurePath | None = None) -> Format:
    """The format named, else the one the path's suffix implies.

    Raises:
        FormatError: listing the formats, when the name is unknown, the suffix names none, or
            neither is given.
    """
    if name is not None:
        key = name.lower().lstrip(".")
        if key in FORMATS:
            return FORMATS[key]
        for spec in FORMATS.values():
            if f".{key}" in spec.suffixes:
                return spec
        raise FormatError(f"unknown format {name!r}", hint=f"use one of: {', '.join(FORMATS)}")
    if path is not None:
        name_of_file = PurePath(path).name.lower()
        suffix = PurePath(path).suffix.lower()
        # the longest matching suffix wins, so "x.timelinejs.json" is TimelineJS, not JSON
        matches = [
            (len(end), spec)
            for spec in FORMATS.values()
            for end in spec.suffixes
            if name_of_file.endswith(end)
        ]
        if matches:
            return max(matches, key=lambda match: match[0])[1]
        raise FormatError(
            f"cannot tell the format of {str(path)!r} from its suffix {suffix or '(none)'!r}",
            hint="name it with --format, or use one of: "
            + ", ".join(s for spec in FORMATS.values() for s in spec.suffixes),
        )
    raise FormatError("no format given", hint=f"use one of: {', '.join(FORMATS)}")


#: The formats timeline reads, by name: what a hint about reading may offer.
READABLE: tuple[str, ...] = tuple(name for name, spec in FORMATS.items() if spec.readable)
_READ_HINT = "timeline reads " + ", ".join(
    f"{name} ({' '.join(FORMATS[name].suffixes)})" for name in READABLE
)


def reading_format(name: str | None = None, path: str | PurePath | None = None) -> Format | None:
    """The format to read with: the one named, else the suffix's; None when the content must
    decide (`format_of_content`), as for a suffix we do not know (`.txt`, none, standard
    input's `-`). Both are known before a byte is read, so a wrong name costs no reading.

    Raises:
        FormatError: listing the formats timeline reads, when `name` is unknown, or when the
            format named or implied by the suffix (`.md`, `.html`) is only written.
    """
    if name is not None:
        try:
            spec = format_for(name)
        except FormatError:
            raise FormatError(
                f"unknown format {name!r}", Location(file=_where(path)), _READ_HINT
            ) from None
    elif path is not None:
        try:
            spec = format_for(None, path)
        except FormatError:
            return None
    else:
        return None
    if not spec.readable:
        raise FormatError(
            f"timeline cannot read {spec.name} files", Location(file=_where(path)), _READ_HINT
        )
    return spec


def _where(path: str | PurePath | None) -> str | None:
    return None if path is None else str(path)


#: A TOML table header line, `[timeline]` or `[[events]]`, which JSON's `[` must not be taken for.
_TOML_TABLE = re.compile(r"\[\[?\s*[\w\-.\"' ]+\]\]?\s*(#.*)?")
#: Excel's first line naming a spreadsheet's delimiter.
_SEP_LINE = re.compile(r"sep=.", re.IGNORECASE)
#: How much of the content `format_of_content` looks at: a first line longer than this is not
#: a CSV header or a calendar's BEGIN line, and needs no more to tell JSON from TOML.
HEAD_SIZE = 4096


#: The first bytes of a zip archive: an XLSX workbook, the only zip timeline reads.
_ZIP = b"PK\x03\x04"
#: What a TimelineJS JSON file has near its start and our JSON export never does.
_TIMELINEJS_KEYS = re.compile(r'"(start_date|headline)"\s*:')


def _looks_like_sheet(line: str) -> bool:
    """Whether a first line is the header of Knight Lab's template (checked before plain CSV)."""
    from timeline.formats._timelinejs_sheet import is_sheet_header

    return "Headline" in line and is_sheet_header(next(csv.reader([line]), []))


def format_of_content(head: bytes) -> Format:
    """The readable format the first bytes of a file look like; TOML when nothing else fits.

    A zip archive is an XLSX sheet. Otherwise only the first non-blank line counts (and, for
    JSON, whether TimelineJS's keys are near the start): `BEGIN:VCALENDAR` is a calendar,
    Knight Lab's template header is a TimelineJS sheet, `{` or a `[` that
    is no TOML table header is JSON, Excel's `sep=;` or a line of cells with no `=` is a CSV
    header, and anything else (a comment, `key = value`, `[timeline]`) is TOML, the authoring
    format, whose reader then says, located, what it could not read.
    """
    text = head[:HEAD_SIZE].decode("utf-8", errors="replace").removeprefix("\ufeff")
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if line.upper().startswith("BEGIN:VCALENDAR"):
        return FORMATS["ics"]
    if head.startswith(_ZIP):
        return FORMATS["timelinejs-xlsx"]
    if _looks_like_sheet(line):
        return FORMATS["timelinejs-sheet"]
    if line.startswith("{") and _TIMELINEJS_KEYS.search(text):
        return FORMATS["timelinejs"]
    if line.startswith("{") or (line.startswith("[") and not _TOML_TABLE.fullmatch(line)):
        return FORMATS["json"]
    if _SEP_LINE.fullmatch(line) or (
        "=" not in line and not line.startswith("#") and any(sep in line for sep in ",;\t")
    ):
        return FORMATS["csv"]
    return FORMATS["toml"]
