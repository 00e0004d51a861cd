"""The one timing loop every export benchmark uses, so their figures mean the same thing."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import timeline


def best_of(
    runs: int, write: Callable[[timeline.Timeline], bytes], chronology: timeline.Timeline
) -> tuple[float, int]:
    """(Best seconds over `runs`, size of the output in bytes); collected garbage between runs."""
    best, size = float("inf"), 0
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        data = write(chronology)
        best = min(best, time.perf_counter() - started)
        size = len(data)
        del data
    return best, size
