"""Likely mistakes: what a careful editor would query, though the data may be right.

Each finding is a warning, not an error (`timeline check --strict` makes them fail): a source
dated before the event it reports, a scheduled event already in the past, a time of day with no
zone, two events that look like one written twice, an occurrence or a skipped date that its
series' rule does not give, a part dated outside the whole it is `part-of`, a draft drafted
from an article and not yet rewritten (the tag `draft`). Like
`find_problems`, it returns (event index, problem) pairs so the loader can put a line on each.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from itertools import combinations
from operator import attrgetter, itemgetter

from timeline._errors import Location, Problem, ProblemCode
from timeline._model import Event, Status, reference_day
from timeline._when import When, ambiguities

__all__ = ["Placer", "likely_mistakes", "unplaced"]

#: (index of the event, its id, the field) -> where a finding is: the loader's places it in
#: its file and line at once, so a finding is located once, not made again located.
Placer = Callable[[int, str, str], Location]


def unplaced(_index: int, event_id: str, field: str) -> Location:
    """The placer of events with no file: the event and field alone."""
    return Location(event_id=event_id, field=field)


_WRITE_THE_DATE = "write the date (and time) itself, as in 2022-10-21 or 2022-11-08T00:00"

#: The tag of an event drafted from an article (`timeline draft`), reported until removed.
DRAFT_TAG = "draft"

#: How alike two titles must be (difflib's ratio) for two events of one day to look like one.
TITLES_ALIKE = 0.8
#: Titles up to this long are compared by difflib's ratio, whose cost grows with the square of
#: their length (12 titles of 16,000 characters, each a shuffle of the others, took 30 s);
#: longer ones by the three-letter runs they share, in time linear in their length.
EXACT_UP_TO = 300
#: A day with more events than this is compared by exact title only: a chronology seldom has
#: a dozen events on one day, an imported calendar feed may have hundreds.
CROWDED_DAY = 12
#: How much two participant lists must share (of their union) for the same.
PARTICIPANTS_ALIKE = 0.8


def likely_mistakes(
    events: Sequence[Event], updated: date | None, at: Placer = unplaced
) -> list[tuple[int, Problem]]:
    """Every finding, in the order of the events, each placed by `at`."""
    found: list[tuple[int, Problem]] = []
    for index, event in enumerate(events):
        for code, field, message, hint in _dating(event, updated):
            where = at(index, event.id, field)  # a reader words FLOATING's hint
            found.append((index, Problem(message, where, hint, code)))
    found.extend(_look_alike(events, at))
    found.extend(_off_the_rule(events, at))
    found.extend(_outside_the_whole(events, at))
    found.sort(key=itemgetter(0))
    return found


def _dating(event: Event, updated: date | None) -> list[tuple[ProblemCode, str, str, str]]:
    found = []
    if event.when.floating:
        found.append(
            (
                ProblemCode.FLOATING,
                "when",
                f"{event.when.human()} has no zone: a calendar shows a floating time at that "
                "clock time wherever its reader is",
                'if it was local to a place, add timezone = "Asia/Almaty" (or another IANA '
                "zone) to the event, its place or the timeline, or write the zone with the "
                "time, as in 2022-10-13T09:50[Asia/Almaty]",
            )
        )
    if event.when_text is not None:
        first = event.sources[0].published if event.sources else None
        for message in ambiguities(event.when_text, reference_day(event.as_of, first)):
            found.append((ProblemCode.AMBIGUOUS, "when", message, _WRITE_THE_DATE))
    if DRAFT_TAG in event.tags:
        found.append(
            (
                ProblemCode.DRAFT,
                "tags",
                "a draft from an article, not yet checked and rewritten by a person",
                f"check the date, kind, place and participants, write the title and summary, "
                f"then remove the tag {DRAFT_TAG!r}",
            )
        )
    start = event.when.first_day
    if event.status is Status.OCCURRED:
        for number, source in enumerate(event.sources):
            published = source.published
            if published is not None and published.last_day < start:
                found.append(
                    (
                        ProblemCode.EARLY_SOURCE,
                        f"sources[{number}].published",
                        f"the source was published {published.human()}, before the event it "
                        f"reports as occurred ({event.when.human()})",
                        "check both dates; an article written ahead of the event makes it "
                        "status 'scheduled'",
                    )
                )
    if event.status is Status.SCHEDULED and updated is not None and event.when.last_day < updated:
        found.append(
            (
                ProblemCode.STALE_STATUS,
                "status",
                f"still 'scheduled', but dated {event.when.human()}, before the timeline's "
                f"updated date {updated.isoformat()}",
                "say whether it occurred, was cancelled or was postponed",
            )
        )
    return found


def _off_the_rule(events: Sequence[Event], at: Placer) -> list[tuple[int, Problem]]:
    """An occurrence, or a date a series skips, that the series' rule does not give (10:30
    where the rule says 10:00, a day where it gives times): it moves, cancels or leaves out
    nothing, silently, unless said."""
    series = {event.id: event for event in events if event.repeats is not None}
    found: list[tuple[int, Problem]] = []
    for index, event in enumerate(events):
        if event.repeats is not None and event.repeats.skip:
            rule_alone = event.model_copy(
                update={"repeats": event.repeats.model_copy(update={"skip": ()})}
            )
            for number, day in enumerate(event.repeats.skip):
                if not _given(rule_alone, day):
                    where = at(index, event.id, f"repeats.skip[{number}]")
                    found.append((index, _off(event, where, day, "skips")))
        owner = series.get(event.series) if event.series is not None else None
        if (
            owner is not None
            and event.occurrence is not None
            and not _given(owner, event.occurrence)
        ):
            where = at(index, event.id, "occurrence")
            found.append((index, _off(owner, where, event.occurrence, "replaces")))
    return found


def _given(series: Event, start: When) -> bool:
    """Whether the series' rule (and other dates) give an occurrence starting at `start`."""
    from timeline._occurrences import occurrences_of  # on first use: dateutil is slow to import

    day = start.first_day
    listed = occurrences_of(series, day - timedelta(days=1), day + timedelta(days=1))
    return any(each.original == start.start_point.value for each in listed)


