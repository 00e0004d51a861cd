"""Plain lines for a terminal: the chronological listing `timeline show FILE` prints, and one
event in full (`timeline show FILE ID`).

Everything an editor checks is here, including what the writers leave out: the date as the
source wrote it and the day it was read against, and the links that point at the event. A
series is listed once, saying its rule, or, for a window (`--from`, `--to`), as each of its
occurrences there, in order with the other events.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from timeline._gazetteer import Naming
from timeline._model import Event, Place, Status, Timeline
from timeline._occurrences import LIMIT, Occurrence
from timeline._when import When
from timeline._wording import (
    Names,
    date_line,
    dated_entries,
    override_words,
    place_naming,
    place_text,
    rule_words,
    vote_text,
)

__all__ = ["listing_lines", "show_lines"]

_WIDTH = 14  # the widest label, "participants", and two spaces


def show_lines(timeline: Timeline, event: Event) -> list[str]:
    """The event's fields as labelled lines, in the order a reader checks them."""
    return [f"{event.title}  #{event.id}", *_fields(timeline, event)]


def _fields(timeline: Timeline, event: Event) -> Iterator[str]:
    named = Names(timeline, code_first=True)
    yield _line("when", date_line(event.when))
    if event.when_text is not None:
        yield _line("", f"written {event.when_text!r} -> {event.when} {_reference(event)}")
    else:
        yield _line("", str(event.when))
    yield from _series_lines(timeline, event)
    yield _line("status", event.status.value)
    yield _line("kind", event.kind.value)
    if event.place is not None:
        naming = place_naming(timeline, event)
        yield _line("place", _place(event.place, event.when.timezone, named, naming))
    elif event.when.timezone is not None:
        yield _line("zone", str(event.when.timezone))
    if event.participants:
        yield _line("participants", named.listed(event.participants))
    if event.absent:
        yield _line("absent", named.listed(event.absent))
    if event.tags:
        yield _line("tags", ", ".join(event.tags))
    if event.vote is not None:
        vote = event.vote
        yield _line("vote", vote_text(vote))
        for country, position in sorted(vote.positions.items()):
            yield _line("", f"{named(country)}: {position.value}")
    for link in event.links:
        yield _line("links", f"{link.rel.value} {_titled(timeline, link.target)}")
    for other in timeline:
        for link in other.links:
            if link.target == event.id:
                yield _line("linked from", f"{_titled(timeline, other.id)} ({link.rel.value})")
    if event.summary:
        yield _line("summary", event.summary)
    for number, source in enumerate(event.sources, start=1):
        published = f", published {source.published.human()}" if source.published else ""
        yield _line("sources" if number == 1 else "", f"{number}. {source.publisher}")
        yield _line("", f"   {source.title}{published}")
        if source.url:
            yield _line("", f"   {source.url}")
    if event.note:
        yield _line("note", event.note)


def _line(label: str, text: str) -> str:
    return f"  {label:<{_WIDTH}}{text}"


def _reference(event: Event) -> str:
    if event.as_of is not None:
        return f"(as of {When.from_value(event.as_of).human()}, the event's as_of)"
    published = event.sources[0].published
    if event.reference_day is not None and published is not None:
        return f"(from the source published {published.human()})"
    return "(no reference day: the phrase needs none)"


def _place(place: Place, zone: ZoneInfo | None, named: Names, naming: Naming | None) -> str:
    """ "Almaty; KZ (Kazakhstan); zone Asia/Almaty; 43.2, 76.9": everything the place says, and
    how the writers name a renamed place ("Nur-Sultan (now Astana), written 'Astana'")."""
    parts = [place_text(place, naming=naming)]
    if naming is not None and naming.then != place.name:
        parts[0] += f", written {place.name!r}"
    if place.country is not None:
        parts.append(named(place.country))
    shown = zone or place.timezone
    if shown is not None:
        parts.append(f"zone {shown}")
    if place.lat is not None and place.lon is not None:
        parts.append(f"{place.lat}, {place.lon}")
    return "; ".join(parts)


def _titled(timeline: Timeline, event_id: str) -> str:
    other = timeline.by_id.get(event_id)
    return f"{event_id} ({other.title})" if other is not None else f"{event_id} (not in this file)"


def _series_lines(timeline: Timeline, event: Event) -> Iterator[str]:
    """A series' rule in words and its changed occurrences; an override's series."""
    if event.repeats is not None:
        yield _line("repeats", rule_words(event))
        for other in timeline:
            if other.series == event.id:
                yield _line("changed", f"{override_words(other, event)}  #{other.id}")
    elif event.series is not None:
        series = timeline.by_id.get(event.series)
        words = override_words(event, series)
        yield _line("series", f"{_titled(timeline, event.series)}: {words}")


def listing_lines(timeline: Timeline, first: date | None, last: date | None) -> list[str]:
    """The listing under the title: a year's heading, then a line per event with its date,
    title, status, place and id.

    Without a window (`first` and `last` None) a series is one line saying its rule, and an
    override says what it did; with one, each occurrence in it is a line of its own, "(repeats)",
    an override's line standing in its place. A window open at its end lists a series'
    occurrences up to the cap (`_occurrences.LIMIT`), and says so.
    """
    if first is None and last is None:
        entries: list[Event | Occurrence] = list(timeline)
        capped: tuple[str, ...] = ()
    else:
        entries, capped = dated_entries(timeline, first or date.min, last or date.max)
    rows = [_row(timeline, entry) for entry in entries]
    # a series' rule is long: it does not widen the date column of every line
    width = max((len(text) for text, _, _, ruled in rows if not ruled), default=0)
    lines: list[str] = []
    year: int | None = None
    for text, day, rest, _ in rows:
        if day.year != year:
            year = day.year
            lines += ["", str(year)]
        lines.append(f"  {text:<{width}}  {rest}")
    lines += [f"  (only the first {LIMIT} occurrences of #{key} are listed)" for key in capped]
    return lines


def _row(timeline: Timeline, entry: Event | Occurrence) -> tuple[str, date, str, bool]:
    """A line's date, the day it is listed under, the rest of it, and whether its date is a
    series' rule."""
    if isinstance(entry, Occurrence) and entry.event is entry.series:
        when, series = entry.when, entry.series
        return when.human(), when.start_point.first_day, _rest(timeline, series, "(repeats)"), False
    event = entry.event if isinstance(entry, Occurrence) else entry
    day = event.when.start_point.first_day
    if event.repeats is not None:
        return rule_words(event), day, _rest(timeline, event, ""), True
    mark = ""
    if event.series is not None:
        cancelled = event.status is Status.CANCELLED
        mark = "(cancelled)" if cancelled else f"({override_words(event)})"
    return event.when.human(), day, _rest(timeline, event, mark), False


def _rest(timeline: Timeline, event: Event, mark: str) -> str:
    """ "Title [postponed] (moved from ...) (Astana)  #id"."""
    shown = event.status is not Status.OCCURRED and not (
        event.series is not None and event.status is Status.CANCELLED
    )
    flag = f" [{event.status.value}]" if shown else ""
    marked = f" {mark}" if mark else ""
    where = ""
    if event.place is not None:
        where = f" ({place_text(event.place, naming=place_naming(timeline, event))})"
    return f"{event.title}{flag}{marked}{where}  #{event.id}"
