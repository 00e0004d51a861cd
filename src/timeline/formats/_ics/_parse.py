"""From text to icalendar's components: its parse, then `_quirks`' repairs when it refuses.

The parse is icalendar's, with a vendor-prefixed TZID read without its warning (`_unguessed`)
and TEXT values kept as written, for our reader to unescape once (`_WrittenText`).

icalendar is tried first, as it is; a repair runs only when it refuses the file, and the last
resort keeps only the properties a timeline uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import icalendar
from icalendar.parser import Contentline
from icalendar.prop import vText
from icalendar.prop.factory import TypesFactory

from timeline._errors import (
    FormatError,
    Location,
    ProblemCode,
    TimelineWarning,
    counted,
    warn,
)
from timeline.formats._ics._quirks import only_used, repair
from timeline.formats._ics._unguessed import Calendar

try:  # a hook of icalendar 7.3's parser: another icalendar reads with its own split
    from timeline.formats._ics._quick_lines import QuickParser as _Quick
except (ImportError, AttributeError):  # pragma: no cover - only with another icalendar
    _Quick = None  # type: ignore[assignment,misc]

__all__ = ["contents", "misnamed_events", "parse", "parsed_plainly", "refuse_without_events"]

#: Every property the reader looks at, in events, zones and the calendar itself.
USED = frozenset(
    {
        *("BEGIN", "END", "UID", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO", "URL", "STATUS"),
        *("CATEGORIES", "RELATED-TO", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE"),
        *("EXDATE", "RECURRENCE-ID", "NAME", "X-WR-CALNAME", "X-WR-CALDESC", "X-WR-TIMEZONE"),
        *("TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "X-LIC-LOCATION", "VERSION"),
    }
)


class _WrittenText(str):
    """A TEXT value kept as written, escapes and all, for `_fields.text_of` to unescape once.

    icalendar unescapes a TEXT value twice (its content line, then `vText`), so an escaped
    backslash before N (`C:\\\\News`) came back as a line break.
    """

    params: icalendar.Parameters

    @staticmethod
    def get_value_from_content_line(line: Contentline) -> str:
        return str(line.raw_parts()[2])

    @classmethod
    def from_ical(cls, value: str, *_: Any) -> _WrittenText:
        return cls(value)

    def to_ical(self) -> bytes:
        return self.encode("utf-8")


class _Types(TypesFactory):
    """`_unguessed`'s types (icalendar's, dates read without a TZID guess), with TEXT values
    kept as written."""

    def __init__(self) -> None:
        super().__init__()
        self.update(Calendar.types_factory)
        self.found: dict[tuple[str, str | None], type] = {}

    def for_property(self, name: str, value_param: str | None = None) -> type:
        """The type icalendar gives, found once for each name and VALUE (the parser asks
        twice for every property of every event)."""
        key = (name, value_param)
        found = self.found.get(key)
        if found is None:
            found = super().for_property(name, value_param)
            found = self.found[key] = _WrittenText if found is vText else found
        return found


class _Calendar(Calendar):
    """A calendar parsed with `_Types`: what it parses is icalendar's own components."""

    types_factory: ClassVar[TypesFactory] = _Types()

    @classmethod
    def _get_ical_parser(cls, st: str | bytes) -> Any:
        if _Quick is None:
            return super()._get_ical_parser(st)
        return _Quick(st, cls._get_component_factory(), cls.types_factory)


def parsed_plainly(text: str) -> list[icalendar.Component]:
    """icalendar's parse with our types, no repair: what `parse` tries first, and what
    `_pieces` parses each piece with."""
    return list(_Calendar.from_ical(text, multiple=True))


_from_ical = parsed_plainly


