""".ics reading of series as data (issue 21, items 1 and 2): a repeating VEVENT is one event with
its rule, a RECURRENCE-ID VEVENT is the occurrence it changes, an imported UID is kept exactly,
and what no field holds is carried as the file's own lines."""

from __future__ import annotations

import inspect
import warnings
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar

import timeline
from timeline._errors import TimelineWarning
from timeline._model import Status, Timeline
from timeline._occurrences import occurrences
from timeline._when import When
from timeline.formats._ics import from_icalendar, read

BERLIN = "Europe/Berlin"
SERIES = [
    "BEGIN:VEVENT",
    "UID:briefing-1234@apple.com",
    "DTSTAMP:20230101T000000Z",
    "DTSTART;TZID=Europe/Berlin:20230102T100000",
    "DTEND;TZID=Europe/Berlin:20230102T110000",
    "RRULE:UNTIL=20230626T080000Z;FREQ=WEEKLY;BYDAY=MO",
    "EXDATE;TZID=Europe/Berlin:20230410T100000,20230417T100000",
    "EXDATE:20230501T080000Z",
    "RDATE;TZID=America/New_York:20230705T040000",
    "SUMMARY:Briefing",
    'ORGANIZER;CN="Secretariat: Berlin":mailto:secretariat@example.org',
    "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:a@example.org",
    "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
    "SEQUENCE:3",
    "DESCRIPTION:A long description that a calendar app folded at seventy-five octe",
    " ts, as RFC 5545 has it",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "TRIGGER:-PT15M",
    "END:VALARM",
    "END:VEVENT",
]
MOVED = [
    "BEGIN:VEVENT",
    "UID:briefing-1234@apple.com",
    "DTSTAMP:20230101T000000Z",
    "RECURRENCE-ID;TZID=Europe/Berlin:20230109T100000",
    "DTSTART;TZID=Europe/Berlin:20230110T120000",
    "DTEND;TZID=Europe/Berlin:20230110T130000",
    "SUMMARY:Briefing (moved)",
    "END:VEVENT",
]
CANCELLED = [
    "BEGIN:VEVENT",
    "UID:briefing-1234@apple.com",
    "DTSTAMP:20230101T000000Z",
    "RECURRENCE-ID:20230116T090000Z",
    "STATUS:CANCELLED",
    "SUMMARY:Briefing",
    "END:VEVENT",
]


