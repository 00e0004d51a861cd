"""A series read from a calendar gives, for a window, the occurrences recurring-ical-events gives
there, whether `_occurrences` jumped the rule's DTSTART to the window (`_jumped`) or not.

The reference walks the file's own series from its DTSTART with recurring-ical-events' `between`;
the strategies keep that walk to a few thousand repeats, so each example stays cheap.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from timeline._errors import TimelineWarning
from timeline._model import Event
from timeline._occurrences import _jumped, occurrences_of
from timeline.formats._ics import read
from timeline.formats._ics._recurrence import value_of

BERLIN = ZoneInfo("Europe/Berlin")  # a zone that changes its offset twice a year
UTC = ZoneInfo("UTC")
#: Frequency -> (intervals, one repeat in days at INTERVAL=1, for sizing the walk).
FREQUENCIES = {
    "SECONDLY": (st.integers(1800, 200_000), 1 / 86_400),
    "MINUTELY": (st.integers(30, 3000), 1 / 1440),
    "HOURLY": (st.integers(1, 30), 1 / 24),
    "DAILY": (st.integers(1, 10), 1.0),
    "WEEKLY": (st.integers(1, 5), 7.0),
    "MONTHLY": (st.integers(1, 7), 30.5),
    "YEARLY": (st.integers(1, 3), 365.25),
}
BY_PARTS = {
    "BYHOUR": st.lists(st.integers(0, 23), min_size=1, max_size=3, unique=True),
    "BYMINUTE": st.lists(st.sampled_from([0, 15, 30, 45]), min_size=1, max_size=2, unique=True),
    "BYDAY": st.lists(
        st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    "BYMONTHDAY": st.lists(st.sampled_from([1, 15, 28, 29, 30, 31, -1]), min_size=1, max_size=2),
    "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True),
    "BYSETPOS": st.just([1]),
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[icalendar.Calendar, date, date]:
    """A one-series calendar and a window some repeats after its DTSTART."""
    frequency = draw(st.sampled_from(sorted(FREQUENCIES)))
    intervals, days = FREQUENCIES[frequency]
    interval = draw(intervals)
    step = days * interval
    rule: dict[str, object] = {"FREQ": frequency, "INTERVAL": interval}
    chosen = draw(st.lists(st.sampled_from(sorted(BY_PARTS)), max_size=2, unique=True))
    for part in chosen:
        if part != "BYSETPOS" or len(chosen) > 1:
            rule[part] = draw(BY_PARTS[part])
    ending = draw(st.sampled_from(["none", "count", "until"]))
    kind = draw(st.sampled_from(["utc", "berlin", "floating", "date"]))
    if kind == "date" and step < 1:
        kind = "utc"
    start_day = draw(st.dates(date(1990, 1, 1), date(2019, 12, 31)))
    clock = draw(st.times()).replace(microsecond=0)
    zone = {"utc": UTC, "berlin": BERLIN}.get(kind)
    begin: date = start_day if kind == "date" else datetime.combine(start_day, clock, zone)
    repeats_before = draw(st.integers(0, 2000))
    window_start = start_day + timedelta(days=int(repeats_before * step) + draw(st.integers(0, 3)))
    window_days = draw(st.integers(0, max(0, min(400, int(20 * step)))))
    window_end = window_start + timedelta(days=window_days)
    if ending == "count":
        rule["COUNT"] = draw(st.integers(1, repeats_before + 300))
    elif ending == "until":
        until = window_start + timedelta(days=draw(st.integers(-30, window_days + 30)))
        rule["UNTIL"] = until if kind == "date" else datetime.combine(until, time(), UTC)
    event = icalendar.Event()
    event.add("UID", "series@test")
    event.add("SUMMARY", "A series")
    event.add("DTSTART", begin)
    if draw(st.booleans()):
        length = (
            timedelta(days=1) if kind == "date" else timedelta(minutes=draw(st.integers(1, 90)))
        )
        event.add("DTEND", begin + length)
    event.add("RRULE", rule)
    calendar = icalendar.Calendar()
    calendar.add_component(event)
    return calendar, window_start, window_end


def day_of(value: object) -> date:
    assert isinstance(value, date)
    return value.date() if isinstance(value, datetime) else value


def instant(value: object) -> datetime | date:
    """A start as both sides can compare it: a date, or a time in UTC (floating as UTC)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    assert isinstance(value, date)
    return value


