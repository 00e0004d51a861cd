"""The two reading faults of repeating events (issue 21, item 6), on files written the way
Google Calendar exports them (a VCALENDAR with X-WR-TIMEZONE, bare dates) and the way khal's
test suite writes them (a VEVENT or a small VCALENDAR, nothing else).

- A date DTSTART makes every occurrence a day: recurring-ical-events made them timed at
  midnight (in the X-WR-TIMEZONE zone, where there is one) when DTEND was a date-time or
  DURATION had hours, where the same event without a rule is read as a day.
- A rule whose UNTIL falls before DTSTART repeats nothing, but RFC 5545 counts DTSTART as the
  first instance ("The DTSTART property defines the first instance in the recurrence set",
  3.8.5.1; "The DTSTART property value always counts as the first occurrence", 3.3.10): it
  is read as that one occurrence, with a warning, where the series was dropped in silence.
"""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from timeline._errors import TimelineWarning
from timeline._model import Timeline
from timeline._occurrences import occurrences_of
from timeline.formats._ics import read

BERLIN_HEAD = (
    "BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\n"
    "CALSCALE:GREGORIAN\nMETHOD:PUBLISH\nX-WR-CALNAME:Birthdays and days off\n"
    "X-WR-TIMEZONE:Europe/Berlin\n"
)


