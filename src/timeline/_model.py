"""The typed timeline: frozen pydantic models that know nothing of files or output formats.

Field rules (a slug id, a real country code, counts that add up) live here so that every reader
gets them for free, and each refusal carries its code (`Refused`); rules that need the whole
timeline (unique ids, links that resolve, no part-of cycles) live in `_cross_checks`, which the
loader also calls to locate each problem.
"""

from __future__ import annotations

import copy
import enum
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Final, Self, TypeVar, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from timeline._codes import ORGANISATIONS, meant_country
from timeline._cross_checks import find_problems
from timeline._errors import (
    DateError,
    InvalidTimeline,
    Location,
    MissingReference,
    Problem,
    ProblemCode,
    Refused,
    SelectionError,
    TimelineWarning,
    counted,
    nearest,
    warn,
)
from timeline._field_types import (
    Count,
    Country,
    Paragraphs,
    Participants,
    Slug,
    Tags,
    Text,
    Url,
    Zone,
    named_country,
    no_duplicates,
    zone_choice,
)
from timeline._fields_sets import is_shared, shared_set
from timeline._gazetteer import Gazetteer
from timeline._geography import countries_of_zone, zones_of_country
from timeline._refusals import problems_in, timeline_problems_in
from timeline._rules import rule_text
from timeline._shared_values import empty_mapping
from timeline._vocabularies import Kind, Position, Relation, Status
from timeline._when import Precision, When
from timeline._when._calendar import RANK

__all__ = [
    "EVENT_MODELS",
    "Event",
    "Kind",
    "KnownPlace",
    "Link",
    "Place",
    "PlaceName",
    "Position",
    "Relation",
    "Repeats",
    "Source",
    "Status",
    "Timeline",
    "Vote",
    "checked_timeline",
    "nearest",
    "reference_day",
]

_E = TypeVar("_E", bound=enum.Enum)

#: Validation-context flag by which the loader says it has already run `find_problems` itself.
_ALREADY_CHECKED = "timeline.find_problems-done"


class _Frozen(BaseModel):
    """A frozen model whose refusals are `InvalidTimeline`s, whose copies are validated, and
    whose sets of given fields are shared and read-only."""

    # schemas built on first validation, not at import: a `check` builds only the ones it uses
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True)

    def __init__(self, /, **data: Any) -> None:
        """Validate `data`: a refusal is an `InvalidTimeline` naming each field."""
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise _invalid(type(self), error, data) from None

    # pydantic's mark of its own `__init__`: models nested in another are still built by
    # pydantic-core alone (a custom one would be called for each source of each event, and
    # its refusal nested in the outer one's)
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """pydantic's validation (same options); a refusal is an `InvalidTimeline`."""
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise _invalid(cls, error, obj) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """pydantic's validation of JSON text (same options); a refusal is an `InvalidTimeline`."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise _invalid(cls, error, None) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """pydantic's validation of strings (same options); a refusal is an `InvalidTimeline`."""
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as error:
            raise _invalid(cls, error, obj) from None

    @classmethod
    def _pydantic_validate(cls, obj: Any, context: Mapping[str, Any] | None = None) -> Self:
        """pydantic's own validation, refusing with its `ValidationError`: for the loader, which
        locates each of its errors in the file. pydantic-core's validator called directly: a
        load calls this for every event, and `model_validate` only passes the call on."""
        return cls.__pydantic_validator__.validate_python(obj, context=context)  # type: ignore[no-any-return]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with `update`, validated as a new model would be (a timeline as a whole).

        pydantic's own copy puts `update` in place unchecked, so a copy could hold a date
        that is not one, or a timeline two events with one id.

        Raises:
            InvalidTimeline: naming each updated field that is wrong, or an unknown field.
        """
        if not update:
            return super().model_copy(deep=deep)
        given = {name: getattr(self, name) for name in self.model_fields_set} | dict(update)
        return type(self)(**(copy.deepcopy(given) if deep else given))

    def _unchecked_copy(self, changes: Mapping[str, Any]) -> Self:
        """A copy with `changes` put in place unvalidated: only for values already checked."""
        values = {name: getattr(self, name) for name in type(self).model_fields} | dict(changes)
        copied = cast("Self", self.model_construct(**values))  # the plugin says _Frozen
        given = shared_set(self.model_fields_set | changes.keys(), type(self))
        object.__setattr__(copied, "__pydantic_fields_set__", given)
        return copied

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """Share the set of fields given among models given the same ones (see `_FieldsSet`)."""
        _share_fields_set(self)
        return self


def _share_fields_set(model: BaseModel) -> None:
    """`model`'s fields set replaced by the one shared set holding the same names."""
    shared = shared_set(model.__pydantic_fields_set__, type(model))
    object.__setattr__(model, "__pydantic_fields_set__", shared)


