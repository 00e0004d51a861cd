"""How long `merge` takes on two large chronologies, and that it does not compare every pair.

Run with `python benchmarks/bench_merge.py [N]` (N defaults to 10,000 events a side). The
first timeline is the shipped chronology's events spread over the years, one a day; the second
is a perturbed copy of it (other ids, a word of each title left out, every tenth date made
month-precise, every fifth event left out, and as many events of its own), so there are joins
to find, near misses, and dates that overlap a whole month. The time is a ratio against an
anchor timed in the same run, one timeline of both inputs' events validated as a whole (what
a merge must do at least once), and the absolute seconds; the comparisons are counted at N/2
and N: a merge that compared every pair would make four times as many at N, a blocked one
about twice.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import SHIPPED
from timeline import Event, Timeline, When
from timeline._matching import match
from timing import best_of, machine_line

RUNS = 3
START = date(1990, 1, 1)


def chronologies(count: int) -> tuple[Timeline, Timeline]:
    """(the first timeline, its perturbed copy), `count` events each."""
    originals = [event.model_copy(update={"links": ()}) for event in timeline.load(SHIPPED)]
    plain = [e for e in originals if e.repeats is None and e.series is None]
    first: list[Event] = []
    second: list[Event] = []
    for number in range(count):
        model = plain[number % len(plain)]
        day = START + timedelta(days=number)
        words = f"{model.title} number {number}"
        first.append(_made(model, f"a-{number}", words, When.parse(day.isoformat())))
        if number % 5 == 4:  # left out of the copy; an event of its own instead
            other = plain[(number * 7 + 3) % len(plain)]
            own = f"{other.title} elsewhere {number + count}"
            second.append(_made(other, f"b-own-{number}", own, When.parse(day.isoformat())))
            continue
        shortened = " ".join(word for n, word in enumerate(words.split()) if n != 1)
        when = day.isoformat()[:7] if number % 10 == 3 else day.isoformat()
        second.append(_made(model, f"b-{number}", shortened, When.parse(when)))
    return _timeline("A", first), _timeline("B", second)


def _made(model: Event, event_id: str, title: str, when: When) -> Event:
    changes = {"id": event_id, "title": title, "when": when, "when_text": None, "uid": None}
    changes["vote"] = None  # a resolution symbol is a natural key: copies must not share one
    return model._unchecked_copy(changes)


def _timeline(title: str, events: list[Event]) -> Timeline:
    return Timeline(title=title, events=tuple(events))


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 10_000
    print(machine_line())
    compared = {}
    for size in (count // 2, count):
        a, b = chronologies(size)
        compared[size] = match((a, b), a.gazetteer.same_place).compared
    a, b = chronologies(count)
    seconds, groups = best_of(RUNS, lambda pair: timeline.merge(*pair), (a, b), _joined)
    anchor, _ = best_of(RUNS, _both, (a, b), lambda _: 0)
    right, copies = _right(timeline.merge(a, b)), sum(1 for n in range(count) if n % 5 != 4)
    print(f"merge of two {count:,}-event timelines: {seconds:.2f} s")
    print(f"  {groups:,} pairs joined, {right:,} of them an event and its copy ({copies:,} copies)")
    print(f"  {seconds / anchor:.1f}x one timeline of both validated ({anchor:.2f} s)")
    half, whole = compared[count // 2], compared[count]
    print(
        f"  pairs scored: {half:,} at {count // 2:,} events a side, {whole:,} at {count:,} "
        f"({whole / half:.2f}x for twice the events; every pair would be {count * count:,})"
    )
    return 0


def _both(pair: tuple[Timeline, Timeline]) -> Timeline:
    """The anchor: both inputs' events (their ids are apart) validated as one timeline."""
    return Timeline(title="both", events=pair[0].events + pair[1].events)


def _joined(merged: timeline.Merged) -> int:
    return len(merged.groups)


def _right(merged: timeline.Merged) -> int:
    """The groups that join an event to its own perturbed copy (`a-N` with `b-N`)."""
    return sum(1 for (_, one), (_, other) in merged.groups if one[2:] == other[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
