"""`timeline merge A B [C ...] -o OUT`: the command line of `merge`, apart from `_cli` (its size).

Each file is loaded as `export` loads it, the timelines merged, and the result written through
the export path (a format by the -o suffix or -f, the atomic writer). Where the files disagree
the disagreements are printed, located in both files, and nothing is written (exit 1) unless
`--prefer` names the side to keep; `--matches` writes the joined groups as JSON for a person to
review, and `--dry-run` prints them and writes nothing.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from timeline._atomic import atomic_write
from timeline._cli import (
    _STDIN,
    _WRITABLE,
    EXIT_INVALID,
    EXIT_OK,
    _add_force,
    _add_reading,
    _add_writer_options,
    _load,
    _output_format,
    _render,
    _shown_name,
    _UsageError,
    _visible,
    _visible_lines,
    _write_bytes,
    _written,
)
from timeline._errors import counted
from timeline._files import read_bytes
from timeline._writing import write_pieces
from timeline.formats import Format, format_of_content, reading_format

if TYPE_CHECKING:
    from timeline._merge import Merged

__all__ = ["add_merge", "merge_files"]


def add_merge(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `merge` command's options."""
    parser = commands.add_parser(
        "merge", help="join chronologies into one: each happening once, no source lost"
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="two files or more")
    parser.add_argument("-o", "--output", metavar="OUT", help="default: standard output")
    parser.add_argument("-f", "--format", choices=_WRITABLE, help="default: from the -o suffix")
    parser.add_argument(
        "--prefer",
        metavar="FILE",
        help="where the files disagree, keep this one's values (a FILE as given, or its "
        "position, 1 for the first); without it a disagreement exits 1, writing nothing",
    )
    parser.add_argument(
        "--matches",
        metavar="JSON",
        help="write the joined groups there, each a list of [FILE, event id]",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the joined groups and the disagreements; write nothing",
    )
    _add_force(parser)
    _add_reading(parser, writes_one_format=True)
    _add_writer_options(parser)


def merge_files(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Merge the files; exit 1 on disagreements unless --prefer chose a side."""
    from timeline._merge import merge  # on first use: rapidfuzz is loaded only to merge

    if len(args.files) < 2:
        raise _UsageError("give two files or more to merge")
    if args.files.count(_STDIN) > 1:
        raise _UsageError("only one FILE can be '-' (standard input)")
    spec = None if args.dry_run else _output_format(args)
    prefer = _preferred(args.prefer, args.files)
    loaded = [_load(path, args) for path in args.files]
    names = [_shown_name(path) for path in args.files]
    merged = merge(*loaded, names=names, prefer=prefer)
    if merged.disagreements:  # located only now: the lines cost a second read of each file
        lines = [_lines_of(path, args) for path in args.files]
        merged = merge(*loaded, names=names, prefer=prefer, lines=lines)
    said = "warning" if prefer is not None else "error"
    for problem in merged.disagreements:
        print(f"{said}: {_visible_lines(str(problem))}", file=err)
    refused = bool(merged.disagreements) and prefer is None
    if args.dry_run:
        out.write("".join(_visible(line) + "\n" for line in merged.lines()))
        print(_summary(merged, len(loaded)), file=err)
        return EXIT_INVALID if refused else EXIT_OK
    if args.matches is not None:
        _written(atomic_write, args.matches, merged.matches_json().encode(), force=args.force)
    if refused:
        print("nothing written: give --prefer FILE to keep that file's values", file=err)
        return EXIT_INVALID
    assert spec is not None  # not a dry run
    _write(spec, merged, args, out)
    print(_summary(merged, len(loaded)), file=err)
    return EXIT_OK


def _preferred(given: str | None, files: list[str]) -> int | None:
    """--prefer as the 0-based input it names: a FILE as given, else its position from 1."""
    if given is None:
        return None
    if given in files:
        return files.index(given)
    if given.isdigit() and 1 <= int(given) <= len(files):
        return int(given) - 1
    raise _UsageError(
        f"--prefer {given!r} names none of the files; give one as written, or 1 to {len(files)}"
    )


def _lines_of(path: str, args: argparse.Namespace) -> dict[str, int]:
    """The line of each event id in the file (none for standard input, read already)."""
    if path == _STDIN:
        return {}
    from timeline._merge import event_lines

    data = read_bytes(path)
    spec = reading_format(args.input_format, path) or format_of_content(data[:4096])
    return event_lines(data, spec.name)


def _write(spec: Format, merged: Merged, args: argparse.Namespace, out: TextIO) -> None:
    made_from = {"source": ", ".join(map(_shown_name, args.files))}
    data = _render(spec, merged.timeline, args, **(made_from if "source" in spec.options else {}))
    if args.output is None or args.output == "-":
        _write_bytes(out, data)
    else:
        _written(write_pieces, args.output, data, force=args.force)


def _summary(merged: Merged, files: int) -> str:
    joined = sum(len(group) for group in merged.groups)
    return (
        f"merged {files} files into {counted(len(merged.timeline), 'event')}: "
        f"{counted(joined, 'event')} joined into {len(merged.groups)}"
        + (
            f", {counted(len(merged.disagreements), 'disagreement')}"
            if merged.disagreements
            else ""
        )
    )
