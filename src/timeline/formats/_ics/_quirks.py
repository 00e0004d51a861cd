"""Producer quirks: what real calendar files get wrong, and how a reader steps over it.

Everything a producer is known to get wrong lives here, so the reader proper can assume a file
icalendar parses. `repair` runs only when icalendar refuses a file: it unfolds the lines,
keeps every line icalendar can parse, reads a line without a name and colon as a fold that
lost its leading space (a common fault), and drops any other unparseable line with a note of
its line number. Lines that break the BEGIN/END nesting cannot be stepped over; they are
reported as the file's error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import icalendar
import x_wr_timezone
from icalendar.parser import Contentline

from timeline._errors import FormatError, Location, ProblemCode, TimelineWarning, warn

__all__ = ["only_used", "repair", "rule_as_meant", "with_x_wr_timezone", "x_wr_shift"]

#: The properties x-wr-timezone rewrites, which keep their TZID'd originals here.
_DATED = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines, each with the number of the physical line it starts on."""
    found: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line[:1] in (" ", "\t") and found:
            start, before = found[-1]
            found[-1] = (start, before + line[1:])
        elif line.strip():
            found.append((number, line))
    return found


def _parses(line: str) -> bool:
    try:
        Contentline(line).parts()  # type: ignore[no-untyped-call]
    except ValueError:
        return False
    return True


def repair(text: str, source: str | None) -> tuple[str, list[tuple[int, str]]]:
    """Text icalendar can parse, and (line, what was done) for each line stepped over."""
    kept: list[str] = []
    notes: list[tuple[int, str]] = []
    depth: list[tuple[str, int]] = []
    after_begin_or_end = False
    for number, line in _logical_lines(text):
        name = line.partition(":")[0].strip().upper()
        after_begin_or_end, was_begin_or_end = name in ("BEGIN", "END"), after_begin_or_end
        if name in ("BEGIN", "END"):
            value = line.partition(":")[2].strip().upper()
            if name == "BEGIN":
                depth.append((value, number))
            elif not depth or depth[-1][0] != value:
                expected = f"END:{depth[-1][0]}" if depth else "nothing"
                raise FormatError(
                    f"END:{value} does not close the open component (expected {expected})",
                    Location(file=source, line=number),
                    "every BEGIN:X needs its own END:X, in order",
                    code=ProblemCode.SYNTAX,
                )
            else:
                depth.pop()
            kept.append(line)
        elif _parses(line):
            kept.append(line)
        elif ":" not in line and kept and depth and not was_begin_or_end:
            kept[-1] += line
            notes.append((number, "continues the line before without a fold's leading space"))
        else:
            notes.append((number, f"is not an iCalendar content line ({line[:40]!r}); left out"))
    if depth:
        component, number = depth[-1]
        raise FormatError(
            f"BEGIN:{component} is never closed",
            Location(file=source, line=number),
            f"add END:{component}",
            code=ProblemCode.SYNTAX,
        )
    return "\r\n".join(kept) + "\r\n", notes


def _has_tzid(prop: Any) -> bool:
    props = prop if isinstance(prop, list) else [prop]
    return any("TZID" in getattr(each, "params", {}) for each in props)


def with_x_wr_timezone(calendar: icalendar.Component, source: str | None) -> icalendar.Component:
    """Google's X-WR-TIMEZONE applied by x-wr-timezone, as RFC 5545 would have written it.

    One fault of its own is undone: it takes a time whose VTIMEZONE has no TZNAME for a
    floating time and moves it into the X-WR-TIMEZONE zone, so every value written with a TZID
    is put back as it was.
    """
    if "X-WR-TIMEZONE" not in calendar:
        return calendar
    try:
        return _shifted(calendar)
    except Exception as error:  # an unknown zone name, or a value the library cannot shift
        message = f"X-WR-TIMEZONE could not be applied ({error}); times are read as written"
        warn(TimelineWarning(f"{Location(file=source)}: {message}"))
        return calendar


def _shifted(calendar: icalendar.Component) -> icalendar.Component:
    """`with_x_wr_timezone` without its warning: x-wr-timezone's exceptions go through."""
    converted: icalendar.Component = x_wr_timezone.to_standard(calendar)
    for before, after in zip(calendar.subcomponents, converted.subcomponents, strict=False):
        if before is after or before.name != "VEVENT":
            continue
        for name in _DATED:
            original = before.get(name)
            if original is not None and _has_tzid(original):
                after[name] = original
    return converted


def x_wr_shift(calendar: icalendar.Component) -> Callable[[icalendar.Component], Any] | None:
    """For a calendar read in pieces: what `with_x_wr_timezone` does to each VEVENT of the
    calendar (x-wr-timezone changes each event alone), or None when the calendar has no
    X-WR-TIMEZONE. Each call raises what x-wr-timezone raises.

    Raises:
        ValueError: for an X-WR-TIMEZONE x-wr-timezone cannot apply (an unknown zone).
    """
    if "X-WR-TIMEZONE" not in calendar:
        return None
    try:
        x_wr_timezone.to_standard(_holding(calendar, []))
    except Exception as error:  # whatever it raises, the zone cannot be applied
        raise ValueError(str(error)) from None

    def shift(event: icalendar.Component) -> Any:
        return _shifted(_holding(calendar, [event])).subcomponents[0]

    return shift


def _holding(calendar: icalendar.Component, events: list[icalendar.Component]) -> Any:
    """A calendar with `calendar`'s X-WR-TIMEZONE, holding `events` alone."""
    holder = icalendar.Calendar()
    holder["X-WR-TIMEZONE"] = calendar["X-WR-TIMEZONE"]
    holder.subcomponents.extend(events)
    return holder


def only_used(text: str, used: frozenset[str]) -> tuple[str, int]:
    """The text with only the properties a reader uses (and BEGIN/END), and how many lines
    were left out: the last resort when a value the reader never looks at (an attachment that
    is not base64, say) makes icalendar refuse the whole file."""
    lines = _logical_lines(text)
    kept: list[str] = []
    for _, line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        if name in used or name.startswith("X-TIMELINE-"):
            kept.append(line)
    return "\r\n".join(kept) + "\r\n", len(lines) - len(kept)


def rule_as_meant(written: str) -> str:
    """An RRULE's value as its producer meant it: the semicolons between its parts escaped
    (`FREQ=DAILY\\;COUNT=10`, as TEXT is escaped) and a semicolon after the last part (RFC 5545
    has none, icalendar's issue 157) taken off; otherwise as written."""
    return written.replace("\\;", ";").strip().rstrip(";")
