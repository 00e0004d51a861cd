"""Time zones and clocks: an IANA zone by name, a wall time put in a zone (refusing the times the
clocks skipped, choosing between those they repeated), fixed offsets, and an offset as text."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from timeline._errors import DateError
from timeline._when._calendar import ZONE_HINT, check_whole

__all__ = [
    "convert",
    "fixed_zone",
    "localize",
    "offset_text",
    "resolve_zone",
    "timed",
    "utc_seconds",
    "zone_named",
    "zone_of",
]


def utc_seconds(value: datetime) -> int:
    """The instant as plain seconds, because datetime arithmetic overflows near years 1 and 9999."""
    offset = value.utcoffset()
    shift = 0 if offset is None else offset // timedelta(seconds=1)
    clock = value.hour * 3600 + value.minute * 60 + value.second
    return value.toordinal() * 86400 + clock - shift


def zone_of(value: date) -> ZoneInfo | None:
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
        return value.tzinfo
    return None


def offset_text(offset: timedelta, *, style: Literal["iso", "human", "ics"] = "iso") -> str:
    """A UTC offset as text: `+06:00` (ISO 8601, EDTF), `UTC+06` for people, `+0600` (RFC 5545).

    Seconds are shown only when there are some (historic local mean time: `+05:07:48`).
    """
    total = offset // timedelta(seconds=1)
    human = style == "human"
    if human and total == 0:
        return "UTC"
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    if human:
        text = f"UTC{sign}{hours:02d}"
        if minutes or seconds:
            text += f":{minutes:02d}"
    elif style == "ics":
        return f"{sign}{hours:02d}{minutes:02d}{f'{seconds:02d}' if seconds else ''}"
    else:
        text = f"{sign}{hours:02d}:{minutes:02d}"
    if seconds:
        text += f":{seconds:02d}"
    return text


def resolve_zone(zone: str | ZoneInfo | None) -> ZoneInfo | None:
    if zone is None:
        return None
    if isinstance(zone, ZoneInfo):
        if zone.key is None:
            raise DateError("the time zone has no IANA name", ZONE_HINT)
        return zone
    if not isinstance(zone, str):
        raise DateError(f"a time zone is a name, not {zone!r}", ZONE_HINT)
    return zone_named(zone)


@lru_cache(maxsize=512)
def zone_named(name: str) -> ZoneInfo:
    """The IANA zone of that name, or a `DateError` that suggests the nearest real one."""
    key = name.strip()
    if key:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    message = f"unknown time zone {name!r}"
    known = _known_zones()
    close = [zone for zone in known if zone.lower() == key.lower()]
    close = close or difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if re.fullmatch(r"(?:UTC|GMT)?\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?", key, re.IGNORECASE):
        message += ": a UTC offset is not a time zone"
    elif close:
        message += f"; did you mean {close[0]}?"
    raise DateError(message, ZONE_HINT)


@lru_cache(maxsize=1)
def _known_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def localize(wall: datetime, zone: ZoneInfo, offset: timedelta | None = None) -> datetime:
    """Put a naive local time in `zone`: refuse times the clocks skipped, and use `offset` (else
    the first occurrence) to choose between the two readings of a time the clocks repeated."""
    first = wall.replace(tzinfo=zone)
    second = wall.replace(tzinfo=zone, fold=1)
    first_offset, second_offset = first.utcoffset(), second.utcoffset()
    assert first_offset is not None  # a ZoneInfo always answers
    assert second_offset is not None
    when_text = f"{wall.date().isoformat()} at {wall.hour:02d}:{wall.minute:02d}"
    if first_offset < second_offset:
        before = offset_text(first_offset, style="human")
        after = offset_text(second_offset, style="human")
        raise DateError(
            f"{when_text} does not exist in {zone.key}: the clocks jumped from {before} to {after}",
            "the clocks skipped that time; pick one before or after the change",
        )
    if offset is None or offset == first_offset:
        return first
    if offset == second_offset:
        return second
    expected = offset_text(first_offset)
    if first_offset != second_offset:
        expected += f" or {offset_text(second_offset)}"
    raise DateError(
        f"the offset {offset_text(offset)} does not match {zone.key}, which on "
        f"{when_text} was {expected}",
        "drop the offset or correct it; the zone's rules decide",
    )


def convert(wall: datetime, offset: timedelta, zone: ZoneInfo) -> datetime:
    """Show the instant `wall` at `offset` on the clocks of `zone`."""
    try:
        moment = wall.replace(tzinfo=timezone(offset)).astimezone(zone)
    except (OverflowError, ValueError):
        raise DateError(
            f"{wall.isoformat()} is out of range in {zone.key}", "years run from 0001 to 9999"
        ) from None
    check_whole(moment)
    return moment


def fixed_zone(offset: timedelta | None) -> timezone:
    """The tzinfo of a time at a fixed offset: one object per offset, UTC's being `timezone.utc`."""
    if offset is None or offset % timedelta(seconds=1) or abs(offset) >= timedelta(hours=24):
        raise DateError(
            f"the UTC offset {offset} is not one a clock shows (whole seconds, under 24 hours)",
            ZONE_HINT,
        )
    return UTC if not offset else timezone(offset)


def timed(
    day: date,
    clock: time,
    offset: timedelta | None,
    is_utc: bool,
    named: ZoneInfo | None,
    default: ZoneInfo | None,
    *,
    keep_offset: bool = True,
) -> datetime:
    """Resolve a written time: a named zone is checked against the offset; a bare offset (or Z)
    is kept as written (EDTF's fixed offset), or with `keep_offset=False` shown on the default
    zone's clocks; a bare time is local to the default zone, else floating."""
    wall = datetime.combine(day, clock)
    if named is not None:
        if offset is None:
            return localize(wall, named)
        return convert(wall, offset, named) if is_utc else localize(wall, named, offset)
    if offset is not None:
        if default is not None and not keep_offset:
            return convert(wall, offset, default)
        return wall.replace(tzinfo=fixed_zone(offset))
    if default is None:
        return wall
    return localize(wall, default)
