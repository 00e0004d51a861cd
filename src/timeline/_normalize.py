"""Raw tables (from any reader) -> a validated `Timeline`, reporting every problem at once.

Readers hand over plain data (what TOML or JSON parsed into) and a `Locator` that can later say on
which line a field was written. Finding lines is only done when something is wrong, so a valid
file pays nothing for it. The problems are gathered by `_collector` and pydantic's are worded by
`_refusals`; this module turns the raw tables into models and runs the rules of the whole.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from timeline._codes import COUNTRIES
from timeline._collector import (
    Collector,
    Locator,
    Phrasing,
    Placing,
    as_written,
    field_name,
    first_on_line,
    line_of,
    no_lines,
    parse_field,
)
from timeline._cross_checks import CrossChecked, find_problems
from timeline._errors import (
    DateError,
    LikelyMistake,
    Location,
    MissingReference,
    Problem,
    ProblemCode,
    Suggestion,
    TimelineWarning,
    warn,
    warn_each,
)
from timeline._geography import countries_of_zone, country_name, zones_of_country
from timeline._model import (
    EVENT_MODELS,
    TRUSTED_CONTEXT,
    Event,
    Link,
    Place,
    Source,
    Timeline,
    checked_timeline,
    reference_day,
)
from timeline._refusals import kind_of, likely_field, report, report_all, unknown_field
from timeline._review import Placer, likely_mistakes
from timeline._shared_values import SharedModels, SharedStrings, SharedTuples, key_sharing_dict
from timeline._when import When, when_from_value, written_in_words

__all__ = [
    "Locator",
    "Phrasing",
    "StreamedEvents",
    "build_timeline",
    "bulk_loading",
    "field_name",
    "likely_field",
    "line_of",
    "paused_garbage_collection",
    "unknown_field",
]

_M = TypeVar("_M", Source, Place)

#: The model of the [timeline] table's fields, checked before its events.
_HEADER_MODELS: Final[Mapping[str, type[BaseModel]]] = {"": Timeline}


class StreamedEvents:
    """A reader's raw events, parsed a part of the file at a time as they are built, so the
    whole parsed document is never alive at once. Its iterator may raise what the reader
    decides (the TOML reader falls back to one parse on anything unexpected)."""

    def __init__(self, parts: Iterable[list[Any]]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[Any]:
        return chain.from_iterable(self.parts)


def build_timeline(
    document: Mapping[str, Any],
    *,
    source: str | None = None,
    locate: Locator = no_lines,
    allowed_top_level: Sequence[str] = ("timeline", "events"),
    consume: bool = False,
    skip_invalid: bool = False,
    phrase: Phrasing = as_written,
    place: Placing = first_on_line,
    earlier: Sequence[Problem] = (),
) -> Timeline:
    """Normalize and validate a whole document, as one reader hands it over.

    Problems are found in neutral terms; `phrase` words each for the reader's format, `earlier`
    are the reader's own problems (reported with the loader's, in one order: by line, then by
    `place`), and a field the reader reported is not reported again.

    With `consume`, a reader that owns `document` lets each raw event go once it is built, so
    the parsed tables and the events are not all held at once: a quarter less peak memory on
    a large file (benchmarks/bench_load.py). The document's events list is left empty of them.
    With `skip_invalid`, an event with a problem is left out with a `TimelineWarning` saying
    why, and so is an event whose link would point at one left out.

    Raises:
        InvalidTimeline: listing every problem, the reader's and the loader's, located.
    Warns:
        TimelineWarning: for each event left out with `skip_invalid`.
        LikelyMistake: for data that is probably wrong though valid (see `_review`).
    """
    found = Collector(source, locate, phrase, place, earlier)
    with paused_garbage_collection():
        return _build(document, found, allowed_top_level, consume, skip_invalid)


#: Set by `bulk_loading`: whether a load hands what it built to the collector's oldest generation.
_SETTLE: ContextVar[bool] = ContextVar("timeline_settle_loads", default=False)


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause the cycle collector while a load builds many small acyclic objects, and restore
    it as it was, even on error.

    A 100,000-event load allocates millions of objects and none of them form cycles; left on,
    the collector would walk them again and again while they are built. Paused, it walks
    each survivor once afterwards, as for any objects a program makes. Nothing else about the
    caller's collector changes: their objects stay in their generations, none is frozen.
    Under `bulk_loading` the load also hands what it built to the oldest generation.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _SETTLE.get() and not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextmanager
def bulk_loading() -> Iterator[None]:
    """Loads in this block hand what they built to the collector's oldest generation.

    Paused during a load, the cycle collector afterwards walks every object the load made,
    twice (as young, then as middle-aged objects), about a tenth of the load's own time
    (benchmarks/bench_ratios.py). Here each load ends with `gc.freeze()` and `gc.unfreeze()`,
    which moves every object alive to the oldest generation at once, so that walk is saved.
    It moves *all* of the program's objects, its own young ones too, which the collector then
    frees later than it would have; so it is a choice, for a program that loads large files
    and little else (the command line makes it). Nothing happens if the program froze objects
    of its own (`gc.get_freeze_count()`). It holds in this thread (or task) only.

        >>> import timeline
        >>> with timeline.bulk_loading():
        ...     chronology = timeline.load("data/events.toml")
    """
    token = _SETTLE.set(True)
    try:
        yield
    finally:
        _SETTLE.reset(token)


def _build(
    document: Mapping[str, Any],
    found: Collector,
    allowed_top_level: Sequence[str],
    consume: bool,
    skip_invalid: bool = False,
) -> Timeline:
    _report_unknown_keys(document, found, allowed_top_level)
    header = _timeline_table(document.get("timeline"), found)
    raw_events = _raw_events(document, found)
    streamed = isinstance(raw_events, StreamedEvents)
    zone = header.get("timezone") if isinstance(header.get("timezone"), str) else None
    events: list[Event] = []
    built_at = array("q")  # where each event was read: no int object of its own (28 bytes)
    gone: set[str] = set()  # ids of events left out, when skipping
    written: list[CrossChecked] = []  # the valid events and the stand-ins of invalid ones
    positions = array("q")
    reused = _Reused(header.get("organisation_aliases"))
    for index, raw in enumerate(raw_events):
        event = _event(index, raw, zone, found, reused)
        if event is not None:
            events.append(event)
            built_at.append(index)
        entry = event or _stand_in(raw)
        if skip_invalid and event is None:
            entry = None
            if (stand_in := _stand_in(raw)) is not None:
                gone.add(stand_in.id)
        if entry is not None:
            written.append(entry)
            positions.append(index)
        if consume and not streamed:
            raw_events[index] = None
    reused.named(events)
    del reused  # what the events share stays with them; the tables that found it go
    organisations = header.get("organisations")
    known = organisations if isinstance(organisations, dict) else {}
    while True:
        if gone:
            events = [_without_links_to(gone, event, found.source) for event in events]
            written = list(events)
        _report_whole_timeline(found, written, positions, known)
        if not skip_invalid:
            break
        skipped = found.skip_invalid_events()
        if not skipped.intersection(built_at):
            break
        # leaving events out can leave links dangling: check what remains once more
        kept = [
            (at, event) for at, event in zip(built_at, events, strict=True) if at not in skipped
        ]
        gone.update(event.id for at, event in zip(built_at, events, strict=True) if at in skipped)
        built_at, events = array("q", (at for at, _ in kept)), [event for _, event in kept]
        written, positions = list(events), array("q", built_at)
    found.raise_if_any()
    timeline = checked_timeline(header, events)
    _warn_likely_mistakes(found, events, built_at, timeline.updated)
    return timeline


def _report_unknown_keys(
    document: Mapping[str, Any], found: Collector, allowed_top_level: Sequence[str]
) -> None:
    for key in document:
        if key not in allowed_top_level:
            hint, fix = unknown_field(key, allowed_top_level)
            message = f"unknown top-level key {key!r}"
            found.add(
                None,
                (key,),
                message,
                hint,
                code=ProblemCode.UNKNOWN_FIELD,
                suggestion=fix,
                found=key,
            )


def _raw_events(document: Mapping[str, Any], found: Collector) -> Any:
    """The document's events as written (a list, or a TOML file's parts as they are parsed);
    anything else is reported and read as no events."""
    raw_events = document.get("events", [])
    if isinstance(raw_events, StreamedEvents | list):
        return raw_events
    found.add(
        None,
        ("events",),
        "`events` must be a list of events",
        code=ProblemCode.NOT_A_LIST,
        expected="a list of events",
        found=kind_of(raw_events),
        suggestion=Suggestion("tables", "events", _AN_EVENT),
    )
    return []


def _report_whole_timeline(
    found: Collector,
    written: Sequence[CrossChecked],
    positions: Sequence[int],
    known: dict[str, str],
) -> None:
    """The rules of the whole timeline (`find_problems`), each located at its event's line; a
    duplicate id also says where the id was first used."""
    first_of: dict[str, int] = {}  # made for the first duplicate: a table of every id
    for index, problem in find_problems(written, known):
        where = problem.location
        message = problem.message
        if where.field == "id":  # only a duplicate is reported at `id`: say where the first is
            first_of = first_of or _first_uses(written, positions)
            line = found.locate(first_of[written[index].id], ("id",))
            message += f" (first used on line {line})" if line is not None else ""
        found.add(
            positions[index],
            parse_field(where.field),
            message,
            problem.hint,
            event_id=where.event_id,
            code=problem.code,
            suggestion=problem.suggestion,
        )


def _first_uses(written: Sequence[CrossChecked], positions: Sequence[int]) -> dict[str, int]:
    """Where each id is first used, by the event's position in the file."""
    first_of: dict[str, int] = {}
    for standing, at in zip(written, positions, strict=True):
        first_of.setdefault(standing.id, at)
    return first_of


