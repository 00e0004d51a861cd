"""Reading the hand-written TOML chronology, with line numbers for every problem.

TOML parsers return plain data without positions, so a small scanner re-reads the text to find
where each table and key was written. It runs only when a problem has to be located.

The parser is toml-rs, held to TOML 1.0 so that a file we accept is one `tomllib` and other
tools accept too. It is the same Rust `toml` crate as rtoml, with the same error messages, and
parses our chronologies in 0.6 of rtoml's time (benchmarks/bench_ratios.py uses rtoml as the
anchor).
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from typing import Any

import toml_rs

from timeline._errors import FormatError, Location, Problem, ProblemCode
from timeline._model import Timeline
from timeline._normalize import (
    Locator,
    StreamedEvents,
    build_timeline,
    line_of,
    paused_garbage_collection,
)
from timeline._options import OnError
from timeline.formats._common import BOM, Dialect, decode_utf8
from timeline.formats._nesting import check_toml
from timeline.formats._toml_lines import HEADER as _HEADER
from timeline.formats._toml_lines import KEY as _KEY
from timeline.formats._toml_lines import EventIndex, no_event_header

__all__ = ["read", "read_owned"]

#: The lines toml-rs adds to a message to show where it broke: `  |`, `2 | b =`, `  |   ^`.
_SNIPPET = re.compile(r"^ *[0-9]* \|")
_SYNTAX_HINT = (
    "check the TOML syntax near there: strings need quotes, a key may be given only once per "
    "table, and each event starts with [[events]]"
)


def read(data: bytes, source: str | None = None, *, on_error: OnError = "strict") -> Timeline:
    """Parse and validate a TOML chronology.

    With `on_error="skip"`, an invalid event is left out with a located `TimelineWarning`.

    Raises:
        FormatError: when the file is not UTF-8 or not valid TOML, at the line where it breaks,
            or nests arrays and tables more than 64 levels deep.
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    with paused_garbage_collection():  # parse and build allocate millions of acyclic objects
        return _read([data], None, source, on_error == "skip")


def read_owned(
    held: list[bytes],
    again: Callable[[], bytes],
    again_part: Callable[[int, int], bytes],
    source: str | None = None,
    *,
    on_error: OnError = "strict",
) -> Timeline:
    """`read` of a file's bytes handed over in `held`, which it empties. A large file read in
    parts lets its bytes go once it knows where the parts are, and reads each part again from
    the file as it comes to it (`again_part(start, end)`, checked against the bytes first
    read), so the file is not held while its events are built (the peak of a large load).
    `again` reads the whole file once more: when a problem needs its line, or a part changed
    or cannot be read on its own."""
    with paused_garbage_collection():
        return _read(held, (again, again_part), source, on_error == "skip")


#: How a reader that owns a file's bytes reads them again: whole, or a part by byte offsets.
_Again = tuple[Callable[[], bytes], Callable[[int, int], bytes]]


def _read(held: list[bytes], again: _Again | None, source: str | None, skip: bool) -> Timeline:
    """Read the bytes in `held`; owned (`again` given), they are let go of when the file is
    read in parts."""
    data = held.pop()
    headers = _headers(data)  # each part is checked for nesting as it is parsed
    if headers is not None:
        starts = _starts(headers)
        found = _Found(headers, len(data))
        if again is None:
            whole = _kept(data)
            head, parts = data[: starts[0]], _slices(data, starts)
        else:
            whole = cache(again[0])
            head, spans = data[: starts[0]], _spans(data, starts)
            del data  # the file's bytes are read again a part at a time
            parts = _read_again(again[1], spans)
        try:
            return _read_in_parts(head, parts, whole, source, skip, found)
        except _WholeFileError:
            pass  # the whole file at once gives the error its exact words and line
        data = whole()
    check_toml(data, source)  # toml-rs would crash (SIGSEGV) on a file nested thousands deep
    return _read_whole(data, source, skip)


