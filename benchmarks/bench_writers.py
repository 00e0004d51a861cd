"""Markdown and JSON writers: time per event at 100,000 events (target: at most 10 µs each).

Run with `python benchmarks/bench_writers.py [N]`. The synthetic chronology is loaded once; each
writer is then timed several times and the best run counts, so the figure is the writer's own
cost and not the machine's noise. TimelineJS, CSV and the HTML page are timed too, for
information; the page, which holds every field of every event, is also given as a multiple of the
Markdown list's time in the same run, a figure that holds from one machine to another.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from synthetic import synthetic_toml
from timeline.formats import _markdown as markdown
from timeline.formats import format_for
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
        ("markdown (list)", format_for("md").write, True),
        ("markdown (table)", lambda t: markdown.to_markdown(t, layout="table").encode(), False),
        ("json", format_for("json").write, True),
        ("timelinejs", format_for("timelinejs").write, False),
        ("csv", format_for("csv").write, False),
        ("html", format_for("html").write, False),
    ]
    per_event: dict[str, float] = {}
    slow: list[str] = []
    for name, write, targeted in writers:
        seconds, size = best_of(RUNS, write, chronology)
        micro = per_event[name] = seconds / count * 1e6
        mark = "" if not targeted else ("  ok" if micro <= TARGET_MICROSECONDS else "  SLOW")
        print(f"{name:<22}  {micro:>9.2f}  {seconds:>8.2f}  {size / 2**20:>10.1f}{mark}")
        if targeted and micro > TARGET_MICROSECONDS:
            slow.append(name)
    ratio = per_event["html"] / per_event["markdown (list)"]
    print(f"html / markdown (list): {ratio:.2f}x the time per event")
    print(f"target: at most {TARGET_MICROSECONDS:.0f} µs per event for markdown (list) and json")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
