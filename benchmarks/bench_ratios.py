"""Speed and memory as ratios against an anchor timed in the same run, beside their goals.

Run with `make bench` (or `python benchmarks/bench_ratios.py [N]`; N defaults to 100,000).
Machines differ two to three times in speed, so no figure here is a time: each operation is
divided by an anchor that does comparable work on the same data in the same process. Times are
the best of three runs with the collector on and `gc.collect()` before each, ours and the
anchor's taken in turn; memory is measured in a separate run under tracemalloc, which is never
timed.

The data is the shipped chronology repeated to N events (benchmarks/repeated.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import rtoml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timeline
from repeated import SHIPPED, repeated_toml
from timing import best_of, machine_line, traced_memory

RUNS = 3
#: A load's memory per event at 100,000 events (issue 24; 6 and 4 KiB before it).
PEAK_KIB, RETAINED_KIB = 2.5, 1.5
ICS_EVENTS = 20_000


@dataclass(frozen=True)
class Goal:
    """A ratio and the bound it should keep: at most (`<=`) or at least (`>=`) `bound`."""

    name: str
    anchor: str
    ratio: float
    bound: float
    at_most: bool = True

    @property
    def met(self) -> bool:
        return self.ratio <= self.bound if self.at_most else self.ratio >= self.bound

    def line(self) -> str:
        sign = "<=" if self.at_most else ">="
        verdict = "met" if self.met else "MISSED"
        return (
            f"{self.name:<22} {self.ratio:>7.2f}x  goal {sign} {self.bound:<5.2f}x  {verdict:<6}"
            f"  (anchor: {self.anchor})"
        )


def paired(
    ours: Callable[[Any], Any], ours_given: Any, anchor: Callable[[Any], Any], anchor_given: Any
) -> tuple[float, float]:
    """Best seconds of each, their runs taken in turn: this machine's speed drifts by a third
    within minutes, and an anchor timed just before or after alone would carry that drift into
    the ratio."""
    best_ours = best_anchor = float("inf")
    for _ in range(RUNS):
        best_anchor = min(best_anchor, once(anchor, anchor_given))
        best_ours = min(best_ours, once(ours, ours_given))
    return best_ours, best_anchor


def once(work: Callable[[Any], Any], given: Any) -> float:
    seconds, _ = best_of(1, work, given, measure=lambda _made: 0)
    return seconds


def bulk_load(path: Path) -> timeline.Timeline:
    """A load as the command line makes it: with the collector handed what it built, which a
    library call does not do unless asked (it would move the caller's objects too)."""
    with timeline.bulk_loading():
        return timeline.load(path)


def memory(path: Path, count: int) -> tuple[float, float]:
    """(peak, retained) KiB per event of a load, traced in a run of its own."""
    loaded, peak, retained = traced_memory(timeline.load, path)
    assert len(loaded) == count
    del loaded
    return peak / 1024 / count, retained / 1024 / count


def start_up() -> tuple[float, float]:
    """Best of five whole processes: `timeline check` on the shipped chronology, and a bare
    `python -c "import tomllib"` (the interpreter's own start-up and one stdlib import)."""

    def best(command: list[str]) -> float:
        import time

        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        return min(times)

    python = sys.executable
    check = best([python, "-m", "timeline", "check", str(SHIPPED)])
    bare = best([python, "-c", "import tomllib"])
    return check, bare


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 100_000
    print(machine_line())
    print(f"{count:,} events: the shipped chronology repeated; best of {RUNS}, GC on")
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "repeated.toml"
        path.write_text(repeated_toml(count), encoding="utf-8")

        def bare_parse(given: Path) -> Any:
            with given.open(encoding="utf-8") as handle:
                return rtoml.load(handle)

        load, parse = paired(timeline.load, path, bare_parse, path)
        goals.append(Goal("load", "rtoml.load of the same file", load / parse, 1.1))
        bulk, bulk_parse = paired(bulk_load, path, bare_parse, path)
        peak, retained = memory(path, count)
        chronicle = timeline.load(path)
        document = bare_parse(path)

    def json_anchor(given: Any) -> str:
        return json.dumps(given, indent=2, ensure_ascii=False, default=str)

    ours_json, dumps = paired(timeline.to_json, chronicle, json_anchor, document)
    goals.append(
        Goal("to_json", "json.dumps(indent=2) of the parsed TOML", ours_json / dumps, 0.35)
    )
    ours_md, dumps_again = paired(timeline.to_markdown, chronicle, json_anchor, document)
    del document
    goals.append(Goal("to_markdown", "the same json.dumps", ours_md / dumps_again, 0.25))
    # icalendar takes minutes to parse and write 100,000 events three times over: both writers
    # are compared on the same calendar of at most ICS_EVENTS events
    if count > ICS_EVENTS:
        chronicle = timeline.loads(repeated_toml(ICS_EVENTS))
    calendar = icalendar.Calendar.from_ical(timeline.to_ics(chronicle))
    ours_ics, theirs_ics = paired(
        timeline.to_ics, chronicle, lambda given: given.to_ical(), calendar
    )
    del calendar
    goals.append(
        Goal(
            "to_ics speed-up",
            f"icalendar's to_ical() of the same {len(chronicle):,} events, already parsed",
            theirs_ics / ours_ics,
            14.0,
            at_most=False,
        )
    )
    for goal in goals:
        print(goal.line())
    print(
        f"{'load memory, peak':<22} {peak:>7.2f} KiB/event  goal <= {PEAK_KIB} KiB  "
        f"{'met' if peak <= PEAK_KIB else 'MISSED'}"
    )
    print(
        f"{'load memory, retained':<22} {retained:>7.2f} KiB/event  goal <= {RETAINED_KIB} KiB  "
        f"{'met' if retained <= RETAINED_KIB else 'MISSED'}"
    )
    print(
        f"{'load, bulk_loading()':<22} {bulk / bulk_parse:>7.2f}x  report only: the command "
        "line's load (the collector handed what it built), against the same rtoml.load"
    )
    check, bare = start_up()
    print(
        f"{'start-up':<22} {check / bare:>7.2f}x  `timeline check` of the shipped chronology, "
        f"{check * 1e3:.0f} ms, against `python -c 'import tomllib'`, {bare * 1e3:.0f} ms"
    )
    print(
        f"for scale: load {load / count * 1e6:.1f} µs/event, rtoml {parse / count * 1e6:.1f}, "
        f"json.dumps {dumps / count * 1e6:.1f}, to_json {ours_json / count * 1e6:.1f}, "
        f"to_markdown {ours_md / count * 1e6:.1f}, to_ics {ours_ics / len(chronicle) * 1e6:.1f}"
    )
    heavy = peak > PEAK_KIB or retained > RETAINED_KIB
    missed = [goal for goal in goals if not goal.met] or heavy
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