def ends_before_start(event: icalendar.Component) -> bool:
    """Whether the strategy's rule has an UNTIL before DTSTART (a floating time read as UTC,
    the zone of UNTIL)."""
    rule = event["RRULE"]
    assert isinstance(rule, icalendar.vRecur)
    until = rule.get("UNTIL")
    until = until[0] if isinstance(until, list) else until  # built in code: one value
    begin = value_of(event.get("DTSTART"))
    if until is None:
        return False
    if not isinstance(begin, datetime):
        return bool(until < begin)
    return bool(until < (begin if begin.tzinfo else begin.replace(tzinfo=UTC)))


def walked(calendar: icalendar.Calendar, first: date, last: date) -> list[datetime | date]:
    """recurring-ical-events' starts on the window's days, walked from DTSTART; a rule ending
    before DTSTART leaves DTSTART alone, the first instance of RFC 5545 (which
    recurring-ical-events drops)."""
    (event,) = calendar.walk("VEVENT")
    if ends_before_start(event):
        calendar = icalendar.Calendar()
        alone = event.copy()
        del alone["RRULE"]
        calendar.add_component(alone)
    found = recurring_ical_events.of(calendar).between(
        datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())
    )
    starts = [value_of(each.get("DTSTART")) for each in found]
    found_starts = [instant(start) for start in starts if first <= day_of(start) <= last]
    return sorted(found_starts, key=lambda start: (str(type(start)), start))


def series_of(calendar: icalendar.Calendar) -> Event:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (series,) = read(calendar.to_ical(), "series.ics").events
    return series


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_window_gives_the_occurrences_walking_gives(
    case: tuple[icalendar.Calendar, date, date],
) -> None:
    calendar, first, last = case
    note(calendar.to_ical().decode())
    series = series_of(calendar)
    # a rule dateutil refuses (BYHOUR=1 every second hour from midnight) is left out, warned
    assume(series.repeats is not None)
    try:
        expected = walked(calendar, first, last)
    except ValueError:
        assume(False)  # a rule dateutil refuses (BYHOUR=0 every second hour): the reader warns
        raise
    found = occurrences_of(series, first, last, limit=len(expected) + 10)
    assert [instant(each.original) for each in found] == expected


def test_a_series_from_1970_is_jumped_to_the_window() -> None:
    rule, moved = _jumped("FREQ=SECONDLY", datetime(1970, 1, 1, tzinfo=UTC), date(2020, 1, 1))
    assert moved == datetime(2019, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert rule == "FREQ=SECONDLY"


def daily(rule: str, start: str) -> Event:
    calendar = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Daily\r\n"
        f"DTSTART;VALUE=DATE:{start}\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert isinstance(calendar, icalendar.Calendar)
    return series_of(calendar)


def test_a_count_is_lessened_by_the_repeats_jumped() -> None:
    rule, moved = _jumped("FREQ=DAILY;COUNT=100", datetime(2000, 1, 1), date(2000, 3, 1))
    assert moved == datetime(2000, 2, 29)
    assert rule == f"FREQ=DAILY;COUNT={100 - 59}"
    found = occurrences_of(
        daily("FREQ=DAILY;COUNT=100", "20000101"), date(2000, 3, 1), date(2000, 12, 31)
    )
    assert len(found) == 100 - 60
    assert found.items[-1].when.first_day == date(2000, 4, 9)  # the hundredth day, and no more
    assert not found.capped


def test_a_monthly_rule_keeps_its_day_when_jumped() -> None:
    # DTSTART on the 31st: a month without one is skipped, not moved to its last day
    found = occurrences_of(daily("FREQ=MONTHLY", "19900131"), date(2021, 1, 1), date(2021, 12, 31))
    days = [each.when.first_day for each in found]
    assert [day.month for day in days] == [1, 3, 5, 7, 8, 10, 12]
    assert all(day.day == 31 for day in days)


def test_a_date_series_is_read_as_days_with_every_rule_it_had() -> None:
    # a date DTSTART with a DTEND at a time of day, and a second rule ending before DTSTART:
    # the occurrences are days, and both rules are kept, as the file wrote them
    calendar = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:days\r\nSUMMARY:Days\r\n"
        "DTSTART;VALUE=DATE:20020425\r\nDTEND:20020426T120000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\r\nRRULE:FREQ=DAILY;UNTIL=20010101\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.warns(TimelineWarning, match="UNTIL=20010101, before its DTSTART, so that rule"):
        (series,) = read(calendar.to_ical(), "days.ics").events
    assert series.repeats is not None
    assert series.repeats.rule == ("FREQ=WEEKLY;COUNT=2", "FREQ=DAILY;UNTIL=20010101")
    found = occurrences_of(series, date(2002, 1, 1), date(2003, 12, 31))
    assert [str(each.when) for each in found] == ["2002-04-25", "2002-05-02"]
