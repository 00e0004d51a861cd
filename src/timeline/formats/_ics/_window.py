"""The reading window of a calendar (`load(..., start=, end=)`, `--from`/`--to`): which events
are kept, as `Timeline.select` keeps them, a series read whole.

A series is one event, never expanded at read time: it is kept when one of its occurrences
starts in the window (computed by `timeline._occurrences`, which jumps to the window, so a
rule from 1970 costs no more than one from last week), and the events that move or cancel one
of its occurrences are kept with it.
"""

from __future__ import annotations

from datetime import date

from timeline._model import Timeline
from timeline._occurrences import occurrences_of

__all__ = ["in_window"]


def in_window(timeline: Timeline, start: date | None, end: date | None) -> Timeline:
    """The events with a day in the window: a series with an occurrence there, with the events
    that change its occurrences; other events as `select` keeps them."""
    if start is None and end is None:
        return timeline
    first, last = start or date.min, end or date.max
    chosen = {event.id for event in timeline.select(start=start, end=end)}
    series = {
        event.id
        for event in timeline
        if event.repeats is not None and len(occurrences_of(event, first, last, limit=1))
    }
    kept = tuple(
        event
        for event in timeline
        if (event.id in series)
        or (event.series in series)
        or (event.id in chosen and event.repeats is None and event.series is None)
    )
    # the events are already valid and ordered, as `select` leaves them
    return timeline._unchecked_copy({"events": kept})
