"""Load + validate time per event and peak memory, for N = 1,000, 10,000 and 100,000 events.

Run with `make bench` (or `python benchmarks/bench_load.py [N ...]`). Timing and memory are
measured in separate passes, because tracing allocations slows the code it traces. The TOML
parse alone (toml-rs, the parser a load uses) is timed too, to show how much of a load is our
own work.
Times per event are for information: machines differ two to three times, so the goals are the
ratios of bench_ratios.py.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import toml_rs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import repeated_toml
from timing import machine_line


def measure(count: int, folder: Path) -> tuple[float, float, float, float]:
    """µs per event for the load and for its TOML parse alone, best of the runs; MiB of the
    file; peak MiB allocated while loading."""
    text = repeated_toml(count)
    path = folder / f"synthetic-{count}.toml"
    path.write_text(text, encoding="utf-8")
    runs = 5 if count <= 10_000 else 2
    best = parse = float("inf")
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        loaded = timeline.load(path)
        best = min(best, time.perf_counter() - started)
        assert len(loaded) == count
        del loaded
        gc.collect()
        started = time.perf_counter()
        document = toml_rs.loads(text, toml_version="1.0.0")
        parse = min(parse, time.perf_counter() - started)
        del document
    gc.collect()
    tracemalloc.start()
    loaded = timeline.load(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del loaded
    return best / count * 1e6, parse / count * 1e6, path.stat().st_size / 2**20, peak / 2**20


def main(argv: list[str]) -> int:
    counts = [int(arg) for arg in argv] or [1_000, 10_000, 100_000]
    print(machine_line())
    print("timeline.load: TOML read + normalize + validate; 'parse' is the TOML parse alone")
    print(f"{'events':>8}  {'µs/event':>9}  {'parse µs':>8}  {'file MiB':>8}  {'peak MiB':>8}")
    per_event = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            per_event, parse, size, peak = measure(count, Path(folder))
            print(f"{count:>8,}  {per_event:>9.1f}  {parse:>8.1f}  {size:>8.1f}  {peak:>8.1f}")
    print(f"load / parse alone: {per_event / parse:.2f}x at {counts[-1]:,} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
