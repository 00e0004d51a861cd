"""Time reading .ics files: `timeline.formats._ics.read` against icalendar's bare parse.

Run with `make bench` (or `python benchmarks/bench_ics_read.py [N ...]`); the default is 100,000
events. Two kinds of file are read, each by both sides from the same bytes in the same run:

- from the shared corpus of real-world .ics files (../shared/ics-corpus/ beside the project),
  the file with the most VEVENTs among those `icalendar.Calendar.from_ical(data, multiple=True)`
  parses without raising (the largest file by size is a pasted-together parser test that
  neither side reads); skipped, with the reason printed, where the corpus is absent;
- our own export of the shipped chronology repeated to N events (benchmarks/repeated.py,
  written with `timeline.to_ics` once, outside the timing).

The anchor is `icalendar.Calendar.from_ical(data, multiple=True)`: a parse into components and
nothing more, where ours (`ics.read(data, source, zone="UTC", on_error="skip")`, which parses the
same way) also turns every event into a validated `Event`. Both are timed best of 3 and
reported in µs per VEVENT of the file, with the ratio ours/icalendar. Our reader's
`TimelineWarning`s (events skipped, lines repaired) are recorded, not shown, during the timing;
their number is printed once. A refusal is printed in place of a figure.

Then the peak memory of one more read of ours, outside the timing: tracemalloc's peak during
the read (the file's bytes, already in memory, not counted; the text decoded from them is), as
a multiple of the file's size.

The goal (issue 24, a calendar read in pieces): for the synthetic file, time at most 1.1x
icalendar's parse and peak memory at most 10x the file's size. Each is printed with whether it
is met; the script always exits 0, since a busy machine moves the figures.
"""

from __future__ import annotations

import gc
import re
import sys
import time
import tracemalloc
import warnings
from collections import Counter
from pathlib import Path

import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import repeated_toml
from timeline._errors import TimelineWarning
from timeline.formats import _ics as ics
from timing import best_of, machine_line

RUNS = 3
TIME_GOAL = 1.1
MEMORY_GOAL = 10.0
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"
VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE | re.IGNORECASE)
OURS = 'timeline.formats._ics.read(data, source, zone="UTC", on_error="skip")'
ANCHOR = "icalendar.Calendar.from_ical(data, multiple=True)"


def read_ours(data: bytes, source: str) -> timeline.Timeline:
    """Our side of the race: the one place to change when the reader's signature changes."""
    return ics.read(data, source, zone="UTC", on_error="skip")


def read_anchor(data: bytes) -> list[icalendar.Component]:
    """The anchor: icalendar's bare parse of the same bytes, every calendar in them."""
    return list(icalendar.Calendar.from_ical(data, multiple=True))


def first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def vevents(calendars: list[icalendar.Component]) -> int:
    return sum(len(calendar.walk("VEVENT")) for calendar in calendars)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def compare(data: bytes, source: str, events: int) -> None:
    """Read `data` both ways, best of RUNS each, and print µs per VEVENT and the ratio."""
    ours = anchor = None
    caught: list[warnings.WarningMessage] = []

    def read_quietly(raw: bytes) -> timeline.Timeline:
        """`read_ours` with its warnings recorded in `caught` (the last run's) and not shown."""
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always", TimelineWarning)
            result = read_ours(raw, source)
        caught[:] = recorded
        return result

    started = time.perf_counter()
    try:
        best, kept = best_of(RUNS, read_quietly, data, len)
    except timeline.TimelineError as error:
        print(f"  {'ours':<15} refused: {first_line(error)}")
    else:
        ours = best / events * 1e6
        print(
            f"  {'ours':<15} {ours:>9.1f} µs/event  ({kept:,} events kept; best of {RUNS} "
            f"in {time.perf_counter() - started:.1f} s)"
        )
        kinds = Counter(message.category.__name__ for message in caught)
        timeline_warnings = kinds.pop(TimelineWarning.__name__, 0)
        others = "".join(f", {plural(count, name)}" for name, count in sorted(kinds.items()))
        print(
            f"  {'':<15} {plural(timeline_warnings, 'TimelineWarning')} per read{others} "
            "(silenced during the timing)"
        )
    started = time.perf_counter()
    try:
        best, parsed = best_of(RUNS, read_anchor, data, vevents)
    except ValueError as error:  # icalendar's parse errors are all ValueErrors
        print(f"  {'icalendar':<15} refused: {type(error).__name__}: {first_line(error)}")
    else:
        anchor = best / events * 1e6
        print(
            f"  {'icalendar':<15} {anchor:>9.1f} µs/event  ({parsed:,} VEVENTs parsed; best of "
            f"{RUNS} in {time.perf_counter() - started:.1f} s)"
        )
    if ours is None or anchor is None:
        print(f"  {'ours/icalendar':<15} {'n/a':>9}  (a side refused the file)")
        return
    print(f"  {'ours/icalendar':<15} {ours / anchor:>9.2f}  {met(ours / anchor, TIME_GOAL)}")
    peak = peak_of_read(data, source)
    print(
        f"  {'peak memory':<15} {peak / len(data):>9.1f}x the file  ({size_text(peak)} for "
        f"{size_text(len(data))}, tracemalloc)  {met(peak / len(data), MEMORY_GOAL)}"
    )


