"""VTIMEZONE components built from the zoneinfo database, for exactly the years a file needs.

Generators that copy a fixed rule (an RRULE valid "from 1970") put events of other eras an hour
off, and `icalendar`'s own generator writes RDATE lists that ical.js (Thunderbird) misreads. Here
every UTC-offset change in the needed years is found by scanning `zoneinfo` day by day and
bisecting to the second, and each one becomes its own STANDARD or DAYLIGHT sub-component with a
single DTSTART: no RRULE, no RDATE, nothing a client has to extrapolate, for any year from 0001
to 9999.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from timeline._when import offset_text
from timeline.formats._ics._text import clock_text

__all__ = ["UTC_NAMES", "Transition", "transitions", "vtimezone_lines"]

#: Zones that are plain UTC: their times are written with a `Z` and need no VTIMEZONE.
UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
)

_DAY = 86_400
_ORIGIN = datetime(1, 1, 1, tzinfo=UTC)
#: Seconds from 0001-01-01T00:00Z; a little inside datetime's range so local times never overflow.
_FIRST = 2 * _DAY
_LAST = (datetime(9999, 12, 30, tzinfo=UTC) - _ORIGIN) // timedelta(seconds=1)

_State = tuple[int, bool, str]  # (UTC offset in seconds, daylight saving?, abbreviation)


@dataclass(frozen=True, slots=True)
class Transition:
    """One observance: from `onset` (seconds since 0001-01-01T00:00Z) the zone shows `offset_to`."""

    onset: int
    offset_from: int
    offset_to: int
    daylight: bool
    name: str


def _moment(seconds: int) -> datetime:
    return _ORIGIN + timedelta(seconds=seconds)


def _state(zone: ZoneInfo, seconds: int) -> _State:
    local = _moment(seconds).astimezone(zone)
    offset = local.utcoffset()
    daylight = local.dst()
    return (
        0 if offset is None else offset // timedelta(seconds=1),
        bool(daylight),
        local.tzname() or "",
    )


def _first_change(zone: ZoneInfo, low: int, high: int, before: _State) -> int:
    """The first second in (low, high] whose state differs from `before` (which holds at low)."""
    while high - low > 1:
        middle = (low + high) // 2
        if _state(zone, middle) == before:
            low = middle
        else:
            high = middle
    return high


@lru_cache(maxsize=4096)
def _changes_in(key: str, start: int, end: int) -> tuple[Transition, ...]:
    """Every change of state in (start, end], scanning a day at a time and bisecting each step."""
    zone = ZoneInfo(key)
    found: list[Transition] = []
    low = start
    state = _state(zone, low)
    while low < end:
        high = min(low + _DAY, end)
        after = _state(zone, high)
        while after != state:  # more than one change inside one step is found one by one
            onset = _first_change(zone, low, high, state)
            new = _state(zone, onset)
            found.append(Transition(onset, state[0], new[0], new[1], new[2]))
            low, state = onset, new
        low, state = high, after
    return tuple(found)


def _year_start(year: int) -> int:
    return (datetime(year, 1, 1, tzinfo=UTC) - _ORIGIN) // timedelta(seconds=1)


def _runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive needed years merged into (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for year in sorted({min(max(year, 1), 9999) for year in years}):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def transitions(key: str, years: Iterable[int]) -> tuple[Transition, ...]:
    """The observances a file with events in `years` needs, in order.

    Each run of needed years opens with the observance already in force (offset_from equal to
    offset_to), so every local time inside a run resolves without looking further back.
    """
    return _transitions(key, tuple(sorted(set(years))))


@lru_cache(maxsize=1024)
def _transitions(key: str, years: tuple[int, ...]) -> tuple[Transition, ...]:
    zone = ZoneInfo(key)
    result: list[Transition] = []
    for first, last in _runs(years):
        # two days' margin: a local time early on 1 January can be late on 31 December in UTC
        start = max(_year_start(first) - 2 * _DAY, _FIRST)
        end = _LAST if last >= 9999 else min(_year_start(last + 1) + 2 * _DAY, _LAST)
        offset, daylight, name = _state(zone, start)
        result.append(Transition(start, offset, offset, daylight, name))
        result.extend(_changes_in(key, start, end))
    return tuple(result)


@lru_cache(maxsize=1024)
def _lines(key: str, years: tuple[int, ...]) -> tuple[str, ...]:
    lines = ["BEGIN:VTIMEZONE", f"TZID:{key}"]
    for change in _transitions(key, years):
        part = "DAYLIGHT" if change.daylight else "STANDARD"
        lines += [
            f"BEGIN:{part}",
            # the onset on the clocks as they read just before it (RFC 5545, 3.6.5)
            f"DTSTART:{clock_text(_moment(change.onset + change.offset_from))}",
            f"TZOFFSETFROM:{offset_text(timedelta(seconds=change.offset_from), style='ics')}",
            f"TZOFFSETTO:{offset_text(timedelta(seconds=change.offset_to), style='ics')}",
        ]
        if change.name:
            lines.append(f"TZNAME:{_tzname(change.name)}")
        lines.append(f"END:{part}")
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _tzname(name: str) -> str:
    """Abbreviations are TEXT; tzdata's never need escaping, but a local database might."""
    return "".join("\\" + char if char in "\\;," else char for char in name if char.isprintable())


def vtimezone_lines(key: str, years: Iterable[int]) -> tuple[str, ...]:
    """The unfolded content lines of one VTIMEZONE for zone `key`, cached per zone and years."""
    return _lines(key, tuple(sorted(set(years))))
