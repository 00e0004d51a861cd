"""The strict grammar: ISO 8601 and EDTF (levels 0 to 2 as far as a timeline needs them), and the
numbers that look like a date but are refused (03/04/2022, a year of five digits) with what they
could mean. Returns None for text not in this shape at all, which the English reader then gets."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from timeline._errors import DateError
from timeline._when._calendar import (
    ACCEPTED_FORMS,
    OPEN_HINT,
    Precision,
    check_month,
    check_year,
    last_of_month,
    make_date,
    make_offset,
    make_time,
)
from timeline._when._edtf import EDGE_OF, MARK_FLAGS, SEASON_CODES, Edge, Scope
from timeline._when._human import human_day
from timeline._when._point import Point, precision_of, trusted_point
from timeline._when._value import When, single
from timeline._when._zones import timed, zone_named

__all__ = [
    "in_notation",
    "parse_iso",
    "parse_unspecified",
    "refuse_long_years",
    "refuse_numeric",
]

_Edges = tuple[Edge | None, Edge | None]

_ISO_END: Final = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:-(?P<month>[0-9]{2})
      (?:-(?P<day>[0-9]{2})
        (?:[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?
          (?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?
        )?
        (?P<inner>[~?%])?
        (?:\[!?(?P<zone>[^\]]*)\])?
      )?
    )?
    (?P<mark>[~?%])?
    """,
    re.VERBOSE | re.ASCII,
)
_SLASH: Final = re.compile(r"/(?![^\[]*\])")
_NUMERIC_DATE: Final = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{2,4})")
_LONG_YEAR: Final = re.compile(r"[+-]?[0-9]{5,}|-[0-9]{4}")
#: EDTF's years past four digits (`Y170000002`, `Y-170000002`) and before year 1 (`-1985`)
_OUTSIDE_YEARS: Final = re.compile(r"(?P<year>Y-?[0-9]+|-[0-9]{4})(?![0-9])")
_ISO_LIKE: Final = re.compile(r"[0-9]{4}-(?:[0-9]{1,2})?(?:-[0-9]{0,2})?(?:[Tt].*)?")
_UNSPECIFIED: Final = re.compile(
    r"(?P<year>[0-9]{4}|[0-9]{1,3}X{1,3})(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>XX))?)?"
    r"(?P<mark>[~?%])?"
)
_UNSPECIFIED_FORMS: Final = (
    "write a decade or a century (201X, 20XX), the months of a year (2004-XX), or the days of "
    "a month or a year (1985-04-XX, 1985-XX-XX)"
)

_SCOPED: Final = re.compile(
    r"(?P<year>[0-9]{4})(?P<year_mark>[~?%])?-(?P<month>[0-9]{2})(?P<month_mark>[~?%])?"
    r"(?:-(?P<day>[0-9]{2}))?"
)


def in_notation(text: str) -> bool:
    """Whether `text` (whitespace collapsed) is written in numbers and ISO 8601 / EDTF's marks,
    read or refused here, rather than in words."""
    if _NUMERIC_DATE.fullmatch(text) or _LONG_YEAR.match(text) or _OUTSIDE_YEARS.match(text):
        return True
    return all(
        _ISO_END.fullmatch(part)
        or _ISO_LIKE.fullmatch(part)
        or _UNSPECIFIED.fullmatch(part)
        or part.strip() in ("", "..")
        for part in _SLASH.split(text)
    )


def refuse_numeric(text: str) -> None:
    """Numeric dates are refused, since 03/04/2022 is 3 April in Astana and March 4 in New York."""
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        raise _numeric_date_error(numeric)


def refuse_long_years(text: str) -> None:
    """Years outside 0001..9999 (`Y170000002`, `-1985`) and years of five digits or more."""
    outside = _OUTSIDE_YEARS.match(text)
    if outside:
        year = int(outside["year"].replace("Y", ""))
        # ISO 8601 counts a year 0, so its year -1985 is 1986 BCE
        era = f"{year} ({1 - year} BCE)" if year <= 0 else str(year)
        raise DateError(
            f"{text!r} is in the year {era}: a timeline keeps the years 0001 to 9999 (those of "
            "the Gregorian calendar's dates in Python), so it cannot place this one",
            "give a year from 0001 to 9999, or leave the event out",
        )
    if _LONG_YEAR.match(text):
        raise DateError(
            f"cannot read {text!r}: years have four digits (0001 to 9999) and the parts of a "
            "date are separated by '-'",
            ACCEPTED_FORMS,
        )


