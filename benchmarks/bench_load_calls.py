"""What a TOML load does per event beyond parsing, counted rather than timed.

Run with `python benchmarks/bench_load_calls.py [N]` (N defaults to 3,000 events of the shipped
chronology repeated, benchmarks/repeated.py). On a machine shared with other work a load's time
drifts by a third between runs, so a change to the loader's per-event path is judged here by
what does not drift: the Python function calls (cProfile's count, builtins included) made
while the parsed tables become a timeline, per event, and the functions making most of them.
The time of the same build beside the parse alone is printed too, in CPU seconds (best of 5),
for scale only. Issue 24's work took the count from 116 to 106 calls an event.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import toml_rs

import timeline
from repeated import repeated_toml
from timeline._normalize import build_timeline
from timing import machine_line

RUNS = 5
SHOWN = 12


def _parsed(text: str) -> dict[str, Any]:
    return toml_rs.loads(text, toml_version="1.0.0")


def _cpu_seconds(work: Any, *given: Any) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        work(*given)
        best = min(best, time.process_time() - started)
    return best


def main(count: int) -> None:
    warnings.simplefilter("ignore", timeline.TimelineWarning)  # the copies' look-alikes
    text = repeated_toml(count)
    document = _parsed(text)
    build_timeline(document)  # the models' schemas are built on first use
    profile = cProfile.Profile()
    profile.runcall(build_timeline, document)
    stats = pstats.Stats(profile)
    calls = stats.total_calls  # type: ignore[attr-defined]
    print(machine_line())
    print(f"{count:,} events: {calls / count:.1f} Python calls an event while building")
    by_calls = sorted(stats.stats.items(), key=lambda item: -item[1][1])  # type: ignore[attr-defined]
    for (file, line, name), (_, made, *_rest) in by_calls[:SHOWN]:
        where = f"{Path(file).name}:{line}" if line else "builtin"
        print(f"  {made / count:6.2f}  {name} ({where})")
    build = _cpu_seconds(build_timeline, document)
    parse = _cpu_seconds(_parsed, text)
    print(
        f"for scale (CPU, best of {RUNS}): build {build / count * 1e6:.1f} µs/event, "
        f"parse {parse / count * 1e6:.1f} µs/event"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3_000)
