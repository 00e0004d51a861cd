"""The words every writer shares: who took part and who stayed away, the place, the status, a
vote's heading and tally, the date line, a month's or year's name, a series' rule and what its
moved or cancelled occurrences did, and the occurrences a page or a listing shows.

Each medium prints them its own way (Markdown escapes, HTML escapes differently, a calendar
escapes TEXT): the writers escape what these functions return, and where two writers print a
phrase differently the difference is a parameter here, named, rather than a second spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import repeat
from typing import Final
from zoneinfo import ZoneInfo

from timeline._gazetteer import Naming
from timeline._geography import country_name
from timeline._model import Event, Place, Status, Timeline, Vote
from timeline._occurrences import Occurrence, occurrences
from timeline._when import Point, Precision, When, offset_text
from timeline._when._words import MONTH_NAMES, WEEKDAY_NAMES

__all__ = [
    "STATUS_LABEL",
    "Names",
    "date_line",
    "dated_entries",
    "override_words",
    "page_entries",
    "period_name",
    "place_naming",
    "place_text",
    "rule_words",
    "shown_span",
    "vote_heading",
    "vote_tally",
    "vote_text",
    "with_status",
]

#: The status as a writer labels an event; an event that occurred carries no label.
STATUS_LABEL: Final = {
    Status.SCHEDULED: "Scheduled",
    Status.CANCELLED: "Cancelled",
    Status.POSTPONED: "Postponed",
}


def with_status(title: str, status: Status) -> str:
    """ "Talks in Bishkek (postponed)": the status after a title, where a label has no room."""
    label = STATUS_LABEL.get(status)
    return title if label is None else f"{title} ({label.lower()})"


def vote_heading(vote: Vote) -> str:
    """Who voted on what: "UN General Assembly, ES-11/4", or the body alone."""
    return vote.body if vote.resolution is None else f"{vote.body}, {vote.resolution}"


def vote_tally(vote: Vote, *, zero_absent: bool = True) -> str:
    """ "141 yes, 5 no, 35 abstaining, 12 absent": the order a body announces a result in.

    The writers that say the tally in a sentence (Markdown, .ics) leave out "0 absent";
    `zero_absent=False` is theirs.
    """
    tally = f"{vote.yes} yes, {vote.no} no, {vote.abstain} abstaining"
    return f"{tally}, {vote.absent} absent" if vote.absent or zero_absent else tally


def vote_text(vote: Vote, *, zero_absent: bool = True, labelled: bool = False) -> str:
    """ "UN General Assembly, ES-11/4: 141 yes, ..."; `labelled` where nothing else says it is a
    vote: "Vote (UN General Assembly, ES-11/4): 141 yes, ...". No full stop: the writer's."""
    tally = vote_tally(vote, zero_absent=zero_absent)
    return f"Vote ({vote_heading(vote)}): {tally}" if labelled else f"{vote_heading(vote)}: {tally}"


def _same(text: str) -> str:
    return text