def _warn_likely_mistakes(
    found: Collector, events: Sequence[Event], built_at: Sequence[int], updated: date | None
) -> None:
    warn_each(_likely_mistakes(found, events, built_at, updated))


def _likely_mistakes(
    found: Collector, events: Sequence[Event], built_at: Sequence[int], updated: date | None
) -> Iterator[LikelyMistake]:
    """Each likely mistake as a warning, located as the review finds it (once: thousands of
    look-alikes pay for each Location and Problem) and worded by the reader."""
    phrase = found.phrase
    for _index, problem in likely_mistakes(events, updated, _placer(found, built_at)):
        warning = LikelyMistake(str(phrase(problem)))
        warning.code = problem.code
        yield warning


def _placer(found: Collector, built_at: Sequence[int]) -> Placer:
    """Where a finding of the review is: the reader's file, and the line its locator finds."""
    paths: dict[str, tuple[str | int, ...]] = {}  # a few fields, thousands of warnings
    locate, source = found.locate, found.source

    def at(index: int, event_id: str, field: str) -> Location:
        path = paths.get(field)
        if path is None:
            path = paths[field] = parse_field(field)
        return Location(source, locate(built_at[index], path), event_id, field)

    return at


def _without_links_to(gone: set[str], event: Event, source: str | None) -> Event:
    """The event less its links to events left out, each dropped link a warning."""
    if not any(link.target in gone for link in event.links):
        return event
    for link in event.links:
        if link.target in gone:
            where = Location(file=source, event_id=event.id, field="links")
            message = f"link to {link.target!r} left out, since that event is left out"
            warn(TimelineWarning(f"{where}: {message}"))
    kept = tuple(link for link in event.links if link.target not in gone)
    return event.model_copy(update={"links": kept})


