"""Every .ics file of the shared corpus, read as a user would, and checked against ical.js.

The corpus (../shared/ics-corpus, see its SOURCES.md) holds the test files of five iCalendar
projects: exports from Google, Outlook, Apple and Lotus Notes, and files broken on purpose. Each
is read with `zone="UTC"` and `on_error="skip"`, under a time limit, and its series' occurrences
are computed for a thirty-year window (`timeline._occurrences`). A file
must load, or be refused with a located message; never a traceback, never a hang. How many fall
in each class is pinned, so that a change of behaviour shows up here.

Where both our reader and ical.js (the parser inside Thunderbird, through
tests/independent_ics.py) read a file, they must place the same events at the same starts: UTC
instants to the minute for timed events, dates for all-day ones. Set aside on both sides are the
events ical.js does not place (it lists them, with its reason) and those it never reads (outside
a top-level VCALENDAR); our side is then read again without them. Each file where the starts
still differ is listed below with the reason, and with how many starts differ, so that a fix (or
a new fault) shows up as well.

icalendar keeps the VTIMEZONEs it parses in a process-wide cache keyed by TZID, so a file can read
differently after another file with the same TZID (libical/1.ics, whose own VTIMEZONE is broken,
is refused when read first and loads when read after a file defining US-Eastern). Each file is
therefore read with a fresh cache, as in a process of its own.

The corpus is not shipped with the project: without it the module is skipped.
"""

from __future__ import annotations

import re
import signal
import time
import warnings
from collections import Counter
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from tests.helpers import Overtime, time_limit
from tests.independent_ics import IcalJsReading, icalendar_starts, read_with_ical_js
from timeline._errors import FormatError, InvalidTimeline, LikelyMistake, Location, TimelineWarning
from timeline._model import Timeline
from timeline._occurrences import Occurrences, occurrences
from timeline.formats._ics import read

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"
if not CORPUS.is_dir():
    pytest.skip(
        f"the shared .ics corpus is not on this machine (looked in {CORPUS})",
        allow_module_level=True,
    )

WINDOW_START = date(2000, 1, 1)
WINDOW_END = date(2029, 12, 31)  # inclusive, as the reader takes it; ical.js takes [start, end)
#: The most CPU time one file may take to read (the slowest, libical/large.ics with 1,458 VEVENTs
#: and their series, takes about 8 s; the next under 5 s). CPU time of this
#: process, not wall-clock time, so that the Node processes of the oracle, running beside the
#: reader on the same cores, cannot push a file over its limit.
FILE_SECONDS = 30.0
#: Files left out of the comparison with ical.js, with the reason.
DEFAULT_WINDOW = {
    "libical/large.ics": "libical's parser test data pasted together: over 2000-2029 its series "
    "give 216,738 occurrences, two minutes of CPU",
}
#: ical.js runs in one Node process per file, two at a time, beside our reader: it reads each file
#: our reader loads while our reader goes on with the next.
ORACLE_THREADS = 2

#: How many files fall in each class; a change here is a change of the reader's behaviour.
EXPECTED_CLASSES = {
    # 42 calendars of no events but with properties are empty timelines; 5 files whose only
    # warning was the note of how much of a series a window read load without one, and one
    # whose RRULE ends in a semicolon (read as meant, `_quirks.rule_as_meant`)
    "loads": 148,
    "loads-with-warnings": 120,
    "no-events": 53,
    "refused": 25,
}

#: Files that both our reader and ical.js read; those with starts left to compare once the events
#: ical.js does not place are set aside; and ical.js's starts compared in them.
EXPECTED_READ_BY_BOTH = 252
EXPECTED_COMPARED_FILES = 121
EXPECTED_COMPARED_STARTS = 20_086


@dataclass(frozen=True)
class Known:
    """A file where our starts and ical.js's are known to differ: by how many, and why."""

    ours_only: int
    theirs_only: int
    why: str


