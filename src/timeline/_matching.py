"""Which events of several timelines are one happening: the candidates, their scores, the groups.

Natural keys first (the same `uid`, the same UN resolution symbol, a series with the same rule
and start), then candidates found in a date block: the events are sorted by their first day
and swept, so an event is only compared with those whose days (plus a day of slack for time
zones) overlap its own; a month-precise date overlaps each of its days. A candidate pair is
scored on its kinds, places, participants and words; pairs are then decided greedily, the best
score first with ties broken by content, never by position, and a group never takes two
events of one input (connected components would chain A1~B1~A2 into one event).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, utils

from timeline._model import Event, Kind, Place, Timeline

__all__ = ["Item", "Matching", "SamePlace", "content_key", "match"]

#: Days of slack on either side of an event's span: a time-zone edge moves a day.
SLACK = timedelta(days=1)
#: The score a pair needs to be joined (a natural key scores above every other pair).
THRESHOLD = 0.45
_NATURAL = 2.0
#: A pair as it is decided: its negated score, both events' content keys, the items' numbers.
_Ranked = tuple[float, tuple[tuple[object, ...], tuple[object, ...]], int, int]
#: Days past which a span is long (more than two months): a day within it is not it.
_LONG = 62


@dataclass(frozen=True, slots=True)
class Item:
    """One event of one input: `source` is the input's position among those merged."""

    source: int
    event: Event


@dataclass(slots=True)
class Matching:
    """The groups decided (each a list of item numbers, in input order) and the work done."""

    groups: list[list[int]]
    compared: int


def content_key(event: Event) -> tuple[object, ...]:
    """What orders two events whatever input they came from: their dates, id and words."""
    return (event.sort_key, event.title, event.summary, event.kind.value)


#: Whether two places are one (None: it cannot be told), as the inputs' gazetteer says.
SamePlace = Callable[[Place | None, Place | None], bool | None]


def match(timelines: Sequence[Timeline], place: SamePlace) -> Matching:
    """The groups of events that are one happening, across `timelines` (never within one);
    `place` compares two places (`Gazetteer.same_place`: Nur-Sultan is Astana)."""
    items = [Item(number, event) for number, each in enumerate(timelines) for event in each]
    scored, compared = _candidates(items, _Scoring(items, place))
    groups = _Groups(items)
    for _, _, first, second in sorted(scored):
        groups.join(first, second)
    _join_overrides(items, groups)
    return Matching(groups.listed(), compared)


def _candidates(items: Sequence[Item], scoring: _Scoring) -> tuple[list[_Ranked], int]:
    """Scored pairs (negated score first, so sorting puts the best first) and how many pairs
    were scored: natural keys, then the date block of plain events."""
    keys = [content_key(item.event) for item in items]
    found: dict[tuple[int, int], float] = dict.fromkeys(_natural_pairs(items), _NATURAL)
    compared = 0
    for first, second in _date_block(items):
        if (first, second) in found:
            continue
        compared += 1
        score = scoring.score(first, second)
        if score >= THRESHOLD:
            found[(first, second)] = score
    ranked = [
        (-score, (min(keys[a], keys[b]), max(keys[a], keys[b])), a, b)
        for (a, b), score in found.items()
    ]
    return ranked, compared


def _natural_pairs(items: Sequence[Item]) -> Iterator[tuple[int, int]]:
    """Pairs that share a uid, a resolution symbol, or (series) a rule and start."""
    by_key: dict[tuple[str, object], list[int]] = {}
    for number, item in enumerate(items):
        for key in _natural_keys(item.event):
            by_key.setdefault(key, []).append(number)
    for numbers in by_key.values():
        for at, first in enumerate(numbers):
            for second in numbers[at + 1 :]:
                if items[first].source != items[second].source:
                    yield first, second


def _natural_keys(event: Event) -> Iterator[tuple[str, object]]:
    if event.series is not None:
        return  # an override goes with its series (`_join_overrides`), its uid is the series'
    if event.uid is not None:
        yield "uid", event.uid
    if event.vote is not None and event.vote.resolution is not None:
        yield "resolution", " ".join(event.vote.resolution.casefold().split())
    if event.repeats is not None:
        yield "series", (event.repeats, event.when)


def _date_block(items: Sequence[Item]) -> Iterator[tuple[int, int]]:
    """Pairs of plain events of different inputs whose spans (with slack) overlap: a sweep
    over the events sorted by first day, each compared with those still open."""
    spans = []
    for number, item in enumerate(items):
        event = item.event
        if event.repeats is not None or event.series is not None:
            continue  # a series joins by uid or its rule and start alone
        last = event.when.last_known_day
        first = event.when.first_day if event.when.first_day != date.min else last
        spans.append((_shifted(first, -SLACK), _shifted(last, SLACK), number))
    spans.sort()
    open_: list[tuple[date, int]] = []
    for first, last, number in spans:
        open_ = [(end, other) for end, other in open_ if end >= first]
        for _, other in open_:
            if items[other].source != items[number].source:
                yield (other, number) if other < number else (number, other)
        open_.append((last, number))


def _shifted(day: date, by: timedelta) -> date:
    try:
        return day + by
    except OverflowError:
        return day


#: A word: letters or digits (any script), read casefolded and cut to its first five letters,
#: so "Kazakhstan" and "Kazakh", "summits" and "summit" are one.
_WORD = re.compile(r"\w+")
_STEM = 5
_COMMON_WORDS = (
    "the an of in on at to and for with by from as is its his her their after over into"
    " und der die das le la les de des du et на по"
)
_COMMON = frozenset(_COMMON_WORDS.split())


def _stems(text: str) -> frozenset[str]:
    return frozenset(
        word[:_STEM]
        for word in _WORD.findall(text.casefold())
        if len(word) > 1 and word not in _COMMON
    )