class Names:
    """Participants as a reader knows them: countries by name, organisations by full name.

    One instance per export, since a chronology names the same participants and lists again
    and again: each name and each list is spelt once. The writers differ in what they add:

    - `timeline`: where organisations' full names are looked up; None for writers that name
      countries only (an organisation is then its acronym).
    - `countries_first`: a code that is both a country and an organisation the timeline
      declares is named as the country (Markdown) rather than as the organisation.
    - `country_code`: "Kazakhstan (KZ)" rather than "Kazakhstan" (the calendar, whose reader
      sees the codes nowhere else).
    - `code_first`: "KZ (Kazakhstan)", "CSTO (Collective ...)" for an editor checking codes.
    - `organisation`: how a declared organisation's name is cleaned (it may hold anything).
    - `finish`: applied to each name, such as escaping for the medium.
    """

    def __init__(
        self,
        timeline: Timeline | None = None,
        *,
        countries_first: bool = False,
        country_code: bool = False,
        code_first: bool = False,
        organisation: Callable[[str], str] = _same,
        finish: Callable[[str], str] = _same,
    ) -> None:
        self.timeline = timeline
        self.countries_first = countries_first
        self.country_code = country_code
        self.code_first = code_first
        self.organisation = organisation
        self.finish = finish
        self.names: dict[str, str] = {}
        self.lists: dict[tuple[str, ...], str] = {}

    def __call__(self, code: str) -> str:
        """One participant's name."""
        name = self.names.get(code)
        if name is None:
            name = self.names[code] = self.finish(self._plain(code))
        return name

    def _plain(self, code: str) -> str:
        country = country_name(code)
        if self.timeline is not None and not (self.countries_first and country is not None):
            organisation = self.timeline.organisation_name(code)
            if organisation == code and self.code_first:  # named by its acronym: no more to say
                return code
            if organisation is not None and organisation != code:
                if self.code_first:
                    return f"{code} ({organisation})"
                return f"{self.organisation(organisation)} ({code})"
        if country is None:
            return code
        if self.code_first:
            return f"{code} ({country})"
        return f"{country} ({code})" if self.country_code else country

    def listed(self, codes: Sequence[str]) -> str:
        """ "Kazakhstan, Russia, Collective Security Treaty Organization (CSTO)"."""
        key = tuple(codes)
        text = self.lists.get(key)
        if text is None:
            text = self.lists[key] = ", ".join([self(code) for code in codes])
        return text

    def absent(self, codes: Sequence[str]) -> str:
        """ "Absent: Kyrgyzstan, CSTO." for writers that have room for one more sentence."""
        return f"Absent: {self.listed(codes)}." if codes else ""


def place_naming(timeline: Timeline | None, event: Event) -> Naming | None:
    """What the event's place was called on its first day and is called now, if the timeline
    knows the place under several names (`Timeline.gazetteer`); else None."""
    if timeline is None or event.place is None or not timeline.gazetteer.knows(event.place.name):
        return None  # the usual case, decided by one lookup per event
    day = event.when.first_day
    if day == date.min:  # an open start: the name of the day it is known by
        day = event.when.last_known_day
    return timeline.gazetteer.naming(event.place, day)


def place_text(place: Place, *, country: bool = False, naming: Naming | None = None) -> str:
    """The place's name; with `country`, "Almaty, Kazakhstan" unless the name says it already.

    Given its `naming`, the name it bore then, and its name now where that differs: "Nur-Sultan
    (now Astana)" for an event of 2021, "Astana" for one of 2023, whichever the file wrote.
    """
    name = place.name
    if naming is not None:
        name = naming.then if naming.then == naming.now else f"{naming.then} (now {naming.now})"
    if country and place.country is not None:
        country_named = country_name(place.country)
        if country_named is not None and country_named not in name:
            return f"{name}, {country_named}"
    return name


def date_line(when: When, as_of: date | None = None) -> str:
    """The date as an editor writes it. Given `as_of`, an ongoing event says how far it is
    known: "since 24 February 2022 (ongoing as of 1 May 2024)", where a calendar ends it."""
    if as_of is not None and when.ongoing:
        return f"{when.human()} (ongoing as of {When(Point(as_of, Precision.DAY)).human()})"
    return when.human()


def period_name(year: int, month: int) -> str:
    """ "October 2022" or "2022", spelt exactly as dates are (month 0 means the whole year)."""
    if month:
        return When(Point(date(year, month, 1), Precision.MONTH)).human()
    return When(Point(date(year, 1, 1), Precision.YEAR)).human()


# -- series: the rule in words -----------------------------------------------------------------

