"""The ical.js oracle (tests/independent_ics.py) places hand-made events where apps put them.

The corpus test trusts this oracle to judge our reader, so the oracle itself is checked here on
files whose answers are worked out by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tests.independent_ics import (
    Occurrence,
    Unresolved,
    ical_js_occurrences,
    icalendar_starts,
    read_with_ical_js,
)

# Europe/Berlin as the file defines it: CET, CEST from the last Sunday of March
BERLIN = """\
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""

WIDE = (date(2000, 1, 1), date(2030, 1, 1))


def write_ics(folder: Path, body: str) -> Path:
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//timeline tests//EN\n{body}END:VCALENDAR\n"
    path = folder / "calendar.ics"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_weekly_series_drops_exdate_and_follows_moved_occurrence(tmp_path: Path) -> None:
    path = write_ics(
        tmp_path,
        BERLIN
        + """\
BEGIN:VEVENT
UID:standup
DTSTART;TZID=Europe/Berlin:20240304T090000
DTEND;TZID=Europe/Berlin:20240304T091500
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Berlin:20240318T090000
END:VEVENT
BEGIN:VEVENT
UID:standup
RECURRENCE-ID;TZID=Europe/Berlin:20240325T090000
DTSTART;TZID=Europe/Berlin:20240326T140000
DTEND;TZID=Europe/Berlin:20240326T141500
END:VEVENT
""",
    )
    # 18 March is excluded, 25 March moves to the 26th, and summer time starts on 31 March
    assert ical_js_occurrences(path, *WIDE) == [
        Occurrence("standup", utc(2024, 3, 4, 8), recurring=True),
        Occurrence("standup", utc(2024, 3, 11, 8), recurring=True),
        Occurrence("standup", utc(2024, 3, 26, 13), recurring=True),
        Occurrence("standup", utc(2024, 4, 1, 7), recurring=True),
        Occurrence("standup", utc(2024, 4, 8, 7), recurring=True),
    ]


def test_window_trims_series_but_keeps_single_events(tmp_path: Path) -> None:
    path = write_ics(
        tmp_path,
        """\
BEGIN:VEVENT
UID:daily
DTSTART:20240101T230000Z
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:long-ago
DTSTART:19900501T120000Z
END:VEVENT
""",
    )
    assert ical_js_occurrences(path, date(2024, 1, 3), date(2024, 1, 5)) == [
        Occurrence("daily", utc(2024, 1, 3, 23), recurring=True),
        Occurrence("daily", utc(2024, 1, 4, 23), recurring=True),
        Occurrence("long-ago", utc(1990, 5, 1, 12), recurring=False),
    ]


def test_floating_time_is_read_in_the_given_zone(tmp_path: Path) -> None:
    path = write_ics(tmp_path, "BEGIN:VEVENT\nUID:dinner\nDTSTART:20100210T203000\nEND:VEVENT\n")
    # 20:30 EST is 01:30 UTC on the next day
    expected = [Occurrence("dinner", utc(2010, 2, 11, 1, 30), recurring=False)]
    assert ical_js_occurrences(path, *WIDE, zone="America/New_York") == expected
    assert icalendar_starts(path, zone="America/New_York") == expected


def test_all_day_event_stays_a_date(tmp_path: Path) -> None:
    path = write_ics(
        tmp_path,
        "BEGIN:VEVENT\nUID:leap\nDTSTART;VALUE=DATE:20240229\nDTEND;VALUE=DATE:20240301\n"
        "END:VEVENT\n",
    )
    expected = [Occurrence("leap", date(2024, 2, 29), recurring=False)]
    assert ical_js_occurrences(path, *WIDE, zone="Pacific/Kiritimati") == expected
    assert icalendar_starts(path, zone="Pacific/Kiritimati") == expected


def test_tzid_without_vtimezone_is_resolved_only_when_iana(tmp_path: Path) -> None:
    path = write_ics(
        tmp_path,
        """\
BEGIN:VEVENT
UID:vendor
DTSTART;TZID=/mozilla.org/20070129_1/America/New_York:20240704T120000
END:VEVENT
BEGIN:VEVENT
UID:made-up
DTSTART;TZID=Nowhere Standard Time:20240704T120000
END:VEVENT
""",
    )
    reading = read_with_ical_js(path, *WIDE)
    assert reading is not None
    # noon EDT is 16:00 UTC; a name zoneinfo does not know is not guessed
    assert reading.occurrences == (Occurrence("vendor", utc(2024, 7, 4, 16), recurring=False),)
    assert [item.uid for item in reading.unresolved] == ["made-up"]
    assert isinstance(reading.unresolved[0], Unresolved)
