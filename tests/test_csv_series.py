"""CSV with series: the columns of a series written only when needed, read back equal; a
spreadsheet's own way of writing them; what a calendar carried left out with a warning."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings

from tests.factories import event, rich
from tests.series_factories import series_timelines
from timeline import InvalidTimeline, Timeline, TimelineWarning, When
from timeline.formats import _csv as timeline_csv

HEADER = (
    "id,title,when,kind,repeats,repeats_also,repeats_skip,series,occurrence,uid,"
    "source_publisher,source_title\r\n"
)


def read(text: str) -> Timeline:
    return timeline_csv.read(text.encode(), "briefings.csv")


def header_of(chronology: Timeline) -> list[str]:
    return next(csv.reader(io.StringIO(timeline_csv.to_csv(chronology))))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series_timelines(carried=False))
def test_series_round_trip(chronology: Timeline) -> None:
    data = timeline_csv.to_csv(chronology)
    again = timeline_csv.read(data.encode(), None, title=chronology.title)
    assert again.events == chronology.events
    assert timeline_csv.to_csv(again) == data


def test_a_chronology_without_series_keeps_the_columns_it_always_had() -> None:
    assert not set(timeline_csv.SERIES_COLUMNS) & set(header_of(rich()))


def test_one_series_brings_all_six_columns_after_as_of() -> None:
    weekly = event("weekly", "2023-01-02", repeats="FREQ=WEEKLY")
    header = header_of(Timeline(title="T", events=(weekly,)))
    start = header.index("as_of") + 1
    assert header[start : start + 6] == list(timeline_csv.SERIES_COLUMNS)


def test_an_imported_uid_alone_brings_the_columns() -> None:
    imported = event("imported", "2023-01-02", uid="=cmd|x@example.org")
    text = timeline_csv.to_csv(Timeline(title="T", events=(imported,)))
    assert "'=cmd|x@example.org" in text, "a uid is guarded like any text"
    assert timeline_csv.read(text.encode(), None, title="T").events == (imported,)


def test_a_spreadsheet_writes_a_series_in_its_own_cells() -> None:
    text = HEADER + (
        'weekly,Briefing,2023-01-02,meeting,"FREQ=WEEKLY;BYDAY=MO,TH",2023-07-05,'
        "2023-04-10; 2023-04-13,,,,MFA,Schedule\r\n"
        "weekly-moved,Briefing (moved),2023-05-02,meeting,,,,weekly,2023-05-01,b@mfa,MFA,Moved\r\n"
    )
    chronology = read(text)
    series = chronology["weekly"].repeats
    assert series is not None
    assert series.rule == ("FREQ=WEEKLY;BYDAY=MO,TH",)
    assert series.also == (When.parse("2023-07-05"),)
    assert series.skip == (When.parse("2023-04-10"), When.parse("2023-04-13"))
    moved = chronology["weekly-moved"]
    assert (moved.series, moved.occurrence, moved.uid) == (
        "weekly",
        When.parse("2023-05-01"),
        "b@mfa",
    )


def test_two_rules_are_two_lines_of_one_cell() -> None:
    text = HEADER + (
        'weekly,Briefing,2023-01-02,meeting,"FREQ=WEEKLY;BYDAY=MO\nFREQ=MONTHLY;BYMONTHDAY=15",'
        ",,,,,MFA,Schedule\r\n"
    )
    series = read(text)["weekly"].repeats
    assert series is not None
    assert series.rule == ("FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=15")


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ("FREQ=WEEKLYX,,,,,", "repeats"),
        (",,2023-04-10,,,", "repeats"),
        ("FREQ=WEEKLY,2023-07,,,,", "repeats_also"),
        ("FREQ=WEEKLY,,2023-04-10/2023-04-11,,,", "repeats_skip"),
        (",,,weekly,,", "occurrence"),
        (",,,,2023-05-01,", "series"),
    ],
)
def test_a_series_problem_names_its_column(cells: str, column: str) -> None:
    text = HEADER + f"weekly,Briefing,2023-01-02,meeting,{cells},MFA,Schedule\r\n"
    with pytest.raises(InvalidTimeline) as caught:
        read(text)
    problem = caught.value.problems[0]
    assert (problem.location.line, problem.location.field) == (2, column)


def test_what_a_calendar_carried_is_left_out_with_a_warning() -> None:
    kept = event("imported", "2023-01-02", uid="x@example.org", carried={"ics": "CLASS:PRIVATE"})
    with pytest.warns(TimelineWarning, match="CSV cannot carry what 1 event kept from ics files"):
        text = timeline_csv.to_csv(Timeline(title="T", events=(kept,)))
    assert "CLASS" not in text
    (again,) = timeline_csv.read(text.encode(), None, title="T").events
    assert again == kept.model_copy(update={"carried": {}})


def test_a_half_written_series_says_which_cell_to_fill() -> None:
    text = HEADER + (
        "weekly,Briefing,2023-01-02,meeting,,,2023-01-09,,,,MFA,Schedule\r\n"
        "moved,Briefing,2023-01-10,meeting,,,,weekly,,,MFA,Moved\r\n"
    )
    with pytest.raises(InvalidTimeline) as caught:
        read(text)
    said = [(each.location.field, each.message, each.hint) for each in caught.value.problems]
    assert said == [
        (
            "repeats",
            "the required cell 'repeats' is empty",
            "fill in the rule, e.g. FREQ=WEEKLY;BYDAY=MO, or leave every repeats_ cell empty",
        ),
        (
            "occurrence",
            "the required cell 'occurrence' is empty",
            "fill in the start the series' rule gave this occurrence, or leave series empty",
        ),
    ]
