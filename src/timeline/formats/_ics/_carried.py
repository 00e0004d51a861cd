"""What an event had that no field holds, kept as the file wrote it (`Event.carried["ics"]`).

A calendar read and written again should be the same calendar: ORGANIZER, ATTENDEE, alarms,
CLASS, TRANSP, a vendor's X- properties. They are taken from the file's own text (the VEVENT's
lines, unfolded, in file order, alarms and other subcomponents whole), so the writer gives back
the bytes the file had; icalendar's serialisation, which reorders and requotes, is used only
when the text is not known (a calendar handed over as icalendar objects). The same lines give
each RRULE as written, where icalendar puts FREQ first.
"""

from __future__ import annotations

import re

import icalendar

from timeline.formats._ics._lines import LineIndex
from timeline.formats._ics._text import X

__all__ = ["carried", "carried_of", "event_lines", "name_of", "rule_texts"]

#: What a field of the event holds, or the writer writes itself: never carried.
_HELD = frozenset(
    {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "DURATION",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "GEO",
        "STATUS",
        "CATEGORIES",
        "RELATED-TO",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
    }
)
_NAME = re.compile(r"[A-Za-z0-9-]+")
_BEFORE_VALUE = re.compile(r"[^;:]*")
#: What our writer writes on each of our own events (X-TIMELINE-KIND), from their fields.
_WRITTEN_FOR_OURS = frozenset({"URL", "SEQUENCE", "LAST-MODIFIED", "TRANSP"})


def _unfolded(lines: list[str]) -> list[str]:
    """Content lines with their continuations joined (RFC 5545 3.1), line ends taken off."""
    joined: list[str] = []
    for line in lines:
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t") and joined:
            joined[-1] += line[1:]
        elif line.strip():
            joined.append(line)
    return joined


def name_of(line: str) -> str:
    """A content line's property name, upper case."""
    found = _BEFORE_VALUE.match(line)
    assert found is not None  # the pattern matches every string
    return line[: found.end()].strip().upper()


def _colon(line: str) -> int | None:
    """Where a content line's value starts: the first colon outside a quoted parameter."""
    first = line.find(":")
    if first < 0 or line.find('"', 0, first) < 0:  # no quote before it: it is the one
        return None if first < 0 else first
    quoted = False
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return at
    return None


def _value(line: str) -> str:
    at = _colon(line)
    return "" if at is None else line[at + 1 :]


def _well_formed(line: str, name: str | None = None) -> bool:
    """NAME[;PARAM...]:value, as RFC 5545 writes a content line: a damaged line (a bare
    `X-APPLE-RADIUS=49.9`) is what icalendar stepped over, and is not carried."""
    name = name_of(line) if name is None else name
    return _colon(line) is not None and _NAME.fullmatch(name) is not None


def event_lines(index: LineIndex, ordinal: int, component: icalendar.Component) -> list[str] | None:
    """The ordinal-th VEVENT's content lines, unfolded, without its BEGIN and END; None when
    the text is not known or its VEVENT is not this component (its UID differs)."""
    found = index.lines_of(ordinal)
    if found is None:
        return None
    lines = _unfolded(found)[1:-1]
    uids = [_value(line) for line in lines if name_of(line) == "UID"]
    written = component.get("UID")
    if (uids[0].strip() if uids else None) != (str(written).strip() if written else None):
        return None  # icalendar unescapes a UID: only a plain one is checked, as it reads
    return lines


def _kept(name: str, value: str, ours: bool, sequence: str) -> bool:
    """Whether a property is carried: none a field holds, none of ours, and no SEQUENCE the
    writer writes anyway for the event's status (`sequence`: 0 is also what none says), so a
    calendar read, written and read again carries the same lines."""
    if name in _HELD or name.startswith(X) or (name == "SEQUENCE" and value.strip() == sequence):
        return False
    return not (ours and name in _WRITTEN_FOR_OURS)


def carried(lines: list[str], ours: bool, sequence: str = "0") -> str:
    """The well-formed lines no field holds, joined by CRLF."""
    kept: list[str] = []
    depth = 0
    for line in lines:
        name = name_of(line)
        if not _well_formed(line, name):
            continue
        if depth or name == "BEGIN":
            kept.append(line)
            depth += 1 if name == "BEGIN" else -1 if name == "END" else 0
        elif _kept(name, _value(line), ours, sequence):
            kept.append(line)
    return "\r\n".join(kept)


def carried_of(component: icalendar.Component, ours: bool, sequence: str = "0") -> str:
    """`carried` by icalendar's serialisation, when the file's text is not known."""
    kept: list[str] = []
    for name, value in component.property_items(recursive=False):
        if name not in ("BEGIN", "END") and _kept(name.upper(), str(value), ours, sequence):
            kept.append(str(component.content_line(name, value)))
    for sub in component.subcomponents:
        kept += _unfolded(sub.to_ical().decode("utf-8", "replace").split("\n"))
    return "\r\n".join(kept)


def rule_texts(lines: list[str] | None, component: icalendar.Component) -> list[str]:
    """Each RRULE's value as written (from the text), else as icalendar writes it."""
    if lines is not None:
        return [_value(line).strip() for line in lines if name_of(line) == "RRULE"]
    found = component.get("RRULE")
    rules = found if isinstance(found, list) else [] if found is None else [found]
    return [rule.to_ical().decode() for rule in rules]
