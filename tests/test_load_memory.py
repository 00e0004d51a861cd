"""A load's working structures, made smaller for a million events, give what they gave: the
events in `Event.sort_key`'s order, a duplicate id located at its first use, the review's
parts outside their whole, and an invalid event left out with the links to it."""

from __future__ import annotations

import re
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import event
from timeline import Event, Link, Relation
from timeline._model import _in_order

DATES = ("2022-10-13", "2022-10", "2022-10-13T09:00Z", "2022", "2022-10-12/2022-10-14")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(("a", "b", "c", "d", "e")), st.sampled_from(DATES)),
        max_size=12,
    )
)
def test_events_are_ordered_by_their_sort_key(written: list[tuple[str, str]]) -> None:
    built = [event(f"{name}-{number}", when) for number, (name, when) in enumerate(written)]
    ordered = _in_order(built)
    assert [each.id for each in ordered] == [
        each.id for each in sorted(built, key=lambda one: one.sort_key)
    ]


def _toml(*events: Event) -> str:
    return timeline.to_toml(timeline.Timeline(title="t", events=events))


def test_a_duplicate_id_is_located_at_its_first_use() -> None:
    text = _toml(event("summit"), event("other")).replace('id = "other"', 'id = "summit"')
    try:
        timeline.loads(text)
    except timeline.InvalidTimeline as refusal:
        (problem,) = refusal.problems
    first_line = 1 + text.splitlines().index('id = "summit"')
    assert problem.code == "duplicate-id"
    assert f"(first used on line {first_line})" in problem.message


def test_a_part_outside_its_whole_is_reported_and_one_inside_is_not() -> None:
    whole = event("summit", "2022-10-13")
    part_of = (Link(rel=Relation.PART_OF, target="summit"),)
    inside = event("inside", "2022-10-13", title="A side meeting", links=part_of)
    outside = event("outside", "2022-10-11", title="A meeting before", links=part_of)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        timeline.loads(_toml(whole, inside, outside))
    said = [str(warning.message) for warning in caught]
    assert [message for message in said if "outside it" in message] == [
        message for message in said if "part of 'summit'" in message
    ]
    assert len([message for message in said if "part of 'summit'" in message]) == 1


def test_an_invalid_event_skipped_takes_the_links_to_it_with_it() -> None:
    linked = event("response", links=(Link(rel=Relation.RESPONDS_TO, target="crisis"),))
    written = _toml(event("crisis"), linked, event("later"))  # crisis's fields come first
    text = re.sub(r'(?m)^kind = ".*"$', 'kind = "no-such-kind"', written, count=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = timeline.loads(text, on_error="skip")
    assert [each.id for each in loaded] == ["later", "response"]
    assert loaded["response"].links == ()
