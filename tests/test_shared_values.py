"""Lighter events: what a load shares among its events (interned codes and tags, equal tuples,
one empty `carried`, key-sharing `__dict__`s) changes nothing a caller can see.

Each loaded event is compared with the same fields validated the ordinary way: equality,
hashing, repr, dumps, JSON schema, the given fields, copies and pickles.
"""

from __future__ import annotations

import copy
import pickle
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from tests.factories import event, events, source, timelines
from tests.series_factories import series_timelines
from timeline import Event, Timeline
from timeline._shared_values import (
    EMPTY_MAPPING,
    SharedModels,
    SharedStrings,
    SharedTuples,
    empty_mapping,
    key_sharing_dict,
)

CPYTHON = sys.implementation.name == "cpython"


def _ordinary(loaded: Event) -> Event:
    """The loaded event's given fields, validated as a program would build it."""
    return Event(**{name: getattr(loaded, name) for name in loaded.model_fields_set})


def _hashed(model: Event) -> int | type[TypeError]:
    """The model's hash, or TypeError where a dict among its fields makes it unhashable."""
    try:
        return hash(model)
    except TypeError:
        return TypeError


def _alike(loaded: Event, ordinary: Event) -> None:
    assert loaded == ordinary
    assert ordinary == loaded
    assert _hashed(loaded) == _hashed(ordinary)
    assert repr(loaded) == repr(ordinary)
    assert loaded.model_dump() == ordinary.model_dump()
    assert loaded.model_dump_json() == ordinary.model_dump_json()
    assert loaded.model_dump(exclude_unset=True) == ordinary.model_dump(exclude_unset=True)
    assert loaded.model_fields_set == ordinary.model_fields_set
    assert pickle.loads(pickle.dumps(loaded)) == ordinary
    assert copy.deepcopy(loaded) == ordinary


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5) | series_timelines())
def test_loaded_events_equal_events_validated_the_ordinary_way(built: Timeline) -> None:
    for text, format in ((timeline.to_toml(built), "toml"), (timeline.to_json(built), "json")):
        loaded = timeline.loads(text, format=format)
        assert loaded == built
        for each in loaded:
            _alike(each, _ordinary(each))


@settings(max_examples=20, deadline=None)
@given(events(0))
def test_a_loaded_event_copies_and_changes_as_a_built_one(built: Event) -> None:
    loaded = timeline.loads(timeline.to_toml(timeline.Timeline(title="t", events=(built,))))
    (each,) = loaded
    changed = each.model_copy(update={"title": "Another title"})
    assert changed == built.model_copy(update={"title": "Another title"})
    with pytest.raises(Exception, match="frozen"):
        each.title = "x"  # type: ignore[misc]


def _two_events_toml() -> str:
    one = timeline.Timeline(
        title="t",
        events=(
            event("first", participants=("KZ", "RU"), tags=("csto", "summit")),
            event("second", participants=("KZ", "RU"), tags=("summit",)),
        ),
    )
    return timeline.to_toml(one)


def test_codes_and_tags_are_interned_and_equal_lists_shared() -> None:
    first, second = timeline.loads(_two_events_toml())
    assert first.participants is second.participants  # one tuple for the equal lists
    assert first.tags[1] is second.tags[0]  # "summit", held once
    assert first.sources is second.sources  # the same source, the same tuple
    assert first.participants[0] is sys.intern("KZ")


def test_a_loaded_event_holds_its_field_names_once() -> None:
    first, _second = timeline.loads(_two_events_toml())
    assert first.__dict__ == dict(first.__dict__)
    assert list(first.__dict__) == list(Event.model_fields)
    if CPYTHON:  # PEP 412: the keys are the class's, the dict holds only the values
        assert sys.getsizeof(first.__dict__) < sys.getsizeof(dict(first.__dict__))


def test_the_empty_mapping_is_an_empty_dict_that_stays_empty() -> None:
    assert EMPTY_MAPPING == {}
    assert repr(EMPTY_MAPPING) == "{}"
    assert isinstance(EMPTY_MAPPING, dict)
    assert empty_mapping() is EMPTY_MAPPING
    changes: tuple[Callable[[dict[Any, Any]], object], ...] = (
        lambda held: held.__setitem__("ics", "X:1"),
        lambda held: held.update(ics="X:1"),
        lambda held: held.setdefault("ics", "X:1"),
        lambda held: held.pop("ics"),
        lambda held: held.popitem(),
        lambda held: held.clear(),
        lambda held: held.__delitem__("ics"),
        lambda held: held.__ior__({"ics": "X:1"}),
    )
    for change in changes:
        with pytest.raises(TypeError, match="models share it"):
            change(EMPTY_MAPPING)
    assert EMPTY_MAPPING == {}
    for copied in (copy.copy(EMPTY_MAPPING), copy.deepcopy(EMPTY_MAPPING)):
        assert type(copied) is dict
        assert copied == {}
        copied["mine"] = "changed"  # a copy is the copier's own
    assert type(pickle.loads(pickle.dumps(EMPTY_MAPPING))) is dict


