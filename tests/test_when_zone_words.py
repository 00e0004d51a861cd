"""Times with a zone word, as wire copy writes them ("1500 GMT", "4:00 p.m. BST on Wednesday",
"2pm Eastern time on Tuesday", "3 p.m. local time"), and a time said before its day ("2:45 p.m.
on Jan. 8", "04-Jun-2020") (issue 23 item 1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._errors import DateError, MissingReference
from timeline._when import When
from timeline._when._zone_words import ZONE_WORDS, zoned

WEDNESDAY = date(2022, 10, 12)


def read(text: str, zone: str | None = None, reference: date = WEDNESDAY) -> str:
    return str(When.parse(text, reference=reference, zone=zone))


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("1500 GMT", None, "2022-10-12T15:00Z"),  # a time alone is on the reference day
        ("1500 GMT", "Asia/Almaty", "2022-10-12T21:00+06:00[Asia/Almaty]"),
        ("at 10:00 GMT", None, "2022-10-12T10:00Z"),
        ("at 10:00 UTC", None, "2022-10-12T10:00Z"),
        ("12.30 GMT", None, "2022-10-12T12:30Z"),
        ("3 p.m. local time", "Asia/Almaty", "2022-10-12T15:00+06:00[Asia/Almaty]"),
        ("3 p.m. local time", None, "2022-10-12T15:00"),  # floating: `check` queries it
        ("4:00 p.m. BST on Wednesday", None, "2022-10-12T16:00+01"),
        ("4:00 p.m. BST on Wednesday", "Asia/Almaty", "2022-10-12T21:00+06:00[Asia/Almaty]"),
        ("2pm Eastern time on Tuesday", None, "2022-10-11T14:00-04:00[America/New_York]"),
        ("2pm Eastern time on Tuesday", "Asia/Almaty", "2022-10-11T14:00-04:00[America/New_York]"),
        (
            "2pm Eastern Standard Time on 6 December 2022",
            None,
            "2022-12-06T14:00-05:00[America/New_York]",
        ),
        ("9 a.m. Pacific time on 1 July 2022", None, "2022-07-01T09:00-07:00[America/Los_Angeles]"),
        ("2 p.m. ET on 6 December 2022", None, "2022-12-06T14:00-05:00[America/New_York]"),
        ("11 a.m. PT", None, "2022-10-12T11:00-07:00[America/Los_Angeles]"),
        ("18:00 Moscow time", None, "2022-10-12T18:00+03:00[Europe/Moscow]"),
        ("18:00 MSK on 10 June 2013", None, "2013-06-10T18:00+04:00[Europe/Moscow]"),
        ("10 a.m. Astana time yesterday", None, "2022-10-11T10:00+06:00[Asia/Almaty]"),
        ("11:00 ALMT on 13 October 2022", None, "2022-10-13T11:00+06:00[Asia/Almaty]"),
        ("9 p.m. CET on 13 October 2022", None, "2022-10-13T21:00+01"),
        ("9 p.m. CEST on 13 October 2022", None, "2022-10-13T21:00+02"),
        ("10:00 GMT on 13 October 2022", "Asia/Almaty", "2022-10-13T16:00+06:00[Asia/Almaty]"),
        ("13 October 2022, 10:00 GMT", None, "2022-10-13T10:00Z"),
        ("13 October 2022 10:00 (GMT)", None, "2022-10-13T10:00Z"),  # as before
        ("13 October 2022 10:00 (UTC+06)", None, "2022-10-13T10:00+06"),  # as before
    ],
)
def test_a_zone_word_sets_the_zone(text: str, zone: str | None, expected: str) -> None:
    assert read(text, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04-Jun-2020", "2020-06-04"),
        ("4-June-2020", "2020-06-04"),
        ("2:45 p.m. on Jan. 8", "2023-01-08T14:45+06:00[Asia/Almaty]"),  # nearest year
        ("2:45 p.m. on Jan. 8, 2020", "2020-01-08T14:45+06:00[Asia/Almaty]"),
        ("10:00 on Thursday, 13 October 2022", "2022-10-13T10:00+06:00[Asia/Almaty]"),
        ("Jan. 8 at 2:45 p.m.", "2023-01-08T14:45+06:00[Asia/Almaty]"),  # as before
    ],
)
def test_more_forms(text: str, expected: str) -> None:
    assert read(text, "Asia/Almaty") == expected


@pytest.mark.parametrize("text", ["Moscow", "Central Asia in 2022", "04-Jun", "1500 hours"])
def test_a_place_is_no_zone_without_a_clock(text: str) -> None:
    with pytest.raises(DateError) as caught:
        When.parse(text, reference=WEDNESDAY)
    assert caught.value.hint


def test_a_time_alone_needs_the_day_it_was_written() -> None:
    with pytest.raises(MissingReference, match="1500 GMT"):
        When.parse("1500 GMT")


def test_a_zone_word_needs_a_clock_before_it() -> None:
    assert zoned("Eastern Europe in 2022", None) is None
    assert zoned("Moscow in 2022", None) is None
    assert zoned("10:00 Moscow", None) is None  # a city is a zone with "time" after it
    assert zoned("13 October 2022 10:00 (UTC+06)", None) is None


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=23),
    st.sampled_from(
        sorted(word for word, meaning in ZONE_WORDS.items() if isinstance(meaning, int))
    ),
)
def test_a_fixed_zone_word_is_its_offset(day: date, hour: int, word: str) -> None:
    text = f"{day.day} {day:%B} {day.year} {hour:02d}:00 {word.upper()}"
    when = When.parse(text)
    start = when.start
    assert isinstance(start, datetime)
    offset = ZONE_WORDS[word]
    assert isinstance(offset, int)
    assert start.utcoffset() == timedelta(minutes=offset)
    assert (start.hour, start.date()) == (hour, day)
