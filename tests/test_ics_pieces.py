"""A calendar read in pieces (`_ics._pieces`) is the calendar read whole: the same timeline, the
same warnings in the same order, the same refusal; and its memory grows with the file.

The whole-file read is the reader's old road, still taken by any calendar not written plainly;
here it is forced by making `_pieces.index` decline every file. Calendars are compared over the
shared corpus and over generated ones whose VEVENTs (series and overrides among them) and
VTIMEZONEs are shuffled, the zones after the events too. Memory is measured with tracemalloc,
never time: the peak of a read is bounded by a multiple of the file's size, and that multiple
does not grow with the file.
"""

from __future__ import annotations

import gc
import importlib.util
import tracemalloc
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser.content_line import Contentline

from tests.series_factories import series_timelines
from timeline import Timeline, TimelineError, loads, to_ics
from timeline.formats._ics import _reader, read
from timeline.formats._ics._blocks import blocks
from timeline.formats._ics._pieces import NotPlainError, index
from timeline.formats._ics._quick_lines import QuickParser

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

#: What a read gave: the timeline or the refusal, and the warnings' categories and messages.
Outcome = tuple[Timeline | tuple[str, str], list[tuple[str, str]]]


def _declined(text: str) -> Any:
    raise NotPlainError


def outcome(data: bytes, *, pieces: bool, **options: Any) -> Outcome:
    """Read `data` in pieces where it can be, or forced whole; with a fresh zone cache."""
    icalendar.use_zoneinfo()  # type: ignore[no-untyped-call]
    result: Timeline | tuple[str, str]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mock.patch.object(_reader, "index", index if pieces else _declined):
            try:
                result = read(data, "calendar.ics", **options)
            except TimelineError as error:
                result = (type(error).__name__, str(error))
    return result, [(each.category.__name__, str(each.message)) for each in caught]


def in_pieces(data: bytes) -> bool:
    """Whether the reader takes `data` in pieces (`index` accepts it)."""
    try:
        index(data.decode("utf-8"))
    except (NotPlainError, UnicodeDecodeError):
        return False
    return True


# -- the corpus ---------------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared .ics corpus is not in {CORPUS}")
def test_every_corpus_file_reads_in_pieces_as_it_reads_whole() -> None:
    files = sorted(path for path in CORPUS.rglob("*.ics") if path.is_file())
    plain = 0
    for path in files:
        data = path.read_bytes()
        if not in_pieces(data):
            continue
        plain += 1
        for options in ({"zone": "UTC", "on_error": "skip"}, {}):
            whole = outcome(data, pieces=False, **options)
            assert outcome(data, pieces=True, **options) == whole, (path, options)
    assert plain >= 100, f"only {plain} of {len(files)} corpus files were read in pieces"


# -- generated calendars ------------------------------------------------------------------------


def shuffled(timeline: Timeline, order: list[int]) -> bytes:
    """Our export of `timeline` with its components (VTIMEZONEs, VEVENTs) in another order."""
    head, found = blocks(to_ics(timeline).decode("utf-8"))
    moved = [found[at].text for at in order]
    return ("\r\n".join([*head, *moved, "END:VCALENDAR"]) + "\r\n").encode("utf-8")


@st.composite
def shuffled_calendars(draw: st.DrawFn) -> bytes:
    timeline = draw(series_timelines(carried=False))
    _, found = blocks(to_ics(timeline).decode("utf-8"))
    order = draw(st.permutations(range(len(found))))
    if draw(st.booleans()):  # the zones last, the events in any order before them
        order = sorted(order, key=lambda at: found[at].name == "VTIMEZONE")
    return shuffled(timeline, list(order))


@settings(max_examples=60, deadline=None)
@given(shuffled_calendars(), st.sampled_from([{}, {"zone": "UTC", "on_error": "skip"}]))
def test_a_shuffled_calendar_reads_in_pieces_as_it_reads_whole(
    data: bytes, options: dict[str, Any]
) -> None:
    assert in_pieces(data)
    assert outcome(data, pieces=True, **options) == outcome(data, pieces=False, **options)


def test_a_series_whose_overrides_come_first_keeps_them() -> None:
    calendar = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:weekly@example.org\r\nRECURRENCE-ID:20230109T100000Z\r\n"
        b"DTSTART:20230110T100000Z\r\nSUMMARY:Moved\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:weekly@example.org\r\nDTSTART:20230102T100000Z\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Weekly\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:once@example.org\r\nDTSTART:20230105\r\nSUMMARY:Once\r\n"
        b"BEGIN:VALARM\r\nUID:not-the-event\r\nACTION:DISPLAY\r\nTRIGGER:-PT1H\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert in_pieces(calendar)
    timeline, _ = outcome(calendar, pieces=True)
    assert timeline == outcome(calendar, pieces=False)[0]
    assert isinstance(timeline, Timeline)
    by_id = {event.id: event for event in timeline.events}
    assert by_id["weekly-2023-01-09"].series == "weekly"
    assert by_id["once"].carried["ics"].startswith("BEGIN:VALARM")


@pytest.mark.parametrize(
    "text",
    [
        "begin:vcalendar\r\n",  # lower case
        "BEGIN:VCALENDAR\r\nuid:x\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT \r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\n\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VTODO\r\n"
        "END:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",  # no VEVENT
    ],
)
def test_a_calendar_not_written_plainly_is_read_whole(text: str) -> None:
    with pytest.raises(NotPlainError):
        index(text)


# -- icalendar's parts, found quicker -----------------------------------------------------------

LINE_TEXT = st.text(alphabet=st.sampled_from('AZaz09-_.:;="\\, \té'), max_size=24)


def parts_or_error(line: Contentline) -> object:
    try:
        return line.raw_parts()
    except ValueError as error:
        return str(error)


@given(LINE_TEXT)
def test_a_line_splits_as_icalendar_splits_it(text: str) -> None:
    quick = QuickParser(text, icalendar.Calendar._get_component_factory(), icalendar.TypesFactory())
    quick.initialize_parsing()
    for line in quick._content_lines:
        assert parts_or_error(line) == parts_or_error(Contentline(line))  # type: ignore[no-untyped-call]


# -- memory -------------------------------------------------------------------------------------


def exported(count: int) -> bytes:
    """The shipped chronology repeated to `count` events, exported as we export it."""
    spec = importlib.util.spec_from_file_location("repeated", BENCHMARKS / "repeated.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return to_ics(loads(module.repeated_toml(count)))


def peak_per_byte(data: bytes) -> float:
    """The peak memory of one read (tracemalloc), as a multiple of the file's size."""
    gc.collect()
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read(data, "calendar.ics", zone="UTC", on_error="skip")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / len(data)


def test_a_read_holds_a_bounded_multiple_of_the_file() -> None:
    small, large = exported(150), exported(1_200)
    assert in_pieces(large)
    ratio_small, ratio_large = peak_per_byte(small), peak_per_byte(large)
    assert ratio_large <= 10, f"a read held {ratio_large:.1f}x the file's size"
    assert ratio_large <= 1.25 * ratio_small, (ratio_small, ratio_large)


def test_an_icalendar_without_the_hook_reads_the_same_with_its_own_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The quicker split plugs into a private hook of icalendar 7.3's parser; where another
    icalendar lacks it, the reader falls back to icalendar's own split, with the same result."""
    from timeline.formats._ics import _parse

    data = exported(60)
    quick = read(data, "calendar.ics", zone="UTC")
    monkeypatch.setattr(_parse, "_Quick", None)
    assert read(data, "calendar.ics", zone="UTC") == quick
