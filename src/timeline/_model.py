"""The typed timeline: frozen pydantic models that know nothing of files or output formats.

Field rules (a slug id, a real country code, counts that add up) live here so that every reader
gets them for free; rules that need the whole timeline (unique ids, links that resolve, no
part-of cycles) live in `find_problems`, which the loader also calls to locate each problem.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Protocol, Self, TypeVar, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import core_schema

from timeline._codes import COUNTRIES, ORGANISATION_PATTERN, ORGANISATIONS, meant_country
from timeline._errors import (
    DateError,
    InvalidTimeline,
    Location,
    Problem,
    SelectionError,
    Suggestion,
    TimelineWarning,
    warn,
)
from timeline._geography import countries_of_zone, country_name, listed, zones_of_country
from timeline._when import Precision, When, zone_named

__all__ = [
    "Event",
    "Kind",
    "Link",
    "Place",
    "Position",
    "Relation",
    "Source",
    "Status",
    "Timeline",
    "Vote",
    "checked_timeline",
    "find_problems",
    "reference_day",
]

_E = TypeVar("_E", bound=enum.Enum)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

#: Validation-context flag by which the loader says it has already run `find_problems` itself.
_ALREADY_CHECKED = "timeline.find_problems-done"


class _Words(enum.StrEnum):
    """A closed vocabulary that pydantic-core writes as the strings its members are.

    Its default for an enum reads each member's `value`, a Python property, for every field of
    every event; writing the string takes no Python at all. The validation schema, and so the
    JSON Schema, is unchanged.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        if schema["type"] == "enum":
            words = cast("core_schema.EnumSchema", schema)
            words["serialization"] = core_schema.simple_ser_schema("str")
        return schema


class Status(_Words):
    """Whether an event happened; a cancelled or postponed event stays in the timeline."""

    SCHEDULED = "scheduled"
    OCCURRED = "occurred"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Kind(_Words):
    """A closed vocabulary, so that filters and calendar categories stay consistent."""

    SUMMIT = "summit"
    VOTE = "vote"
    MILITARY_EXERCISE = "military-exercise"
    VISIT = "visit"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    STATEMENT = "statement"
    ARMED_CONFLICT = "armed-conflict"
    COURT_RULING = "court-ruling"
    SANCTION = "sanction"
    DECREE = "decree"
    OTHER = "other"


class Relation(_Words):
    """How one event bears on another."""

    PART_OF = "part-of"
    CANCELS = "cancels"
    FOLLOWS = "follows"
    RESPONDS_TO = "responds-to"