def parse_iso(text: str, zone: ZoneInfo | None) -> When | None:
    """Read ISO 8601 / EDTF, or return None when the text is not in that shape at all."""
    parts, edges = _ends(text)
    if "X" in text:
        return parse_unspecified(text, parts, edges)
    matches = [_ISO_END.fullmatch(part) for part in parts]
    if edges == (None, None) and len(parts) == 1:
        alone = _date_alone(parts[0], matches[0])
        if alone is not None:
            return alone
    complete = [match for match in matches if match is not None]
    if len(complete) < len(matches):
        _refuse_iso_like(parts, matches)
        return None
    points, marks = _points(text, complete, zone)
    return _assembled(points, marks, edges)


def _ends(text: str) -> tuple[list[str], _Edges]:
    """The written ends of `text` and its open ones (`2022-02-24/..`: one part, open at the end)."""
    parts = _SLASH.split(text)
    if len(parts) > 2:
        raise DateError(f"{text!r} has more than one '/'; an interval has two ends", ACCEPTED_FORMS)
    if len(parts) < 2 or not any(part.strip() in ("", "..") for part in parts):
        return parts, (None, None)
    first, second = (part.strip() for part in parts)
    if first in ("", "..") and second in ("", ".."):
        raise DateError(f"{text!r} gives neither end", OPEN_HINT)
    if first in ("", ".."):
        return [second], (EDGE_OF[first], None)
    return [first], (None, EDGE_OF[second])


def _date_alone(part: str, match: re.Match[str] | None) -> When | None:
    """The forms only a date alone takes: a qualified component (`2004?-06-11`, only tried when
    the plain shape fails) and an EDTF season (`2022-22`)."""
    if match is None:
        return _parse_scoped(part)
    if match["month"] in SEASON_CODES and match["day"] is None:
        return _season_when(int(match["year"]), int(match["month"]), match["mark"] or "")
    return None


def _refuse_iso_like(parts: list[str], matches: list[re.Match[str] | None]) -> None:
    """An end that starts as ISO 8601 but is not (`2022-1-5`) gets ISO's words, not English's."""
    for part, match in zip(parts, matches, strict=True):
        if match is None and _ISO_LIKE.fullmatch(part):
            raise DateError(
                f"cannot read {part!r} as an ISO 8601 date: each part after the year takes "
                "two digits, as in 2022-01, 2022-01-05 or 2022-01-05T09:05[Asia/Almaty]",
                ACCEPTED_FORMS,
            )


def _points(
    text: str, matches: list[re.Match[str]], zone: ZoneInfo | None
) -> tuple[list[Point], list[str]]:
    """Each end's point and qualifier mark; a zone named at either end is both ends' default."""
    zones = [zone_named(match["zone"]) for match in matches if match["zone"] is not None]
    points: list[Point] = []
    marks: list[str] = []
    for match in matches:
        named = None if match["zone"] is None else zone_named(match["zone"])
        default = zones[0] if zones else zone
        points.append(_iso_point(match, named, default))
        if match["inner"] and match["mark"]:
            raise DateError(f"{text!r} has two qualifiers on one end", ACCEPTED_FORMS)
        marks.append(match["inner"] or match["mark"] or "")
    return points, marks


def _assembled(points: list[Point], marks: list[str], edges: _Edges) -> When:
    approximate, uncertain = MARK_FLAGS[marks[0]]
    if edges != (None, None):
        return When(
            points[0],
            approximate=approximate,
            uncertain=uncertain,
            open_start=edges[0],
            open_end=edges[1],
        )
    if len(points) == 1:
        return single(points[0], approximate=approximate, uncertain=uncertain)
    end_approximate, end_uncertain = MARK_FLAGS[marks[1]]
    return When(
        points[0],
        points[1],
        approximate=approximate,
        uncertain=uncertain,
        end_approximate=end_approximate,
        end_uncertain=end_uncertain,
    )


def _parse_scoped(text: str) -> When | None:
    """A qualifier on a component: `2004?-06-11` (the year), `2004-06~-11` (year and month)."""
    match = _SCOPED.fullmatch(text)
    if match is None or (match["year_mark"] is None) == (match["month_mark"] is None):
        return None
    if match["month_mark"] is not None and match["day"] is None:
        return None  # 2004-06~ qualifies the whole date
    year, month = int(match["year"]), int(match["month"])
    check_year(year)
    check_month(month)
    if match["day"] is None:
        point = trusted_point(date(year, month, 1), Precision.MONTH)
    else:
        point = trusted_point(make_date(year, month, int(match["day"])), Precision.DAY)
    scope: Scope = "year" if match["year_mark"] is not None else "month"
    approximate, uncertain = MARK_FLAGS[match["year_mark"] or match["month_mark"]]
    return When(point, approximate=approximate, uncertain=uncertain, scope=scope)


