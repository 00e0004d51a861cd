"""Repeating events, expanded the way calendar apps show them, by recurring-ical-events.

A series (a VEVENT with RRULE or RDATE, and the VEVENTs sharing its UID that move or change one
occurrence) becomes one event per occurrence inside a window: EXDATEs and RECURRENCE-ID
overrides applied by recurring-ical-events, which builds on dateutil's rules. Without a window
from the caller, a series is read for its first two years; occurrences left out are counted in a
note, so nobody mistakes a window for the whole series.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

import icalendar
import recurring_ical_events
from dateutil.relativedelta import relativedelta

__all__ = ["DEFAULT_YEARS", "LIMIT", "Expanded", "Series", "expand", "group", "value_of"]

#: How much of a series is read when the caller gives no window.
DEFAULT_YEARS = 2
#: Occurrences read from one series at most, so a rule repeating every second cannot run away.
LIMIT = 2000
#: How far past the window occurrences are still counted for the note.
_COUNT_LIMIT = 1000


@dataclass(slots=True)
class Series:
    """The VEVENTs of one UID that repeat: the master (with its ordinal) and its overrides."""

    uid: str
    master: icalendar.Component
    ordinal: int
    components: list[icalendar.Component] = field(default_factory=list)


@dataclass(slots=True)
class Expanded:
    """A series' occurrences in the window, and what the note about the rest should say."""

    occurrences: list[icalendar.Component]
    first_day: date
    last_day: date
    left_out: int
    endless: bool


def _repeats(component: icalendar.Component) -> bool:
    return "RRULE" in component or "RDATE" in component


def group(
    components: Sequence[icalendar.Component],
) -> tuple[list[tuple[int, icalendar.Component]], list[Series]]:
    """(Single events with their ordinals, series): overrides join their series when it is in
    the file, and otherwise stand alone as events of their own."""
    # a repeating VEVENT without a UID, or a second one with the same UID, is a series of its own
    masters: dict[str, Series] = {}
    keys: list[str] = []
    for ordinal, component in enumerate(components):
        uid = str(component.get("UID", "")).strip()
        key = uid
        if _repeats(component) and "RECURRENCE-ID" not in component:
            if not uid or uid in masters:
                key = f"{uid}#{ordinal}"
            masters[key] = Series(uid or f"(no UID, VEVENT {ordinal + 1})", component, ordinal)
        keys.append(key)
    singles: list[tuple[int, icalendar.Component]] = []
    for ordinal, (key, component) in enumerate(zip(keys, components, strict=True)):
        series = masters.get(key)
        if series is None:
            singles.append((ordinal, component))
        elif component is series.master:
            series.components.append(component)
        elif "RECURRENCE-ID" in component:
            if "DTSTART" not in component:  # an override that moves nothing (iTIP CANCEL)
                component["DTSTART"] = component["RECURRENCE-ID"]
            series.components.append(component)
        else:
            singles.append((ordinal, component))
    return singles, list(masters.values())


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def value_of(prop: object) -> object:
    """A date property's value, or None where icalendar kept it aside as broken."""
    if prop is None or isinstance(prop, icalendar.prop.vBroken):
        return None
    return getattr(prop, "dt", None)


def _start_day(component: icalendar.Component) -> date | None:
    value = value_of(component.get("DTSTART"))
    return _day(value) if isinstance(value, date) else None


def _endless(master: icalendar.Component) -> bool:
    rules = master.get("RRULE")
    rules = rules if isinstance(rules, list) else [rules] if rules is not None else []
    return any("COUNT" not in rule and "UNTIL" not in rule for rule in rules)


def _occurrences(series: Series, after: date) -> Iterator[icalendar.Component]:
    calendar = icalendar.Calendar()
    calendar.subcomponents.extend(series.components)
    query = recurring_ical_events.of(calendar, skip_bad_series=False)
    # a datetime, not a date: `after` narrows its steps below a day, and a date plus twelve
    # hours is the same date, so from a date it would ask the same day forever
    yield from query.after(datetime.combine(after, time()))


def expand(series: Series, start: date | None, end: date | None) -> Expanded:
    """The series' occurrences starting from `start` through `end` (days, inclusive).

    Raises what recurring-ical-events or dateutil raise on a broken rule; the reader turns that
    into a located problem.
    """
    first = _start_day(series.master)
    if first is None:
        raise ValueError("the repeating event has no readable DTSTART")
    window_start = start or first
    window_end = end or (window_start + relativedelta(years=DEFAULT_YEARS) - relativedelta(days=1))
    endless = _endless(series.master)
    found: list[icalendar.Component] = []
    left_out = 0
    for occurrence in _occurrences(series, window_start):
        day = _start_day(occurrence)
        if day is None or day < window_start:
            continue
        if day > window_end or len(found) >= LIMIT:
            if endless and day > window_end:
                break  # the note says the series goes on without end: nothing to count
            left_out += 1
            if left_out >= _COUNT_LIMIT:
                break
            continue
        found.append(occurrence)
    if len(found) >= LIMIT:  # the note should say where reading stopped, not the window's end
        window_end = _start_day(found[-1]) or window_end
    return Expanded(found, window_start, window_end, left_out, endless)