@dataclass(frozen=True, slots=True)
class _StandIn:
    """An invalid event's id alone, so the checks across events still see that it was written.

    Without it, a link to an event with a misspelt status would be reported as a link to an
    unknown event, and a second event reusing its id would go unreported. Its links and
    participants are left unchecked until the event itself is valid.
    """

    id: str
    participants: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    series: str | None = None
    repeats: None = None


def _stand_in(raw: object) -> _StandIn | None:
    event_id = raw.get("id") if isinstance(raw, dict) else None
    return _StandIn(event_id) if isinstance(event_id, str) else None


def _timeline_table(raw: object, found: Collector) -> dict[str, Any]:
    fix = Suggestion("table", "timeline", "a title")
    if raw is None:
        message = "the timeline's own fields (its title first) are missing"
        found.add(None, (), message, code=ProblemCode.MISSING, suggestion=fix, expected="timeline")
        return {"title": "untitled"}
    if not isinstance(raw, dict):
        message = "`timeline` must hold the timeline's own fields"
        found.add(
            None,
            ("timeline",),
            message,
            code=ProblemCode.NOT_A_TABLE,
            suggestion=fix,
            expected="a group of fields",
            found=kind_of(raw),
        )
        return {"title": "untitled"}
    header = dict(raw)
    known = [name for name in Timeline.model_fields if name != "events"]
    for key in list(header):
        if key not in known:
            hint, rename = unknown_field(key, known)
            message = f"unknown field {key!r} of the timeline"
            found.add(
                None,
                ("timeline", key),
                message,
                hint,
                code=ProblemCode.UNKNOWN_FIELD,
                suggestion=rename,
            )
            del header[key]
    # checked now, with no events, so that its problems come with the events' and not after them
    try:
        Timeline._pydantic_validate({**header, "events": ()}, context=TRUSTED_CONTEXT)
    except ValidationError as error:
        for detail in error.errors():
            report(found, None, ("timeline", *detail["loc"]), detail, _HEADER_MODELS)
    return header


