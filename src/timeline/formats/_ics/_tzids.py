"""From a TZID to an IANA zone: the name a timeline keeps, checked against the file's own rules.

icalendar already builds a zone from a file's VTIMEZONE and knows IANA and Windows names, but
a timeline keeps IANA names only (they are what its exports and `When` carry). So a zone the
file defines under a name of its own (Office's `Customized Time Zone`, Lotus Notes' `Eastern`,
Exchange's `(UTC+07:00) Bangkok, Hanoi, Jakarta`) is matched to an IANA zone whose offsets agree
with the file's for the whole year of the event; when none agrees, the file's offset at that
instant is kept as a fixed-offset zone. Calendar apps use the file's VTIMEZONE, so the instant
always follows it, never the guess.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from timeline.formats._ics._windows_zones import WINDOWS_ZONES

__all__ = ["Resolved", "iana_named", "resolve"]

_WORD = re.compile(r"[A-Za-z][A-Za-z_'. -]*[A-Za-z]")


@lru_cache(maxsize=1)
def _by_folded_name() -> dict[str, str]:
    """Every IANA key by its case-folded form, and by its city where that city is unique."""
    keys = sorted(zoneinfo.available_timezones())
    table = {key.casefold(): key for key in keys}
    cities: dict[str, list[str]] = {}
    for key in keys:
        if "/" in key and not key.startswith(("Etc/", "SystemV/")):
            cities.setdefault(key.rsplit("/", 1)[1].replace("_", " ").casefold(), []).append(key)
    for city, found in cities.items():
        table.setdefault(f"city:{city}", found[0])
    return table


@lru_cache(maxsize=512)
def iana_named(tzid: str) -> str | None:
    """The IANA key a TZID spells, allowing what producers do to it: case, a leading `/`, a
    vendor prefix (`/mozilla.org/20070129_1/America/New_York`) or a Windows name."""
    name = tzid.strip().strip('"')
    table = _by_folded_name()
    parts = [part for part in name.split("/") if part]
    for start in range(len(parts)):
        found = table.get("/".join(parts[start:]).casefold())
        if found is not None and not (start and "/" not in found and len(parts) - start == 1):
            return found
    return WINDOWS_ZONES.get(name)


def _named_guesses(tzid: str, location: str | None) -> list[str]:
    """IANA keys a name suggests: itself, X-LIC-LOCATION, then the cities it mentions."""
    guesses = [key for key in (iana_named(tzid), location and iana_named(location)) if key]
    table = _by_folded_name()
    for word in _WORD.findall(tzid):
        for piece in {word, *word.split(", "), *word.split(" ")}:
            key = table.get(f"city:{piece.strip().casefold()}")
            if key is not None and key not in guesses:
                guesses.append(key)
    return guesses


def _offset(zone: tzinfo, moment: datetime) -> timedelta | None:
    try:
        return moment.astimezone(zone).utcoffset()
    except (OverflowError, ValueError):
        return None


def _agrees(zone: ZoneInfo, theirs: tzinfo, instant: datetime) -> bool:
    """Whether two zones show the same offset at the instant and through the instant's year."""
    samples = [instant]
    for month in range(1, 13):
        for day in (1, 15):
            try:
                samples.append(datetime(instant.year, month, day, 12, tzinfo=UTC))
            except ValueError:
                continue
    return all(_offset(zone, moment) == _offset(theirs, moment) for moment in samples)


class Resolved:
    """What a file's time is read as: an IANA zone, and why when that was a guess or a fallback."""

    __slots__ = ("note", "zone")

    def __init__(self, zone: ZoneInfo, note: str | None = None) -> None:
        self.zone = zone
        self.note = note


def fixed_zone(offset: timedelta) -> ZoneInfo:
    """An IANA zone with this constant offset (`Etc/GMT-7` is UTC+07:00), else UTC."""
    seconds = int(offset.total_seconds())
    if seconds % 3600 == 0 and -12 <= seconds // 3600 <= 14:
        hours = seconds // 3600
        return ZoneInfo("Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}")
    return ZoneInfo("UTC")


def resolve(tzid: str, theirs: tzinfo, instant: datetime, location: str | None) -> Resolved:
    """The IANA zone for a time whose zone the file defines itself (`theirs`).

    A named guess (the TZID or X-LIC-LOCATION as an IANA or Windows name, or a city it
    mentions) is kept when its offsets agree with the file's for the instant's year; otherwise
    the file's offset at the instant is kept, and the note says which guess disagreed.
    """
    guesses = _named_guesses(tzid, location)
    for key in guesses:
        zone = ZoneInfo(key)
        if _agrees(zone, theirs, instant):
            return Resolved(zone)
    offset = _offset(theirs, instant) or timedelta(0)
    fallback = fixed_zone(offset)
    note = None
    if guesses:
        note = (
            f"TZID={tzid!r} looks like {guesses[0]}, but the file's VTIMEZONE gives other "
            f"offsets in {instant.year}; the file's offset is kept ({fallback.key})"
        )
    return Resolved(fallback, note)
