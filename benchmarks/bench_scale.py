"""Scale: `timeline check` and `timeline export -f F` for every writable format, each a fresh
process, on chronologies of N events made by `repeated.py` (100,000 unless sizes are given).

Run with `python benchmarks/bench_scale.py [N ...] [--formats ics,json]`, e.g. `100000 1000000`;
`--formats` also takes option sets (`VARIANTS`: a Markdown table, a calendar revision).
For each size it prints every run's wall time and peak RSS (`getrusage(RUSAGE_CHILDREN)` in a
small parent started for that one run, so each peak is that run's own), and each export's
peak minus the check's:
issue 24 asks for at most 100 MB at a million events. Given two sizes, it prints the time
ratio of each run, larger over smaller: the issue asks for at most 11x from 100k to 1M. The
repeated chronology takes some 1.2 KB an event, so one of more than about 430,000 events is
over the 512 MiB reading limit: every run lifts it (`--max-size none`). Large sizes take GBs:
run them alone. A revision (`ics-previous`) is also traced in a process of its own: the
tracemalloc peak of the export with its previous feed against the same export without, the
timeline loaded before tracing starts, so the difference is what the revision step takes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import machine_line, traced_memory

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = (sys.executable, "-m", "timeline")
#: The budget over the check's peak for an export, and the ratio of times, from issue 24.
EXTRA_MB = 100.0
RATIO = 11.0


def writable() -> list[str]:
    """The formats `timeline export` writes, from the registry of the source under test."""
    from timeline.formats import FORMATS

    return [name for name, spec in FORMATS.items() if spec.writable]


def measured(command: Sequence[str]) -> tuple[float, float]:
    """(Wall seconds, peak RSS in MB) of `command`, run by a parent of its own (`_measure`)."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = json.loads(done.stdout)
    return float(seconds), float(peak)


def _measure(command: Sequence[str]) -> tuple[float, float]:
    """Run `command` as this process's only child: its peak is then RUSAGE_CHILDREN's."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:  # a refusal would measure nothing
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


#: A million events of the shipped kind are 1.2 GB, over the reading limit's default.
UNLIMITED = ("--max-size", "none")


#: Option sets measured beside the formats (`--formats md-table,ics-previous`): a Markdown table
#: with every column, in one group; a calendar revised against its own earlier export.
VARIANTS: dict[str, tuple[str, ...]] = {
    "md-table": (
        "-f",
        "md",
        "--layout",
        "table",
        "--group-by",
        "none",
        "--notes",
        "--participants",
    ),
    "ics-previous": ("-f", "ics"),
}


def options(name: str, source: Path) -> list[str]:
    """The export's options for a format or a variant; a revision's previous feed is made
    first, by an export not measured."""
    if name not in VARIANTS:
        return ["-f", name]
    if name != "ics-previous":
        return list(VARIANTS[name])
    previous = source.with_suffix(".previous.ics")
    if not previous.exists():
        made = [*TIMELINE, "export", str(source), "-f", "ics", "-o", str(previous), *UNLIMITED]
        subprocess.run(made, check=True, capture_output=True)
    return [*VARIANTS[name], "--previous", str(previous)]


def traced_revision(source: Path, previous: Path) -> tuple[float, float]:
    """Tracemalloc peaks in MB of the calendar export of `source` without and with `previous`
    (a child of its own measures them: `--trace`)."""
    done = subprocess.run(
        [sys.executable, __file__, "--trace", str(source), str(previous)],
        capture_output=True,
        text=True,
        check=True,
    )
    plain, revised = json.loads(done.stdout)
    return float(plain), float(revised)


def _trace(source: str, previous: str) -> tuple[float, float]:
    """The export's traced peaks, plain and revised, the timeline loaded first (untraced)."""
    import timeline
    from timeline.formats._ics import ics_chunks

    chronology = timeline.load(source, max_bytes=None)
    plain = traced_memory(lambda t: sum(map(len, ics_chunks(t))), chronology)[1]
    with open(previous, "rb") as feed:
        revised = traced_memory(lambda t: sum(map(len, ics_chunks(t, previous=feed))), chronology)
    return plain / 2**20, revised[1] / 2**20