class _Reused:
    """Sources and places already validated in this load, by the table they were read from.

    A chronology cites the same articles for many events and returns to the same places; a
    table written the same way gives the same frozen model, so it is validated once and held
    once. A table that is not valid, or that holds a list or a table, is left for the event's
    own validation, which reports its problems at the event's fields as before.
    """

    def __init__(self, aliases: object = None) -> None:
        self.tuples = SharedTuples()
        self.links = SharedModels()
        self.targets = SharedStrings()
        self.sources: dict[tuple[object, ...], Source] = {}
        self.places: dict[tuple[object, ...], Place] = {}
        #: the header's other names of organisations, read as the acronym they stand for
        self.aliases: dict[object, object] = dict(aliases) if isinstance(aliases, dict) else {}

    def codes_of(self, raw: object) -> object:
        """Participants as written, an organisation's declared alias read as its acronym."""
        if type(raw) is not list:
            return raw
        return [self.aliases.get(code, code) if isinstance(code, str) else code for code in raw]

    def sources_of(self, raw: object) -> object:
        if type(raw) is not list:
            return raw
        return [self.model(item, Source, self.sources) for item in raw]

    def place_of(self, raw: object) -> object:
        return self.model(raw, Place, self.places)

    def lightened(self, event: Event) -> Event:
        """The event just built, holding what it shares with others once: equal tuples of
        participants, tags, sources and links, the codes and tags in them (interned), and its
        field names (a key-sharing `__dict__`)."""
        values = event.__dict__
        tuples = self.tuples
        if values["links"]:
            values["links"] = tuples.of_models(tuple(map(self._link, values["links"])))
        for name in ("participants", "absent", "tags"):
            if values[name]:
                values[name] = tuples.of_strings(values[name])
        values["sources"] = tuples.of_models(values["sources"])
        object.__setattr__(event, "__dict__", key_sharing_dict(Event, values))
        return event

    def named(self, events: Iterable[Event]) -> None:
        """Each event linked to given the very string its links name it by (an id once)."""
        held = self.targets.held
        for event in events:
            values = event.__dict__
            values["id"] = held(values["id"])

    def _link(self, link: Link) -> Link:
        """The link held for one equal to `link`, its target the very id of the event named."""
        link.__dict__["target"] = self.targets.of(link.target)
        return self.links.of(link)

    @staticmethod
    def model(raw: object, model: type[_M], seen: dict[tuple[object, ...], _M]) -> object:
        if type(raw) is not dict:
            return raw
        key = tuple(raw.items())
        try:
            known = seen.get(key)
        except TypeError:  # a list or a table among the values: not a valid source or place
            return raw
        if known is None:
            try:
                known = seen[key] = model._pydantic_validate(raw)
            except ValidationError:
                return raw
        return known