_ORDINALS: Final = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
)  # fmt: skip
_DAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UNITS: Final = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
#: The parts of a rule these words can say; a rule with any other part is shown as written.
_SAYABLE: Final = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"}
)
_WEEKDAY: Final = re.compile(r"([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
#: Dates listed in a sentence before the rest are counted ("and 4 more").
LISTED: Final = 6


class _UnsaidError(Exception):
    """A rule these words cannot say faithfully: the caller shows it as written."""


@dataclass(frozen=True, slots=True)
class _Rule:
    """One RRULE's parts, read as far as the words need them."""

    unit: str
    interval: int
    #: BYDAY as (n, weekday): n is 0 for every such weekday, 1 for the first, -1 the last.
    days: tuple[tuple[int, int], ...]
    month_days: tuple[int, ...]
    months: tuple[int, ...]
    count: int | None
    until: str | None
    week_start: str


def _numbers(text: str | None) -> tuple[int, ...]:
    return () if text is None else tuple(int(part) for part in text.split(","))


def _weekday(text: str) -> tuple[int, int]:
    match = _WEEKDAY.fullmatch(text)
    if match is None:
        raise _UnsaidError
    return int(match.group(1) or 0), _DAY_CODES.index(match.group(2))


def _parsed(text: str) -> _Rule:
    """The rule's parts; `_UnsaidError` for a part or a frequency these words do not say."""
    parts = dict(part.split("=", 1) for part in text.split(";"))
    if not set(parts) <= _SAYABLE or parts.get("FREQ") not in _UNITS:
        raise _UnsaidError
    try:
        days = (
            tuple(_weekday(each) for each in parts["BYDAY"].split(",")) if "BYDAY" in parts else ()
        )
        count = int(parts["COUNT"]) if "COUNT" in parts else None
        rule = _Rule(
            _UNITS[parts["FREQ"]],
            int(parts.get("INTERVAL", "1")),
            days,
            _numbers(parts.get("BYMONTHDAY")),
            tuple(sorted(set(_numbers(parts.get("BYMONTH"))))),
            count,
            parts.get("UNTIL"),
            parts.get("WKST", "MO"),
        )
    except ValueError:
        raise _UnsaidError from None
    if rule.interval < 1 or (count is not None and count < 1):
        raise _UnsaidError
    return rule


def _and(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _nth(number: int) -> str:
    """ "second", ..., "tenth", then "11th", "22nd"."""
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    return _numbered(number)


def _numbered(number: int) -> str:
    """ "1st", "2nd", "11th", "23rd": a day of the month."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _every(interval: int, unit: str) -> str:
    return f"every {unit}" if interval == 1 else f"every {_nth(interval)} {unit}"


def _weekdays(days: Sequence[int]) -> str:
    """ "every Monday and Thursday", "every weekday", "every day"."""
    chosen = sorted(set(days))
    if chosen == [0, 1, 2, 3, 4]:
        return "every weekday"
    if len(chosen) == 7:
        return "every day"
    return "every " + _and([WEEKDAY_NAMES[day] for day in chosen])


def _month_names(months: Sequence[int]) -> str:
    return _and([MONTH_NAMES[month - 1] for month in months])


def _last_of_month(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def _is_nth(day: date, number: int, weekday: int) -> bool:
    """Whether `day` is the `number`-th `weekday` of its month (-1: the last)."""
    if day.weekday() != weekday:
        return False
    if number > 0:
        return (day.day - 1) // 7 + 1 == number
    return (day + timedelta(days=7)).month != day.month


def _in_month(rule: _Rule, start: date) -> tuple[str, bool]:
    """Which days of a month: "the first Monday", "the 1st and 15th", "the last day"; and
    whether `start` is one."""
    if rule.days:
        if rule.month_days or any(not 1 <= number <= 5 and number != -1 for number, _ in rule.days):
            raise _UnsaidError
        named = [
            f"the {'last' if number == -1 else _nth(number)} {WEEKDAY_NAMES[day]}"
            for number, day in rule.days
        ]
        return _and(named), any(_is_nth(start, number, day) for number, day in rule.days)
    month_days = sorted(set(rule.month_days or (start.day,)), key=lambda day: (day < 0, day))
    if any(day < -1 or day == 0 for day in month_days):
        raise _UnsaidError
    named = ["last day" if day == -1 else _numbered(day) for day in month_days]
    fits = start.day in month_days or (-1 in month_days and _last_of_month(start))
    return f"the {_and(named)}", fits


def _plain_days(rule: _Rule) -> tuple[int, ...] | None:
    """BYDAY's weekdays when none has a number ("MO,TH"), else None."""
    if rule.days and all(number == 0 for number, _ in rule.days):
        return tuple(day for _, day in rule.days)
    return None


def _daily(rule: _Rule, start: date) -> tuple[str, bool]:
    if rule.month_days or (rule.interval > 1 and (rule.days or rule.months)):
        raise _UnsaidError
    days = _plain_days(rule)
    if rule.days and days is None:
        raise _UnsaidError
    if days is None:
        return _in_months(_every(rule.interval, "day"), True, rule.months, start)
    return _in_months(_weekdays(days), start.weekday() in days, rule.months, start)


def _in_months(words: str, fits: bool, months: Sequence[int], start: date) -> tuple[str, bool]:
    """ "every Monday in March and April": the days a rule gives, kept to some months."""
    if not months:
        return words, fits
    return f"{words} in {_month_names(months)}", fits and start.month in months


def _weekly(rule: _Rule, start: date) -> tuple[str, bool]:
    if rule.month_days or (rule.interval > 1 and rule.months):
        raise _UnsaidError
    days = _plain_days(rule) if rule.days else (start.weekday(),)
    if days is None:
        raise _UnsaidError
    if rule.interval == 1:
        words = _weekdays(days)
    elif len(set(days)) == 1:
        words = f"every {_nth(rule.interval)} {WEEKDAY_NAMES[days[0]]}"
    elif rule.week_start == "MO":  # which week a day falls in depends on where weeks start
        names = _and([WEEKDAY_NAMES[day] for day in sorted(set(days))])
        words = f"{_every(rule.interval, 'week')} on {names}"
    else:
        raise _UnsaidError
    return _in_months(words, start.weekday() in days, rule.months, start)


def _monthly(rule: _Rule, start: date) -> tuple[str, bool]:
    if rule.months:  # with interval 1 these are a year's months, said by `_yearly`
        raise _UnsaidError
    days = _plain_days(rule)
    if days is not None:
        every = "" if rule.interval == 1 else f" of {_every(rule.interval, 'month')}"
        return _weekdays(days) + every, start.weekday() in days
    which, fits = _in_month(rule, start)
    return f"{_every(rule.interval, 'month')} on {which}", fits


def _yearly(rule: _Rule, start: date) -> tuple[str, bool]:
    months = rule.months or (start.month,)
    in_months = start.month in months
    every = _every(rule.interval, "year")
    days = _plain_days(rule)
    if days is not None:
        if rule.interval > 1 or rule.month_days:
            raise _UnsaidError
        return _in_months(_weekdays(days), start.weekday() in days, rule.months, start)
    if rule.days and not rule.months:  # "the 20th Monday of the year"
        raise _UnsaidError
    if rule.month_days and not rule.months:  # days of every month, in every year or in some
        if rule.interval > 1:
            raise _UnsaidError
        which, fits = _in_month(rule, start)
        return f"every month on {which}", fits
    if not rule.days and len(rule.month_days) < 2 and all(day > 0 for day in rule.month_days):
        day = rule.month_days[0] if rule.month_days else start.day
        dates = _and([f"{day} {MONTH_NAMES[month - 1]}" for month in months])
        return f"{every} on {dates}", in_months and start.day == day
    which, fits = _in_month(rule, start)
    return f"{every} on {which} of {_month_names(months)}", fits and in_months


_PATTERNS: Final = {"day": _daily, "week": _weekly, "month": _monthly, "year": _yearly}


def _pattern(rule: _Rule, start: date) -> tuple[str, bool]:
    """The days the rule gives, in words ("every second Tuesday"), and whether `start`, which
    RFC 5545 counts as an occurrence whatever the rule, is one of them."""
    unit = "year" if rule.unit == "month" and rule.months and rule.interval == 1 else rule.unit
    return _PATTERNS[unit](rule, start)


def _until_day(text: str, start: date | datetime) -> date:
    """UNTIL's day where the series takes place: a UTC time seen in the series' zone."""
    value = text.rstrip("Z")
    parsed = datetime.strptime(value, "%Y%m%dT%H%M%S" if "T" in value else "%Y%m%d")
    if text.endswith("Z") and isinstance(start, datetime) and start.tzinfo is not None:
        return parsed.replace(tzinfo=UTC).astimezone(start.tzinfo).date()
    return parsed.date()


def _day_words(days: Sequence[date], said: int | None) -> list[str]:
    """Each day as every writer spells one, its year said once: not at all when the sentence
    already said it (`said`), on the last when all fall in one year, else on each."""
    full = [When(Point(day, Precision.DAY)).human() for day in days]
    years = {day.year for day in days}
    if years == {said}:
        return [text.rsplit(" ", 1)[0] for text in full]
    if len(years) == 1:
        return [text.rsplit(" ", 1)[0] for text in full[:-1]] + full[-1:]
    return full


def _listed(days: Sequence[tuple[date, str]], said: int | None, most: int) -> str:
    """ "10 April, 1 May and 8 May", in order, with "and 4 more" past `most` days."""
    shown = sorted(set(days))
    more = len(shown) - max(most, 1)
    if more > 0:
        shown = shown[: max(most, 1)]
    words = [
        f"{text}{suffix}"
        for text, (_, suffix) in zip(
            _day_words([day for day, _ in shown], said), shown, strict=True
        )
    ]
    return _and([*words, f"{more} more"] if more > 0 else words)


def _clock(value: datetime, precision: Precision) -> str:
    return f"{value:%H:%M:%S}" if precision is Precision.SECOND else f"{value:%H:%M}"


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _duration(length: timedelta) -> str:
    """ "3 days", "4 hours", "1 hour and 30 minutes"."""
    minutes = int(length.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return _plural(minutes // 1440, "day")
    hours, minutes = divmod(minutes, 60)
    parts = [_plural(hours, "hour")] if hours else []
    if minutes or not parts:
        parts.append(_plural(minutes, "minute"))
    return " and ".join(parts)


def _zone_words(start: datetime, zone: ZoneInfo | None) -> str:
    """ "UTC+06"; a zone's name where its clocks change, since the offset then does too."""
    offset = start.utcoffset()
    if offset is None:
        return "local time"
    changes = zone is not None and (start + timedelta(days=182)).utcoffset() != offset
    return zone.key if changes and zone is not None else offset_text(offset, style="human")


def _clock_words(when: When) -> str:
    """How each occurrence is timed: " at 10:00–11:00 (UTC+06)", " at 22:00 (UTC+06) for
    4 hours", " for 3 days"; nothing for one day."""
    start, end_point = when.start, when.end_point
    end = when.end if end_point is not None else None
    if not isinstance(start, datetime):
        days = (when.last_day - when.first_day).days + 1
        return f" for {days} days" if end is not None and days > 1 else ""
    clock, length = _clock(start, when.start_point.precision), ""
    if isinstance(end, datetime) and end_point is not None:
        if end.date() == start.date():
            clock += f"\u2013{_clock(end, end_point.precision)}"
        else:
            length = f" for {_duration(end - start)}"
    return f" at {clock} ({_zone_words(start, when.timezone)}){length}"


def _head(rules: Sequence[str], when: When) -> tuple[str, int | None]:
    """The rule's sentence up to its other dates ("every Monday from 2 January to 26 June 2023")
    and the year it says once (None if it runs past it). A first day the rule would not give,
    which RFC 5545 counts all the same, comes first: "on 3 March 1998, then every Thursday".

    Raises:
        _UnsaidError: for a rule these words do not say faithfully.
    """
    if len(rules) != 1:
        raise _UnsaidError
    rule = _parsed(rules[0])
    start = when.first_day
    pattern, fits = _pattern(rule, start)
    if not fits and rule.interval > 1:  # which weeks or months count depends on the rule's start
        raise _UnsaidError
    until = _until(rule, when)
    said = start.year if until is not None and until.year == start.year else None
    clock = _clock_words(when)
    (full,) = _day_words([start], None)
    if fits and (rule.count == 1 or until == start):  # the rule gives nothing after its start
        return f"once, on {full}{clock}", said
    begin, end = _day_words([start, until], None) if until is not None else (full, "")
    count = "" if rule.count is None else ", once" if rule.count == 1 else f", {rule.count} times"
    if not fits:
        ends = f" until {end}" if until is not None else ""
        return f"on {begin}, then {pattern}{clock}{ends}{count}", said
    # "every year on 12 October from 2022": where the rule says the day, the start's year will do
    if pattern.endswith(f" on {_day_words([start], start.year)[0]}"):
        begin = period_name(start.year, 0)
    ends = f" to {end}" if until is not None else ""
    return f"{pattern}{clock} from {begin}{ends}{count}", said


def _until(rule: _Rule, when: When) -> date | None:
    """The day the rule ends on, if it says one.

    Raises:
        _UnsaidError: for an UNTIL before the start (only the start takes place) or in a form
            dateutil alone reads.
    """
    if rule.until is None:
        return None
    try:
        until = _until_day(rule.until, when.start)
    except ValueError:
        raise _UnsaidError from None
    if until < when.first_day:
        raise _UnsaidError
    return until


def _moment(extra: When, series: When) -> tuple[date, str]:
    """An extra occurrence's day, with its time where that differs from the series'."""
    value, start = extra.start, series.start
    if isinstance(value, datetime) and isinstance(start, datetime):
        precision = extra.start_point.precision
        if _clock(value, precision) != _clock(start, precision):
            return extra.first_day, f" at {_clock(value, precision)}"
    return extra.first_day, ""


def rule_words(series: Event, *, most: int = LISTED) -> str:
    """A series' rule as an editor says it: "every Monday at 10:00 (UTC+06) from 2 January to
    26 June 2023, and 5 July, except 10 April".

    Days are spelt as every date is, the year said once where the series keeps to one year.
    Common rules are said in words (each frequency from daily to yearly with its interval,
    weekdays such as "1MO" or "-1FR", days of the month, months, a count, an end or none); a
    rule these words cannot say faithfully is shown as written ("repeats (FREQ=HOURLY) from
    ..."), never guessed at. At most `most` other or skipped days are listed ("and 4 more").
    An event that does not repeat gets its date line.
    """
    repeats = series.repeats
    when = series.when
    if repeats is None:
        return date_line(when)
    first = (when.first_day, "")  # a calendar may give the start as another date too
    extra = [moment for moment in map(_moment, repeats.also, repeat(when)) if moment != first]
    said: int | None = None
    if not repeats.rule and not any(suffix for _, suffix in extra):  # one time of day
        text = f"on {_listed([first, *extra], None, most)}{_clock_words(when)}"
        extra = []
    elif not repeats.rule:
        text = f"on {when.human()}"
    else:
        try:
            text, said = _head(repeats.rule, when)
        except _UnsaidError:
            text = f"repeats ({' and '.join(repeats.rule)}) from {when.human()}"
    if extra:
        text += f", and {_listed(extra, said, most)}"
    if repeats.skip:
        skipped = [(each.first_day, "") for each in repeats.skip]
        text += f", except {_listed(skipped, said, most)}"
    return text


def _said_year(series: Event) -> int | None:
    """The year `rule_words` says once for the series, if it does."""
    if series.repeats is None:
        return None
    try:
        return _head(series.repeats.rule, series.when)[1] if series.repeats.rule else None
    except _UnsaidError:
        return None


def override_words(override: Event, series: Event | None = None) -> str:
    """What an override did to its occurrence: "moved from 17 April to 18 April", "cancelled on
    10 April", "moved on 17 April from 10:00 to 14:00", "changed on 17 April" (the same time,
    other details). Given its `series`, the year is left out where the series' words say it."""
    original = override.occurrence
    if original is None:
        return date_line(override.when)
    said = _said_year(series) if series is not None else None
    was, now = original.first_day, override.when.first_day
    (day,) = _day_words([was], said)
    if override.status is Status.CANCELLED:
        return f"cancelled on {day}"
    old, new = original.start, override.when.start
    if old == new and type(old) is type(new):
        return f"changed on {day}"
    if was == now and isinstance(old, datetime) and isinstance(new, datetime):
        precision = override.when.start_point.precision
        return f"moved on {day} from {_clock(old, precision)} to {_clock(new, precision)}"
    before, after = _day_words([was, now], said)
    return f"moved from {before} to {after}"


# -- series: the occurrences shown -------------------------------------------------------------


def _two_years_on(first: date) -> date:
    """The last day of the two years that start on `first`."""
    if first.year > date.max.year - 2:
        return date.max
    try:
        return first.replace(year=first.year + 2) - timedelta(days=1)
    except ValueError:  # 29 February
        return date(first.year + 2, 2, 28)


def shown_span(timeline: Timeline) -> tuple[date, date] | None:
    """The days a page lists a series' occurrences in: from the first to the last day of the
    events that do not repeat, else (only series) the first two years of the earliest series;
    None for a timeline without events. A page then shows an endless series as far as the rest
    of its story goes, and never an unbounded list."""
    plain = [event.when for event in timeline.events if event.repeats is None and not event.series]
    if plain:
        first = min(when.start_point.first_day for when in plain)
        return first, max(when.last_known_day for when in plain)
    starts = [event.when.first_day for event in timeline.events if event.repeats is not None]
    if not starts:
        return None
    return min(starts), _two_years_on(min(starts))


def _entry_key(entry: Event | Occurrence) -> tuple[object, ...]:
    if isinstance(entry, Occurrence):
        return (entry.when.sort_key, entry.event.id, str(entry.original))
    return entry.sort_key


def dated_entries(
    timeline: Timeline, first: date, last: date
) -> tuple[list[Event | Occurrence], tuple[str, ...]]:
    """What a listing by date shows, in order: every event that does not repeat, and each
    occurrence of a series from `first` through `last`, where an override (moved, changed,
    cancelled) stands in its place, at its new date; and the ids of the series whose
    occurrences were capped (`_occurrences.LIMIT`). An override whose series is not in the
    timeline is listed as an event; without series the events are listed as they are."""
    series = {event.id: event for event in timeline.events if event.repeats is not None}
    if not series:
        return list(timeline.events), ()
    entries: list[Event | Occurrence] = [
        event for event in timeline.events if event.repeats is None and event.series not in series
    ]
    found = occurrences(timeline, first, last)
    for each in found.values():  # an override moved out of the window is left out
        entries += [occurrence for occurrence in each if occurrence.when.overlaps(first, last)]
    listed = {(item.series.id, item.original) for item in entries if isinstance(item, Occurrence)}
    for event in timeline.events:  # and one moved into it is listed
        if event.series in series and event.occurrence is not None:
            original = event.occurrence.start_point.value
            if (event.series, original) not in listed and event.when.overlaps(first, last):
                entries.append(Occurrence(event.when, event, series[event.series], original))
    entries.sort(key=_entry_key)
    return entries, tuple(sorted(key for key, each in found.items() if each.capped))


def page_entries(timeline: Timeline) -> list[Event | Occurrence]:
    """What a page that shows every event lists by date: each event (a series at its first
    occurrence, an override at its own date), and between them each other occurrence of a
    series within `shown_span` that no override replaced. A timeline without series is its
    events, as they are."""
    if not any(event.repeats is not None for event in timeline.events):
        return list(timeline.events)
    span = shown_span(timeline)
    assert span is not None  # it has a series
    entries: list[Event | Occurrence] = list(timeline.events)
    for each in occurrences(timeline, *span).values():
        entries += [
            occurrence
            for occurrence in each
            if occurrence.event is occurrence.series
            and occurrence.original != occurrence.series.when.start_point.value
        ]
    entries.sort(key=_entry_key)
    return entries
