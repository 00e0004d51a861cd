"""The lines of an event's own keys in a TOML text, without scanning it line by line.

A load that warns about thousands of events (two events that look like one, each pointing at
its `id`) asks for thousands of lines. Scanning the whole text in Python costs as much as the
load; this index finds where each event's table starts in one pass of the regular-expression
engine, then finds a key on the line after the header (where the writer puts `id`) by
comparing bytes, else by searching only that event's own lines, and counts line breaks in C.
It reads the file's UTF-8 bytes, as the reader got them: a line break is one byte there, so
nothing needs decoding, and the searches run over a byte per character. It gives exactly the
line the reader's scanner would, and declines (None) wherever it could differ: multi-line
strings, line breaks other than LF and CR LF, nested keys, the `[timeline]` table, an event it
did not find.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice, repeat

__all__ = ["EVENT_HEADER", "HEADER", "KEY", "EventIndex", "no_event_header"]

#: A table header on a line of its own, as the reader's scanner reads one.
HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
#: A key's assignment, as the scanner reads one.
KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
#: A key KEY reads without quotes.
_BARE = re.compile(r"[A-Za-z0-9_-]+")
#: An event's header, exactly the lines HEADER reads as one whose name is `events` (the
#: blanks of a TOML line are ASCII; the others are declined or are not TOML), its line break
#: first; `_FIRST_EVENT` is the same on the text's first line.
_EVENT_LINE = rb"[^\S\n]*\[\[?[^\S\n]*[\"']*events[\"']*[^\S\n]*\]\]?[^\S\n]*(?:#[^\n]*)?(?=\n|\Z)"
_EVENT = re.compile(b"\n" + _EVENT_LINE)
_FIRST_EVENT = re.compile(_EVENT_LINE)
#: How the reader's event headers start, from the line break before them (its offsets).
EVENT_HEADER = b"\n[[events]]"
#: What `str.splitlines` (the scanner's lines) counts as a line break, besides LF and CR LF:
#: a byte, or in UTF-8 two or three bytes (`_WIDE_BREAKS`) whose last is a rare byte.
_OTHER_BREAKS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_WIDE_BREAKS = ("\x85".encode(), "\u2028".encode(), "\u2029".encode())
#: Multi-line strings, whose lines the scanner skips (a pattern finds them faster than `in`
#: does in a text full of quotes).
_MULTILINE_STRINGS = (re.compile(b'"' * 3), re.compile(b"'" * 3))


@dataclass
class EventIndex:
    """Where each event's table starts in the UTF-8 bytes; its line counted when asked for."""

    data: bytes
    #: The offset of each event's `[[events]]` header, in the order of the events.
    starts: Sequence[int]
    #: The line of each event's header, counted as far as asked for: warnings come in any
    #: order (the review's, day by day), and each line break is counted once.
    lines: list[int] = field(default_factory=list)
    keys: dict[str, re.Pattern[bytes]] = field(default_factory=dict)
    #: How a key is written as the first of its event's own lines, the common case, found
    #: without a search: `id =` at the start of the line after the header (empty: quoted).
    first_keys: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str | bytes, *, single_line_strings: bool = False) -> EventIndex | None:
        """The index of a text or its UTF-8 bytes, or None for one whose lines it could count
        differently; `single_line_strings` where the reader has made sure that no string
        runs over lines (it reads such a file in parts)."""
        data = text.encode() if isinstance(text, str) else text
        if not _lines_counted_by_lf(data, single_line_strings):
            return None
        starts = [match.start() + 1 for match in _EVENT.finditer(data)]
        if _FIRST_EVENT.match(data):
            starts.insert(0, 0)
        return cls(data, starts)

    @classmethod
    def of_headers(cls, data: bytes, breaks: Sequence[int], size: int) -> EventIndex | None:
        """The index of a file read in parts from the offsets of the line breaks before its
        events' headers, as its reader found them (`EVENT_HEADER`) and proved them every
        header the scan in `of` would find: the file is not scanned twice. None for bytes
        that are not the `size` read, lack a header at an offset, or whose lines `of` would
        decline to count."""
        if len(data) != size or not _lines_counted_by_lf(data, True):
            return None
        if not all(map(data.startswith, repeat(EVENT_HEADER), breaks)):
            return None  # the file changed since it was read: scan what it is now
        return cls(data, array("q", map((1).__add__, breaks)))

    def line(self, event: int, path: tuple[str | int, ...]) -> int | None:
        """The line of `path` (one key, or none: the table itself) in the event's own table;
        None when the event has no header here or the key is not among its own lines (which
        end at the first line that starts with `[`, as any table's header does)."""
        starts, lines = self.starts, self.lines
        if event >= len(starts):
            return None
        # one call a warning, thousands of warnings: the counted lines and the key's patterns
        # are looked up here, their methods called only the first time
        line = lines[event] if event < len(lines) else self._header_line(event)
        if not path:
            return line
        name, data, start = path[0], self.data, starts[event]
        if not isinstance(name, str):
            return None
        first = self.first_keys.get(name)
        if first is None:
            first = self.first_keys[name] = name.encode() + b" =" if _BARE.fullmatch(name) else b""
        after = data.find(b"\n", start) + 1
        if first and after and data.startswith(first, after):
            return line + 1  # the key first among the event's, as the writer puts `id`: no search
        key = (self.keys.get(name) or self._key(name)).match(data, start)
        if key is None:
            return None  # a table of that name, or no such key: the scanner knows which
        # the `=` is on the key's line, and the key's pattern never reads past the event's
        # own lines (it stops at a line starting with `[`, as the next event's header does)
        return line + data.count(b"\n", start, key.end())

    def _header_line(self, event: int) -> int:
        """The line of the event's header: the headers' lines are counted up to it (at least
        twice as many as before, so asking in any order counts the text about once), each
        from the one before, in C."""
        lines = self.lines
        if event >= len(lines):
            done, starts = len(lines), self.starts
            upto = min(len(starts), max(event + 1, 2 * done))
            edges = [starts[done - 1] if done else 0, *starts[done:upto]]
            breaks = map(self.data.count, repeat(b"\n"), edges, edges[1:])
            lines.extend(islice(accumulate(breaks, initial=lines[-1] if done else 1), 1, None))
        return lines[event]

    def _key(self, name: str) -> re.Pattern[bytes]:
        """The event's lines from its header to the line that assigns `name`, none of them
        starting with `[` (the event's own keys end there): KEY's lines whose key, its quotes
        stripped, is `name`."""
        pattern = self.keys.get(name)
        if pattern is None:
            quoted = re.escape(name.encode())
            written = [rb"\"'*" + quoted + rb"'*\"", rb"'\"*" + quoted + rb"\"*'"]
            if _BARE.fullmatch(name):
                written.append(quoted)
            pattern = re.compile(
                rb"[^\n]*\n(?:(?![^\S\n]*\[)[^\n]*\n)*?[^\S\n]*(?:"
                + b"|".join(written)
                + rb")[^\S\n]*="
            )
            self.keys[name] = pattern
        return pattern


def no_event_header(head: bytes) -> bool:
    """Whether no line of a file's head (what comes before its first `EVENT_HEADER`) reads
    as an event's header to the scanner (an array's `[["events"]]` would)."""
    return _FIRST_EVENT.match(head) is None and _EVENT.search(head) is None


def _lines_counted_by_lf(data: bytes, single_line_strings: bool) -> bool:
    """Whether a line's number is one more than the LFs before it, as the scanner counts
    (`splitlines`), and no line is inside a multi-line string."""
    if any(mark in data for mark in _OTHER_BREAKS):
        return False
    if any(_holds(data, wide) for wide in _WIDE_BREAKS):
        return False
    if not single_line_strings and any(string.search(data) for string in _MULTILINE_STRINGS):
        return False
    return b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")


def _holds(data: bytes, wide: bytes) -> bool:
    """Whether `data` holds `wide`, found from its last byte (rare in UTF-8 text, and a byte is
    searched for many times faster than three)."""
    last, before = wide[-1:], len(wide) - 1
    at = data.find(last, before)
    for _ in range(1000):
        if at < 0:
            return False
        if data.startswith(wide, at - before):
            return True
        at = data.find(last, at + 1)
    return wide in data