def _off(series: Event, where: Location, start: When, does: str) -> Problem:
    """The problem of a start the rule of `series` does not give, at `where`."""
    message = f"{series.id!r} has no occurrence starting {start.human()}, so this {does} nothing"
    first = series.when.start_point
    kind = "the day and time of day" if first.precision.value in _TIMED else "the day"
    hint = f"write {kind} the rule gives it, as in the series' first: {When(first).human()}"
    return Problem(message, where, hint, ProblemCode.INCONSISTENT)


_TIMED = frozenset({"minute", "second"})


def _outside_the_whole(events: Sequence[Event], at: Placer) -> list[tuple[int, Problem]]:
    """A `part-of` link from an event dated outside the event it is part of (a summit's
    side meeting the day before the summit): one of the two dates, or the link, is wrong."""
    wholes = {link.target for event in events for link in event.links if link.rel == "part-of"}
    by_id: dict[str, Event] = {}  # the wholes alone: a table of every event is 50 MB a million
    for event in events:
        if event.id in wholes:
            by_id.setdefault(event.id, event)
    found: list[tuple[int, Problem]] = []
    for index, part in enumerate(events):
        for number, link in enumerate(part.links):
            whole = by_id.get(link.target)
            if link.rel != "part-of" or whole is None or _fits(part, whole):
                continue
            message = (
                f"part of {whole.id!r} ({whole.when.human()}), but dated "
                f"{part.when.human()}, outside it"
            )
            hint = (
                f"correct either date, widen {whole.id!r} if it includes this, or link them "
                "with another relation ('follows')"
            )
            where = at(index, part.id, f"links[{number}]")
            found.append((index, Problem(message, where, hint, ProblemCode.INCONSISTENT)))
    return found


def _fits(part: Event, whole: Event) -> bool:
    """Whether `part`'s days fall within `whole`'s, each at its precision (a month covers its
    days). What is not known is given the benefit of the doubt: an open or unknown end of the
    part, a date marked approximate or uncertain, and a series, whose `when` is only its first
    occurrence."""
    if part.repeats is not None or whole.repeats is not None:
        return True
    if _hedged(part.when) or _hedged(whole.when):
        return True
    starts_within = part.when.open_start is not None or part.when.first_day >= whole.when.first_day
    ends_within = part.when.open_end is not None or part.when.last_day <= whole.when.last_day
    return starts_within and ends_within


def _hedged(when: When) -> bool:
    return when.approximate or when.uncertain


#: What a look-alike says, after the id of the event it looks like: the words are made once,
#: not for each of thousands of copies.
_SAME_TITLE = ": the same dates and mostly the same title"
_SAME_PARTICIPANTS = ": the same dates and mostly the same kind and participants"
_LOOK_ALIKE_HINT = "if both are one event, keep one; if not, link them or tell them apart"