#: Per size, a revision's traced peaks in MB: the calendar export without and with its previous.
traced: dict[int, tuple[float, float]] = {}


def one_size(count: int, formats: Sequence[str], folder: Path) -> dict[str, tuple[float, float]]:
    """The check, then every export, of `count` events."""
    source = folder / f"events-{count}.toml"
    made = (
        "from repeated import repeated_toml as r; "
        f"open({str(source)!r}, 'w', encoding='utf-8').write(r({count}))"
    )
    here = str(Path(__file__).resolve().parent)  # made in a child, whose memory then goes
    subprocess.run([sys.executable, "-c", made], check=True, cwd=here)
    results = {"check": measured([*TIMELINE, "check", str(source), *UNLIMITED])}
    print(f"  ({count:,}: check {results['check'][0]:.1f} s)", file=sys.stderr, flush=True)
    for name in formats:
        out = folder / f"out-{count}.{name}"
        results[name] = measured(
            [*TIMELINE, "export", str(source), *options(name, source), "-o", str(out), *UNLIMITED]
        )
        seconds, peak = results[name]  # a long run's figures as they come
        print(f"  ({count:,}: {name} {seconds:.1f} s {peak:.0f} MB)", file=sys.stderr, flush=True)
        out.unlink()
        if name == "ics-previous":
            plain, revised = traced_revision(source, source.with_suffix(".previous.ics"))
            traced[count] = (plain, revised)
    source.unlink()
    source.with_suffix(".previous.ics").unlink(missing_ok=True)
    return results


Results = dict[str, tuple[float, float]]


def report(count: int, results: Results) -> list[str]:
    check_peak = results["check"][1]
    lines = [f"{count:,} events"]
    for name, (seconds, peak) in results.items():
        extra = "" if name == "check" else f"  export - check {peak - check_peak:+7.0f} MB"
        over = "" if name == "check" or peak - check_peak <= EXTRA_MB else "  (over budget)"
        lines.append(f"  {name:<17} {seconds:7.1f} s  {peak:7.0f} MB{extra}{over}")
    if count in traced:
        plain, revised = traced[count]
        lines.append(
            f"  revision traced   {revised:7.0f} MB peak, {plain:.0f} MB without the previous"
            f" feed: the revision step {revised - plain:+.0f} MB"
        )
    return lines


def ratios(small: int, large: int, first: Results, second: Results) -> list[str]:
    """The time ratio of each run from the smaller size to the larger."""
    lines = [f"time ratio {large:,} / {small:,} events (goal <= {RATIO:g}x for 10x the events)"]
    for name in first:
        ratio = second[name][0] / first[name][0]
        lines.append(f"  {name:<17} {ratio:5.1f}x")
    return lines


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["--measure"]:
        print(json.dumps(_measure(argv[1:])))
        return 0
    if argv[:1] == ["--trace"]:
        print(json.dumps(_trace(argv[1], argv[2])))
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000])
    parser.add_argument(
        "--formats",
        help="comma-separated (default: every writable format); also "
        + ", ".join(VARIANTS)
        + " (option sets)",
    )
    args = parser.parse_args(argv)
    formats = args.formats.split(",") if args.formats else writable()
    print(machine_line(), flush=True)
    found: dict[int, Results] = {}
    with tempfile.TemporaryDirectory(prefix="bench_scale-") as folder:
        for count in args.sizes:
            found[count] = one_size(count, formats, Path(folder))
            print("\n".join(report(count, found[count])), flush=True)
    if len(args.sizes) == 2:
        small, large = sorted(args.sizes)
        print("\n".join(ratios(small, large, found[small], found[large])))
    over = any(
        peak - results["check"][1] > EXTRA_MB
        for results in found.values()
        for name, (_, peak) in results.items()
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
