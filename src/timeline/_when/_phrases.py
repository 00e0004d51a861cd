"""Dates as reporters write them: against the day they wrote, or looser than a month.

"last Thursday", "two weeks ago" or "13 October" mean nothing without the day they were written
(the *reference*); "summer 2022", "Q3 2022" or "early 2022" need none, but cover several months.
The English reader (`_english`) offers its text here first and turns the `Span` it gets back into
a `When`. This module knows only dates, never `When`, so the two cannot import each other in a
circle; the reader imports it on first use, since dateutil takes some 20 ms to import and most
timelines never need it. Its words are English's, in `_words`.

Policies, the same as docs/authoring.md states them:

- a bare weekday ("Thursday", "on Thursday") is the nearest such day, the reference itself
  included; "last" is the latest strictly before, "next" the first strictly after, "this" the one
  in the reference's week. Weeks run from Monday to Sunday.
- a day or a month without a year takes the year that puts it nearest the reference (the earlier
  one on a tie: reporters mostly look back).
- seasons are meteorological and northern: spring is March to May, summer June to August, autumn
  September to November, winter December to February of the next year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Final, Literal, NamedTuple

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from timeline._errors import DateError, MissingReference
from timeline._when._directions import Lean
from timeline._when._words import ENGLISH

__all__ = ["Reading", "Span", "nearest_year", "read", "span_name"]

Level = Literal["year", "month", "day"]


class Span(NamedTuple):
    """Both ends at one precision: a month end is the 1st of its month, a year end 1 January.

    A single day, month or year has `first == last`.
    """

    first: date
    last: date
    level: Level
    approximate: bool = False


class Reading(NamedTuple):
    """What a phrase means, in the parts this module can work out alone."""

    span: Span
    #: a time of day written beside a relative day ("9:50 a.m. last Thursday"), left for _english
    #: to read, since it knows clocks, offsets and zones
    clock: str | None = None


_DAY_SHIFTS: Final = ENGLISH.day_shifts
_WEEKDAY_WORDS: Final = {
    form.lower(): number for number, forms in enumerate(ENGLISH.weekdays) for form in forms
}
_WEEKDAYS: Final = (MO, TU, WE, TH, FR, SA, SU)
_COUNTS: Final = ENGLISH.numbers
_SHIFTS: Final = ENGLISH.shifts
_SEASON_START: Final = ENGLISH.seasons
_ORDINALS: Final = ENGLISH.ordinals
# thirds of a month (days) and of a year (months), as "early October 2022" already reads
_DAY_THIRDS: Final = ENGLISH.day_thirds
_MONTH_THIRDS: Final = ENGLISH.month_thirds

_WEEKDAY_PATTERN: Final = "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))
_PART_OF_DAY: Final = r"(?: (?:morning|afternoon|evening|night))?"
_YEAR: Final = r"(?P<year>[0-9]{4})"
_NEXT_YEAR: Final = r" ?[/\u2010-\u2015-] ?(?P<next>[0-9]{2}|[0-9]{4})"
_CLOCK: Final = (
    r"(?:[0-9]{1,2}(?::[0-9]{2})? ?[ap]\.? ?m\b\.?|[0-9]{1,2}:[0-9]{2})"
    r"(?: ?\((?:utc|gmt)[^)]*\))?"
)
_CLOCK_FIRST: Final = re.compile(rf"(?:at )?(?P<clock>{_CLOCK}),? (?P<rest>.+)")
_CLOCK_LAST: Final = re.compile(rf"(?P<rest>.+?),? (?:at )?(?P<clock>{_CLOCK})")
# one search that every phrase passes, so that a plain '13 October 2022' is turned away at once
_CUE: Final = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|last|next|this|ago|earlier|later|spring|summer"
    r"|autumn|fall|winter|quarter|half|turn|early|mid|late|mon|tue|wed|thu|fri|sat|sun"
    r"|[qh][0-9]|[0-9][qh]\b|week|overnight|day|month|year)|0'?s\b"
)
_MONTH_WORDS: Final = {
    form.lower(): number
    for names in (ENGLISH.months, ENGLISH.month_abbreviations)
    for number, forms in enumerate(names, 1)
    for form in forms
}
_MONTH_PATTERN: Final = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))

Relative = Callable[[re.Match[str], date], Span]
Absolute = Callable[[re.Match[str]], Span]


# -- relative: they need the reference ----------------------------------------------------------


def _day(value: date) -> Span:
    return Span(value, value, "day")


def _month(value: date, months: int = 0) -> Span:
    first = value + relativedelta(months=months, day=1)
    return Span(first, first, "month")


def _months(year: int, first: int, last: int, *, approximate: bool) -> Span:
    """Months first..last of `year`; a last month past December runs into the next year."""
    start = date(year, first, 1)
    return Span(start, start + relativedelta(months=last - first), "month", approximate)


def _last_day(span: Span) -> date:
    if span.level == "year":
        return date(span.last.year, 12, 31)
    if span.level == "month":
        return span.last + relativedelta(day=31)
    return span.last


def _monday(reference: date, weeks: int = 0) -> date:
    return reference + relativedelta(weekday=MO(-1), weeks=weeks)


def _shifted_day(match: re.Match[str], reference: date) -> Span:
    words = match["word"] or match["alone"]
    return _day(reference + relativedelta(days=_DAY_SHIFTS[words]))


def _weekday(match: re.Match[str], reference: date, lean: Lean = "nearest") -> Span:
    number = _WEEKDAY_WORDS[match["day"]]
    weekday = _WEEKDAYS[number]
    which = match["which"]
    if which is None and lean != "nearest":  # "since Friday", "until Monday": _directions
        return _leaning_day(number, reference, lean)
    if which == "last":
        return _day(reference + relativedelta(days=-1, weekday=weekday(-1)))
    if which == "next":
        return _day(reference + relativedelta(days=1, weekday=weekday(+1)))
    if which == "this":
        return _day(_monday(reference) + relativedelta(weekday=weekday(+1)))
    before = reference + relativedelta(weekday=weekday(-1))
    after = reference + relativedelta(weekday=weekday(+1))
    # 7 is odd, so one of the two is always within 3 days and strictly nearer
    return _day(before if reference - before < after - reference else after)


def _leaning_day(number: int, reference: date, lean: Lean) -> Span:
    """The weekday `number` on or before the reference ("back"), or on or after it."""
    return _day(reference + relativedelta(weekday=_WEEKDAYS[number](-1 if lean == "back" else 1)))


def _earlier_or_later_on(match: re.Match[str], reference: date) -> Span:
    """'earlier on Thursday' is the Thursday on or before the reference; 'later on Thursday'
    the one on or after it."""
    lean: Lean = "back" if match["part"] == "earlier" else "ahead"
    return _leaning_day(_WEEKDAY_WORDS[match["day"]], reference, lean)


def _weekend_nearest(match: re.Match[str], reference: date) -> Span:
    """'over the weekend': the weekend under way, else the one just past from Monday to
    Wednesday, else the coming one (Thursday and Friday)."""
    weeks = 0 if reference.weekday() >= 3 else -1
    saturday = _monday(reference, weeks) + timedelta(days=5)
    return Span(saturday, saturday + timedelta(days=1), "day")


def _overnight(match: re.Match[str], reference: date) -> Span:
    """'overnight': the night that ends on the reference day, so the day before and that day."""
    return Span(reference - timedelta(days=1), reference, "day")


def _period(match: re.Match[str], reference: date) -> Span:
    shift, unit = _SHIFTS[match["which"]], match["unit"]
    if unit == "week":
        monday = _monday(reference, shift)
        return Span(monday, monday + timedelta(days=6), "day")
    if unit == "weekend":
        saturday = _monday(reference, shift) + timedelta(days=5)
        return Span(saturday, saturday + timedelta(days=1), "day")
    if unit == "month":
        return _month(reference, shift)
    year = date(reference.year + shift, 1, 1)
    return Span(year, year, "year")


def _unit_bounds(reference: date, unit: str) -> tuple[date, date]:
    if unit == "week":
        monday = _monday(reference)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return reference.replace(day=1), reference + relativedelta(day=31)
    return date(reference.year, 1, 1), date(reference.year, 12, 31)


def _part_of(match: re.Match[str], reference: date) -> Span:
    """'earlier this month' runs from the 1st to the day before the reference; 'later' onwards."""
    unit = match["unit"]
    first, last = _unit_bounds(reference, unit)
    if match["part"] == "earlier":
        last = reference - timedelta(days=1)
    else:
        first = reference + timedelta(days=1)
    if last < first:
        edge = "first" if match["part"] == "earlier" else "last"
        raise DateError(
            f"'{match.group(0)}' leaves no day: {reference.isoformat()} is the {edge} day of its "
            f"{unit}",
            "write the date itself",
        )
    return Span(first, last, "day", approximate=True)


def _third_of(match: re.Match[str], reference: date) -> Span:
    third, shift = match["third"], _SHIFTS[match["which"]]
    if match["unit"] == "year":
        low, high = _MONTH_THIRDS[third]
        return _months(reference.year + shift, low, high, approximate=True)
    month = _month(reference, shift).first
    low, high = _DAY_THIRDS[third]
    last = month + relativedelta(day=high)  # relativedelta stops at the month's last day
    return Span(month.replace(day=low), last, "day", approximate=True)


def _ago(match: re.Match[str], reference: date) -> Span:
    return _counted(match, reference, -1)


def _from_now(match: re.Match[str], reference: date) -> Span:
    """'in three days', 'two weeks from now': as 'ago', forward."""
    return _counted(match, reference, +1)


def _counted(match: re.Match[str], reference: date, sign: int) -> Span:
    written, unit = match["count"], match["unit"]
    count = sign * (_COUNTS[written] if written in _COUNTS else int(written))
    if unit == "day":
        return _day(reference + relativedelta(days=count))
    if unit == "week":
        return _day(reference + relativedelta(weeks=count))
    if unit == "month":
        return _month(reference, count)
    # "a year ago" in news copy is about that day a year earlier, not the whole calendar year
    about = reference + relativedelta(years=count)
    return Span(about, about, "day", approximate=True)


def _season(name: str, year: int) -> Span:
    start = _SEASON_START[name]
    return _months(year, start, start + 2, approximate=True)


def _season_around(match: re.Match[str], reference: date) -> Span:
    """'this' is the season under way, else the one of the reference's year; 'last' the latest
    that ended before the reference; 'next' the first that starts after it."""
    name, which = match["season"], match["which"]
    if which == "this":
        under_way = name == "winter" and reference.month <= 2
        return _season(name, reference.year - 1 if under_way else reference.year)
    if which == "last":
        for year in range(reference.year, reference.year - 3, -1):
            season = _season(name, year)
            if _last_day(season) < reference:
                return season
    else:
        for year in range(reference.year - 1, reference.year + 2):
            season = _season(name, year)
            if season.first > reference:
                return season
    raise AssertionError("a season comes round every year")  # pragma: no cover


# -- absolute: vaguer than a month --------------------------------------------------------------


def _second_year(match: re.Match[str], year: int) -> None:
    """'2022/23' and '2022/2023' must name the year after: the span never runs further."""
    written = match["next"]
    if written is None:
        return
    meant = year + 1
    if int(written) != (meant % 100 if len(written) == 2 else meant):
        raise DateError(
            f"'{match.group(0)}' must end in the year after {year:04d}",
            f"write {year:04d}/{meant % 100:02d}",
        )


def _absolute_season(match: re.Match[str]) -> Span:
    name, year = match["season"], int(match["year"])
    if match["next"] is not None and name != "winter":
        raise DateError(
            f"'{match.group(0)}': only winter runs into the next year",
            f"write {name} {year:04d}",
        )
    _second_year(match, year)
    return _season(name, year)


def _quarter(match: re.Match[str]) -> Span:
    hint = "write e.g. Q3 2022 or the third quarter of 2022"
    return _part_of_year(match, "q", 4, "quarter", "four, Q1 to Q4", hint)


def _half(match: re.Match[str]) -> Span:
    hint = "write e.g. first half of 2023 or H1 2023"
    return _part_of_year(match, "h", 2, "half", "two, H1 and H2", hint)


def _part_of_year(
    match: re.Match[str], letter: str, parts: int, name: str, has: str, hint: str
) -> Span:
    """A quarter or a half of the year: its months, from its number as written (`Q3`, `3`,
    "third")."""
    written = match[letter] or match[letter + "n"]
    number = int(written or _ORDINALS.get(match["ordinal"] or "", 0))
    if not 1 <= number <= parts:
        raise DateError(f"there is no {name} {number}: a year has {has}", hint)
    size = 12 // parts
    return _months(int(match["year"]), size * (number - 1) + 1, size * number, approximate=False)


def _year_third(match: re.Match[str]) -> Span:
    low, high = _MONTH_THIRDS[match["third"]]
    return _months(int(match["year"]), low, high, approximate=True)


def _turn(match: re.Match[str]) -> Span:
    year = int(match["year"])
    _second_year(match, year)
    return _months(year, 12, 13, approximate=True)


# -- weeks of a month, quarters of this year, decades (issue 23) ---------------------------------


def _week_days(month: date, ordinal: str) -> Span:
    """'the second week of June' is 8 to 14 June, roughly; 'the last week' its last seven days."""
    if ordinal == "last":
        last = month + relativedelta(day=31)
        return Span(last - timedelta(days=6), last, "day", approximate=True)
    first = month + timedelta(days=7 * (_ORDINALS[ordinal] - 1))
    return Span(first, first + timedelta(days=6), "day", approximate=True)


def _week_of_month(match: re.Match[str], reference: date) -> Span:
    month = _MONTH_WORDS[match["month"].rstrip(".")]
    year = nearest_year(reference, month)
    return _week_days(date(year, month, 1), match["ordinal"])


def _week_of_month_in(match: re.Match[str]) -> Span:
    month = _MONTH_WORDS[match["month"].rstrip(".")]
    return _week_days(date(int(match["year"]), month, 1), match["ordinal"])


def _part_of_this_year(match: re.Match[str], reference: date) -> Span:
    """'the first quarter', 'Q3', 'the second half of the year': of the reference's year."""
    half = match["unit"] == "half"
    parts, number = (2, 0) if half else (4, int(match["q"] or 0))
    number = number or _ORDINALS[match["ordinal"]]
    if number > parts:
        raise DateError(f"there is no {match['ordinal']} half: a year has two", "write first half")
    size = 12 // parts
    return _months(reference.year, size * (number - 1) + 1, size * number, approximate=False)


