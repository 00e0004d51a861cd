"""Dates written relative to the day they were written: "yesterday", "last Thursday", "13 October".

Each form is read against references that cross a month, a year or a leap day, because that is
where calendar arithmetic goes wrong; the properties check the distance to the reference for any
day from 1900 to 2100.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.factories import SEEDS
from tests.helpers import WriteToml
from timeline import load
from timeline._errors import DateError, MissingReference
from timeline._when import ACCEPTED_FORMS, Precision, When, written_in_words

EN = "\u2013"  # en dash
ALMATY = ZoneInfo("Asia/Almaty")
WEEKDAYS = [calendar.day_name[number] for number in range(7)]
MONTHS = [calendar.month_name[number] for number in range(1, 13)]

moderate = settings(max_examples=200, deadline=None)
references = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def read(text: str, reference: date, *, zone: str | None = None) -> When:
    return When.parse(text, reference=reference, zone=zone)


def canon(text: str, reference: date) -> str:
    return str(read(text, reference))


def valid(when: When) -> When:
    """Every result is an ordinary When: its canonical spelling reads back to it."""
    assert When.parse(str(when), zone=when.timezone) == when
    return when


# -- each form, across month, year and leap-day boundaries ---------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("yesterday", date(2024, 3, 1), "2024-02-29"),
        ("yesterday", date(2023, 3, 1), "2023-02-28"),
        ("Yesterday.", date(2023, 1, 1), "2022-12-31"),
        ("today", date(2024, 2, 29), "2024-02-29"),
        ("tomorrow", date(2022, 12, 31), "2023-01-01"),
        ("tomorrow", date(2024, 2, 28), "2024-02-29"),
        ("yesterday morning", date(2022, 10, 14), "2022-10-13"),
        ("last night", date(2022, 10, 14), "2022-10-13"),
        ("tonight", date(2022, 10, 14), "2022-10-14"),
        ("this morning", date(2022, 10, 14), "2022-10-14"),
        ("the day before yesterday", date(2024, 3, 1), "2024-02-28"),
        ("the day after tomorrow", date(2022, 12, 30), "2023-01-01"),
        ("on yesterday", date(2022, 10, 14), "2022-10-13"),
    ],
)
def test_named_days(text: str, reference: date, expected: str) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert when.precision is Precision.DAY
    assert not when.approximate


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # last: the latest strictly before the reference
        ("last Thursday", date(2022, 10, 16), "2022-10-13"),  # a Sunday
        ("last Thursday", date(2022, 10, 13), "2022-10-06"),  # a Thursday: a week back
        ("last Thursday", date(2022, 10, 14), "2022-10-13"),
        ("last Friday", date(2024, 3, 2), "2024-03-01"),
        ("last Thursday", date(2024, 3, 2), "2024-02-29"),  # across the leap day
        ("last Monday", date(2023, 1, 1), "2022-12-26"),  # across the year
        ("Last THURSDAY,", date(2022, 10, 16), "2022-10-13"),
        ("last Thu.", date(2022, 10, 16), "2022-10-13"),
        ("last Thursday evening", date(2022, 10, 16), "2022-10-13"),
        # next: the first strictly after
        ("next Thursday", date(2022, 10, 13), "2022-10-20"),
        ("next Thursday", date(2022, 10, 12), "2022-10-13"),
        ("next Monday", date(2022, 12, 30), "2023-01-02"),
        # this: the one in the reference's Monday-to-Sunday week
        ("this Thursday", date(2022, 10, 16), "2022-10-13"),  # Sunday: back to Thursday
        ("this Thursday", date(2022, 10, 10), "2022-10-13"),  # Monday: ahead to Thursday
        ("this Sunday", date(2022, 10, 10), "2022-10-16"),
        ("this Monday", date(2022, 10, 16), "2022-10-10"),
        # alone or with "on": the nearest, the reference itself included
        ("Thursday", date(2023, 11, 9), "2023-11-09"),
        ("on Thursday", date(2022, 10, 16), "2022-10-13"),  # 3 days back, not 4 ahead
        ("on Thursday", date(2022, 10, 10), "2022-10-13"),  # 3 days ahead, not 4 back
        ("Thursday", date(2022, 10, 14), "2022-10-13"),
        ("Thursday", date(2022, 10, 12), "2022-10-13"),
        ("Thursday morning", date(2022, 10, 14), "2022-10-13"),
        ("Thu", date(2022, 10, 14), "2022-10-13"),
        ("Saturday", date(2022, 12, 30), "2022-12-31"),
        ("Sunday", date(2023, 1, 2), "2023-01-01"),
    ],
)
def test_weekdays(text: str, reference: date, expected: str) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert when.precision is Precision.DAY


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("last week", date(2022, 10, 16), "2022-10-03/2022-10-09"),
        ("last week", date(2022, 10, 10), "2022-10-03/2022-10-09"),
        ("this week", date(2022, 10, 16), "2022-10-10/2022-10-16"),
        ("next week", date(2022, 12, 28), "2023-01-02/2023-01-08"),
        ("last week", date(2024, 3, 6), "2024-02-26/2024-03-03"),
        ("last weekend", date(2022, 10, 16), "2022-10-08/2022-10-09"),
        ("this weekend", date(2022, 10, 12), "2022-10-15/2022-10-16"),
        ("last month", date(2023, 1, 10), "2022-12"),
        ("last month", date(2024, 3, 31), "2024-02"),
        ("this month", date(2024, 2, 29), "2024-02"),
        ("next month", date(2022, 12, 31), "2023-01"),
        ("last year", date(2023, 1, 1), "2022"),
        ("this year", date(2022, 12, 31), "2022"),
        ("next year", date(2022, 12, 31), "2023"),
    ],
)
def test_weeks_months_and_years(text: str, reference: date, expected: str) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert not when.approximate


@pytest.mark.parametrize(
    ("text", "reference", "expected", "human"),
    [
        ("late last month", date(2022, 11, 5), "2022-10-21~/2022-10-31~", "late October 2022"),
        ("late last month", date(2024, 3, 5), "2024-02-21~/2024-02-29~", "late February 2024"),
        ("late last month", date(2023, 3, 5), "2023-02-21~/2023-02-28~", "late February 2023"),
        ("early last month", date(2023, 1, 20), "2022-12-01~/2022-12-10~", "early December 2022"),
        ("mid-last month", date(2022, 11, 5), "2022-10-11~/2022-10-20~", "mid-October 2022"),
        ("early this month", date(2022, 10, 16), "2022-10-01~/2022-10-10~", "early October 2022"),
        ("late this month", date(2022, 9, 2), "2022-09-21~/2022-09-30~", "late September 2022"),
        ("mid this month", date(2022, 9, 2), "2022-09-11~/2022-09-20~", "mid-September 2022"),
        (
            "the end of last month",
            date(2022, 11, 5),
            "2022-10-21~/2022-10-31~",
            "late October 2022",
        ),
        ("late last year", date(2023, 2, 1), "2022-09~/2022-12~", "late 2022"),
        ("early next year", date(2022, 12, 1), "2023-01~/2023-04~", "early 2023"),
    ],
)
def test_thirds_of_last_or_this_month_read_as_the_written_thirds(
    text: str, reference: date, expected: str, human: str
) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert when.approximate
    assert when.human() == human
    assert When.parse(human) == when  # the same value as the month written out


@pytest.mark.parametrize(
    ("text", "reference", "first", "last"),
    [
        ("earlier this month", date(2022, 10, 16), date(2022, 10, 1), date(2022, 10, 15)),
        ("earlier this month", date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 28)),
        ("later this month", date(2024, 2, 20), date(2024, 2, 21), date(2024, 2, 29)),
        ("earlier this week", date(2022, 10, 13), date(2022, 10, 10), date(2022, 10, 12)),
        ("earlier this year", date(2022, 3, 1), date(2022, 1, 1), date(2022, 2, 28)),
    ],
)
def test_earlier_and_later_this_month(text: str, reference: date, first: date, last: date) -> None:
    when = valid(read(text, reference))
    assert (when.first_day, when.last_day) == (first, last)
    assert when.precision is Precision.DAY
    assert when.approximate


def test_earlier_this_month_on_the_first_leaves_no_day() -> None:
    with pytest.raises(DateError, match="leaves no day: 2022-10-01 is the first day of its month"):
        read("earlier this month", date(2022, 10, 1))
    when = read("earlier this month", date(2022, 10, 2))  # one day left: a single day
    assert str(when) == "2022-10-01~"


@pytest.mark.parametrize(
    ("text", "reference", "expected", "precision"),
    [
        ("3 days ago", date(2024, 3, 1), "2024-02-27", Precision.DAY),
        ("1 day ago", date(2024, 3, 1), "2024-02-29", Precision.DAY),
        ("ten days ago", date(2023, 1, 5), "2022-12-26", Precision.DAY),
        ("a week ago", date(2024, 3, 1), "2024-02-23", Precision.DAY),
        ("two weeks ago", date(2023, 1, 10), "2022-12-27", Precision.DAY),
        ("a month ago", date(2023, 1, 10), "2022-12", Precision.MONTH),
        ("two years ago", date(2023, 1, 10), "2021-01-10~", Precision.DAY),  # about that day
    ],
)
def test_ago(text: str, reference: date, expected: str, precision: Precision) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert when.precision is precision


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("13 October", date(2023, 1, 2), "2022-10-13"),
        ("13 October", date(2022, 10, 16), "2022-10-13"),
        ("on 13 October", date(2022, 10, 1), "2022-10-13"),
        ("Oct. 13", date(2023, 1, 2), "2022-10-13"),
        ("October 13", date(2023, 3, 1), "2022-10-13"),
        ("October 13", date(2023, 5, 1), "2023-10-13"),  # 165 days ahead, 200 back
        ("2 January", date(2022, 12, 20), "2023-01-02"),
        ("29 February", date(2023, 6, 1), "2024-02-29"),  # the only leap year in reach
        ("Thursday, 13 October", date(2022, 10, 16), "2022-10-13"),
        (f"12{EN}13 October", date(2022, 10, 16), "2022-10-12/2022-10-13"),
        (f"30 December {EN} 2 January", date(2023, 1, 10), "2022-12-30/2023-01-02"),
        (f"1{EN}30 June", date(2023, 12, 20), "2023-06-01/2023-06-30"),  # one year for both
        ("in October", date(2022, 11, 5), "2022-10"),
        ("late October", date(2022, 11, 5), "2022-10-21~/2022-10-31~"),
        ("13 октября", date(2022, 10, 16), "2022-10-13"),
    ],
)
def test_a_day_without_a_year_takes_the_nearest_year(
    text: str, reference: date, expected: str
) -> None:
    assert str(valid(read(text, reference))) == expected


def test_a_yearless_day_is_checked_once_its_year_is_known() -> None:
    with pytest.raises(DateError, match="13 October 2022 is a Thursday, not a Friday"):
        read("Friday, 13 October", date(2022, 10, 16))
    with pytest.raises(DateError, match="32 October 2022 does not exist"):
        read("32 October", date(2022, 10, 16))
    with pytest.raises(DateError, match="29 February falls in no year next to 2022"):
        read("29 February", date(2022, 6, 1))


@pytest.mark.parametrize(
    ("text", "reference", "expected", "human"),
    [
        ("this autumn", date(2022, 10, 16), "2022-23", "autumn 2022"),
        ("this summer", date(2023, 1, 16), "2023-22", "summer 2023"),
        ("last summer", date(2022, 10, 16), "2022-22", "summer 2022"),
        ("last summer", date(2022, 8, 31), "2021-22", "summer 2021"),  # not over
        ("last summer", date(2022, 9, 1), "2022-22", "summer 2022"),
        ("next summer", date(2022, 6, 1), "2023-22", "summer 2023"),
        ("this winter", date(2023, 1, 16), "2022-24", "winter 2022/23"),  # under way
        ("this winter", date(2022, 10, 16), "2022-24", "winter 2022/23"),
        ("last winter", date(2023, 1, 16), "2021-24", "winter 2021/22"),
        ("last winter", date(2024, 3, 1), "2023-24", "winter 2023/24"),
        ("last fall", date(2023, 3, 1), "2022-23", "autumn 2022"),
        ("next spring", date(2023, 1, 16), "2023-21", "spring 2023"),
    ],
)
def test_seasons_around_the_reference(
    text: str, reference: date, expected: str, human: str
) -> None:
    when = valid(read(text, reference))
    assert str(when) == expected
    assert when.precision is Precision.MONTH
    assert when.human() == human


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:50 a.m. last Thursday", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("last Thursday at 10 pm", "2022-10-13T22:00+06:00[Asia/Almaty]"),
        ("last Thursday, 09:50", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("at 14:00 yesterday", "2022-10-15T14:00+06:00[Asia/Almaty]"),
        ("yesterday at 3:50 (UTC)", "2022-10-15T09:50+06:00[Asia/Almaty]"),
        ("9:50 a.m. on Thursday", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October, 09:50", "2022-10-13T09:50+06:00[Asia/Almaty]"),
    ],
)
def test_a_clock_time_with_a_relative_day(text: str, expected: str) -> None:
    when = valid(read(text, date(2022, 10, 16), zone="Asia/Almaty"))
    assert str(when) == expected
    assert when.precision is Precision.MINUTE


def test_a_clock_time_needs_one_day_and_floats_without_a_zone() -> None:
    with pytest.raises(DateError, match="a time of day needs a single day, unlike 'last week"):
        read("last week at 10 pm", date(2022, 10, 16), zone="Asia/Almaty")
    assert str(read("last Thursday at 10 pm", date(2022, 10, 16))) == "2022-10-13T22:00"


def test_qualifiers_still_apply() -> None:
    reference = date(2022, 10, 16)
    assert canon("last Thursday?", reference) == "2022-10-13?"
    assert canon("c. last week", reference) == "2022-10-03~/2022-10-09~"
    assert canon("around yesterday?", reference) == "2022-10-15%"


def test_the_reference_may_be_a_datetime_and_from_value_passes_it_on() -> None:
    moment = datetime(2022, 10, 16, 23, 0, tzinfo=ALMATY)
    assert str(When.parse("yesterday", reference=moment)) == "2022-10-15"
    assert str(When.from_value("yesterday", reference=date(2022, 10, 16))) == "2022-10-15"
    assert When.from_value(date(2022, 10, 13), reference=date(2000, 1, 1)) == When.parse(
        "2022-10-13"
    )
    with pytest.raises(DateError, match="reference day must be a date, not str"):
        When.parse("yesterday", reference="2022-10-16")  # type: ignore[arg-type]


def test_absolute_dates_ignore_the_reference() -> None:
    for text in ("13 October 2022", "2022-10", "summer 2022", "early October 2022"):
        assert When.parse(text, reference=date(1990, 1, 1)) == When.parse(text)


def test_pydantic_takes_the_reference_from_the_context() -> None:
    class Dated(BaseModel):
        when: When

    dated = Dated.model_validate(
        {"when": "last Thursday"}, context={"reference": date(2022, 10, 16)}
    )
    assert str(dated.when) == "2022-10-13"


def test_years_outside_the_calendar_are_refused() -> None:
    with pytest.raises(DateError, match="'yesterday' falls outside the years 0001 to 9999"):
        read("yesterday", date(1, 1, 1))
    with pytest.raises(DateError, match="outside the years 0001 to 9999"):
        read("next year", date(9999, 6, 1))


# -- without a reference --------------------------------------------------------------------

RELATIVE = [
    "yesterday",
    "today",
    "tomorrow",
    "last Thursday",
    "on Thursday",
    "Thursday",
    "next Thursday",
    "this Thursday",
    "Thursday morning",
    "last week",
    "this week",
    "next week",
    "last month",
    "this month",
    "next month",
    "last year",
    "earlier this month",
    "early last month",
    "mid this month",
    "late last month",
    "3 days ago",
    "a week ago",
    "two weeks ago",
    "this autumn",
    "last summer",
    "9:50 a.m. last Thursday",
    "last Thursday at 10 pm",
]


@pytest.mark.parametrize("text", RELATIVE)
def test_a_relative_date_without_a_reference_says_so(text: str) -> None:
    with pytest.raises(MissingReference) as caught:
        When.parse(text, zone="Asia/Almaty")
    error = caught.value
    assert isinstance(error, DateError)
    assert error.phrase == text
    with pytest.raises(MissingReference, match=r"^'c\. " + text + r"\?' is relative"):
        When.parse(f"c. {text}?", zone="Asia/Almaty")
    assert error.message == f"{text!r} is relative: it needs the day it was written"
    assert error.hint is not None
    assert "as_of" in error.hint


@pytest.mark.parametrize("text", ["13 October", "Oct. 13", "October 13", f"12{EN}13 October"])
def test_a_day_without_a_year_and_without_a_reference_says_so(text: str) -> None:
    with pytest.raises(MissingReference, match="has no year: it takes the one nearest the day"):
        When.parse(text)


def test_missing_reference_from_every_entry_point() -> None:
    with pytest.raises(MissingReference):
        When.from_value("last Thursday")

    class Dated(BaseModel):
        when: When

    with pytest.raises(ValueError, match="is relative"):
        Dated(when="last Thursday")


# -- the old misleading messages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("last Thursday", "August"),
        ("yesterday", "Saturday"),
        ("last 13 October 2022", "August"),
        ("yesterday 13 October 2022", "Saturday"),
    ],
)
def test_relative_words_are_not_taken_for_misspelt_names(text: str, gone: str) -> None:
    with pytest.raises(DateError) as caught:
        When.parse(text)
    assert gone not in caught.value.message
    assert "did you mean" not in caught.value.message


@pytest.mark.parametrize(
    "text", ["sometime last year", "last 13 October 2022", "the week before", "hello"]
)
def test_an_unknown_phrase_is_one_line_pointing_to_the_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        When.parse(text, reference=date(2022, 10, 16))
    error = caught.value
    assert not isinstance(error, MissingReference)
    assert repr(text) in error.message
    assert error.hint == ACCEPTED_FORMS
    assert len(str(error)) < 200, "the list of forms is in the docs, not in every error"


def test_a_near_miss_of_a_phrase_word_is_named() -> None:
    with pytest.raises(DateError, match="unknown word 'yesterdy'; did you mean 'yesterday'"):
        When.parse("yesterdy 2022")


def test_the_docs_the_hint_points_to_name_the_new_forms() -> None:
    assert 'docs/authoring.md, section "Dates"' in ACCEPTED_FORMS
    docs = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    dates = docs.split("\n## Dates\n", 1)[1].split("\n## ", 1)[0]
    for form in ("summer 2022", "Q3 2022", "first half of 2023", "last Thursday", "3 days ago"):
        assert form in dates


# -- written_in_words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Thursday", True),
        ("13 October 2022", True),
        ("summer 2022", True),
        ("c. 2022-10-13", True),
        (f"12{EN}13 October 2022", True),
        ("2022-10-13", False),
        ("  2022-10 ", False),
        ("2022-22", False),
        ("2022-10-13T09:50+06:00[Asia/Almaty]", False),
        ("2022-10-13T09:50[Asia/Almaty]/2022-10-13T18:00", False),
        ("2022-1-5", False),  # malformed ISO is still ISO, and refused as such
        ("13/10/2022", False),
        ("", False),
    ],
)
def test_written_in_words(text: str, expected: bool) -> None:
    assert written_in_words(text) is expected


# -- in a file: the phrase and its reference day survive every format ------------------------


def test_the_phrase_survives_json(write_toml: WriteToml) -> None:
    from timeline import formats

    chronology = load(write_toml(SEEDS))
    for name in ("json", "csv", "ics"):
        spec = formats.FORMATS[name]
        again = spec.read(spec.write(chronology), "again")
        event = again["putin-astana-2022"]
        assert (event.when_text, event.as_of) == ("last Thursday", date(2022, 10, 16)), name
        assert again["putin-astana-2023"].absent == ("KG",), name


# -- properties -----------------------------------------------------------------------------


@moderate
@given(references, st.integers(0, 400))
def test_days_ago_are_exactly_that_many_days_back(reference: date, count: int) -> None:
    when = valid(read(f"{count} days ago", reference))
    assert when.start == reference - timedelta(days=count)
    assert when.precision is Precision.DAY
    weeks = valid(read(f"{count} weeks ago", reference))
    assert weeks.start == reference - timedelta(weeks=count)


@moderate
@given(references, st.integers(0, 6))
def test_weekdays_keep_their_distance(reference: date, number: int) -> None:
    name = WEEKDAYS[number]
    last = valid(read(f"last {name}", reference)).start
    assert isinstance(last, date)
    assert 1 <= (reference - last).days <= 7
    assert last.weekday() == number
    following = valid(read(f"next {name}", reference)).start
    assert isinstance(following, date)
    assert 1 <= (following - reference).days <= 7
    assert following.weekday() == number
    nearest = valid(read(name, reference)).start
    assert isinstance(nearest, date)
    assert abs((nearest - reference).days) <= 3
    assert nearest.weekday() == number
    assert read(f"on {name}", reference) == read(name, reference)
    this = valid(read(f"this {name}", reference)).start
    assert isinstance(this, date)
    assert this.isocalendar()[:2] == reference.isocalendar()[:2]
    assert this.weekday() == number


@moderate
@given(references)
def test_named_days_weeks_months_and_years(reference: date) -> None:
    one = timedelta(days=1)
    assert valid(read("yesterday", reference)).start == reference - one
    assert valid(read("today", reference)).start == reference
    assert valid(read("tomorrow", reference)).start == reference + one
    last_week = valid(read("last week", reference))
    assert last_week.first_day.weekday() == 0
    assert last_week.last_day - last_week.first_day == timedelta(days=6)
    assert last_week.first_day <= reference - timedelta(days=7) <= last_week.last_day
    this_week = valid(read("this week", reference))
    assert this_week.first_day <= reference <= this_week.last_day
    last_month = valid(read("last month", reference))
    assert last_month.precision is Precision.MONTH
    assert last_month.last_day == reference.replace(day=1) - one
    this_month = valid(read("this month", reference))
    assert this_month.first_day == reference.replace(day=1)
    assert this_month.first_day <= reference <= this_month.last_day
    next_month = valid(read("next month", reference))
    assert next_month.first_day == this_month.last_day + one
    assert valid(read("last year", reference)).start == date(reference.year - 1, 1, 1)
    late = valid(read("late last month", reference))
    month = last_month.first_day
    assert late == When.parse(f"late {MONTHS[month.month - 1]} {month.year}")
    if reference.day > 1:
        earlier = valid(read("earlier this month", reference))
        assert earlier.first_day == reference.replace(day=1)
        assert earlier.last_day == reference - one


@moderate
@given(references, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_yearless_day_lands_in_the_nearest_year(reference: date, day: date) -> None:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    if (day.month, day.day) == (2, 29) and not any(
        calendar.isleap(year) for year in (reference.year - 1, reference.year, reference.year + 1)
    ):
        with pytest.raises(DateError, match="29 February falls in no year"):
            read(text, reference)
        return
    resolved = valid(read(text, reference)).start
    assert isinstance(resolved, date)
    assert (resolved.month, resolved.day) == (day.month, day.day)
    distance = abs((resolved - reference).days)
    for year in (resolved.year - 1, resolved.year + 1):
        if calendar.isleap(year) or (day.month, day.day) != (2, 29):
            assert distance <= abs((date(year, day.month, day.day) - reference).days)


@moderate
@given(references, st.sampled_from(["spring", "summer", "autumn", "winter"]))
def test_seasons_around_any_reference(reference: date, season: str) -> None:
    last = valid(read(f"last {season}", reference))
    assert last.last_day < reference
    assert last.approximate
    assert last.precision is Precision.MONTH
    assert (last.last_day.year - last.first_day.year) * 12 + (
        last.last_day.month - last.first_day.month
    ) == 2
    following = valid(read(f"next {season}", reference))
    assert following.first_day > reference
    assert (following.first_day - reference).days <= 366
    assert (reference - last.last_day).days <= 366
    this = valid(read(f"this {season}", reference))
    assert last.first_day <= this.first_day
    assert this.first_day.year == reference.year or this.last_day >= reference
