"""`Point`: one end of a date, a value truncated to its precision, and how a datetime handed over
by a file or a program becomes one (its zone kept, localized or fixed)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from timeline._errors import DateError
from timeline._when._calendar import (
    ACCEPTED_FORMS,
    TIMED,
    ZONE_HINT,
    Precision,
    check_whole,
    last_of_month,
)
from timeline._when._zones import convert, fixed_zone, localize, offset_text, zone_of

__all__ = ["Point", "from_datetime", "precision_of", "timed_precision", "trusted_point"]


def _offset_suffix(offset: timedelta) -> str:
    """EDTF's spelling of a fixed offset: `Z` for UTC, `-04` for whole hours, else `+04:30`."""
    if not offset:
        return "Z"
    text = offset_text(offset)
    return text[:3] if text.endswith(":00") and len(text) == 6 else text


@dataclass(frozen=True, slots=True, eq=False)
class Point:
    """One end of a `When`: a value truncated to its precision, so equal points look equal.

    Dates are truncated to their precision (a MONTH point of 13 October is 1 October); a MINUTE
    point must be a whole minute, a SECOND point a whole second, in a named IANA zone that
    exists on the local clock.

    Raises:
        DateError: for an unknown precision, a value of the wrong type for it, or a time that
            is finer than its precision, lacks a named zone or does not exist on the local clock.
    """

    value: date | datetime
    precision: Precision

    def __post_init__(self) -> None:
        precision: object = self.precision  # callers may pass "day"
        if not isinstance(precision, Precision):
            try:
                precision = Precision(str(precision))
            except ValueError:
                hint = _precisions(precision)
                raise DateError(f"unknown precision {precision!r}", hint) from None
            object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "value", _checked_value(self.value, precision))

    @property
    def first_day(self) -> date:
        """The first calendar day covered (the local day for a timed point)."""
        value = self.value
        return value.date() if isinstance(value, datetime) else value

    @property
    def last_day(self) -> date:
        """The last calendar day covered (31 December of a year, the last day of a month)."""
        value = self.value
        if isinstance(value, datetime):
            return value.date()
        if self.precision is Precision.YEAR:
            return date(value.year, 12, 31)
        if self.precision is Precision.MONTH:
            return value.replace(day=last_of_month(value.year, value.month))
        return value

    def _identity(self) -> tuple[object, ...]:
        """What makes two points the same: datetimes alone compare instants and ignore the zone."""
        value = self.value
        if isinstance(value, datetime):
            zone = zone_of(value)
            key = None if zone is None else zone.key
            return (self.precision, value.replace(tzinfo=None, fold=0), value.utcoffset(), key)
        return (self.precision, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Point):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __str__(self) -> str:
        value = self.value
        if self.precision is Precision.YEAR:
            return f"{value.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        if isinstance(value, datetime):
            seconds = f":{value.second:02d}" if self.precision is Precision.SECOND else ""
            text = (
                f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
                f"T{value.hour:02d}:{value.minute:02d}{seconds}"
            )
            offset = value.utcoffset()
            if offset is None:  # floating: the same clock time wherever it is read
                return text
            zone = zone_of(value)
            if zone is None:
                return text + _offset_suffix(offset)
            return f"{text}{offset_text(offset)}[{zone.key}]"
        return value.isoformat()


def _checked_value(value: object, precision: Precision) -> date:
    """Validate a point's value for its precision; dates are truncated, times never are."""
    if precision in TIMED:
        if not isinstance(value, datetime):
            raise DateError(
                f"a {precision}-precision point needs a datetime, not {value!r}", ZONE_HINT
            )
        zone = value.tzinfo
        check_whole(value, precision)
        wall = value.replace(tzinfo=None, fold=0)
        if zone is None:
            return wall
        if not isinstance(zone, ZoneInfo):
            return wall.replace(tzinfo=fixed_zone(value.utcoffset()))
        if zone.key is None:
            raise DateError(
                f"a time zone must have an IANA name (zoneinfo.ZoneInfo), not {zone!r}",
                ZONE_HINT,
            )
        return localize(wall, zone, value.utcoffset() if value.fold else None)
    if isinstance(value, datetime):
        raise DateError(
            f"a {precision}-precision point takes a date, not a date-time",
            "use Precision.MINUTE (or SECOND) for a time of day, or pass value.date()",
        )
    if not isinstance(value, date):
        raise DateError(f"a point needs a date, not {value!r}", ACCEPTED_FORMS)
    if precision is Precision.YEAR:
        return date(value.year, 1, 1)
    if precision is Precision.MONTH:
        return date(value.year, value.month, 1)
    return date(value.year, value.month, value.day)


def precision_of(moment: datetime, *, said: bool) -> Precision:
    """To the second when seconds were written, or when the zone's clock shows some (a local
    mean time such as +05:07:48 puts seconds on an instant written to the minute)."""
    return Precision.SECOND if said or moment.second else Precision.MINUTE


def timed_precision(value: datetime) -> Precision:
    """A datetime handed over (by TOML, or a program) is to the second only if it has seconds:
    TOML's local date-times always write them, as :00."""
    return Precision.SECOND if value.second else Precision.MINUTE


def trusted_point(value: date, precision: Precision) -> Point:
    """Build a point whose value is already known to be valid: the loader's hot path."""
    point = object.__new__(Point)
    object.__setattr__(point, "value", value)
    object.__setattr__(point, "precision", precision)
    return point


def _precisions(written: object) -> str:
    """The hint for an unknown precision: the one meant ("dya": 'day'), else every one."""
    words = [member.value for member in Precision]
    close = difflib.get_close_matches(str(written).strip().lower(), words, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(words)}"


def from_datetime(value: datetime, zone: ZoneInfo | None) -> datetime:
    """A datetime handed over (by TOML or a program): a named zone is kept; a naive time is
    local to `zone` if there is one, else floating; a bare offset is shown on `zone`'s clocks
    (a TOML date-time cannot name its zone, so the timeline's zone is the one meant), else
    kept as a fixed offset."""
    offset = value.utcoffset()
    if offset is None:
        if zone is None:
            return _validated_zoned_datetime(value.replace(tzinfo=None))
        check_whole(value)
        return localize(value.replace(fold=0), zone)
    own = value.tzinfo
    if isinstance(own, ZoneInfo) and own.key is not None:
        return _validated_zoned_datetime(value)
    wall = value.replace(tzinfo=None)
    if zone is not None:
        return convert(wall, offset, zone)
    check_whole(value)
    return wall.replace(tzinfo=fixed_zone(offset))


def _validated_zoned_datetime(value: datetime) -> datetime:
    """Fully validate a timed value (whole seconds; in an IANA zone, a wall time that exists
    there)."""
    result = _checked_value(value, timed_precision(value))
    assert isinstance(result, datetime)
    return result
