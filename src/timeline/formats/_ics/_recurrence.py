"""Repeating events, expanded the way calendar apps show them, by recurring-ical-events.

A series (a VEVENT with RRULE or RDATE, and the VEVENTs sharing its UID that move or change one
occurrence) becomes one event per occurrence inside a window: EXDATEs and RECURRENCE-ID
overrides applied by recurring-ical-events, which builds on dateutil's rules. Without a window
from the caller, a series is read for its first two years; occurrences left out are counted in a
note, so nobody mistakes a window for the whole series.

Neither library jumps: dateutil walks every occurrence from DTSTART to the window (and
recurring-ical-events asks it again for each slice of the window), so a rule repeating every
second since 1970 took an hour to reach 2020. `_jumped` moves DTSTART forward by whole repeats
of the rule to the day before the window first, which leaves every later occurrence where it
was: the cost no longer depends on how long ago the series began.

Before either, `_prepared` reads two faults of files as RFC 5545 and the single-event reader
read them: a rule whose UNTIL falls before DTSTART gives no repeat, but DTSTART is still the first
instance (recurring-ical-events dropped the series); and a DTSTART that is a date makes every
occurrence a day, even where DTEND is a date-time or DURATION has hours (recurring-ical-events
turned them into timed occurrences at midnight, in the X-WR-TIMEZONE zone where there is one).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import icalendar
import recurring_ical_events
from dateutil.relativedelta import relativedelta

__all__ = [
    "COUNT_LIMIT",
    "DEFAULT_YEARS",
    "FILE_LIMIT",
    "LIMIT",
    "WALK_LIMIT",
    "Expanded",
    "Series",
    "expand",
    "group",
    "value_of",
]

#: How much of a series is read when the caller gives no window.
DEFAULT_YEARS = 2
#: Occurrences read from one series at most, so a rule repeating every second cannot run away.
LIMIT = 2000
#: Occurrences read from one file at most: forty series of a rule repeating every second made
#: 80,000 events (68 s); a file's later series get what its earlier ones left.
FILE_LIMIT = 5000
#: How many occurrences past the cap are still counted for the note ("at least" beyond it).
COUNT_LIMIT = 100
#: Repeats of a rule walked to reach the window when DTSTART cannot be moved to it (a COUNT
#: with BY parts, several RRULEs): about a second of dateutil's stepping.
WALK_LIMIT = 2_000_000
#: How far past the window a finite series' occurrences are still counted for the note.
_COUNT_YEARS = 100

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
_SECOND, _MINUTE, _DAY = timedelta(seconds=1), timedelta(minutes=1), timedelta(days=1)
#: The occurrences one slice of the window is meant to hold, and where slicing ends.
_SLICE = 512
_LAST = datetime(9999, 12, 31)
_BY_PARTS = (
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
)


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
    #: The cap that stopped the reading (the series' or what the file had left), else None,
    #: and how many occurrences in the window it left out.
    capped: int | None = None
    over_cap: int = 0
    #: False when counting stopped at `COUNT_LIMIT`: more were left out than counted.
    counted_all: bool = True
    #: The repeats between DTSTART and the window when too many to walk: nothing was read.
    unwalked: int = 0
    #: The UNTIL of each rule left out for ending before DTSTART (as written), and whether
    #: DTSTART is then the series' only instance (no other rule, no RDATE).
    expired: list[str] = field(default_factory=list)
    only_start: bool = False


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


def _rules(master: icalendar.Component) -> list[icalendar.vRecur]:
    rules = master.get("RRULE")
    return rules if isinstance(rules, list) else [] if rules is None else [rules]


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


def _ends_before(rule: icalendar.vRecur, begin: date) -> bool:
    """Whether the rule's UNTIL falls before DTSTART: it gives no repeat at all."""
    until = _part(rule, "UNTIL")[:1]
    if not until or not isinstance(until[0], date):
        return False
    last, first = _moments(until[0], begin)
    return last < first


def _timed_end(master: icalendar.Component) -> bool:
    """Whether a master whose DTSTART is a date ends at a time of day: a DTEND that is a
    date-time, or a DURATION with hours (recurring-ical-events then times every occurrence)."""
    end, length = value_of(master.get("DTEND")), value_of(master.get("DURATION"))
    return isinstance(end, datetime) or (isinstance(length, timedelta) and bool(length % _DAY))


