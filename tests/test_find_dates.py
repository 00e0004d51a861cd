"""`timeline.find_dates`: every date in running text, with its offsets and its reading, and no
date seen in numbers that are not dates (issue 23, item 2). The gauge's scores on
tests/data/dates/running.toml are in tests/test_date_gauge.py."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from timeline import DateError, Found, When, find_dates
from timeline._when._finder import LONGEST

REFERENCE = date(2022, 10, 16)  # a Sunday


def found(text: str, reference: date = REFERENCE, zone: str | None = None) -> list[str]:
    """Each found phrase with its reading, as 'phrase = reading'."""
    return [f"{f.text} = {f.when}" for f in find_dates(text, reference=reference, zone=zone)]


# ---------------------------------------------------------------- numbers that are not dates


@pytest.mark.parametrize(
    "text",
    [
        "sold 2,019 units at 12.30 each",
        "Flight 1845 to Almaty",
        "won 3-1 in the 90th minute",
        "Room 1203 on floor 12",
        "version 3.11.2",
        "Resolution ES-11/4",
        "143 votes to 5",
        "The G7 and the G20 discussed COVID-19 and Boeing 737 deliveries.",
        "PO Box 1991, call +7 727 258 30 30",
        "a 24/7 hotline, 30-40 km away, S-400 and Su-25",
        "the index fell 1.9 points to 2,023.5",
        "The court may decide; protesters march; I am sure the PM will sit.",
        "They sat in the sun on a wed of sand.",
        "up 4.5% on a year earlier's count of 1,930",
        "The year of the decade; a week of months.",
    ],
)
def test_numbers_and_words_that_are_not_dates_are_not_found(text: str) -> None:
    assert found(text) == []


def test_a_four_digit_number_is_a_year_only_after_a_word_that_introduces_one() -> None:
    assert found("The summit is due in 2026.") == ["2026 = 2026"]
    assert found("the 2022 election") == ["2022 = 2022"]
    assert found("2021 was hard.") == ["2021 = 2021"]
    assert found("since 1999") == ["since 1999 = 1999/.."]
    assert found("sold 2019 units, Flight 1845, Room 1203") == []


def test_a_year_may_be_a_clauses_subject_and_a_count_is_no_year() -> None:
    assert found("Zelensky said 2023 would be the year of victory.") == ["2023 = 2023"]
    assert found("Flight 1845 was late; Room 1203 is free.") == []
    assert found("a force of 2000 troops; about 1500 were killed") == []
    assert found("the end of 2022 was hard") == ["the end of 2022 = 2022-09~/2022-12~"]


# ---------------------------------------------------------------- the phrases found


def test_the_longest_phrase_is_one_date_and_a_leading_preposition_is_left_out() -> None:
    text = "Leaders met in Astana on Thursday, 13 October, and signed a declaration."
    assert found(text) == ["Thursday, 13 October = 2022-10-13"]
    assert [(f.start, f.end) for f in find_dates(text, reference=REFERENCE)] == [(25, 45)]


def test_direction_words_that_change_the_date_are_kept() -> None:
    assert found("The curfew stays until Monday.", date(2022, 10, 20)) == [
        "until Monday = ../2022-10-24"
    ]
    assert found("in force since Feb. 24, it said") == ["since Feb. 24 = 2022-02-24/.."]
    assert found("from July 3 to August 2, he said") == [
        "from July 3 to August 2 = 2022-07-03/2022-08-02"
    ]


def test_the_before_a_name_or_a_year_is_left_out_and_before_an_ordinal_kept() -> None:
    assert found("did not hold the Victory Day parade") == ["Victory Day = 2022-05-09"]
    assert found("a role in the January unrest", date(2022, 6, 1)) == ["January = 2022-01"]
    assert found("The 1990s and the end of April") == [
        "The 1990s = 1990/1999",
        "the end of April = 2022-04-21~/2022-04-30~",
    ]


def test_two_years_joined_by_a_dash_are_years_and_never_an_edtf_season() -> None:
    assert found("the 2022-23 season and the 2022-25 plan") == [
        "2022-23 = 2022/2023",
        "2022-25 = 2022/2025",
    ]
    assert found("In 2019\u20132020 the economy grew; the 2022-10 report") == [
        "2019\u20132020 = 2019/2020",
        "2022-10 = 2022-10",
    ]
    assert found("Kazakhstan 2050 strategy, Vision 2030 plan, Windows 2000") == []


def test_the_first_and_last_years_of_the_calendar_raise_nothing() -> None:
    assert found("on 30 and 31 December", date(9999, 12, 20)) == [
        "30 and 31 December = 9999-12-30/9999-12-31"
    ]
    assert found("the fourth quarter of next year", date(9999, 12, 20)) == [
        "the fourth quarter = 9999-10/9999-12"
    ]


def test_a_possessive_ends_no_phrase() -> None:
    assert found("Sunday's vote and last year's budget") == [
        "Sunday = 2022-10-16",
        "last year = 2021",
    ]


def test_two_dates_that_meet_are_one_range_and_two_that_do_not_are_two() -> None:
    assert found("a ceasefire on 6 and 7 January", date(2023, 1, 5)) == [
        "6 and 7 January = 2023-01-06/2023-01-07"
    ]
    assert found("in late September and early October") == [
        "late September and early October = 2022-09-21~/2022-10-10~"
    ]
    assert found("on Monday and Wednesday", date(2022, 10, 20)) == [
        "Monday = 2022-10-17",
        "Wednesday = 2022-10-19",
    ]


def test_a_day_named_twice_is_one_phrase_read_as_the_date_written() -> None:
    assert found("again next Monday, 19 December, ahead", date(2022, 12, 13)) == [
        "next Monday, 19 December = 2022-12-19"
    ]


def test_a_part_of_the_day_stays_with_the_day() -> None:
    assert found("Explosions were heard early Thursday.", date(2022, 2, 24)) == [
        "early Thursday = 2022-02-24"
    ]


def test_a_clock_is_a_date_with_a_zone_word_a_meridiem_or_a_word_before_it() -> None:
    assert found("a ceasefire at 1000 GMT on Friday", date(2022, 9, 16)) == [
        "1000 GMT on Friday = 2022-09-16T10:00Z"
    ]
    zurich = found("began at 13:36 local time, ended at 15:19", date(2021, 6, 16), "Europe/Zurich")
    assert zurich == [
        "13:36 local time = 2021-06-16T13:36+02:00[Europe/Zurich]",
        "15:19 = 2021-06-16T15:19+02:00[Europe/Zurich]",
    ]
    assert found("the score was 15:19 and 12.30 each") == []


def test_holidays_iso_dates_russian_months_and_relative_words_are_found() -> None:
    assert found("Kazakhstan marks Nauryz; Christmas Eve 2022 too") == [
        "Nauryz = 2023-03-21",
        "Christmas Eve 2022 = 2022-12-24",
    ]
    assert found("filed 2022-10-13, read on 2022-10") == [
        "2022-10-13 = 2022-10-13",
        "2022-10 = 2022-10",
    ]
    assert found("саммит 13 октября 2022 года в Астане") == ["13 октября 2022 года = 2022-10-13"]
    assert found("13 октября 2022 \u0433. в Астане") == ["13 октября 2022 \u0433. = 2022-10-13"]
    assert found("on 12\u201313 Oct. 2022, 09:50 (UTC+06), it said") == [
        "12\u201313 Oct. 2022, 09:50 (UTC+06) = 2022-10-12/2022-10-13T09:50+06"
    ]
    assert found("Yesterday it rained; two weeks ago it snowed.") == [
        "Yesterday = 2022-10-15",
        "two weeks ago = 2022-10-02",
    ]


def test_the_fourth_quarter_of_last_year_is_read_with_the_year_named() -> None:
    assert found("a drop in the fourth quarter of last year", date(2023, 5, 17)) == [
        "the fourth quarter of last year = 2022-10/2022-12"
    ]


def test_a_may_or_march_that_is_a_verb_is_no_date() -> None:
    assert found("They may march in May 2022 or on March 3.") == [
        "May 2022 = 2022-05",
        "March 3 = 2023-03-03",
    ]


# ---------------------------------------------------------------- warnings and errors


def test_a_warning_of_the_reader_is_kept_with_the_phrase_and_never_raised() -> None:
    wednesday = date(2022, 10, 12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that leaked would fail the test
        [friday] = find_dates("The talks resume next Friday.", reference=wednesday)
    assert (friday.text, str(friday.when)) == ("next Friday", "2022-10-14")
    assert len(friday.warnings) == 1
    assert "21 October 2022" in friday.warnings[0]
    plain = find_dates("on Friday", reference=wednesday)
    assert [f.warnings for f in plain] == [()]


def test_the_search_leaves_the_warning_filters_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """`catch_warnings` changes process-wide state: a search in one thread must not use it."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("find_dates touched the warning filters")

    monkeypatch.setattr(warnings, "catch_warnings", refused)
    monkeypatch.setattr(warnings, "simplefilter", refused)
    [friday] = find_dates("next Friday", reference=date(2022, 10, 12))
    assert len(friday.warnings) == 1


