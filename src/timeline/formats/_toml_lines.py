"""The lines of an event's own keys in a TOML text, without scanning it line by line.

A load that warns about thousands of events (two events that look like one, each pointing at
its `id`) asks for thousands of lines. Scanning the whole text in Python costs as much as the
load; this index finds where each event's table starts in one pass of the regular-expression
engine, then finds a key by searching only that event's own lines, and counts line breaks in C.
It gives exactly the line the reader's scanner would, and declines (None) wherever it could
differ: multi-line strings, line breaks other than LF and CR LF, nested keys, the `[timeline]`
table, an event it did not find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["HEADER", "KEY", "EventIndex"]

#: A table header on a line of its own, as the reader's scanner reads one.
HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
#: A key's assignment, as the scanner reads one.
KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
#: A line that may be a header: `[` after nothing but blanks (a superset of HEADER's lines),
#: the line break before it included: a pattern that starts with a literal is searched for
#: many times faster. An event's own keys end at the first such line after its header.
_MAYBE_HEADER = re.compile(r"\n[^\S\n]*\[")
#: A line that may be an event's header (a superset, checked by HEADER), its line break first.
_MAYBE_EVENT = re.compile(r"\n[^\S\n]*\[\[?[^\S\n]*[\"']*events[\"']*[^\S\n]*\]")
#: What `str.splitlines` (the scanner's lines) counts as a line break, besides LF and CR LF.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
#: Multi-line strings, whose lines the scanner skips (a pattern finds them faster than `in`
#: does in a text full of quotes).
_MULTILINE_STRINGS = (re.compile('"' * 3), re.compile("'" * 3))
#: An event's header as nearly every file writes it.
_EVENT = "[[events]]"


@dataclass
class EventIndex:
    """Where each event's table starts: its offset and line."""

    text: str
    #: Offset and line of each event's `[[events]]` header, in the order of the events.
    events: list[tuple[int, int]]
    keys: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> EventIndex | None:
        """The index, or None for a text whose lines it could count differently."""
        if not _lines_counted_by_lf(text):
            return None
        events: list[tuple[int, int]] = []
        line, counted = 1, 0
        for start in _maybe_events(text):
            written = _line_at(text, start)
            if written != _EVENT:  # as nearly every event's is written: no need to read it
                header = HEADER.match(written)
                if header is None or _parts(header.group(2)) != ["events"]:
                    continue
            line += text.count("\n", counted, start)
            counted = start
            events.append((start, line))
        return cls(text, events)

    def line(self, event: int, path: tuple[str | int, ...]) -> int | None:
        """The line of `path` (one key, or none: the table itself) in the event's own table;
        None when the event has no header here or the key is not among its own lines (which
        end at the first line that starts with `[`, as any table's header does)."""
        if event >= len(self.events) or (path and not isinstance(path[0], str)):
            return None
        start, line = self.events[event]
        if not path:
            return line
        name = str(path[0])
        end = self.events[event + 1][0] if event + 1 < len(self.events) else len(self.text)
        for match in self._key(name).finditer(self.text, start, end):
            if _MAYBE_HEADER.search(self.text, start, match.start() + 1) is not None:
                return None  # past the event's own keys
            key = KEY.match(_line_at(self.text, match.start() + 1))
            if key is not None and key.group(1).strip("\"'") == name:
                return line + 1 + self.text.count("\n", start, match.start())
        return None  # a table of that name, or no such key: the scanner knows which

    def _key(self, name: str) -> re.Pattern[str]:
        """A line that may assign `name` (a superset, checked by KEY), its line break first."""
        pattern = self.keys.get(name)
        if pattern is None:
            quoted = re.escape(name)
            pattern = re.compile(rf"\n[^\S\n]*[\"']*{quoted}[\"']*[^\S\n]*=")
            self.keys[name] = pattern
        return pattern


def _parts(name: str) -> list[str]:
    """A header's dotted name as the scanner splits it."""
    return [part.strip().strip("\"'") for part in name.split(".")]


def _lines_counted_by_lf(text: str) -> bool:
    """Whether a line's number is one more than the LFs before it, as the scanner counts
    (`splitlines`), and no line is inside a multi-line string."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return False
    if any(string.search(text) for string in _MULTILINE_STRINGS):
        return False
    return "\r" not in text or text.count("\r") == text.count("\r\n")


def _maybe_events(text: str) -> list[int]:
    """The offsets of the lines that may be an event's header."""
    found = [match.start() + 1 for match in _MAYBE_EVENT.finditer(text)]
    if _MAYBE_EVENT.match("\n" + _line_at(text, 0)):
        found.insert(0, 0)
    return found


def _line_at(text: str, start: int) -> str:
    """The line that starts at `start`, as `splitlines` gives it (without its CR LF)."""
    end = text.find("\n", start)
    found = text[start:] if end < 0 else text[start:end]
    return found.removesuffix("\r")