def _quarter_around(match: re.Match[str], reference: date) -> Span:
    """'last quarter', 'this quarter', 'next quarter': the quarter before, of or after the
    reference."""
    start = date(reference.year, (reference.month - 1) // 3 * 3 + 1, 1)
    first = start + relativedelta(months=3 * _SHIFTS[match["which"]])
    return Span(first, first + relativedelta(months=2), "month")


def _turn_of_the_year(match: re.Match[str], reference: date) -> Span:
    """The December and January nearest the reference: ahead from July, behind until June."""
    year = reference.year if reference.month >= 7 else reference.year - 1
    return _months(year, 12, 13, approximate=True)


def _decade(match: re.Match[str]) -> Span:
    """'the 1990s' is 1990 to 1999; 'the early 1990s' 1990 to 1993, roughly."""
    if match["short"] is not None:
        raise DateError(
            f"{match.group(0)!r} leaves the century unsaid",
            f"write the century too, e.g. the 19{match['short']}0s",
        )
    start = int(match["decade"]) * 10
    low, high = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(match["third"] or "", (0, 9))
    first, last = date(start + low, 1, 1), date(start + high, 1, 1)
    return Span(first, last, "year", approximate=match["third"] is not None)


class _Rule(NamedTuple):
    #: the rule's regular expression, compiled the first time a phrase is tried against it:
    #: compiling all of them took about 10 ms of every start that reads one date in words
    source: str
    #: the words a phrase of this rule can start with ("0" stands for any number)
    starts: tuple[str, ...]
    relative: Relative | None = None
    absolute: Absolute | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


_COUNT_WORDS: Final = "|".join(_COUNTS)
_WEEK_ORDINALS: Final = "first|second|third|fourth|last|1st|2nd|3rd|4th"
_WEEK_STARTS: Final = ("first", "second", "third", "fourth", "last", "1st", "2nd", "3rd", "4th")
_SEASON_WORDS: Final = "|".join(_SEASON_START)
_RULES: Final = (
    _Rule(
        (
            r"(?P<word>day before yesterday|day after tomorrow|yesterday|today|tomorrow)"
            rf"{_PART_OF_DAY}|(?P<alone>tonight|last night|this (?:morning|afternoon|evening))"
        ),
        ("day", "yesterday", "today", "tomorrow", "tonight", "last", "this"),
        relative=_shifted_day,
    ),
    _Rule(
        (rf"(?:(?P<which>last|next|this) )?(?P<day>{_WEEKDAY_PATTERN})\.?{_PART_OF_DAY}"),
        ("last", "next", "this", *_WEEKDAY_WORDS),
        relative=_weekday,
    ),
    _Rule(
        (r"(?P<which>last|this|next) (?P<unit>week|weekend|month|year)"),
        ("last", "this", "next"),
        relative=_period,
    ),
    _Rule(
        (r"(?P<part>earlier|later) this (?P<unit>week|month|year)"),
        ("earlier", "later"),
        relative=_part_of,
    ),
    _Rule(
        (r"(?P<third>early|mid|late)(?: ?- ?| )(?P<which>last|this|next) (?P<unit>month|year)"),
        ("early", "mid", "late"),
        relative=_third_of,
    ),
    _Rule(
        (rf"(?P<count>[0-9]{{1,4}}|{_COUNT_WORDS}) (?P<unit>day|week|month|year)s? ago"),
        ("0", *_COUNTS),
        relative=_ago,
    ),
    _Rule(
        (
            rf"in (?P<count>[0-9]{{1,4}}|{_COUNT_WORDS}) (?P<unit>day|week|month|year)"
            r"(?:s['\u2019]?|['\u2019]s)?(?: time)?"
        ),
        ("in",),
        relative=_from_now,
    ),
    _Rule(
        (
            rf"(?P<count>[0-9]{{1,4}}|{_COUNT_WORDS}) (?P<unit>day|week|month|year)s? from "
            r"(?:now|today)"
        ),
        ("0", *_COUNTS),
        relative=_from_now,
    ),
    _Rule(
        (rf"(?P<part>earlier|later)(?: on)? (?P<day>{_WEEKDAY_PATTERN})\.?"),
        ("earlier", "later"),
        relative=_earlier_or_later_on,
    ),
    _Rule(
        (r"(?:(?:over|at) the )?weekend"),
        ("over", "at", "weekend"),
        relative=_weekend_nearest,
    ),
    _Rule((r"overnight"), ("overnight",), relative=_overnight),
    _Rule(
        (rf"(?P<which>this|last|next) (?P<season>{_SEASON_WORDS})"),
        ("this", "last", "next"),
        relative=_season_around,
    ),
    _Rule(
        (rf"(?P<season>{_SEASON_WORDS}),? (?:of )?{_YEAR}(?:{_NEXT_YEAR})?"),
        tuple(_SEASON_START),
        absolute=_absolute_season,
    ),
    _Rule(
        (
            r"(?:q(?P<q>[0-9]+)|(?P<qn>[0-9]+)q|(?P<ordinal>first|second|third|fourth|last"
            rf"|1st|2nd|3rd|4th) quarter)(?:,| of)? {_YEAR}"
        ),
        ("q", "0", "first", "second", "third", "fourth", "last"),
        absolute=_quarter,
    ),
    _Rule(
        (
            r"(?:h(?P<h>[0-9]+)|(?P<hn>[0-9]+)h|(?P<ordinal>first|second|1st|2nd) half)"
            rf"(?:,| of)? {_YEAR}"
        ),
        ("h", "0", "first", "second"),
        absolute=_half,
    ),
    _Rule(
        (rf"(?P<third>early|mid|late)(?: ?- ?| ){_YEAR}"),
        ("early", "mid", "late"),
        absolute=_year_third,
    ),
    _Rule(
        (rf"turn of (?:the year )?{_YEAR}{_NEXT_YEAR}"),
        ("turn",),
        absolute=_turn,
    ),
    _Rule((r"turn of the year"), ("turn",), relative=_turn_of_the_year),
    _Rule(
        (rf"(?P<ordinal>{_WEEK_ORDINALS}) week (?:of|in) (?P<month>{_MONTH_PATTERN})\.?"),
        _WEEK_STARTS,
        relative=_week_of_month,
    ),
    _Rule(
        (
            rf"(?P<ordinal>{_WEEK_ORDINALS}) week (?:of|in) (?P<month>{_MONTH_PATTERN})\.?"
            rf",? {_YEAR}"
        ),
        _WEEK_STARTS,
        absolute=_week_of_month_in,
    ),
    _Rule(
        (
            r"(?:q(?P<q>[1-4])|(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th) "
            r"(?P<unit>quarter|half))(?: of (?:the|this) year)?"
        ),
        ("q", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"),
        relative=_part_of_this_year,
    ),
    _Rule(
        (r"(?P<which>last|this|next) quarter"),
        ("last", "this", "next"),
        relative=_quarter_around,
    ),
    _Rule(
        (
            r"(?:(?P<third>early|mid|late)(?: ?- ?| ))?"
            r"(?:(?P<decade>[0-9]{3})0|'?(?P<short>[0-9])0)'?s"
        ),
        ("early", "mid", "late", "0"),
        absolute=_decade,
    ),
)
# only the rules a phrase's first word allows are tried: most text is turned away at once
_BY_START: Final = {
    start: tuple(rule for rule in _RULES if start in rule.starts)
    for rule in _RULES
    for start in rule.starts
}
_FIRST_WORD: Final = re.compile(r"[a-z]+|'?[0-9]+")
_LEADING: Final = re.compile(r"(?:(?:on|in|during) )?(?:the )?")
_CLOCK_CUE: Final = re.compile(r"[0-9](?::[0-9]{2}| ?[ap]\.? ?m\b)")


def _find(phrase: str) -> tuple[re.Match[str], _Rule] | None:
    if phrase.startswith("in "):  # "in three days" is no "three days"
        for rule in _BY_START["in"]:
            match = rule.pattern.fullmatch(phrase)
            if match:
                return match, rule
    leading = _LEADING.match(phrase)
    if leading is not None:
        phrase = phrase[leading.end() :]
    first = _FIRST_WORD.match(phrase)
    if first is None:
        return None
    word = first.group()
    for rule in _BY_START.get("0" if word[-1].isdigit() else word, ()):
        match = rule.pattern.fullmatch(phrase)
        if match:
            return match, rule
    return None


def read(
    text: str, reference: date | None, *, written: str | None = None, lean: Lean = "nearest"
) -> Reading | None:
    """The span a phrase means, or None when `text` is none of these phrases; a bare weekday
    leans as `lean` says (`_directions`).

    Raises `MissingReference` for a relative phrase without a reference, and `DateError` for a
    phrase that names nothing (Q5 2022, 'earlier this month' on the 1st); both quote `written`,
    the whole text as the user wrote it, qualifiers included, when it is given.
    """
    lowered = text.lower()
    if _CUE.search(lowered) is None:
        return None
    phrase = " ".join(lowered.split()).rstrip(" .,;:!")
    clock = None
    found = _find(phrase)
    if found is None and _CLOCK_CUE.search(phrase):
        for pattern in (_CLOCK_FIRST, _CLOCK_LAST):
            split = pattern.fullmatch(phrase)
            found = None if split is None else _find(split["rest"])
            if split is not None and found is not None and found[1].relative is not None:
                clock = split["clock"]
                break
            found = None
    if found is None:
        return None
    match, rule = found
    written = " ".join((text if written is None else written).split())
    try:
        if rule.relative is not None:
            if reference is None:
                raise MissingReference(written)
            if rule.relative is _weekday:
                span = _weekday(match, reference, lean)
            else:
                span = rule.relative(match, reference)
        else:
            assert rule.absolute is not None
            span = rule.absolute(match)
    except DateError:
        raise
    except (ValueError, OverflowError):
        counted = "" if reference is None or rule.relative is None else f", from {reference}"
        raise DateError(
            f"{written!r} falls outside the years 0001 to 9999{counted}",
            "years run from 0001 to 9999",
        ) from None
    if clock is not None and (span.level != "day" or span.first != span.last):
        raise DateError(
            f"a time of day needs a single day, unlike {written!r}",
            "write e.g. 9:50 a.m. last Thursday, or last Thursday at 10 pm",
        )
    return Reading(span, clock)


def nearest_year(
    reference: date, month: int, day: int | None = None, lean: Lean = "nearest"
) -> int:
    """The year that puts the day (or the whole month) nearest the reference; past on a tie.

    Leaning "back", only years that put it on or before the reference count ("since 13
    October"); "ahead", only those on or after it ("until 2 January")."""
    best: tuple[int, int, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if not 1 <= year <= 9999:
            continue
        if day is None:
            distance = (year - reference.year) * 12 + month - reference.month
        else:
            try:
                distance = (date(year, month, day) - reference).days
            except ValueError:  # 29 February outside a leap year; the caller reports bad days
                continue
        if (lean == "back" and distance > 0) or (lean == "ahead" and distance < 0):
            continue
        rank = (abs(distance), 0 if distance <= 0 else 1, year)
        if best is None or rank < best:
            best = rank
    if best is None:
        when = "29 February" if (month, day) == (2, 29) else f"day {day} of month {month}"
        raise DateError(
            f"{when} falls in no year next to {reference.year:04d}",
            "write the year",
        )
    return best[2]


def span_name(first: date, last: date, approximate: bool) -> str | None:
    """How an editor names a span of whole months: 'summer 2022', 'Q3 2022', 'early 2022'.

    `first` and `last` are the first days of the first and last months. None when the span is
    not exactly one of the named ones, so the caller spells it out.
    """
    year = first.year
    if approximate and (last.year, last.month) == (year + 1, 1) and first.month == 12:
        return f"the turn of {year:04d}/{(year + 1) % 100:02d}"
    if approximate and (last.year, last.month) == (year + 1, 2) and first.month == 12:
        return f"winter {year:04d}/{(year + 1) % 100:02d}"
    if last.year != year:
        return None
    months = (first.month, last.month)
    if approximate:
        for season in ("spring", "summer", "autumn"):
            start = _SEASON_START[season]
            if months == (start, start + 2):
                return f"{season} {year:04d}"
        for third, span in _MONTH_THIRDS.items():
            if months == span:
                return f"{third}-{year:04d}" if third == "mid" else f"{third} {year:04d}"
        return None
    if months in ((1, 6), (7, 12)):
        return f"{'first' if months[0] == 1 else 'second'} half of {year:04d}"
    if months[0] % 3 == 1 and months[1] == months[0] + 2:
        return f"Q{months[1] // 3} {year:04d}"
    return None
