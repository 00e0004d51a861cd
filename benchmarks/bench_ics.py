"""Time `to_ics` against icalendar (one Event object at a time) and the `ics` package.

Run with `make bench` (or `python benchmarks/bench_ics.py [N ...]`); the default is 10,000 and
100,000 events from benchmarks/repeated.py. All three writers get the same events and the same
fields; ours is timed best of several runs, the others once, since they take far longer.
Target: at least 10 times faster than building and writing the calendar with icalendar, a
ratio measured in the same run (times per event are for information: machines differ).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import ics

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import repeated_toml
from timeline.formats._ics import description_text
from timing import best_of, machine_line

TARGET_SPEEDUP = 10.0
WIDTHS = (8, 9, 12, 8, 8, 5)


def with_icalendar(chronicle: timeline.Timeline) -> bytes:
    """The usual way: one icalendar.Event per event, then VTIMEZONEs, then serialize."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//icalendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", chronicle.title)
    stamp = datetime(2023, 1, 1)
    for event in chronicle:
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@timeline.invalid")
        entry.add("dtstamp", stamp)
        when = event.when
        if when.is_timed:
            entry.add("dtstart", when.start)
            if when.end != when.start:
                entry.add("dtend", when.end)
        else:
            entry.add("dtstart", when.first_day)
            entry.add("dtend", when.last_known_day + timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("status", "CANCELLED" if event.status.value == "cancelled" else "CONFIRMED")
        entry.add("categories", [event.kind.value, *event.tags])
        entry.add("description", description_text(event.summary, event.vote, event.sources))
        if event.place is not None:
            entry.add("location", event.place.name)
        url = next((source.url for source in event.sources if source.url), None)
        if url is not None:
            entry.add("url", url)
        for link in event.links:
            entry.add("related-to", f"{link.target}@timeline.invalid")
        entry.add("x-timeline-when", str(when))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def with_ics(chronicle: timeline.Timeline) -> bytes:
    """The `ics` package: one ics.Event per event."""
    calendar = ics.Calendar()
    for event in chronicle:
        when = event.when
        start: date | datetime = when.start if when.is_timed else when.first_day
        entry = ics.Event(
            name=event.title,
            begin=start,
            uid=f"{event.id}@timeline.invalid",
            description=description_text(event.summary, event.vote, event.sources),
            location=event.place.name if event.place is not None else None,
            categories={event.kind.value, *event.tags},
            url=next((source.url for source in event.sources if source.url), None),
            status="CANCELLED" if event.status.value == "cancelled" else "CONFIRMED",
        )
        if when.is_timed:
            if when.end != when.start:
                entry.end = when.end
        else:
            entry.make_all_day()
            entry.end = when.last_known_day + timedelta(days=1)
        calendar.events.add(entry)
    data: bytes = calendar.serialize().encode("utf-8")
    return data


def main(argv: list[str]) -> int:
    counts = [int(arg) for arg in argv] or [10_000, 100_000]
    print(machine_line())
    print(f"icalendar {icalendar.__version__}, ics {ics.__version__}")
    columns = ("events", "to_ics µs", "icalendar µs", "ics µs", "speed-up", "MiB")
    print("  ".join(f"{name:>{width}}" for name, width in zip(columns, WIDTHS, strict=True)))
    failed = False
    for count in counts:
        chronicle = timeline.loads(repeated_toml(count))
        ours, size = best_of(5 if count <= 10_000 else 3, timeline.to_ics, chronicle)
        theirs, _ = best_of(1, with_icalendar, chronicle)
        other, _ = best_of(1, with_ics, chronicle)
        per_event = ours / count * 1e6
        speedup = theirs / ours
        print(
            f"{count:>8,}  {per_event:>9.1f}  {theirs / count * 1e6:>12.1f}  "
            f"{other / count * 1e6:>8.1f}  {speedup:>7.1f}x  {size / 2**20:>5.1f}"
        )
        if speedup < TARGET_SPEEDUP:
            failed = True
    print(
        f"target: at least {TARGET_SPEEDUP:.0f}x faster than icalendar: "
        f"{'missed' if failed else 'met'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
