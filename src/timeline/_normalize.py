"""Raw tables (from any reader) -> a validated `Timeline`, reporting every problem at once.

Readers hand over plain data (what TOML or JSON parsed into) and a `Locator` that can later say on
which line a field was written. Finding lines is only done when something is wrong, so a valid
file pays nothing for it.
"""

from __future__ import annotations

import difflib
import enum
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from timeline._codes import COUNTRIES
from timeline._errors import (
    DateError,
    InvalidTimeline,
    LikelyMistake,
    Location,
    MissingReference,
    Problem,
    ProblemCode,
    Suggestion,
    TimelineWarning,
    warn,
)
from timeline._geography import countries_of_zone, country_name, zones_of_country
from timeline._model import (
    TRUSTED_CONTEXT,
    CrossChecked,
    Event,
    Kind,
    Link,
    Place,
    Position,
    Relation,
    Source,
    Status,
    Timeline,
    Vote,
    checked_timeline,
    find_problems,
    nearest,
    reference_day,
)
from timeline._review import likely_mistakes
from timeline._when import ACCEPTED_FORMS, When, written_in_words

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
    "problems_in",
    "unknown_field",
]

#: (index of the event or None for the [timeline] table, path of keys inside it) -> line or None.
Locator = Callable[[int | None, tuple[str | int, ...]], int | None]

#: A reader's wording of a neutral problem: its hint (and, where the format has its own words
#: for a thing, its message and field) in the terms of the file's format.
Phrasing = Callable[[Problem], Problem]

#: A reader's order of two problems on one line (a spreadsheet's: left to right).
Placing = Callable[[Problem], int]

_NESTED: dict[str, type[BaseModel]] = {
    "place": Place,
    "sources": Source,
    "links": Link,
    "vote": Vote,
}
_AUTHORING_ONLY = ("timezone",)  # event keys that normalizing consumes
_M = TypeVar("_M", Source, Place)

# Words writers reach for that spelling similarity would not find, and the field each one means
_SYNONYMS = {
    "date": "when",
    "dates": "when",
    "time": "when",
    "datetime": "when",
    "type": "kind",
    "category": "kind",
    "location": "place",
    "description": "summary",
    "relation": "rel",
    "to": "target",
}


def _no_lines(_event: int | None, _path: tuple[str | int, ...]) -> int | None:
    return None


def _as_written(problem: Problem) -> Problem:
    return problem


def _first_on_line(_problem: Problem) -> int:
    return 0


