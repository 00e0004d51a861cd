"""Direction words: "since Friday", "until Monday", "as of 13 October", "by Friday", "before
March", "after 2019". The word says which way a date without a year, or a bare weekday, lies from
the day the text was written, and what the whole phrase covers.

Readings (docs/authoring.md says the same):

- *since X* is an interval open at the end, `X/..`, X on or before the reference day;
- *until X* (or *till X*) is open at the start, `../X`, X on or after the reference day;
- *as of X* is X itself, on or before the reference day (the day a statement holds);
- *by X* is a deadline: open at the start up to X, `../X`, X on or after the reference day (the
  thing may happen any day until then, as with *until*);
- *before X* is open at the start and ends the day (month, year) before X, `../X-1`, X on or
  after the reference day; *after X* starts the day after X and is open at the end, X the
  nearest such day either way ("after Thursday" written on a Tuesday looks ahead, on a
  Saturday back; copy uses it both for what is coming and for what has been).

A date written in full ("since 24 February 2022") goes nowhere: only a bare weekday and a day or
month without a year lean. "last Friday" or "next week" say their own direction and keep it.
A span named in words gives the end that faces the open side ("since last week" starts on its
Monday, "until late 2022" ends in December); a range written with two ends is refused after
*since* and *until*, which take one known point.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final, Literal, NamedTuple

from timeline._errors import DateError
from timeline._when._calendar import OPEN_HINT, Precision
from timeline._when._point import Point
from timeline._when._value import When

__all__ = ["DIRECTED", "DIRECTIONS", "Lean", "directed"]

#: which way a weekday or a year-less date lies from the reference day: the nearest one, the
#: latest on or before it ("back") or the earliest on or after it ("ahead")
Lean = Literal["nearest", "back", "ahead"]
Shape = Literal["since", "until", "point", "before", "after"]

#: reads the known end of a phrase, leaning its relative parts; None when it is wrapped again
EndReader = Callable[[str, Lean], When | None]


class _Direction(NamedTuple):
    lean: Lean
    shape: Shape


#: each word (one space between its parts, lower case) and its direction
DIRECTIONS: Final = {
    "since": _Direction("back", "since"),
    "until": _Direction("ahead", "until"),
    "till": _Direction("ahead", "until"),
    "as of": _Direction("back", "point"),
    "by": _Direction("ahead", "until"),
    "before": _Direction("ahead", "before"),
    "after": _Direction("nearest", "after"),
}
#: one pattern for them all, so a date with none is turned away by one failed match
DIRECTED: Final = re.compile(
    r"(?P<word>since|until|till|as\s+of|by|before|after)\s+(?P<known>.+)", re.IGNORECASE
)


def directed(text: str, read_end: EndReader) -> When | None:
    """`text` read as a direction word and a date, or None when it starts with none."""
    match = DIRECTED.fullmatch(text)
    if match is None:
        return None
    direction = DIRECTIONS[" ".join(match["word"].lower().split())]
    written = match["known"].strip()
    known = read_end(written, direction.lean)
    if known is None:
        raise DateError(
            f"{text!r}: {written!r} is wrapped in words again; write one date after "
            f"{match['word']!r}",
            OPEN_HINT,
        )
    two_ends = known.is_interval and not known.is_open and _TWO_ENDS.search(written)
    if two_ends and direction.shape in ("since", "until"):
        raise DateError(
            f"{text!r}: an interval open at one end has one known point, not {known.human()!r}",
            OPEN_HINT,
        )
    return _shaped(text, known, direction.shape)


#: a range written with two ends ("12\u201313 October", "2022-10-12/2022-10-13", "from ... to"),
#: unlike a span named in words ("last week", "early 2022", "the 1990s")
_TWO_ENDS: Final = re.compile(
    r"[0-9]\s*[-\u2010-\u2015\u2212]\s*[0-9]|\s[-\u2010-\u2015\u2212]\s|/"
    r"|\b(?:to|and|through|thru)\b",
    re.IGNORECASE,
)


def _shaped(text: str, known: When, shape: Shape) -> When:
    """A span named in words ("since last week", "until late 2022") gives the end that faces
    the open side: its first day after "since", its last after "until"."""
    if shape == "point":
        return known
    if known.is_open:
        raise DateError(f"{text!r}: {known.human()!r} is already open at one end", OPEN_HINT)
    if shape == "since":
        return _open(known.start_point, known, open_end=True)
    if shape == "until":
        return _open(known.end_point or known.start_point, known, open_end=False)
    if shape == "before":
        return _open(_beside(known.start_point, -1, text), known, open_end=False)
    last = known.end_point or known.start_point
    return _open(_beside(last, 1, text), known, open_end=True)


def _open(point: Point, known: When, *, open_end: bool) -> When:
    return When(
        point,
        approximate=known.approximate,
        uncertain=known.uncertain,
        open_start=None if open_end else "open",
        open_end="open" if open_end else None,
    )


def _beside(point: Point, step: int, text: str) -> Point:
    """The day, month or year next to `point` (`step` is -1 or +1)."""
    value, precision = point.value, point.precision
    try:
        if precision is Precision.DAY:
            return Point(value + timedelta(days=step), precision)
        if precision is Precision.MONTH:
            months = value.year * 12 + value.month - 1 + step
            return Point(date(months // 12, months % 12 + 1, 1), precision)
        if precision is Precision.YEAR:
            return Point(date(value.year + step, 1, 1), precision)
    except (ValueError, OverflowError):
        raise DateError(
            f"{text!r} falls outside the years 0001 to 9999", "years run from 0001 to 9999"
        ) from None
    word = "before" if step < 0 else "after"
    raise DateError(
        f"{text!r}: '{word}' a time of day leaves the minute unsaid",
        f"write '{'until' if step < 0 else 'since'}' and the time, or the day alone",
    )