def parse(text: str, source: str | None) -> list[icalendar.Component]:
    """icalendar's parse, and on its refusal the same after `repair` (with a note a line)."""
    try:
        parsed: list[icalendar.Component] = _from_ical(text)
    except Exception:  # icalendar raises more than ValueError on damaged lines (AttributeError)
        pass
    else:
        calendars = _gathered(parsed, source)
        if not any(each.walk("VEVENT") for each in calendars):
            repair(text, source)  # icalendar takes a broken nesting quietly: say where it breaks
        return calendars
    repaired, notes = repair(text, source)
    for line, note in notes:
        where = Location(file=source, line=line)
        warn(TimelineWarning(f"{where}: the line {note}"))
    try:
        parsed = _from_ical(repaired)
    except Exception:  # as above; one last try with only the properties a timeline uses
        pass
    else:
        return _gathered(parsed, source)
    trimmed, left_out = only_used(repaired, USED)
    try:
        parsed = _from_ical(trimmed)
    except Exception as error:  # as above: whatever icalendar raises, the file is refused
        raise FormatError(
            f"not an iCalendar file that can be read: {error}",
            Location(file=source),
            "an iCalendar file is BEGIN:VCALENDAR, its properties and components, END:VCALENDAR",
            code=ProblemCode.SYNTAX,
        ) from None
    message = (
        f"icalendar could not read the file whole; {counted(left_out, 'line')} of properties a "
        f"timeline does not use {'was' if left_out == 1 else 'were'} left out"
    )
    warn(TimelineWarning(f"{Location(file=source)}: {message}"))
    return _gathered(parsed, source)


def _gathered(parsed: list[icalendar.Component], source: str | None) -> list[icalendar.Component]:
    """The calendars, with components written outside any VCALENDAR (a VEVENT pasted on its
    own, as from a mail or a test suite) read as if one held them."""
    bare = [each for each in parsed if each.name != "VCALENDAR"]
    if not bare:
        return parsed
    holder = icalendar.Calendar()
    holder.subcomponents.extend(bare)
    message = f"{counted(len(bare), 'component')} outside any VCALENDAR, read as if inside one"
    warn(TimelineWarning(f"{Location(file=source)}: {message}"))
    return [each for each in parsed if each.name == "VCALENDAR"] + [holder]


def contents(calendars: Sequence[icalendar.Component]) -> str:
    """What the calendars hold instead of events; a name written with more than its letters
    (`BEGIN:VEVENT ` with a trailing space) is quoted, so the difference can be seen."""
    counts: dict[str, int] = {}
    for calendar in calendars:
        for component in calendar.subcomponents:
            name = str(component.name)
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "the calendar is empty"
    shown = ", ".join(_counted(name, count) for name, count in sorted(counts.items()))
    return f"it holds {shown}"


def _counted(name: str, count: int) -> str:
    if name.isalnum() or name.replace("-", "").isalnum():
        return f"{count} {name}{'s' if count > 1 else ''}"
    return f"{counted(count, 'component')} named {name!r}"


def misnamed_events(calendars: Sequence[icalendar.Component]) -> bool:
    """Whether a component is an event but for its name's spaces (`BEGIN:VEVENT `)."""
    return any(
        str(component.name).strip().upper() == "VEVENT" != str(component.name)
        for calendar in calendars
        for component in calendar.subcomponents
    )


def refuse_without_events(calendars: Sequence[icalendar.Component], source: str | None) -> None:
    """Refuse calendars that hold no VEVENT, saying what they hold instead, unless they are an
    empty timeline (`_empty`)."""
    if any(each.walk("VEVENT") for each in calendars) or _empty(calendars):
        return
    hint = (
        "write BEGIN:VEVENT and END:VEVENT with nothing else on their lines"
        if misnamed_events(calendars)
        else "a timeline is read from a calendar's events; tasks and journal entries are not events"
    )
    raise FormatError(
        f"no events (VEVENT) to read: {contents(calendars)}",
        Location(file=source),
        hint,
        code=ProblemCode.MISSING,
    )


def _empty(calendars: Sequence[icalendar.Component]) -> bool:
    """A VCALENDAR with no component but time zones: an empty timeline (RFC 5545 allows one,
    and our writer writes one for a timeline without events). Not a file of tasks or notes,
    nor a calendar of no property at all: a damaged file (`BEGIN:VCALENDAR`, a broken line,
    `END:VCALENDAR`), or time zones alone, which `_parse` gathers in such a calendar."""
    return any(len(calendar) for calendar in calendars) and all(
        component.name == "VTIMEZONE"
        for calendar in calendars
        for component in calendar.subcomponents
    )
