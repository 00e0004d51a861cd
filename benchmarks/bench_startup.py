"""Start-up: `timeline check data/events.toml` as a whole process against `python -c "import
tomllib"`, best of 10 each, the two alternated so a busy moment costs both alike.

Run with `python benchmarks/bench_startup.py [RUNS]` (not yet in `make bench`, whose run it
would fail: it exits 1 while the ratio misses its goal of at most 3, issue 24). The figures
alone say little, since machines differ two times and more.
`python -X importtime -m timeline check data/events.toml` shows where the time goes.
It also prints the floor under it: pydantic's import, and a file validated through two small
models, each as a ratio to the same anchor. The source is byte-compiled first, as an installed
wheel is: without its `.pyc` files (under `PYTHONDONTWRITEBYTECODE`) each run would also
compile every module it imports, some 100 ms.
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
#: The floor under any check that validates through pydantic: its import alone, and a file
#: read and validated through two small models (what a check needs, less our own code).
PYDANTIC = (sys.executable, "-c", "from pydantic import BaseModel")
ONE_MODEL = (
    sys.executable,
    "-c",
    "import tomllib\n"
    "from pydantic import BaseModel, ConfigDict\n"
    "class Event(BaseModel):\n"
    "    model_config = ConfigDict(frozen=True, extra='forbid')\n"
    "    id: str\n"
    "    title: str\n"
    "class Chronology(BaseModel):\n"
    "    events: tuple[Event, ...]\n"
    f"with open({str(ROOT / 'data' / 'events.toml')!r}, 'rb') as file:\n"
    "    events = tomllib.load(file)['events']\n"
    "Chronology.model_validate({'events': [{'id': e['id'], 'title': e['title']} "
    "for e in events]})\n",
)


def _seconds(command: Sequence[str], environment: dict[str, str]) -> float:
    """Wall seconds of one run of `command`, its output dropped; a failure stops the benchmark."""
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    return time.perf_counter() - started


def best_alternated(runs: int, *commands: Sequence[str]) -> list[float]:
    """The best seconds of each command over `runs` rounds, the commands alternated."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for number, command in enumerate(commands):
            best[number] = min(best[number], _seconds(command, environment))
    return best


def main(arguments: Sequence[str]) -> int:
    """Print both bests and their ratio; exit 1 when the ratio misses the goal."""
    runs = int(arguments[0]) if arguments else 10
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(machine_line())
    check, anchor, pydantic, one_model = best_alternated(runs, CHECK, ANCHOR, PYDANTIC, ONE_MODEL)
    ratio = check / anchor
    print(f"timeline check data/events.toml: {check * 1e3:.0f} ms (best of {runs})")
    print(f'python -c "import tomllib":      {anchor * 1e3:.0f} ms (best of {runs})')
    print(
        f"floor: pydantic's import {pydantic / anchor:.2f}x, two models {one_model / anchor:.2f}x"
    )
    verdict = "ok" if ratio <= GOAL else "MISSED"
    print(f"ratio {ratio:.2f}x (goal <= {GOAL:g}x): {verdict}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
