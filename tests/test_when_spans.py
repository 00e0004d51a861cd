"""Weeks of a month, quarters and halves of the reference's year, the turn of the year and
decades (issue 23 item 1)."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import Precision, When

OCTOBER = date(2022, 10, 12)


def read(text: str, reference: date | None = OCTOBER) -> str:
    return str(When.parse(text, reference=reference))


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("the second week of June", OCTOBER, "2022-06-08~/2022-06-14~"),
        ("in the first week of October", OCTOBER, "2022-10-01~/2022-10-07~"),
        ("the last week of February", date(2024, 1, 5), "2024-02-23~/2024-02-29~"),
        ("the first quarter", OCTOBER, "2022-01/2022-03"),
        ("in the third quarter of the year", OCTOBER, "2022-07/2022-09"),
        ("Q4", OCTOBER, "2022-10/2022-12"),
        ("the second half of the year", OCTOBER, "2022-07/2022-12"),
        ("last quarter", OCTOBER, "2022-07/2022-09"),
        ("this quarter", OCTOBER, "2022-10/2022-12"),
        ("next quarter", OCTOBER, "2023-01/2023-03"),
        ("last quarter", date(2023, 2, 1), "2022-10/2022-12"),
        ("the turn of the year", OCTOBER, "2022-12~/2023-01~"),
        ("the turn of the year", date(2023, 2, 1), "2022-12~/2023-01~"),
    ],
)
def test_spans_against_the_reference(text: str, reference: date, expected: str) -> None:
    assert read(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the second week of June 2022", "2022-06-08~/2022-06-14~"),
        ("the 1990s", "1990/1999"),
        ("1990s", "1990/1999"),
        ("the early 1990s", "1990~/1993~"),
        ("in the mid-1990s", "1994~/1996~"),
        ("the late 2000s", "2007~/2009~"),
        ("c. the 1990s", "1990~/1999~"),
        ("the last quarter of 2022", "2022-10/2022-12"),  # as before: the fourth
        ("the turn of 2022/23", "2022-12~/2023-01~"),  # as before
    ],
)
def test_spans_with_their_year(text: str, expected: str) -> None:
    assert read(text, None) == expected


def test_a_decade_is_whole_years() -> None:
    when = When.parse("the 1980s")
    assert when.precision is Precision.YEAR
    assert (when.first_day, when.last_day) == (date(1980, 1, 1), date(1989, 12, 31))


@pytest.mark.parametrize(
    ("text", "says"),
    [("the '90s", "leaves the century unsaid"), ("the 90s", "century"), ("the third half", "two")],
)
def test_a_span_that_is_none_is_refused(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says) as caught:
        When.parse(text, reference=OCTOBER)
    assert caught.value.hint


@pytest.mark.parametrize(
    "text", ["the first quarter", "the second week of June", "the turn of the year"]
)
def test_a_relative_span_needs_the_reference(text: str) -> None:
    with pytest.raises(MissingReference):
        When.parse(text)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["first", "second", "third", "fourth", "last"]),
)
def test_a_week_of_a_month_is_seven_days_inside_it(year: int, month: int, ordinal: str) -> None:
    when = When.parse(f"the {ordinal} week of {calendar.month_name[month]} {year}")
    assert (when.last_day - when.first_day).days == 6
    assert when.first_day.month == when.last_day.month == month
    assert when.approximate


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_this_quarter_holds_the_reference(reference: date) -> None:
    this = When.parse("this quarter", reference=reference)
    assert this.first_day <= reference <= this.last_day
    assert When.parse("last quarter", reference=reference).last_day < this.first_day
    assert When.parse("next quarter", reference=reference).first_day > this.last_day