#: Where ical.js, or the file itself, is at fault: our reader is right or as right as any.
EXPECTED_DIFFERENCES = {
    "ical.js/multiple_rrules.ics": Known(
        1,
        0,
        "two RRULEs: when the first one ends, ical.js (RecurExpansion._nextRecurrenceIter) "
        "splices it out at index 0 and then skips the rule moved into its place, so the second "
        "rule's last occurrence (Sunday 2012-07-29 11:00 PDT, before UNTIL) is lost; RFC 5545 "
        "takes the union of the rules, as dateutil does",
    ),
    "icalendar/period_with_timezone.ics": Known(
        3,
        2,
        "two ical.js faults. A VTIMEZONE observance with RDATE but no RRULE gets the RDATEs as "
        "its only onsets, not its DTSTART (RFC 5545 3.6.5), so before 2023-11-05 ical.js uses "
        "UTC+0: 2023-09-20 and 2023-10-18 12:00 PDT come out at 12:00Z, not 19:00Z. And "
        "FREQ=MONTHLY;COUNT=9;BYDAY=+3WE;BYMONTH=1,2,3,4,5,9,10,11,12 from September gives "
        "ical.js 8 dates, not 9: 2024-05-15 is lost",
    ),
    "ical.js/google_birthday.ics": Known(
        0,
        2,
        "RDATE:20131210Z and RDATE:20121210Z are dates with a Z, which RFC 5545 does not allow: "
        "ical.js reads them as dates, icalendar refuses them, and our reader warns that the "
        "RDATE lines are left out (the series keeps its DTSTART, 2014-12-10)",
    ),
    "icalendar/broken_ical.ics": Known(
        0,
        1,
        "DTSTART;;VALUE=DATE-TIME has an empty parameter: ical.js passes over it, icalendar "
        "cannot parse the line, and our reader warns and leaves the event out",
    ),
    "libical/process-calendar.ics": Known(
        1,
        1,
        "DTSTART:19970701T13000Z has five digits of time: ical.js guesses 13:00:00, icalendar "
        "refuses it, and our reader warns and leaves the event out. And the first event's "
        "DTEND:19970701T1300Z is malformed: ical.js cannot place that event, while our reader "
        "reads it at its DTSTART (12:00Z) without its end, with a warning, as icalendar does",
    ),
    "libical/process-incoming.ics": Known(
        1,
        1,
        "DTSTART:19970701T13000Z has five digits of time: ical.js guesses 13:00:00, icalendar "
        "refuses it, and our reader warns and leaves the event out. And the first event's "
        "DTEND:19970701T1300Z is malformed: ical.js cannot place that event, while our reader "
        "reads it at its DTSTART (12:00Z) without its end, with a warning, as icalendar does",
    ),
    "icalendar/issue_722_missing_timezones.ics": Known(
        1,
        1,
        "a VEVENT with RDATE but no UID: its RDATE;TZID=Europe/Berlin (no VTIMEZONE) at 12:00 "
        "is 10:00Z, as our reader has it; occurrences.mjs places an RDATE whose TZID has no "
        "VTIMEZONE in the zone of DTSTART's TZID and gives 16:00Z",
    ),
    "libical/2446.ics": Known(
        14,
        17,
        "53 iTIP messages (VCALENDARs) sharing UIDs: ical.js expands a series within each "
        "VCALENDAR, our reader across the file, as a calendar app that has applied the messages "
        "holds them; three occurrences that ical.js places from a message of their own are, "
        "for us, changed or cancelled by another message (not examined one by one). And the "
        "file's VTIMEZONE America-SanJose keeps the US rules of 1987 for ever: a series is kept "
        "in the IANA zone that agrees with it through its first years (America/Los_Angeles), "
        "whose rules changed in 2007, so 14 occurrences from 2008 on in March, October and "
        "November are an hour earlier than ical.js's, which follows the file's rules",
    ),
    "libical/Net-ICal-Libical__test-data__rfc2446.ics": Known(
        14,
        17,
        "the same iTIP messages as libical/2446.ics, the same three occurrences and the same "
        "14 an hour apart",
    ),
}

#: Where our reader is at fault. Each is reported; fixing one changes its counts here.
KNOWN_READER_FAULTS: dict[str, Known] = {}

#: ical.js reasons after which a UID is still compared: no DTSTART (we leave such an event out
#: too), a cap (compared up to it), a VTIMEZONE it could not register (placed by zoneinfo).
_STILL_COMPARED = re.compile(r"no DTSTART$|capped at |VTIMEZONE not registered")


def _read(data: bytes, name: str) -> Timeline:
    # a fresh VTIMEZONE cache (icalendar's default provider again): as if in a new process
    icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]
    with time_limit(FILE_SECONDS):
        return read(data, name, zone="UTC", on_error="skip")


def _in_window(timeline: Timeline) -> dict[str, Occurrences]:
    """The series' occurrences over the thirty years, as a reader of the file would list them."""
    with time_limit(FILE_SECONDS):
        return occurrences(timeline, WINDOW_START, WINDOW_END)


@dataclass
class Outcome:
    """What reading one file gave."""

    name: str
    kind: str
    timeline: Timeline | None = None
    message: str = ""
    located: bool = True
    caught: list[warnings.WarningMessage] = field(default_factory=list)
    seconds: float = 0.0


def _located(location: Location, name: str) -> bool:
    return location.line is not None or location.file == name


