"""EDTF's notation, in both directions: the qualifier marks (`~ ? %`), open and unknown ends
(`..`, empty), seasons (`2022-22`), unspecified digits (`201X`) and a qualifier on a component
(`2004?-06-11`). The ISO grammar reads these tables; `When` writes its canonical text with
the spellings below."""

from __future__ import annotations

from typing import Final, Literal

from timeline._when._calendar import Precision, last_of_month
from timeline._when._point import Point

__all__ = [
    "EDGE_OF",
    "EDGE_TEXT",
    "MARK_FLAGS",
    "QUALIFIER_MARK",
    "SEASON_CODES",
    "Edge",
    "Scope",
    "scoped_text",
    "season_code",
    "unspecified_text",
]

#: An interval end left open: "open" (EDTF `..`: no end, as of an ongoing war) or "unknown"
#: (EDTF's empty end: it ended, but nobody says when).
Edge = Literal["open", "unknown"]
EDGE_TEXT: Final = {None: None, "open": "..", "unknown": ""}
EDGE_OF: Final[dict[str, Edge]] = {"..": "open", "": "unknown"}

#: How far a single date's qualifier reaches: its year, or its year and month (EDTF's
#: qualification of a component, `2004?-06-11`); None is the whole date.
Scope = Literal["year", "month"]

QUALIFIER_MARK: Final = {
    (False, False): "",
    (True, False): "~",
    (False, True): "?",
    (True, True): "%",
}
MARK_FLAGS: Final = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}

#: EDTF's seasons, 21 to 24: spring, summer, autumn and winter, the same spans (meteorological,
#: northern, approximate) as "summer 2022" in words, so each season has one spelling.
SEASON_CODES: Final = {"21": 3, "22": 6, "23": 9, "24": 12}
_SEASON_OF_MONTH: Final = {3: 21, 6: 22, 9: 23, 12: 24}


def scoped_text(point: Point, scope: Scope, mark: str) -> str:
    """`2004?-06-11`: the mark right after the last component it covers."""
    value = point.value
    year, month = f"{value.year:04d}", f"-{value.month:02d}"
    day = f"-{value.day:02d}" if point.precision is not Precision.MONTH else ""
    if scope == "year":
        return f"{year}{mark}{month}{day}"
    return f"{year}{month}{mark}{day}"


def unspecified_text(start: Point, end: Point | None) -> str | None:
    """The X-digit spelling of the span start..end, or None if no such spelling fits."""
    if end is None or start.precision is not end.precision:
        return None
    first, last = start.value, end.value
    if start.precision is Precision.YEAR:
        for digits in (1, 2, 3):
            unknown = 10**digits
            if first.year % unknown == 0 and last.year == first.year + unknown - 1:
                return f"{first.year // unknown:0{4 - digits}d}" + "X" * digits
        return None
    if first.year != last.year:
        return None
    if start.precision is Precision.MONTH:
        return f"{first.year:04d}-XX" if (first.month, last.month) == (1, 12) else None
    if start.precision is Precision.DAY and first.day == 1:
        if (first.month, last.month, last.day) == (1, 12, 31):
            return f"{first.year:04d}-XX-XX"
        month_end = last_of_month(first.year, first.month)
        if first.month == last.month and last.day == month_end:
            return f"{first.year:04d}-{first.month:02d}-XX"
    return None


def season_code(
    start: Point, end: Point | None, *, approximate: bool, uncertain: bool
) -> str | None:
    """`2022-22` when the span is exactly an approximate season, as "summer 2022" reads."""
    if (
        end is None
        or not approximate
        or uncertain
        or start.precision is not Precision.MONTH
        or end.precision is not Precision.MONTH
    ):
        return None
    code = _SEASON_OF_MONTH.get(start.value.month)
    first, last = start.value, end.value
    if code is None or (last.year * 12 + last.month) - (first.year * 12 + first.month) != 2:
        return None
    return f"{first.year:04d}-{code}"
