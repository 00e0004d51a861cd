"""Every text writer's time per event at 100,000 events, for information (the goals are the
ratios of bench_ratios.py: machines differ two to three times in speed).

Run with `python benchmarks/bench_writers.py [N]`. The repeated chronology is loaded once; each
writer is then timed several times and the best run counts, so the figure is the writer's own
cost and not the machine's noise. TimelineJS, CSV and the HTML page are timed too, for
information; the page, which holds every field of every event, is also given as a multiple of the
Markdown list's time in the same run, a figure that holds from one machine to another, and the
TOML writer (pure Python, for a file people edit) as a multiple of JSON's (pydantic-core's).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import repeated_toml
from timeline.formats import _markdown as markdown
from timeline.formats import format_for
from timing import best_of, machine_line

RUNS = 3


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 100_000
    started = time.perf_counter()
    chronology = timeline.loads(repeated_toml(count))
    loaded = time.perf_counter() - started
    assert len(chronology) == count
    print(machine_line())
    print(f"{count:,} events of the repeated chronology (loaded in {loaded:.1f} s)")
    print(f"{'writer':<22}  {'µs/event':>9}  {'total s':>8}  {'output MiB':>10}")
    writers: list[tuple[str, Callable[[timeline.Timeline], bytes]]] = [
        ("markdown (list)", format_for("md").write),
        ("markdown (table)", lambda t: markdown.to_markdown(t, layout="table").encode()),
        ("json", format_for("json").write),
        ("toml", format_for("toml").write),
        ("timelinejs", format_for("timelinejs").write),
        ("csv", format_for("csv").write),
        ("html", format_for("html").write),
    ]
    per_event: dict[str, float] = {}
    for name, write in writers:
        seconds, size = best_of(RUNS, write, chronology)
        micro = per_event[name] = seconds / count * 1e6
        print(f"{name:<22}  {micro:>9.2f}  {seconds:>8.2f}  {size / 2**20:>10.1f}")
    ratio = per_event["html"] / per_event["markdown (list)"]
    print(f"html / markdown (list): {ratio:.2f}x the time per event")
    print(f"toml / json: {per_event['toml'] / per_event['json']:.2f}x the time per event")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
