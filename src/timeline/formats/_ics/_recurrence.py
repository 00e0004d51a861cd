"""Repeating events read as series: one event with its rule, and the VEVENTs that change one
occurrence of it.

A series (a VEVENT with RRULE or RDATE) is kept as its rule, never expanded at read time:
`timeline._occurrences` computes its occurrences for a window when asked. What is read here: which
VEVENTs are series and which change one of their occurrences (RECURRENCE-ID, sharing the series'
UID), and the fault of files RFC 5545 settles: a rule whose UNTIL falls before DTSTART repeats
nothing, but DTSTART is still the first instance (recurring-ical-events dropped the series).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

import icalendar

__all__ = ["Series", "expired", "group", "value_of", "whole"]


@dataclass(slots=True)
class Series:
    """The VEVENTs of one UID that repeat: the master (with its ordinal) and its overrides,
    each with its ordinal in the file."""

    uid: str
    master: icalendar.Component
    ordinal: int
    overrides: list[tuple[int, icalendar.Component]] = field(default_factory=list)


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
        if series is None or component is series.master:
            if series is None:
                singles.append((ordinal, component))
        elif "RECURRENCE-ID" in component:
            if "DTSTART" not in component:  # an override that moves nothing (iTIP CANCEL)
                component["DTSTART"] = component["RECURRENCE-ID"]
            series.overrides.append((ordinal, component))
        else:
            singles.append((ordinal, component))
    return singles, list(masters.values())


def whole(component: icalendar.Component, override: bool) -> icalendar.Component:
    """A VEVENT parsed whole after its stub was grouped (`_pieces`): an override that moves
    nothing takes its RECURRENCE-ID as DTSTART, as `group` gave its stub."""
    if override and "DTSTART" not in component:
        component["DTSTART"] = component["RECURRENCE-ID"]
    return component


def value_of(prop: object) -> object:
    """A date property's value, or None where icalendar kept it aside as broken."""
    if prop is None or isinstance(prop, icalendar.prop.vBroken):
        return None
    return getattr(prop, "dt", None)


def _part(rule: icalendar.vRecur, name: str) -> list[object]:
    """A rule part as a list: parsed rules hold lists, rules built in code may hold one value."""
    value = rule.get(name)
    return [] if value is None else list(value) if isinstance(value, list | tuple) else [value]


def _moments(first: date, second: date) -> tuple[datetime, datetime]:
    """Both as datetimes that compare, as recurring-ical-events compares them: a date is its
    midnight, and a floating time takes the other's zone."""
    one, two = (
        value if isinstance(value, datetime) else datetime.combine(value, time())
        for value in (first, second)
    )
    if one.tzinfo is None and two.tzinfo is not None:
        one = one.replace(tzinfo=two.tzinfo)
    elif two.tzinfo is None and one.tzinfo is not None:
        two = two.replace(tzinfo=one.tzinfo)
    return one, two


def _written(value: date) -> str:
    """A date or date-time as a calendar writes it (20140401T000000Z)."""
    text = icalendar.vDDDTypes(value).to_ical()
    return text.decode() if isinstance(text, bytes) else str(text)


def expired(master: icalendar.Component) -> list[str]:
    """The UNTIL (as written) of each of the master's rules that ends before its DTSTART: such
    a rule gives no repeat, but RFC 5545 still counts DTSTART as the first instance."""
    begin = value_of(master.get("DTSTART"))
    rules = master.get("RRULE")
    rules = rules if isinstance(rules, list) else [] if rules is None else [rules]
    if not isinstance(begin, date):
        return []
    found: list[str] = []
    for rule in rules:
        until = _part(rule, "UNTIL")[:1]
        if until and isinstance(until[0], date):
            last, first = _moments(until[0], begin)
            if last < first:
                found.append(_written(until[0]))
    return found
