"""A library with no side effects: loading leaves the caller's garbage collector, warning
filters and models as they were, and reading from several threads at once gives what reading
one file at a time gives."""

from __future__ import annotations

import copy
import gc
import pickle
import sys
import warnings
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

import timeline
from tests.factories import HEADER, event_toml, source
from timeline import When
from timeline._occurrences import occurrences
from timeline.formats._ics import _reader

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "events.toml"
SMALL = HEADER + event_toml()
NEW_YORK = ZoneInfo("America/New_York")


class Mine:
    """An object of the caller's, which the collector tracks, and which can hold a cycle."""

    def __init__(self) -> None:
        self.me = self


def _generation_of(item: object) -> int | None:
    """The collector generation holding `item`, or None when it is frozen or untracked."""
    for generation in range(3):
        if any(each is item for each in gc.get_objects(generation=generation)):
            return generation
    return None


@contextmanager
def _collector(*, enabled: bool) -> Iterator[None]:
    """The collector on or off for the test, and as it was afterwards."""
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def _many_events() -> str:
    """Enough events that the collector runs as soon as it may once a load ends."""
    events = (
        event_toml(f"event-{number}", when=str(date(2021, 1, 1) + timedelta(days=number))).replace(
            'title = "An event"', f'title = "Event number {number}"'
        )
        for number in range(400)
    )
    return HEADER + "\n".join(events)


# -- the garbage collector -----------------------------------------------------------------


def test_a_load_leaves_the_callers_objects_in_their_generation() -> None:
    timeline.loads(SMALL)  # the readers' modules are imported: their objects are not counted
    with _collector(enabled=True):
        gc.collect()
        mine = Mine()
        assert _generation_of(mine) == 0
        timeline.loads(SMALL)
        assert _generation_of(mine) == 0, "a load moved a young object of the caller's"
        assert gc.isenabled()
    del mine


def test_a_large_load_leaves_the_callers_young_objects_young() -> None:
    """The finding: `gc.freeze()`/`unfreeze()` put every young object of the caller's in the
    oldest generation, where a cycle waits for a full collection. The collector may still run
    as usual once the load ends; what it does not do is skip the caller's objects past it."""
    text = _many_events()
    timeline.loads(SMALL)
    with _collector(enabled=True):
        gc.collect()
        kept = [Mine() for _ in range(1000)]
        garbage = Mine()
        gone = weakref.ref(garbage)
        del garbage
        timeline.loads(text)
        oldest = {id(each) for each in gc.get_objects(generation=2)}
        assert not [each for each in kept if id(each) in oldest]
        gc.collect(1)  # a collection of the young and middle generations only
        assert gone() is None, "the caller's garbage cycle waits for a full collection"


@pytest.mark.parametrize("freeze", [False, True])
def test_a_load_leaves_the_freeze_count_alone(freeze: bool) -> None:
    with _collector(enabled=True):
        gc.collect()
        if freeze:
            gc.freeze()  # the caller froze its start-up objects, as a forking server does
        try:
            frozen = gc.get_freeze_count()
            timeline.loads(_many_events())
            assert gc.get_freeze_count() == frozen
        finally:
            gc.unfreeze()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_as_it_was_after_a_load_that_fails(enabled: bool) -> None:
    with _collector(enabled=enabled):
        with pytest.raises(timeline.InvalidTimeline):
            timeline.loads(SMALL.replace('kind = "summit"', 'kind = "sumit"'))
        assert gc.isenabled() is enabled
        timeline.loads(SMALL)
        assert gc.isenabled() is enabled


def test_bulk_loading_settles_what_a_load_built_in_the_oldest_generation() -> None:
    """The explicit choice the command line makes: a load hands everything alive to the
    oldest generation, so the collector does not walk it twice more."""
    timeline.loads(SMALL)
    with _collector(enabled=True):
        gc.collect()
        with timeline.bulk_loading():
            loaded = timeline.loads(_many_events())
        assert _generation_of(loaded) == 2
        assert gc.isenabled()
        gc.collect()
        outside = timeline.loads(SMALL)
        assert _generation_of(outside) == 0, "bulk_loading holds in its block only"


# -- the sets of fields given, shared by models ------------------------------------------------


def test_models_given_the_same_fields_share_one_set_no_one_can_change() -> None:
    one, other = source("A", "First"), source("B", "Second")
    assert one.__pydantic_fields_set__ is other.__pydantic_fields_set__  # memory: one set
    changes: list[Callable[[set[str]], None]] = [
        lambda given: given.add("url"),
        lambda given: given.update({"url"}),
        lambda given: given.discard("title"),
        lambda given: given.clear(),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="copy it first"):
            change(one.model_fields_set)
    fields = one.model_fields_set
    with pytest.raises(TypeError):
        fields |= {"url"}
    assert other.model_dump(exclude_unset=True) == {"publisher": "B", "title": "Second"}
    own = set(one.model_fields_set)  # what the error says to do
    own.add("url")
    assert "url" not in other.model_fields_set


