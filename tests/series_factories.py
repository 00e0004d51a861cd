"""Hypothesis strategies for timelines with series: a rule or other dates, dates left out,
occurrences moved or cancelled, an imported `uid` and what another format `carried`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from tests.factories import event, one_line_text, paragraph_text, source, timelines
from timeline import Event, Kind, Repeats, Status, Timeline, When


def make(event_id: str, when: When, **extra: Any) -> Event:
    """An event at `when` (any zone, or none), with one source."""
    fields: dict[str, Any] = {
        "id": event_id,
        "title": f"Title of {event_id}",
        "when": when,
        "kind": Kind.OTHER,
        "sources": (source(),),
    }
    return Event(**(fields | extra))


#: How a series may start: a day, days, a time, a time with an end, a time at an offset.
STARTS = (
    "2023-01-02",
    "2023-01-02/2023-01-03",
    "2023-01-02T10:00",
    "2023-01-02T10:00/2023-01-02T11:30",
    "2023-01-02T04:00Z",
)
RULES = (
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=DAILY;COUNT=10",
    "FREQ=MONTHLY;UNTIL=20231231",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",
    "FREQ=YEARLY",
)


def _moved(start: str, weeks: int) -> When:
    """The series' start (its first end left off) `weeks` weeks later: an exact day or time
    of the same kind as the start, as `also`, `skip` and `occurrence` are written."""
    first = start.partition("/")[0]
    day, _, time = first.partition("T")
    later = date.fromisoformat(day) + timedelta(weeks=weeks)
    return When.parse(f"{later.isoformat()}{'T' + time if time else ''}", zone="Asia/Almaty")


@st.composite
def repeats(draw: st.DrawFn, start: str) -> Repeats:
    weeks = draw(st.lists(st.integers(1, 60), unique=True, max_size=4))
    cut = draw(st.integers(0, len(weeks)))
    rule = tuple(draw(st.lists(st.sampled_from(RULES), unique=True, max_size=2)))
    also = tuple(_moved(start, week) for week in weeks[:cut])
    if not rule and not also:
        rule = (RULES[0],)
    return Repeats(rule=rule, also=also, skip=tuple(_moved(start, week) for week in weeks[cut:]))


@st.composite
def series_timelines(draw: st.DrawFn, *, carried: bool = True) -> Timeline:
    """A generated timeline with one series and up to two occurrences of it moved, changed or
    cancelled; any event may hold a `uid`, and (with `carried`) what an .ics file carried."""
    base = draw(timelines(max_events=2))
    start = draw(st.sampled_from(STARTS))
    extra: dict[str, Any] = {"uid": draw(st.none() | one_line_text())}
    if carried:
        extra["carried"] = draw(
            st.just({}) | st.builds(lambda text: {"ics": text}, paragraph_text())
        )
    series = event("weekly-series", start, repeats=draw(repeats(start)), **extra)
    overrides = [
        event(
            f"weekly-series-{week}",
            draw(st.sampled_from(STARTS)),
            series="weekly-series",
            occurrence=_moved(start, week),
            status=draw(st.sampled_from(list(Status))),
            uid=draw(st.none() | st.just("series-uid@example.org")),
        )
        for week in draw(st.lists(st.integers(1, 30), unique=True, max_size=2))
    ]
    return Timeline(
        title=base.title,
        timezone=base.timezone,
        organisations=base.organisations,
        events=(*base.events, series, *overrides),
    )