def _numeric_date_error(match: re.Match[str]) -> DateError:
    """Numeric dates are refused, since 03/04/2022 is 3 April in Astana and March 4 in New York;
    the error offers the readings that the digits allow, written so they cannot be misread."""
    text, year_text = match.group(0), match.group(4)
    first, second = int(match.group(1)), int(match.group(3))
    if len(year_text) != 4:
        return DateError(
            f"{text!r} has a two-digit year, and numeric dates are not read",
            "write the year in full and the month in words, e.g. 13 October 2022",
        )
    year = int(year_text)
    readings: list[date] = []
    for day, month in {(first, second), (second, first)}:
        if 1 <= month <= 12 and 1 <= day <= last_of_month(year, month):
            readings.append(date(year, month, day))
    readings.sort()
    if not readings:
        return DateError(f"{text!r} is not a date in any reading", ACCEPTED_FORMS)
    written = " or ".join(human_day(day) for day in readings)
    iso = " or ".join(day.isoformat() for day in readings)
    if len(readings) == 1:
        message = (
            f"{text!r} can only be {written}, but numeric dates are not read: in others, "
            "such as 03/04/2022, the day and the month could be either way round"
        )
    else:
        message = f"{text!r} is ambiguous: it could be {written}"
    return DateError(message, f"write {iso}, or the month in words")


def parse_unspecified(text: str, parts: list[str], edges: tuple[object, object]) -> When:
    """EDTF's unspecified digits, from the right: `201X`, `20XX`, `2004-XX`, `1985-04-XX`."""
    match = _UNSPECIFIED.fullmatch(parts[0]) if len(parts) == 1 else None
    if match is None or edges != (None, None) or "X" not in parts[0]:
        raise DateError(
            f"cannot read {text!r}: X digits stand for the last digits of a year, a whole "
            "month or a whole day, in a date alone",
            _UNSPECIFIED_FORMS,
        )
    year_text, month, day = match["year"], match["month"], match["day"]
    approximate, uncertain = MARK_FLAGS[match["mark"] or ""]
    if "X" in year_text:
        if month is not None:
            raise DateError(
                f"cannot read {text!r}: a year with X digits takes no month", _UNSPECIFIED_FORMS
            )
        unknown = 10 ** year_text.count("X")
        low = int(year_text.rstrip("X")) * unknown
        if low == 0:
            raise DateError(
                f"{text!r} includes the year 0: a timeline keeps the years 0001 to 9999",
                "give a year from 0001 to 9999",
            )
        points = (date(low, 1, 1), date(low + unknown - 1, 1, 1), Precision.YEAR)
    else:
        year = int(year_text)
        check_year(year)
        if month == "XX" and day is None:
            points = (date(year, 1, 1), date(year, 12, 1), Precision.MONTH)
        elif month == "XX":
            points = (date(year, 1, 1), date(year, 12, 31), Precision.DAY)
        else:
            assert month is not None
            assert day == "XX"
            number = int(month)
            check_month(number)
            last = last_of_month(year, number)
            points = (date(year, number, 1), date(year, number, last), Precision.DAY)
    first, last_value, precision = points
    return When(
        trusted_point(first, precision),
        trusted_point(last_value, precision),
        approximate=approximate,
        uncertain=uncertain,
        unspecified=True,
    )


def _season_when(year: int, code: int, mark: str) -> When:
    check_year(year)
    if year == 9999 and code == 24:
        raise DateError(
            "winter 9999 runs into the year 10000, past the last year kept", "write 9999-12~"
        )
    first = date(year, SEASON_CODES[str(code)], 1)
    last = date(year + 1, 2, 1) if code == 24 else date(year, first.month + 2, 1)
    _, uncertain = MARK_FLAGS[mark]
    return When(
        trusted_point(first, Precision.MONTH),
        trusted_point(last, Precision.MONTH),
        approximate=True,  # a season is a rough span whatever its mark says
        uncertain=uncertain,
    )


def _iso_point(match: re.Match[str], named: ZoneInfo | None, default: ZoneInfo | None) -> Point:
    year = int(match["year"])
    check_year(year)
    if match["month"] is None:
        return trusted_point(date(year, 1, 1), Precision.YEAR)
    month = int(match["month"])
    check_month(month)
    if match["day"] is None:
        return trusted_point(date(year, month, 1), Precision.MONTH)
    day = make_date(year, month, int(match["day"]))
    if match["hour"] is None:
        if match["zone"] is not None:
            raise DateError("a time zone needs a time of day", ACCEPTED_FORMS)
        return trusted_point(day, Precision.DAY)
    clock = make_time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    written = match["offset"]
    offset: timedelta | None = None
    is_utc = False
    if written is not None:
        if written in "Zz":
            offset, is_utc = timedelta(0), True
        else:
            digits = written[1:].replace(":", "")
            offset = make_offset(
                written[0], int(digits[0:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
            )
    moment = timed(day, clock, offset, is_utc, named, default)
    return trusted_point(moment, precision_of(moment, said=match["second"] is not None))