def classify(path: Path) -> Outcome:
    """Read one file as a user would, and say which class its result falls in."""
    name = path.relative_to(CORPUS).as_posix()
    data = path.read_bytes()
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            timeline = _read(data, name)
        except FormatError as error:
            no_events = error.problem.message.startswith("no events")
            outcome = Outcome(
                name,
                "no-events" if no_events else "refused",
                message=str(error),
                located=_located(error.problem.location, name),
            )
        except InvalidTimeline as error:
            located = all(_located(problem.location, name) for problem in error.problems)
            outcome = Outcome(name, "refused", message=str(error), located=located)
        except Overtime:
            outcome = Outcome(name, "overtime", message=f"not read in {FILE_SECONDS} s of CPU")
        except Exception as error:  # the reader promises FormatError or InvalidTimeline only
            outcome = Outcome(name, "crash", message=f"{type(error).__name__}: {error}")
        else:
            # what the reader had to step over; likely mistakes in the data are the data's
            read_warnings = [item for item in caught if item.category is not LikelyMistake]
            kind = "loads-with-warnings" if read_warnings else "loads"
            outcome = Outcome(name, kind, timeline=timeline)
    outcome.seconds = time.perf_counter() - started
    outcome.caught = list(caught)
    return outcome


@dataclass
class Survey:
    """Our reading of every file, and ical.js's of those our reader loads (still running)."""

    outcomes: dict[str, Outcome]
    oracle: dict[str, Future[IcalJsReading | None]]


@pytest.fixture(scope="module")
def survey() -> Iterator[Survey]:
    outcomes: dict[str, Outcome] = {}
    oracle: dict[str, Future[IcalJsReading | None]] = {}
    after_window = WINDOW_END + timedelta(days=1)
    with ThreadPoolExecutor(ORACLE_THREADS) as pool:
        try:
            for path in sorted(CORPUS.glob("*/*.ics")):
                outcome = classify(path)
                outcomes[outcome.name] = outcome
                if outcome.timeline is not None and outcome.name not in DEFAULT_WINDOW:
                    # ical.js reads this file while our reader goes on with the next ones
                    oracle[outcome.name] = pool.submit(
                        read_with_ical_js, path, WINDOW_START, after_window, zone="UTC"
                    )
            yield Survey(outcomes, oracle)
        finally:
            for future in oracle.values():
                future.cancel()


def test_no_file_raises_anything_else_or_hangs(survey: Survey) -> None:
    failed = [
        f"{outcome.name}: {outcome.message}"
        for outcome in survey.outcomes.values()
        if outcome.kind in ("crash", "overtime")
    ]
    if failed:
        pytest.fail("files the reader did not handle:\n" + "\n".join(failed), pytrace=False)


def test_every_file_falls_in_its_class(survey: Survey) -> None:
    counts = Counter(outcome.kind for outcome in survey.outcomes.values())
    assert len(survey.outcomes) == sum(EXPECTED_CLASSES.values()), "files were added or removed"
    assert dict(counts) == EXPECTED_CLASSES


def test_refusals_say_where(survey: Survey) -> None:
    unlocated = [
        f"{outcome.name}: {outcome.message}"
        for outcome in survey.outcomes.values()
        if outcome.kind in ("refused", "no-events") and not outcome.located
    ]
    assert not unlocated, "refusals without a line or the file's name:\n" + "\n".join(unlocated)


def test_warnings_are_timeline_warnings_that_say_where(survey: Survey) -> None:
    strays = [
        f"{outcome.name}: {caught.category.__name__}: {caught.message}"
        for outcome in survey.outcomes.values()
        for caught in outcome.caught
        if not issubclass(caught.category, TimelineWarning)
        or not str(caught.message).startswith(outcome.name)
    ]
    assert not strays, "\n".join(strays)


# -- agreement with ical.js ---------------------------------------------------------------------

