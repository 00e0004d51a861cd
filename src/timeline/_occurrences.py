"""A series' occurrences in a window, computed when asked: a series is stored as its rule.

dateutil's `rruleset` computes the rule's starts (RRULE, RDATE, EXDATE); an event naming the
series and one of those starts (`occurrence`) takes that occurrence's place, moved, changed or
cancelled.

dateutil walks every start from DTSTART to the window, so a rule repeating every second since
1970 would take an hour to reach 2020. Each rule's DTSTART is first moved by whole repeats of the
rule to the last one before the window (`_jumped`), which leaves every later start where it was:
the cost no longer depends on how long ago the series began. A rule that cannot be moved exactly
(a COUNT with BY parts) is walked, unless more than `WALK_LIMIT` repeats lie before the window:
then nothing is listed and `Occurrences.unwalked` says how many. A rule whose BYMONTH and
BYMONTHDAY name no day of any year (30 February) gives nothing, where dateutil would step on to
the year 9999.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING, cast

from timeline._when import Point, Precision, When

if TYPE_CHECKING:
    from dateutil.rrule import rrule, rruleset

    from timeline._model import Event, Timeline

__all__ = [
    "LIMIT",
    "WALK_LIMIT",
    "Occurrence",
    "Occurrences",
    "fitted",
    "names_no_day",
    "occurrences",
    "occurrences_of",
]

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
    #: About how many repeats lay between DTSTART and the window when too many to walk (more
    #: than `WALK_LIMIT`, for a rule that cannot be moved exactly): then nothing is listed.
    unwalked: int = 0

    def __iter__(self) -> Iterator[Occurrence]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _wall(value: date | datetime) -> datetime:
    """A start as dateutil steps it: a day at midnight."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def fitted(value: date, start: date) -> date:
    """A date of a series (an extra, a skipped or an original start) in the form of its
    start, so it names a start the rule gives: a day for a day, a time in the start's zone for
    a time (a floating one read there; a day under a timed start at its time of day)."""
    if not isinstance(start, datetime):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        return datetime.combine(value, start.timetz())
    if start.tzinfo is None:
        return value.replace(tzinfo=None)
    if value.tzinfo is None:
        return value.replace(tzinfo=start.tzinfo)
    return value.astimezone(start.tzinfo)


def _rule_for(rule: str, start: datetime, timed: bool = True) -> str:
    """An UNTIL in UTC under a floating start, or a plain one under a zoned start, made to
    match: dateutil refuses the mix that RFC 5545 files often have. A date UNTIL under a timed
    start runs to the end of its day; under a series of days, it is that day (its midnight)."""
    parts = rule.split(";")
    for index, part in enumerate(parts):
        if not part.startswith("UNTIL="):
            continue
        value = part[len("UNTIL=") :]
        if len(value) == 8:  # a date: to the end of that day, or that day
            value += "T235959" if timed else "T000000"
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


#: The fixed step of each frequency, in wall-clock time (dateutil steps naive local times).
_STEPS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
_MONTHS = {"MONTHLY": 1, "YEARLY": 12}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
_BY_ALL = (*_BY_PARTS, "BYMONTH", "BYSETPOS")


def _parts(rule: str) -> dict[str, str]:
    """A rule's parts by name (the model checked it: NAME=VALUE, each once)."""
    return dict(part.partition("=")[::2] for part in rule.split(";") if part)


def _text(parts: dict[str, str]) -> str:
    return ";".join(f"{name}={value}" for name, value in parts.items())


def _frequency(parts: dict[str, str]) -> tuple[str, int]:
    """The rule's FREQ and INTERVAL (1 when absent, 0 when unreadable: never jumped)."""
    interval = parts.get("INTERVAL", "1")
    return parts.get("FREQ", ""), int(interval) if interval.isdigit() else 0


def _whole_steps(begin: datetime, before: datetime, parts: dict[str, str]) -> int | None:
    """How many whole repeats k of the rule put `begin + k * step` at or before `before` (at
    most COUNT - 1: a series that ended before the window keeps its last repeat); None for a
    frequency that cannot be stepped exactly."""
    from dateutil.relativedelta import relativedelta  # on first use, as rrule

    count = parts.get("COUNT")
    most = int(count) - 1 if count is not None and count.isdigit() else None
    frequency, interval = _frequency(parts)
    if interval < 1:
        return None
    if frequency in _STEPS:
        # wall-clock time, as dateutil steps: a day is a day across a change of offset
        span = before.replace(tzinfo=None) - begin.replace(tzinfo=None)
        steps = span // (_STEPS[frequency] * interval)
    elif frequency in _MONTHS:
        months = _MONTHS[frequency] * interval
        steps = ((before.year - begin.year) * 12 + before.month - begin.month) // months
        if begin + relativedelta(months=steps * months) > before:
            steps -= 1  # the same month, but a later day or time
    else:
        return None
    return steps if most is None else min(steps, most)


def _pinned(parts: dict[str, str], begin: datetime, steps: int) -> dict[str, str] | None:
    """The rule as it reads `steps` repeats on: COUNT lessened by them, and the day of the
    month (and the month) that DTSTART stood for written out, since a moved DTSTART (31 January
    moved a month is 28 February) would otherwise change them. None when a COUNT cannot be
    lessened exactly: with BY parts, or by months (31 February is skipped), a repeat may give
    no occurrence, or several."""
    pinned = dict(parts)
    frequency = _frequency(parts)[0]
    if "COUNT" in pinned:
        if frequency not in _STEPS or any(part in pinned for part in _BY_ALL):
            return None
        pinned["COUNT"] = str(int(pinned["COUNT"]) - steps)
    if frequency in _MONTHS and not any(
        part in pinned for part in ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO")
    ):
        pinned["BYMONTHDAY"] = str(begin.day)
        if frequency == "YEARLY" and "BYMONTH" not in pinned:
            pinned["BYMONTH"] = str(begin.month)
    return pinned