@dataclass(frozen=True, slots=True)
class _Profile:
    """What scoring asks of one event, worked out once: its words, their weight, its days."""

    words: frozenset[str]
    weight: float
    title: str
    whole: str
    first: date
    last: date
    participants: frozenset[str]


class _Scoring:
    """Scores pairs of the items, weighing a shared word by how rare it is among all of them
    (so "CICA" tells more than "summit"): the vocabulary is every input's, in no order."""

    def __init__(self, items: Sequence[Item], place: SamePlace) -> None:
        self.items, self.place = items, place
        words = [_stems(f"{i.event.title} {i.event.summary}") for i in items]
        counts: dict[str, int] = {}
        for each in words:
            for word in each:
                counts[word] = counts.get(word, 0) + 1
        total = len(items) + 1
        self.weight = {word: math.log(total / count) + 0.5 for word, count in counts.items()}
        self.profiles = [self._profile(i.event, w) for i, w in zip(items, words, strict=True)]

    def _profile(self, event: Event, words: frozenset[str]) -> _Profile:
        title = utils.default_process(event.title)
        whole = utils.default_process(f"{event.title} {event.summary}") if event.summary else ""
        weight = sum(self.weight[word] for word in words)
        when = event.when
        participants = frozenset(event.participants)
        return _Profile(
            words, weight, title, whole, when.first_day, when.last_known_day, participants
        )

    def score(self, first: int, second: int) -> float:
        """How likely two events of overlapping dates are one happening, from 0 to about 1.

        Words weigh most (rapidfuzz's ratios, and the weighted share of the rarer words);
        kinds, place, participants and how closely the dates agree add or take away. A
        different specific kind (a summit and a visit) costs much but does not forbid.
        """
        a, b = self.items[first].event, self.items[second].event
        one, other = self.profiles[first], self.profiles[second]
        if a.id == b.id and a == b:
            return 1.5  # the same event twice (merge(a, a)): above any pair that only resembles
        score = 0.6 * (_words(one, other) + self._rare(one, other)) / 2 + 0.15 * _dates(one, other)
        score += 0.12 * _participants(one, other) + 0.13 * _place(self.place(a.place, b.place))
        if a.kind is not b.kind and Kind.OTHER not in (a.kind, b.kind):
            score -= 0.25
        if a.id == b.id:
            score += 0.05
        return score

    def _rare(self, one: _Profile, other: _Profile) -> float:
        """The weight of the words both use, against the lighter of the two."""
        least = min(one.weight, other.weight)
        if not least:
            return 0.0
        return sum(self.weight[word] for word in one.words & other.words) / least


def _words(one: _Profile, other: _Profile) -> float:
    """Title against title, and title with summary against the same, the better of the two."""
    titles = fuzz.token_set_ratio(one.title, other.title)
    sorted_ = fuzz.token_sort_ratio(one.title, other.title)
    title = (titles + sorted_) / 200
    if not one.whole or not other.whole:
        return title
    return max(title, fuzz.token_set_ratio(one.whole, other.whole) / 100)


def _dates(one: _Profile, other: _Profile) -> float:
    """1 for the same days, 0.7 when one holds the other, 0.4 when they overlap, 0 when only
    the slack brings them together (-1 for a day or more apart, which a time zone cannot do),
    -0.5 when one lasts months and the other a fraction of it."""
    if one.last < other.first or other.last < one.first:
        gap = max(other.first - one.last, one.first - other.last)
        return 0.0 if gap <= SLACK else -1.0
    if (one.first, one.last) == (other.first, other.last):
        return 1.0
    widths = sorted(((one.last - one.first).days + 1, (other.last - other.first).days + 1))
    if widths[1] > _LONG and widths[0] * 4 < widths[1]:
        return -0.5  # a day inside an era or a year is not that era
    if one.first <= other.first and other.last <= one.last:
        return 0.7
    if other.first <= one.first and one.last <= other.last:
        return 0.7
    return 0.4


def _participants(one: _Profile, other: _Profile) -> float:
    if not one.participants or not other.participants:
        return 0.5
    return len(one.participants & other.participants) / len(one.participants | other.participants)


def _place(same: bool | None) -> float:
    return 0.5 if same is None else float(same)


class _Groups:
    """Union-find over items, refusing a union that would hold two events of one input."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self.parent = list(range(len(items)))
        self.sources = [{item.source} for item in items]

    def root(self, number: int) -> int:
        while self.parent[number] != number:
            self.parent[number] = self.parent[self.parent[number]]
            number = self.parent[number]
        return number

    def join(self, first: int, second: int) -> bool:
        one, other = self.root(first), self.root(second)
        if one == other or self.sources[one] & self.sources[other]:
            return False
        low, high = min(one, other), max(one, other)
        self.parent[high] = low
        self.sources[low] |= self.sources[high]
        return True

    def listed(self) -> list[list[int]]:
        grouped: dict[int, list[int]] = {}
        for number in range(len(self.items)):
            grouped.setdefault(self.root(number), []).append(number)
        return list(grouped.values())


def _join_overrides(items: Sequence[Item], groups: _Groups) -> None:
    """An override joins the override of the same occurrence of a series joined to its own."""
    series_at = {
        (item.source, item.event.id): number
        for number, item in enumerate(items)
        if item.event.repeats is not None
    }
    by_occurrence: dict[tuple[int, object], list[int]] = {}
    for number, item in enumerate(items):
        series = series_at.get((item.source, item.event.series or ""))
        if series is not None:
            key = (groups.root(series), item.event.occurrence)
            by_occurrence.setdefault(key, []).append(number)
    for numbers in by_occurrence.values():
        for other in numbers[1:]:
            groups.join(numbers[0], other)
