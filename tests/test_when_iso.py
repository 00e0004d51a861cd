"""Tests of `timeline._when._iso`, the strict grammar: ISO 8601 and EDTF dates, qualifiers and
intervals.
"""

from __future__ import annotations

from datetime import date

import pytest

from timeline._when import Point, Precision, When

# -- ISO 8601 / EDTF ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision", "first", "last"),
    [
        ("2022-10-13", "2022-10-13", Precision.DAY, date(2022, 10, 13), date(2022, 10, 13)),
        ("2022-10", "2022-10", Precision.MONTH, date(2022, 10, 1), date(2022, 10, 31)),
        ("2022", "2022", Precision.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        ("2024-02", "2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "2023-02", Precision.MONTH, date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-02-29", "2024-02-29", Precision.DAY, date(2024, 2, 29), date(2024, 2, 29)),
        ("0001-01-01", "0001-01-01", Precision.DAY, date(1, 1, 1), date(1, 1, 1)),
        ("9999-12", "9999-12", Precision.MONTH, date(9999, 12, 1), date(9999, 12, 31)),
        ("  2022-10-13\n", "2022-10-13", Precision.DAY, date(2022, 10, 13), date(2022, 10, 13)),
        (
            "2022-10-12/2022-10-13",
            "2022-10-12/2022-10-13",
            Precision.DAY,
            date(2022, 10, 12),
            date(2022, 10, 13),
        ),
        (
            "2022-10/2022-11-05",
            "2022-10/2022-11-05",
            Precision.MONTH,
            date(2022, 10, 1),
            date(2022, 11, 5),
        ),
        ("2021/2022", "2021/2022", Precision.YEAR, date(2021, 1, 1), date(2022, 12, 31)),
        ("2022/2022-03", "2022/2022-03", Precision.YEAR, date(2022, 1, 1), date(2022, 3, 31)),
    ],
)
def test_iso_dates(text: str, expected: str, precision: Precision, first: date, last: date) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert when.precision is precision
    assert (when.first_day, when.last_day) == (first, last)
    assert not when.is_timed
    assert when.timezone is None


@pytest.mark.parametrize(
    ("text", "expected", "approximate", "uncertain"),
    [
        ("2022-08~", "2022-08~", True, False),
        ("2022-09-20?", "2022-09-20?", False, True),
        ("2022-09%", "2022-09%", True, True),
        ("2022~", "2022~", True, False),
        ("2022-10-01~/2022-10-10~", "2022-10-01~/2022-10-10~", True, False),
        ("2022-10-01?/2022-10-10?", "2022-10-01?/2022-10-10?", False, True),
        ("2022-10%/2022-11%", "2022-10%/2022-11%", True, True),
    ],
)
def test_edtf_qualifiers(text: str, expected: str, approximate: bool, uncertain: bool) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert (when.approximate, when.uncertain) == (approximate, uncertain)


def test_interval_with_same_ends_collapses_to_a_point() -> None:
    when = When.parse("2022-10-13/2022-10-13")
    assert str(when) == "2022-10-13"
    assert not when.is_interval
    assert when == When.parse("2022-10-13")
    day = Point(date(2022, 10, 13), Precision.DAY)
    assert When(day, Point(date(2022, 10, 13), Precision.DAY)) == When.parse("2022-10-13")


def test_open_and_mixed_precision_intervals() -> None:
    assert str(When.parse("2022-10/2022-10-05")) == "2022-10/2022-10-05"
    assert str(When.parse("2022-10-13/2022-10")) == "2022-10-13/2022-10"