def line_of(lines: Mapping[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int | None:
    """The line a key path was written on, else that of its nearest written parent.

    A missing field has no line of its own; the table it is missing from does.
    """
    for length in range(len(path), -1, -1):
        line = lines.get(path[:length])
        if line is not None:
            return line
    return None


def field_name(path: Sequence[str | int]) -> str:
    """`('sources', 0, 'url')` -> `'sources[0].url'`: the way a user would point at a field."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class _Collector:
    """Gathers problems, locating each one lazily through the reader's locator and wording it
    through the reader's phrasing; the reader's own problems come first, in reading order."""

    def __init__(
        self,
        source: str | None,
        locate: Locator,
        phrase: Phrasing = _as_written,
        place: Placing = _first_on_line,
        earlier: Sequence[Problem] = (),
    ) -> None:
        self.source = source
        self.locate = locate
        self.phrase = phrase
        self.place = place
        self.problems: list[Problem] = list(earlier)
        #: The events each problem belongs to (None: the reader's or the [timeline] table's).
        self.events: list[int | None] = [None] * len(earlier)
        #: What the reader reported already: the loader does not report it twice.
        self.told = {(p.location.event_id, p.location.field) for p in earlier}

    def add(
        self,
        event: int | None,
        path: tuple[str | int, ...],
        message: str,
        hint: str | None = None,
        *,
        event_id: str | None = None,
        code: ProblemCode,
        suggestion: Suggestion | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        field = field_name(path) if path else None
        if (event_id, field) in self.told:
            return
        line = self.locate(event, path)
        where = Location(file=self.source, line=line, event_id=event_id, field=field)
        problem = Problem(message, where, hint, code, expected, found, suggestion)
        self.problems.append(self.phrase(problem))
        self.events.append(event)

    def skip_invalid_events(self) -> set[int]:
        """Turn the events' problems into warnings and say which events to leave out; the
        [timeline] table's problems stay errors, since nothing can be read without it."""
        skipped: set[int] = set()
        kept: list[Problem] = []
        for event, problem in zip(self.events, self.problems, strict=True):
            if event is None:
                kept.append(problem)
                continue
            skipped.add(event)
            warn(
                TimelineWarning(f"{problem.location}: {problem.message}; the event is left out"),
            )
        self.problems = kept
        self.events = [None] * len(kept)
        return skipped

    def raise_if_any(self) -> None:
        """One order for every reader: by line (unlocated last), then as the reader places
        problems on one line."""
        if self.problems:
            unlocated = 1 << 60
            ordered = sorted(
                self.problems,
                key=lambda p: (
                    unlocated if p.location.line is None else p.location.line,
                    self.place(p),
                ),
            )
            raise InvalidTimeline(ordered)


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
    locate: Locator = _no_lines,
    allowed_top_level: Sequence[str] = ("timeline", "events"),
    consume: bool = False,
    skip_invalid: bool = False,
    phrase: Phrasing = _as_written,
    place: Placing = _first_on_line,
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
    found = _Collector(source, locate, phrase, place, earlier)
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
    found: _Collector,
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
    built_at: list[int] = []
    gone: set[str] = set()  # ids of events left out, when skipping
    written: list[CrossChecked] = []  # the valid events and the stand-ins of invalid ones
    positions: list[int] = []
    reused = _Reused()
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
        built_at, events = [at for at, _ in kept], [event for _, event in kept]
        written, positions = list(events), list(built_at)
    found.raise_if_any()
    timeline = checked_timeline(header, events)
    _warn_likely_mistakes(found, events, built_at, timeline.updated)
    return timeline


def _report_unknown_keys(
    document: Mapping[str, Any], found: _Collector, allowed_top_level: Sequence[str]
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


def _raw_events(document: Mapping[str, Any], found: _Collector) -> Any:
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
        found=_kind_of(raw_events),
        suggestion=Suggestion("tables", "events", _AN_EVENT),
    )
    return []


def _report_whole_timeline(
    found: _Collector,
    written: Sequence[CrossChecked],
    positions: Sequence[int],
    known: dict[str, str],
) -> None:
    """The rules of the whole timeline (`find_problems`), each located at its event's line; a
    duplicate id also says where the id was first used."""
    first_of: dict[str, int] = {}
    for standing, at in zip(written, positions, strict=True):
        first_of.setdefault(standing.id, at)
    for index, problem in find_problems(written, known):
        where = problem.location
        message = problem.message
        if where.field == "id":  # only a duplicate is reported at `id`: say where the first is
            line = found.locate(first_of[written[index].id], ("id",))
            message += f" (first used on line {line})" if line is not None else ""
        found.add(
            positions[index],
            _parse_field(where.field),
            message,
            problem.hint,
            event_id=where.event_id,
            code=problem.code,
            suggestion=problem.suggestion,
        )


def _warn_likely_mistakes(
    found: _Collector, events: Sequence[Event], built_at: Sequence[int], updated: date | None
) -> None:
    for index, problem in likely_mistakes(events, updated):
        line = found.locate(built_at[index], _parse_field(problem.location.field))
        located = found.phrase(problem.at(file=found.source, line=line))
        warn(LikelyMistake(str(located)))


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


def _stand_in(raw: object) -> _StandIn | None:
    event_id = raw.get("id") if isinstance(raw, dict) else None
    return _StandIn(event_id) if isinstance(event_id, str) else None


def _timeline_table(raw: object, found: _Collector) -> dict[str, Any]:
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
            found=_kind_of(raw),
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
            _report(found, None, ("timeline", *detail["loc"]), detail, _TIMELINE_MODELS)
    return header


class _Reused:
    """Sources and places already validated in this load, by the table they were read from.

    A chronology cites the same articles for many events and returns to the same places; a
    table written the same way gives the same frozen model, so it is validated once and held
    once. A table that is not valid, or that holds a list or a table, is left for the event's
    own validation, which reports its problems at the event's fields as before.
    """

    def __init__(self) -> None:
        self.sources: dict[tuple[object, ...], Source] = {}
        self.places: dict[tuple[object, ...], Place] = {}

    def sources_of(self, raw: object) -> object:
        if type(raw) is not list:
            return raw
        return [self.model(item, Source, self.sources) for item in raw]

    def place_of(self, raw: object) -> object:
        return self.model(raw, Place, self.places)

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
    index: int, raw: object, default_zone: str | None, found: _Collector, reused: _Reused
) -> Event | None:
    if not isinstance(raw, dict):
        found.add(
            index,
            (),
            "an event must be a group of fields",
            code=ProblemCode.NOT_A_TABLE,
            expected="a group of fields",
            found=_kind_of(raw),
            suggestion=Suggestion("tables", "events", _AN_EVENT),
        )
        return None
    data = dict(raw)
    event_id = data.get("id") if isinstance(data.get("id"), str) else None
    zone, unsure = _zone_for(data.pop("timezone", None), data.get("place"), default_zone)
    unreported: set[tuple[str | int, ...]] = set()  # fields left out, reported already
    if "when" in data:
        written = data["when"]
        # only a phrase can be relative: a notation or a TOML date needs no reference day, so the
        # first source's date is not read for every event
        in_words = isinstance(written, str) and written_in_words(written)
        reference = _reference_day(data) if in_words else None
        try:
            data["when"] = When.from_value(written, zone=zone, reference=reference)
        except MissingReference as error:
            found.add(
                index,
                ("when",),
                error.message,
                event_id=event_id,
                code=ProblemCode.REFERENCE_DAY,
                suggestion=_reference_suggestion(data),
            )
            del data["when"]
            unreported.add(("when",))
        except DateError as error:
            found.add(
                index,
                ("when",),
                error.message,
                error.hint,
                event_id=event_id,
                code=ProblemCode.DATE,
            )
            del data["when"]
            unreported.add(("when",))
        else:
            if unsure is not None and data["when"].is_timed and not _names_its_zone(written):
                message, fix = unsure
                found.add(
                    index,
                    ("when",),
                    message,
                    event_id=event_id,
                    code=ProblemCode.ZONE,
                    suggestion=fix,
                )
            if in_words and "when_text" not in data:
                data["when_text"] = " ".join(written.split())
    if "sources" in data:
        data["sources"] = reused.sources_of(data["sources"])
    if "place" in data:
        data["place"] = reused.place_of(data["place"])
    return _validated(index, data, found, event_id, unreported)


def _validated(
    index: int,
    data: dict[str, Any],
    found: _Collector,
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
        _report_all(found, index, error.errors(), _EVENT_MODELS, event_id, skip_missing=unreported)
        return None


def _report_all(
    found: _Collector,
    index: int | None,
    details: Sequence[ErrorDetails],
    models: Mapping[str, type[BaseModel]],
    event_id: str | None = None,
    *,
    skip_missing: Collection[tuple[str | int, ...]] = (),
    inside: int = 0,
) -> None:
    """Report pydantic's errors of one event (or model), each once: its paths less `inside`
    leading parts, and none at a path of `skip_missing` if it is missing (reported already)."""
    paths = [tuple(detail["loc"][inside:]) for detail in details]
    # a list whose only items are invalid is also "too short"; the item's own problem says why
    has_inner = {path[:depth] for path in paths for depth in range(1, len(path))}
    # a required field written under another name is one mistake: report the unknown name
    meant: set[tuple[str | int | None, ...]] = set()
    for path, detail in zip(paths, details, strict=True):
        if detail["type"] == "extra_forbidden":
            fields = _public_fields(_owner(path, models))
            meant.add((*path[:-1], likely_field(str(path[-1]), fields)))
    for path, detail in zip(paths, details, strict=True):
        if detail["type"] == "missing" and (path in skip_missing or path in meant):
            continue
        if detail["type"] == "too_short" and path in has_inner:
            continue
        _report(found, index, path, detail, models, event_id)


def problems_in(error: ValidationError, model: type[BaseModel], data: object) -> list[Problem]:
    """pydantic's refusal of a model built in code, as the problems a loaded file would get:
    the same words, by field, a timeline's events by their own id (unlocated in any file)."""
    found = _Collector(None, _no_lines)
    details = error.errors()
    if model is not Timeline:
        given = data.get("id") if model is Event and isinstance(data, Mapping) else None
        models = _EVENT_MODELS if model is Event else {"": model, **_NESTED}
        _report_all(found, None, details, models, given if isinstance(given, str) else None)
        return found.problems
    raw = data.get("events") if isinstance(data, Mapping) else None
    written = list(raw) if isinstance(raw, (list, tuple)) else []
    by_event: dict[int, list[ErrorDetails]] = {}
    header: list[ErrorDetails] = []
    for detail in details:
        where = detail["loc"]
        if len(where) > 1 and where[0] == "events" and isinstance(where[1], int):
            by_event.setdefault(where[1], []).append(detail)
            continue
        raised = detail.get("ctx", {}).get("error")
        if isinstance(raised, InvalidTimeline):  # the rules across events, already worded
            found.problems.extend(raised.problems)
            found.events.extend([None] * len(raised.problems))
        else:
            header.append(detail)
    _report_all(found, None, header, _TIMELINE_MODELS)
    for number, event_details in sorted(by_event.items()):
        item = written[number] if number < len(written) else None
        event_id = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
        identified = event_id if isinstance(event_id, str) else None
        _report_all(found, None, event_details, _EVENT_MODELS, identified, inside=2)
    return found.problems


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


def _parse_field(field: str | None) -> tuple[str | int, ...]:
    """Undo `field_name`, so cross-event problems can be located like field problems."""
    if not field:
        return ()
    path: list[str | int] = []
    for part in field.split("."):
        name, _, rest = part.partition("[")
        path.append(name)
        for number in rest.split("[") if rest else ():
            path.append(int(number.rstrip("]")))
    return tuple(path)


_EVENT_MODELS: dict[str, type[BaseModel]] = {"": Event, **_NESTED}
_TIMELINE_MODELS: dict[str, type[BaseModel]] = {"": Timeline}


#: pydantic's error types that are not worded apart in `_report`, as our codes; a type named
#: here by no rule (`int_parsing`, `string_type`, ...) is a value of the wrong type.
_PYDANTIC_CODES: Final = {
    "missing": ProblemCode.MISSING,
    "extra_forbidden": ProblemCode.UNKNOWN_FIELD,
    "enum": ProblemCode.NOT_ACCEPTED,
    "literal_error": ProblemCode.NOT_ACCEPTED,
    "greater_than": ProblemCode.OUT_OF_RANGE,
    "greater_than_equal": ProblemCode.OUT_OF_RANGE,
    "less_than": ProblemCode.OUT_OF_RANGE,
    "less_than_equal": ProblemCode.OUT_OF_RANGE,
    "finite_number": ProblemCode.OUT_OF_RANGE,
    "too_short": ProblemCode.TOO_SHORT,
    "string_too_short": ProblemCode.TOO_SHORT,
    "too_long": ProblemCode.TOO_LONG,
    "string_too_long": ProblemCode.TOO_LONG,
}


def _code_of(kind: str) -> ProblemCode:
    """Our code for one of pydantic's error types, so its vocabulary never reaches a user."""
    if kind in _PYDANTIC_CODES:
        return _PYDANTIC_CODES[kind]
    if kind.endswith(("_type", "_parsing")) or kind == "string_unicode":
        return ProblemCode.WRONG_TYPE
    return ProblemCode.INVALID


def _report(
    found: _Collector,
    index: int | None,
    path: tuple[str | int, ...],
    detail: ErrorDetails,
    models: Mapping[str, type[BaseModel]],
    event_id: str | None = None,
) -> None:
    kind = detail["type"]
    name = str(path[-1]) if path else ""
    value = detail.get("input")
    owner = _owner(path, models)
    raised = detail.get("ctx", {}).get("error")
    hint: str | None = None
    fix: Suggestion | None = None
    code = _code_of(kind)
    expected: str | None = None
    if kind == "missing":
        message = f"missing required field {name!r}"
        fix = _missing(owner, name)
    elif kind == "extra_forbidden":
        message = f"unknown field {name!r}"
        code = ProblemCode.UNKNOWN_FIELD
        hint, fix = unknown_field(name, _public_fields(owner))
    elif kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        message = f"{_short(value)} is not an accepted value"
        hint = _meant_word(value, path) or f"use one of {expected}"
    elif kind == "string_pattern_mismatch" and (name in ("id", "target") or _is_tag(path)):
        message = f"{_short(value)} is not a valid slug"
        code, expected = ProblemCode.SLUG, "a slug"
        hint = "use lower-case letters, digits and single hyphens, e.g. 'cica-summit-2022'"
    elif kind == "string_pattern_mismatch" and name == "url":
        message = f"{_short(value)} is not a web address"
        code, expected = ProblemCode.URL, "a web address"
        hint = _url_hint(str(value))
    elif kind == "tuple_type" and isinstance(value, str) and name in _LISTS:
        message = f"{_short(value)} is one text, not a list"
        code, expected = ProblemCode.NOT_A_LIST, "a list"
        hint = f"write a list, even of one: [{_quoted(value)}]"
    elif kind == "too_short" and name == "sources":
        message = "no source given"
        code, fix = ProblemCode.MISSING, _SOURCES
    elif kind == "value_error" and isinstance(raised, DateError):
        message, hint = raised.message, raised.hint  # kept apart, as a date's own problems are
        code = ProblemCode.DATE
    elif kind == "value_error":
        message = str(detail["msg"]).removeprefix("Value error, ")
    else:
        message = f"{detail['msg'].rstrip('.')} (got {_short(value)})"
    found.add(
        index,
        path,
        message,
        hint,
        event_id=event_id,
        code=code,
        expected=expected,
        found=None if kind == "missing" else _short(value),
        suggestion=fix,
    )


#: The closed vocabularies, by the field whose value is one of their words.
_VOCABULARIES: Final[dict[str, type[enum.Enum]]] = {
    "kind": Kind,
    "status": Status,
    "rel": Relation,
    "positions": Position,
}

#: Fields that hold a list of words, where one word written alone is a likely slip.
_LISTS: Final = frozenset({"participants", "absent", "tags"})

#: What a web address cannot hold, and how it is written inside one.
_NOT_IN_URL: Final = {" ": "%20", "<": "%3C", ">": "%3E", '"': "%22"}


def _meant_word(value: object, path: tuple[str | int, ...]) -> str | None:
    """'did you mean ...?' for a misspelt word of a closed vocabulary ("canceled", "vist")."""
    field = next((part for part in reversed(path) if part in _VOCABULARIES), None)
    if field is None or not isinstance(value, str):
        return None
    words = [str(member.value) for member in _VOCABULARIES[str(field)]]
    near = nearest(value.strip().lower(), words)
    if near is None:
        return None
    return f"did you mean {near!r}?"


def _url_hint(url: str) -> str:
    """What is wrong with a refused web address, and how it would be written."""
    if not url.startswith(("http://", "https://")):
        return "write a full address, starting with http:// or https://"
    for character, escaped in _NOT_IN_URL.items():
        if character in url:
            return f"a web address cannot hold {character!r}: write it as {escaped}"
    if any(character.isspace() for character in url):
        return "a web address cannot hold spaces or line breaks: write a space as %20"
    return "write a full http:// or https:// address"


def _quoted(text: str) -> str:
    """`text` as a string in TOML and JSON alike."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def likely_field(name: str, fields: Sequence[str]) -> str | None:
    """The field an unknown key most likely stands for: a writer's synonym, or a misspelling."""
    synonym = _SYNONYMS.get(name.lower())
    if synonym in fields:
        return synonym
    close = difflib.get_close_matches(name, fields, n=1)
    return close[0] if close else None


def unknown_field(name: str, fields: Sequence[str]) -> tuple[str | None, Suggestion | None]:
    """A hint or a suggestion for an unknown key: the field it most likely stands for (a
    suggestion to rename it, which each format words), else the list of the fields."""
    meant = likely_field(name, fields)
    return (None, Suggestion("rename", meant)) if meant else (_expected(fields), None)


def _missing(owner: type[BaseModel], name: str) -> Suggestion:
    """How to give the missing field: what it takes, not the list of the model's fields."""
    if owner is Event and name == "sources":
        return _SOURCES
    if owner is Event and name == "when":
        return Suggestion("add", "when", f"a date; {ACCEPTED_FORMS}")
    annotation = owner.model_fields[name].annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return Suggestion("add", name, choices=tuple(member.value for member in annotation))
    if annotation is int:
        return Suggestion("add", name, "a whole number")
    if name == "id":
        return Suggestion("add", name, "a slug such as 'cica-summit-2022'")
    if name == "target":
        return Suggestion("add", name, "the id of the event linked to")
    return Suggestion("add", name)


_SOURCES = Suggestion(
    "tables", "sources", "publisher and title", note="every event cites at least one source"
)


def _is_tag(path: tuple[str | int, ...]) -> bool:
    return len(path) == 2 and path[0] == "tags"


def _owner(path: tuple[str | int, ...], models: Mapping[str, type[BaseModel]]) -> type[BaseModel]:
    """The model a field belongs to, so an unknown-field hint can list its real fields."""
    names = [part for part in path[:-1] if isinstance(part, str) and part in models]
    return models[names[-1]] if names else models[""]


def _public_fields(model: type[BaseModel]) -> list[str]:
    fields = list(model.model_fields)
    if model is Event:
        fields += list(_AUTHORING_ONLY)
    return fields


def _expected(names: Sequence[str]) -> str:
    return "expected one of: " + ", ".join(names)


def _kind_of(value: object) -> str:
    """What a value is, in words every format shares."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, str):
        return "text"
    return "a number" if isinstance(value, (int, float)) else type(value).__name__


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


#: The most of a value a problem quotes: enough to recognise it.
_SHORT = 60


def _short(value: object) -> str:
    """The start of a value as Python writes it (`repr`), cut to `_SHORT` characters.

    Only as much of the value is looked at as is quoted, without recursion: a value nested
    100,000 deep (TOML's dotted keys make one in a 600 KB file) or a list of a million items
    costs no more than a short one, and `repr` itself would overflow the stack on the first.
    """
    pieces: list[str] = []
    size = 0
    for piece in _pieces(value):
        pieces.append(piece)
        size += len(piece)
        if size > _SHORT:
            return "".join(pieces)[: _SHORT - 3] + "..."
    return "".join(pieces)


class _Text(str):
    """Punctuation `_pieces` writes as it is, where any other `str` is a value to quote."""

    __slots__ = ()


def _pieces(value: object) -> Iterator[str]:
    """The text of `repr(value)` in pieces, lists and tables opened as they are reached: a stack
    of lazy iterators instead of the call stack, so depth and length cost only what is read."""
    stack: list[Iterator[object]] = [iter((value,))]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
        elif isinstance(item, _Text):
            yield item
        elif isinstance(item, dict):
            stack.append(_table_parts(item))
        elif isinstance(item, (list, tuple)):
            stack.append(_list_parts(item))
        elif isinstance(item, str):
            yield repr(item[: _SHORT + 1])  # a longer string is cut anyway
        else:
            yield repr(item)


_END = object()


def _list_parts(items: list[object] | tuple[object, ...]) -> Iterator[object]:
    yield _Text("[" if isinstance(items, list) else "(")
    for number, item in enumerate(items):
        if number:
            yield _Text(", ")
        yield item
    yield _Text("]" if isinstance(items, list) else ",)" if len(items) == 1 else ")")


def _table_parts(table: dict[object, object]) -> Iterator[object]:
    yield _Text("{")
    for number, (key, item) in enumerate(table.items()):
        yield _Text(", " if number else "")
        yield key
        yield _Text(": ")
        yield item
    yield _Text("}")