_BEGIN = re.compile(rb"BEGIN:([A-Za-z0-9-]+)\s*", re.IGNORECASE)
_END = re.compile(rb"END:([A-Za-z0-9-]+)\s*", re.IGNORECASE)
_UID = re.compile(rb"UID[;:]", re.IGNORECASE)
_ANY_EVENT = re.compile(rb"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)


def _event_block(lines: list[bytes], first: int) -> tuple[int, str]:
    """(index after the VEVENT starting at `first`, its UID or "")."""
    depth, index, uid = 0, first, None
    while index < len(lines):
        line = lines[index]
        index += 1
        if _BEGIN.fullmatch(line):
            depth += 1
        elif _END.fullmatch(line):
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and uid is None and _UID.match(line):
            unfolded = line.rstrip(b"\r\n")
            while index < len(lines) and lines[index][:1] in (b" ", b"\t"):
                unfolded += lines[index].rstrip(b"\r\n")[1:]
                index += 1
            uid = unfolded.partition(b":")[2].decode("utf-8", "replace")
    return index, (uid or "").strip()


def as_ical_js_sees(data: bytes, unplaced: Collection[str]) -> bytes:
    """The file, byte for byte, less the VEVENTs that ical.js does not place: those with these
    UIDs ("" for a VEVENT without one), and those not directly inside a top-level VCALENDAR
    (written on their own, or nested deeper), which occurrences.mjs never reads."""
    lines = data.splitlines(keepends=True)
    kept: list[bytes] = []
    open_components: list[bytes] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        begin, end = _BEGIN.fullmatch(line), _END.fullmatch(line)
        if begin and begin[1].upper() == b"VEVENT":
            after, uid = _event_block(lines, index)
            if open_components == [b"VCALENDAR"] and uid not in unplaced:
                kept.extend(lines[index:after])
            index = after
            continue
        if begin:
            open_components.append(begin[1].upper())
        elif end and open_components and open_components[-1] == end[1].upper():
            open_components.pop()
        kept.append(line)
        index += 1
    return b"".join(kept)


def _to_minute(start: date) -> date:
    """A timed start as its UTC instant to the minute (our reader keeps minutes), or a date."""
    if isinstance(start, datetime):
        return start.astimezone(UTC).replace(second=0, microsecond=0)
    return start


def _utc_day(start: date) -> date:
    return start.astimezone(UTC).date() if isinstance(start, datetime) else start


@dataclass(frozen=True)
class Placed:
    start: date  # an aware UTC datetime to the minute, or a date for an all-day event
    recurring: bool


def our_starts(timeline: Timeline, found: dict[str, Occurrences]) -> list[Placed]:
    """Each single event's start, and each occurrence of a series in the window (where an
    event changing it put it)."""
    placed = []
    for event in timeline.events:
        if event.repeats is not None or event.series is not None:
            continue
        start = event.when.start
        assert isinstance(start, datetime) == event.when.is_timed
        placed.append(Placed(_to_minute(start), False))
    for listed in found.values():
        placed += [Placed(_to_minute(each.when.start), True) for each in listed]
    return placed


def _last_compared(found: dict[str, Occurrences], reading: IcalJsReading) -> date:
    """The last UTC day of occurrences both sides read in full.

    Occurrences are compared from 2 January 2000 to 30 December 2029 by UTC day: the reader
    windows by local day, ical.js by UTC instant, and a day's margin covers every offset. A
    series cut at our cap (`_occurrences.LIMIT`) or at ical.js's (5000) is compared up to
    two days before its last occurrence listed, and so are the file's other series.
    """
    last = WINDOW_END - timedelta(days=1)
    for listed in found.values():
        if listed.capped and listed.items:
            last = min(last, listed.items[-1].when.last_day - timedelta(days=2))
    for item in reading.unresolved:
        if item.reason.startswith("capped at "):
            days = [_utc_day(each.start) for each in reading.occurrences if each.uid == item.uid]
            if days:
                last = min(last, max(days) - timedelta(days=2))
    return last


@dataclass(frozen=True)
class Comparison:
    ours: Counter[date]
    theirs: Counter[date]

    @property
    def ours_only(self) -> Counter[date]:
        return self.ours - self.theirs

    @property
    def theirs_only(self) -> Counter[date]:
        return self.theirs - self.ours


def compare(outcome: Outcome, reading: IcalJsReading) -> Comparison:
    """Both readings' starts, less the events ical.js does not place (ours read again without
    them)."""
    assert outcome.timeline is not None
    dropped = {
        item.uid.strip() for item in reading.unresolved if not _STILL_COMPARED.match(item.reason)
    }
    timeline: Timeline | None = outcome.timeline
    data = (CORPUS / outcome.name).read_bytes()
    seen = as_ical_js_sees(data, dropped)
    if not _ANY_EVENT.search(seen):
        timeline = None  # nothing of ours is left to compare
    elif seen != data:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TimelineWarning)
            timeline = _read(seen, outcome.name)
    found = {} if timeline is None else _in_window(timeline)
    placed = [] if timeline is None else our_starts(timeline, found)
    first = WINDOW_START + timedelta(days=1)
    last = _last_compared(found, reading)

    def compared(start: date, recurring: bool) -> bool:
        return not recurring or first <= _utc_day(start) <= last

    ours = Counter(each.start for each in placed if compared(each.start, each.recurring))
    theirs = Counter(
        _to_minute(found.start)
        for found in reading.occurrences
        if found.uid.strip() not in dropped and compared(found.start, found.recurring)
    )
    return Comparison(ours, theirs)


