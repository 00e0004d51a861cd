"""A library with no side effects: loading leaves the caller's garbage collector, warning
filters and models as they were, and reading from several threads at once gives what reading
one file at a time gives."""

from __future__ import annotations

import copy
import gc
import pickle
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

import timeline
from tests.factories import HEADER, event_toml, source
from timeline import When

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "events.toml"
SMALL = HEADER + event_toml()


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
