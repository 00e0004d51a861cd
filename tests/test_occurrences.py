"""Series as data: a rule, its other dates and the dates it skips, its moved occurrences, and the
occurrences computed for a window (`_occurrences`), checked against dateutil's own reading."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import WEEKLY, rrule
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import HEADER, event, event_toml
from tests.helpers import WriteToml, problems_of
from timeline import InvalidTimeline, Repeats, Status, Timeline, When, load
from timeline._occurrences import LIMIT, WALK_LIMIT, occurrences, occurrences_of
from timeline._rules import rule_text

ALMATY = ZoneInfo("Asia/Almaty")


def briefings(**repeats: object) -> Timeline:
    """Weekly briefings on Mondays at 10:00 in Almaty, 2 January to 26 June 2023."""
    rule = {"rule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626T040000Z", **repeats}
    series = event("briefing", "2023-01-02T10:00/2023-01-02T11:00", repeats=rule, kind="other")
    return Timeline(title="Briefings", events=(series,))


def test_an_until_with_dashes_is_written_in_rfc_5545_form() -> None:
    assert rule_text("FREQ=DAILY;UNTIL=2023-06-26") == "FREQ=DAILY;UNTIL=20230626"
    assert rule_text("FREQ=DAILY;UNTIL=2023-06-26T12:00:00Z") == "FREQ=DAILY;UNTIL=20230626T120000Z"
    series = event("daily", "2023-06-24", repeats="FREQ=DAILY;UNTIL=2023-06-26", kind="other")
    assert len(occurrences_of(series, date(2023, 1, 1), date(2023, 12, 31))) == 3


def test_a_rule_that_never_repeats_from_its_start_gives_its_start_alone() -> None:
    # found by hypothesis: every 9 hours from 10:00 never lands on 9:00 (dateutil raised)
    rule = "FREQ=HOURLY;INTERVAL=9;BYHOUR=9;COUNT=5"
    series = event("hourly", "2023-06-24T10:00", repeats=rule, kind="other")
    found = occurrences_of(series, date(2023, 1, 1), date(2023, 12, 31))
    assert [each.original for each in found] == [datetime(2023, 6, 24, 10, tzinfo=ALMATY)]


def test_a_rule_alone_is_a_series_with_that_rule() -> None:
    assert Repeats.model_validate("rrule:freq=weekly;byday=mo").rule == ("FREQ=WEEKLY;BYDAY=MO",)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=WEEKLYX", "cannot be read"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20230101", "not both"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("FREQ=WEEKLY;;BYDAY=MO", "no NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=XX", "cannot be read"),
        ("FREQ=WEEKLY;UNTIL=26.06.2023", "no date or date-time"),
        ("FREQ=MONTHLY;BYDAY=53MO", "a month has no such weekday"),
        ("FREQ=YEARLY;BYDAY=54MO", "a year has no such weekday"),
        ("FREQ=MONTHLY;BYDAY=0MO", "no such weekday"),
    ],
)
def test_a_rule_dateutil_cannot_read_is_refused_saying_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        rule_text(text)


def test_numbered_weekdays_within_a_month_or_a_year_are_kept() -> None:
    assert rule_text("FREQ=MONTHLY;BYDAY=-1FR,+2MO,5SU") == "FREQ=MONTHLY;BYDAY=-1FR,+2MO,5SU"
    assert rule_text("FREQ=YEARLY;BYDAY=20MO") == "FREQ=YEARLY;BYDAY=20MO"


def test_other_dates_of_a_timed_series_follow_its_zone_and_time_of_day() -> None:
    # built in code, a skipped time may be floating and an extra date a day: each is read as
    # the series' start is stepped, not refused by dateutil as naive beside aware
    rule = {
        "rule": "FREQ=WEEKLY;COUNT=4",
        "skip": [When.parse("2023-01-09T10:00")],
        "also": [When.parse("2023-01-04")],
    }
    series = event("b", "2023-01-02T10:00", repeats=rule, kind="other")
    found = occurrences_of(series, date(2023, 1, 1), date(2023, 2, 1))
    assert [each.original for each in found] == [
        datetime(2023, 1, day, 10, tzinfo=ALMATY) for day in (2, 4, 16, 23)
    ]


def test_the_occurrences_follow_the_rule_less_the_skipped_days() -> None:
    timeline = briefings(skip=[When.parse("2023-04-10T10:00", zone="Asia/Almaty")])
    found = occurrences(timeline, date(2023, 1, 1), date(2023, 12, 31))["briefing"]
    mondays = [
        start
        for start in rrule(WEEKLY, dtstart=datetime(2023, 1, 2, 10, tzinfo=ALMATY), count=26)
        if start.date() != date(2023, 4, 10)
    ]
    assert [each.original for each in found] == mondays
    assert all(each.when.end_point is not None for each in found)
    first = found.items[0].when
    assert first.start == mondays[0]
    assert first.end == mondays[0] + timedelta(hours=1)


def test_an_override_takes_its_occurrences_place() -> None:
    series = briefings().events[0]
    moved = event(
        "briefing-moved",
        "2023-04-18T10:00",
        series="briefing",
        occurrence=When.parse("2023-04-17T10:00", zone="Asia/Almaty"),
        status=Status.POSTPONED,
    )
    found = occurrences_of(series, date(2023, 4, 1), date(2023, 4, 30), [moved])
    assert [each.event.id for each in found] == ["briefing"] * 2 + ["briefing-moved", "briefing"]
    assert found.items[2].when == moved.when


def test_other_dates_join_the_rule_and_the_window_bounds_them() -> None:
    timeline = briefings(also=[When.parse("2023-07-05T10:00", zone="Asia/Almaty")])
    found = occurrences(timeline, date(2023, 6, 20), date(2023, 7, 31))["briefing"]
    assert [each.when.first_day for each in found] == [date(2023, 6, 26), date(2023, 7, 5)]


def test_an_endless_rule_every_second_since_1970_gives_a_bounded_answer() -> None:
    series = event("tick", "1970-01-01T00:00:00Z", repeats="FREQ=SECONDLY", kind="other")
    found = occurrences_of(series, date(2020, 1, 1), date(2020, 1, 2))
    assert found.capped
    # jumped to the window: its first seconds, not fifty years walked
    assert len(found) == LIMIT
    assert found.items[0].original == datetime(2020, 1, 1, tzinfo=UTC)
    assert WALK_LIMIT < 10_000_000


def test_a_rule_that_cannot_be_jumped_is_not_walked_past_the_walk_cap() -> None:
    # a COUNT with BY parts cannot be lessened exactly, so DTSTART stays in 1970
    rule = "FREQ=SECONDLY;BYMINUTE=5;COUNT=999999999"
    series = event("tick", "1970-01-01T00:00:00Z", repeats=rule, kind="other")
    found = occurrences_of(series, date(2020, 1, 1), date(2020, 1, 2))
    assert found.capped
    assert len(found) == 0
    assert found.unwalked > WALK_LIMIT


def test_a_rule_that_names_no_day_gives_its_start_alone() -> None:
    # dateutil finds nothing on 30 February and steps on, a day at a time, to the year 9999
    rule = "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30,31"
    series = event("tick", "1970-01-01T00:00:00Z", repeats=rule, kind="other")
    assert [
        each.original for each in occurrences_of(series, date(1970, 1, 1), date(9999, 1, 1))
    ] == [datetime(1970, 1, 1, tzinfo=UTC)]


def test_a_limit_caps_the_listing_and_says_so() -> None:
    series = event("daily", "2023-01-01", repeats="FREQ=DAILY", kind="other")
    found = occurrences_of(series, date(2023, 1, 1), date(2023, 12, 31), limit=10)
    assert found.capped
    assert len(found) == 10
    assert found.items[-1].when == When.parse("2023-01-10")


@given(st.integers(1, 60), st.integers(1, 4))
def test_a_days_series_counts_as_dateutil_does(count: int, interval: int) -> None:
    rule = f"FREQ=DAILY;INTERVAL={interval};COUNT={count}"
    series = event("daily", "2023-01-01", repeats=rule, kind="other")
    found = occurrences_of(series, date(2023, 1, 1), date(2024, 12, 31))
    assert len(found) == count
    assert [each.when.first_day for each in found] == [
        date(2023, 1, 1) + timedelta(days=interval * step) for step in range(count)
    ]


def test_a_series_is_read_from_toml_in_the_events_zone(write_toml: WriteToml) -> None:
    text = HEADER + event_toml(
        "briefing",
        '"2023-01-02T10:00"',
        repeats='{ rule = "FREQ=WEEKLY;COUNT=3", skip = ["2023-01-09T10:00"] }',
        uid='"ABC-1@example.com"',
    )
    loaded = load(write_toml(text))["briefing"]
    assert loaded.repeats is not None
    assert loaded.uid == "ABC-1@example.com"
    assert loaded.repeats.skip == (When.parse("2023-01-09T10:00", zone="Asia/Almaty"),)


@pytest.mark.parametrize(
    ("extra", "field", "says"),
    [
        ({"repeats": '"FREQ=WEEKLY"'}, "when", "exact day or time"),
        ({"series": '"cica-summit"'}, "occurrence", "names both the series"),
        ({"repeats": "{ skip = [] }"}, "repeats", "a rule or other dates"),
        ({"repeats": '{ rule = "FREQ=DAILY", also = ["2023-02"] }'}, "repeats.also[0]", "exact"),
    ],
)
def test_a_series_that_cannot_be_one_is_refused_at_its_field(
    write_toml: WriteToml, extra: dict[str, str], field: str | None, says: str
) -> None:
    text = HEADER + event_toml("cica-summit", '"2022-10"', **extra)
    (problem,) = problems_of(write_toml, text)
    assert says in problem.message
    assert problem.location.field == field
    assert problem.location.event_id == "cica-summit"


def test_an_occurrence_must_name_a_series_of_the_timeline(write_toml: WriteToml) -> None:
    text = (
        HEADER
        + event_toml("single", '"2023-01-02"')
        + event_toml("moved", '"2023-01-03"', series='"single"', occurrence='"2023-01-02"')
        + event_toml("lost", '"2023-01-03"', series='"singel"', occurrence='"2023-01-02"')
    )
    problems = problems_of(write_toml, text)
    assert [(each.location.event_id, each.code) for each in problems] == [
        ("moved", "link"),
        ("lost", "link"),
    ]
    assert "no series" in problems[0].message
    assert "'single'" in (problems[1].hint or "")


def test_a_series_and_an_occurrence_at_once_is_refused() -> None:
    with pytest.raises(InvalidTimeline, match="one occurrence of one"):
        event(
            "both",
            "2023-01-02",
            repeats="FREQ=DAILY",
            series="other",
            occurrence=When.parse("2023-01-02"),
        )