def _all_day_end(copy: icalendar.Component) -> None:
    """The end of a date DTSTART made whole days on `copy`, as the reader reads a single event:
    a DTEND that is a date-time is left out (one day), a DURATION keeps its whole days."""
    length = value_of(copy.get("DURATION"))
    if isinstance(value_of(copy.get("DTEND")), datetime):
        del copy["DTEND"]
    elif isinstance(length, timedelta):
        del copy["DURATION"]
        if length.days > 0:
            copy["DURATION"] = icalendar.vDDDTypes(timedelta(days=length.days))


def _prepared(series: Series) -> tuple[Series, list[str]]:
    """The series as RFC 5545 reads it: rules ending before DTSTART left out (returned, their
    UNTIL as written), and a date DTSTART's occurrences kept to days (`_all_day_end`). The
    file's own master is left alone: a copy is changed."""
    master = series.master
    begin = value_of(master.get("DTSTART"))
    if not isinstance(begin, date):
        return series, []
    rules = _rules(master)
    expired = [rule for rule in rules if _ends_before(rule, begin)]
    timed_end = not isinstance(begin, datetime) and _timed_end(master)
    if not expired and not timed_end:
        return series, []
    copy = master.copy()
    copy.subcomponents = list(master.subcomponents)
    if timed_end:
        _all_day_end(copy)
    if expired:
        del copy["RRULE"]
        for rule in rules:
            if not any(rule is each for each in expired):
                copy.add("RRULE", rule)
    components = [copy if component is master else component for component in series.components]
    written = [
        _written(until)
        for rule in expired
        for until in _part(rule, "UNTIL")[:1]
        if isinstance(until, date)
    ]
    return replace(series, master=copy, components=components), written


def _written(value: date) -> str:
    """A date or date-time as a calendar writes it (20140401T000000Z)."""
    text = icalendar.vDDDTypes(value).to_ical()
    return text.decode() if isinstance(text, bytes) else str(text)


def _rule_of(master: icalendar.Component) -> icalendar.vRecur | None:
    """The master's one RRULE, or None when it has none or several (these are walked)."""
    rules = master.get("RRULE")
    return rules if isinstance(rules, icalendar.vRecur) else None


def _part(rule: icalendar.vRecur, name: str) -> list[object]:
    """A rule part as a list: parsed rules hold lists, rules built in code may hold one value."""
    value = rule.get(name)
    return [] if value is None else list(value) if isinstance(value, list | tuple) else [value]


def _frequency(rule: icalendar.vRecur) -> tuple[str, int]:
    """The rule's FREQ and INTERVAL (1 when absent, 0 when unreadable: never jumped)."""
    frequency, interval = _part(rule, "FREQ")[:1], _part(rule, "INTERVAL")[:1]
    written = str(interval[0] if interval else 1)
    return str(frequency[0] if frequency else "").upper(), int(written) if written.isdigit() else 0


def _whole_steps(begin: date, before: date, rule: icalendar.vRecur) -> tuple[date, int] | None:
    """The last start `begin + k * step` of the rule at or before `before`, with k (at most
    COUNT - 1: a series that ended before the window keeps its last repeat); None for a
    frequency it cannot step exactly (below a day on a date, an unknown one)."""
    count = _part(rule, "COUNT")
    most = int(str(count[0])) - 1 if count else None
    frequency, interval = _frequency(rule)
    if interval < 1:
        return None
    if frequency in _STEPS:
        step = _STEPS[frequency] * interval
        if isinstance(begin, datetime) and isinstance(before, datetime):
            # wall-clock time, as dateutil steps: a day is a day across a change of offset
            span = before.replace(tzinfo=None) - begin.replace(tzinfo=None)
        elif step % timedelta(days=1):
            return None
        else:
            span = before - begin
        steps = span // step if most is None else min(span // step, most)
        return begin + steps * step, steps
    if frequency in _MONTHS:
        months = _MONTHS[frequency] * interval
        steps = ((before.year - begin.year) * 12 + before.month - begin.month) // months
        if begin + relativedelta(months=steps * months) > before:
            steps -= 1  # the same month, but a later day or time
        return begin + relativedelta(months=steps * months), steps
    return None