def _event(
    index: int, raw: object, default_zone: str | None, found: Collector, reused: _Reused
) -> Event | None:
    if not isinstance(raw, dict):
        found.add(
            index,
            (),
            "an event must be a group of fields",
            code=ProblemCode.NOT_A_TABLE,
            expected="a group of fields",
            found=kind_of(raw),
            suggestion=Suggestion("tables", "events", _AN_EVENT),
        )
        return None
    data = dict(raw)
    event_id = data.get("id") if isinstance(data.get("id"), str) else None
    zone, unsure = _zone_for(data.pop("timezone", None), data.get("place"), default_zone)
    unreported: set[tuple[str | int, ...]] = set()  # fields left out, reported already
    if "when" in data and not _read_when(index, data, zone, unsure, found, event_id):
        del data["when"]
        unreported.add(("when",))
    _read_series_dates(data, zone)
    if "sources" in data:
        data["sources"] = reused.sources_of(data["sources"])
    if "place" in data:
        data["place"] = reused.place_of(data["place"])
    if reused.aliases:
        for field in ("participants", "absent"):
            if field in data:
                data[field] = reused.codes_of(data[field])
    event = _validated(index, data, found, event_id, unreported)
    return None if event is None else reused.lightened(event)


def _read_when(
    index: int,
    data: dict[str, Any],
    zone: str | None,
    unsure: tuple[str, Suggestion] | None,
    found: Collector,
    event_id: str | None,
) -> bool:
    """Read the event's `when` in place, in its zone and against its reference day; False,
    with the problem reported, when it cannot be read. A zone that was a guess is reported."""
    written = data["when"]
    # only a phrase can be relative: a notation or a TOML date needs no reference day, so the
    # first source's date is not read for every event
    in_words = isinstance(written, str) and written_in_words(written)
    reference = _reference_day(data) if in_words else None
    try:
        # unwarned: the review says a phrase's other reading, located at the event's line
        data["when"] = when_from_value(written, zone, reference, warned=False)
    except MissingReference as error:
        found.add(
            index,
            ("when",),
            error.message,
            event_id=event_id,
            code=ProblemCode.REFERENCE_DAY,
            suggestion=_reference_suggestion(data),
        )
        return False
    except DateError as error:
        found.add(
            index, ("when",), error.message, error.hint, event_id=event_id, code=ProblemCode.DATE
        )
        return False
    if unsure is not None and data["when"].is_timed and not _names_its_zone(written):
        message, fix = unsure
        found.add(
            index, ("when",), message, event_id=event_id, code=ProblemCode.ZONE, suggestion=fix
        )
    if in_words and "when_text" not in data:
        data["when_text"] = " ".join(written.split())
    return True


def _read_series_dates(data: dict[str, Any], zone: str | None) -> None:
    """A series' other dates (`repeats.also`, `repeats.skip`) and an occurrence's start, read in
    the event's zone as its `when` is, so a local time means the same wherever it is written."""
    places: list[tuple[dict[str, Any] | list[Any], str | int]] = []
    if "occurrence" in data:
        places.append((data, "occurrence"))
    repeats = data.get("repeats")
    if isinstance(repeats, dict):
        repeats = data["repeats"] = dict(repeats)
        for name in ("also", "skip"):
            if isinstance(repeats.get(name), list):
                values = repeats[name] = list(repeats[name])
                places += [(values, at) for at in range(len(values))]
    for holder, key in places:
        written = holder[key]  # type: ignore[index]
        if isinstance(written, When | bool) or not isinstance(written, str | date):
            continue  # pydantic names what is wrong with anything else
        try:
            holder[key] = When.from_value(written, zone=zone)  # type: ignore[index]
        except DateError:
            continue  # left as written: the model's own reading reports it, at this path


def _validated(
    index: int,
    data: dict[str, Any],
    found: Collector,
    event_id: str | None,
    unreported: set[tuple[str | int, ...]],
) -> Event | None:
    """The event, or None with each of its problems reported; a field in `unreported` was left
    out with a problem of its own, so it is not reported missing as well."""
    try:
        return Event._pydantic_validate(data)
    except RecursionError:
        # an enum's error message holds repr(value), and TOML's dotted keys (`a.b.c = 1`) can
        # nest a value 100,000 tables deep: report such values and validate the rest
        deep = [key for key, value in data.items() if _nests_deeper(value, _DEEPEST)]
        if not deep:
            raise
        for key in deep:
            found.add(
                index,
                (key,),
                f"the value nests more than {_DEEPEST} levels deep",
                "a timeline's values nest 4 levels at most; in TOML each dot of a dotted key "
                "(a.b.c = 1) is one more level",
                event_id=event_id,
                code=ProblemCode.TOO_DEEP,
            )
            del data[key]
            unreported.add((key,))
        return _validated(index, data, found, event_id, unreported)
    except ValidationError as error:
        report_all(found, index, error.errors(), EVENT_MODELS, event_id, skip_missing=unreported)
        return None