class Position(_Words):
    """How one member voted; `absent` covers members that did not vote."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"


def _check_zone(name: str) -> str:
    zone_named(name)  # or a DateError, which is a ValueError, naming the nearest real zone
    return name


def _check_country(code: str) -> str:
    if code not in COUNTRIES:
        raise ValueError(_not_a_country(code))
    return code


def _not_a_country(code: str) -> str:
    start = f"{code!r} is not an ISO 3166-1 alpha-2 country code"
    meant = meant_country(code)
    if meant is None:
        return f"{start}; use e.g. 'KZ', 'RU', 'UZ'"
    if meant == code.upper():
        return f"{start}; write it in upper case: {meant!r}"
    return f"{start}; did you mean {meant!r} ({country_name(meant) or meant})?"


def _check_participant(code: str) -> str:
    if code in ORGANISATIONS or code in COUNTRIES:
        return code
    if meant_country(code) is not None or (len(code) == 2 and code.isalpha()):
        raise ValueError(_not_a_country(code))
    if not ORGANISATION_PATTERN.fullmatch(code):
        raise ValueError(
            f"{code!r} is neither a country code nor an organisation acronym; write a country as "
            "'KZ' (ISO 3166-1 alpha-2, upper case) and an organisation as 'CSTO'"
        )
    return code  # whether the acronym is known is checked against the whole timeline


def _no_duplicates(items: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(items)) == len(items):  # the usual case, decided in C
        return items
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{item!r} is listed twice")
        seen.add(item)
    return items


_C0_AND_C1 = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
)
#: The short names of the C0 and C1 control characters, as Unicode and ECMA-48 give them.
_CONTROL_NAMES = _C0_AND_C1.split()
_OTHER_NAMES = {
    0x7F: "DEL",
    0x2028: "LINE SEPARATOR",
    0x2029: "PARAGRAPH SEPARATOR",
    0xFEFF: "BYTE ORDER MARK",
}
#: What no text field may hold: C0 and C1 controls, DEL, the Unicode line and paragraph
#: separators, lone surrogates and the byte-order mark. None of them shows as text, and each
#: is dropped, turned into a line break or refused by some format we write.
_REFUSED_IN_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
#: The same, less tab and line feed, for the fields that hold paragraphs.
_REFUSED_IN_PARAGRAPHS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")


def _character_name(char: str) -> str:
    """`U+001B (ESC)`: the code point and a name a reader can look up."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif 0x80 <= code <= 0x9F:
        name = _CONTROL_NAMES[code - 0x80 + 0x20]
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = _OTHER_NAMES.get(code, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _refuse(text: str, refused: re.Pattern[str], *, multi_line: bool) -> str:
    """Text as given, or a ValueError naming the first character no text field may hold."""
    found = refused.search(text)
    if found is None:
        return text
    char = found.group()
    if char in "\n\r\u2028\u2029":
        fix = "write a line break as a plain newline" if multi_line else "write it on one line"
    elif char == "\t":
        fix = "this field is one line: use a space instead"
    else:
        fix = "remove it"
    what = "control character" if unicodedata.category(char) == "Cc" else "character"
    position = found.start() + 1
    raise ValueError(f"holds the {what} {_character_name(char)} at position {position}; {fix}")


def _one_line(text: str) -> str:
    """Titles and names: printable text on one line (`isprintable` decides most in C).

    An after-validator, half the cost of a wrap one: a lone surrogate never gets here, since
    pydantic-core refuses it as no string ("unable to parse raw data as a unicode string").
    """
    if text.isprintable():
        return text
    return _refuse(text, _REFUSED_IN_LINES, multi_line=False)


def _paragraphs(text: str) -> str:
    """Summaries and notes: line breaks (CRLF and CR read as LF) and tabs, no other controls."""
    if text.isprintable():
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _refuse(text, _REFUSED_IN_PARAGRAPHS, multi_line=True)


#: One line of text: a title, a name, a publisher (stripped, not empty, no control characters).
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)
]
#: Text that may run to paragraphs: a summary, a note, a description (newlines and tabs too).
Paragraphs = Annotated[str, AfterValidator(_paragraphs)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Zone = Annotated[str, AfterValidator(_check_zone)]
Country = Annotated[str, AfterValidator(_check_country)]
Participant = Annotated[str, AfterValidator(_check_participant)]
Url = Annotated[
    str, StringConstraints(pattern='^https?://[^\\s<>"\\x00-\\x1f\\x7f-\\x9f\\ufeff]+$')
]
Count = Annotated[int, Field(ge=0)]


#: One set per combination of fields given, shared by every model that was given them.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
_LAST_FIELDS_SET: dict[type, set[str]] = {}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """Share the set of fields given among models given the same ones.

        pydantic keeps that set per instance, and for an event with its sources and place the
        sets take more memory than the event's own text (1.8 KB an event, measured on the
        shipped chronology). A frozen model never changes its set (`model_copy` copies it
        before an update), so one set can serve them all.
        """
        given = self.__pydantic_fields_set__
        shared = _LAST_FIELDS_SET.get(type(self))
        if shared is None or shared != given:  # most models of a kind are given the same
            key = frozenset(given)
            shared = _FIELDS_SETS.setdefault(key, given)
            _LAST_FIELDS_SET[type(self)] = shared
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self


class Source(_Frozen):
    """Where a fact comes from; every event cites at least one."""

    publisher: Text
    title: Text
    url: Url | None = None
    published: When | None = None


class Place(_Frozen):
    """Where an event happened; the zone lets timed events without their own zone borrow one."""

    name: Text
    country: Country | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    timezone: Zone | None = None

    @model_validator(mode="after")
    def _coordinates_come_in_pairs(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self

    @model_validator(mode="after")
    def _zone_is_in_the_country(self) -> Self:
        if self.country is None or self.timezone is None:
            return self
        countries = countries_of_zone(self.timezone)
        if not countries or self.country in countries:
            return self
        there = " or ".join(_named(code) for code in sorted(countries))
        own = zones_of_country(self.country)
        meant = f"country = {next(iter(countries))!r}" if len(countries) == 1 else "its code"
        raise ValueError(
            f"the zone {self.timezone} is in {there}, not in {_named(self.country)}; if the "
            f"place is there, write {meant}, else give a zone of {self.country}{_zone_choice(own)}"
        )


def _named(code: str) -> str:
    return f"{country_name(code) or code} ({code})"


def _zone_choice(zones: tuple[str, ...]) -> str:
    """' (one of ...)' naming a country's zones, or '' when the tz database lists none."""
    if not zones:
        return ""
    return f" ({zones[0]})" if len(zones) == 1 else f" (one of {listed(zones)})"


class Link(_Frozen):
    """A typed edge to another event of the same timeline."""

    rel: Relation
    target: Slug


class Vote(_Frozen):
    """A recorded vote: the tally and, where known, how individual countries voted."""

    body: Text
    resolution: Text | None = None
    yes: Count
    no: Count
    abstain: Count
    absent: Count = 0
    members: Count | None = None
    positions: dict[Country, Position] = Field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain + self.absent

    @model_validator(mode="after")
    def _counts_add_up(self) -> Self:
        if self.members is not None and self.total != self.members:
            raise ValueError(
                f"yes + no + abstain + absent = {self.total}, but the body has {self.members} "
                "members; correct a count or `members`"
            )
        tally = {Position.YES: self.yes, Position.NO: self.no}
        tally |= {Position.ABSTAIN: self.abstain, Position.ABSENT: self.absent}
        for position, count in tally.items():
            named = sum(1 for value in self.positions.values() if value is position)
            if named > count:
                raise ValueError(
                    f"{named} countries are listed as voting {position.value!r}, "
                    f"but the tally says {count}"
                )
        return self


class Event(_Frozen):
    """One dated thing that happened, or was planned to."""

    id: Slug
    title: Text
    when: When
    kind: Kind
    status: Status = Status.OCCURRED
    summary: Paragraphs = ""
    place: Place | None = None
    participants: Annotated[tuple[Participant, ...], AfterValidator(_no_duplicates)] = ()
    #: Expected participants that stayed away (a leader who skipped a summit), kept apart from
    #: `participants` so that a filter by country never counts them as present.
    absent: Annotated[tuple[Participant, ...], AfterValidator(_no_duplicates)] = ()
    tags: Annotated[tuple[Slug, ...], AfterValidator(_no_duplicates)] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    links: tuple[Link, ...] = ()
    vote: Vote | None = None
    note: Paragraphs | None = None
    #: The date as the source wrote it ("last Thursday", "summer 2022"), kept beside the
    #: canonical `when` that every writer uses, so a reader can see how it was resolved.
    when_text: Text | None = None
    #: The day a relative `when_text` was read against, when it is not the first source's
    #: publication day (a piece updated later, a quote reported days after it was said).
    as_of: date | None = None

    @model_validator(mode="after")
    def _vote_belongs_to_a_vote(self) -> Self:
        if self.vote is not None and self.kind is not Kind.VOTE:
            raise ValueError(f"a vote outcome needs kind = 'vote', not {self.kind.value!r}")
        return self

    @model_validator(mode="after")
    def _absent_were_not_there(self) -> Self:
        if not self.absent:
            return self
        both = sorted(set(self.participants) & set(self.absent))
        if both:
            raise ValueError(
                f"{', '.join(map(repr, both))} listed both in participants and as absent; "
                "keep each in one of the two"
            )
        return self

    @property
    def reference_day(self) -> date | None:
        """The day relative dates are read against: `as_of`, else the first source's day."""
        return reference_day(self.as_of, self.sources[0].published)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Chronological, then by id: deterministic whatever order the file was written in."""
        return (self.when.sort_key, self.id)


def reference_day(as_of: date | None, published: When | None) -> date | None:
    """`as_of`, else a publication date that is one day and not an estimate, else None.

    An estimated day ("2022-10-16~") would pass its guess on to every relative date.
    """
    if as_of is not None:
        return as_of
    if published is None or published.is_interval or published.precision is not Precision.DAY:
        return None
    if published.approximate or published.uncertain:
        return None
    return published.first_day


class Timeline(_Frozen):
    """A validated chronology: events in order, ids unique, links resolved.

    Raises:
        ValidationError: naming each field that is missing or wrong, in the header or an event.
        InvalidTimeline: listing every problem across events (a duplicate id, a link to no
            event, an unknown organisation, a part-of cycle) once each event is valid.
    """

    title: Text
    description: Paragraphs = ""
    timezone: Zone | None = None
    updated: date | None = None
    organisations: dict[str, Text] = Field(default_factory=dict)
    events: tuple[Event, ...] = ()

    @model_validator(mode="after")
    def _whole_timeline(self, info: ValidationInfo) -> Self:
        checked = isinstance(info.context, dict) and info.context.get(_ALREADY_CHECKED)
        if not checked:
            problems = [problem for _, problem in find_problems(self.events, self.organisations)]
            problems += _floating_under_a_zone(self.events, self.timezone)
            if problems:
                raise InvalidTimeline(problems)
        object.__setattr__(self, "events", _in_order(self.events))
        return self

    def __iter__(self) -> Iterator[Event]:  # type: ignore[override]
        """Iterating a timeline yields its events in order (not pydantic's field pairs)."""
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    @cached_property
    def by_id(self) -> Mapping[str, Event]:
        """Events by id, built on first use, so `timeline[id]` is a lookup and not a scan."""
        return MappingProxyType({event.id: event for event in self.events})

    def __getitem__(self, event_id: str) -> Event:
        return self.by_id[event_id]

    def __contains__(self, event_id: object) -> bool:
        return event_id in self.by_id

    @property
    def last_changed(self) -> date | None:
        """The timeline's own date: `updated`, else the latest date it mentions (never the clock).

        Exports use it for timestamps so that the same file always gives the same bytes.
        """
        if self.updated is not None:
            return self.updated
        days = [event.when.last_known_day for event in self.events]
        days += [
            source.published.last_known_day
            for event in self.events
            for source in event.sources
            if source.published is not None
        ]
        return max(days, default=None)

    def organisation_name(self, acronym: str) -> str | None:
        """The full name of an organisation participant, from the timeline or the built-in list."""
        return self.organisations.get(acronym) or ORGANISATIONS.get(acronym)

    def select(
        self,
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        kinds: Iterable[Kind | str] = (),
        participants: Iterable[str] = (),
        tags: Iterable[str] = (),
        statuses: Iterable[Status | str] = (),
    ) -> Timeline:
        """The events that match every given criterion (and any value within one criterion).

        Dates may be any form `When.parse` reads, as on the command line: `start="2022-06"`
        means from 1 June 2022, `end="2022-06"` up to 30 June. An imprecise date matches a range
        if any of its days falls in it, so "October 2022" is kept by a selection of 13 October.
        Links to events left out are kept as they are.

        Raises:
            SelectionError: a date, kind or status that cannot be read.

        Warns:
            TimelineWarning: for a participant or tag that no event has, naming those that
                exist, since a misspelt filter would otherwise look like an empty result.
        """
        first = _selection_day(start, "start", last=False)
        last = _selection_day(end, "end", last=True)
        tests: list[Callable[[Event], bool]] = []
        if first is not None or last is not None:
            tests.append(lambda event: event.when.overlaps(first, last))
        if wanted_kinds := {_member(Kind, kind, "kind") for kind in kinds}:
            tests.append(lambda event: event.kind in wanted_kinds)
        if wanted_people := set(participants):
            self._warn_unknown("participant", wanted_people, self._used("participants"))
            tests.append(lambda event: not wanted_people.isdisjoint(event.participants))
        if wanted_tags := set(tags):
            self._warn_unknown("tag", wanted_tags, self._used("tags"))
            tests.append(lambda event: not wanted_tags.isdisjoint(event.tags))
        if wanted_statuses := {_member(Status, status, "status") for status in statuses}:
            tests.append(lambda event: event.status in wanted_statuses)
        chosen = tuple(event for event in self.events if all(test(event) for test in tests))
        # a fresh instance (not model_copy, which would carry over the cached `by_id`); the
        # events are already valid and ordered, and links to events left out stay as they are
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_construct(**(fields | {"events": chosen}))

    def _used(self, field: str) -> set[str]:
        return {value for event in self.events for value in getattr(event, field)}

    def _warn_unknown(self, what: str, wanted: set[str], used: set[str]) -> None:
        for value in sorted(wanted - used):
            near = nearest(value, sorted(used))
            listed = ", ".join(sorted(used)) or "none"
            guess = f"did you mean {near!r}? " if near else ""
            warn(
                TimelineWarning(
                    f"no event has the {what} {value!r}; {guess}those in use: {listed}"
                ),
            )


def _selection_day(value: date | str | None, name: str, *, last: bool) -> date | None:
    """A selection bound as a day: a date as it is, text through `When.parse` (its first or
    last day), so that `end="2022-06"` keeps the whole of June."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, str):
        raise SelectionError(f"{name} must be a date or date text, not {type(value).__name__}")
    try:
        when = When.parse(value)
    except DateError as error:
        raise SelectionError(f"{name}: {error}") from None
    return when.last_day if last else when.first_day


def _member(kind: type[_E], value: object, name: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in kind)
        raise SelectionError(f"{value!r} is not a {name}; use one of {accepted}") from None


#: Pass as `context=` to `Timeline.model_validate` after running `find_problems` yourself.
TRUSTED_CONTEXT = {_ALREADY_CHECKED: True}


def _in_order(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda event: event.sort_key))


def checked_timeline(header: Mapping[str, Any], events: Iterable[Event]) -> Timeline:
    """A timeline of events a loader has validated and run `find_problems` on itself.

    Given to `model_validate`, an Event instance is not validated again, but pydantic runs its
    model validators once more (a third of a million calls on a 100,000-event load); the
    header alone is validated here and the events are put in order as validation would.
    """
    timeline = Timeline.model_validate({**header, "events": ()}, context=TRUSTED_CONTEXT)
    return timeline.model_copy(update={"events": _in_order(events)})


class CrossChecked(Protocol):
    """What the checks across events read of an event, so a loader can pass stand-ins too."""

    @property
    def id(self) -> str: ...
    @property
    def participants(self) -> tuple[str, ...]: ...
    @property
    def absent(self) -> tuple[str, ...]: ...
    @property
    def links(self) -> tuple[Link, ...]: ...


def find_problems(
    events: Sequence[CrossChecked], organisations: dict[str, str] | None = None
) -> list[tuple[int, Problem]]:
    """Every rule that needs the whole timeline, as (index of the event, problem) pairs."""
    known_organisations = ORGANISATIONS.keys() | (organisations or {}).keys()
    found: list[tuple[int, Problem]] = []

    def add(
        index: int,
        field: str,
        message: str,
        hint: str | None = None,
        *,
        code: str,
        suggestion: Suggestion | None = None,
    ) -> None:
        where = Location(event_id=events[index].id, field=field)
        found.append((index, Problem(message, where, hint, code, suggestion=suggestion)))

    first_index: dict[str, int] = {}
    for index, event in enumerate(events):
        if event.id in first_index:
            hint = "every event needs an id of its own"
            add(index, "id", f"duplicate id {event.id!r}", hint, code="duplicate-id")
        else:
            first_index[event.id] = index
    known_lists: set[tuple[str, ...]] = {()}  # lists seen to name only known participants
    for index, event in enumerate(events):
        for field, codes in (("participants", event.participants), ("absent", event.absent)):
            if codes in known_lists:  # chronologies name the same lists again and again
                continue
            unknown = [
                (number, code)
                for number, code in enumerate(codes)
                if code not in COUNTRIES and code not in known_organisations
            ]
            if not unknown:
                known_lists.add(codes)
            for number, participant in unknown:
                near = nearest(participant, sorted(known_organisations))
                add(
                    index,
                    f"{field}[{number}]",
                    f"unknown organisation {participant!r}",
                    code="unknown-organisation",
                    suggestion=Suggestion(
                        "declare",
                        "timeline.organisations",
                        participant,
                        choices=(near,) if near else (),
                        note="use a known acronym (" + ", ".join(sorted(ORGANISATIONS)) + ")",
                    ),
                )
        for number, link in enumerate(event.links):
            if link.target == event.id:
                add(index, f"links[{number}].target", "an event cannot link to itself", code="link")
            elif link.target not in first_index:
                near = nearest(link.target, list(first_index))
                add(
                    index,
                    f"links[{number}].target",
                    f"link to unknown event {link.target!r}",
                    f"did you mean {near!r}?"
                    if near
                    else "a link's target must be the id of another event in the same timeline",
                    code="link",
                )
    found.extend(_part_of_cycles(events, first_index))
    return found


def _floating_under_a_zone(events: Sequence[Event], zone: str | None) -> list[Problem]:
    """A time with no zone where a reader would find one (the timeline's zone, the place's, or
    its country's): no exported file could give this timeline back. Readers apply that zone,
    so only a timeline built in code can have both."""
    found = []
    for event in events:
        if not event.when.floating:
            continue
        place = event.place
        if place is not None and place.timezone is not None:
            why = f"its place's zone is {place.timezone}"
        elif place is not None and place.country is not None:
            why = f"its place is in {place.country}, whose zone a reader would look up"
        elif zone is not None:
            why = f"the timeline's zone is {zone}"
        else:
            continue
        found.append(
            Problem(
                f"{event.when.human()} has no zone, but {why}: every reader of an exported "
                "file would put the time in that zone",
                Location(event_id=event.id, field="when"),
                "give the time its zone (When.parse(text, zone=...)), or leave the zone out",
                "floating",
            )
        )
    return found


def nearest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate a misspelt or shortened name most likely meant, if any is close.

    A shortened id ("caspian-summit" for "caspian-summit-ashgabat-2022") counts, when only
    one candidate begins with it.
    """
    starting = [candidate for candidate in candidates if candidate.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


def _part_of_cycles(
    events: Sequence[CrossChecked], first_index: dict[str, int]
) -> list[tuple[int, Problem]]:
    """Part-of must form a forest: one depth-first pass finds every event that contains itself."""
    # only an event with part-of links can be on a cycle; a duplicate id is reported
    # elsewhere, and its links are not followed
    parents: dict[str, list[str]] = {}
    for index, event in enumerate(events):
        if event.links and first_index[event.id] == index:
            targets = [link.target for link in event.links if link.rel is Relation.PART_OF]
            if targets:
                parents[event.id] = targets
    finished: set[str] = set()
    found: list[tuple[int, Problem]] = []
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
                problem = Problem(message, where, "no event may contain itself", "cycle")
                found.append((first_index[target], problem))
            elif target in parents and target not in finished:
                path.append(target)
                on_path.add(target)
                stack.append(iter(parents[target]))
    return found
