"""The .ics writer keeps series as series: one VEVENT with RRULE, RDATE and EXDATE (never the
expansion), each override after it with the series' UID and RECURRENCE-ID; an imported UID and
the lines a calendar had that no field holds (`carried`) are written back as they were."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from tests.factories import source
from tests.series_factories import make
from timeline import Event, FormatError, Status, Timeline, When, loads, to_ics
from timeline._occurrences import occurrences_of

ALMATY = "Asia/Almaty"


def at(text: str, zone: str | None = ALMATY) -> When:
    return When.parse(text, zone=zone)


def briefings(*overrides: Event, **repeats: Any) -> Timeline:
    """Weekly briefings on Mondays at 10:00 in Almaty, with the overrides given."""
    rule = {"rule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626T040000Z"} | repeats
    series = make("briefing", at("2023-01-02T10:00/2023-01-02T11:00"), repeats=rule)
    return Timeline(title="Briefings", events=(series, *overrides))


def vevents(data: bytes) -> list[list[str]]:
    """Each VEVENT's unfolded lines, in file order."""
    text = data.decode().replace("\r\n ", "")
    blocks = text.split("BEGIN:VEVENT\r\n")[1:]
    return [block.split("\r\nEND:VEVENT")[0].split("\r\n") for block in blocks]


def named(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line.startswith((name + ":", name + ";"))]


def moved(day: str, to: str, **extra: Any) -> Event:
    return make(
        f"briefing-{day}", at(to), series="briefing", occurrence=at(f"{day}T10:00"), **extra
    )


# --- a series ------------------------------------------------------------------------------


def test_a_zoned_series_is_one_vevent_with_its_rule_and_dates_in_the_start_s_zone() -> None:
    timeline = briefings(
        also=[at("2023-07-05T10:00")],
        skip=[at("2023-04-10T10:00"), at("2023-03-06T10:00")],
    )
    (lines,) = vevents(to_ics(timeline))
    assert named(lines, "DTSTART") == ["DTSTART;TZID=Asia/Almaty:20230102T100000"]
    assert named(lines, "RRULE") == ["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626T040000Z"]
    assert named(lines, "RDATE") == ["RDATE;TZID=Asia/Almaty:20230705T100000"]
    # several on one line, sorted
    assert named(lines, "EXDATE") == ["EXDATE;TZID=Asia/Almaty:20230306T100000,20230410T100000"]
    assert lines.index(named(lines, "RRULE")[0]) == lines.index(named(lines, "DTEND")[0]) + 1
    assert "X-TIMELINE-ID:briefing" not in lines  # our own UID gives the id back
    assert named(lines, "UID") == ["UID:briefing@timeline.invalid"]


@pytest.mark.parametrize(
    ("until", "written"),
    [
        ("20230626", "20230626T175959Z"),  # the end of that day in Almaty (UTC+6)
        ("20230626T100000", "20230626T040000Z"),  # a wall time in Almaty
        ("20230626T040000Z", "20230626T040000Z"),  # already UTC: as written
        ("2023-06-26", "20230626T175959Z"),  # dashes: the model makes it 20230626 first
    ],
)
def test_until_under_a_zoned_start_is_written_in_utc(until: str, written: str) -> None:
    (lines,) = vevents(to_ics(briefings(rule=f"FREQ=WEEKLY;UNTIL={until};BYDAY=MO")))
    assert named(lines, "RRULE") == [f"RRULE:FREQ=WEEKLY;UNTIL={written};BYDAY=MO"]


@pytest.mark.parametrize(
    ("start", "until", "rrule", "exdate"),
    [
        # all-day: UNTIL a date, EXDATE;VALUE=DATE
        (at("2023-01-02"), "20230626T235959Z", "UNTIL=20230626", "EXDATE;VALUE=DATE:20230109"),
        # floating: UNTIL a local time, EXDATE with no zone
        (
            at("2023-01-02T10:00", None),
            "20230626",
            "UNTIL=20230626T235959",
            "EXDATE:20230109T100000",
        ),
        # UTC, and a fixed offset (written in UTC): EXDATE in UTC
        (
            at("2023-01-02T10:00Z", None),
            "20230626",
            "UNTIL=20230626T235959Z",
            "EXDATE:20230109T100000Z",
        ),
        (
            at("2023-01-02T10:00+02:00", None),
            "20230626T120000",
            "UNTIL=20230626T100000Z",
            "EXDATE:20230109T080000Z",
        ),
    ],
)
def test_every_date_of_a_series_takes_its_dtstart_s_value_type(
    start: When, until: str, rrule: str, exdate: str
) -> None:
    skipped = start.start_point.value + timedelta(days=7)
    repeats = {"rule": f"FREQ=WEEKLY;{'UNTIL=' + until}", "skip": [When.from_value(skipped)]}
    series = make("weekly", start, repeats=repeats)
    (lines,) = vevents(to_ics(Timeline(title="T", events=(series,))))
    assert named(lines, "RRULE") == [f"RRULE:FREQ=WEEKLY;{rrule}"]
    assert named(lines, "EXDATE") == [exdate]


