"""The timing loops the benchmarks use, and the machine line every benchmark prints.

Machines here differ by two times and more in speed from one session to the next, so a figure
alone says little; each script prints, beside its figures, how long a fixed pure-Python workload
took on the same machine in the same run.
"""

from __future__ import annotations

import gc
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

Given = TypeVar("Given")
Made = TypeVar("Made")


def best_of(
    runs: int,
    work: Callable[[Given], Made],
    given: Given,
    measure: Callable[[Made], int] = len,  # type: ignore[assignment]
) -> tuple[float, int]:
    """(Best seconds over `runs` of `work(given)`, `measure` of what the last run made).

    Garbage is collected before each run; `measure` is called outside the timing and the
    result dropped before the next run, so a run never pays for its predecessor's objects.
    An exception from `work` propagates at once (a refusal is the caller's to report).
    """
    best, measured = float("inf"), 0
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        made = work(given)
        best = min(best, time.perf_counter() - started)
        measured = measure(made)
        del made
    return best, measured


def traced_memory(work: Callable[[Given], Made], given: Given) -> tuple[Made, int, int]:
    """(What `work(given)` made, its peak and retained bytes), traced by tracemalloc with the
    collector run before and after, so that only what the work keeps counts as retained."""
    gc.collect()
    tracemalloc.start()
    try:
        made = work(given)
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return made, peak, retained


def _reference_workload() -> int:
    """Dictionary, string and integer work of the kind the loaders and writers do."""
    table: dict[str, int] = {}
    for number in range(200_000):
        key = f"event-{number % 5_000}"
        table[key] = table.get(key, 0) + number
    return sum(len(key) * value for key, value in table.items())


def machine_line() -> str:
    """'python 3.11.7 on x86_64; reference workload 41.2 ms': best of five runs."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        _reference_workload()
        best = min(best, time.perf_counter() - started)
    return (
        f"python {sys.version.split()[0]} on {platform.machine()}; "
        f"reference workload {best * 1e3:.1f} ms (fixed work: compare machines by it)"
    )