def test_a_copy_or_a_pickle_has_the_same_fields_and_leaves_the_shared_set_alone() -> None:
    one, other = source("A", "First"), source("B", "Second")
    dated = one.model_copy(update={"published": When.parse("2022-10")})
    assert dated.model_fields_set == {"publisher", "title", "published"}
    assert "published" not in other.model_fields_set
    for again in (copy.copy(one), copy.deepcopy(one), pickle.loads(pickle.dumps(one))):
        assert again == one
        assert again.model_fields_set == one.model_fields_set
        assert again.model_dump(exclude_unset=True) == {"publisher": "A", "title": "First"}


def test_loaded_models_share_read_only_sets_too() -> None:
    loaded = timeline.load(SHIPPED)
    sets: dict[frozenset[str], set[int]] = {}
    for event in loaded.events:
        sets.setdefault(frozenset(event.model_fields_set), set()).add(id(event.model_fields_set))
    assert all(len(shared) == 1 for shared in sets.values()), "one set for each combination"
    assert len(sets) < len(loaded.events) / 4
    with pytest.raises(TypeError):
        loaded.events[0].model_fields_set.add("note")
    selected = loaded.select(kinds="summit")
    with pytest.raises(TypeError):
        selected.model_fields_set.add("description")
    assert selected.model_dump(exclude_unset=True).keys() == loaded.model_fields_set


# -- warning filters, and reading calendars from several threads at once ----------------------

#: A calendar app's file: a zone of its own name (a warning says which IANA zone it matched), a
#: vendor-prefixed TZID with no VTIMEZONE (icalendar guesses it, and warned), a repeating event.
CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Side effects//EN
X-WR-CALNAME:Calendar {number}
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
UID:call-{number}
DTSTART;TZID=Custom Berlin:202210{day}T093015
SUMMARY:Call {number}
END:VEVENT
BEGIN:VEVENT
UID:meeting-{number}
DTSTART;TZID=/mozilla.org/20070129_1/America/New_York:202210{day}T100000
SUMMARY:Meeting {number}
END:VEVENT
BEGIN:VEVENT
UID:weekly-{number}
DTSTART:202210{day}T080000Z
RRULE:FREQ=WEEKLY;COUNT={number}
SUMMARY:Weekly {number}
END:VEVENT
END:VCALENDAR
"""


def _calendars(folder: Path) -> list[Path]:
    paths = []
    for number in range(1, 9):
        path = folder / f"calendar-{number}.ics"
        path.write_text(CALENDAR.format(number=number, day=10 + number), encoding="utf-8")
        paths.append(path)
    return paths


def _heard(caught: list[warnings.WarningMessage]) -> list[tuple[str, str]]:
    return sorted((warning.category.__name__, str(warning.message)) for warning in caught)


def test_eight_threads_read_calendars_as_one_thread_does(tmp_path: Path) -> None:
    paths = _calendars(tmp_path) * 4
    filters = list(warnings.filters)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads take turns often, so a race has its chances
    try:
        with warnings.catch_warnings(record=True) as caught:  # the test's, once, around all
            warnings.simplefilter("always")
            alone = [timeline.load(path) for path in paths]
            one_at_a_time = _heard(caught)
            caught.clear()
            with ThreadPoolExecutor(max_workers=8) as pool:
                together = list(pool.map(timeline.load, paths))
            at_once = _heard(caught)
    finally:
        sys.setswitchinterval(interval)
    assert together == alone
    assert [len(each) for each in alone[:8]] == [3] * 8  # a series is one event
    weekly = [
        len(occurrences(each, date(2022, 1, 1), date(2023, 12, 31))[f"weekly-{number}"])
        for number, each in enumerate(alone[:8], start=1)
    ]
    assert weekly == list(range(1, 9))
    assert at_once == one_at_a_time
    assert any("Europe/Berlin" in message for _, message in one_at_a_time)
    assert not [name for name, _ in one_at_a_time if name == "GloballyUniqueTZIDGuessed"]
    assert warnings.filters == filters


def test_a_calendar_read_leaves_the_warning_filters_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The filters are the caller's own list, unchanged, even in the middle of a read."""
    (path, *_) = _calendars(tmp_path)
    original = warnings.filters
    seen: list[bool] = []
    real = _reader.from_calendars

    def watched(*args: Any, **options: Any) -> timeline.Timeline:
        seen.append(warnings.filters is original and warnings.filters == list(original))
        return real(*args, **options)

    monkeypatch.setattr(_reader, "from_calendars", watched)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", timeline.TimelineWarning)
        original = warnings.filters
        read = timeline.load(path)
        assert warnings.filters is original
    assert seen == [True]
    assert read["meeting-1"].when.start == datetime(2022, 10, 11, 10, tzinfo=NEW_YORK)


def test_a_vendor_tzid_reads_under_a_filter_that_makes_warnings_errors(tmp_path: Path) -> None:
    """icalendar's warning is never raised, so no filter of the caller's can turn it into an
    error that would refuse the file."""
    (path, *_) = _calendars(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", timeline.TimelineWarning)
        warnings.simplefilter("error", icalendar.error.GloballyUniqueTZIDGuessed)
        read = timeline.load(path)
    assert str(read["meeting-1"].when).endswith("[America/New_York]")
