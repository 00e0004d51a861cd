"""Series written by hand in TOML: the worked example of docs/authoring.md loads as it says,
and each likely mistake is one located problem naming its field."""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

import pytest

from tests.factories import event
from tests.helpers import WriteToml, problems_of
from timeline import InvalidTimeline, LikelyMistake, Status, When, load
from timeline._occurrences import occurrences

ROOT = Path(__file__).resolve().parents[1]

HEAD = """\
[timeline]
title = "Briefings"
timezone = "Asia/Almaty"

[[events]]
id = "briefing"
title = "Weekly briefing"
when = {when}
kind = "statement"
{lines}
sources = [{{ publisher = "MFA", title = "Schedule" }}]
"""

OVERRIDE = """
[[events]]
id = "briefing-moved"
title = "Weekly briefing, moved"
when = "2023-05-02T15:00"
kind = "statement"
{lines}
sources = [{{ publisher = "MFA", title = "Moved" }}]
"""

START = '"2023-01-02T10:00"'


def worked_example() -> str:
    """The first TOML block of docs/authoring.md's section on series."""
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = text[text.index("## Series") :]
    found = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def test_the_worked_example_gives_the_occurrences_it_describes(write_toml: WriteToml) -> None:
    chronology = load(write_toml(worked_example()))
    found = occurrences(chronology, date(2023, 1, 1), date(2023, 12, 31))
    (listed,) = found.values()
    days = [each.when.first_day for each in listed]
    assert days[0] == date(2023, 1, 2)
    assert date(2023, 4, 10) not in days  # skipped
    assert date(2023, 5, 1) not in days  # moved
    assert date(2023, 5, 2) in days
    assert days[-1] == date(2023, 7, 5)  # the other date
    cancelled = [each for each in listed if each.event.status is Status.CANCELLED]
    assert [each.when.first_day for each in cancelled] == [date(2023, 6, 12)]
    assert len(listed) == 26
    assert any(event.uid for event in chronology)


@pytest.mark.parametrize(
    ("when", "lines", "override", "field", "code"),
    [
        ('"2023-01"', 'repeats = "FREQ=WEEKLY"', None, "when", "date"),
        ('"2023-01-02~"', 'repeats = "FREQ=WEEKLY"', None, "when", "date"),
        (START, 'repeats = "WEEKLY"', None, "repeats.rule[0]", "syntax"),
        (START, 'repeats = "FREQ=WEEKLY;COUNT=5;UNTIL=20230626"', None, "repeats.rule[0]", None),
        (START, 'repeats = ["FREQ=WEEKLY"]', None, "repeats", "wrong-type"),
        (START, 'repeats = { skip = ["2023-04-10T10:00"] }', None, "repeats", "missing"),
        (START, 'repeats = { rule = "FREQ=WEEKLY", skip = "2023-04-10" }', None, None, None),
        (START, 'repeats = { rule = "FREQ=WEEKLY", skip = ["2023-04"] }', None, None, "date"),
        (START, 'repeats = "FREQ=WEEKLY"', 'series = "briefing"', "occurrence", "missing"),
        (START, 'repeats = "FREQ=WEEKLY"', 'occurrence = "2023-05-01T10:00"', "series", None),
        (
            START,
            'repeats = "FREQ=WEEKLY"',
            'series = "briefing"\noccurrence = "2023-05-01T10:00"\nrepeats = "FREQ=DAILY"',
            "repeats",
            "inconsistent",
        ),
        (START, "", 'series = "briefing"\noccurrence = "2023-05-01T10:00"', "series", "link"),
        (START, 'repeats = "FREQ=WEEKLY"', 'series = "B"\noccurrence = "2023-05-01"', None, "slug"),
    ],
)
def test_each_likely_mistake_is_one_problem_at_its_field(
    write_toml: WriteToml,
    when: str,
    lines: str,
    override: str | None,
    field: str | None,
    code: str | None,
) -> None:
    text = HEAD.format(when=when, lines=lines)
    if override is not None:
        text += OVERRIDE.format(lines=override)
    (problem,) = problems_of(write_toml, text)
    if field is not None:
        assert problem.location.field == field
    assert problem.location.field is not None
    assert problem.location.line is not None
    if code is not None:
        assert problem.code == code
    wrong_line = text.splitlines()[problem.location.line - 1]
    named = problem.location.field.partition(".")[0].partition("[")[0]
    assert named in wrong_line or problem.code == "missing"