def _jumped(rule: str, begin: datetime, first: date) -> tuple[str, datetime]:
    """The rule and its DTSTART moved by whole repeats to the last one before the day `first`;
    as they were when nothing can be skipped exactly or there is nothing to skip. The moved
    start is one the rule gives, so dateutil yields it only where the rule would have."""
    from dateutil.relativedelta import relativedelta

    if first <= begin.date():
        return rule, begin
    before = datetime.combine(first - timedelta(days=1), time(23, 59, 59), begin.tzinfo)
    if begin >= before:
        return rule, begin
    parts = _parts(rule)
    steps = _whole_steps(begin, before, parts)
    if steps is None or steps <= 0:
        return rule, begin
    pinned = _pinned(parts, begin, steps)
    if pinned is None:
        return rule, begin
    frequency, interval = _frequency(parts)
    if frequency in _STEPS:
        return _text(pinned), begin + _STEPS[frequency] * interval * steps
    return _text(pinned), begin + relativedelta(months=_MONTHS[frequency] * interval * steps)


def names_no_day(rule: str) -> bool:
    """Whether BYMONTH and BYMONTHDAY together name no day of any year (30 February): dateutil
    then steps on, finding nothing, to the year 9999, some ten seconds for every-second rules."""
    parts = _parts(rule)
    try:
        months = [int(month) for month in parts.get("BYMONTH", "").split(",") if month]
        days = [abs(int(day)) for day in parts.get("BYMONTHDAY", "").split(",") if day]
        lengths = [_MONTH_DAYS[month - 1] for month in months or range(1, 13)]
    except (ValueError, IndexError):
        return False  # the model's check let it through: dateutil says what it makes of it
    return bool(days) and not any(0 < day <= length for day in days for length in lengths)


def _repeats_before(rule: str, begin: datetime, first: date) -> int:
    """About how many repeats of the rule lie between `begin` and the day `first`: what
    dateutil steps through, one by one, before it reaches the window."""
    if begin.date() >= first:
        return 0
    frequency, interval = _frequency(_parts(rule))
    days = (first - begin.date()).days
    if frequency in _STEPS:
        return days * timedelta(days=1) // (_STEPS[frequency] * max(interval, 1))
    if frequency in _MONTHS:
        return days // (30 * _MONTHS[frequency] * max(interval, 1))
    return 0


def _rule_set(series: Event, first: date) -> tuple[rruleset, int]:
    """The series' starts, each rule moved to the window; with the repeats that would have to
    be walked (nothing is then given) when more than `WALK_LIMIT`, else 0."""
    from dateutil.rrule import rruleset, rrulestr  # on first use: dateutil brings six

    repeats = series.repeats
    assert repeats is not None  # only series are expanded
    start = _wall(series.when.start_point.value)
    found = rruleset()
    found.rdate(start)  # RFC 5545: DTSTART is the first instance, whatever the rule
    unwalked = 0
    for written in repeats.rule:
        if names_no_day(written):
            continue
        timed = isinstance(series.when.start_point.value, datetime)
        rule, begin = _jumped(_rule_for(written, start, timed), start, first)
        walk = _repeats_before(rule, begin, first)
        if walk > WALK_LIMIT:
            unwalked = max(unwalked, walk)
            continue
        try:
            found.rrule(cast("rrule", rrulestr(rule, dtstart=begin)))
        except ValueError:  # "byxxx generates an empty set": from this start it never repeats
            continue  # (FREQ=HOURLY;INTERVAL=9;BYHOUR=9 from 10:00), as RFC 5545 reads it
    for extra in repeats.also:
        found.rdate(_wall(fitted(extra.start_point.value, start)))
    for left_out in repeats.skip:
        found.exdate(_wall(fitted(left_out.start_point.value, start)))
    return (rruleset(), unwalked) if unwalked else (found, 0)


def _length(when: When) -> timedelta:
    if when.end_point is None:
        return timedelta(0)
    return _wall(when.end_point.value) - _wall(when.start_point.value)


def _point(value: date | datetime, precision: Precision) -> Point:
    """A point of an occurrence at the series' precision, to the second where a rule
    (BYSECOND, SECONDLY) gives it seconds that a series starting on the minute had not."""
    if precision is Precision.MINUTE and isinstance(value, datetime) and value.second:
        precision = Precision.SECOND
    return Point(value, precision)


def _when_at(series: When, start: datetime) -> When:
    """The series' `when` moved to `start`, keeping its precision and its length."""
    point = series.start_point
    value: date | datetime = start if isinstance(point.value, datetime) else start.date()
    first = _point(value, point.precision)
    if series.end_point is None:
        return When(first)
    end = start + _length(series)
    end_value: date | datetime = end if isinstance(point.value, datetime) else end.date()
    return When(first, _point(end_value, series.end_point.precision))


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
    starts, unwalked = _rule_set(series, first)
    if unwalked:
        return Occurrences((), capped=True, unwalked=unwalked)
    for start in islice(starts, WALK_LIMIT):
        walked += 1
        day = start.date()
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