def _look_alike(events: Sequence[Event], at: Placer) -> list[tuple[int, Problem]]:
    """Pairs of one day whose titles, or kind and participants, are mostly the same."""
    by_day: dict[tuple[date, date], list[int]] = {}
    for index, event in enumerate(events):
        when = event.when
        by_day.setdefault((when.first_day, when.last_day), []).append(index)
    found: list[tuple[int, Problem]] = []
    told: set[int] = set()  # each event is said to look like one other, not like all of them
    titles = _Titles(events)
    code = ProblemCode.LOOK_ALIKE
    #: What is said of each event looked like, by title or not: a day's copies of one event
    #: all look like its first, and are told so in the same words, made once.
    said: dict[tuple[int, bool], str] = {}
    for indexes in by_day.values():
        for first, second, same in _pairs(events, indexes):
            one, other = events[first], events[second]
            if second in told or ((one.links or other.links) and _linked(one, other)):
                continue
            same_title = same or titles.alike(first, second)
            if not same_title and not _participants_alike(one, other):
                continue
            told.add(second)
            where = at(second, other.id, "id")
            message = said.get((first, same_title))
            if message is None:
                message = said[first, same_title] = f"looks like {one.id!r}" + (
                    _SAME_TITLE if same_title else _SAME_PARTICIPANTS
                )
            found.append((second, Problem(message, where, _LOOK_ALIKE_HINT, code)))
    return found


def _pairs(events: Sequence[Event], indexes: list[int]) -> Iterator[tuple[int, int, bool]]:
    """Every pair of a day's events, and whether their titles are known to be the same; on a
    crowded day (an imported calendar's busiest), only pairs with the same title, so the check
    stays linear instead of quadratic."""
    if len(indexes) <= CROWDED_DAY:
        for first, second in combinations(indexes, 2):
            yield first, second, False
        return
    first_with: dict[str, int] = {}
    for index in indexes:
        first = first_with.setdefault(events[index].title.casefold(), index)
        if first != index:
            yield first, index, True


def _linked(one: Event, other: Event) -> bool:
    """Whether either links to the other (searched in C: asked of thousands of look-alikes
    that link elsewhere)."""
    return other.id in map(_TARGET, one.links) or one.id in map(_TARGET, other.links)


_TARGET = attrgetter("target")


def _participants_alike(one: Event, other: Event) -> bool:
    if one.kind is not other.kind or not one.participants or not other.participants:
        return False
    mine, theirs = set(one.participants), set(other.participants)
    return len(mine & theirs) / len(mine | theirs) >= PARTICIPANTS_ALIKE


class _Titles:
    """The titles of one check, each folded and counted once however many it is compared with.

    Short titles go through difflib's ratio after its two quick bounds; a long one, whose
    ratio costs the square of its length, through the same bounds computed from counts
    (lengths, then the letters two titles share) and then the three-letter runs they share.
    All of it is linear in the titles' length.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.folded: dict[int, str] = {}
        self.counts: dict[int, tuple[Counter[str], Counter[str]]] = {}

    def fold(self, index: int) -> str:
        folded = self.folded.get(index)
        if folded is None:
            folded = self.folded[index] = self.events[index].title.casefold()
        return folded

    def count(self, index: int) -> tuple[Counter[str], Counter[str]]:
        """The title's letters and its three-letter runs."""
        if index not in self.counts:
            text = self.fold(index)
            runs = Counter(text[start : start + 3] for start in range(len(text) - 2))
            self.counts[index] = Counter(text), runs
        return self.counts[index]

    def alike(self, first: int, second: int) -> bool:
        mine, theirs = self.fold(first), self.fold(second)
        if mine == theirs:  # a title written twice: any measure says alike, and none need run
            return True
        if max(len(mine), len(theirs)) <= EXACT_UP_TO:
            matcher = difflib.SequenceMatcher(None, mine, theirs)
            # the quick bounds first: most titles of one day are nothing alike
            return (
                matcher.real_quick_ratio() >= TITLES_ALIKE
                and matcher.quick_ratio() >= TITLES_ALIKE
                and matcher.ratio() >= TITLES_ALIKE
            )
        if _dice(len(mine), len(theirs), min(len(mine), len(theirs))) < TITLES_ALIKE:
            return False
        (letters, runs), (their_letters, their_runs) = self.count(first), self.count(second)
        shared = (letters & their_letters).total()
        if _dice(len(mine), len(theirs), shared) < TITLES_ALIKE:
            return False
        return _dice(runs.total(), their_runs.total(), (runs & their_runs).total()) >= TITLES_ALIKE


def _dice(size: int, other_size: int, shared: int) -> float:
    """Twice what two collections share, of their sizes together: difflib's ratio is this
    for the characters in matching blocks."""
    return 2 * shared / (size + other_size) if size + other_size else 1.0
