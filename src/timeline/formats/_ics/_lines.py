"""Line numbers for a parsed calendar, found in the text only once something needs locating.

icalendar keeps no positions. The n-th VEVENT it walks is the n-th `BEGIN:VEVENT` in the
text, so one scan of the text, made on the first problem or warning, gives every event's
first line, and a property's line is searched for inside its event's lines.
"""

from __future__ import annotations

__all__ = ["LineIndex"]


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

    def property(self, ordinal: int | None, names: tuple[str, ...], nth: int = 0) -> int | None:
        """The line of the nth property called one of `names` in a VEVENT (None: the calendar's
        own properties), else the VEVENT's first line."""
        lines, events = self._scan()
        if ordinal is None:
            first, last = 1, (events[0][0] - 1 if events else len(lines))
        elif 0 <= ordinal < len(events):
            first, last = events[ordinal]
        else:
            return None
        prefixes = tuple(f"{name};" for name in names) + tuple(f"{name}:" for name in names)
        seen = 0
        for number in range(first, last + 1):
            if lines[number - 1].upper().startswith(prefixes):
                if seen == nth:
                    return number
                seen += 1
        return None if ordinal is None else first