def _pinned(rule: icalendar.vRecur, begin: date, steps: int) -> icalendar.vRecur | None:
    """The rule as it reads `steps` repeats on: COUNT lessened by them, and the day of the
    month (and the month) that DTSTART stood for written out, since a moved DTSTART (31 January
    moved a month is 28 February) would otherwise change them. None when a COUNT cannot be
    lessened exactly: with BY parts, or by months (31 February is skipped), a repeat may give
    no occurrence, or several."""
    pinned = icalendar.vRecur({key: _part(rule, key) for key in rule})
    frequency = _frequency(rule)[0]
    if "COUNT" in pinned:
        if frequency not in _STEPS or any(part in pinned for part in _BY_PARTS):
            return None
        pinned["COUNT"] = [int(str(pinned["COUNT"][0])) - steps]
    if frequency in _MONTHS and not any(
        part in pinned for part in ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO")
    ):
        pinned["BYMONTHDAY"] = [begin.day]
        if frequency == "YEARLY" and "BYMONTH" not in pinned:
            pinned["BYMONTH"] = [begin.month]
    return pinned


def _jumped(series: Series, window_start: date) -> Series:
    """The series with its master's DTSTART moved by whole repeats of its rule to the last one
    before the window's first day, and DTEND with it; as it was when nothing can be skipped
    exactly (no RRULE or several, a COUNT with BY parts) or there is nothing to skip.

    The moved DTSTART is an occurrence to recurring-ical-events (RFC 5545 counts DTSTART first)
    even where the rule would not give it, but it falls on a day before the window, where
    nothing is kept. The file's own components are left as they were: the master is copied.
    """
    master = series.master
    rule = _rule_of(master)
    begin = value_of(master.get("DTSTART"))
    if rule is None or not isinstance(begin, date):
        return series
    before: date = window_start - timedelta(days=1)
    if isinstance(begin, datetime):
        before = datetime.combine(before, time(23, 59, 59), begin.tzinfo)
    if begin >= before:
        return series
    jump = _whole_steps(begin, before, rule)
    if jump is None:
        return series
    moved, steps = jump
    pinned = _pinned(rule, begin, steps)
    if pinned is None or steps <= 0:
        return series
    copy = master.copy()
    copy.subcomponents = list(master.subcomponents)
    copy["DTSTART"] = icalendar.vDDDTypes(moved)
    copy["RRULE"] = pinned
    end = value_of(master.get("DTEND"))
    if isinstance(end, date):
        copy["DTEND"] = icalendar.vDDDTypes(end + (moved - begin))
    components = [copy if component is master else component for component in series.components]
    return replace(series, master=copy, components=components)


def _first_span(master: icalendar.Component) -> timedelta:
    """The first slice of the window asked for: some 64 repeats of the rule, from a minute to a
    day. recurring-ical-events' own `after` starts with a day, which for a rule repeating every
    second is 86,400 occurrences built to keep two thousand."""
    rule = _rule_of(master)
    frequency, interval = ("", 1) if rule is None else _frequency(rule)
    if frequency not in _STEPS:
        return _DAY
    return min(max(_STEPS[frequency] * interval * 64, _MINUTE), _DAY)


def _key(component: icalendar.Component) -> tuple[object, object]:
    """An occurrence's identity: its slot in the series, and where it went."""
    return value_of(component.get("RECURRENCE-ID")), value_of(component.get("DTSTART"))


def _order(component: icalendar.Component) -> datetime:
    """An occurrence's start as a wall-clock time, to sort a slice's occurrences."""
    value = value_of(component.get("DTSTART"))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time()) if isinstance(value, date) else datetime.min


def _names_no_day(rule: icalendar.vRecur) -> bool:
    """Whether BYMONTH and BYMONTHDAY together name no day of any year (30 February): dateutil
    then steps on, finding nothing, to the year 9999, some ten seconds for every-second rules."""
    try:
        months = [int(str(month)) for month in _part(rule, "BYMONTH")] or list(range(1, 13))
        days = [abs(int(str(day))) for day in _part(rule, "BYMONTHDAY")]
        lengths = [_MONTH_DAYS[month - 1] for month in months]
    except (ValueError, IndexError):
        return False  # recurring-ical-events refuses the rule, and says why
    return bool(days) and not any(0 < day <= length for day in days for length in lengths)