def _zone_for(
    own: object, place: object, default: str | None
) -> tuple[str | None, tuple[str, Suggestion] | None]:
    """The zone a local time is read in, and a (message, suggestion) when that is a guess.

    The event's own zone, else its place's, else the zone of the place's country when the
    country has only one; the timeline's zone serves only a place with no country, or a place
    in the country that zone belongs to. A guess is reported only if the event has a time.
    """
    if own is not None:
        return _text_or_none(own), None
    if not isinstance(place, dict):
        return default, None
    if place.get("timezone") is not None:
        return _text_or_none(place["timezone"]), None
    country = place.get("country")
    if not isinstance(country, str) or country not in COUNTRIES:
        return default, None
    zones = zones_of_country(country)
    if len(zones) == 1:
        return zones[0], None
    if default is not None and country in countries_of_zone(default):
        return default, None
    name = place.get("name") if isinstance(place.get("name"), str) else "the place"
    where = f"{country_name(country) or country} ({country})"
    if not zones:
        message = f"a local time needs a zone, and the tz database lists none for {where}"
        fix = Suggestion("add", "timezone", '"Asia/Almaty" or another IANA zone', note=_EITHER)
        return default, (message, fix)
    theirs = f"the timeline's {default} is not one of them" if default else "none is given"
    message = (
        f"a local time needs a zone: {name} is in {where}, which has {len(zones)} zones, "
        f"and {theirs}"
    )
    return default, (message, Suggestion("add", "timezone", choices=zones, note=_EITHER))


def _names_its_zone(written: object) -> bool:
    """Whether a timed value carries its own zone or offset, so the zone guessed for it went
    unused."""
    try:
        return not When.from_value(written).floating  # type: ignore[arg-type]
    except DateError:
        return False


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _reference_day(data: Mapping[str, Any]) -> date | None:
    """The day a relative date is read against: `as_of`, else the first source's day."""
    as_of = data.get("as_of")
    if isinstance(as_of, date) and not isinstance(as_of, datetime):
        return as_of
    if isinstance(as_of, str):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            return None  # the model reports it
    if as_of is not None:
        return None  # the model reports it
    return reference_day(None, _first_published(data))


def _first_published(data: Mapping[str, Any]) -> When | None:
    sources = data.get("sources")
    first = sources[0] if isinstance(sources, list) and sources else None
    value = first.get("published") if isinstance(first, dict) else None
    if value is None:
        return None
    try:
        return When.from_value(value)
    except DateError:
        return None  # reported with the source


def _reference_suggestion(data: Mapping[str, Any]) -> Suggestion:
    """Say which reference day is missing: an `as_of` is the way to give one."""
    sources = data.get("sources")
    published = _first_published(data)
    if not isinstance(sources, list) or not sources:
        reason = "the event has no as_of and no source"
    elif published is None:
        reason = "the event has no as_of and its first source no published day"
    elif published.approximate or published.uncertain:
        reason = (
            f"the event has no as_of, and its first source's published date {str(published)!r} "
            "is an estimate"
        )
    else:
        reason = (
            f"the event has no as_of, and its first source's published date {str(published)!r} "
            "is not one day"
        )
    return Suggestion("add", "as_of", _A_DAY, note=reason)


_EITHER = "give the event or its place a zone"
_A_DAY = "the day the phrase was written (e.g. 2022-10-16)"
_AN_EVENT = "id, title, when, kind and sources"


#: Levels a raw value may nest before it is left out unread (a timeline's nest 4 at most).
_DEEPEST = 64


def _nests_deeper(value: object, limit: int) -> bool:
    """Whether lists and tables nest more than `limit` levels in `value`, found without
    recursion and without looking further down than `limit + 1` levels."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth == limit:
                return True
            inner = item.values() if isinstance(item, dict) else item
            stack.extend((each, depth + 1) for each in inner)
    return False