def _read_whole(data: bytes, source: str | None, skip: bool) -> Timeline:
    """Parse the whole file at once; its decoded text is let go once parsed (a problem's line
    decodes it again)."""
    document = _parsed_whole(data, source)
    return build_timeline(
        document,
        source=source,
        locate=_locator(lambda: decode_utf8(data, source, strip_bom=False), lambda: data),
        consume=True,
        skip_invalid=skip,
        phrase=_TOML,
    )


def _parsed_whole(data: bytes, source: str | None) -> dict[str, Any]:
    text = decode_utf8(data, source, strip_bom=False)
    try:
        return _loads(text)
    except toml_rs.TOMLDecodeError as error:
        lines = error.msg.splitlines()[1:]  # the first says where, as `lineno` does
        message = " ".join(line for line in lines if not _SNIPPET.match(line)) or error.msg
        raise FormatError(
            f"invalid TOML: {message[:1].lower()}{message[1:]}",
            Location(file=source, line=error.lineno),
            _SYNTAX_HINT,
            code=ProblemCode.SYNTAX,
        ) from None


#: Events parsed at a time when a large file is read in parts.
EVENTS_PER_PART = 500
#: An event's header on a line of its own (the line break before it included: a regex that
#: starts with a literal scans a large file many times faster than one anchored with `^`).
_EVENT_HEADER = re.compile(rb"\n\[\[events\]\][ \t]*(?:#[^\n]*)?\r?\n")
#: A table header that is not an event's nor part of one: the file is not a plain list of events.
_OTHER_HEADER = re.compile(rb"\n[ \t]*\[(?!\[?[ \t]*events[ \t]*[.\]])")
#: Where a multi-line string starts: the regular-expression engine finds each literal in
#: half the time `in` takes when its first byte is common (a chronology's quotes); an
#: alternation of the two would take ten times longer.
_MULTI_LINE_STRINGS = (re.compile(rb'"""'), re.compile(rb"'''"))


class _WholeFileError(Exception):
    """Something reading in parts did not expect: read the file whole instead."""


def _starts(headers: array[int]) -> list[int]:
    """Where each part after the head starts: the `[[events]]` line of every
    EVENTS_PER_PART-th event."""
    return [at + 1 for at in headers[::EVENTS_PER_PART]]


def _headers(data: bytes) -> array[int] | None:
    """The offset of the line break before each `[[events]]` line (a part starts at every
    EVENTS_PER_PART-th), or None when the file is small or parts could be read wrongly:
    multi-line strings (which could hold a `[[events]]` line), a byte-order mark, or a table
    after the first event that is not part of an event."""
    # every header's offset, taken in C: the index of lines is given them (`_Found`)
    headers = array("q", map(_START, _EVENT_HEADER.finditer(data)))
    if len(headers) <= EVENTS_PER_PART or data.startswith(BOM):
        return None
    if _multi_line_strings_in(data) or _OTHER_HEADER.search(data, headers[0]) is not None:
        return None
    return headers


_START = re.Match.start


class _Found:
    """The line breaks before the events' headers, as `_headers` found them, handed to the
    index of lines (`EventIndex.of_headers`: the file is not scanned again for a warning's
    line) once proved to be every line the index's own scan would read as an event's header.

    They are when the head has none (`no_event_header`) and the parts parse into as many
    events as there are offsets: in a file read in parts (no multi-line string, no table
    but an event's after the first), a line the scan reads as an event's header can only be
    one in TOML (in an array it would not parse), so it made an event, and each offset is
    such a line; as many of both means the same lines."""

    def __init__(self, breaks: array[int], size: int) -> None:
        self.breaks, self.size = breaks, size
        self.events = 0
        self.proved = False


def _multi_line_strings_in(data: bytes) -> bool:
    return any(opening.search(data) is not None for opening in _MULTI_LINE_STRINGS)


