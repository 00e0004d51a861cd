"""Dates as an editor writes them ("12–13 October 2022", "c. 1984", "since 24 February 2022"):
the words `When.human()` gives, each of which the English reader reads back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from timeline._when._calendar import Precision, last_of_month
from timeline._when._edtf import Edge, Scope
from timeline._when._point import Point
from timeline._when._words import MONTH_NAMES
from timeline._when._zones import offset_text

__all__ = [
    "ends_words",
    "human_day",
    "human_point",
    "human_span",
    "open_words",
    "scoped_words",
    "span_words",
    "unspecified_words",
]

_EN_DASH: Final = "\u2013"
_QUALIFIER_WORDS: Final = {
    (True, False): "approximate",
    (False, True): "uncertain",
    (True, True): "approximate and uncertain",
}


def span_words(start: Point, end: Point | None, *, approximate: bool, uncertain: bool) -> str:
    """A point or a closed span, with its qualifiers: 'c. 1984', 'early October 2022?',
    'summer 2022', '12–13 October 2022'."""
    suffix = "?" if uncertain else ""
    third = _month_third(start, end, approximate)
    if third is not None:
        month = f"{MONTH_NAMES[start.value.month - 1]} {start.value.year:04d}"
        return f"{'mid-' if third == 'mid' else third + ' '}{month}{suffix}"
    named = _named_months(start, end, approximate)
    if named is not None:
        return f"{named}{suffix}"
    prefix = "c. " if approximate else ""
    if end is None:
        return f"{prefix}{human_point(start)}{suffix}"
    return f"{prefix}{human_span(start, end)}{suffix}"


def scoped_words(point: Point, scope: Scope, approximate: bool, uncertain: bool) -> str:
    """'11 June 2004 (year uncertain)', as `2004?-06-11` reads."""
    covered = "year" if scope == "year" else "year and month"
    return f"{human_point(point)} ({covered} {_QUALIFIER_WORDS[approximate, uncertain]})"


def ends_words(
    start: Point, end: Point, start_marks: tuple[bool, bool], end_marks: tuple[bool, bool]
) -> str:
    """Each end in its own words: 'from c. 1984 to 2004'."""
    (start_approximate, start_uncertain), (end_approximate, end_uncertain) = start_marks, end_marks
    return (
        f"from {_qualified(start, start_approximate)}{'?' if start_uncertain else ''} "
        f"to {_qualified(end, end_approximate)}{'?' if end_uncertain else ''}"
    )


def open_words(
    known: Point,
    open_start: Edge | None,
    open_end: Edge | None,
    *,
    approximate: bool,
    uncertain: bool,
) -> str:
    """'since 24 February 2022', 'from 1985 (end unknown)', 'until 1985 (start unknown)'."""
    text = _qualified(known, approximate) + ("?" if uncertain else "")
    if open_end == "open":
        return f"since {text}"
    if open_end == "unknown":
        return f"from {text} (end unknown)"
    if open_start == "open":
        return f"until {text}"
    return f"until {text} (start unknown)"


def _qualified(point: Point, approximate: bool) -> str:
    return f"{'c. ' if approximate else ''}{human_point(point)}"


def unspecified_words(start: Point, end: Point, *, approximate: bool, uncertain: bool) -> str:
    """'some year of the 2010s', 'some month of 2004', 'some day in April 1985'."""
    first, last = start.value, end.value
    suffix = "?" if uncertain else ""
    prefix = "c. " if approximate else ""
    if start.precision is Precision.YEAR:
        if last.year - first.year == 9:
            words = f"some year of the {first.year:04d}s"
        else:
            words = f"some year from {first.year:04d} to {last.year:04d}"
    elif start.precision is Precision.MONTH:
        words = f"some month of {first.year:04d}"
    elif first.month == last.month:
        words = f"some day in {MONTH_NAMES[first.month - 1]} {first.year:04d}"
    else:
        words = f"some day in {first.year:04d}"
    return f"{prefix}{words}{suffix}"


def _named_months(start: Point, end: Point | None, approximate: bool) -> str | None:
    """'summer 2022', 'Q3 2022', 'early 2022'... when the span is exactly such a span of months."""
    if end is None or start.precision is not Precision.MONTH:
        return None
    if end.precision is not Precision.MONTH:
        return None
    from timeline._when._phrases import span_name  # only now: it imports dateutil

    return span_name(start.value, end.value, approximate)


def _month_third(start: Point, end: Point | None, approximate: bool) -> str | None:
    """'early', 'mid' or 'late' when the span is exactly that approximate third of one month."""
    if (
        not approximate
        or end is None
        or start.precision is not Precision.DAY
        or end.precision is not Precision.DAY
    ):
        return None
    first, last = start.value, end.value
    if (first.year, first.month) != (last.year, last.month):
        return None
    span = (first.day, last.day)
    if span == (1, 10):
        return "early"
    if span == (11, 20):
        return "mid"
    if span == (21, last_of_month(first.year, first.month)):
        return "late"
    return None


def human_day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year:04d}"


def _human_date(point: Point) -> str:
    value = point.value
    if point.precision is Precision.YEAR:
        return f"{value.year:04d}"
    if point.precision is Precision.MONTH:
        return f"{MONTH_NAMES[value.month - 1]} {value.year:04d}"
    return human_day(value)


def _clock(point: Point) -> str:
    value = point.value
    assert isinstance(value, datetime)
    seconds = f":{value.second:02d}" if point.precision is Precision.SECOND else ""
    return f"{value.hour:02d}:{value.minute:02d}{seconds}"


def _human_offset(value: datetime) -> str:
    offset = value.utcoffset()
    return "(local time)" if offset is None else f"({offset_text(offset, style='human')})"


def human_point(point: Point) -> str:
    value = point.value
    if isinstance(value, datetime):
        return f"{human_day(value)}, {_clock(point)} {_human_offset(value)}"
    return _human_date(point)


def human_span(start: Point, end: Point) -> str:
    """Say the shared parts once: '12\u201313 October 2022', 'October\u2013November 2022'."""
    first, last = start.value, end.value
    if isinstance(first, datetime) and isinstance(last, datetime):
        same_day = first.date() == last.date()
        same_offset = first.utcoffset() == last.utcoffset()
        if same_day and same_offset:
            times = f"{_clock(start)}{_EN_DASH}{_clock(end)}"
            return f"{human_day(first)}, {times} {_human_offset(last)}"
        if same_day:
            return (
                f"{human_day(first)}, {_clock(start)} {_human_offset(first)} {_EN_DASH} "
                f"{_clock(end)} {_human_offset(last)}"
            )
        if same_offset:
            return (
                f"{human_day(first)}, {_clock(start)} {_EN_DASH} "
                f"{human_day(last)}, {_clock(end)} {_human_offset(last)}"
            )
    if isinstance(first, datetime) or isinstance(last, datetime):
        return f"{human_point(start)} {_EN_DASH} {human_point(end)}"
    right = _human_date(end)
    coarse = Precision.YEAR in (start.precision, end.precision)
    if coarse or first.year != last.year:
        left = _human_date(start)
    elif start.precision is Precision.MONTH:
        left = MONTH_NAMES[first.month - 1]
    elif end.precision is Precision.DAY and first.month == last.month:
        left = str(first.day)
    else:
        left = f"{first.day} {MONTH_NAMES[first.month - 1]}"
    if " " not in left and start.precision is end.precision:
        return f"{left}{_EN_DASH}{right}"
    return f"{left} {_EN_DASH} {right}"
