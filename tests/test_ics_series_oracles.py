"""A written series read by parsers that share no code with ours: recurring-ical-events (on
icalendar) for random rules, ical.js (Thunderbird) and libical for a series with an override and
an EXDATE across a change of the clocks. Each must find the occurrences `occurrences_of` gives."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.independent_ics import ical_js_occurrences
from tests.series_factories import make
from timeline import Status, Timeline, When, to_ics
from timeline._occurrences import occurrences_of

LIBICAL = Path(__file__).resolve().parent / "libical" / "build" / "check_ics"
ZONES = ("Asia/Almaty", "Europe/Berlin", "America/New_York", "floating", "UTC", "day")


def _start(day: date, hour: int, zone: str) -> When:
    if zone == "day":
        return When.parse(day.isoformat())
    text = f"{day.isoformat()}T{hour:02d}:00"
    if zone == "UTC":
        return When.parse(text + "Z")
    return When.parse(text, zone=None if zone == "floating" else zone)


def _as(when: When, value: date | datetime) -> When:
    """A date of the series written in its start's form (a When of that day or time)."""
    start = when.start_point.value
    if isinstance(start, datetime):
        assert isinstance(value, datetime)
        return When.from_value(value)
    return When.from_value(value if not isinstance(value, datetime) else value.date())


def _utc(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value.astimezone(UTC)


def _instant(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


@st.composite
def series_timelines(draw: st.DrawFn) -> tuple[Timeline, date, date]:
    """A series with a random rule, some skipped and extra dates and some overrides, and the
    window to compare in."""
    zone = draw(st.sampled_from(ZONES))
    first = draw(st.dates(date(2020, 1, 1), date(2025, 12, 31)))
    start = _start(first, draw(st.integers(8, 20)), zone)
    frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    rule = f"FREQ={frequency};INTERVAL={draw(st.integers(1, 3))}"
    if frequency == "WEEKLY" and draw(st.booleans()):
        rule += ";BYDAY=" + ",".join(draw(st.sets(st.sampled_from(["MO", "WE", "SA"]), min_size=1)))
    ending = draw(st.sampled_from(["count", "until", "none"]))
    if ending == "count":
        rule += f";COUNT={draw(st.integers(1, 30))}"
    elif ending == "until":
        until = first + timedelta(days=draw(st.integers(0, 300)))
        rule += f";UNTIL={until.strftime('%Y%m%d')}"
    plain = make("series", start, repeats={"rule": rule})
    last = first + timedelta(days=365)
    starts = [each.original for each in occurrences_of(plain, first, last, limit=12)]
    picked = draw(st.lists(st.sampled_from(starts), max_size=4, unique=True))
    skip, changed = picked[: len(picked) // 2], picked[len(picked) // 2 :]
    also = list(
        dict.fromkeys(
            value + timedelta(days=draw(st.integers(1, 40)), minutes=30 if zone != "day" else 0)
            for value in draw(st.lists(st.sampled_from(starts), max_size=2, unique=True))
        )
    )
    repeats: dict[str, Any] = {"rule": rule}
    if skip:
        repeats["skip"] = [_as(start, value) for value in skip]
    if also:
        repeats["also"] = [_as(start, value) for value in also]
    series = make("series", start, repeats=repeats)
    overrides = [
        make(
            f"series-{number}",
            _as(start, value + timedelta(hours=1) if isinstance(value, datetime) else value),
            series="series",
            occurrence=_as(start, value),
            status=Status.CANCELLED if number % 2 else Status.OCCURRED,
        )
        for number, value in enumerate(changed)
    ]
    return Timeline(title="Series", events=(series, *overrides)), first, last


def _theirs(data: bytes, first: date, last: date) -> set[tuple[str, object]]:
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(first, last + timedelta(days=1))
    return {
        (str(each.get("X-TIMELINE-ID") or "series"), _instant(each["DTSTART"].dt)) for each in found
    }


def _ours(timeline: Timeline, first: date, last: date) -> list[tuple[str, object]]:
    series, *overrides = timeline.events
    found = occurrences_of(series, first, last, overrides)
    return [(each.event.id, _instant(each.when.start_point.value)) for each in found]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series_timelines())
def test_recurring_ical_events_finds_our_occurrences_for_random_rules(
    drawn: tuple[Timeline, date, date],
) -> None:
    timeline, first, last = drawn
    ours = _ours(timeline, first, last)
    data = to_ics(timeline)
    assert data.count(b"BEGIN:VEVENT") == len(timeline.events)  # never the expansion
    assert _theirs(data, first, last) == set(ours)


def _berlin(text: str) -> When:
    return When.parse(text, zone="Europe/Berlin")


def _across_the_clock_change() -> Timeline:
    """Weekly on Mondays at 09:00 in Berlin through the spring change of 2023, one week
    skipped, one moved, one cancelled."""
    series = make(
        "standup",
        _berlin("2023-03-06T09:00/2023-03-06T09:30"),
        repeats={"rule": "FREQ=WEEKLY;UNTIL=20230417", "skip": [_berlin("2023-03-20T09:00")]},
    )
    moved = make(
        "standup-moved",
        _berlin("2023-03-28T11:00"),
        series="standup",
        occurrence=_berlin("2023-03-27T09:00"),
    )
    cancelled = make(
        "standup-cancelled",
        _berlin("2023-04-10T09:00"),
        series="standup",
        occurrence=_berlin("2023-04-10T09:00"),
        status=Status.CANCELLED,
    )
    return Timeline(title="Standups", events=(series, moved, cancelled))


def test_ical_js_places_a_series_its_override_and_its_exdate_as_we_do(tmp_path: Path) -> None:
    timeline = _across_the_clock_change()
    path = tmp_path / "standups.ics"
    path.write_bytes(to_ics(timeline))
    found = ical_js_occurrences(path, date(2023, 3, 1), date(2023, 5, 1))
    assert found is not None
    theirs = sorted(each.start for each in found if each.uid == "standup@timeline.invalid")
    ours = sorted(_utc(start) for _, start in _ours(timeline, date(2023, 3, 1), date(2023, 5, 1)))
    assert theirs == ours
    # 09:00 is 08:00Z before the change and 07:00Z after it; the moved one at 11:00 (09:00Z)
    assert datetime(2023, 3, 6, 8, tzinfo=UTC) in theirs
    assert datetime(2023, 4, 3, 7, tzinfo=UTC) in theirs
    assert datetime(2023, 3, 28, 9, tzinfo=UTC) in theirs
    assert datetime(2023, 3, 20, 8, tzinfo=UTC) not in theirs


def test_libical_reads_the_series_and_its_overrides_without_a_complaint(tmp_path: Path) -> None:
    """libical (Evolution, CalDAV servers) lists VEVENTs, not occurrences: three, at the
    instants the file's own VTIMEZONE gives, and no X-LIC-ERROR for RRULE, EXDATE or
    RECURRENCE-ID."""
    assert LIBICAL.is_file(), (
        "the libical checker is not built: run `make tests/libical/build/check_ics`"
    )
    path = tmp_path / "standups.ics"
    path.write_bytes(to_ics(_across_the_clock_change()))
    done = subprocess.run(
        [str(LIBICAL), str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    *events, summary = [json.loads(line) for line in done.stdout.splitlines()]
    assert summary["calendar"]["x_lic_errors"] == []
    assert [(each["uid"], each["start"]) for each in events] == [
        ("standup@timeline.invalid", "2023-03-06T08:00:00Z"),
        ("standup@timeline.invalid", "2023-03-28T09:00:00Z"),
        ("standup@timeline.invalid", "2023-04-10T07:00:00Z"),
    ]
