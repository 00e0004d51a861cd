"""The checks across events: each problem is put at the event it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from timeline._cross_checks import find_problems


@dataclass(frozen=True)
class _Link:
    rel: str
    target: str


@dataclass(frozen=True)
class _Standing:
    """A stand-in with only what the checks read."""

    id: str
    links: tuple[_Link, ...] = ()
    participants: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    series: str | None = None
    repeats: object | None = None


_IDS = st.sampled_from(["a", "b", "c", "d", "e"])
_STANDINGS = st.lists(
    st.builds(
        _Standing,
        id=_IDS,
        links=st.lists(st.builds(_Link, rel=st.just("part-of"), target=_IDS), max_size=3).map(
            tuple
        ),
    ),
    min_size=1,
    max_size=6,
)
#: Events with ids and part-of links in common; the very same event may come twice.
_EVENTS = _STANDINGS.flatmap(lambda pool: st.lists(st.sampled_from(pool), max_size=8))


@given(_EVENTS)
def test_each_problem_is_at_an_event_of_its_id(events: list[_Standing]) -> None:
    """A cycle is put at the first event of the id where it closes, a duplicate at the later
    use, anything else at the event that says it: the table of first uses holds events, and
    an index is found from them."""
    first: dict[str, int] = {}
    for index, event in enumerate(events):
        first.setdefault(event.id, index)
    for index, problem in find_problems(events):
        assert events[index].id == problem.location.event_id
        if problem.code == "duplicate-id":
            assert index != first[events[index].id]
        elif problem.code == "cycle":
            assert index == first[events[index].id]


@given(_EVENTS)
def test_a_cycle_is_reported_only_where_part_of_links_close_one(events: list[_Standing]) -> None:
    firsts: dict[str, _Standing] = {}
    for event in events:
        firsts.setdefault(event.id, event)
    for _, problem in find_problems(events):
        if problem.code != "cycle":
            continue
        path = problem.message.split(": ", 1)[1].split(" -> ")
        assert path[0] == path[-1] == problem.location.event_id
        for here, there in pairwise(path):
            assert any(link.target == there for link in firsts[here].links)


def test_a_self_contained_pair_is_one_cycle_at_its_first_event() -> None:
    events = [
        _Standing("x"),
        _Standing("a", (_Link("part-of", "b"),)),
        _Standing("b", (_Link("part-of", "a"),)),
    ]
    cycles = [
        (index, problem) for index, problem in find_problems(events) if problem.code == "cycle"
    ]
    assert [(index, problem.message) for index, problem in cycles] == [
        (1, "part-of links form a cycle: a -> b -> a")
    ]
