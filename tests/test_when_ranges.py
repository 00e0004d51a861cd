"""Ranges as reporters write them (issue 23 item 1): "March 3-5" against the reference, "between
3 and 5 March 2022", "from November 12, 2021, through February 17, 2022", "from early 2022 to
mid-2023"."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import When

OCTOBER = date(2022, 10, 12)
EN = "\u2013"


def read(text: str, reference: date | None = OCTOBER) -> str:
    return str(When.parse(text, reference=reference))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3-5", "2023-03-03/2023-03-05"),  # as '3-5 March': the nearest year
        ("3-5 March", "2023-03-03/2023-03-05"),  # as before
        ("Oct 12-13", "2022-10-12/2022-10-13"),
        (f"October 12{EN}13", "2022-10-12/2022-10-13"),
        ("December 30-January 2", "2022-12-30/2023-01-02"),
        ("between 3 and 5 March 2022", "2022-03-03/2022-03-05"),
        ("between March 3 and 5", "2023-03-03/2023-03-05"),
        ("between 2019 and 2021", "2019/2021"),
        ("from 3 to 5 March", "2023-03-03/2023-03-05"),
        ("from November 12, 2021, through February 17, 2022", "2021-11-12/2022-02-17"),
        ("from November 12, 2021 until February 17, 2022", "2021-11-12/2022-02-17"),
        ("November 12, 2021 through February 17, 2022", "2021-11-12/2022-02-17"),
        ("12 thru 13 October 2022", "2022-10-12/2022-10-13"),
        ("from March 2021 through May 2022", "2021-03/2022-05"),
        ("from early 2022 to mid-2023", "2022-01~/2023-08~"),
        ("from summer 2022 to spring 2023", "2022-06~/2023-05~"),
        ("from c. 1984 to June 2004", "1984~/2004-06"),  # as before
        ("between Monday and Wednesday", "2022-10-10/2022-10-12"),
    ],
)
def test_a_range_in_words(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("from 2022-10-01/2022-10-03 to 2023", "each end of 'from ... to ...' is one date"),
        ("from since 2022 to 2023", "each end"),
        ("between 2021 and 2020", "ends .2020. before it starts"),
        ("between 3 and 5 Marhc 2022", "did you mean March"),
    ],
)
def test_a_range_that_is_none_is_refused(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says) as caught:
        When.parse(text, reference=OCTOBER)
    assert caught.value.hint


@pytest.mark.parametrize("text", ["March 3-5", "between 3 and 5 March", "from Monday to Friday"])
def test_a_year_less_range_needs_the_reference(text: str) -> None:
    with pytest.raises(MissingReference):
        When.parse(text)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=0, max_value=27),
)
def test_a_year_less_range_is_one_run_of_days_near_the_reference(
    reference: date, month: int, first: int, length: int
) -> None:
    last = min(first + length, 28)
    name = calendar.month_name[month]
    for text in (
        f"{name} {first}-{last}",
        f"{first}-{last} {name}",
        f"between {first} and {last} {name}",
    ):
        when = When.parse(text, reference=reference)
        assert (when.first_day.month, when.first_day.day) == (month, first)
        assert when.last_day - when.first_day == timedelta(days=last - first)
        assert abs((when.first_day - reference).days) <= 366
