"""The calendar export and import: the mapping, the bytes, the reader and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import timeline
from tests.factories import event as factory_event
from timeline._cli import main
from timeline._errors import FormatError, InvalidTimeline, TimelineError, TimelineWarning
from timeline._model import (
    Event,
    Kind,
    Link,
    Place,
    Position,
    Relation,
    Source,
    Status,
    Timeline,
    Vote,
)
from timeline._occurrences import occurrences, occurrences_of
from timeline._when import When
from timeline.formats._ics import clean_text, read, to_ics
from timeline.formats._ics._windows_zones import WINDOWS_ZONES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "events.toml"

ASTANA = Place(name="Astana", country="KZ", lat=51.1282, lon=71.4307, timezone="Asia/Almaty")
NEW_YORK = Place(name="UN headquarters, New York", country="US", lat=40.749, lon=-73.968)
AKORDA = Source(
    publisher="Akorda",
    title="Statement on the CICA summit",
    url="https://www.akorda.kz/en/cica-summit",
    published=When.parse("2022-10-13"),
)
UN_PRESS = Source(publisher="UN News", title="General Assembly votes", url="https://news.un.org/x")


def make_event(event_id: str, when: str, **fields: Any) -> Event:
    """The factory's event with dull defaults, so that each test states only what it is about."""
    values: dict[str, Any] = {"title": f"Event {event_id}", "kind": Kind.MEETING}
    return factory_event(event_id, when, **(values | {"sources": (AKORDA,)} | fields))


def make_timeline(*events: Event, **fields: Any) -> Timeline:
    values: dict[str, Any] = {"title": "Test chronology", "updated": date(2023, 11, 9)}
    values.update(fields)
    return Timeline(events=events, **values)


def chronology() -> Timeline:
    """Every field and every kind of date the export handles, in the zones the issue names."""
    return make_timeline(
        make_event(
            "cica-summit-2022",
            "2022-10-12/2022-10-13",
            title="Sixth CICA summit; Astana, Kazakhstan",
            kind=Kind.SUMMIT,
            summary="Heads of state met in Astana, with Putin, Erdoğan and Tokayev.",
            place=ASTANA,
            participants=("KZ", "RU", "TR", "CICA"),
            tags=("cica", "astana"),
            sources=(AKORDA, UN_PRESS),
            note="Dates from the summit's own site.",
        ),
        make_event(
            "putin-arrives-astana",
            "2022-10-13T09:50[Asia/Almaty]",
            kind=Kind.VISIT,
            place=ASTANA,
            links=(Link(rel=Relation.PART_OF, target="cica-summit-2022"),),
        ),
        make_event(
            "cis-summit-astana",
            "2022-10-14T10:00[Asia/Almaty]/2022-10-14T13:30[Asia/Almaty]",
            kind=Kind.SUMMIT,
            links=(Link(rel=Relation.FOLLOWS, target="cica-summit-2022"),),
        ),
        make_event(
            "unga-es-11-4",
            "2022-10-12T15:00[America/New_York]",
            kind=Kind.VOTE,
            place=NEW_YORK,
            sources=(UN_PRESS,),
            vote=Vote(
                body="UN General Assembly",
                resolution="ES-11/4",
                yes=143,
                no=5,
                abstain=35,
                absent=10,
                members=193,
                positions={"KZ": Position.ABSTAIN, "RU": Position.NO, "UZ": Position.ABSTAIN},
            ),
        ),
        make_event(
            "unga-es-11-6",
            "2023-02-23T16:30[America/New_York]",
            kind=Kind.VOTE,
            sources=(UN_PRESS,),
            vote=Vote(body="UN General Assembly", yes=141, no=7, abstain=32),
        ),
        make_event(
            "csto-drill-2022",
            "2022-10-10/2022-10-14",
            title="CSTO exercise “Indestructible Brotherhood-2022”",
            kind=Kind.MILITARY_EXERCISE,
            status=Status.CANCELLED,
            place=Place(name="Balykchy", country="KG"),
            links=(Link(rel=Relation.CANCELS, target="cica-summit-2022"),),
        ),
        make_event("talks-postponed", "2022-08~", status=Status.POSTPONED),
        make_event("plan-2024", "2024", status=Status.SCHEDULED, tags=("plans",)),
        make_event("mongolia-admitted", "1961-10-27T15:00[America/New_York]", kind=Kind.VOTE),
        make_event("session-2040", "2040-06-12T10:00[America/New_York]", status=Status.SCHEDULED),
        make_event("almaty-1910", "1910-05-01T12:00[Asia/Almaty]"),
        make_event("repeated-hour", "2022-11-06T01:30-05:00[America/New_York]"),
        make_event("utc-event", "2022-10-13T06:00[UTC]"),
        title="Central Asia, 2022; a test",
        description="Summits, votes\nand drills, with commas; and a \\ backslash.",
        timezone="Asia/Almaty",
        organisations={"SCOX": "A made-up organisation"},
    )


