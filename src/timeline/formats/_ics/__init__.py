"""iCalendar (RFC 5545): our own fast writer, and a reader built on icalendar.

The writer (`_writer`) builds the text by hand: about ten times faster than icalendar's
serializer and certain of its bytes. The reader (`_reader`) takes the files people have, from
calendar apps as well as ours, through icalendar, recurring-ical-events and x-wr-timezone;
producer faults it steps over are kept together in `_quirks`. `to_icalendar` and
`from_icalendar` let programs that use icalendar combine both. The mapping is in docs/ics.md.

The reader's libraries are imported on first read, so writing a calendar does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from timeline._model import Timeline
from timeline._options import IcsOptions, Imprecise, OnError
from timeline.formats._ics._text import (
    clean_text,
    description_text,
    escape_text,
    fold,
    unescape_text,
)
from timeline.formats._ics._writer import ics_chunks, to_ics

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import icalendar


__all__ = [
    "Imprecise",
    "clean_text",
    "description_text",
    "escape_text",
    "fold",
    "from_icalendar",
    "ics_chunks",
    "read",
    "to_icalendar",
    "to_ics",
    "unescape_text",
]


def read(
    data: bytes,
    source: str | None = None,
    *,
    zone: str | ZoneInfo | None = None,
    on_error: OnError = "strict",
) -> Timeline:
    """Read an .ics file, ours or a calendar app's.

    `zone` is the zone of floating times (else the calendar's X-WR-TIMEZONE; with neither they
    stay floating, and `check` queries them); a repeating event is read whole, as one series
    (choose a window of its occurrences with `select`);
    `on_error="skip"` leaves out each event that cannot be read, with a `TimelineWarning`.

    Raises:
        FormatError: for a file that is no calendar (not UTF-8, no VCALENDAR, no events, a
            component never closed), an unknown `zone` or an unknown `on_error`.
        InvalidTimeline: listing every problem, located, when an event cannot be read or the
            whole is not a valid timeline.

    Warns:
        TimelineWarning: for each event left out, each line repaired, each repeating event cut
            to the window, and what else had to be approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    from timeline.formats._ics import _reader

    return _reader.read(data, source, zone=zone, on_error=on_error)


def from_icalendar(
    calendar: icalendar.Component,
    *,
    zone: str | ZoneInfo | None = None,
    on_error: OnError = "strict",
) -> Timeline:
    """A timeline from an `icalendar.Calendar` already in memory, read as `read` reads a file
    (problems carry no line numbers, since the calendar has no text).

    Raises:
        FormatError: for a component that is no calendar or holds no events, an unknown `zone`
            or an unknown `on_error`.
        InvalidTimeline: listing every problem when an event cannot be read or the whole is
            not a valid timeline.

    Warns:
        TimelineWarning: for each event left out, each repeating event cut to the window, and
            what else had to be approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    from timeline.formats._ics import _reader

    return _reader.from_calendars([calendar], None, None, zone=zone, on_error=on_error)


def to_icalendar(timeline: Timeline, **options: Unpack[IcsOptions]) -> icalendar.Calendar:
    """The calendar `to_ics` writes, as an `icalendar.Calendar` (same options, same content).

    Raises:
        FormatError: for a bad option, as `to_ics` does.

    Warns:
        TimelineWarning: naming the events `imprecise="skip"` left out, as `to_ics` does.
    """
    import icalendar

    calendar: icalendar.Calendar = icalendar.Calendar.from_ical(to_ics(timeline, **options))
    return calendar
