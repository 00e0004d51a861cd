"""The rules that need the whole timeline: ids used once, links that lead to another event,
occurrences of a series that is there, participants a reader knows, part-of links that never
lead back to where they began.

A function, not only the `Timeline` validator, so the loader can put a line number on each
problem (`find_problems` gives the index of its event); it reads only what `CrossChecked`
names, so the loader can hand it stand-ins of events it could not build.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol

from timeline._codes import COUNTRIES, ORGANISATIONS
from timeline._errors import Location, Problem, ProblemCode, Suggestion, nearest

__all__ = ["CrossChecked", "find_problems"]


class _Linking(Protocol):
    """What the checks read of a link."""

    @property
    def rel(self) -> str: ...
    @property
    def target(self) -> str: ...


class CrossChecked(Protocol):
    """What the checks across events read of an event, so a loader can pass stand-ins too."""

    @property
    def id(self) -> str: ...
    @property
    def participants(self) -> tuple[str, ...]: ...
    @property
    def absent(self) -> tuple[str, ...]: ...
    @property
    def links(self) -> Sequence[_Linking]: ...
    @property
    def series(self) -> str | None: ...
    @property
    def repeats(self) -> object | None: ...


#: A problem of the event at an index.
_Found = list[tuple[int, Problem]]


def find_problems(
    events: Sequence[CrossChecked], organisations: dict[str, str] | None = None
) -> list[tuple[int, Problem]]:
    """Every rule that needs the whole timeline, as (index of the event, problem) pairs."""
    found: _Found = []
    first = _duplicate_ids(events, found)
    known = ORGANISATIONS.keys() | (organisations or {}).keys()
    known_lists: set[tuple[str, ...]] = {()}  # lists seen to name only known participants
    for index, event in enumerate(events):
        for field, codes in (("participants", event.participants), ("absent", event.absent)):
            if codes not in known_lists:  # chronologies name the same lists again and again
                _unknown_participants(index, event.id, field, codes, known, known_lists, found)
        _links(index, event, first, found)
        if event.series is not None:
            _series(index, event, first, found)
    found.extend(_part_of_cycles(events, first))
    return found


def _problem(
    event_id: str,
    field: str,
    message: str,
    hint: str | None = None,
    *,
    code: ProblemCode,
    suggestion: Suggestion | None = None,
) -> Problem:
    where = Location(event_id=event_id, field=field)
    return Problem(message, where, hint, code, suggestion=suggestion)


def _duplicate_ids(events: Sequence[CrossChecked], found: _Found) -> dict[str, CrossChecked]:
    """The event that first uses each id; each later use is a problem. The table holds the
    events themselves, not their indexes: a million events' indexes would be a million int
    objects (32 MB) made for the few lookups that need one."""
    first: dict[str, CrossChecked] = {}
    for index, event in enumerate(events):
        if event.id in first:
            hint = "every event needs an id of its own"
            message = f"duplicate id {event.id!r}"
            found.append(
                (index, _problem(event.id, "id", message, hint, code=ProblemCode.DUPLICATE_ID))
            )
        else:
            first[event.id] = event
    return first


def _unknown_participants(
    index: int,
    event_id: str,
    field: str,
    codes: tuple[str, ...],
    known: AbstractSet[str],
    known_lists: set[tuple[str, ...]],
    found: _Found,
) -> None:
    """A participant that is no country code and no organisation known to the timeline."""
    unknown = [
        (number, code)
        for number, code in enumerate(codes)
        if code not in COUNTRIES and code not in known
    ]
    if not unknown:
        known_lists.add(codes)
    for number, participant in unknown:
        near = nearest(participant, sorted(known))
        fix = Suggestion(
            "declare",
            "timeline.organisations",
            participant,
            choices=(near,) if near else (),
            note="use a known acronym (" + ", ".join(sorted(ORGANISATIONS)) + ")",
        )
        message = f"unknown organisation {participant!r}"
        where = f"{field}[{number}]"
        problem = _problem(
            event_id, where, message, code=ProblemCode.UNKNOWN_ORGANISATION, suggestion=fix
        )
        found.append((index, problem))


def _links(index: int, event: CrossChecked, first: dict[str, CrossChecked], found: _Found) -> None:
    """A link to the event itself, or to no event of the timeline."""
    for number, link in enumerate(event.links):
        field = f"links[{number}].target"
        if link.target == event.id:
            message = "an event cannot link to itself"
            found.append((index, _problem(event.id, field, message, code=ProblemCode.LINK)))
        elif link.target not in first:
            near = nearest(link.target, list(first))
            hint = (
                f"did you mean {near!r}?"
                if near
                else "a link's target must be the id of another event in the same timeline"
            )
            message = f"link to unknown event {link.target!r}"
            found.append((index, _problem(event.id, field, message, hint, code=ProblemCode.LINK)))


def _series(
    index: int,
    event: CrossChecked,
    first: dict[str, CrossChecked],
    found: _Found,
) -> None:
    """One occurrence of a series names an event of the timeline that repeats."""
    target = event.series
    assert target is not None  # the caller asks only for occurrences
    if target == event.id:
        message = "an occurrence cannot be of its own series"
        found.append((index, _problem(event.id, "series", message, code=ProblemCode.LINK)))
    elif target not in first:
        near = nearest(target, list(first))
        hint = f"did you mean {near!r}?" if near else "name the id of the series' event"
        message = f"occurrence of unknown series {target!r}"
        found.append((index, _problem(event.id, "series", message, hint, code=ProblemCode.LINK)))
    elif first[target].repeats is None:
        message = f"{target!r} is no series: it has no `repeats`"
        hint = "give that event its rule, or name the series this occurrence belongs to"
        found.append((index, _problem(event.id, "series", message, hint, code=ProblemCode.LINK)))


def _part_of_cycles(
    events: Sequence[CrossChecked], first: dict[str, CrossChecked]
) -> list[tuple[int, Problem]]:
    """Part-of must form a forest: one depth-first pass finds every event that contains itself."""
    # only an event with part-of links can be on a cycle; a duplicate id is reported
    # elsewhere, and its links are not followed
    parents: dict[str, list[str]] = {}
    for event in events:
        if event.links and first[event.id] is event:
            targets = [link.target for link in event.links if link.rel == _PART_OF]
            if targets:
                parents[event.id] = targets
    finished: set[str] = set()
    found: list[tuple[str, Problem]] = []  # at the id of the event where a cycle closes
    for root in parents:
        if root in finished:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(parents[root])]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                finished.add(node)
            elif target in on_path:
                cycle = [*path[path.index(target) :], target]
                message = "part-of links form a cycle: " + " -> ".join(cycle)
                where = Location(event_id=target, field="links")
                problem = Problem(message, where, "no event may contain itself", ProblemCode.CYCLE)
                found.append((target, problem))
            elif target in parents and target not in finished:
                path.append(target)
                on_path.add(target)
                stack.append(iter(parents[target]))
    if not found:
        return []
    closing = {target for target, _ in found}
    index_of: dict[str, int] = {}  # an id's first use (the same event may be given twice)
    for index, event in enumerate(events):
        if event.id in closing:
            index_of.setdefault(event.id, index)
    return [(index_of[target], problem) for target, problem in found]


#: `Relation.PART_OF`, as the word it is (the vocabularies live with the models, above us).
_PART_OF = "part-of"
