"""Independent parsers read the export as calendar clients do: icalendar, ical.js, vobject, libical.

ical.js is the parser inside Thunderbird; `make` installs it from tests/js/package-lock.json and
these tests run it with Node. libical is the C library inside Evolution and many CalDAV servers;
`make` builds tests/libical/check_ics.c against it (installing libical-dev if it is missing). A
machine without Node, ical.js or the libical checker fails here rather than skipping, so a green
run always means all four parsers were asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

import timeline
from tests.test_ics import SHIPPED, chronology
from timeline._model import Status, Timeline
from timeline.formats._ics import to_ics

JS = Path(__file__).resolve().parent / "js"
LIBICAL = Path(__file__).resolve().parent / "libical"
CHECK_ICS = LIBICAL / "build" / "check_ics"


def expected_instants(chronicle: Timeline) -> dict[str, tuple[str, str | None]]:
    """UID -> (start, end) as zoneinfo says: UTC instants for timed events, dates otherwise."""
    found: dict[str, tuple[str, str | None]] = {}
    for event in chronicle:
        when = event.when
        uid = f"{event.id}@timeline.invalid"
        if when.is_timed:
            start, end = when.start, when.end
            assert isinstance(start, datetime)
            assert isinstance(end, datetime)
            utc_start = start.astimezone(UTC)
            # a moment lasts the writer's documented default, an hour, in calendar apps
            utc_end = end.astimezone(UTC) if end != start else utc_start + timedelta(hours=1)
            found[uid] = (_utc(utc_start), _utc(utc_end))
        elif when.ongoing:  # calendars run it up to the timeline's own date (docs/ics.md)
            as_of = max(when.last_known_day, chronicle.last_changed or when.last_known_day)
            after = as_of + timedelta(days=1)
            found[uid] = (when.start_point.first_day.isoformat(), after.isoformat())
        else:
            after = when.last_known_day + timedelta(days=1)
            found[uid] = (when.start_point.first_day.isoformat(), after.isoformat())
    return found


def _utc(moment: datetime) -> str:
    # whole minutes: ical.js, icalendar and vobject all read the file's seconds, zoneinfo agrees
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(value: date | datetime) -> str:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"{value} was read as a floating time"
        return _utc(value)
    return value.isoformat()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Timeline, Path]:
    chronicle = chronology()
    path = tmp_path_factory.mktemp("ics") / "chronology.ics"
    path.write_bytes(to_ics(chronicle))
    return chronicle, path


def run_icaljs(path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the ical.js check: install nodejs"
    assert (JS / "node_modules" / "ical.js").is_dir(), (
        "ical.js is not installed: run `make test` (or `cd tests/js && npm ci`)"
    )
    done = subprocess.run(
        [node, str(JS / "parse_ics.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run_libical(path: Path) -> tuple[dict[str, tuple[str, str | None]], dict[str, Any]]:
    """UID -> (start, end) as libical reads them, and the calendar line (zones, X-LIC-ERRORs)."""
    assert CHECK_ICS.is_file(), (
        "the libical checker is not built: run `make tests/libical/build/check_ics`"
    )
    assert CHECK_ICS.stat().st_mtime >= (LIBICAL / "check_ics.c").stat().st_mtime, (
        "the libical checker is older than its source: run `make tests/libical/build/check_ics`"
    )
    done = subprocess.run(
        [str(CHECK_ICS), str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    *events, summary = [json.loads(line) for line in done.stdout.splitlines()]
    calendar: dict[str, Any] = summary["calendar"]
    assert calendar["events"] == len(events)
    seen = {event["uid"]: (event["start"], event["end"]) for event in events}
    assert len(seen) == len(events), "libical read two events with one UID"
    return seen, calendar


def test_icalendar_reads_every_event_at_the_zoneinfo_instant(
    exported: tuple[Timeline, Path],
) -> None:
    chronicle, path = exported
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert [component.errors for component in calendar.walk() if component.errors] == []
    assert str(calendar["DESCRIPTION"]) == chronicle.description
    # icalendar keeps NAME and X-WR-CALNAME raw (it has no type for them); the raw value is TEXT
    assert str(calendar["X-WR-CALNAME"]) == "Central Asia\\, 2022\\; a test"
    seen: dict[str, tuple[str, str | None]] = {}
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else None
        seen[str(event["UID"])] = (_instant(start), None if end is None else _instant(end))
    assert seen == expected_instants(chronicle)


def test_icaljs_reads_every_event_at_the_zoneinfo_instant(
    exported: tuple[Timeline, Path],
) -> None:
    chronicle, path = exported
    result = run_icaljs(path)
    assert result["calendar"]["name"] == chronicle.title
    assert result["calendar"]["xwrcalname"] == chronicle.title
    assert result["calendar"]["description"] == chronicle.description
    assert result["calendar"]["zones"] == ["America/New_York", "Asia/Almaty"]
    seen = {event["uid"]: (event["start"], event["end"]) for event in result["events"]}
    assert seen == expected_instants(chronicle)
    titles = {event["uid"]: event["summary"] for event in result["events"]}
    marked = {
        "csto-drill-2022": "Cancelled: CSTO exercise “Indestructible Brotherhood-2022”",
        "talks-postponed": "Postponed: c. Event talks-postponed",
    }
    assert titles == {
        f"{event.id}@timeline.invalid": marked.get(event.id, event.title) for event in chronicle
    }


def test_libical_reads_every_event_at_the_zoneinfo_instant(
    exported: tuple[Timeline, Path],
) -> None:
    chronicle, path = exported
    seen, calendar = run_libical(path)
    assert calendar["x_lic_errors"] == []
    assert calendar["restrictions_ok"] is True  # icalrestriction_check: RFC 5545 rules
    assert sorted(calendar["zones"]) == ["America/New_York", "Asia/Almaty"]
    assert seen == expected_instants(chronicle)


@pytest.mark.parametrize("reader", ["ical.js", "libical"])
def test_the_named_instants_are_right(exported: tuple[Timeline, Path], reader: str) -> None:
    """The issue's cases spelled out: Astana at +06, New York in EDT and EST, 1961 and 2040."""
    _, path = exported
    if reader == "ical.js":
        starts = {event["uid"]: event["start"] for event in run_icaljs(path)["events"]}
    else:
        starts = {uid: start for uid, (start, _) in run_libical(path)[0].items()}
    seen = {uid.split("@")[0]: start for uid, start in starts.items()}
    assert seen["putin-arrives-astana"] == "2022-10-13T03:50:00Z"
    assert seen["cis-summit-astana"] == "2022-10-14T04:00:00Z"
    assert seen["unga-es-11-4"] == "2022-10-12T19:00:00Z"  # EDT
    assert seen["unga-es-11-6"] == "2023-02-23T21:30:00Z"  # EST
    assert seen["mongolia-admitted"] == "1961-10-27T19:00:00Z"  # EDT, before 1970
    assert seen["session-2040"] == "2040-06-12T14:00:00Z"  # EDT, after 2038
    assert seen["repeated-hour"] == "2022-11-06T06:30:00Z"


