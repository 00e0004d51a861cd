"""Start-up: `timeline check data/events.toml` as a whole process against `python -c "import
tomllib"`, best of 10 each, the two alternated so a busy moment costs both alike.

Run with `python benchmarks/bench_startup.py [RUNS]` (not yet in `make bench`, whose run it
would fail: it exits 1 while the ratio misses its goal of at most 3, issue 24). The figures
alone say little, since machines differ two times and more.
`python -X importtime -m timeline check data/events.toml` shows where the time goes.
The source is byte-compiled first, as an installed wheel is: without its `.pyc` files (under
`PYTHONDONTWRITEBYTECODE`) each run would also compile every module it imports, some 100 ms.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import machine_line

ROOT = Path(__file__).resolve().parent.parent
CHECK = (sys.executable, "-m", "timeline", "check", str(ROOT / "data" / "events.toml"))
ANCHOR = (sys.executable, "-c", "import tomllib")
GOAL = 3.0


def _seconds(command: Sequence[str], environment: dict[str, str]) -> float:
    """Wall seconds of one run of `command`, its output dropped; a failure stops the benchmark."""
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    return time.perf_counter() - started


def best_alternated(runs: int) -> tuple[float, float]:
    """(Best seconds of the check, best seconds of the anchor) over `runs` alternated pairs."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    check = anchor = float("inf")
    for _ in range(runs):
        check = min(check, _seconds(CHECK, environment))
        anchor = min(anchor, _seconds(ANCHOR, environment))
    return check, anchor


def main(arguments: Sequence[str]) -> int:
    """Print both bests and their ratio; exit 1 when the ratio misses the goal."""
    runs = int(arguments[0]) if arguments else 10
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(machine_line())
    check, anchor = best_alternated(runs)
    ratio = check / anchor
    print(f"timeline check data/events.toml: {check * 1e3:.0f} ms (best of {runs})")
    print(f'python -c "import tomllib":      {anchor * 1e3:.0f} ms (best of {runs})')
    verdict = "ok" if ratio <= GOAL else "MISSED"
    print(f"ratio {ratio:.2f}x (goal <= {GOAL:g}x): {verdict}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