def _kept(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _slices(data: bytes, starts: list[int]) -> Iterator[bytes]:
    """The parts after the head, each cut when it is parsed (the caller keeps the bytes)."""
    for start, end in zip(starts, [*starts[1:], len(data)], strict=True):
        yield data[start:end]


def _spans(data: bytes, starts: list[int]) -> list[tuple[int, int, int]]:
    """(Start, end, CRC-32) of each part after the head: what a part read again must be."""
    with memoryview(data) as view:
        return [
            (start, end, zlib.crc32(view[start:end]))
            for start, end in zip(starts, [*starts[1:], len(data)], strict=True)
        ]


def _read_again(
    part: Callable[[int, int], bytes], spans: list[tuple[int, int, int]]
) -> Iterator[bytes]:
    """Each part read again from the file; one that is not what was first read (the file
    changed meanwhile) sends the reader back to the whole file."""
    for start, end, crc in spans:
        piece = part(start, end)
        if zlib.crc32(piece) != crc:
            raise _WholeFileError
        yield piece


def _read_in_parts(
    head_data: bytes,
    pieces: Iterator[bytes],
    whole: Callable[[], bytes],
    source: str | None,
    skip: bool,
    found: _Found,
) -> Timeline:
    """Parse the head, then the events a part at a time while they are built: the file's text
    and its parsed tables are never whole in memory at once (the peak of a large load)."""
    head = _parsed(head_data)
    head_alone = no_event_header(head_data)
    del head_data
    if "events" in head:
        raise _WholeFileError

    def parts() -> Iterator[list[Any]]:
        for piece in pieces:
            part = _parsed(piece)
            if part.keys() != {"events"}:
                raise _WholeFileError
            found.events += len(part["events"])
            yield part["events"]
        found.proved = head_alone and found.events == len(found.breaks)

    head["events"] = StreamedEvents(parts())
    return build_timeline(
        head,
        source=source,
        locate=_locator(lambda: decode_utf8(whole(), source, strip_bom=False), whole, True, found),
        skip_invalid=skip,
        phrase=_TOML,
    )


def _parsed(data: bytes) -> dict[str, Any]:
    """A part parsed on its own, checked for nesting first as the whole file would be (a
    problem is worded and located by reading the whole file)."""
    try:
        check_toml(data, None)
        return _loads(data.decode("utf-8"))
    except (FormatError, UnicodeDecodeError, toml_rs.TOMLDecodeError):
        raise _WholeFileError from None


def _loads(text: str) -> dict[str, Any]:
    return toml_rs.loads(text, toml_version="1.0.0")


#: The codes `_TomlDialect` (or `Dialect`, given a hint) rewords.
_REWORDED = frozenset(
    {ProblemCode.FLOATING, ProblemCode.MISSING, ProblemCode.NOT_A_LIST, ProblemCode.NOT_A_TABLE}
)


class _TomlDialect(Dialect):
    """Hints in TOML: `key = value`, `[timeline]`, `[[events]]` and `[[events.sources]]`."""

    def group(self, field: str, inner: str) -> str:
        return f"add [{field}] with {inner}"

    def groups(self, field: str, inner: str) -> str:
        header = field if field == "events" else f"events.{field}"
        return f"add [[{header}]] with {inner}"

    def declare(self, code: str, field: str) -> str:
        return f"declare it under [{field}]"

    def __call__(self, problem: Problem) -> Problem:
        """A TOML writer's words for its tables, where the loader's are neutral."""
        if problem.hint is not None and problem.code not in _REWORDED:
            return problem  # a review's finding, by the thousand: nothing here rewords it
        problem = super().__call__(problem)
        field = problem.location.field
        if problem.code == "missing" and problem.expected == "timeline":
            return replace(problem, message="the [timeline] table is missing")
        if problem.code == "not-a-list" and field == "events":
            return replace(problem, message="`events` must be an array of tables")
        if problem.code == "not-a-table":
            what = "`timeline`" if field == "timeline" else "an event"
            return replace(problem, message=f"{what} must be a table")
        return problem


_TOML = _TomlDialect()


def _locator(
    text: Callable[[], str],
    data: Callable[[], bytes] | None = None,
    in_parts: bool = False,
    found: _Found | None = None,
) -> Locator:
    """Lines of keys, found on the first problem: an event's own keys (what warnings point
    at) through an index of its table's place in the text (in its bytes, where given: no
    decoding; a file read in parts has no multi-line strings), built once (from the headers
    its reader `found`, once proved); the rest by scanning the whole text once."""

    @cache
    def lines() -> defaultdict[int | None, dict[tuple[str | int, ...], int]]:
        return _scan(text())

    @cache
    def index() -> EventIndex | None:
        if data is not None and found is not None and found.proved:
            handed = EventIndex.of_headers(data(), found.breaks, found.size)
            if handed is not None:
                return handed
        return EventIndex.of(text() if data is None else data(), single_line_strings=in_parts)

    @cache
    def no_triple_quotes() -> bool:
        quick = index()
        return quick is not None and _no_triple_quotes(quick.data)

    #: each event's keys scanned from its own lines, where a warning needed them
    own: dict[int, dict[tuple[str | int, ...], int] | None] = {}

    def locate(event: int | None, path: tuple[str | int, ...]) -> int | None:
        quick = index()
        if quick is not None and event is not None and len(path) <= 1:
            found = quick.line(event, path)
            if found is not None:
                return found
        elif quick is not None and event is not None and no_triple_quotes():
            if event not in own:
                own[event] = _own_scan(quick, event)
            keys = own[event]
            if keys is not None:
                return line_of(keys, path)
        line = line_of(lines()[event], path)
        return 1 if line is None and event is None else line  # a document's problem: line 1

    return locate


def _own_scan(index: EventIndex, event: int) -> dict[tuple[str | int, ...], int] | None:
    """What `_scan` finds for one event, from its own lines alone: a warning at a sub-table's
    key (`links[0]`, in `[[events.links]]`) need not scan the whole file (a third of a load of
    a chronology with such warnings); None for an event the index has no header for. Only
    for a file with no triple quote (`_no_triple_quotes`), where the scanner's state never
    crosses from one event into the next."""
    data, starts = index.data, index.starts
    first = index.line(event, ())
    if first is None:
        return None
    end = starts[event + 1] if event + 1 < len(starts) else len(data)
    keys = _scan(data[starts[event] : end].decode("utf-8")).get(0)
    if keys is None or keys.get(()) != 1:
        return None  # its first line not the event's header to the scanner: it decides
    return {path: first + line - 1 for path, line in keys.items()}


_TRIPLE_QUOTES = (re.compile(b'"""'), re.compile(b"'''"))


def _no_triple_quotes(data: bytes) -> bool:
    """Whether no line can open a multi-line string for the scanner (a one-line string that
    holds three quotes counts: the scanner counts its quotes too)."""
    return not any(mark.search(data) for mark in _TRIPLE_QUOTES)


def _scan(text: str) -> defaultdict[int | None, dict[tuple[str | int, ...], int]]:
    """Map event index (None: outside the events) and key path to the line it was written on,
    for standard-style tables."""
    found: defaultdict[int | None, dict[tuple[str | int, ...], int]] = defaultdict(dict)
    event: int | None = None
    events_seen = 0
    table: tuple[str | int, ...] = ()
    counters: defaultdict[tuple[int | None, tuple[str | int, ...]], int] = defaultdict(int)
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote is not None:  # inside a multi-line string: nothing here is a key
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        header = _HEADER.match(line)
        if header:
            is_array = header.group(1) == "[["
            parts = [part.strip().strip("\"'") for part in header.group(2).split(".")]
            if parts[0] == "events":
                if len(parts) == 1:
                    event, table = events_seen, ()
                    events_seen += 1
                else:
                    table = tuple(parts[1:])
                    if is_array:
                        key = (event, table)
                        table = (*table, counters[key])
                        counters[key] += 1
            else:
                event, table = None, tuple(parts)
            found[event].setdefault(table, number)
            continue
        assignment = _KEY.match(line)
        if assignment:
            name = assignment.group(1).strip("\"'")
            found[event].setdefault((*table, name), number)
            for mark in ('"""', "'''"):
                if line.count(mark) % 2 == 1:
                    quote = mark
    return found
