"""One event in full, as plain lines for a terminal: what `timeline show FILE ID` prints.

Everything an editor checks is here, including what the writers leave out: the date as the
source wrote it and the day it was read against, and the links that point at the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from timeline._model import Event, Place, Timeline
from timeline._when import When
from timeline._wording import Names, date_line, vote_text

__all__ = ["show_lines"]

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
    yield _line("status", event.status.value)
    yield _line("kind", event.kind.value)
    if event.place is not None:
        yield _line("place", _place(event.place, event.when.timezone, named))
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


def _place(place: Place, zone: ZoneInfo | None, named: Names) -> str:
    """ "Almaty; KZ (Kazakhstan); zone Asia/Almaty; 43.2, 76.9": everything the place says."""
    parts = [place.name]
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