def lines(data: bytes) -> list[str]:
    """The unfolded content lines, after checking that every line ends in CRLF."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def vevent(data: bytes, event_id: str, domain: str = "timeline.invalid") -> list[str]:
    """The lines of one VEVENT, found by its UID."""
    current: list[str] = []
    for line in lines(data):
        if line == "BEGIN:VEVENT":
            current = []
        current.append(line)
        if line == "END:VEVENT" and f"UID:{event_id}@{domain}" in current:
            return current
    raise AssertionError(f"no VEVENT with UID {event_id}@{domain}")


def values(event_lines: list[str], name: str) -> list[str]:
    return [line.split(":", 1)[1] for line in event_lines if line.split(":", 1)[0] == name]


def value(event_lines: list[str], name: str) -> str:
    found = values(event_lines, name)
    assert len(found) == 1, (name, found)
    return found[0]


# -- the mapping -------------------------------------------------------------------------------


def test_calendar_head_names_the_calendar_in_every_dialect() -> None:
    head = lines(to_ics(chronology()))[:16]
    assert head[:4] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//timeline//timeline calendar export//EN",
        "CALSCALE:GREGORIAN",
    ]
    # no METHOD: a published feed is not an iTIP message, and METHOD:PUBLISH would oblige an
    # ORGANIZER in every event (RFC 5546 3.2.1), which libical's rule check then demands
    assert not any(line.startswith("METHOD") for line in head)
    assert "NAME:Central Asia\\, 2022\\; a test" in head
    assert "X-WR-CALNAME:Central Asia\\, 2022\\; a test" in head
    escaped = "Summits\\, votes\\nand drills\\, with commas\\; and a \\\\ backslash."
    assert f"DESCRIPTION:{escaped}" in head
    assert f"X-WR-CALDESC:{escaped}" in head
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in head
    assert "X-PUBLISHED-TTL:P1D" in head


def test_day_precision_is_all_day_with_an_exclusive_end() -> None:
    data = to_ics(chronology())
    summit = vevent(data, "cica-summit-2022")
    assert value(summit, "DTSTART;VALUE=DATE") == "20221012"
    assert value(summit, "DTEND;VALUE=DATE") == "20221014"  # the 13th is the last day
    one_day = to_ics(make_timeline(make_event("a", "2022-12-31")))
    assert value(vevent(one_day, "a"), "DTEND;VALUE=DATE") == "20230101"


def test_timed_events_use_their_zone_and_an_embedded_vtimezone() -> None:
    data = to_ics(chronology())
    arrival = vevent(data, "putin-arrives-astana")
    assert value(arrival, "DTSTART;TZID=Asia/Almaty") == "20221013T095000"
    # a moment: an hour long for calendar apps, and marked so that the reader drops the end
    assert value(arrival, "DTEND;TZID=Asia/Almaty") == "20221013T105000"
    assert value(arrival, "X-TIMELINE-END") == "added"
    summit = vevent(data, "cis-summit-astana")
    assert value(summit, "DTSTART;TZID=Asia/Almaty") == "20221014T100000"
    assert value(summit, "DTEND;TZID=Asia/Almaty") == "20221014T133000"
    vote = vevent(data, "unga-es-11-4")
    assert value(vote, "DTSTART;TZID=America/New_York") == "20221012T150000"
    all_lines = lines(data)
    assert [line for line in all_lines if line.startswith("TZID:")] == [
        "TZID:America/New_York",
        "TZID:Asia/Almaty",
    ]
    assert "TZOFFSETTO:+0600" in all_lines
    assert "RRULE" not in data.decode()
    assert "RDATE" not in data.decode()


def test_times_that_clients_could_read_two_ways_are_written_in_utc() -> None:
    data = to_ics(chronology())
    # 01:30 came twice in New York that night; this is the second, at -05:00
    assert value(vevent(data, "repeated-hour"), "DTSTART") == "20221106T063000Z"
    # Almaty's local mean time was +05:07:48, which ical.js would cut to +05:07
    assert value(vevent(data, "almaty-1910"), "DTSTART") == "19100501T065212Z"
    assert value(vevent(data, "utc-event"), "DTSTART") == "20221013T060000Z"


def test_imprecise_dates_span_their_month_or_year_and_keep_their_precision() -> None:
    data = to_ics(chronology())
    august = vevent(data, "talks-postponed")
    assert value(august, "DTSTART;VALUE=DATE") == "20220801"
    assert value(august, "DTEND;VALUE=DATE") == "20220901"
    assert value(august, "X-TIMELINE-WHEN") == "2022-08~"
    year = vevent(data, "plan-2024")
    assert value(year, "DTSTART;VALUE=DATE") == "20240101"
    assert value(year, "DTEND;VALUE=DATE") == "20250101"
    assert value(year, "X-TIMELINE-WHEN") == "2024"


def test_x_timeline_when_is_written_only_where_dtstart_cannot_say_it() -> None:
    data = to_ics(chronology())

    def written(event_id: str) -> list[str]:
        return [line for line in vevent(data, event_id) if line.startswith("X-TIMELINE-WHEN:")]

    assert written("cica-summit-2022") == []
    assert written("putin-arrives-astana") == []
    assert written("utc-event") == []
    assert written("talks-postponed") == ["X-TIMELINE-WHEN:2022-08~"]
    assert written("repeated-hour") == ["X-TIMELINE-WHEN:2022-11-06T01:30-05:00[America/New_York]"]
    assert written("almaty-1910") == ["X-TIMELINE-WHEN:1910-05-01T12:00+05:07:48[Asia/Almaty]"]


def test_imprecise_skip_leaves_them_out_with_a_warning() -> None:
    with pytest.warns(TimelineWarning, match=r"left 2 month- or year-precision events out"):
        data = to_ics(chronology(), imprecise="skip")
    text = data.decode()
    assert "UID:talks-postponed@" not in text
    assert "UID:plan-2024@" not in text
    assert "UID:cica-summit-2022@" in text


def test_status_is_mapped_and_cancelled_events_stay() -> None:
    data = to_ics(chronology())
    expected = {
        "cica-summit-2022": ("CONFIRMED", None, "0"),
        "session-2040": ("CONFIRMED", "scheduled", "0"),
        "csto-drill-2022": ("CANCELLED", None, "1"),
        "talks-postponed": ("TENTATIVE", "postponed", "1"),
    }
    for event_id, (status, extra, sequence) in expected.items():
        found = vevent(data, event_id)
        assert value(found, "STATUS") == status
        assert value(found, "SEQUENCE") == sequence
        written = [line for line in found if line.startswith("X-TIMELINE-STATUS:")]
        assert written == ([] if extra is None else [f"X-TIMELINE-STATUS:{extra}"])


def test_uid_comes_from_the_id_and_the_domain() -> None:
    data = to_ics(chronology(), domain="example.org")
    found = vevent(data, "putin-arrives-astana", domain="example.org")
    assert "RELATED-TO;RELTYPE=PARENT:cica-summit-2022@example.org" in found
    with pytest.raises(FormatError, match="not a domain name"):
        to_ics(chronology(), domain="example.org\r\nX-EVIL:1")
    with pytest.raises(FormatError, match="unknown policy"):
        to_ics(chronology(), imprecise="drop")  # type: ignore[arg-type]


def test_event_properties_carry_place_categories_sources_and_links() -> None:
    data = to_ics(chronology())
    summit = vevent(data, "cica-summit-2022")
    assert value(summit, "SUMMARY") == "Sixth CICA summit\\; Astana\\, Kazakhstan"
    assert value(summit, "CATEGORIES") == "summit,cica,astana"
    assert value(summit, "LOCATION") == "Astana"
    assert value(summit, "GEO") == "51.1282;71.4307"
    assert value(summit, "URL") == "https://www.akorda.kz/en/cica-summit"
    assert value(summit, "TRANSP") == "TRANSPARENT"  # a chronology does not make anyone busy
    # a list of ours is a line a value, a structured value one TEXT value (docs/ics.md)
    assert values(summit, "X-TIMELINE-PARTICIPANTS") == ["KZ", "RU", "TR", "CICA"]
    assert value(summit, "X-TIMELINE-PLACE") == "KZ\\;Asia/Almaty"
    description = value(summit, "DESCRIPTION")
    assert description.startswith("12–13 October 2022\\n\\nHeads of state met in Astana\\, with")
    assert "Sources:\\n- Akorda: Statement on the CICA summit (13 October 2022) https://" in (
        description
    )
    drill = vevent(data, "csto-drill-2022")
    assert "RELATED-TO;RELTYPE=X-TIMELINE-CANCELS:cica-summit-2022@timeline.invalid" in drill
    assert not any(line.startswith("GEO") for line in drill)
    vote = vevent(data, "unga-es-11-4")
    assert (
        value(vote, "X-TIMELINE-VOTE") == "UN General Assembly\\;ES-11/4\\;143\\;5\\;35\\;10\\;193"
    )
    assert values(vote, "X-TIMELINE-VOTE-POSITIONS") == ["KZ=abstain", "RU=no", "UZ=abstain"]
    assert (
        "Vote (UN General Assembly\\, ES-11/4): 143 yes\\, 5 no\\, 35 abstaining\\, 10 absent."
        in (value(vote, "DESCRIPTION"))
    )


def test_urls_are_percent_encoded_rather_than_escaped() -> None:
    source = Source(publisher="Kun.uz", title="Article", url="https://kun.uz/news/ташкент")
    data = to_ics(make_timeline(make_event("a", "2022-10-13", sources=(source,))))
    assert (
        value(vevent(data, "a"), "URL")
        == "https://kun.uz/news/%D1%82%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82"
    )


def test_dtstamp_comes_from_the_timeline_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert value(vevent(to_ics(chronology()), "plan-2024"), "DTSTAMP") == "20231109T000000Z"
    undated = make_timeline(make_event("a", "2022-10-13"), make_event("b", "2022-11"), updated=None)
    assert value(vevent(to_ics(undated), "a"), "DTSTAMP") == "20221130T000000Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert value(vevent(to_ics(chronology()), "plan-2024"), "DTSTAMP") == "20231114T221320Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(FormatError, match="SOURCE_DATE_EPOCH"):
        to_ics(chronology())


def test_public_name_and_registry_agree() -> None:
    assert timeline.to_ics is to_ics
    assert timeline.formats.format_for("ics").writer == "to_ics"
    assert timeline.formats.format_for(path="x.ics").read is read


# -- the bytes -----------------------------------------------------------------------------


def test_long_lines_fold_at_75_octets_on_character_boundaries() -> None:
    title = "Встреча глав государств Центральной Азии и России — " * 4 + "🇰🇿 summit"
    data = to_ics(make_timeline(make_event("a", "2022-10-13", title=title.strip())))
    physical = data.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # every folded piece is whole UTF-8 on its own
    assert value(vevent(data, "a"), "SUMMARY") == title.strip()


@pytest.mark.parametrize(
    "hostile",
    [
        "Title\r\nBEGIN:VEVENT\r\nUID:evil",
        "Title\nLOCATION:nowhere",
        "Title\rDTSTART:19700101",
        "Title\u2028BEGIN:VEVENT",
        "Title\u2029X-INJECTED:1",
        "Title\x85END:VCALENDAR",
        "Title\x00\x01\x1b[31m\x7f\x0bEND:VEVENT",
        "Title;X-INJECTED=1:value,more\\",
    ],
)
def test_no_field_can_inject_a_property_or_a_component(hostile: str) -> None:
    # validation refuses these characters; built unvalidated, the writer must still hold
    place = Place.model_construct(name=hostile)
    source = Source.model_construct(publisher=hostile, title=hostile)
    fields = dict(make_event("a", "2022-10-13"))
    fields |= {"title": hostile, "place": place, "sources": (source,), "note": hostile}
    event = Event.model_construct(**fields)
    data = to_ics(Timeline.model_construct(title=hostile, description=hostile, events=(event,)))
    all_lines = lines(data)
    assert all_lines.count("BEGIN:VEVENT") == 1
    assert all_lines.count("END:VCALENDAR") == 1
    assert not any(
        line.startswith(("X-INJECTED", "UID:evil", "LOCATION:nowhere")) for line in all_lines
    )
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in vevent(data, "a")]
    assert names == [
        "BEGIN", "UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "STATUS",
        "TRANSP", "CATEGORIES", "DESCRIPTION", "LOCATION", "X-TIMELINE-KIND",
        "X-TIMELINE-SOURCE", "X-TIMELINE-NOTE", "END",
    ]  # fmt: skip
    back = read(data, "hostile.ics")  # a line break in a one-line field is read as a space
    assert back.title == " ".join(clean_text(hostile).split())
    assert back["a"].title == " ".join(clean_text(hostile).split())
    assert back["a"].note == clean_text(hostile)


def test_output_is_the_same_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import sys; from tests.test_ics import chronology; from timeline import to_ics; "
        "sys.stdout.buffer.write(to_ics(chronology()))"
    )
    outputs = []
    for seed in ("0", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        environment.pop("SOURCE_DATE_EPOCH", None)
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0] == to_ics(chronology())
    assert outputs[0].count(b"BEGIN:VEVENT") == len(chronology())


def test_large_files_are_whole_across_the_writers_chunks() -> None:
    """The writer encodes 8,192 lines at a time; a file of many chunks must still be one file."""
    events = [
        make_event(f"event-{number}", f"2022-{number % 12 + 1:02d}-{number % 28 + 1:02d}")
        for number in range(1200)
    ]
    big = make_timeline(*events)
    data = to_ics(big)
    assert len(lines(data)) > 2 * 8192
    assert read(data, "big.ics") == big


# -- reading -----------------------------------------------------------------------------------


def test_our_export_reads_back_as_the_same_timeline() -> None:
    original = chronology()
    back = read(to_ics(original), "chronology.ics")
    assert back == original
    assert [str(event.when) for event in back] == [str(event.when) for event in original]
    assert back["talks-postponed"].when.approximate


def test_load_reads_ics_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "chronology.ics"
    path.write_bytes(to_ics(chronology()))
    assert timeline.load(path) == chronology()


def test_a_date_moved_in_a_calendar_app_wins_over_the_stored_precision() -> None:
    data = to_ics(make_timeline(make_event("a", "2022-10")))
    moved = data.replace(b"DTSTART;VALUE=DATE:20221001", b"DTSTART;VALUE=DATE:20221105")
    moved = moved.replace(b"DTEND;VALUE=DATE:20221101", b"DTEND;VALUE=DATE:20221106")
    assert str(read(moved, None)["a"].when) == "2022-11-05"
    assert str(read(data, None)["a"].when) == "2022-10"


def test_links_to_events_left_out_of_the_file_are_dropped_with_a_warning() -> None:
    selection = chronology().select(kinds=["visit"])
    with pytest.warns(TimelineWarning, match="cica-summit-2022@timeline.invalid"):
        back = read(to_ics(selection), "selection.ics")
    assert back["putin-arrives-astana"].links == ()


FOREIGN = """\
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
X-WR-CALNAME:Diplomatic calendar
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VTIMEZONE
TZID:Custom Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:7kukuqrfedlm2f9t0vr5ipqdsa@google.com
DTSTART;VALUE=DATE:20221012
DTEND;VALUE=DATE:20221014
SUMMARY:Summit in Astana
CATEGORIES:Summits,Central Asia
LOCATION:Astana\\, Kazakhstan
GEO:51.1282;71.4307
URL:https://example.org/summit
DESCRIPTION:Long description\\nwith lines
 and a folded tail
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:Meeting@Outlook
DTSTART;TZID=Custom Berlin:20221013T093015
DURATION:PT1H30M
SUMMARY:Call
END:VEVENT
BEGIN:VEVENT
UID:meeting@outlook
DTSTART;TZID=/mozilla.org/20050126_1/Asia/Tashkent:20221014T100000
DTEND;TZID=Asia/Tashkent:20221014T110000
STATUS:TENTATIVE
END:VEVENT
BEGIN:VEVENT
UID:floating
DTSTART:20221015T080000
STATUS:CANCELLED
SUMMARY:Floating
END:VEVENT
BEGIN:VEVENT
UID:weekly@x
DTSTART:20221017T080000Z
RRULE:FREQ=WEEKLY
SUMMARY:Weekly
END:VEVENT
END:VCALENDAR
"""


def test_a_calendar_apps_file_is_read_with_slugged_ids_and_the_calendar_as_source() -> None:
    with pytest.warns(TimelineWarning, match="looks like Europe/Berlin"):
        read_back = read(FOREIGN.encode(), "diplomacy.ics")
    assert read_back.title == "Diplomatic calendar"
    assert read_back.timezone == "Europe/Berlin"
    ids = [event.id for event in read_back]
    assert ids == ["7kukuqrfedlm2f9t0vr5ipqdsa", "meeting", "meeting-2", "floating", "weekly"]
    # an endless weekly series, read as one event with its rule; its first two years
    series = read_back["weekly"]
    assert series.repeats is not None
    assert series.repeats.rule == ("FREQ=WEEKLY",)
    assert series.uid == "weekly@x"
    weekly = list(occurrences_of(series, date(2022, 10, 17), date(2024, 10, 16)))
    assert len(weekly) == 105
    assert (weekly[0].when.first_day, weekly[-1].when.first_day) == (
        date(2022, 10, 17),
        date(2024, 10, 14),
    )
    assert {each.series.id for each in weekly} == {"weekly"}
    summit = read_back["7kukuqrfedlm2f9t0vr5ipqdsa"]
    assert summit.kind is Kind.OTHER
    assert str(summit.when) == "2022-10-12/2022-10-13"
    assert summit.tags == ("summits", "central-asia")
    assert summit.place == Place(name="Astana, Kazakhstan", lat=51.1282, lon=71.4307)
    assert summit.summary == "Long description\nwith linesand a folded tail"
    assert summit.sources == (
        Source(
            publisher="Diplomatic calendar",
            title="Summit in Astana",
            url="https://example.org/summit",
        ),
    )
    # X-LIC-LOCATION says Berlin, but the file's VTIMEZONE has +01:00 all year: apps follow
    # the file, so its offset is kept (and the warning says Berlin disagreed)
    call = read_back["meeting"]
    # the file's seconds are kept, as written
    assert str(call.when) == (
        "2022-10-13T09:30:15+01:00[Etc/GMT-1]/2022-10-13T11:00:15+01:00[Etc/GMT-1]"
    )
    tashkent = read_back["meeting-2"]
    assert tashkent.title == "(no title)"
    assert tashkent.status is Status.SCHEDULED
    assert str(tashkent.when).endswith("+05:00[Asia/Tashkent]")
    floating = read_back["floating"]
    assert floating.status is Status.CANCELLED
    assert str(floating.when) == "2022-10-15T08:00+02:00[Europe/Berlin]"
    # X-WR-TIMEZONE shows Google's UTC times in the calendar's zone: the same instant
    assert str(weekly[0].when) == "2022-10-17T10:00+02:00[Europe/Berlin]"


def test_unreadable_dates_are_reported_with_their_line() -> None:
    broken = FOREIGN.replace("DTSTART;VALUE=DATE:20221012", "DTSTART;VALUE=DATE:20221312")
    broken = broken.replace("TZID=Asia/Tashkent:", "TZID=Mars/Olympus:")
    with pytest.warns(TimelineWarning), pytest.raises(InvalidTimeline) as caught:
        read(broken.encode(), "broken.ics")
    (first,) = caught.value.problems
    assert (first.location.file, first.location.line) == ("broken.ics", 18)
    assert (first.location.event_id, first.location.field) == ("7kukuqrfedlm2f9t0vr5ipqdsa", "when")
    assert "DTSTART '20221312' is not a date" in first.message
    # an end that cannot be read costs the event its end, not its place: apps show it at DTSTART
    with pytest.warns(TimelineWarning) as warned:
        read(broken.replace("20221312", "20221012").encode(), "broken.ics")
    assert any(
        "unknown time zone TZID='Mars/Olympus'" in str(each.message)
        and str(each.message).endswith("read without its end")
        for each in warned
    )


def test_a_zone_the_file_defines_under_its_own_name_keeps_the_files_offsets() -> None:
    renamed = FOREIGN.replace("Custom Berlin", "Mars/Olympus").replace(
        "X-LIC-LOCATION:Europe/Berlin\n", ""
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        call = read(renamed.encode(), "renamed.ics")["meeting"]
    # the VTIMEZONE says +01:00 from 1970 on, whatever Berlin did: apps follow the file
    assert call.when.start == datetime(2022, 10, 13, 8, 30, 15, tzinfo=UTC)
    assert str(call.when).startswith("2022-10-13T09:30:15+01:00[Etc/GMT-1]")


def test_floating_times_stay_floating_with_a_warning_unless_a_zone_is_given() -> None:
    floating = FOREIGN.replace("X-WR-TIMEZONE:Europe/Berlin\n", "")
    with pytest.warns(TimelineWarning) as caught:
        read_back = read(floating.encode(), "floating.ics")
    assert str(read_back["floating"].when) == "2022-10-15T08:00"
    (said,) = [str(w.message) for w in caught if "no zone" in str(w.message)]
    assert said.startswith("floating.ics:"), said
    assert "event 'floating', field 'when'" in said
    assert "give DTSTART a TZID" in said  # in a calendar's terms, not a TOML file's
    # our own writer gives it back floating
    again = read(to_ics(read_back), "again.ics")
    assert again["floating"].when == read_back["floating"].when
    assert b"DTSTART:20221015T080000\r\n" in to_ics(read_back)
    with pytest.warns(TimelineWarning):
        read_back = read(floating.encode(), "floating.ics", zone="Asia/Almaty")
    assert str(read_back["floating"].when) == "2022-10-15T08:00+06:00[Asia/Almaty]"


def test_skip_keeps_every_readable_event_and_warns_of_each_left_out() -> None:
    broken = FOREIGN.replace("DTSTART;VALUE=DATE:20221012", "DTSTART;VALUE=DATE:20220230")
    with pytest.warns(TimelineWarning) as caught:
        read_back = read(broken.encode(), "broken.ics", on_error="skip")
    assert "7kukuqrfedlm2f9t0vr5ipqdsa" not in [event.id for event in read_back]
    assert "meeting" in [event.id for event in read_back]
    messages = [str(warning.message) for warning in caught]
    assert any(message.startswith("broken.ics:18:") for message in messages), messages


OUTLOOK = """\
BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Central Asia Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0600
TZOFFSETTO:+0600
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000000
DTSTART;TZID="Central Asia Standard Time":20221013T095000
SUMMARY:Arrival in Astana
END:VEVENT
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E00800000001
DTSTART;TZID="W. Europe Standard Time":20221013T100000
DTEND;TZID="W. Europe Standard Time":20221013T113000
SUMMARY:Briefing in Berlin
END:VEVENT
END:VCALENDAR
"""


def test_outlooks_windows_zone_names_are_read_as_iana_zones() -> None:
    read_back = read(OUTLOOK.encode(), "outlook.ics")
    arrival, briefing = read_back
    # CLDR maps the Windows zone to Asia/Bishkek, which shared Astana's UTC+06 in 2022
    assert str(arrival.when) == "2022-10-13T09:50+06:00[Asia/Bishkek]"
    assert arrival.when.start == datetime(2022, 10, 13, 3, 50, tzinfo=UTC)  # aware: instants
    assert str(briefing.when) == (
        "2022-10-13T10:00+02:00[Europe/Berlin]/2022-10-13T11:30+02:00[Europe/Berlin]"
    )


def test_a_windows_zone_whose_vtimezone_disagrees_keeps_the_files_offsets() -> None:
    disagreeing = OUTLOOK.replace("TZOFFSETTO:+0200", "TZOFFSETTO:+0300")
    with pytest.warns(TimelineWarning, match="looks like Europe/Berlin") as caught:
        _, briefing = read(disagreeing.encode(), "outlook.ics")
    assert len(caught) == 1
    # checked against the offset in force that day (+03:00 by the file), not any it mentions
    assert briefing.when.start == datetime(2022, 10, 13, 7, 0, tzinfo=UTC)


def test_every_windows_zone_name_leads_to_a_zone_tzdata_knows() -> None:
    assert len(WINDOWS_ZONES) > 130
    for name, iana in WINDOWS_ZONES.items():
        assert ZoneInfo(iana).key == iana, name


def test_invalid_values_go_through_the_shared_validation_with_lines() -> None:
    data = to_ics(chronology()).replace(b"X-TIMELINE-KIND:vote", b"X-TIMELINE-KIND:votes", 1)
    with pytest.raises(InvalidTimeline) as caught:
        read(data, "edited.ics")
    (problem,) = caught.value.problems
    assert problem.location.field == "kind"
    assert problem.location.event_id == "mongolia-admitted"
    line = problem.location.line
    assert line is not None
    assert data.decode().split("\r\n")[line - 1] == "X-TIMELINE-KIND:votes"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", "no DTSTART"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "BEGIN:VEVENT is never closed"),
        (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n", "does not close"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY\xff:x\r\nEND:VCALENDAR\r\n", "not valid UTF-8"),
        (b"BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n", "no events"),
        (b"hello", "no VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "1 VTODO"),
    ],
)
def test_broken_files_are_format_errors(data: bytes, message: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)  # a line left out, before the error
        with pytest.raises(TimelineError, match=message):  # FormatError but for the last
            read(data, "broken.ics")


def test_folds_inside_a_utf8_character_are_still_read() -> None:
    title = "Саммит"
    raw = f"SUMMARY:{title}".encode()
    split = raw[:10] + b"\r\n " + raw[10:]  # cuts the second Cyrillic letter in half
    data = FOREIGN.encode().replace(b"SUMMARY:Call", split)
    with pytest.warns(TimelineWarning):
        assert read(data, None)["meeting"].title == title


# -- the shipped chronology ----------------------------------------------------------------------


@pytest.mark.skipif(not SHIPPED.exists(), reason="data/events.toml is not in this checkout")
def test_shipped_chronology_exports_and_reads_back() -> None:
    shipped = timeline.load(SHIPPED)
    data = to_ics(shipped)
    assert read(data, "events.ics") == shipped
    cancelled = [event for event in shipped if event.status is Status.CANCELLED]
    assert cancelled
    for event in cancelled:
        assert value(vevent(data, event.id), "STATUS") == "CANCELLED"
    astana = [
        event
        for event in shipped
        if event.when.is_timed and event.place is not None and "Astana" in event.place.name
    ]
    assert astana
    for event in astana:
        start = event.when.start
        assert isinstance(start, datetime)
        assert start.utcoffset() == timedelta(hours=6)
        local = start.strftime("%Y%m%dT%H%M%S")
        assert value(vevent(data, event.id), "DTSTART;TZID=Asia/Almaty") == local


def test_icalendar_objects_go_both_ways_with_the_same_content() -> None:
    chronicle = chronology()
    calendar = timeline.to_icalendar(chronicle, domain="example.org")
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert uids == [f"{event.id}@example.org" for event in chronicle]
    assert timeline.from_icalendar(calendar) == chronicle


def test_cli_reads_calendars_with_a_zone_and_skips_invalid_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = FOREIGN.replace("X-WR-TIMEZONE:Europe/Berlin\n", "").replace(
        "DTSTART;VALUE=DATE:20221012", "DTSTART;VALUE=DATE:20220230"
    )
    path = tmp_path / "feed.ics"
    path.write_text(broken, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:17:" in err
    assert main(["check", str(path), "--zone", "Asia/Almaty", "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    assert "ok, " in out
    assert f"warning: {path}:17:" in err
    assert main(["check", str(path), "--zone", "Mars/Olympus"]) == 1
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
    window = ["show", str(path), "--zone", "UTC", "--skip-invalid", "--from", "2023-01"]
    assert main([*window, "--to", "2023-01"]) == 0
    capsys.readouterr()
    # the series read whole, and its Mondays of January 2023
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        read_back = timeline.load(path, zone="UTC", on_error="skip")
    assert read_back["weekly"].repeats is not None
    mondays = occurrences(read_back, date(2023, 1, 1), date(2023, 1, 31))["weekly"]
    assert [each.when.first_day.day for each in mondays] == [2, 9, 16, 23, 30]


def test_a_broken_value_the_timeline_never_uses_does_not_refuse_the_file() -> None:
    attachment = "ATTACH;ENCODING=BASE64;VALUE=BINARY:!!not-base64\n"
    # in an event, icalendar sets the value aside; in the calendar itself it refuses the file
    for after in ("STATUS:CONFIRMED\n", "VERSION:2.0\n"):
        broken = FOREIGN.replace(after, after + attachment)
        with pytest.warns(TimelineWarning) as warned:
            read_back = read(broken.encode(), "attached.ics")
        assert read_back["7kukuqrfedlm2f9t0vr5ipqdsa"].title == "Summit in Astana"
        messages = " ".join(str(each.message) for each in warned)
        assert "ATTACH line cannot be read" in messages or "does not use" in messages


def test_tzids_are_read_whatever_their_case_slash_or_vendor_prefix() -> None:
    written = {
        "Europe/lisbon": "Europe/Lisbon",  # a Google export's spelling
        "/Europe/Stockholm": "Europe/Stockholm",  # RFC 5545's globally unique form
        "/mozilla.org/20070129_1/America/New_York": "America/New_York",
    }
    for tzid, key in written.items():
        calendar = FOREIGN.replace("TZID=Asia/Tashkent:", f"TZID={tzid}:").replace(
            "TZID=/mozilla.org/20050126_1/Asia/Tashkent:", f"TZID={tzid}:"
        )
        with pytest.warns(TimelineWarning):
            event = read(calendar.encode(), "zones.ics")["meeting-2"]
        assert str(event.when).endswith(f"[{key}]"), tzid
        assert event.when.start == datetime(2022, 10, 14, 10, tzinfo=ZoneInfo(key))
