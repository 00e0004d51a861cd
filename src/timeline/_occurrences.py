"""A series' occurrences in a window, computed when asked: a series is stored as its rule.

dateutil's `rruleset` computes the rule's starts (RRULE, RDATE, EXDATE); an event naming the
series and one of those starts (`occurrence`) takes that occurrence's place, moved, changed or
cancelled. Starts are walked from the series' first, so the walk is capped (`WALK_LIMIT`): a rule
that repeats every second since 1970 gives a bounded answer, not a hang.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING, cast

from timeline._when import Point, When

if TYPE_CHECKING:
    from dateutil.rrule import rrule, rruleset

    from timeline._model import Event, Timeline

__all__ = ["LIMIT", "WALK_LIMIT", "Occurrence", "Occurrences", "occurrences", "occurrences_of"]

#: Occurrences listed from one series at most.
LIMIT = 2000
#: Starts walked from the series' first to reach the window, at most (about a second).
WALK_LIMIT = 2_000_000


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a series: where it falls, and the event that says what it is."""

    #: When this occurrence takes place (where an override moved it).
    when: When
    #: The event to show: the override that replaces this occurrence, else the series itself.
    event: Event
    #: The series it belongs to.
    series: Event
    #: The start the rule gave it (RFC 5545's RECURRENCE-ID).
    original: date | datetime


@dataclass(frozen=True, slots=True)
class Occurrences:
    """A window's occurrences in order, and whether any were left out by a cap."""

    items: tuple[Occurrence, ...]
    #: True when `LIMIT` or `WALK_LIMIT` stopped the listing before the window's end.
    capped: bool = False

    def __iter__(self) -> Iterator[Occurrence]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _wall(value: date | datetime) -> datetime:
    """A start as dateutil steps it: a day at midnight."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def _rule_for(rule: str, start: datetime) -> str:
    """An UNTIL in UTC under a floating start, or a plain one under a zoned start, made to
    match: dateutil refuses the mix that RFC 5545 files often have."""
    parts = rule.split(";")
    for index, part in enumerate(parts):
        if not part.startswith("UNTIL="):
            continue
        value = part[len("UNTIL=") :]
        if len(value) == 8:  # a date: to the end of that day
            value += "T235959"
        until = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
        if value.endswith("Z"):
            until = until.replace(tzinfo=UTC)
        if start.tzinfo is None and until.tzinfo is not None:
            until = until.replace(tzinfo=None)
        elif start.tzinfo is not None and until.tzinfo is None:
            until = until.replace(tzinfo=start.tzinfo).astimezone(UTC)
        text = until.strftime("%Y%m%dT%H%M%S") + ("Z" if until.tzinfo is not None else "")
        parts[index] = f"UNTIL={text}"
    return ";".join(parts)


def _rule_set(series: Event) -> rruleset:
    from dateutil.rrule import rruleset, rrulestr  # on first use: dateutil brings six

    repeats = series.repeats
    assert repeats is not None  # only series are expanded
    start = _wall(series.when.start_point.value)
    found = rruleset()
    found.rdate(start)  # RFC 5545: DTSTART is the first instance, whatever the rule
    for rule in repeats.rule:
        found.rrule(cast("rrule", rrulestr(_rule_for(rule, start), dtstart=start)))
    for extra in repeats.also:
        found.rdate(_wall(extra.start_point.value))
    for left_out in repeats.skip:
        found.exdate(_wall(left_out.start_point.value))
    return found


def _length(when: When) -> timedelta:
    if when.end_point is None:
        return timedelta(0)
    return _wall(when.end_point.value) - _wall(when.start_point.value)


def _when_at(series: When, start: datetime) -> When:
    """The series' `when` moved to `start`, keeping its precision and its length."""
    point = series.start_point
    value: date | datetime = start if isinstance(point.value, datetime) else start.date()
    first = Point(value, point.precision)
    if series.end_point is None:
        return When(first)
    end = start + _length(series)
    end_value: date | datetime = end if isinstance(point.value, datetime) else end.date()
    return When(first, Point(end_value, series.end_point.precision))


def _day_of(value: datetime) -> date:
    return value.date()


def occurrences_of(
    series: Event,
    first: date,
    last: date,
    overrides: Sequence[Event] = (),
    limit: int = LIMIT,
) -> Occurrences:
    """The occurrences of `series` that start from `first` through `last` (days, inclusive),
    each replaced by the override that names its start, at most `limit` of them."""
    timed = isinstance(series.when.start_point.value, datetime)
    by_start: Mapping[date | datetime, Event] = {
        override.occurrence.start_point.value: override
        for override in overrides
        if override.occurrence is not None
    }
    found: list[Occurrence] = []
    walked = 0
    for start in islice(_rule_set(series), WALK_LIMIT):
        walked += 1
        day = _day_of(start)
        if day > last:
            return Occurrences(tuple(found))
        if day < first:
            continue
        if len(found) >= limit:
            return Occurrences(tuple(found), capped=True)
        original: date | datetime = start if timed else start.date()
        replaced = by_start.get(original)
        when = replaced.when if replaced is not None else _when_at(series.when, start)
        found.append(Occurrence(when, replaced or series, series, original))
    return Occurrences(tuple(found), capped=walked >= WALK_LIMIT)


def occurrences(
    timeline: Timeline, first: date, last: date, limit: int = LIMIT
) -> dict[str, Occurrences]:
    """Every series' occurrences in the window, by the series' id."""
    overrides: dict[str, list[Event]] = {}
    for event in timeline:
        if event.series is not None:
            overrides.setdefault(event.series, []).append(event)
    return {
        event.id: occurrences_of(event, first, last, overrides.get(event.id, ()), limit)
        for event in timeline
        if event.repeats is not None
    }