def test_vobject_validates_the_file_and_agrees_on_the_instants(
    exported: tuple[Timeline, Path],
) -> None:
    chronicle, path = exported
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    assert calendar.validate(raiseException=True)
    seen: dict[str, tuple[str, str | None]] = {}
    for event in calendar.vevent_list:
        end = event.dtend.value if hasattr(event, "dtend") else None
        start = _instant(event.dtstart.value)
        seen[event.uid.value] = (start, None if end is None else _instant(end))
    assert seen == expected_instants(chronicle)


def test_cancelled_events_stay_cancelled_for_every_parser(exported: tuple[Timeline, Path]) -> None:
    chronicle, path = exported
    cancelled = {
        f"{event.id}@timeline.invalid" for event in chronicle if event.status is Status.CANCELLED
    }
    assert cancelled
    js = {event["uid"] for event in run_icaljs(path)["events"] if event["status"] == "CANCELLED"}
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    python = {str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["STATUS"]) == "CANCELLED"}
    assert js == python == cancelled


@pytest.mark.skipif(not SHIPPED.exists(), reason="data/events.toml is not in this checkout")
def test_shipped_chronology_passes_all_three_parsers(tmp_path: Path) -> None:
    target = tmp_path / "events.ics"
    assert timeline._cli.main(["export", str(SHIPPED), "-o", str(target)]) == 0
    shipped = timeline.load(SHIPPED)
    expected = expected_instants(shipped)
    result = run_icaljs(target)
    assert {event["uid"]: (event["start"], event["end"]) for event in result["events"]} == expected
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert [component.errors for component in calendar.walk() if component.errors] == []
    assert vobject.readOne(target.read_text(encoding="utf-8")).validate(raiseException=True)
    statuses = {event["uid"]: event["status"] for event in result["events"]}
    for event in shipped:
        if event.status is Status.CANCELLED:
            assert statuses[f"{event.id}@timeline.invalid"] == "CANCELLED"


@pytest.mark.skipif(not SHIPPED.exists(), reason="data/events.toml is not in this checkout")
def test_shipped_chronology_passes_libical(tmp_path: Path) -> None:
    shipped = timeline.load(SHIPPED)
    target = tmp_path / "events.ics"
    target.write_bytes(timeline.to_ics(shipped))
    seen, calendar = run_libical(target)
    assert calendar["x_lic_errors"] == []
    assert calendar["restrictions_ok"] is True  # icalrestriction_check: RFC 5545 rules
    assert seen == expected_instants(shipped)
    # the shipped arrival is c. 10:00 Astana time (UTC+6): the precision the record gives
    assert seen["putin-arrives-astana-2022@timeline.invalid"][0] == "2022-10-13T04:00:00Z"
