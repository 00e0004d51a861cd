"""The calendar's facts every part of the date code checks against: the precisions, which years,
months, days, times and offsets exist, and the hints a refusal points to."""

from __future__ import annotations

import calendar
import enum
from datetime import date, datetime, time, timedelta
from typing import Final

from timeline._errors import DateError
from timeline._when._words import MONTH_NAMES

__all__ = [
    "ACCEPTED_FORMS",
    "OPEN_HINT",
    "RANK",
    "TIMED",
    "ZONE_HINT",
    "Precision",
    "check_month",
    "check_whole",
    "check_year",
    "last_of_month",
    "make_date",
    "make_offset",
    "make_time",
]

ACCEPTED_FORMS: Final = (
    "write e.g. 2022-10-13, 13 October 2022, 2022-10, 2022 or summer 2022; every form read is "
    'listed in docs/authoring.md, section "Dates"'
)
"""The hint every unreadable date gets: a few forms, and where the others are. The list itself
is kept in one place, the docs, so an error stays a line or two long."""

ZONE_HINT: Final = "name an IANA time zone such as Asia/Almaty, Asia/Tashkent, Europe/Moscow or UTC"
OPEN_HINT: Final = (
    "write an interval open at one end as 2022-02-24/.. (still going on), 2022-02-24/ (ended, "
    "date unknown), ../1985 (no start) or /1985 (start unknown)"
)


class Precision(enum.StrEnum):
    """How much of a point in time is known; members run from coarse to fine."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


RANK: Final = {
    Precision.YEAR: 0,
    Precision.MONTH: 1,
    Precision.DAY: 2,
    Precision.MINUTE: 3,
    Precision.SECOND: 4,
}
#: The precisions of a time of day: seconds are kept, and shown, only where they were given.
TIMED: Final = frozenset({Precision.MINUTE, Precision.SECOND})


def last_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def check_whole(value: datetime, precision: Precision = Precision.SECOND) -> None:
    """Times are kept to the second at the finest (as EDTF has them), to the minute if so said."""
    if value.microsecond:
        raise DateError(
            f"times are kept to the second, but {value.replace(tzinfo=None).isoformat()} has "
            "a fraction of one; drop it",
            ACCEPTED_FORMS,
        )
    if value.second and precision is Precision.MINUTE:
        raise DateError(
            f"a minute-precision time has no seconds, but "
            f"{value.replace(tzinfo=None).isoformat()} has; use Precision.SECOND",
            ACCEPTED_FORMS,
        )


def check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise DateError(
            f"year {year:04d} does not exist here: years run from 0001 to 9999", ACCEPTED_FORMS
        )


def check_month(month: int) -> None:
    if 21 <= month <= 24:
        raise DateError(
            f"an EDTF season ({month}) is a span of three months, and cannot be part of a "
            "longer date or one end of an interval",
            "write the season alone (2022-22), or its months (2022-06~/2022-08~)",
        )
    if not 1 <= month <= 12:
        raise DateError(
            f"month {month:02d} does not exist: months run from 01 to 12", ACCEPTED_FORMS
        )


def make_date(year: int, month: int, day: int) -> date:
    check_year(year)
    check_month(month)
    last = last_of_month(year, month)
    if 1 <= day <= last:
        return date(year, month, day)
    name = MONTH_NAMES[month - 1]
    if day == 0:
        message = f"day 0 of {name} {year:04d} does not exist: days start at 1"
    elif month == 2 and day == 29:
        message = f"29 February {year:04d} does not exist: {year:04d} is not a leap year"
    elif month == 2:
        message = f"{day} February {year:04d} does not exist: February {year:04d} has {last} days"
    else:
        message = f"{day} {name} {year:04d} does not exist: {name} has {last} days"
    raise DateError(message, "check the day against a calendar")


def make_time(hour: int, minute: int, second: int = 0) -> time:
    if hour > 23:
        raise DateError(f"hour {hour} does not exist: hours run from 00 to 23", ACCEPTED_FORMS)
    if minute > 59:
        raise DateError(f"minute {minute} does not exist: minutes run 00 to 59", ACCEPTED_FORMS)
    if second > 59:
        raise DateError(
            f"second {second} does not exist: seconds run 00 to 59 (leap seconds are not kept)",
            ACCEPTED_FORMS,
        )
    return time(hour, minute, second)


def make_offset(sign: str, hours: int, minutes: int, seconds: int) -> timedelta:
    if hours > 23 or minutes > 59 or seconds > 59:
        raise DateError(
            f"the UTC offset {sign}{hours:02d}:{minutes:02d} is out of range", ACCEPTED_FORMS
        )
    offset = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return -offset if sign in "-\u2212" else offset
