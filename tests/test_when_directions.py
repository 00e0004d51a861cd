"""Direction words ("since Friday", "until Monday", "as of", "by", "before", "after") choose which
way a weekday or a year-less date lies from the day it was written, and "a year ago" is about
that day a year earlier. Both were read silently wrong before (issue 23)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import Precision, When

WEDNESDAY = date(2022, 10, 12)
TUESDAY = date(2022, 10, 11)
WEEKDAYS = [calendar.day_name[number] for number in range(7)]
references = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
moderate = settings(max_examples=200, deadline=None)


def read(text: str, reference: date) -> When:
    return When.parse(text, reference=reference)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("since Friday", WEDNESDAY, "2022-10-07/.."),  # the Friday before, not two days ahead
        ("until Monday", TUESDAY, "../2022-10-17"),  # the Monday after, not the day before
        ("Since Wednesday", WEDNESDAY, "2022-10-12/.."),  # the day itself is on its side
        ("until Wednesday", WEDNESDAY, "../2022-10-12"),
        ("till Friday", WEDNESDAY, "../2022-10-14"),
        ("as of Friday", WEDNESDAY, "2022-10-07"),
        ("by Friday", WEDNESDAY, "../2022-10-14"),  # a deadline: any day up to it
        ("by Monday", WEDNESDAY, "../2022-10-17"),
        ("before Friday", WEDNESDAY, "../2022-10-13"),  # open, ending the day before
        ("after Monday", WEDNESDAY, "2022-10-11/.."),  # open, starting the day after
        ("since 13 October", WEDNESDAY, "2021-10-13/.."),  # the nearest would be tomorrow
        ("since October", WEDNESDAY, "2022-10/.."),
        ("until 11 October", WEDNESDAY, "../2023-10-11"),
        ("until 2 January", date(2022, 12, 20), "../2023-01-02"),
        ("as of 20 December", date(2023, 1, 3), "2022-12-20"),
        ("by March", WEDNESDAY, "../2023-03"),
        ("after Friday", WEDNESDAY, "2022-10-15/.."),  # the nearest Friday: two days ahead
        ("before March", WEDNESDAY, "../2023-02"),
        ("after 2019", WEDNESDAY, "2020/.."),
        ("before 1 January 2022", WEDNESDAY, "../2021-12-31"),
        ("since last Friday", WEDNESDAY, "2022-10-07/.."),  # the phrase's own direction holds
        ("until next Monday", WEDNESDAY, "../2022-10-17"),
        ("since 24 February 2022", WEDNESDAY, "2022-02-24/.."),  # a full date goes nowhere
        ("since 24 February 2023", WEDNESDAY, "2023-02-24/.."),
        ("since c. 13 October", WEDNESDAY, "2021-10-13~/.."),
        ("since last week", WEDNESDAY, "2022-10-03/.."),  # a span named in words: its start
        ("since early 2022", WEDNESDAY, "2022-01~/.."),
        ("since the 1990s", WEDNESDAY, "1990/.."),
        ("until late 2022", WEDNESDAY, "../2022-12~"),
        ("until the end of this month", WEDNESDAY, "../2022-10-31~"),
        ("until next week", WEDNESDAY, "../2022-10-23"),
    ],
)
def test_a_direction_word_leans_the_date(text: str, reference: date, expected: str) -> None:
    assert str(read(text, reference)) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected", "precision"),
    [
        ("a year ago", date(2022, 10, 13), "2021-10-13~", Precision.DAY),
        ("three years ago", date(2022, 10, 13), "2019-10-13~", Precision.DAY),
        ("a year ago", date(2024, 2, 29), "2023-02-28~", Precision.DAY),  # no 29 February
        ("a week ago", date(2024, 3, 1), "2024-02-23", Precision.DAY),  # unchanged: exact
        ("a month ago", date(2023, 1, 10), "2022-12", Precision.MONTH),  # unchanged
    ],
)
def test_years_ago_are_about_that_day(
    text: str, reference: date, expected: str, precision: Precision
) -> None:
    when = read(text, reference)
    assert str(when) == expected
    assert when.precision is precision


def test_the_bare_word_still_takes_the_nearest() -> None:
    assert str(read("Friday", WEDNESDAY)) == "2022-10-14"
    assert str(read("13 October", WEDNESDAY)) == "2022-10-13"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("since 12 October 2022 to 13 October 2022", "one known point"),
        ("since 12-13 October 2022", "one known point"),
        ("until 30 December 2022 \u2013 2 January 2023", "one known point"),
        ("since since 2022", "wrapped in words again"),
        ("since 2022/..", "already open"),
        ("before 13 October 2022 10:00", "leaves the minute unsaid"),
        ("before 1 January 0001", "outside the years"),
        ("after 9999", "outside the years"),
    ],
)
def test_what_a_direction_cannot_take_is_refused(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says) as caught:
        When.parse(text, reference=WEDNESDAY, zone="UTC")
    assert caught.value.hint


def test_a_leaning_weekday_still_needs_its_reference() -> None:
    with pytest.raises(MissingReference):
        When.parse("since Friday")


@moderate
@given(references, st.sampled_from(WEEKDAYS))
def test_since_a_weekday_never_starts_after_the_reference(reference: date, day: str) -> None:
    when = read(f"since {day}", reference)
    assert when.first_day <= reference
    assert reference - when.first_day < timedelta(days=7)
    assert when.open_end == "open"


@moderate
@given(references, st.sampled_from(WEEKDAYS))
def test_until_a_weekday_never_ends_before_the_reference(reference: date, day: str) -> None:
    when = read(f"until {day}", reference)
    assert when.last_known_day >= reference
    assert when.last_known_day - reference < timedelta(days=7)
    assert when.open_start == "open"


@moderate
@given(references, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_year_less_day_leans_within_a_year(reference: date, day: date) -> None:
    written = f"{day.day} {calendar.month_name[day.month]}"
    try:
        back = read(f"as of {written}", reference)
        ahead = read(f"by {written}", reference)
    except DateError:  # 29 February with no leap year on that side
        assert (day.month, day.day) == (2, 29)
        return
    assert timedelta(0) <= reference - back.first_day <= timedelta(days=366 * 4)
    assert timedelta(0) <= ahead.last_known_day - reference <= timedelta(days=366 * 4)
    if (day.month, day.day) != (2, 29):
        assert reference - back.first_day < timedelta(days=366)
        assert ahead.last_known_day - reference < timedelta(days=366)


@moderate
@given(references, st.integers(min_value=1, max_value=30))
def test_years_ago_are_a_rough_day(reference: date, count: int) -> None:
    when = read(f"{count} years ago", reference)
    assert when.approximate
    assert when.precision is Precision.DAY
    assert when.first_day.year == reference.year - count
