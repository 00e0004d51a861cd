"""Memory at scale: `timeline check` as a whole process, and a load's bytes per event.

Run with `python benchmarks/bench_memory.py [N ...]` (N defaults to 100,000; give two sizes,
e.g. `100000 1000000`, for the time ratio between them). The data is the shipped chronology
repeated to N events (benchmarks/repeated.py), written to a temporary file.

For each size, `timeline check FILE` runs in a fresh interpreter; its peak resident memory is
the child's own (`os.wait4`), and its time the wall clock around it. Issue 24's goals: at
1,000,000 events a peak of at most 1.5 GB, and time from 100,000 to 1,000,000 events at most
11 times as long (linear). At the smallest size, a load in this process is traced
(tracemalloc): bytes retained and at the peak per event, against 1.5 and 2.5 KiB, with the
share of the retained bytes that is the events' own unique text (id, title, summary, note),
which no sharing can save.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import repeated_toml
from timing import machine_line, traced_memory

#: Issue 24's goals.
CHECK_PEAK_AT_A_MILLION = 1.5e9
LINEAR = 11.0
RETAINED_KIB, PEAK_KIB = 1.5, 2.5


#: Run in the child: `timeline check FILE`, then the child's own peak resident memory (VmHWM,
#: its address space's high-water mark since its exec: `ru_maxrss` would count the pages of
#: this parent that a fork copied).
_CHILD = """
import sys
from timeline._cli import main
status = main(["check", sys.argv[1], "--max-size", "none"])  # a million events: 1.2 GB
with open("/proc/self/status") as lines:
    peak = next(line for line in lines if line.startswith("VmHWM:")).split()[1]
print(int(peak) * 1024, file=sys.stderr)
raise SystemExit(status)
"""


def check(path: Path) -> tuple[float, int]:
    """(Seconds, peak resident bytes) of `timeline check path` in a process of its own."""
    command = [sys.executable, "-c", _CHILD, str(path)]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"timeline check {path} failed: {done.stderr}")
    return seconds, int(done.stderr.split()[-1])


def traced(path: Path, count: int) -> tuple[float, float, float, float]:
    """(Peak, retained, own text, own objects) KiB per event of one load, traced in this
    process. The events' own objects are their unique text and each `Event` with its
    `__dict__`: no sharing can save them, so a million of them are the floor under `check`'s
    peak at a million (with the interpreter and its modules on top)."""
    timeline.load(path)  # the schemas and modules a first load builds are not the events'
    loaded, peak, retained = traced_memory(timeline.load, path)
    text = sum(
        sys.getsizeof(value)
        for event in loaded
        for value in (event.id, event.title, event.summary, event.note)
        if value
    )
    models = sum(sys.getsizeof(event) + sys.getsizeof(event.__dict__) for event in loaded)
    assert len(loaded) == count
    per_event = [figure / 1024 / count for figure in (peak, retained, text, text + models)]
    return per_event[0], per_event[1], per_event[2], per_event[3]


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main(argv: list[str]) -> int:
    counts = sorted(int(arg) for arg in argv) or [100_000]
    print(machine_line())
    print(f"{'events':>10}  {'check s':>8}  {'peak RSS MB':>11}  {'bytes/event':>11}")
    missed = False
    timed: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            path = Path(folder) / f"repeated-{count}.toml"
            path.write_text(repeated_toml(count), encoding="utf-8")
            seconds, peak = check(path)
            timed[count] = seconds
            line = f"{count:>10,}  {seconds:>8.1f}  {peak / 1e6:>11.0f}  {peak / count:>11.0f}"
            if count >= 1_000_000:
                met = peak <= CHECK_PEAK_AT_A_MILLION * count / 1_000_000
                missed |= not met
                line += (
                    f"  goal <= {CHECK_PEAK_AT_A_MILLION / 1e9:.1f} GB a million: {verdict(met)}"
                )
            print(line)
            if count == counts[0]:
                peak_kib, retained_kib, text_kib, own_kib = traced(path, count)
            path.unlink()
    if len(counts) > 1:
        low, high = counts[0], counts[-1]
        ratio = timed[high] / timed[low]
        bound = LINEAR * high / low / 10
        missed |= ratio > bound
        met = ratio <= bound
        print(f"check time {high:,} / {low:,}: {ratio:.1f}x  goal <= {bound:.1f}x  {verdict(met)}")
    print(f"load at {counts[0]:,} events (tracemalloc):")
    for name, figure, goal in (
        ("retained", retained_kib, RETAINED_KIB),
        ("peak", peak_kib, PEAK_KIB),
    ):
        missed |= figure > goal
        print(f"  {name:<9} {figure:5.2f} KiB/event  goal <= {goal} KiB  {verdict(figure <= goal)}")
    print(f"  of the retained, the events' own text (id, title, summary, note): {text_kib:.2f} KiB")
    print(
        f"  the events' own text and Event objects: {own_kib:.2f} KiB/event, "
        f"{own_kib * 1024 * 1e6 / 1e9:.2f} GB a million (the floor under check's peak)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
