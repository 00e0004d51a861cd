"""A zone for a series whose TZID names no IANA zone: one that keeps the file's rules.

A single event in a zone the file defines under a name of its own (`/Europe/CUSTOM`) keeps the
file's offset at its instant, as a fixed-offset zone (`_tzids.resolve`). A series cannot: its
occurrences are computed later, in its start's zone, and a fixed offset would put every
occurrence across a change of daylight saving time an hour off. So, where the file's zone
changes offset, an IANA zone whose offsets agree with it through the series' first years is
looked for among all of them (those of the name's region first, then by name).
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = ["lasting_zone"]

#: The years, from the series' first, whose offsets must agree.
_YEARS = 3


_Offsets = tuple[timedelta | None, ...]


def _offsets(zone: tzinfo, year: int) -> _Offsets:
    found: list[timedelta | None] = []
    for month in range(1, 13):
        for day in (1, 15):
            try:
                found.append(
                    datetime(year, month, day, 12, tzinfo=UTC).astimezone(zone).utcoffset()
                )
            except (OverflowError, ValueError):
                found.append(None)
    return tuple(found)


@lru_cache(maxsize=1)
def _candidates() -> tuple[str, ...]:
    keys = sorted(zoneinfo.available_timezones())
    return tuple(key for key in keys if "/" in key and not key.startswith(("Etc/", "SystemV/")))


@lru_cache(maxsize=64)
def _agreeing(
    region: str, wanted: tuple[tuple[timedelta | None, ...], ...], year: int
) -> str | None:
    keys = sorted(_candidates(), key=lambda key: (not key.startswith(region), key))
    for key in keys:
        zone = ZoneInfo(key)
        if all(_offsets(zone, year + n) == offsets for n, offsets in enumerate(wanted)):
            return key
    return None


def lasting_zone(tzid: str, theirs: tzinfo, instant: datetime, fallback: ZoneInfo) -> ZoneInfo:
    """An IANA zone agreeing with the file's zone through the instant's year and the next
    ones, when the file's zone changes offset in them; else `fallback`."""
    wanted = tuple(_offsets(theirs, instant.year + n) for n in range(_YEARS))
    if len({offset for offsets in wanted for offset in offsets}) < 2:
        return fallback  # one offset all along: the fixed zone is right
    parts = [part for part in tzid.split("/") if part]
    region = f"{parts[0]}/" if len(parts) > 1 else "\0"
    key = _agreeing(region, wanted, instant.year)
    return fallback if key is None else ZoneInfo(key)