def _repeats_before(series: Series, window_start: date) -> int:
    """About how many repeats of its rules lie between the series' DTSTART and the window:
    what dateutil steps through, one by one, before it reaches the window."""
    begin = _start_day(series.master)
    rules = series.master.get("RRULE")
    rules = rules if isinstance(rules, list) else [] if rules is None else [rules]
    if begin is None or begin >= window_start:
        return 0
    days, most = (window_start - begin).days, 0
    for rule in rules:
        frequency, interval = _frequency(rule)
        if frequency in _STEPS:
            most = max(most, days * _DAY // (_STEPS[frequency] * max(interval, 1)))
        elif frequency in _MONTHS:
            most = max(most, days // (30 * _MONTHS[frequency] * max(interval, 1)))
    return most


def _occurrences(series: Series, after: date, last: date) -> Iterator[icalendar.Component]:
    """The occurrences from the day `after` to the day `last`, in order, asked for a slice at a
    time: a slice twice as long after one with few occurrences, half as long after one with
    many, so that each builds a few hundred at most and the caller stops when it has enough."""
    calendar = icalendar.Calendar()
    calendar.subcomponents.extend(series.components)
    query = recurring_ical_events.of(calendar, skip_bad_series=False)
    # datetimes, not dates: a date plus twelve hours is the same date
    begin, span = datetime.combine(after, time()), _first_span(series.master)
    end = datetime.combine(last, time()) + _DAY if last < _LAST.date() else _LAST
    seen: set[tuple[object, object]] = set()
    while begin < end:
        stop = end if end - begin <= span else begin + span
        found = [each for each in query.between(begin, stop) if _key(each) not in seen]
        found.sort(key=_order)
        for occurrence in found:
            seen.add(_key(occurrence))
            yield occurrence
        begin = stop
        if len(found) > _SLICE:
            span = max(span / 2, _SECOND)
        elif len(found) < _SLICE // 4:
            span *= 2


def expand(series: Series, start: date | None, end: date | None, limit: int = LIMIT) -> Expanded:
    """The series' occurrences starting from `start` through `end` (days, inclusive), at most
    `limit` of them; those left out are counted up to `COUNT_LIMIT`.

    Raises what recurring-ical-events or dateutil raise on a broken rule; the reader turns that
    into a located problem.
    """
    first = _start_day(series.master)
    if first is None:
        raise ValueError("the repeating event has no readable DTSTART")
    series, expired = _prepared(series)
    window_start = start or first
    window_end = end or (window_start + relativedelta(years=DEFAULT_YEARS) - relativedelta(days=1))
    endless = _endless(series.master)
    rules = _rules(series.master)
    if rules and "RDATE" not in series.master and all(_names_no_day(rule) for rule in rules):
        raise ValueError("its BYMONTH and BYMONTHDAY name no day of any year")
    jumped = _jumped(series, window_start)
    walk = _repeats_before(jumped, window_start)
    if walk > WALK_LIMIT:
        return Expanded([], window_start, window_end, 0, endless, unwalked=walk, expired=expired)
    # an endless series is read to the window's end; a finite one is counted on past it, for
    # the note, as far as a rule that gives nothing more could be walked
    last = window_end if endless else window_end + relativedelta(years=_COUNT_YEARS)
    found: list[icalendar.Component] = []
    over_cap = after_window = 0
    for occurrence in _occurrences(jumped, window_start, min(last, _LAST.date())):
        day = _start_day(occurrence)
        if day is None or day < window_start:
            continue
        if day > window_end:
            if endless:
                break  # the note says the series goes on without end: nothing to count
            after_window += 1
        elif len(found) >= limit:
            over_cap += 1
        else:
            found.append(occurrence)
        if over_cap + after_window >= COUNT_LIMIT:
            break
    expanded = Expanded(found, window_start, window_end, after_window, endless)
    expanded.expired = expired
    expanded.only_start = bool(expired) and not rules and "RDATE" not in series.master
    if over_cap:
        expanded.capped, expanded.over_cap = limit, over_cap
        if found:  # the note should say where reading stopped, not the window's end
            expanded.last_day = _start_day(found[-1]) or window_end
    expanded.counted_all = over_cap + after_window < COUNT_LIMIT
    return expanded
