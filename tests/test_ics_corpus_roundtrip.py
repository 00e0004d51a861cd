"""Round trip of real calendars (issue 21, "Done when"): every file of the shared corpus that
loads, written again by `to_ics`, is the same calendar to another reader.

For each file `f` that `load(f)` reads: `to_ics(load(f))` has the same UIDs; recurring-ical-events
expands it to the same occurrences (UID and start) as the original over each series' first two
years (from the earliest DTSTART of its UID); and each series' RRULEs are still RRULEs, never an
expansion. The original is expanded as the reader reads it: with X-WR-TIMEZONE applied (Google's
UTC times shown in the calendar's zone, by x-wr-timezone). Starts are compared as UTC instants
for timed occurrences, as dates for whole days, and as wall times for floating ones.

Files that still differ are marked with the reason; the corpus is not shipped with the project:
without it the module is skipped.
"""

from __future__ import annotations

import warnings
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import x_wr_timezone
from dateutil.relativedelta import relativedelta

from tests.helpers import time_limit
from timeline import load
from timeline._errors import FormatError, InvalidTimeline
from timeline.formats._ics import to_ics
from timeline.formats._ics._text import DEFAULT_DOMAIN

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"
if not CORPUS.is_dir():
    pytest.skip(
        f"the shared .ics corpus is not on this machine (looked in {CORPUS})",
        allow_module_level=True,
    )

#: Files whose round trip still differs, with the reason.
DIFFERING: dict[str, str] = {
    "icalendar/event_with_recurrence.ics": "a floating DTSTART with EXDATEs in UTC, which RFC "
    "5545 does not allow: recurring-ical-events makes the original's occurrences UTC times, "
    "while the copy keeps them floating, as its DTSTART (the same wall times, the same three "
    "left out)",
}
#: The most seconds one file may take (read, write and both expansions).
FILE_SECONDS = 60.0

Start = tuple[str, object]


def _files() -> list[object]:
    return [
        pytest.param(path, id=name, marks=pytest.mark.xfail(reason=DIFFERING[name], strict=True))
        if (name := path.relative_to(CORPUS).as_posix()) in DIFFERING
        else pytest.param(path, id=name)
        for path in sorted(CORPUS.glob("*/*.ics"))
    ]


def _parsed(data: bytes | str) -> list[icalendar.Calendar]:
    """Every VCALENDAR of a file (a file may hold several), as the reader reads them."""
    found = icalendar.Calendar.from_ical(data, multiple=True)
    calendars = [each for each in found if each.name == "VCALENDAR"]
    loose = [each for each in found if each.name != "VCALENDAR"]
    if loose:  # a VEVENT on its own, as khal's tests write one: read as in a calendar
        calendars.append(icalendar.Calendar())
        calendars[-1].subcomponents.extend(loose)
    return [x_wr_timezone.to_standard(each) for each in calendars]


def _uid(component: icalendar.Component) -> str:
    return str(component.get("UID", "")).strip()


def _events(calendars: list[icalendar.Calendar]) -> list[icalendar.Component]:
    return [event for calendar in calendars for event in calendar.walk("VEVENT")]


def _compared_start(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo is not None else ("floating", value)
    return value


def _first_days(calendars: list[icalendar.Calendar]) -> dict[str, date]:
    """Each UID's earliest DTSTART day: its series' first two years start there."""
    first: dict[str, date] = {}
    for event in _events(calendars):
        start = getattr(event.get("DTSTART"), "dt", None)
        if isinstance(start, date):
            day = start.date() if isinstance(start, datetime) else start
            first[_uid(event)] = min(first.get(_uid(event), day), day)
    return first


def _occurrences(calendars: list[icalendar.Calendar], windows: dict[str, date]) -> Counter[Start]:
    """(UID, start) of every occurrence recurring-ical-events gives each UID in its window."""
    found: Counter[Start] = Counter()
    zones = [zone for calendar in calendars for zone in calendar.walk("VTIMEZONE")]
    by_uid: dict[str, list[icalendar.Component]] = {}
    for event in _events(calendars):
        by_uid.setdefault(_uid(event), []).append(event)
    for uid, first in windows.items():
        alone = icalendar.Calendar()
        alone.subcomponents.extend([*zones, *by_uid.get(uid, [])])
        begin = datetime.combine(first, time())
        end = datetime.combine(first + relativedelta(years=2), time())
        for occurrence in recurring_ical_events.of(alone).between(begin, end):
            start = getattr(occurrence.get("DTSTART"), "dt", None)
            found[(uid, _compared_start(start))] += 1
    return found


def _rules(calendars: list[icalendar.Calendar]) -> Counter[str]:
    """How many RRULEs each UID's series has."""
    found: Counter[str] = Counter()
    for event in _events(calendars):
        if "RECURRENCE-ID" not in event:
            rules = event.get("RRULE")
            found[_uid(event)] += len(rules) if isinstance(rules, list) else rules is not None
    return +found


def _loaded(path: Path) -> bytes:
    """`to_ics(load(path))`, or a skip when the file does not load."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            timeline = load(path)
        except (FormatError, InvalidTimeline) as error:
            pytest.skip(f"does not load: {str(error).splitlines()[0]}")
        if not timeline.events:
            pytest.skip("no events")
        written = to_ics(timeline)
        return written if isinstance(written, bytes) else written.encode()


@pytest.mark.parametrize("path", _files())
def test_a_calendar_read_and_written_is_the_same_calendar(path: Path) -> None:
    with time_limit(FILE_SECONDS):
        written = _loaded(path)
        try:
            original = _parsed(path.read_bytes())
            windows = _first_days(original)
            expected = _occurrences(original, windows)
        except Exception as error:  # the oracle cannot read the original itself
            pytest.skip(f"recurring-ical-events cannot expand the original: {error}")
        again = _parsed(written)
        uids = {_uid(each) for each in _events(original)}
        for event in _events(again):
            if "" in uids and _uid(event).endswith(f"@{DEFAULT_DOMAIN}"):
                del event["UID"]  # a VEVENT without UID is given one: compared as it was
        assert {_uid(each) for each in _events(again)} == uids
        found = _occurrences(again, windows)
        assert found - expected == Counter(), "occurrences only in the copy"
        assert expected - found == Counter(), "occurrences only in the original"
        assert _rules(again) == _rules(original)


def test_starts_are_compared_as_instants_days_or_wall_times() -> None:
    zoned = datetime(2023, 1, 2, 10, tzinfo=UTC) + timedelta(hours=0)
    assert _compared_start(zoned) == zoned
    assert _compared_start(datetime(2023, 1, 2, 10)) == ("floating", datetime(2023, 1, 2, 10))
    assert _compared_start(date(2023, 1, 2)) == date(2023, 1, 2)
