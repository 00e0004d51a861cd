"""Times to the second: kept, and shown, exactly where they were given; read back from every
format, calendar files included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

import timeline
from tests.factories import chronology, event
from tests.test_ics_clients import run_libical
from tests.test_timelinejs import by_id
from timeline import DateError, Precision, When

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize(
    ("text", "canonical", "words"),
    [
        (
            "2022-10-13T09:50:30[Asia/Almaty]",
            "2022-10-13T09:50:30+06:00[Asia/Almaty]",
            "13 October 2022, 09:50:30 (UTC+06)",
        ),
        (
            "2022-10-13T09:50:00+06:00[Asia/Almaty]",
            "2022-10-13T09:50:00+06:00[Asia/Almaty]",
            "13 October 2022, 09:50:00 (UTC+06)",
        ),
        (  # an instant in UTC, kept so whatever the default zone
            "2022-10-13T03:50:30Z",
            "2022-10-13T03:50:30Z",
            "13 October 2022, 03:50:30 (UTC)",
        ),
        (
            "13 October 2022, 09:50:30",
            "2022-10-13T09:50:30+06:00[Asia/Almaty]",
            "13 October 2022, 09:50:30 (UTC+06)",
        ),
        (
            "2022-10-13T09:50:30[Asia/Almaty]/2022-10-13T10:15[Asia/Almaty]",
            "2022-10-13T09:50:30+06:00[Asia/Almaty]/2022-10-13T10:15+06:00[Asia/Almaty]",
            "13 October 2022, 09:50:30\u201310:15 (UTC+06)",
        ),
    ],
)
def test_seconds_written_are_seconds_kept(text: str, canonical: str, words: str) -> None:
    when = When.parse(text, zone="Asia/Almaty")
    assert str(when) == canonical
    assert when.human() == words
    assert When.parse(canonical) == when
    assert When.parse(words, zone=when.timezone) == when
    assert when.start_point.precision is Precision.SECOND
    assert when.is_timed


def test_a_minute_is_not_a_second_though_the_instant_is_the_same() -> None:
    minute = When.parse("2022-10-13T09:50[Asia/Almaty]")
    second = When.parse("2022-10-13T09:50:00[Asia/Almaty]")
    later = When.parse("2022-10-13T09:50:30[Asia/Almaty]")
    assert minute.start == second.start
    assert minute != second
    assert sorted([later, second, minute]) == [minute, second, later]
    assert str(minute) == "2022-10-13T09:50+06:00[Asia/Almaty]"


def test_times_of_one_day_sort_by_instant_whatever_their_precision() -> None:
    chronicle = chronology(
        event("late", "2022-10-13T10:05[Asia/Almaty]"),
        event("early", "2022-10-13T09:50:30[Asia/Almaty]"),
        event("day", "2022-10-13"),
    )
    assert [e.id for e in chronicle] == ["day", "early", "late"]


def test_a_datetime_has_seconds_only_if_it_has_some() -> None:
    # TOML's local date-times always write seconds, as :00; a program's datetimes likewise
    assert When.from_value(datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY)).precision is (
        Precision.MINUTE
    )
    kept = When.from_value(datetime(2022, 10, 13, 9, 50, 30, tzinfo=ALMATY))
    assert kept.precision is Precision.SECOND
    assert str(kept) == "2022-10-13T09:50:30+06:00[Asia/Almaty]"


def test_a_local_mean_time_puts_seconds_on_a_minute() -> None:
    # Almaty kept local mean time, +05:07:48, until 1924: midnight UTC was 05:07:48 there
    when = When.parse("1900-01-01T00:00Z[Asia/Almaty]")
    assert str(when) == "1900-01-01T05:07:48+05:07:48[Asia/Almaty]"
    assert when.start_point.precision is Precision.SECOND


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2022-10-13T09:50:60[UTC]", "second 60 does not exist"),
        ("2022-10-13T09:50:30.5[UTC]", "as an ISO 8601 date"),
    ],
)
def test_what_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        When.parse(text)


def test_a_fraction_of_a_second_is_refused() -> None:
    with pytest.raises(DateError, match="kept to the second"):
        When.from_value(datetime(2022, 10, 13, 9, 50, 30, 500, tzinfo=UTC))


def test_every_format_keeps_the_seconds(tmp_path: Path) -> None:
    chronicle = chronology(
        event("a", "2022-10-13T09:50:30[Asia/Almaty]"),
        event("b", "2022-10-13T10:00:00[Asia/Almaty]"),
        event("c", "2022-10-13T10:05[Asia/Almaty]"),
    )
    for fmt in ("json", "csv", "ics"):
        data = timeline.formats.format_for(fmt).write(chronicle)
        back = timeline.loads(data, format=fmt, source=f"x.{fmt}")
        assert [str(e.when) for e in back] == [str(e.when) for e in chronicle], fmt
    calendar_bytes = timeline.to_ics(chronicle)
    text = calendar_bytes.decode("utf-8")
    assert "DTSTART;TZID=Asia/Almaty:20221013T095030\r\n" in text
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    starts = {str(item["UID"]): item.decoded("DTSTART") for item in calendar.walk("VEVENT")}
    assert starts["a@timeline.invalid"] == datetime(2022, 10, 13, 9, 50, 30, tzinfo=ALMATY)
    path = tmp_path / "seconds.ics"
    path.write_bytes(calendar_bytes)
    libical, _ = run_libical(path)
    assert libical["a@timeline.invalid"][0] == "2022-10-13T03:50:30Z"
    slides = by_id(chronicle)
    assert slides["a"]["start_date"] == {
        "year": 2022,
        "month": 10,
        "day": 13,
        "hour": 9,
        "minute": 50,
        "second": 30,
    }
    assert "hour" in slides["c"]["start_date"]
    assert "second" not in slides["c"]["start_date"]
    assert "**13 October 2022, 09:50:30 (UTC+06)**" in timeline.to_markdown(chronicle)


def test_a_calendar_apps_seconds_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "app.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:one\r\nDTSTAMP:20221013T000000Z\r\nDTSTART:20221013T035030Z\r\n"
        b"SUMMARY:Arrival\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (arrival,) = timeline.load(path)
    assert str(arrival.when) == "2022-10-13T03:50:30+00:00[UTC]"