def google(event: str, zone: bool = True) -> bytes:
    """A Google export holding `event` (its lines, without BEGIN and END:VEVENT)."""
    head = BERLIN_HEAD if zone else BERLIN_HEAD.replace("X-WR-TIMEZONE:Europe/Berlin\n", "")
    text = (
        f"{head}BEGIN:VEVENT\n{event}DTSTAMP:20230301T101500Z\nCREATED:20020301T090000Z\n"
        "SEQUENCE:0\nSTATUS:CONFIRMED\nTRANSP:TRANSPARENT\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode()


def khal(event: str) -> bytes:
    """A lone VEVENT, as khal's tests keep one event to a file."""
    return f"BEGIN:VEVENT\n{event}END:VEVENT\n".replace("\n", "\r\n").encode()


def read_quietly(data: bytes, name: str) -> tuple[Timeline, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        timeline = read(data, name)
    return timeline, [str(each.message) for each in caught]


def occurrences(timeline: Timeline) -> list[str]:
    """Each single event's date as text (EDTF), and each occurrence of a series over its first
    two years (`_occurrences`, as the reader expanded series when it did)."""
    found = [str(event.when) for event in timeline.events if event.repeats is None]
    for event in timeline.events:
        if event.repeats is not None:
            first = event.when.first_day
            last = first + relativedelta(years=2) - timedelta(days=1)
            found += [str(each.when) for each in occurrences_of(event, first, last)]
    return found


def test_a_series_is_read_as_one_event_with_its_rule() -> None:
    event = f"DTSTART:20020425\nDTEND:20020426T000000\nRRULE:FREQ=YEARLY;COUNT=3\n{ANNIVERSARY}"
    timeline, _ = read_quietly(google(event), "anniversary.ics")
    (series,) = timeline.events
    assert str(series.when) == "2002-04-25"  # a date DTSTART stays a day
    assert series.repeats is not None
    assert series.repeats.rule == ("FREQ=YEARLY;COUNT=3",)


ANNIVERSARY = "UID:4k7q2l0p9s3d8f6g1h5j2m4n7b@google.com\nSUMMARY:Shop anniversary\n"


@pytest.mark.parametrize("zone", [True, False], ids=["x-wr-timezone", "none"])
@pytest.mark.parametrize(
    "end",
    [
        "DTEND:20020426\n",
        "DTEND;VALUE=DATE:20020426\n",
        "",
        "DTEND:20020426T000000\n",
        "DTEND:20020426T000000Z\n",
        "DURATION:PT1H\n",
        "DURATION:P1DT2H\n",
    ],
)
def test_a_bare_date_dtstart_repeats_as_days(zone: bool, end: str) -> None:
    event = f"DTSTART:20020425\n{end}RRULE:FREQ=YEARLY;COUNT=3\n{ANNIVERSARY}"
    timeline, _ = read_quietly(google(event, zone), "anniversary.ics")
    assert occurrences(timeline) == ["2002-04-25", "2003-04-25"]  # the window: two years
    single, _ = read_quietly(google(event.replace("RRULE:FREQ=YEARLY;COUNT=3\n", ""), zone), "a")
    assert occurrences(single) == ["2002-04-25"]  # as the same event without a rule


def test_a_bare_date_dtstart_with_a_longer_duration_keeps_its_days() -> None:
    event = f"DTSTART:20020425\nDURATION:P2DT3H\nRRULE:FREQ=WEEKLY;COUNT=2\n{ANNIVERSARY}"
    timeline, _ = read_quietly(google(event), "anniversary.ics")
    assert occurrences(timeline) == ["2002-04-25/2002-04-26", "2002-05-02/2002-05-03"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("EXDATE:20020502\n", ["2002-04-25", "2002-05-09"]),
        ("EXDATE;VALUE=DATE:20020502\n", ["2002-04-25", "2002-05-09"]),
        ("RDATE:20020604\n", ["2002-04-25", "2002-05-02", "2002-05-09", "2002-06-04"]),
        ("RDATE;VALUE=DATE:20020604\n", ["2002-04-25", "2002-05-02", "2002-05-09", "2002-06-04"]),
        ("", ["2002-04-25", "2002-05-02", "2002-05-09"]),
    ],
    ids=["exdate", "exdate-value-date", "rdate", "rdate-value-date", "count"],
)
@pytest.mark.parametrize("end", ["DTEND:20020426\n", "DTEND:20020426T000000\n"])
def test_a_bare_date_series_with_exdate_rdate_or_count_is_days(
    extra: str, expected: list[str], end: str
) -> None:
    event = f"DTSTART:20020425\n{end}RRULE:FREQ=WEEKLY;COUNT=3\n{extra}{ANNIVERSARY}"
    timeline, _ = read_quietly(google(event), "anniversary.ics")
    assert occurrences(timeline) == expected


UNTIL_BEFORE = (
    "SUMMARY:Ends before it begins\nDTSTART;TZID=Europe/Berlin:20141109T193000\n"
    "DTEND;TZID=Europe/Berlin:20141109T203000\nRRULE:FREQ=DAILY;UNTIL=20041119T203000Z\n"
    "DTSTAMP:20141001T120000Z\nUID:ends-before-it-begins\n"
)


def test_a_series_whose_until_is_before_dtstart_is_its_first_instance() -> None:
    timeline, said = read_quietly(khal(UNTIL_BEFORE), "until.ics")
    assert occurrences(timeline) == [
        "2014-11-09T19:30+01:00[Europe/Berlin]/2014-11-09T20:30+01:00[Europe/Berlin]"
    ]
    [warning] = [each for each in said if "UNTIL" in each]
    # located: the file, the RRULE's line, the UID; and what was kept
    assert warning.startswith("until.ics:5: event 'ends-before-it-begins' ")
    assert "UNTIL=20041119T203000Z, before its DTSTART" in warning
    assert "only the first instance, DTSTART, occurs" in warning


def test_a_date_series_whose_until_is_before_dtstart_is_its_first_day() -> None:
    event = f"DTSTART:20020425\nDTEND:20020426\nRRULE:FREQ=YEARLY;UNTIL=20010425\n{ANNIVERSARY}"
    timeline, said = read_quietly(google(event), "anniversary.ics")
    assert occurrences(timeline) == ["2002-04-25"]
    assert any("UNTIL=20010425, before its DTSTART" in each for each in said)


def test_an_until_before_dtstart_keeps_the_rdates_too() -> None:
    event = UNTIL_BEFORE + "RDATE;TZID=Europe/Berlin:20141112T193000\n"
    timeline, said = read_quietly(khal(event), "until.ics")
    assert [text[:10] for text in occurrences(timeline)] == ["2014-11-09", "2014-11-12"]
    [warning] = [each for each in said if "UNTIL" in each]
    assert "that rule gives nothing and DTSTART is kept as the first instance" in warning


@pytest.mark.parametrize(
    "rule",
    ["RRULE:FREQ=DAILY;UNTIL=20141109T183000Z\n", "RRULE:FREQ=WEEKLY;UNTIL=20141109T183000Z\n"],
)
def test_an_until_equal_to_dtstart_is_one_instance_without_a_warning(rule: str) -> None:
    event = UNTIL_BEFORE.replace("RRULE:FREQ=DAILY;UNTIL=20041119T203000Z\n", rule)
    timeline, said = read_quietly(khal(event), "until.ics")
    assert [text[:16] for text in occurrences(timeline)] == ["2014-11-09T19:30"]
    assert not [each for each in said if "UNTIL" in each]


def test_an_until_before_dtstart_outside_the_window_gives_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        (series,) = read(khal(UNTIL_BEFORE), "until.ics").events
    assert list(occurrences_of(series, date(2015, 1, 1), date(2016, 12, 31))) == []
