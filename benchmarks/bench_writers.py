"""Markdown and JSON writers: time per event at 100,000 events (target: at most 10 µs each).

Run with `python benchmarks/bench_writers.py [N]`. The synthetic chronology is loaded once; each
writer is then timed several times and the best run counts, so the figure is the writer's own
cost and not the machine's noise. TimelineJS and CSV are timed too, for information.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from synthetic import synthetic_toml
from timeline.formats import csv as timeline_csv
from timeline.formats import json as timeline_json
from timeline.formats import markdown, timelinejs
from timing import best_of, machine_line

TARGET_MICROSECONDS = 10.0
RUNS = 3


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 100_000
    started = time.perf_counter()
    chronology = timeline.loads(synthetic_toml(count))
    loaded = time.perf_counter() - started
    assert len(chronology) == count
    print(machine_line())
    print(f"{count:,} synthetic events (loaded in {loaded:.1f} s)")
    print(f"{'writer':<22}  {'µs/event':>9}  {'total s':>8}  {'output MiB':>10}")
    writers: list[tuple[str, Callable[[timeline.Timeline], bytes], bool]] = [
        ("markdown (list)", markdown.write, True),
        ("markdown (table)", lambda t: markdown.write(t, layout="table"), False),
        ("json", timeline_json.write, True),
        ("timelinejs", timelinejs.write, False),
        ("csv", timeline_csv.write, False),
    ]
    slow: list[str] = []
    for name, write, targeted in writers:
        seconds, size = best_of(RUNS, write, chronology)
        per_event = seconds / count * 1e6
        mark = "" if not targeted else ("  ok" if per_event <= TARGET_MICROSECONDS else "  SLOW")
        print(f"{name:<22}  {per_event:>9.2f}  {seconds:>8.2f}  {size / 2**20:>10.1f}{mark}")
        if targeted and per_event > TARGET_MICROSECONDS:
            slow.append(name)
    print(f"target: at most {TARGET_MICROSECONDS:.0f} µs per event for markdown (list) and json")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
