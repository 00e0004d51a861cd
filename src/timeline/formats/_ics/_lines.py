"""Line numbers for a parsed calendar, found in the text only once something needs locating.

icalendar keeps no positions. The n-th VEVENT it walks is the n-th `BEGIN:VEVENT` in the
text, so one scan of the text, made on the first problem or warning, gives every event's
first line, and a property's line is searched for inside its event's lines. A calendar read
in pieces (`_pieces`) knows where each VEVENT is already: `PieceLines` cuts an event's lines
from its piece, and counts line breaks only up to the events asked about, never splitting the
whole text.
"""

from __future__ import annotations

__all__ = ["LineIndex", "PieceLines"]


class LineIndex:
    """Where each VEVENT starts and ends in the text, and where its properties are."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self._lines: list[str] | None = None
        self._events: list[tuple[int, int]] | None = None

    def _scan(self) -> tuple[list[str], list[tuple[int, int]]]:
        if self._lines is None or self._events is None:
            lines = [] if self.text is None else self.text.split("\n")
            events: list[tuple[int, int]] = []
            begin = None
            for number, line in enumerate(lines, start=1):
                word = line.strip().upper()
                if word == "BEGIN:VEVENT":
                    begin = number
                elif word == "END:VEVENT" and begin is not None:
                    events.append((begin, number))
                    begin = None
            if begin is not None:
                events.append((begin, len(lines)))
            self._lines, self._events = lines, events
        return self._lines, self._events

    def event(self, ordinal: int) -> int | None:
        """The line of the ordinal-th VEVENT's BEGIN."""
        _, events = self._scan()
        return events[ordinal][0] if 0 <= ordinal < len(events) else None

    def lines_of(self, ordinal: int) -> list[str] | None:
        """The text lines of the ordinal-th VEVENT, from its BEGIN to its END, as written."""
        lines, events = self._scan()
        if not 0 <= ordinal < len(events):
            return None
        first, last = events[ordinal]
        return lines[first - 1 : last]

    def header_lines(self) -> list[str]:
        """The lines before the first VEVENT (all of them in a calendar without one)."""
        lines, events = self._scan()
        return lines[: events[0][0] - 1] if events else lines

    def property(self, ordinal: int | None, names: tuple[str, ...], nth: int = 0) -> int | None:
        """The line of the nth property called one of `names` in a VEVENT (None: the calendar's
        own properties), else the VEVENT's first line."""
        first: int | None = 1
        lines = self.header_lines() if ordinal is None else self.lines_of(ordinal)
        if ordinal is not None:
            first = self.event(ordinal)
        if lines is None or first is None:
            return None
        prefixes = tuple(f"{name};" for name in names) + tuple(f"{name}:" for name in names)
        seen = 0
        for number, line in enumerate(lines, start=first):
            if line.upper().startswith(prefixes):
                if seen == nth:
                    return number
                seen += 1
        return None if ordinal is None else first


class PieceLines(LineIndex):
    """`LineIndex` over a text whose VEVENTs' (start, end) offsets are known: each END's
    offset is that of the line break after it (or the text's end)."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        super().__init__(text)
        self.spans = spans
        #: The line of each VEVENT's BEGIN, counted as far as the last one asked about.
        self._firsts: list[int] = []

    def event(self, ordinal: int) -> int | None:
        if not 0 <= ordinal < len(self.spans):
            return None
        text, firsts = self.text or "", self._firsts
        while len(firsts) <= ordinal:
            done = len(firsts)
            before, at = (self.spans[done - 1][0], firsts[-1]) if firsts else (0, 1)
            firsts.append(at + text.count("\n", before, self.spans[done][0]))
        return firsts[ordinal]

    def lines_of(self, ordinal: int) -> list[str] | None:
        if not 0 <= ordinal < len(self.spans):
            return None
        start, end = self.spans[ordinal]
        return (self.text or "")[start:end].split("\n")

    def header_lines(self) -> list[str]:
        text = self.text or ""
        return text[: self.spans[0][0]].split("\n")[:-1] if self.spans else text.split("\n")
