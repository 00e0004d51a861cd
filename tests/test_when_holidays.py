"""Holidays by name, from the table in `_holidays` (issue 23 item 1): fixed days, days counted
from Easter (western and Orthodox), the nth weekday of a month; with a year, or against the day
the text was written, leaning as a direction word says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import When
from timeline._when._holidays import HOLIDAYS, Easter, Fixed, day_of

OCTOBER = date(2022, 10, 12)


def read(text: str, reference: date | None = OCTOBER) -> str:
    return str(When.parse(text, reference=reference))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Christmas Eve 2022", "2022-12-24"),
        ("Christmas Day, 2021", "2021-12-25"),
        ("New Year's Day 2023", "2023-01-01"),
        ("New Year\u2019s Eve 2022", "2022-12-31"),
        ("Easter Sunday 2022", "2022-04-17"),
        ("Good Friday, 2022", "2022-04-15"),
        ("Easter Monday 2024", "2024-04-01"),
        ("Orthodox Easter 2023", "2023-04-16"),
        ("Orthodox Easter 2022", "2022-04-24"),
        ("Nowruz 2022", "2022-03-21"),
        ("Nauryz 2023", "2023-03-21"),
        ("Victory Day 2020", "2020-05-09"),
        ("Independence Day of Kazakhstan 2021", "2021-12-16"),
        ("Thanksgiving 2022", "2022-11-24"),
        ("Memorial Day 2022", "2022-05-30"),
        ("Labor Day 2022", "2022-09-05"),
        ("on Christmas Eve of 2022", "2022-12-24"),
        ("c. Christmas 2022", "2022-12-25~"),
        ("Easter 2022?", "2022-04-17?"),
    ],
)
def test_a_holiday_with_its_year(text: str, expected: str) -> None:
    assert read(text, None) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("New Year's Day", OCTOBER, "2023-01-01"),  # nearest
        ("on Victory Day", OCTOBER, "2022-05-09"),
        ("Easter Sunday", OCTOBER, "2022-04-17"),  # 178 days back, 179 ahead
        ("last Christmas", OCTOBER, "2021-12-25"),
        ("next Christmas", OCTOBER, "2022-12-25"),
        ("this Christmas", date(2022, 12, 27), "2022-12-25"),
        ("next Christmas", date(2022, 12, 25), "2023-12-25"),  # strictly after
        ("since Nowruz", OCTOBER, "2022-03-21/.."),
        ("until Nowruz", OCTOBER, "../2023-03-21"),
        ("by Christmas", OCTOBER, "../2022-12-25"),
        ("after Christmas", date(2023, 1, 3), "2022-12-26/.."),
    ],
)
def test_a_holiday_against_the_reference(text: str, reference: date, expected: str) -> None:
    assert read(text, reference) == expected


def test_a_holiday_without_a_year_needs_the_reference() -> None:
    with pytest.raises(MissingReference, match="Christmas Eve"):
        When.parse("Christmas Eve")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("next Christmas 2022", "both 'next' and a year"),
        ("Christmas 10000", "Christmas"),
        ("Christmass 2022", "Christmass"),
    ],
)
def test_what_is_no_holiday_is_refused(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says) as caught:
        When.parse(text, reference=OCTOBER)
    assert caught.value.hint


def test_the_table_is_data_a_program_extends() -> None:
    HOLIDAYS["day of the languages"] = Fixed(9, 22)
    try:
        assert read("Day of the Languages 2022") == "2022-09-22"
    finally:
        del HOLIDAYS["day of the languages"]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1900, max_value=2099))  # Orthodox Easter drifts later after 2099
def test_easter_is_a_sunday_in_spring_and_good_friday_two_days_before(year: int) -> None:
    for orthodox in (False, True):
        sunday = day_of(Easter(orthodox=orthodox), year)
        assert sunday.weekday() == 6
        assert date(year, 3, 22) <= sunday <= date(year, 5, 8)
        assert day_of(Easter(-2, orthodox=orthodox), year) == sunday - timedelta(days=2)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(sorted(HOLIDAYS)),
)
def test_a_holiday_is_within_a_year_of_the_reference(reference: date, name: str) -> None:
    since = When.parse(f"since {name}", reference=reference)
    until = When.parse(f"until {name}", reference=reference)
    nearest = When.parse(name, reference=reference)
    assert since.first_day <= reference <= until.last_known_day
    assert reference - since.first_day < timedelta(days=400)
    assert until.last_known_day - reference < timedelta(days=400)
    assert abs((nearest.first_day - reference).days) <= 200