def _shown(starts: Counter[date]) -> str:
    listed = sorted(starts.elements(), key=str)
    more = f" and {len(listed) - 5} more" if len(listed) > 5 else ""
    return ", ".join(str(start) for start in listed[:5]) + more


def test_event_starts_agree_with_ical_js(survey: Survey) -> None:
    known = {**EXPECTED_DIFFERENCES, **KNOWN_READER_FAULTS}
    assert not set(EXPECTED_DIFFERENCES) & set(KNOWN_READER_FAULTS)
    read_by_both = compared_files = compared_starts = 0
    wrong: list[str] = []
    for name, pending in survey.oracle.items():
        reading = pending.result()
        if reading is None:
            continue  # ical.js cannot read the file at all
        read_by_both += 1
        comparison = compare(survey.outcomes[name], reading)
        compared_files += bool(comparison.ours or comparison.theirs)
        compared_starts += sum(comparison.theirs.values())
        ours_only, theirs_only = comparison.ours_only, comparison.theirs_only
        expected = known.get(name, Known(0, 0, "agree"))
        found = (sum(ours_only.values()), sum(theirs_only.values()))
        if found != (expected.ours_only, expected.theirs_only):
            wrong.append(
                f"{name}: {found[0]} starts only ours ({_shown(ours_only)}), {found[1]} only "
                f"ical.js's ({_shown(theirs_only)}); expected {expected.ours_only} and "
                f"{expected.theirs_only}: {expected.why}"
            )
    stale = set(known) - set(survey.oracle)
    assert not stale, f"listed but not compared: {sorted(stale)}"
    assert not wrong, "\n".join(wrong)
    assert (read_by_both, compared_files, compared_starts) == (
        EXPECTED_READ_BY_BOTH,
        EXPECTED_COMPARED_FILES,
        EXPECTED_COMPARED_STARTS,
    )


def test_what_ical_js_sees_is_the_vevents_of_top_level_calendars_less_the_given_uids() -> None:
    data = (
        b"BEGIN:VEVENT\r\nUID:bare\r\nEND:VEVENT\r\n"
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:keep\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:dr\r\n op\r\nBEGIN:VALARM\r\nUID:keep\r\nEND:VALARM\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:no uid\r\nEND:VEVENT\r\n"
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:nested\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        b"END:VCALENDAR\r\n"
    )
    assert as_ical_js_sees(data, {"drop", ""}) == (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:keep\r\nEND:VEVENT\r\n"
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n"
    )
    calendar = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert as_ical_js_sees(calendar, {"other"}) == calendar


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")
def test_time_limit_stops_a_spinning_reader() -> None:
    def spin() -> None:
        with time_limit(0.2):
            while True:
                pass

    with pytest.raises(Overtime):
        spin()


#: Files whose single events icalendar places where our reader does not, and why.
ICALENDAR_DIFFERENCES = {
    "libical/2446.ics": "the iTIP messages of EXPECTED_DIFFERENCES: icalendar_starts counts a "
    "changed occurrence from a message of its own as a single event; our reader applies it",
    "libical/Net-ICal-Libical__test-data__rfc2446.ics": "the same iTIP messages",
}


def test_single_events_start_where_icalendar_puts_them(survey: Survey) -> None:
    """The other independent reading: every non-repeating VEVENT icalendar places (its own
    zones, floating times in UTC) is among our events' starts, to the minute."""
    compared = files = 0
    differ: list[str] = []
    for name, outcome in sorted(survey.outcomes.items()):
        if outcome.timeline is None or name in DEFAULT_WINDOW:
            continue
        icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]
        theirs = icalendar_starts(CORPUS / name, zone="UTC")
        if not theirs:
            continue
        ours = Counter(
            _minute(event.when.start)
            for event in outcome.timeline
            if event.repeats is None and event.series is None
        )
        expected = Counter(_minute(each.start) for each in theirs if not each.recurring)
        files += 1
        compared += sum(expected.values())
        missing = expected - ours
        if missing and name not in ICALENDAR_DIFFERENCES:
            differ.append(f"{name}: icalendar only {sorted(map(str, missing))[:3]}")
        elif not missing and name in ICALENDAR_DIFFERENCES:
            differ.append(f"{name}: agrees now; take it out of ICALENDAR_DIFFERENCES")
    assert not differ, "\n".join(differ)
    assert (files, compared) == (104, 294)


def _minute(value: date) -> date:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(second=0, microsecond=0)
    return value