def _invalid(model: type[BaseModel], error: ValidationError, data: object) -> InvalidTimeline:
    """pydantic's refusal of a model built in code, in the words and places a loaded file's
    problems have (the loader's own conversion, `_refusals`): an event's by its id."""
    if model is Timeline:
        return InvalidTimeline(timeline_problems_in(error, data, _TIMELINE_MODELS, EVENT_MODELS))
    if model is not Event:
        return InvalidTimeline(problems_in(error, {**EVENT_MODELS, "": model}, None))
    given = data.get("id") if isinstance(data, Mapping) else None
    identified = given if isinstance(given, str) else None
    return InvalidTimeline(problems_in(error, EVENT_MODELS, identified))


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
            raise Refused("give both lat and lon, or neither", ProblemCode.INCONSISTENT)
        return self

    @model_validator(mode="after")
    def _zone_is_in_the_country(self) -> Self:
        if self.country is None or self.timezone is None:
            return self
        countries = countries_of_zone(self.timezone)
        if not countries or self.country in countries:
            return self
        there = " or ".join(named_country(code) for code in sorted(countries))
        own = zones_of_country(self.country)
        meant = f"country = {next(iter(countries))!r}" if len(countries) == 1 else "its code"
        raise Refused(
            f"the zone {self.timezone} is in {there}, not in {named_country(self.country)}; if the "
            f"place is there, write {meant}, else give a zone of {self.country}{zone_choice(own)}",
            ProblemCode.INCONSISTENT,
        )


def _place_as_validated(value: object, validate: ValidatorFunctionWrapHandler) -> object:
    """A place already validated (the loader's, met before) as it is: pydantic would run its
    model validators on it again, three calls an event."""
    if type(value) is Place and is_shared(value.__pydantic_fields_set__):
        return value
    return validate(value)


def _sources_as_validated(value: object, validate: ValidatorFunctionWrapHandler) -> object:
    """Sources as they are, in one call for all of them: pydantic would call `Source`'s one
    model validator (which shares its fields set, as validation did) again for each."""
    if (type(value) is list or type(value) is tuple) and set(map(type, value)) == {Source}:
        return tuple(value)
    return validate(value)


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
    positions: dict[Country, Position] = Field(default_factory=empty_mapping)

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain + self.absent

    @model_validator(mode="after")
    def _counts_add_up(self) -> Self:
        if self.members is not None and self.total != self.members:
            raise Refused(
                f"yes + no + abstain + absent = {self.total}, but the body has "
                f"{counted(self.members, 'member')}; correct a count or `members`",
                ProblemCode.INCONSISTENT,
            )
        tally = {Position.YES: self.yes, Position.NO: self.no}
        tally |= {Position.ABSTAIN: self.abstain, Position.ABSENT: self.absent}
        for position, count in tally.items():
            named = sum(1 for value in self.positions.values() if value is position)
            if named > count:
                listed = counted(named, "country", "countries")
                raise Refused(
                    f"{listed} {'is' if named == 1 else 'are'} listed as voting "
                    f"{position.value!r}, but the tally says {count}",
                    ProblemCode.INCONSISTENT,
                )
        return self


