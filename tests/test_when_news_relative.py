"""More of what reporters write relative to the day they write (issue 23 item 1): "in three
days", "earlier on Thursday", "overnight", "over the weekend"."""

from __future__ import annotations

import calendar
import warnings
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import When

WEDNESDAY = date(2022, 10, 12)
MONDAY = date(2022, 10, 17)
FRIDAY = date(2022, 10, 14)
WEEKDAYS = [calendar.day_name[number] for number in range(7)]
references = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def read(text: str, reference: date = WEDNESDAY) -> str:
    return str(When.parse(text, reference=reference))


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("in three days", WEDNESDAY, "2022-10-15"),
        ("in 3 days", WEDNESDAY, "2022-10-15"),
        ("In two weeks", WEDNESDAY, "2022-10-26"),
        ("in two weeks\u2019 time", WEDNESDAY, "2022-10-26"),
        ("three days from now", WEDNESDAY, "2022-10-15"),
        ("in a month", WEDNESDAY, "2022-11"),
        ("in a year's time", WEDNESDAY, "2023-10-12~"),
        ("earlier on Thursday", WEDNESDAY, "2022-10-06"),
        ("earlier on Wednesday", WEDNESDAY, "2022-10-12"),  # the day itself
        ("earlier Thursday", date(2022, 10, 13), "2022-10-13"),
        ("later on Thursday", WEDNESDAY, "2022-10-13"),
        ("overnight", WEDNESDAY, "2022-10-11/2022-10-12"),
        ("over the weekend", MONDAY, "2022-10-15/2022-10-16"),  # the one just past
        ("over the weekend", WEDNESDAY, "2022-10-08/2022-10-09"),
        ("over the weekend", FRIDAY, "2022-10-15/2022-10-16"),  # the coming one
        ("at the weekend", date(2022, 10, 16), "2022-10-15/2022-10-16"),  # under way
        ("during the weekend", MONDAY, "2022-10-15/2022-10-16"),
        ("earlier on Thursday at 10:00", date(2022, 10, 13), "2022-10-13T10:00"),
    ],
)
def test_relative_phrases(text: str, reference: date, expected: str) -> None:
    assert read(text, reference) == expected


def test_a_count_alone_is_no_date() -> None:
    with pytest.raises(ValueError, match="three days"):
        When.parse("three days", reference=WEDNESDAY)


@pytest.mark.parametrize(
    "text", ["in three days", "overnight", "over the weekend", "earlier on Thursday"]
)
def test_they_need_the_reference(text: str) -> None:
    with pytest.raises(MissingReference):
        When.parse(text)


@settings(max_examples=200, deadline=None)
@given(references, st.integers(min_value=0, max_value=400))
def test_in_n_days_and_n_days_ago_mirror(reference: date, count: int) -> None:
    ahead = When.parse(f"in {count} days", reference=reference)
    back = When.parse(f"{count} days ago", reference=reference)
    assert ahead.first_day - reference == reference - back.first_day == timedelta(days=count)


@settings(max_examples=200, deadline=None)
@given(references, st.sampled_from(WEEKDAYS))
def test_earlier_on_a_weekday_is_never_ahead(reference: date, day: str) -> None:
    earlier = When.parse(f"earlier on {day}", reference=reference).first_day
    later = When.parse(f"later on {day}", reference=reference).first_day
    assert timedelta(0) <= reference - earlier < timedelta(days=7)
    assert timedelta(0) <= later - reference < timedelta(days=7)


@settings(max_examples=200, deadline=None)
@given(references)
def test_the_weekend_is_a_saturday_and_sunday_within_five_days(reference: date) -> None:
    when = When.parse("over the weekend", reference=reference)
    assert when.first_day.weekday() == 5
    assert when.last_day - when.first_day == timedelta(days=1)
    assert abs((when.first_day - reference).days) <= 5


_WORDS = (
    "since",
    "until",
    "till",
    "as of",
    "by",
    "before",
    "after",
    "between",
    "and",
    "from",
    "to",
    "through",
    "in",
    "the",
    "a",
    "three",
    "3",
    "5",
    "12",
    "2022",
    "1990s",
    "'90s",
    "early",
    "mid",
    "late",
    "week",
    "of",
    "June",
    "March",
    "Friday",
    "next",
    "last",
    "this",
    "quarter",
    "first",
    "second",
    "half",
    "turn",
    "year",
    "overnight",
    "weekend",
    "earlier",
    "later",
    "on",
    "Christmas Eve",
    "Easter",
    "Sunday",
    "Orthodox",
    "Nowruz",
    "1500",
    "GMT",
    "10:00",
    "2pm",
    "4:00 p.m.",
    "BST",
    "Eastern",
    "time",
    "Moscow",
    "local",
    "-",
    "–",
    ",",
    "days",
    "ago",
    "now",
    "Jan. 8",
    "04-Jun-2020",
    "Q3",
    "Q5",
    "0000s",
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    st.sampled_from([None, WEDNESDAY, date(1, 1, 3), date(9999, 12, 30)]),
    st.sampled_from([None, "Asia/Almaty"]),
)
def test_the_new_words_in_any_order_are_read_or_refused_never_a_crash(
    words: list[str], reference: date | None, zone: str | None
) -> None:
    text = " ".join(words)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        refusal = None
        try:
            When.parse(text, reference=reference, zone=zone)
        except DateError as error:
            refusal = error
    assert refusal is None or refusal.hint