def test_an_endless_rule_stays_endless_and_is_never_expanded() -> None:
    series = make("daily", at("2023-01-02T09:00"), repeats="FREQ=DAILY;INTERVAL=2")
    events = vevents(to_ics(Timeline(title="T", events=(series,))))
    assert len(events) == 1
    assert named(events[0], "RRULE") == ["RRULE:FREQ=DAILY;INTERVAL=2"]


def test_the_zone_of_an_endless_series_covers_the_years_after_it() -> None:
    """A client that takes the zone from the file (libical, ical.js) needs its clock changes in
    the years it shows: Berlin's summer time in 2030, for a series that began in 2023."""
    series = make("weekly", at("2023-01-02T10:00", "Europe/Berlin"), repeats="FREQ=WEEKLY")
    text = to_ics(Timeline(title="T", events=(series,))).decode()
    assert "DTSTART:20300331T020000" in text  # the spring change of 2030
    assert "DTSTART:20230326T020000" in text


def test_several_rules_are_each_written_as_they_are() -> None:
    repeats = {"rule": ["FREQ=WEEKLY;BYDAY=MO;COUNT=3", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2"]}
    series = make("twice", at("2023-01-02"), repeats=repeats)
    (lines,) = vevents(to_ics(Timeline(title="T", events=(series,))))
    assert named(lines, "RRULE") == [
        "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2",
    ]


# --- overrides -----------------------------------------------------------------------------


def test_an_override_follows_its_series_with_its_uid_and_recurrence_id() -> None:
    later = make("later", at("2023-02-01"))
    cancelled = moved("2023-05-01", "2023-05-01T10:00", status=Status.CANCELLED)
    postponed = moved("2023-04-17", "2023-04-18T10:00", status=Status.POSTPONED)
    for order in ((later, cancelled, postponed), (postponed, later, cancelled)):
        events = vevents(to_ics(briefings(*order)))
        uids = [named(lines, "UID")[0] for lines in events]
        assert uids == ["UID:briefing@timeline.invalid"] * 3 + ["UID:later@timeline.invalid"]
        first, second = events[1], events[2]
        assert named(first, "RECURRENCE-ID") == ["RECURRENCE-ID;TZID=Asia/Almaty:20230417T100000"]
        assert named(first, "DTSTART") == ["DTSTART;TZID=Asia/Almaty:20230418T100000"]
        assert "X-TIMELINE-ID:briefing-2023-04-17" in first
        assert named(second, "RECURRENCE-ID") == ["RECURRENCE-ID;TZID=Asia/Almaty:20230501T100000"]
        assert "STATUS:CANCELLED" in second
        assert "X-TIMELINE-ID:briefing-2023-05-01" in second


def test_an_override_of_an_all_day_series_names_its_day() -> None:
    series = make("monthly", at("2023-01-05"), repeats="FREQ=MONTHLY", uid="m1@example.com")
    override = make("moved", at("2023-02-06"), series="monthly", occurrence=at("2023-02-05"))
    events = vevents(to_ics(Timeline(title="T", events=(series, override))))
    assert named(events[1], "UID") == ["UID:m1@example.com"]
    assert named(events[1], "RECURRENCE-ID") == ["RECURRENCE-ID;VALUE=DATE:20230205"]


def test_an_override_of_a_utc_series_names_its_start_in_utc() -> None:
    series = make("utc", at("2023-01-05T08:00Z", None), repeats="FREQ=DAILY")
    original = at("2023-01-06T14:00", ALMATY)  # the same instant as 08:00Z
    override = make("moved", at("2023-01-06T09:00Z", None), series="utc", occurrence=original)
    events = vevents(to_ics(Timeline(title="T", events=(series, override))))
    assert named(events[1], "RECURRENCE-ID") == ["RECURRENCE-ID:20230106T080000Z"]


# --- identity ------------------------------------------------------------------------------


def test_an_imported_uid_is_written_back_with_the_id_beside_it() -> None:
    event = make("board-meeting", at("2023-03-01"), uid="040000008200E00074C5B7101A82E008")
    (lines,) = vevents(to_ics(Timeline(title="T", events=(event,))))
    assert named(lines, "UID") == ["UID:040000008200E00074C5B7101A82E008"]
    assert "X-TIMELINE-ID:board-meeting" in lines


def test_a_uid_that_looks_like_ours_still_says_it_is_a_calendars() -> None:
    event = make("kickoff", at("2023-03-01"), uid="kickoff@google.com")
    timeline = Timeline(title="T", events=(event,))
    (lines,) = vevents(to_ics(timeline))
    assert named(lines, "UID") == ["UID:kickoff@google.com"]
    assert named(lines, "X-TIMELINE-ID") == ["X-TIMELINE-ID:kickoff"]
    assert loads(to_ics(timeline), format="ics") == timeline


def test_an_imported_uid_of_a_series_and_its_override_reads_back_as_written() -> None:
    series = make("board", at("2023-03-01T10:00"), uid="AB12-xyz", repeats="FREQ=WEEKLY;COUNT=4")
    moved = make(
        "board-moved",
        at("2023-03-09T10:00"),
        series="board",
        occurrence=at("2023-03-08T10:00"),
    )
    timeline = Timeline(title="T", events=(series, moved))
    assert loads(to_ics(timeline), format="ics") == timeline


def test_a_uid_is_escaped_as_text_and_folded() -> None:
    uid = "a,b;c\\d" + "x" * 100
    event = make("odd", at("2023-03-01"), uid=uid)
    raw = to_ics(Timeline(title="T", events=(event,)))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (lines,) = vevents(raw)
    assert named(lines, "UID") == ["UID:a\\,b\\;c\\\\d" + "x" * 100]
    assert str(icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["UID"]) == uid


# --- carried lines -------------------------------------------------------------------------

CARRIED = "\r\n".join(
    [
        "ORGANIZER;CN=Ann Example:mailto:ann@example.com",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com",
        "CLASS:PRIVATE",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/" + "abc-defg-hij" * 8,
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Reminder",
        "TRIGGER:-PT15M",
        "END:VALARM",
    ]
)


def test_carried_lines_come_just_before_the_end_folded_in_file_order() -> None:
    event = make("meeting", at("2023-03-01T10:00"), carried={"ics": CARRIED})
    raw = to_ics(Timeline(title="T", events=(event,)))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    (lines,) = vevents(raw)
    assert lines[-len(CARRIED.split("\r\n")) :] == CARRIED.split("\r\n")
    assert "SEQUENCE:0" in lines


@pytest.mark.parametrize(
    ("status", "carried", "written"),
    [
        (Status.OCCURRED, "SEQUENCE:3", "SEQUENCE:3"),
        (Status.CANCELLED, "SEQUENCE:0", "SEQUENCE:1"),  # never lower than the writer's own
        (Status.CANCELLED, "SEQUENCE:7", "SEQUENCE:7"),
    ],
)
def test_a_carried_sequence_takes_the_place_of_the_writer_s(
    status: Status, carried: str, written: str
) -> None:
    extra = {"ics": f"LAST-MODIFIED:20230201T120000Z\r\n{carried}"}
    event = make("meeting", at("2023-03-01"), status=status, carried=extra)
    (lines,) = vevents(to_ics(Timeline(title="T", events=(event,))))
    assert named(lines, "SEQUENCE") == [written]
    # where the calendar had it, among its own lines, in place of the writer's
    assert lines.index(written) == lines.index("LAST-MODIFIED:20230201T120000Z") + 1
    assert named(lines, "LAST-MODIFIED") == ["LAST-MODIFIED:20230201T120000Z"]


def test_a_carried_transp_or_url_replaces_the_writer_s_own() -> None:
    carried = {"ics": "TRANSP:OPAQUE\r\nURL:https://calendar.example.com/e/1"}
    ours = (source(url="https://example.org/article"),)
    event = make("meeting", at("2023-03-01"), carried=carried, sources=ours)
    assert named(
        vevents(to_ics(Timeline(title="T", events=(make("own", at("2023-03-01"), sources=ours),))))[
            0
        ],
        "URL",
    )
    (lines,) = vevents(to_ics(Timeline(title="T", events=(event,))))
    assert named(lines, "TRANSP") == ["TRANSP:OPAQUE"]
    assert named(lines, "URL") == ["URL:https://calendar.example.com/e/1"]


@pytest.mark.parametrize(
    ("carried", "says"),
    [
        ("SUMMARY:Another title", "SUMMARY, which the writer writes"),
        ("X-TIMELINE-KIND:vote", "X-TIMELINE-KIND"),
        ("END:VEVENT\r\nBEGIN:VEVENT", "VEVENT cannot be inside"),
        ("BEGIN:VALARM\r\nTRIGGER:-PT5M", "leave VALARM open"),
        ("END:VALARM", "without opening it"),
        ("no colon here", "no content line"),
        ("SEQUENCE:two", "no whole number"),
        ("TRANSP:OPAQUE\r\nTRANSP:TRANSPARENT", "twice"),
    ],
)
def test_carried_lines_that_would_break_the_event_are_refused_located(
    carried: str, says: str
) -> None:
    event = make("meeting", at("2023-03-01"), carried={"ics": carried})
    with pytest.raises(FormatError, match=says) as raised:
        to_ics(Timeline(title="T", events=(event,)))
    assert raised.value.problem.location.event_id == "meeting"
    assert raised.value.problem.hint


def test_an_event_without_any_of_this_is_written_as_before() -> None:
    plain = make("plain", at("2023-03-01T10:00"))
    (lines,) = vevents(to_ics(Timeline(title="T", events=(plain,))))
    assert lines[:4] == [
        "UID:plain@timeline.invalid",
        "DTSTAMP:20230301T000000Z",
        "SEQUENCE:0",
        "DTSTART;TZID=Asia/Almaty:20230301T100000",
    ]
    assert not named(lines, "X-TIMELINE-ID")


# --- revisions -----------------------------------------------------------------------------


def _meeting(title: str, carried: str) -> Timeline:
    event = make("meeting", at("2023-03-01"), title=title, carried={"ics": carried})
    return Timeline(title="T", events=(event,))


def test_a_revision_raises_sequence_from_the_previous_feed_never_below_the_carried() -> None:
    previous = to_ics(_meeting("Meeting", "SEQUENCE:2"))
    same = to_ics(_meeting("Meeting", "SEQUENCE:2"), previous=previous)
    assert same == previous
    changed = vevents(to_ics(_meeting("Meeting moved", "SEQUENCE:2"), previous=previous))[0]
    assert named(changed, "SEQUENCE") == ["SEQUENCE:3"]
    upstream = vevents(to_ics(_meeting("Meeting moved", "SEQUENCE:5"), previous=previous))[0]
    assert named(upstream, "SEQUENCE") == ["SEQUENCE:5"]
    # the calendar's SEQUENCE rose with nothing else changed: still never written lower
    risen = vevents(to_ics(_meeting("Meeting", "SEQUENCE:4"), previous=previous))[0]
    assert named(risen, "SEQUENCE") == ["SEQUENCE:4"]
    assert named(risen, "LAST-MODIFIED")


# --- independent readers -------------------------------------------------------------------


def _expanded(data: bytes, first: date, last: date) -> list[tuple[str, object]]:
    """(X-TIMELINE-ID or UID, start) of each occurrence recurring-ical-events finds."""
    calendar = icalendar.Calendar.from_ical(data)
    found = []
    for component in recurring_ical_events.of(calendar).between(first, last + timedelta(days=1)):
        start = component["DTSTART"].dt
        name = str(component.get("X-TIMELINE-ID") or component["UID"]).split("@")[0]
        found.append((name, _instant(start)))
    return sorted(found, key=repr)


def _instant(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _ours(timeline: Timeline, first: date, last: date) -> list[tuple[str, object]]:
    series = timeline.events[0]
    overrides = timeline.events[1:]
    found = occurrences_of(series, first, last, overrides)
    return sorted(
        ((each.event.id, _instant(each.when.start_point.value)) for each in found), key=repr
    )


def test_recurring_ical_events_expands_a_series_to_our_occurrences() -> None:
    timeline = briefings(
        moved("2023-04-17", "2023-04-18T10:00"),
        moved("2023-05-01", "2023-05-01T10:00", status=Status.CANCELLED),
        also=[at("2023-07-05T10:00")],
        skip=[at("2023-04-10T10:00")],
    )
    window = (date(2023, 1, 1), date(2023, 12, 31))
    expected = _ours(timeline, *window)
    assert len(expected) == 26
    assert _expanded(to_ics(timeline), *window) == expected


def test_a_series_at_a_time_the_clocks_repeat_keeps_its_zone() -> None:
    """A single event at 02:30 on the night the clocks go back is written in UTC (clients
    would pick either 02:30); a series keeps the TZID, since its rule repeats on the wall
    clock, and X-TIMELINE-WHEN says which 02:30 the first one was."""
    when = at("2023-10-29T02:30", "Europe/Berlin")
    single = vevents(to_ics(Timeline(title="T", events=(make("once", when),))))[0]
    assert named(single, "DTSTART") == ["DTSTART:20231029T003000Z"]
    series = make("nightly", when, repeats="FREQ=DAILY;COUNT=3")
    (lines,) = vevents(to_ics(Timeline(title="T", events=(series,))))
    assert named(lines, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20231029T023000"]
    assert named(lines, "X-TIMELINE-WHEN")