def _exact(when: When) -> str | None:
    """Why `when` cannot start a series or name one of its occurrences, or None when it can."""
    if RANK[when.precision] < RANK[Precision.DAY]:
        return f"{when} is not a day or a time of day"
    if when.approximate or when.uncertain or when.is_open or when.unspecified:
        return f"{when} is not exact"
    if when.scope is not None:
        return f"{when} is not one day or one stretch of days"
    return None


def _one_moment(when: When) -> When:
    reason = _exact(when) or ("it is a span" if when.is_interval else None)
    if reason is not None:
        raise Refused(f"{reason}; give one exact day or time", ProblemCode.DATE)
    return when


def _rules(value: object) -> object:
    return (value,) if isinstance(value, str) else value


def _dates_in_order(moments: tuple[When, ...]) -> tuple[When, ...]:
    """Dates once each, in order: a set of days, so the order written makes no difference."""
    return tuple(sorted(no_duplicates(moments)))


#: A day or a time of day, exact: an extra occurrence of a series, or one it leaves out.
Moment = Annotated[When, AfterValidator(_one_moment)]
#: A repeat rule as RFC 5545 writes it, checked by dateutil (`_rules`).
Rule = Annotated[str, AfterValidator(rule_text)]


class Repeats(_Frozen):
    """How a series repeats: RFC 5545's RRULE, RDATE and EXDATE, in words a person can write.

    Written as a rule alone (`repeats = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626"`) or as a table
    (`repeats = { rule = "FREQ=WEEKLY;BYDAY=MO", skip = ["2023-04-10"] }`). The occurrences are
    never stored: they are computed for a window when asked, so an endless series stays one.
    """

    #: The rules (usually one), each as RFC 5545 writes an RRULE's value.
    rule: Annotated[tuple[Rule, ...], BeforeValidator(_rules)] = ()
    #: Occurrences the rule does not give (RDATE), each a day or a time like the series' start.
    also: Annotated[tuple[Moment, ...], AfterValidator(_dates_in_order)] = ()
    #: Occurrences the rule gives that do not take place (EXDATE).
    skip: Annotated[tuple[Moment, ...], AfterValidator(_dates_in_order)] = ()

    @model_validator(mode="before")
    @classmethod
    def _rule_alone(cls, data: Any) -> Any:
        return {"rule": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _repeats_something(self) -> Self:
        if not self.rule and not self.also:
            message = "a series needs a rule or other dates (`rule` or `also`)"
            raise Refused(message, ProblemCode.MISSING)
        return self


class Event(_Frozen):
    """One dated thing that happened, or was planned to."""

    id: Slug
    title: Text
    when: When
    kind: Kind
    status: Status = Status.OCCURRED
    summary: Paragraphs = ""
    place: Annotated[Place | None, WrapValidator(_place_as_validated)] = None
    participants: Participants = ()
    #: Expected participants that stayed away (a leader who skipped a summit), kept apart from
    #: `participants` so that a filter by country never counts them as present.
    absent: Participants = ()
    tags: Tags = ()
    sources: Annotated[
        tuple[Source, ...], Field(min_length=1), WrapValidator(_sources_as_validated)
    ]
    links: tuple[Link, ...] = ()
    vote: Vote | None = None
    note: Paragraphs | None = None
    #: The date as the source wrote it ("last Thursday", "summer 2022"), kept beside the
    #: canonical `when` that every writer uses, so a reader can see how it was resolved.
    when_text: Text | None = None
    #: The day a relative `when_text` was read against, when it is not the first source's
    #: publication day (a piece updated later, a quote reported days after it was said).
    as_of: date | None = None
    #: How it repeats, when it is a series: `when` is then its first occurrence (with an end,
    #: also how long each lasts).
    repeats: Repeats | None = None
    #: For one occurrence of a series that was moved, changed or cancelled (RFC 5545's
    #: RECURRENCE-ID): the series' id, and the start its rule gave that occurrence.
    series: Slug | None = None
    occurrence: Moment | None = None
    #: The identifier a calendar gave the event, written back unchanged; None for our own
    #: events, whose exports derive one from the id.
    uid: Text | None = None
    #: What another format's file had that no field holds (an .ics event's organizer, alarms,
    #: its own X- properties), by format name, as that format wrote it: only its writer reads it.
    carried: dict[Slug, str] = Field(default_factory=empty_mapping)

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """An event's rules, after its fields set is shared as every model's is: one call from
        pydantic-core for the four, which a load makes for every event."""
        _share_fields_set(self)
        self._series_fits()
        self._vote_belongs_to_a_vote()
        self._absent_were_not_there()
        return self

    def _series_fits(self) -> None:
        if self.repeats is not None:
            reason = _exact(self.when)
            if reason is not None:
                message = f"a series starts on an exact day or time, and {reason}"
                raise Refused(message, ProblemCode.DATE, field="when")
            if self.series is not None:
                message = "an event is a series (`repeats`) or one occurrence of one (`series`)"
                raise Refused(message, ProblemCode.INCONSISTENT, field="repeats")
        if (self.series is None) != (self.occurrence is None):
            message = (
                "one occurrence of a series names both the series (`series`) and the start its "
                "rule gave it (`occurrence`)"
            )
            missing = "occurrence" if self.occurrence is None else "series"
            raise Refused(message, ProblemCode.MISSING, field=missing)

    def _vote_belongs_to_a_vote(self) -> None:
        if self.vote is not None and self.kind is not Kind.VOTE:
            message = f"a vote outcome needs kind = 'vote', not {self.kind.value!r}"
            raise Refused(message, ProblemCode.INCONSISTENT)

    def _absent_were_not_there(self) -> None:
        if not self.absent:
            return
        both = sorted(set(self.participants) & set(self.absent))
        if both:
            raise Refused(
                f"{', '.join(map(repr, both))} listed both in participants and as absent; "
                "keep each in one of the two",
                ProblemCode.INCONSISTENT,
            )

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


class PlaceName(_Frozen):
    """One name a place had, from `since` through `until` (either end open), so that an event
    of 2021 in Kazakhstan's capital is shown in Nur-Sultan and one of 2023 in Astana."""

    name: Text
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise Refused(
                f"until ({self.until}) is before since ({self.since}); give the first and the "
                "last day the name was used",
                ProblemCode.INCONSISTENT,
            )
        return self


class KnownPlace(_Frozen):
    """A place under every name it has had (`names`, in time order) and the spellings that
    identify it at any time (`aliases`): files written in different years then agree on it."""

    names: tuple[PlaceName, ...]
    aliases: tuple[Text, ...] = ()
    country: Country | None = None

    @model_validator(mode="after")
    def _names_follow_each_other(self) -> Self:
        if not self.names:
            raise Refused(
                'a place needs at least one name: names = [{ name = "Astana" }]',
                ProblemCode.MISSING,
            )
        for before, after in itertools.pairwise(self.names):
            if before.until is None or after.since is None or after.since <= before.until:
                raise Refused(
                    f"the names {before.name!r} and {after.name!r} overlap in time; give each "
                    "name but the last an `until`, and the next one a later `since`",
                    ProblemCode.INCONSISTENT,
                )
        return self


class Timeline(_Frozen):
    """A validated chronology: events in order, ids unique, links resolved.

    Change one with `with_event` and `without_event`, or `model_copy(update=...)`: each gives a
    new timeline, validated as a whole.

    Raises:
        InvalidTimeline: naming each field that is missing or wrong, in the header or an event
            (by the event's id); else every problem across events (a duplicate id, a link to no
            event, an unknown organisation, a part-of cycle). It is a `ValueError` too.
    """

    title: Text
    description: Paragraphs = ""
    timezone: Zone | None = None
    updated: date | None = None
    organisations: dict[str, Text] = Field(default_factory=dict)
    #: Other names of organisations (ОДКБ for CSTO), read as the acronym they stand for.
    organisation_aliases: dict[Text, Text] = Field(default_factory=dict)
    #: Places under every name they have had, beside the built-in ones (`Gazetteer`).
    places: dict[Slug, KnownPlace] = Field(default_factory=dict)
    events: tuple[Event, ...] = ()

    @model_validator(mode="after")
    def _aliases_stand_for_organisations(self) -> Self:
        for alias, acronym in self.organisation_aliases.items():
            if acronym not in ORGANISATIONS and acronym not in self.organisations:
                raise Refused(
                    f"the alias {alias!r} stands for {acronym!r}, which is not a known "
                    "organisation; declare it under organisations, or use a known acronym",
                    ProblemCode.INCONSISTENT,
                )
        return self

    @model_validator(mode="after")
    def _whole_timeline(self, info: ValidationInfo) -> Self:
        checked = isinstance(info.context, dict) and info.context.get(_ALREADY_CHECKED)
        if not checked:
            problems = _problems_of(self)
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

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """Its places and organisations under every name (the built-in table and its own): the
        name a place bore on a day, whether two places are one, what an alias stands for."""
        return Gazetteer(self.places, self.organisation_aliases)

    def organisation_name(self, acronym: str) -> str | None:
        """The full name of an organisation participant, from the timeline or the built-in list."""
        return self.organisations.get(acronym) or ORGANISATIONS.get(acronym)

    def with_event(self, event: Event | Mapping[str, Any]) -> Timeline:
        """A new timeline with `event` added, or in place of the event with its id.

        The event may be given as its fields. The timeline is validated as a whole, so each
        call costs a check of every event: to change many, give them all to `model_copy`. On
        a selection, links to the events it left out stay allowed, as `select` keeps them.

        Raises:
            InvalidTimeline: naming each wrong field of the event, or a link to no event, or
                a participant the timeline does not know.
        """
        added = event if isinstance(event, Event) else Event(**event)
        kept = [each for each in self.events if each.id != added.id]
        return self._holding((*kept, added))

    def without_event(self, event_id: str) -> Timeline:
        """A new timeline less the event with this id, validated as a whole.

        Raises:
            KeyError: no event has the id (the message names the nearest that does).
            InvalidTimeline: other events link to it; remove or retarget their links first.
        """
        if event_id not in self.by_id:
            near = nearest(event_id, list(self.by_id))
            raise KeyError(
                f"no event has the id {event_id!r}" + (f"; did you mean {near!r}?" if near else "")
            )
        return self._holding(tuple(each for each in self.events if each.id != event_id))

    def _holding(self, events: tuple[Event, ...]) -> Timeline:
        """A copy holding `events`, validated as a whole, but for what this timeline already
        had: a selection keeps links to the events it left out, and that is not the change's
        doing (only a selection, or a model built with `model_construct`, can have any)."""
        try:
            return self.model_copy(update={"events": events})
        except InvalidTimeline as refusal:
            had = {_where(problem) for problem in _problems_of(self)}
            new = [problem for problem in refusal.problems if _where(problem) not in had]
            if new:
                raise InvalidTimeline(new) from None
            return self._unchecked_copy({"events": _in_order(events)})

    def select(
        self,
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        kinds: Kind | str | Iterable[Kind | str] = (),
        participants: str | Iterable[str] = (),
        tags: str | Iterable[str] = (),
        statuses: Status | str | Iterable[Status | str] = (),
        places: str | Iterable[str] = (),
    ) -> Timeline:
        """The events that match every given criterion (and any value within one criterion).

        Each criterion but the dates takes one value or several: `kinds="summit"` is
        `kinds=["summit"]`.

        Dates may be any form `When.parse` reads, as on the command line: `start="2022-06"`
        means from 1 June 2022, `end="2022-06"` up to 30 June. An imprecise date matches a range
        if any of its days falls in it, so "October 2022" is kept by a selection of 13 October.
        A series is kept when any of its occurrences (or an override's new date) falls in the
        range, an endless one whenever the range goes on after it starts; an override goes with
        its series. Links to events left out are kept as they are.

        A place matches under any of its names (`places="Nur-Sultan"` keeps the events in
        Astana, of any year; see `gazetteer`), an organisation under its other names
        (`participants="ОДКБ"` is the CSTO).

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
            tests.append(_in_window(self.events, first, last))
        if wanted_kinds := {member_of(Kind, each, "kind") for each in _values(kinds, "kinds")}:
            tests.append(lambda event: event.kind in wanted_kinds)
        if wanted_people := _values(participants, "participants"):
            wanted_people = {self.gazetteer.organisation(code) for code in wanted_people}
            self._warn_unknown("participant", wanted_people, self._used("participants"))
            tests.append(lambda event: not wanted_people.isdisjoint(event.participants))
        if wanted_tags := _values(tags, "tags"):
            self._warn_unknown("tag", wanted_tags, self._used("tags"))
            tests.append(lambda event: not wanted_tags.isdisjoint(event.tags))
        if wanted_places := _values(places, "places"):
            tests.append(self._at_places(wanted_places))
        statuses_given = _values(statuses, "statuses")
        if wanted_statuses := {member_of(Status, each, "status") for each in statuses_given}:
            tests.append(lambda event: event.status in wanted_statuses)
        chosen = tuple(event for event in self.events if all(test(event) for test in tests))
        # the events are already valid and ordered, and links to events left out stay as they are
        return self._unchecked_copy({"events": chosen})

    def _at_places(self, wanted: set[str]) -> Callable[[Event], bool]:
        """Whether an event is at one of the places named, under any of their names; warns
        of a name no event's place answers to, as for a participant."""
        at = self.gazetteer.at_any_of(wanted)
        used = {event.place for event in self.events if event.place is not None}
        unmatched = {name for name in wanted if not any(at(place, {name}) for place in used)}
        self._warn_unknown("place", unmatched, {place.name for place in used})
        return lambda event: at(event.place, wanted)

    def _used(self, field: str) -> set[str]:
        return {value for event in self.events for value in getattr(event, field)}

    def _warn_unknown(self, what: str, wanted: set[str], used: set[str]) -> None:
        for value in sorted(wanted - used):
            meant = meant_country(value) if what == "participant" else None  # IDN, kz, UK
            near = meant if meant in used else nearest(value, sorted(used))
            listed = ", ".join(sorted(used)) or "none"
            guess = f"did you mean {near!r}? " if near else ""
            warn(
                TimelineWarning(
                    f"no event has the {what} {value!r}; {guess}those in use: {listed}"
                ),
            )


def _in_window(
    events: Sequence[Event], first: date | None, last: date | None
) -> Callable[[Event], bool]:
    """Whether an event falls from `first` through `last`: by its dates, a series by its
    occurrences (found when a series or an override is first met), an override by its series'."""
    found: tuple[set[str], set[str]] | None = None

    def within(event: Event) -> bool:
        nonlocal found
        if event.repeats is None and event.series is None:  # the usual case: by its dates
            return event.when.overlaps(first, last)
        series, kept = found = found or _series_in_window(events, first, last)
        key = event.id if event.repeats is not None else event.series
        return key in kept if key in series else event.when.overlaps(first, last)

    return within


def _series_in_window(
    events: Sequence[Event], first: date | None, last: date | None
) -> tuple[set[str], set[str]]:
    """The ids of the series, and of those with an occurrence (or an override) in the window."""
    from timeline._occurrences import occurrences_of  # on first use: only series need it

    moved: dict[str, list[Event]] = {event.id: [] for event in events if event.repeats}
    for event in events:
        if event.series in moved:
            moved[event.series].append(event)
    kept = set()
    for each in (event for event in events if event.id in moved and event.repeats):
        lasting = each.when.last_day - each.when.first_day  # one begun before, still going on
        low = date.min if first is None or first - date.min <= lasting else first - lasting
        found = occurrences_of(each, low, last or date.max, moved[each.id], limit=1)
        if found.items or found.capped or any(o.when.overlaps(first, last) for o in moved[each.id]):
            kept.add(each.id)
    return set(moved), kept


def _problems_of(timeline: Timeline) -> list[Problem]:
    """What the rules across events find in a timeline's events."""
    problems = [problem for _, problem in find_problems(timeline.events, timeline.organisations)]
    return problems + _floating_under_a_zone(timeline.events, timeline.timezone)


def _where(problem: Problem) -> tuple[str | None, str | None, str | None]:
    """A problem's kind and place, the same whatever its words (a hint names the nearest id)."""
    return (problem.code, problem.location.event_id, problem.location.field)


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
    except MissingReference:
        raise SelectionError(f"{name}: {relative_bound(value)}") from None
    except DateError as error:
        raise SelectionError(f"{name}: {error}") from None
    return when.last_day if last else when.first_day


def relative_bound(text: str) -> str:
    """Why a relative date ("last week") cannot bound a selection, and what to write instead.

    It would be read against today, and the same command would then select other events
    tomorrow: a selection, like an export, depends only on what it is given.
    """
    return (
        f"{text!r} is relative, and a selection has no day to read it against (today would "
        "make the output change from day to day); write the dates it means, e.g. 2022-10-03, "
        "2022-10 or 2022"
    )


def _values(given: object, name: str) -> set[Any]:
    """One criterion's values: a string is one value (not its letters), else each item."""
    if isinstance(given, str):
        return {given}
    if not isinstance(given, Iterable):
        raise SelectionError(
            f"{name} must be a value or a list of values, not {type(given).__name__}"
        )
    return set(given)


def member_of(kind: type[_E], value: object, name: str) -> _E:
    """The member of a closed vocabulary that `value` names, or a SelectionError naming the
    word meant ("vist": 'visit') or listing the words."""
    try:
        return kind(value)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in kind)
        near = nearest(value, [member.value for member in kind]) if isinstance(value, str) else None
        advice = f"did you mean {near!r}?" if near else f"use one of {accepted}"
        raise SelectionError(f"{value!r} is not a {name}; {advice}") from None


