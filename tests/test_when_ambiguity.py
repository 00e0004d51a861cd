"""A phrase with two readings is said aloud, never chosen in silence (issue 23 item 1):
"next Friday" on a Wednesday warns with both days; "03/04/2022" is refused with both."""

from __future__ import annotations

import calendar
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import Timeline, load
from timeline._errors import DateError, LikelyMistake, Problem, ProblemCode
from timeline._review import likely_mistakes
from timeline._when import When

WEDNESDAY = date(2022, 10, 12)
WEEKDAYS = [calendar.day_name[number] for number in range(7)]


def test_next_friday_on_a_wednesday_names_both_fridays() -> None:
    with pytest.warns(LikelyMistake, match="14 October 2022 .* or 21 October 2022") as caught:
        when = When.parse("next Friday", reference=WEDNESDAY)
    assert str(when) == "2022-10-14"  # as docs/authoring.md says: the first after
    assert "write the date" in str(caught[0].message)


def test_it_warns_on_every_read_not_only_the_first() -> None:
    for _ in range(2):
        with pytest.warns(LikelyMistake):
            When.parse("since next Friday", reference=WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("next Friday", date(2022, 10, 15)),  # a Saturday: this week's Friday is gone
        ("next Monday", WEDNESDAY),  # the first Monday after is in the next week
        ("next Wednesday", WEDNESDAY),  # a week on, either way
        ("Friday", WEDNESDAY),  # the nearest: one reading
        ("last Friday", WEDNESDAY),
        ("next week", WEDNESDAY),
    ],
)
def test_one_reading_is_no_warning(text: str, reference: date) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        When.parse(text, reference=reference)


@pytest.mark.parametrize("text", ["12 a.m. on 8 November 2022", "8 November 2022 12am"])
def test_twelve_a_m_names_both_midnights_and_reads_the_first(text: str) -> None:
    with pytest.warns(LikelyMistake, match="begins the day or the one that ends it"):
        when = When.parse(text)
    assert str(when) == "2022-11-08T00:00"


@pytest.mark.parametrize("text", ["12 p.m. on 8 November 2022", "12:30 on 8 November 2022"])
def test_noon_and_other_times_with_twelve_are_no_warning(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        When.parse(text)


def test_numbers_with_two_readings_are_refused_with_both() -> None:
    with pytest.raises(DateError, match=r"4 March 2022 or 3 April 2022"):
        When.parse("03/04/2022")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 8), max_value=date(2100, 12, 24)), st.sampled_from(WEEKDAYS)
)
def test_a_warning_exactly_when_the_readings_differ(reference: date, day: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = When.parse(f"next {day}", reference=reference).first_day
    same_week = first - timedelta(days=first.weekday()) == reference - timedelta(
        days=reference.weekday()
    )
    assert bool([w for w in caught if issubclass(w.category, LikelyMistake)]) == same_week


def test_a_file_says_the_other_reading_once_located_at_the_event(tmp_path: Path) -> None:
    path = tmp_path / "talks.toml"
    path.write_text(
        '[timeline]\ntitle = "t"\n\n[[events]]\nid = "talks"\ntitle = "Talks resume"\n'
        'when = "next Friday"\nkind = "meeting"\nstatus = "scheduled"\n\n'
        '[[events.sources]]\npublisher = "p"\ntitle = "t"\npublished = 2022-10-12\n',
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load(path)
    said = [str(w.message) for w in caught if issubclass(w.category, LikelyMistake)]
    assert len(said) == 1
    assert said[0].startswith(f"{path}:7: event 'talks', field 'when': 'next Friday' written on")
    assert "21 October 2022" in said[0]
    assert str(loaded["talks"].when) == "2022-10-14"
    problems = review_problems(loaded)
    assert [problem.code for problem in problems] == [ProblemCode.AMBIGUOUS]


def review_problems(loaded: Timeline) -> list[Problem]:
    return [problem for _, problem in likely_mistakes(loaded.events, loaded.updated)]