def calendar(*events: list[str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//An app//EN"]
    lines += [line for event in events for line in event] + ["END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def read_quietly(data: bytes, **options: object) -> tuple[Timeline, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        timeline = read(data, "app.ics", **options)  # type: ignore[arg-type]
    return timeline, [str(each.message) for each in caught]


def at(text: str) -> When:
    return When.parse(text, zone=BERLIN)


def test_a_series_is_one_event_with_its_rule_its_other_dates_and_those_it_skips() -> None:
    timeline, said = read_quietly(calendar(SERIES))
    assert said == []
    (series,) = timeline.events
    assert series.id == "briefing-1234"
    assert str(series.when) == (
        "2023-01-02T10:00+01:00[Europe/Berlin]/2023-01-02T11:00+01:00[Europe/Berlin]"
    )
    assert series.repeats is not None
    assert series.repeats.rule == ("UNTIL=20230626T080000Z;FREQ=WEEKLY;BYDAY=MO",)  # as written
    # several to a line and several lines, each in its TZID, then in the series' zone
    assert series.repeats.skip == (
        at("2023-04-10T10:00"),
        at("2023-04-17T10:00"),
        at("2023-05-01T10:00"),
    )
    assert series.repeats.also == (at("2023-07-05T10:00"),)
    found = occurrences(timeline, date(2023, 1, 1), date(2023, 12, 31))["briefing-1234"]
    days = [each.when.first_day for each in found]
    assert len(days) == 26 - 3 + 1
    assert date(2023, 4, 10) not in days
    assert days[-1] == date(2023, 7, 5)


def test_an_rdate_period_gives_its_start_with_a_located_warning() -> None:
    period = [
        line if not line.startswith("RDATE") else "RDATE;VALUE=PERIOD:20230705T080000Z/PT3H"
        for line in SERIES
    ]
    timeline, said = read_quietly(calendar(period))
    (series,) = timeline.events
    assert series.repeats is not None
    assert series.repeats.also == (at("2023-07-05T10:00"),)
    [warning] = said
    assert warning.startswith("app.ics:12: event 'briefing-1234@apple.com' has RDATE as a PERIOD")


def test_changed_occurrences_are_events_naming_their_series_and_slot() -> None:
    timeline, said = read_quietly(calendar(SERIES, MOVED, CANCELLED))
    assert said == []
    assert [event.id for event in timeline] == [
        "briefing-1234",
        "briefing-1234-2023-01-09",
        "briefing-1234-2023-01-16",
    ]
    moved, cancelled = timeline["briefing-1234-2023-01-09"], timeline["briefing-1234-2023-01-16"]
    assert (moved.series, moved.occurrence) == ("briefing-1234", at("2023-01-09T10:00"))
    assert moved.title == "Briefing (moved)"
    # one UID, three VEVENTs: the series keeps it, its overrides are written with it
    assert moved.uid is None
    assert cancelled.uid is None
    assert cancelled.status is Status.CANCELLED
    assert cancelled.occurrence == at("2023-01-16T10:00")  # in the series' zone
    found = occurrences(timeline, date(2023, 1, 1), date(2023, 1, 31))["briefing-1234"]
    assert [each.event.id for each in found][:3] == [
        "briefing-1234",
        "briefing-1234-2023-01-09",
        "briefing-1234-2023-01-16",
    ]
    assert found.items[1].when.first_day == date(2023, 1, 10)


def test_two_changed_occurrences_on_one_day_take_their_time_in_the_id() -> None:
    hourly = [
        "BEGIN:VEVENT",
        "UID:hourly",
        "DTSTART:20230102T100000Z",
        "RRULE:FREQ=HOURLY;COUNT=3",
        "SUMMARY:Hourly",
        "END:VEVENT",
    ]
    first = [*MOVED[:1], "UID:hourly", "RECURRENCE-ID:20230102T100000Z", *MOVED[4:]]
    second = [*MOVED[:1], "UID:hourly", "RECURRENCE-ID:20230102T110000Z", *MOVED[4:]]
    timeline, _ = read_quietly(calendar(hourly, first, second))
    assert [event.id for event in timeline] == [
        "hourly",
        "hourly-2023-01-02",
        "hourly-2023-01-02t1100",
    ]


def test_a_changed_occurrence_without_its_series_is_an_event_of_its_own() -> None:
    timeline, said = read_quietly(calendar(MOVED))
    (alone,) = timeline.events
    assert (alone.series, alone.occurrence) == (None, None)
    assert alone.uid == "briefing-1234@apple.com"
    [warning] = said
    assert warning.startswith("app.ics:4: event 'briefing-1234@apple.com' changes one occurrence")
    assert "series that is not in the file" in warning


def test_x_timeline_id_gives_the_id() -> None:
    named = [*MOVED[:-1], "X-TIMELINE-ID:the-moved-briefing", "END:VEVENT"]
    timeline, _ = read_quietly(calendar(SERIES, named))
    assert [event.id for event in timeline] == ["briefing-1234", "the-moved-briefing"]
    assert timeline["the-moved-briefing"].series == "briefing-1234"


def test_what_no_field_holds_is_carried_as_the_files_own_lines() -> None:
    timeline, _ = read_quietly(calendar(SERIES))
    (series,) = timeline.events
    assert series.carried == {
        "ics": "\r\n".join(
            [
                'ORGANIZER;CN="Secretariat: Berlin":mailto:secretariat@example.org',
                "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:a@example.org",
                "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                "SEQUENCE:3",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:Reminder",
                "TRIGGER:-PT15M",
                "END:VALARM",
            ]
        )
    }
    assert "folded at seventy-five octets" in series.summary  # DESCRIPTION is a field


def test_a_calendar_without_text_carries_icalendars_lines() -> None:
    parsed = icalendar.Calendar.from_ical(calendar(SERIES))
    assert isinstance(parsed, icalendar.Calendar)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        (series,) = from_icalendar(parsed).events
    carried = series.carried["ics"].split("\r\n")
    assert 'ORGANIZER;CN="Secretariat: Berlin":mailto:secretariat@example.org' in carried
    assert "SEQUENCE:3" in carried
    assert carried[-5:] == [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Reminder",
        "TRIGGER:-PT15M",
        "END:VALARM",
    ]


def test_our_own_events_keep_no_uid_and_carry_nothing_our_writer_writes() -> None:
    ours = [
        "BEGIN:VEVENT",
        "UID:summit@timeline.invalid",
        "DTSTAMP:20230101T000000Z",
        "DTSTART;VALUE=DATE:20221013",
        "SUMMARY:Summit",
        "SEQUENCE:2",
        "URL:https://example.org/summit",
        "TRANSP:TRANSPARENT",
        "X-TIMELINE-KIND:summit",
        "X-TIMELINE-SOURCE:Akorda;Summit;https://example.org/summit;2022-10-13",
        "X-SOMEONE-ELSE:kept",
        "END:VEVENT",
    ]
    timeline, _ = read_quietly(calendar(ours))
    (summit,) = timeline.events
    assert (summit.id, summit.uid) == ("summit", None)
    assert summit.carried == {"ics": "X-SOMEONE-ELSE:kept"}


def test_a_rule_that_cannot_be_read_is_warned_and_left_out() -> None:
    broken = [
        line if not line.startswith("RRULE") else "RRULE:FREQ=WEEKLY;BYDAY=XX" for line in SERIES
    ]
    broken = [line for line in broken if not line.startswith("RDATE")]
    timeline, said = read_quietly(calendar(broken))
    (event,) = timeline.events
    assert event.repeats is None
    assert event.carried["ics"].startswith("ORGANIZER")
    assert any("has a repeat rule that cannot be read" in each for each in said)


def test_reading_takes_no_window_and_reads_each_series_whole() -> None:
    # nothing is expanded at read time: the window is chosen afterwards (select, diff, show)
    lunch = ["BEGIN:VEVENT", "UID:lunch", "DTSTART:20240105T120000Z", "SUMMARY:L", "END:VEVENT"]
    whole, _ = read_quietly(calendar(SERIES, MOVED, lunch))
    assert [event.id for event in whole] == [
        "briefing-1234",
        "briefing-1234-2023-01-09",
        "lunch",
    ]
    assert "start" not in inspect.signature(timeline.load).parameters


def test_a_series_in_a_zone_the_file_names_its_own_way_keeps_the_files_rules() -> None:
    zone = [
        "BEGIN:VTIMEZONE",
        "TZID:/Europe/CUSTOM",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    weekly = [
        "BEGIN:VEVENT",
        "UID:chat",
        "DTSTART;TZID=/Europe/CUSTOM:20221021T200000",
        "RRULE:FREQ=WEEKLY;BYDAY=FR",
        "SUMMARY:Chat",
        "END:VEVENT",
    ]
    timeline, _ = read_quietly(calendar(zone, weekly))
    found = occurrences(timeline, date(2022, 10, 1), date(2022, 11, 30))["chat"]
    # 20:00 on the wall all along: 18:00Z in summer time, 19:00Z after 30 October
    starts = [each.when.start for each in found]
    utc = [start.astimezone(UTC).hour for start in starts if isinstance(start, datetime)]
    assert len(utc) == len(starts)
    assert utc[:2] == [18, 18]
    assert set(utc[2:]) == {19}
    assert found.items[0].when.start == datetime(
        2022, 10, 21, 20, tzinfo=ZoneInfo("Europe/Amsterdam")
    )