def test_an_event_without_carried_shares_the_empty_mapping_and_says_so() -> None:
    built = event("plain")
    assert built.carried is EMPTY_MAPPING
    assert built.model_dump()["carried"] == {}
    assert '"carried":{}' in built.model_dump_json()
    with pytest.raises(TypeError):
        built.carried["ics"] = "X-A:1"
    assert built.carried == {}
    own = event("own", carried={})
    assert own == built.model_copy(update={"id": "own"})
    assert own.carried is not EMPTY_MAPPING
    vote = timeline.Vote(body="UN", yes=1, no=0, abstain=0)
    assert vote.positions == {}
    assert vote.positions is EMPTY_MAPPING


def test_the_json_schema_is_unchanged_by_the_shared_default() -> None:
    schema: dict[str, Any] = Event.model_json_schema()["properties"]["carried"]
    assert "default" not in schema
    assert schema["type"] == "object"


def test_shared_tuples_give_one_tuple_per_content_its_strings_interned() -> None:
    shared = SharedTuples()
    written = ("K" + "Z", "R" + "U")
    first = shared.of_strings(written)
    assert first == written
    assert first[0] is sys.intern("KZ")
    assert shared.of_strings(("KZ", "RU")) is first
    subclassed = shared.of_strings((_Text("UN"),))
    assert type(subclassed[0]) is _Text  # not interned, which sys.intern refuses, but held
    cited = (source(), source("TASS"))
    assert shared.of_models(tuple(cited)) is shared.of_models(tuple(cited))
    assert shared.of_models((source(),)) is not shared.of_models((source(),))  # not the same


class _Text(str):
    """A subclass of str, as icalendar's vText is."""


class _Holding:
    """A kind of its own, so the test's keys do not become an event's."""


def test_a_key_sharing_dict_is_equal_to_the_dict_it_holds() -> None:
    values = {"b": 1, "a": (2,), "c": None}
    made = key_sharing_dict(_Holding, values)
    assert made == values
    assert list(made) == list(values)
    again = key_sharing_dict(_Holding, values)
    assert again == made
    assert again is not made
    other = {"a": (2,), "b": 1, "c": None}  # the same keys in another order: a plain copy
    assert key_sharing_dict(_Holding, other) == other
    assert list(key_sharing_dict(_Holding, other)) == list(other)


def _linked_toml() -> str:
    """Three events: two link to the first the same way, one of them twice over in effect."""
    whole = event("crisis")
    response = timeline.Link(rel=timeline.Relation.RESPONDS_TO, target="crisis")
    one = timeline.Timeline(
        title="t",
        events=(
            whole,
            event("first-response").model_copy(update={"links": (response,)}),
            event("second-response").model_copy(update={"links": (response,)}),
        ),
    )
    return timeline.to_toml(one)


def test_equal_links_are_one_link_naming_the_very_id_of_their_target() -> None:
    loaded = timeline.loads(_linked_toml())
    crisis, first, second = (
        loaded[name] for name in ("crisis", "first-response", "second-response")
    )
    assert first.links == second.links
    assert first.links is second.links  # one tuple of one link
    (link,) = first.links
    assert link.target is crisis.id  # the id, held once
    assert link.__dict__ == {"rel": timeline.Relation.RESPONDS_TO, "target": "crisis"}
    assert list(link.__dict__) == list(timeline.Link.model_fields)
    ordinary = timeline.Link(rel="responds-to", target="crisis")
    assert link == ordinary
    assert hash(link) == hash(ordinary)
    assert repr(link) == repr(ordinary)
    assert pickle.loads(pickle.dumps(link)) == ordinary
    assert copy.deepcopy(link) == ordinary
    assert link.model_fields_set == ordinary.model_fields_set
    if CPYTHON:
        assert sys.getsizeof(link.__dict__) < sys.getsizeof(dict(link.__dict__))


def test_shared_models_hold_one_of_each_equal_model_and_leave_the_unhashable() -> None:
    shared = SharedModels()
    written = timeline.Link(rel="part-of", target="summit")
    held = shared.of(written)
    assert held is written
    assert shared.of(timeline.Link(rel="part-of", target="summit")) is held
    assert shared.of(timeline.Link(rel="follows", target="summit")) is not held
    voted = timeline.Vote(body="UN", yes=1, no=0, abstain=0, positions={"KZ": "yes"})
    assert shared.of(voted) is voted  # a dict among its values: left as it is
    assert voted.positions == {"KZ": "yes"}


def test_shared_strings_hold_the_first_equal_string_given_them() -> None:
    shared = SharedStrings()
    first = "".join(("sum", "mit"))
    assert shared.of(first) is first
    assert shared.of("".join(("summ", "it"))) is first
    assert shared.held("".join(("su", "mmit"))) is first
    other = "".join(("cri", "sis"))
    assert shared.held(other) is other
    assert shared.held("".join(("cris", "is"))) is not other  # `held` holds nothing new