def size_text(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB" if size >= 2**20 else f"{size / 2**10:,.1f} KiB"


def met(ratio: float, goal: float) -> str:
    return f"goal ≤ {goal:g}x: {'met' if ratio <= goal else 'NOT met'}"


def peak_of_read(data: bytes, source: str) -> int:
    """tracemalloc's peak during one read of ours, in bytes (the warnings not shown)."""
    gc.collect()
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read_ours(data, source)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def parsed_vevents(path: Path) -> int | None:
    """How many VEVENTs icalendar's parse of the file finds, or None if the parse raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return vevents(read_anchor(path.read_bytes()))
    except Exception:  # any refusal rules the file out, whatever icalendar raises
        return None


def richest_corpus_file() -> tuple[Path | None, str]:
    """(The parseable corpus file with the most VEVENTs, why it was chosen) or (None, why not)."""
    if not CORPUS.is_dir():
        return None, f"{CORPUS} not found"
    files = sorted(path for path in CORPUS.rglob("*.ics") if path.is_file())
    if not files:
        return None, f"no .ics file in {CORPUS}"
    counts = {path: parsed_vevents(path) for path in files}
    parsed = {path: count for path, count in counts.items() if count is not None}
    if not any(parsed.values()):
        return None, f"icalendar parses no file of {CORPUS} with a VEVENT in it"
    chosen = max(parsed, key=parsed.__getitem__)  # the first by name of those tied
    largest = max(files, key=lambda path: (path.stat().st_size, str(path)))
    if largest in parsed:
        aside = ""
    else:
        name = largest.relative_to(CORPUS).as_posix()
        aside = f"; the largest file by size, {name}, is one icalendar refuses"
    return chosen, (
        f"the most VEVENTs ({parsed[chosen]:,}) among the {len(parsed)} of {len(files)} corpus "
        f"files that {ANCHOR} parses without raising{aside}"
    )


def bench_corpus() -> None:
    started = time.perf_counter()
    path, why = richest_corpus_file()
    if path is None:
        print(f"corpus: skipped ({why})")
        return
    data = path.read_bytes()
    events = len(VEVENT.findall(data))
    name = path.relative_to(CORPUS).as_posix()
    print(
        f"corpus: {name} ({len(data) / 2**10:.1f} KiB, {events:,} VEVENTs), chosen for {why} "
        f"(scan took {time.perf_counter() - started:.1f} s, not timed)"
    )
    if events == 0:
        print("  skipped: no VEVENT to time per event")
        return
    compare(data, name, events)


def bench_synthetic(count: int) -> None:
    started = time.perf_counter()
    data = timeline.to_ics(timeline.loads(repeated_toml(count)))
    prepared = time.perf_counter() - started
    events = len(VEVENT.findall(data))
    assert events == count, (events, count)
    print(
        f"synthetic: {count:,} events exported with timeline.to_ics "
        f"({len(data) / 2**20:.1f} MiB; built in {prepared:.1f} s, not timed)"
    )
    compare(data, f"synthetic-{count}.ics", events)


def main(argv: list[str]) -> int:
    counts = [int(arg) for arg in argv] or [100_000]
    started = time.perf_counter()
    print(machine_line())
    print(f"icalendar {icalendar.__version__}: {ANCHOR}; ours: {OURS}")
    print(f"µs per VEVENT in the file, best of {RUNS}, garbage collected before each run")
    bench_corpus()
    for count in counts:
        bench_synthetic(count)
    print(
        f"goal (synthetic file): time ≤ {TIME_GOAL:g}x icalendar's parse, peak memory ≤ "
        f"{MEMORY_GOAL:g}x the file's size"
    )
    print(f"run took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
