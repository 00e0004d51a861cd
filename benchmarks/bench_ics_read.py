"""Time reading .ics files: `timeline.formats.ics.read` against icalendar's bare parse.

Run with `make bench` (or `python benchmarks/bench_ics_read.py [N ...]`); the default is 100,000
events. Two kinds of file are read, each by both sides from the same bytes in the same run:

- the largest file of the shared corpus of real-world .ics files (../shared/ics-corpus/ beside
  the project); skipped, with the reason printed, where the corpus is absent;
- our own export of a synthetic chronology of N events (benchmarks/synthetic.py, written with
  `timeline.to_ics` once, outside the timing).

The anchor is `icalendar.Calendar.from_ical`: a parse into components and nothing more, where
ours also turns every event into a validated `Event`. Both are timed best of 3 and reported in
µs per VEVENT of the file, with the ratio ours/icalendar. A refusal is printed in place of a
figure. There is no target yet: reading correctness comes first, so the script always exits 0.
"""

from __future__ import annotations

import inspect
import re
import sys
import time
from pathlib import Path
from typing import Any

import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from synthetic import synthetic_toml
from timeline.formats import ics
from timing import best_of_read, machine_line

RUNS = 3
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"
VEVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE | re.IGNORECASE)
#: Options the new reader may take; passed only where `ics.read` accepts them, so that files
#: with floating times or broken events are read rather than refused.
WANTED_OPTIONS: dict[str, Any] = {"on_error": "skip", "zone": "UTC"}


def accepted_options() -> dict[str, Any]:
    """The wanted options that `ics.read`'s signature takes (all of them if it takes **kw)."""
    parameters = inspect.signature(ics.read).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return dict(WANTED_OPTIONS)
    return {name: value for name, value in WANTED_OPTIONS.items() if name in parameters}


OPTIONS = accepted_options()


def read_ours(data: bytes, source: str) -> timeline.Timeline:
    """Our side of the race: the one place to change when the reader's signature changes."""
    return ics.read(data, source, **OPTIONS)


def read_anchor(data: bytes) -> icalendar.Calendar:
    """The anchor: icalendar's bare parse of the same bytes."""
    return icalendar.Calendar.from_ical(data)


def first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def vevents(calendar: icalendar.Calendar) -> int:
    return len(calendar.walk("VEVENT"))


def compare(data: bytes, source: str, events: int) -> None:
    """Read `data` both ways, best of RUNS each, and print µs per VEVENT and the ratio."""
    ours = anchor = None
    started = time.perf_counter()
    try:
        best, kept = best_of_read(RUNS, lambda raw: read_ours(raw, source), data, len)
    except timeline.TimelineError as error:
        print(f"  {'ours':<15} refused: {first_line(error)}")
    else:
        ours = best / events * 1e6
        print(
            f"  {'ours':<15} {ours:>9.1f} µs/event  ({kept:,} events kept; best of {RUNS} "
            f"in {time.perf_counter() - started:.1f} s)"
        )
    started = time.perf_counter()
    try:
        best, parsed = best_of_read(RUNS, read_anchor, data, vevents)
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
    else:
        print(f"  {'ours/icalendar':<15} {ours / anchor:>9.2f}")


def largest_corpus_file() -> tuple[Path | None, str]:
    """(The largest .ics file of the corpus, how many there are) or (None, why not)."""
    if not CORPUS.is_dir():
        return None, f"{CORPUS} not found"
    files = [path for path in CORPUS.rglob("*.ics") if path.is_file()]
    if not files:
        return None, f"no .ics file in {CORPUS}"
    return max(files, key=lambda path: (path.stat().st_size, str(path))), f"of {len(files)}"


def bench_corpus() -> None:
    path, note = largest_corpus_file()
    if path is None:
        print(f"corpus: skipped ({note})")
        return
    data = path.read_bytes()
    events = len(VEVENT.findall(data))
    name = path.relative_to(CORPUS).as_posix()
    print(
        f"corpus: {name}, the largest {note} files "
        f"({len(data) / 2**20:.2f} MiB, {events:,} VEVENTs)"
    )
    if events == 0:
        print("  skipped: no VEVENT to time per event")
        return
    compare(data, name, events)


def bench_synthetic(count: int) -> None:
    started = time.perf_counter()
    data = timeline.to_ics(timeline.loads(synthetic_toml(count)))
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
    options = ", ".join(f"{name}={value!r}" for name, value in OPTIONS.items())
    left_out = sorted(WANTED_OPTIONS.keys() - OPTIONS.keys())
    print(
        f"icalendar {icalendar.__version__}: Calendar.from_ical(data); "
        f"ours: timeline.formats.ics.read(data, source{', ' + options if options else ''})"
        + (f" ({', '.join(left_out)}: not accepted by this reader)" if left_out else "")
    )
    print(f"µs per VEVENT in the file, best of {RUNS}, garbage collected before each run")
    bench_corpus()
    for count in counts:
        bench_synthetic(count)
    print("no target yet: reading correctness comes first")
    print(f"run took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