def test_a_zone_and_a_datetime_reference_are_taken() -> None:
    moment = datetime(2023, 2, 24, 18, 0)
    [landed] = find_dates("landed at 14:05 local time", reference=moment, zone="Europe/Moscow")
    assert str(landed.when) == "2023-02-24T14:05+03:00[Europe/Moscow]"


@pytest.mark.parametrize(
    ("text", "reference", "zone"),
    [
        (b"13 October", REFERENCE, None),
        ("13 October", "2022-10-16", None),
        ("13 October", REFERENCE, "Mars/Olympus"),
    ],
)
def test_what_is_not_text_a_day_or_a_zone_is_refused_with_a_hint(
    text: object, reference: object, zone: object
) -> None:
    with pytest.raises(DateError) as refused:
        find_dates(text, reference=reference, zone=zone)  # type: ignore[arg-type]
    assert refused.value.hint


def test_found_is_frozen_and_public() -> None:
    item = Found(0, 4, "2022", When.parse("2022"))
    with pytest.raises(AttributeError):
        item.start = 1  # type: ignore[misc]
    assert {"Found", "find_dates"} <= set(timeline.__all__)
    assert item.warnings == ()


def test_an_empty_text_and_a_text_without_dates_find_nothing() -> None:
    assert found("") == []
    assert found("No date in these words at all.") == []


