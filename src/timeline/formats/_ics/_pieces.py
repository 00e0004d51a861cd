"""A calendar read in pieces: its own lines and VTIMEZONEs first, then one VEVENT at a time.

icalendar's tree of a whole calendar takes some twenty times the file's size. Here one cheap
pass of the regular-expression engine finds where each VEVENT starts and ends (and the
components inside it), without building anything; the calendar without its VEVENTs is parsed
(its zones are then known to icalendar, wherever they were written); each VEVENT is parsed
alone when its turn comes, and dropped once mapped. What must be known of every event before
any is mapped (its UID, whether it repeats or changes an occurrence, the id our writer gave
it, its DTSTART, for series and their overrides) comes from a stub: the VEVENT's own lines of
those properties alone, parsed by icalendar as the whole event would be.

Only a calendar written plainly is read so: one VCALENDAR, every line a fold or an upper-case
`NAME:`/`NAME;`, BEGIN and END balanced, each VEVENT directly in the calendar. Anything else
(`NotPlainError`) is parsed whole, as before, with `_quirks`' repairs; so is a VEVENT icalendar
refuses alone. X-WR-TIMEZONE is applied to each VEVENT as it is parsed, as x-wr-timezone
applies it to a whole calendar, one event at a time; a zone it cannot apply reads the file
whole, where that is warned about once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import icalendar

from timeline.formats._ics._parse import parsed_plainly

__all__ = ["NotPlainError", "Pieces", "index"]

#: A line that begins or ends a component (after the line break before it).
_COMPONENT = re.compile(r"\n(BEGIN|END)([;:])([^\r\n]*)")
#: A line that is neither a fold nor an upper-case property name followed by `;` or `:`.
_ODD_LINE = re.compile(r"\n(?![ \t]|[A-Z0-9-]+[;:])")
_NAME = re.compile(r"[A-Z0-9-]+")
#: The properties a stub keeps: what says which event it is, and its series.
_IDENTITY = re.compile(
    r"\n(?:UID|X-TIMELINE-ID|X-TIMELINE-KIND|RRULE|RDATE|RECURRENCE-ID|DTSTART)[;:]"
    r"[^\n]*(?:\n[ \t][^\n]*)*"
)
_CALENDAR = "BEGIN:VCALENDAR"
#: The identity lines a stub is built from without a parse, when they are all it has.
_PLAIN_IDENTITY = frozenset({"UID", "X-TIMELINE-ID", "X-TIMELINE-KIND"})
_UNFOLD = re.compile(r"\r?\n[ \t]")


class NotPlainError(Exception):
    """The calendar is not written plainly enough to be read in pieces: read it whole."""


@dataclass(slots=True)
class Pieces:
    """Where a calendar's VEVENTs are, and the calendar without them, parsed."""

    text: str
    #: Each VEVENT's (start, end): its BEGIN's offset, and that of the line break after END.
    spans: list[tuple[int, int]]
    #: The spans of components inside a VEVENT (VALARM), by the VEVENT's ordinal.
    nested: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: The VCALENDAR with its own properties and every component but its VEVENTs.
    calendar: icalendar.Component | None = None
    #: What X-WR-TIMEZONE makes of each parsed VEVENT (`_quirks.x_wr_shift`), if it applies.
    shift: Callable[[icalendar.Component], Any] | None = None

    def stubs(self) -> list[icalendar.Component]:
        """Every VEVENT with only the properties that say which event it is (`_IDENTITY`)."""
        return [self._stub(ordinal) for ordinal in range(len(self.spans))]

    def _stub(self, ordinal: int) -> icalendar.Component:
        start, end = self.spans[ordinal]
        found: list[str] = []
        for inner_start, inner_end in [*self.nested.get(ordinal, []), (end, end)]:
            found += (each.group() for each in _IDENTITY.finditer(self.text, start, inner_start))
            start = inner_end
        return _plain_stub(found) or self._parsed(f"BEGIN:VEVENT{''.join(found)}\nEND:VEVENT\r\n")

    def full(self, ordinal: int) -> icalendar.Component:
        """The ordinal-th VEVENT, parsed whole."""
        start, end = self.spans[ordinal]
        return self._parsed(self.text[start:end])

    def _parsed(self, text: str) -> icalendar.Component:
        try:
            found = parsed_plainly(text)
            if len(found) == 1 and found[0].name == "VEVENT":
                return found[0] if self.shift is None else self.shift(found[0])
        except Exception:  # icalendar or x-wr-timezone refuses: the file takes the old road
            pass
        raise NotPlainError


class _Written(str):
    """A value as written, standing in for icalendar's (`_fields.raw` reads either)."""

    def to_ical(self) -> str:
        return str(self)


def _plain_stub(lines: list[str]) -> icalendar.Component | None:
    """The stub of a VEVENT that is no series nor an override, each of its identity lines
    `NAME:value` once, built without a parse (the values as icalendar keeps them: as
    written); None for any other."""
    stub = icalendar.Event()
    for line in lines:
        name, colon, value = _UNFOLD.sub("", line[1:]).partition(":")
        if name.startswith("DTSTART"):
            continue  # read only for a series
        if name not in _PLAIN_IDENTITY or name in stub or not colon:
            return None
        dict.__setitem__(stub, name, _Written(value[:-1] if value.endswith("\r") else value))
    return stub


def index(text: str) -> Pieces:
    """The VEVENTs' places and the calendar parsed without them.

    Raises:
        NotPlainError: for a calendar not written plainly, or one icalendar refuses.
    """
    if not text.startswith((f"{_CALENDAR}\r\n", f"{_CALENDAR}\n")):
        raise NotPlainError
    odd = _ODD_LINE.search(text)
    if odd is not None and odd.start() != len(text) - 1:
        raise NotPlainError
    pieces = Pieces(text, [])
    opened = [_CALENDAR[6:]]
    start = 0
    outside: list[str] = []
    for found in _COMPONENT.finditer(text):
        name = found.group(3)
        if found.group(2) != ":" or not _NAME.fullmatch(name) or not opened:
            raise NotPlainError
        at, end = found.start() + 1, found.end() + text.startswith("\r", found.end())
        if found.group(1) == "BEGIN":
            if name in ("VCALENDAR", "VEVENT") and (name == "VCALENDAR" or len(opened) != 1):
                raise NotPlainError
            if len(opened) == 2 and opened[1] == "VEVENT":
                pieces.nested.setdefault(len(pieces.spans), []).append((at, at))
            elif name == "VEVENT":
                outside.append(text[start:at])
                start = at
            opened.append(name)
            continue
        if opened.pop() != name:
            raise NotPlainError
        if name == "VEVENT":
            pieces.spans.append((start, end))
            start = end + 1
        elif len(opened) == 2 and opened[1] == "VEVENT":
            inner = pieces.nested[len(pieces.spans)]
            inner[-1] = (inner[-1][0], end)
        elif not opened and text[end:].strip("\r\n"):
            raise NotPlainError  # something after END:VCALENDAR
    if opened or not pieces.spans:
        raise NotPlainError
    outside.append(text[start:])
    try:
        calendars = parsed_plainly("".join(outside))
    except Exception:  # icalendar refuses the calendar's own lines: read whole, repaired
        raise NotPlainError from None
    if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
        raise NotPlainError
    pieces.calendar = calendars[0]
    return pieces