#: Pass as `context=` to `Timeline.model_validate` after running `find_problems` yourself.
TRUSTED_CONTEXT = {_ALREADY_CHECKED: True}


def _in_order(events: Iterable[Event]) -> tuple[Event, ...]:
    """The events by `Event.sort_key`: by id, then (a stable sort) by date, which is the same
    order without a key tuple made for each event (64 bytes a million times over)."""
    ordered = sorted(events, key=_id_of)
    ordered.sort(key=_date_key_of)
    return tuple(ordered)


def _id_of(event: Event) -> str:
    return event.id


def _date_key_of(event: Event) -> tuple[object, ...]:
    return event.when.sort_key


def checked_timeline(header: Mapping[str, Any], events: Iterable[Event]) -> Timeline:
    """A timeline of events a loader has validated and run `find_problems` on itself.

    Given to `model_validate`, an Event instance is not validated again, but pydantic runs its
    model validators once more (a third of a million calls on a 100,000-event load); the
    header alone is validated here and the events are put in order as validation would.
    """
    timeline = Timeline.model_validate({**header, "events": ()}, context=TRUSTED_CONTEXT)
    return timeline._unchecked_copy({"events": _in_order(events)})


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
                ProblemCode.FLOATING,
            )
        )
    return found


#: The models of an event's fields, by the field that holds each: what `_refusals` words an
#: event's refusal with.
EVENT_MODELS: Final[Mapping[str, type[BaseModel]]] = MappingProxyType(
    {"": Event, "place": Place, "sources": Source, "links": Link, "vote": Vote, "repeats": Repeats}
)
_TIMELINE_MODELS: Final[Mapping[str, type[BaseModel]]] = MappingProxyType({"": Timeline})