def test_a_series_refusal_names_its_field_in_python_too() -> None:
    with pytest.raises(InvalidTimeline) as caught:
        event("weekly", "2023-01", repeats="FREQ=WEEKLY")
    (problem,) = caught.value.problems
    assert (problem.location.event_id, problem.location.field) == ("weekly", "when")


@pytest.mark.parametrize(
    ("written", "meant"),
    [("rrule", "repeats"), ("recurrence", "repeats"), ("recurrence_id", "occurrence")],
)
def test_a_calendar_word_for_a_field_is_offered_its_name(
    write_toml: WriteToml, written: str, meant: str
) -> None:
    text = HEAD.format(when=START, lines=f'{written} = "FREQ=WEEKLY"')
    (problem,) = problems_of(write_toml, text)
    assert problem.code == "unknown-field"
    assert problem.hint == f"did you mean '{meant}'?"


@pytest.mark.parametrize(("written", "meant"), [("exdate", "skip"), ("except", "skip")])
def test_a_calendar_word_inside_repeats_is_offered_its_name(
    write_toml: WriteToml, written: str, meant: str
) -> None:
    lines = f'repeats = {{ rule = "FREQ=WEEKLY", {written} = ["2023-04-10T10:00"] }}'
    (problem,) = problems_of(write_toml, HEAD.format(when=START, lines=lines))
    assert problem.location.field == f"repeats.{written}"
    assert problem.hint == f"did you mean '{meant}'?"


def test_a_date_left_out_twice_is_named_as_written(write_toml: WriteToml) -> None:
    lines = 'repeats = { rule = "FREQ=WEEKLY", skip = ["2023-04-10T10:00", "2023-04-10T10:00"] }'
    (problem,) = problems_of(write_toml, HEAD.format(when=START, lines=lines))
    assert problem.message == "'2023-04-10T10:00+06:00[Asia/Almaty]' is listed twice"


def test_the_local_times_of_a_series_are_read_in_its_zone(write_toml: WriteToml) -> None:
    lines = 'repeats = { rule = "FREQ=WEEKLY", also = ["2023-07-05T10:00"] }\nuid = "b-1@mfa"'
    series = load(write_toml(HEAD.format(when=START, lines=lines)))["briefing"]
    assert series.repeats is not None
    assert series.repeats.also == (When.parse("2023-07-05T10:00", zone="Asia/Almaty"),)
    assert series.uid == "b-1@mfa"


@pytest.mark.parametrize(
    ("lines", "override", "field"),
    [
        (
            'repeats = "FREQ=WEEKLY"',
            'series = "briefing"\noccurrence = "2023-05-01T11:00"',
            "occurrence",
        ),
        ('repeats = "FREQ=WEEKLY"', 'series = "briefing"\noccurrence = "2023-05-01"', "occurrence"),
        ('repeats = { rule = "FREQ=WEEKLY", skip = ["2023-04-10"] }', None, "repeats.skip[0]"),
    ],
)
def test_a_start_the_rule_does_not_give_is_a_likely_mistake_at_its_field(
    write_toml: WriteToml, lines: str, override: str | None, field: str
) -> None:
    text = HEAD.format(when=START, lines=lines)
    if override is not None:
        text += OVERRIDE.format(lines=override)
    with pytest.warns(LikelyMistake) as caught:
        load(write_toml(text))
    (said,) = [str(each.message) for each in caught if isinstance(each.message, LikelyMistake)]
    assert f"event 'briefing{'' if override is None else '-moved'}', field '{field}'" in said
    assert "has no occurrence starting" in said
    assert "the series' first: 2 January 2023, 10:00" in said


def test_starts_the_rule_gives_are_no_likely_mistake(write_toml: WriteToml) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LikelyMistake)
        chronology = load(write_toml(worked_example()))
    assert len(chronology) == 3
