"""Holidays by name, from a table that is data: "Christmas Eve 2022", "on Victory Day", "since
Nowruz", "Easter Sunday", "Orthodox Easter 2023", "last Christmas".

`HOLIDAYS` maps a name (lower case, without apostrophes) to its rule: a fixed day of the year, a
number of days from Easter (western or Orthodox, by `dateutil.easter`, imported on first use), or
the nth weekday of a month. Extending it is one more line. With a year the day is that year's;
without one it is resolved against the reference as a day without a year is: the nearest, or the
way a direction word points ("since Nowruz"); "last", "next" and "this" say which one. Holidays of
a lunar calendar (Kurban Ait, Eid) move by about eleven days a year and are not in the table.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final, NamedTuple

from timeline._errors import DateError, MissingReference
from timeline._when._directions import Lean

__all__ = ["HOLIDAYS", "Easter", "Fixed", "NthWeekday", "holiday"]


class Fixed(NamedTuple):
    """The same day every year."""

    month: int
    day: int


class Easter(NamedTuple):
    """So many days from Easter Sunday, western (Gregorian) or Orthodox (Julian, as the Gregorian
    day it falls on)."""

    days: int = 0
    orthodox: bool = False


class NthWeekday(NamedTuple):
    """The nth weekday (Monday 0) of a month; -1 is the last."""

    month: int
    weekday: int
    nth: int


Rule = Fixed | Easter | NthWeekday

HOLIDAYS: Final[dict[str, Rule]] = {
    "new years day": Fixed(1, 1),
    "new year": Fixed(1, 1),
    "new years eve": Fixed(12, 31),
    "orthodox christmas": Fixed(1, 7),
    "valentines day": Fixed(2, 14),
    "defender of the fatherland day": Fixed(2, 23),
    "international womens day": Fixed(3, 8),
    "womens day": Fixed(3, 8),
    "nowruz": Fixed(3, 21),
    "navruz": Fixed(3, 21),
    "nauryz": Fixed(3, 21),
    "may day": Fixed(5, 1),
    "unity day": Fixed(5, 1),  # Kazakhstan's Day of the Unity of the People
    "defenders day": Fixed(5, 7),  # Kazakhstan's Defender of the Fatherland Day
    "victory day": Fixed(5, 9),
    "capital day": Fixed(7, 6),  # Kazakhstan's, for Astana
    "constitution day of kazakhstan": Fixed(8, 30),
    "republic day": Fixed(10, 25),  # Kazakhstan's
    "halloween": Fixed(10, 31),
    "independence day of kazakhstan": Fixed(12, 16),
    "kazakhstans independence day": Fixed(12, 16),
    "christmas eve": Fixed(12, 24),
    "christmas day": Fixed(12, 25),
    "christmas": Fixed(12, 25),
    "boxing day": Fixed(12, 26),
    "palm sunday": Easter(-7),
    "maundy thursday": Easter(-3),
    "good friday": Easter(-2),
    "holy saturday": Easter(-1),
    "easter": Easter(),
    "easter sunday": Easter(),
    "easter monday": Easter(1),
    "ascension day": Easter(39),
    "pentecost": Easter(49),
    "whit sunday": Easter(49),
    "orthodox easter": Easter(orthodox=True),
    "orthodox easter sunday": Easter(orthodox=True),
    "orthodox good friday": Easter(-2, orthodox=True),
    "thanksgiving": NthWeekday(11, 3, 4),  # the US's: the fourth Thursday of November
    "thanksgiving day": NthWeekday(11, 3, 4),
    "memorial day": NthWeekday(5, 0, -1),  # the US's: the last Monday of May
    "labor day": NthWeekday(9, 0, 1),  # the US's: the first Monday of September
}

_PHRASE: Final = re.compile(
    r"(?:the\s+)?(?:(?P<which>last|next|this)\s+)?(?P<name>[^\W\d_][^\d,]*?)"
    r"(?:,?\s+(?:of\s+)?(?P<year>[0-9]{4}))?",
    re.IGNORECASE,
)
_APOSTROPHE: Final = re.compile(r"['\u2019]")


def holiday(body: str, reference: date | None, lean: Lean, written: str) -> date | None:
    """The day a holiday's name means, or None when `body` names none in `HOLIDAYS`."""
    match = _PHRASE.fullmatch(body)
    if match is None:
        return None
    name = " ".join(_APOSTROPHE.sub("", match["name"]).lower().split())
    rule = HOLIDAYS.get(name)
    if rule is None:
        return None
    try:
        if match["year"] is not None:
            if match["which"] is not None:
                raise DateError(
                    f"{written!r} has both {match['which']!r} and a year",
                    f"write {match['name']} {match['year']}",
                )
            return day_of(rule, int(match["year"]))
        if reference is None:
            raise MissingReference(written)
        return _around(rule, reference, match["which"] or lean)
    except DateError:
        raise
    except (ValueError, OverflowError):
        raise DateError(
            f"{written!r} falls outside the years 0001 to 9999", "years run from 0001 to 9999"
        ) from None


def day_of(rule: Rule, year: int) -> date:
    """The holiday's day in `year`."""
    if isinstance(rule, Fixed):
        return date(year, rule.month, rule.day)
    if isinstance(rule, Easter):
        from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

        sunday = easter(year, EASTER_ORTHODOX if rule.orthodox else EASTER_WESTERN)
        return sunday + timedelta(days=rule.days)
    first = date(year, rule.month, 1)
    if rule.nth > 0:
        shift = (rule.weekday - first.weekday()) % 7
        return first + timedelta(days=shift + 7 * (rule.nth - 1))
    last = date(year + rule.month // 12, rule.month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - rule.weekday) % 7)


def _around(rule: Rule, reference: date, which: str) -> date:
    """The holiday nearest the reference (the earlier on a tie), or the way `which` says: "last"
    strictly before, "next" strictly after, "this" in the reference's year, "back" and "ahead" on
    or before and on or after."""
    if which == "this":
        return day_of(rule, reference.year)
    days = [
        day_of(rule, year)
        for year in range(reference.year - 1, reference.year + 2)
        if 1 <= year <= 9999
    ]
    kept = [day for day in days if _on_side(day, reference, which)]
    if not kept:
        raise ValueError("no such year")
    return min(kept, key=lambda day: (abs((day - reference).days), day))


def _on_side(day: date, reference: date, which: str) -> bool:
    if which == "last":
        return day < reference
    if which == "next":
        return day > reference
    if which == "back":
        return day <= reference
    if which == "ahead":
        return day >= reference
    return True
