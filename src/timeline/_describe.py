"""One event in full, as plain lines for a terminal: what `timeline show FILE ID` prints.

Everything an editor checks is here, including what the writers leave out: the date as the
source wrote it and the day it was read against, and the links that point at the event.
"""

from __future__ import annotations

from collections.abc import Iterator

from timeline._geography import country_name
from timeline._model import Event, Timeline, Vote
from timeline._when import When

__all__ = ["absent_sentence", "describe_event", "vote_heading", "vote_tally"]

_WIDTH = 14  # the widest label, "participants", and two spaces


def describe_event(timeline: Timeline, event: Event) -> list[str]:
    """The event's fields as labelled lines, in the order a reader checks them."""
    return [f"{event.title}  #{event.id}", *_fields(timeline, event)]


def _fields(timeline: Timeline, event: Event) -> Iterator[str]:
    yield _line("when", event.when.human())
    if event.when_text is not None:
        yield _line("", f"written {event.when_text!r} -> {event.when} {_reference(event)}")
    else:
        yield _line("", str(event.when))
    yield _line("status", event.status.value)
    yield _line("kind", event.kind.value)
    if event.place is not None:
        place = event.place
        parts = [place.name]
        if place.country is not None:
            parts.append(_code(timeline, place.country))
        zone = event.when.timezone or place.timezone
        if zone is not None:
            parts.append(f"zone {zone}")
        if place.lat is not None and place.lon is not None:
            parts.append(f"{place.lat}, {place.lon}")
        yield _line("place", "; ".join(parts))
    elif event.when.timezone is not None:
        yield _line("zone", str(event.when.timezone))
    if event.participants:
        yield _line("participants", ", ".join(_code(timeline, c) for c in event.participants))
    if event.absent:
        yield _line("absent", ", ".join(_code(timeline, c) for c in event.absent))
    if event.tags:
        yield _line("tags", ", ".join(event.tags))
    if event.vote is not None:
        vote = event.vote
        yield _line("vote", f"{vote_heading(vote)}: {vote_tally(vote)}")
        for country, position in sorted(vote.positions.items()):
            yield _line("", f"{_code(timeline, country)}: {position.value}")
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


def _line(label: str, text: str) -> str:
    return f"  {label:<{_WIDTH}}{text}"


def _reference(event: Event) -> str:
    if event.as_of is not None:
        return f"(as of {When.from_value(event.as_of).human()}, the event's as_of)"
    published = event.sources[0].published
    if event.reference_day is not None and published is not None:
        return f"(from the source published {published.human()})"
    return "(no reference day: the phrase needs none)"


def _code(timeline: Timeline, code: str) -> str:
    name = timeline.organisation_name(code) or country_name(code)
    return f"{code} ({name})" if name and name != code else code


def _titled(timeline: Timeline, event_id: str) -> str:
    other = timeline.by_id.get(event_id)
    return f"{event_id} ({other.title})" if other is not None else f"{event_id} (not in this file)"


def absent_sentence(event: Event) -> str:
    """ "Absent: Kyrgyzstan, CSTO." for writers that have room for one more sentence; "" if none."""
    if not event.absent:
        return ""
    return "Absent: " + ", ".join(country_name(code) or code for code in event.absent) + "."
