"""`merge(*timelines)`: several chronologies made one, each happening once, no source lost.

Which events are one is `_matching`'s to decide (order-free); here each group becomes one event:
every source, the most precise date, the union of participants and tags, the fuller place, and
a closing paragraph of its note saying what it was merged from. What the inputs disagree on
(dates that do not overlap, the status, a vote's tally, two specific kinds) is kept from the
preferred input (else the earliest) and reported as a located problem naming both sides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from timeline._errors import InvalidTimeline, Location, Problem, ProblemCode
from timeline._field_types import unique_id
from timeline._gazetteer import Gazetteer
from timeline._matching import Item, match
from timeline._model import Event, Kind, KnownPlace, Link, Timeline
from timeline._when._calendar import RANK

__all__ = ["Merged", "event_lines", "merge"]

_T = TypeVar("_T")

#: The closing paragraph a merged event's note gets (and a re-merge replaces).
_MERGED_FROM = re.compile(r"(?:\A|\n\n)Merged from [^\n]*\Z")


@dataclass(frozen=True)
class Merged:
    """What `merge` made: the timeline, the groups it joined and what the inputs disagree on.

    `groups` lists each set of events joined into one, as (input name, event id) pairs in input
    order; `disagreements` are located problems (code "disagreement"), each naming both sides.
    """

    timeline: Timeline
    groups: tuple[tuple[tuple[str, str], ...], ...] = ()
    disagreements: tuple[Problem, ...] = field(default=())

    def matches_json(self) -> str:
        """The groups as JSON, a list of `[input name, event id]` lists: for a person to review."""
        listed = [[list(pair) for pair in group] for group in self.groups]
        return json.dumps(listed, ensure_ascii=False, indent=2) + "\n"

    def lines(self) -> list[str]:
        """The groups as lines a person reads: `a.toml cica-summit = b.toml cica-2022`."""
        return [" = ".join(f"{name} {event_id}" for name, event_id in g) for g in self.groups]


def merge(
    *timelines: Timeline,
    names: Sequence[str] = (),
    prefer: int | None = None,
    lines: Sequence[Mapping[str, int]] = (),
) -> Merged:
    """Several timelines as one: events that are the same happening joined, none lost.

    Which events are joined does not depend on the order of the inputs; the ids kept do (an
    event keeps the id it has in the earliest input holding it, and an id two different
    events use gets a suffix, `-2`, with the links of its input following it).

    `names` says what each input is called in notes, groups and problems (its file, as given;
    else "input 1", ...); `prefer` (0-based) is the input whose value is kept where they
    disagree, else the earliest; `lines` gives, for each input, the line of each event id, so
    that a problem is located in both files.

    Raises:
        ValueError: no timeline given, or `prefer` names none of them.
        InvalidTimeline: the merged events break a rule of a whole timeline (a part-of cycle).
    """
    if not timelines:
        raise ValueError("merge() needs at least one timeline")
    if prefer is not None and not 0 <= prefer < len(timelines):
        raise ValueError(f"prefer={prefer} names no input; give 0 to {len(timelines) - 1}")
    called = [*names[: len(timelines)]]
    called += [f"input {n + 1}" for n in range(len(called), len(timelines))]
    items = [Item(n, event) for n, each in enumerate(timelines) for event in each]
    # by the first item: input order, then date
    groups = sorted(match(timelines, _gazetteer(timelines, prefer).same_place).groups)
    ids = _kept_ids(items, groups)
    work = _Joining(items, ids, called, prefer, [*lines] + [{}] * len(timelines))
    events = [work.joined(group) for group in groups]
    joined = tuple(
        tuple((called[items[n].source], items[n].event.id) for n in group)
        for group in groups
        if len(group) > 1
    )
    return Merged(_whole(timelines, events, prefer), joined, tuple(work.problems))


def _kept_ids(items: Sequence[Item], groups: Sequence[list[int]]) -> dict[tuple[int, str], str]:
    """Each (input, id) -> the id it has in the merge: its group's first event's, suffixed
    (`-2`, `-3`) where another group took it already."""
    taken: set[str] = set()
    ids: dict[tuple[int, str], str] = {}
    for group in groups:
        kept = unique_id(items[group[0]].event.id, taken)
        for member in group:
            ids[(items[member].source, items[member].event.id)] = kept
    return ids


def _whole(timelines: Sequence[Timeline], events: list[Event], prefer: int | None) -> Timeline:
    """The merged timeline: the preferred (else first) input's header, and every organisation,
    organisation alias and renamed place of any input (the preferred one's where two differ)."""
    head = timelines[prefer or 0]
    tables: dict[str, dict[str, Any]] = {"organisations": {}, "organisation_aliases": {}}
    tables["places"] = {}
    for each in sorted(timelines, key=lambda t: t is not head):
        for name, table in tables.items():
            for key, value in getattr(each, name).items():
                table.setdefault(key, value)
    return head.model_copy(update={"events": tuple(events), **tables})


def _gazetteer(timelines: Sequence[Timeline], prefer: int | None) -> Gazetteer:
    """Every input's renamed places and organisation aliases, so that a place one file names
    "Nur-Sultan" is another's "Astana" (the preferred input's entry where two differ)."""
    head = timelines[prefer or 0]
    places: dict[str, KnownPlace] = {}
    aliases: dict[str, str] = {}
    for each in sorted(timelines, key=lambda t: t is not head):
        places = {**each.places, **places}
        aliases = {**each.organisation_aliases, **aliases}
    return Gazetteer(places, aliases)


class _Joining:
    """Joins each group into one event, collecting the disagreements as it goes."""

    def __init__(
        self,
        items: Sequence[Item],
        ids: dict[tuple[int, str], str],
        names: Sequence[str],
        prefer: int | None,
        lines: Sequence[Mapping[str, int]],
    ) -> None:
        self.items, self.ids, self.names, self.prefer = items, ids, names, prefer
        self.lines = lines
        self.problems: list[Problem] = []

    def retargeted(self, item: Item) -> Event:
        """The event with its id, links and series as the merge names them."""
        event, source = item.event, item.source
        changes: dict[str, Any] = {}
        kept = self.ids[(source, event.id)]
        if kept != event.id:
            changes["id"] = kept
        links = tuple(
            Link(rel=link.rel, target=self.ids.get((source, link.target), link.target))
            for link in event.links
        )
        if links != event.links:
            changes["links"] = links
        if event.series is not None:
            series = self.ids.get((source, event.series), event.series)
            if series != event.series:
                changes["series"] = series
        return event._unchecked_copy(changes) if changes else event

    def joined(self, group: list[int]) -> Event:
        members = [self.items[n] for n in group]
        events = [self.retargeted(item) for item in members]
        chosen = next((n for n, item in enumerate(members) if item.source == self.prefer), 0)
        if len(members) == 1 or all(event == events[0] for event in events):
            return events[0]
        self._report(members, chosen)
        fields = _joined_fields(events, chosen, prefer_given=self.prefer is not None)
        primary = events[0]
        fields["id"] = primary.id
        if _same_but_note(fields, events[chosen]):
            return events[chosen]
        said = [f"{self.names[item.source]} ({item.event.id})" for item in members]
        fields["note"] = _noted(fields.get("note"), said)
        try:
            return Event(**fields)
        except InvalidTimeline:  # fields of two sides that cannot stand together
            kept = events[chosen]
            sources = _union(e.sources for e in events)
            return Event(**(fields | _fields(kept) | {"sources": sources, "id": primary.id}))

    def _report(self, members: Sequence[Item], chosen: int) -> None:
        kept = members[chosen]
        for other in members:
            if other is kept:
                continue
            for name, here, there in _differences(kept.event, other.event):
                self.problems.append(self._problem(kept, other, name, here, there))

    def _problem(self, kept: Item, other: Item, name: str, here: str, there: str) -> Problem:
        other_line = self.lines[other.source].get(other.event.id)
        elsewhere = self.names[other.source] + (f":{other_line}" if other_line else "")
        whose = self.names[kept.source]
        message = (
            f"{name} disagrees with {elsewhere} (event {other.event.id!r}): {here} here, "
            f"{there} there; {whose}'s is kept"
        )
        where = Location(
            file=whose,
            line=self.lines[kept.source].get(kept.event.id),
            event_id=kept.event.id,
            field=name,
        )
        hint = "choose the side to keep (--prefer FILE), or correct one of the files"
        return Problem(message, where, hint, ProblemCode.DISAGREEMENT, here, there)


def _fields(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in type(event).model_fields if name != "note"}


def _differences(a: Event, b: Event) -> list[tuple[str, str, str]]:
    """What two joined events disagree on, as (field, a's value, b's value)."""
    found = []
    if not a.when.overlaps(b.when.first_day, b.when.last_known_day):
        found.append(("when", a.when.human(), b.when.human()))
    if a.status is not b.status:
        found.append(("status", a.status.value, b.status.value))
    if a.kind is not b.kind and Kind.OTHER not in (a.kind, b.kind):
        found.append(("kind", a.kind.value, b.kind.value))
    if a.vote is not None and b.vote is not None:
        tally, other = _tally(a), _tally(b)
        if tally != other:
            found.append(("vote", tally, other))
    return found


def _tally(event: Event) -> str:
    vote = event.vote
    return "" if vote is None else f"{vote.yes}–{vote.no}–{vote.abstain}"


def _joined_fields(events: Sequence[Event], chosen: int, *, prefer_given: bool) -> dict[str, Any]:
    """The fields of the joined event: the chosen side's, with what the others add."""
    kept = events[chosen]
    fields: dict[str, Any] = {name: getattr(kept, name) for name in kept.model_fields_set}
    dated = _most_precise(events, chosen)
    fields.update(when=dated.when, when_text=dated.when_text, as_of=dated.as_of)
    if kept.kind is Kind.OTHER:
        fields["kind"] = next((e.kind for e in events if e.kind is not Kind.OTHER), Kind.OTHER)
    participants = _union(e.participants for e in events)
    fields["participants"] = participants
    fields["absent"] = tuple(p for p in _union(e.absent for e in events) if p not in participants)
    fields["tags"] = _union(e.tags for e in events)
    fields["sources"] = _union(e.sources for e in events)
    own = kept.id
    fields["links"] = tuple(link for link in _union(e.links for e in events) if link.target != own)
    if not prefer_given:
        fields["summary"] = max((e.summary for e in events), key=len)
    places = [e.place for e in (kept, *events) if e.place is not None]  # the kept side first
    fields["place"] = max(places, key=lambda p: len(p.model_fields_set), default=None)
    fields["uid"] = kept.uid or next((e.uid for e in events if e.uid is not None), None)
    if fields["kind"] is Kind.VOTE:  # a vote outcome belongs to a vote alone
        fields["vote"] = kept.vote or next((e.vote for e in events if e.vote), None)
    fields["carried"] = {
        k: v for e in reversed(events) for k, v in e.carried.items()
    } | kept.carried
    fields["note"] = kept.note
    return fields


def _most_precise(events: Sequence[Event], chosen: int) -> Event:
    """The event whose date is most precise among those agreeing with the chosen side's."""
    kept = events[chosen].when
    agreeing = [e for e in events if e.when.overlaps(kept.first_day, kept.last_known_day)]

    def precision(event: Event) -> tuple[int, int, bool]:
        when = event.when
        width = (when.last_known_day - when.first_day).days
        return (RANK[when.precision], -width, not (when.approximate or when.uncertain))

    best = max(precision(e) for e in agreeing)
    return (
        events[chosen]
        if precision(events[chosen]) == best
        else next(e for e in agreeing if precision(e) == best)
    )


def _union(lists: Iterable[Iterable[_T]]) -> tuple[_T, ...]:
    """Every item of every list once, in the order first met."""
    return tuple(dict.fromkeys(item for each in lists for item in each))


def _same_but_note(fields: Mapping[str, Any], event: Event) -> bool:
    """Whether the joined fields are the event's own (but for the note): nothing was added."""
    mine = {name: getattr(event, name) for name in type(event).model_fields if name != "note"}
    theirs = {name: fields.get(name, getattr(event, name)) for name in mine}
    empty = {"participants", "absent", "tags", "links", "carried"}
    return all(
        theirs[name] == mine[name] or (not theirs[name] and not mine[name] and name in empty)
        for name in mine
    )


def _noted(note: str | None, said: Sequence[str]) -> str:
    """The note with its closing "Merged from ..." paragraph replaced (never stacked)."""
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    kept = _MERGED_FROM.sub("", note or "").rstrip()
    closing = f"Merged from {listed}."
    return f"{kept}\n\n{closing}" if kept else closing


def event_lines(data: bytes, format_name: str) -> dict[str, int]:
    """The line each event's id is written on, for a TOML or JSON file (other formats: none),
    found by the reader's own locator, as the loader locates a problem; asked for only when a
    merge has something to report."""
    text = data.decode("utf-8", errors="replace")
    if format_name == "toml":
        from timeline.formats._toml import _loads, _locator  # on first use

        try:
            raw = _loads(text).get("events")
        except ValueError:
            return {}
        locate = _locator(lambda: text)
    elif format_name == "json":
        from timeline.formats._json import _locator as json_locator  # on first use

        try:
            document = json.loads(text)
        except ValueError:
            return {}
        raw = document.get("events") if isinstance(document, dict) else None
        locate = json_locator(text)
    else:
        return {}
    found: dict[str, int] = {}
    for index, each in enumerate(raw if isinstance(raw, list) else ()):
        line = locate(index, ("id",)) if isinstance(each, dict) else None
        if line is not None and isinstance(each.get("id"), str):
            found.setdefault(each["id"], line)
    return found