# ---------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "on Thursday, 13 October",
        " since ",
        " until Monday",
        "2022",
        " Flight 1845 ",
        "12.30",
        "3-1",
        " and ",
        ", ",
        ".",
        " 10 p.m. ",
        "GMT",
        "next Friday",
        "the first quarter of 2023",
        "May",
        " in ",
        "'s",
        "\n\n",
        "Christmas",
        "early",
        "2022-10-13",
        " ago ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25), st.dates())
def test_any_text_gives_spans_in_order_apart_and_as_written(pieces: list[str], day: date) -> None:
    text = "".join(pieces)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = find_dates(text, reference=day)
    for item in result:
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start : item.end] == item.text == item.text.strip()
        assert isinstance(item.when, When)
    assert all(a.end <= b.start for a, b in pairwise(result))


@given(st.text(alphabet="0123456789 ,.-/:", max_size=60))
def test_numbers_alone_are_dates_only_with_a_year_in_them(text: str) -> None:
    for item in find_dates(text, reference=REFERENCE):
        assert re.search("[0-9]{4}", item.text), item


def test_the_search_is_linear_in_the_number_of_phrases_tried() -> None:
    """Not timed: the reader is called a bounded number of times per token."""
    calls = 0
    original = When.parse

    def counting(text: str, **kwargs: object) -> When:
        nonlocal calls
        calls += 1
        return original(text, **kwargs)  # type: ignore[arg-type]

    text = "May March Monday 12 2022, " * 200
    tokens = len(text.split()) * 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(When, "parse", staticmethod(counting))
        find_dates(text, reference=REFERENCE)
    assert calls <= tokens * LONGEST
