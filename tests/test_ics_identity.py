"""A calendar app's file read, written and read again is the same calendar: the series with its
rule, its moved occurrence, every UID, and what no field holds (organizer, attendees, an alarm,
SEQUENCE, TRANSP), with the second export byte for byte the first."""

from __future__ import annotations

import warnings

from hypothesis import HealthCheck, assume, given, settings

from tests.series_factories import make, series_timelines
from timeline import Timeline, TimelineWarning, When, diff, loads, to_ics

GOOGLE = (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "VERSION:2.0\r\n"
    "X-WR-CALNAME:Team\r\n"
    "X-WR-TIMEZONE:Asia/Almaty\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=Asia/Almaty:20230102T100000\r\n"
    "DTEND;TZID=Asia/Almaty:20230102T110000\r\n"
    "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"
    "EXDATE;TZID=Asia/Almaty:20230410T100000\r\n"
    "DTSTAMP:20230101T000000Z\r\n"
    "UID:7kukuqrfedlm2f9t0vr42q2qs8@google.com\r\n"
    "ORGANIZER;CN=Desk:mailto:desk@example.com\r\n"
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=A:mailto:a@example.com\r\n"
    "SEQUENCE:2\r\n"
    "SUMMARY:Weekly desk meeting\r\n"
    "TRANSP:OPAQUE\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
    "DESCRIPTION:Reminder\r\n"
    "TRIGGER:-PT10M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=Asia/Almaty:20230418T100000\r\n"
    "DTEND;TZID=Asia/Almaty:20230418T110000\r\n"
    "RECURRENCE-ID;TZID=Asia/Almaty:20230417T100000\r\n"
    "DTSTAMP:20230101T000000Z\r\n"
    "UID:7kukuqrfedlm2f9t0vr42q2qs8@google.com\r\n"
    "SEQUENCE:3\r\n"
    "SUMMARY:Weekly desk meeting (Tuesday this week)\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def read(data: str | bytes) -> Timeline:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        return loads(data, format="ics")


def test_a_calendar_read_written_and_read_again_is_the_same_calendar() -> None:
    first = read(GOOGLE)
    again = read(to_ics(first))
    assert again == first
    assert not diff(first, again)


def test_its_second_export_is_its_first_byte_for_byte() -> None:
    once = to_ics(read(GOOGLE))
    assert to_ics(read(once)) == once


def test_what_the_calendar_said_comes_back_where_it_said_it() -> None:
    text = to_ics(read(GOOGLE)).decode()
    series = text[text.index("BEGIN:VEVENT") : text.index("END:VEVENT")]
    assert "SEQUENCE:2\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM" in series
    assert "TRANSP:TRANSPARENT" not in text  # a calendar's event is busy time, as it was
    assert text.count("UID:7kukuqrfedlm2f9t0vr42q2qs8@google.com\r\n") == 2
    assert "SEQUENCE:3\r\n" in text[text.index("RECURRENCE-ID") :]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series_timelines(carried=False))
def test_a_timeline_with_series_comes_back_from_its_calendar_equal(timeline: Timeline) -> None:
    # an override's UID is its series' (RFC 5545): it has none of its own to come back
    plain = tuple(
        each.model_copy(update={"uid": None}) if each.series is not None else each
        for each in timeline.events
    )
    timeline = timeline.model_copy(update={"events": plain})
    # an UNTIL under a timed start is written in UTC, as RFC 5545 requires: the same
    # occurrences, other text (test_ics_series_writer holds that)
    timed = [each.repeats for each in plain if each.repeats is not None and each.when.is_timed]
    assume(not any("UNTIL" in rule for repeats in timed for rule in repeats.rule))
    assert read(to_ics(timeline)) == timeline


def test_a_series_description_says_its_rule_and_gives_its_summary_back() -> None:
    first = read(GOOGLE)
    series = first.events[0].model_copy(update={"summary": "The desk's weekly plan."})
    timeline = first.with_event(series)
    text = to_ics(timeline).decode()
    unfolded = text.replace("\r\n ", "")
    description = next(line for line in unfolded.split("\r\n") if line.startswith("DESCRIPTION:"))
    assert description.startswith(
        "DESCRIPTION:every Monday at 10:00–11:00 (UTC+06) from 2 January 2023\\, except 10 April"
    )
    assert read(text) == timeline


def test_an_override_of_a_series_whose_uid_needs_escaping_stays_its_series() -> None:
    series = make("board", When.parse("2023-01-02"), uid="a;b,c\\d", repeats="FREQ=WEEKLY")
    moved = make(
        "board-moved", When.parse("2023-01-10"), series="board", occurrence=When.parse("2023-01-09")
    )
    timeline = Timeline(title="T", events=(series, moved))
    assert read(to_ics(timeline)) == timeline
