"""The `timeline` command: check, show, diff, merge, draft (and, through the registry, export).

Exit codes: 0 all good, 1 the data is wrong (every problem is printed, located), 2 the command
line is wrong. Bad data never shows a traceback. `diff` alone follows diff(1): 0 the same,
1 they differ, 2 trouble (bad usage, or a file that cannot be read or is invalid), so that a
script never takes a broken file for a change.
"""

from __future__ import annotations

import argparse
import codecs
import enum
import errno
import io
import os
import re
import sys
import warnings
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Final, TextIO, get_args

import timeline
from timeline._atomic import WriteError, check_replaceable, write_failure
from timeline._errors import (
    DateError,
    FormatError,
    MissingReference,
    SelectionError,
    TimelineError,
    TimelineWarning,
    counted,
)
from timeline._files import MAX_BYTES, load, open_file
from timeline._model import Kind, Status, Timeline, member_of, nearest, relative_bound
from timeline._options import GroupBy, Imprecise, Layout
from timeline._shown_warnings import SHOWN_PER_KIND, ShownWarnings, WarningPrinter
from timeline._when import When
from timeline._writing import started, write_pieces
from timeline.formats import FORMATS, READABLE, Format, format_for, reading_format

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked (it takes 0.1 s to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"timeline {timeline.__version__}\n")
        parser.exit()


def _first_day(text: str) -> date:
    return _bound(text).first_day


def _last_day(text: str) -> date:
    return _bound(text).last_day


def _bound(text: str) -> When:
    """--from or --to read as a date; a relative one is refused, so an output never depends
    on the day it was made."""
    try:
        return When.parse(text)
    except MissingReference:
        raise argparse.ArgumentTypeError(relative_bound(text)) from None
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _word_of(vocabulary: type[enum.Enum], noun: str) -> Callable[[str], str]:
    """An argparse type for a closed vocabulary that names the word meant ("vist": 'visit')."""

    def word(text: str) -> str:
        try:
            return str(member_of(vocabulary, text, noun).value)
        except SelectionError as error:  # worded as `Timeline.select` words it
            raise argparse.ArgumentTypeError(str(error)) from None

    return word


def _add_window(group: argparse._ArgumentGroup, verb: str = "keep") -> None:
    """--from and --to, read as `select` reads its dates."""
    group.add_argument(
        "--from",
        dest="start",
        type=_first_day,
        metavar="DATE",
        help=f"{verb} events on or after DATE (any date form, e.g. 2022-10 or '13 October 2022')",
    )
    group.add_argument(
        "--to", dest="end", type=_last_day, metavar="DATE", help=f"{verb} events on or before DATE"
    )


def _add_selection(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("selection (criteria combine; a repeated option means any)")
    _add_window(group)
    group.add_argument(
        "--kind",
        action="append",
        default=[],
        type=_word_of(Kind, "kind"),
        metavar="KIND",
        help=", ".join(kind.value for kind in Kind),
    )
    group.add_argument("--participant", action="append", default=[], metavar="CODE")
    group.add_argument("--tag", action="append", default=[], metavar="TAG")
    group.add_argument(
        "--place",
        action="append",
        default=[],
        metavar="NAME",
        help="a place under any of its names (Nur-Sultan is Astana)",
    )
    group.add_argument(
        "--status",
        action="append",
        default=[],
        type=_word_of(Status, "status"),
        metavar="STATUS",
        help=", ".join(status.value for status in Status),
    )


def _add_reading(parser: argparse.ArgumentParser, *, writes_one_format: bool = False) -> None:
    """The reading options; `--input-format` on every command, and `--format` too where the
    command has no output format for it to be mistaken for (all but export)."""
    group = parser.add_argument_group("reading (FILE '-' reads standard input)")
    spellings = ["--input-format"] if writes_one_format else ["--input-format", "--format"]
    group.add_argument(
        *spellings,
        dest="input_format",
        choices=READABLE,
        metavar="FORMAT",
        help=f"the format of FILE: {', '.join(READABLE)} (default: from its suffix, else its "
        "content)",
    )
    group.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out each invalid event with a warning, instead of refusing the file",
    )
    group.add_argument(
        "--zone",
        metavar="ZONE",
        help=".ics: the IANA zone of floating times (else the calendar's X-WR-TIMEZONE)",
    )
    group.add_argument(
        "--all-warnings",
        action="store_true",
        help=f"print every warning (default: {SHOWN_PER_KIND} of each kind, then how many more)",
    )
    group.add_argument(
        "--max-size",
        type=_byte_size,
        default=MAX_BYTES,
        metavar="SIZE",
        help="refuse a FILE larger than this: 800MiB, 2GiB, a number of bytes, or 'none' "
        "(default: 512MiB)",
    )


#: The FILE that names standard input, and what messages call it.
_STDIN, _STDIN_NAME = "-", "<stdin>"


def _load(path: str, args: argparse.Namespace) -> Timeline:
    """Load with the reading options (--from/--to select afterwards, for every format); its
    warnings printed together once it is done, so those of a kind can share one hint."""
    printer = warnings.showwarning
    with printer.holding() if isinstance(printer, WarningPrinter) else nullcontext():
        return load(
            _standard_input() if path == _STDIN else path,
            format=args.input_format,
            on_error="skip" if args.skip_invalid else "strict",
            zone=args.zone,
            max_bytes=getattr(args, "max_size", MAX_BYTES),
        )


#: The units --max-size takes, and how many bytes each is.
_UNITS = {
    "": 1,
    "b": 1,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
}


def _byte_size(text: str) -> int | None:
    """A size as people write it ('800MiB', '2GB', '1048576'), or None for 'none': the
    reading limit keeps an endless stream or a wrong file from filling memory, and a million
    events of a real chronology can be over its default."""
    if text.strip().lower() == "none":
        return None
    written = re.fullmatch(r"\s*([0-9]+)\s*([A-Za-z]*)\s*", text)
    factor = None if written is None else _UNITS.get(written[2].lower())
    if written is None or factor is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: write a whole number with a unit, such as 800MiB or "
            "2GiB (KiB, MiB, GiB, kB, MB, GB; no unit for bytes), or 'none' for no limit"
        )
    return int(written[1]) * factor


def _standard_input() -> BinaryIO:
    """The bytes of standard input: a reader decodes them itself (UTF-8, a BOM, CRLF kept)."""
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise _UsageError("there is no standard input to read for FILE '-'; name a file")
    return stream


def _shown_name(path: str) -> str:
    """The FILE as messages name it (a file name may hold controls too: `check *.toml`)."""
    return _STDIN_NAME if path == _STDIN else _visible(path)


def _select(chronology: Timeline, args: argparse.Namespace) -> Timeline:
    """The selection; a filter value no event has is an error here (its warning says why),
    since a misspelt code would otherwise give an empty export that looks like a result."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        chosen = chronology.select(
            start=args.start,
            end=args.end,
            kinds=args.kind,
            participants=args.participant,
            tags=args.tag,
            statuses=args.status,
            places=args.place,
        )
    unknown = [str(item.message) for item in caught if issubclass(item.category, TimelineWarning)]
    if unknown:
        raise _NoSuchFilterValueError(_visible_lines("\n".join(unknown)))
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Validate a hand-written chronology and export it to calendars and documents.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate files; exit 1 with every problem located")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--strict", action="store_true", help="fail on warnings too (likely mistakes)"
    )
    _add_reading(check)
    show = commands.add_parser(
        "show", help="print a readable chronological listing, or one event in full"
    )
    show.add_argument("file", metavar="FILE")
    show.add_argument("event", nargs="?", metavar="ID", help="print this event in full")
    _add_selection(show)
    _add_reading(show)
    export = commands.add_parser("export", help="write one format to a file or standard output")
    export.add_argument("file", metavar="FILE")
    export.add_argument("-f", "--format", choices=_WRITABLE, help="default: from the -o suffix")
    export.add_argument("-o", "--output", metavar="OUT", help="default: standard output")
    _add_force(export)
    _add_selection(export)
    _add_reading(export, writes_one_format=True)
    _add_writer_options(export)
    _add_revision_options(export)
    build = commands.add_parser("build", help="write every format into a folder")
    build.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=f"default: {_DEFAULT_CHRONOLOGY} (the project's own); the files are named after "
        f"FILE, or {_STDIN_STEM}.* for '-'",
    )
    build.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build/")
    _add_force(build)
    _add_selection(build)
    _add_reading(build)
    _add_writer_options(build)
    _add_diff(commands)
    _add_publish(commands)
    from timeline._merge_command import add_merge  # its own module, which imports this one

    add_merge(commands)
    from timeline._draft_command import add_draft  # its own module, which imports this one

    add_draft(commands)
    return parser


def _merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from timeline._merge_command import merge_files  # rapidfuzz is loaded only to merge

    return merge_files(args, out, err)


def _draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from timeline._draft_command import draft_file

    return draft_file(args, out, err)


def _add_publish(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    publish = commands.add_parser(
        "publish", help="keep a CalDAV calendar in step with FILE", allow_abbrev=False
    )
    publish.add_argument("file", metavar="FILE")
    publish.add_argument("--to", required=True, metavar="URL", help="the calendar collection")
    publish.add_argument("--user", metavar="NAME", help="the user name to log in with")
    publish.add_argument(
        "--password-file",
        metavar="PATH",
        help="read the password from PATH (default: the TIMELINE_CALDAV_PASSWORD variable)",
    )
    publish.add_argument(
        "--keep-removed",
        action="store_true",
        help="mark events gone from FILE cancelled instead of deleting them",
    )
    publish.add_argument("--domain", help="domain for UIDs (id@DOMAIN); default timeline.invalid")
    publish.add_argument(
        "--timeout",
        type=_seconds,
        default=_PUBLISH_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for each answer of the server (default {_PUBLISH_TIMEOUT})",
    )
    _add_reading(publish)


#: `publish`'s own default, repeated for `--help` (its module, and caldav, load on first use).
_PUBLISH_TIMEOUT = 30


def _seconds(text: str) -> int:
    """--timeout: a whole number of seconds, one or more."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seconds, 1 or more")
    return int(text)


def _publish(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from timeline._publish import password_from, publish

    report = publish(
        _load(args.file, args),
        args.to,
        user=args.user,
        password=password_from(args.password_file),
        keep_removed=args.keep_removed,
        domain=args.domain,
        timeout=args.timeout,
    )
    print(_visible(f"{report.url}: {report}"), file=out)
    return EXIT_OK


_WRITABLE = [name for name, spec in FORMATS.items() if spec.writable]
_DEFAULT_CHRONOLOGY = "data/events.toml"
#: What `timeline build -` names its files after, as the input has no name of its own.
_STDIN_STEM = "timeline"

#: Where `timeline build` puts each format, named after the input file's stem.
_BUILD_SUFFIX = {
    "ics": ".ics",
    "json": ".json",
    "csv": ".csv",
    "md": ".md",
    "timelinejs": ".timelinejs.json",
    "timelinejs-html": ".timelinejs.html",
    "html": ".html",
}


def _add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a read-only output file too (it keeps its mode)",
    )


def _add_writer_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("format options (each applies to its own format)")
    group.add_argument(
        "--domain", help="ics: domain for UIDs (id@DOMAIN); default timeline.invalid"
    )
    group.add_argument(
        "--imprecise",
        choices=get_args(Imprecise),
        help="ics: month- and year-precision events as all-day spans (default) or left out",
    )
    group.add_argument("--layout", choices=get_args(Layout), help="md: default list")
    group.add_argument("--group-by", choices=get_args(GroupBy), help="md: default year")
    group.add_argument(
        "--front-matter", action="store_true", default=None, help="md: add YAML front matter"
    )
    group.add_argument(
        "--date-marks",
        action=argparse.BooleanOptionalAction,
        help="ics: mark approximate and uncertain dates in SUMMARY (default on)",
    )
    group.add_argument(
        "--status-marks",
        action=argparse.BooleanOptionalAction,
        help="ics: mark cancelled and postponed events in SUMMARY (default on)",
    )
    group.add_argument(
        "--default-duration",
        type=_minutes,
        metavar="MINUTES",
        help="ics: length given to a timed event without an end (0: instantaneous)",
    )
    for name, default in (("votes", "on"), ("participants", "off"), ("absent", "on")):
        group.add_argument(
            f"--{name}",
            action=argparse.BooleanOptionalAction,
            help=f"md: show each event's {name} (default {default})",
        )
    group.add_argument(
        "--notes", action=argparse.BooleanOptionalAction, help="md: show notes (default off)"
    )


def _add_revision_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("revisions (ics: a feed subscribers follow)")
    group.add_argument(
        "--previous",
        metavar="FEED",
        help="the feed's earlier export: unchanged events stay as they were, changed ones get "
        "SEQUENCE+1, removed ones are cancelled",
    )
    group.add_argument(
        "--drop-removed", action="store_true", help="leave removed events out, not cancelled"
    )


#: The writer's revision options (`export` alone offers them); --previous names a file.
_REVISION_OPTIONS = {"previous": "previous", "drop_removed": "drop_removed"}


@contextmanager
def _revising(spec: Format, args: argparse.Namespace) -> Iterator[dict[str, object]]:
    """The previous feed for the writer, open for the export (opened before anything is
    written, so -o may name the same file: it is replaced, and this stays the one read). The
    writer reads it by offset, a piece at a time, never whole."""
    if args.previous is None:
        if args.drop_removed:
            raise _UsageError("--drop-removed needs --previous")
        yield {}
        return
    if spec.name != "ics":
        raise _UsageError("--previous and --drop-removed apply to ics only")
    revising = {keyword: getattr(args, option) for option, keyword in _REVISION_OPTIONS.items()}
    with open_file(args.previous) as previous:  # on the command line, its path
        revising["previous"] = previous
        yield revising


def _minutes(text: str) -> timedelta:
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if minutes < 0:
        raise argparse.ArgumentTypeError("a duration cannot be negative")
    return timedelta(minutes=minutes)


#: Command-line option -> the writer's keyword it gives; each format takes those it declares
#: (`Format.options`), so an option meant for another format is left to that one.
_WRITER_OPTIONS = {
    "domain": "domain",
    "imprecise": "imprecise",
    "layout": "layout",
    "group_by": "group_by",
    "front_matter": "front_matter",
    "date_marks": "mark_dates",
    "status_marks": "mark_status",
    "default_duration": "default_duration",
    "votes": "votes",
    "participants": "participants",
    "absent": "absent",
    "notes": "notes",
}


def _render(
    spec: Format, chronology: Timeline, args: argparse.Namespace, **revising: object
) -> Iterator[bytes]:
    """Start one writer with the options meant for it (and the previous feed's, `revising`):
    its pieces, the first made, so a bad option is refused before a file is opened."""
    options: dict[str, object] = {
        keyword: getattr(args, option)
        for option, keyword in _WRITER_OPTIONS.items()
        if keyword in spec.options and getattr(args, option) is not None
    }
    try:
        return started(spec.stream(chronology, **options, **revising))
    except FormatError as error:  # only the previous feed has lines: locate it by its name
        if not revising or error.problem.location.line is None:
            raise
        raise FormatError(
            error.problem.message,
            error.problem.at(file=args.previous).location,
            error.problem.hint,
            code=error.problem.code,
        ) from None


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        warned, result = _checked(path, args)
        shown = ShownWarnings(args.all_warnings)
        for text in shown.shown(warned):
            print(f"warning: {_visible_lines(text)}", file=err)
        for line in shown.held_back():
            print(_visible_lines(line), file=err)
        if isinstance(result, TimelineError):
            _report(result, err)
            status = EXIT_INVALID
        elif warned and args.strict:
            fail = f"{len(warned)} warnings fail" if len(warned) > 1 else "1 warning fails"
            print(f"{_shown_name(path)}: {fail} --strict", file=err)
            status = EXIT_INVALID
        else:
            print(f"{_shown_name(path)}: ok, {counted(len(result), 'event')}", file=out)
    return status


def _checked(
    path: str, args: argparse.Namespace
) -> tuple[list[Warning | str], Timeline | TimelineError]:
    """The file's warnings, counted for --strict, and its timeline or the error refusing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        try:
            result: Timeline | TimelineError = _load(path, args)
        except TimelineError as error:
            result = error
    warned = [item.message for item in caught if issubclass(item.category, TimelineWarning)]
    return warned, result


def _show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    loaded = _load(args.file, args)
    if args.event is not None:
        return _show_event(loaded, args.event, out)
    chosen = _select(loaded, args)
    print(_visible(chosen.title), file=out)
    if _filtered(args):
        count = len(chosen)
        print(f"{count} event matches" if count == 1 else f"{count} events match", file=out)
    from timeline._show import listing_lines  # a command's own modules: imported when it runs

    for line in listing_lines(chosen, args.start, args.end):
        print(_visible(line), file=out)
    return EXIT_OK


def _show_event(chronology: Timeline, event_id: str, out: TextIO) -> int:
    if event_id not in chronology:
        near = nearest(event_id, [event.id for event in chronology])
        guess = f"; did you mean {near!r}?" if near else ""
        raise _UsageError(_visible(f"no event {event_id!r} in {chronology.title!r}{guess}"))
    from timeline._show import _WIDTH, show_lines

    heading, *fields = show_lines(chronology, chronology[event_id])
    print(_visible(heading), file=out)
    for line in fields:
        # a multi-line summary or note goes on under its label; no other control is printed
        print(_visible_lines(line).replace("\n", "\n" + " " * (_WIDTH + 2)), file=out)
    return EXIT_OK


def _controls() -> dict[int, str]:
    """Each character a terminal obeys rather than shows, and its escape: C0, DEL and C1
    controls (ESC starts the sequences that retitle or clear a terminal), line and paragraph
    separators, and the bidirectional overrides and isolates that reorder what follows."""
    codes = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
    codes += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    return {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in codes}


_CONTROLS: Final = _controls()
_CONTROLS_BUT_NEWLINE: Final = {code: text for code, text in _CONTROLS.items() if code != 0x0A}


def _visible(text: str) -> str:
    """Text from a file made safe to print on one line of a terminal: every control character
    (tab and newline too, which would break a listing's line) written as its escape, `\\x1b`."""
    return text.translate(_CONTROLS)


def _visible_lines(text: str) -> str:
    """As `_visible`, keeping line breaks: for messages of several lines that quote a file."""
    return text.translate(_CONTROLS_BUT_NEWLINE)


def _output_format(args: argparse.Namespace) -> Format:
    """The format to write (`--format`, else `-o`'s suffix); a usage error naming the choices."""
    suffixes = ", ".join(_BUILD_SUFFIX.values())
    if args.format is None and args.output is None:
        raise _UsageError(f"give --format, or -o with a suffix that names one ({suffixes})")
    try:
        spec = format_for(args.format, args.output)
    except FormatError:
        raise _UsageError(
            f"cannot tell the format of {args.output!r}; name it with --format "
            f"({', '.join(_WRITABLE)}) or use a suffix: {suffixes}"
        ) from None
    if not spec.writable:
        raise _UsageError(f"timeline cannot write {spec.name}; use one of: {', '.join(_WRITABLE)}")
    return spec


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    spec = _output_format(args)
    with _revising(spec, args) as revising:
        chosen = _select(_load(args.file, args), args)
        made_from = {"source": _shown_name(args.file)} if "source" in spec.options else {}
        tally = spec.tally(chosen)  # --imprecise skip leaves some out
        pieces = tally.passing(_render(spec, chosen, args, **revising, **made_from))
        if args.output is None or args.output == "-":
            _write_bytes(out, pieces)
        else:
            _written(write_pieces, args.output, pieces, force=args.force)
            print(f"wrote {args.output} ({spec.name}, {counted(tally.count, 'event')})", file=err)
    return EXIT_OK


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    source = args.file
    if source is None:
        source = _DEFAULT_CHRONOLOGY
        if not Path(source).is_file():
            raise _UsageError(f"no FILE given, and there is no {source} here; name the chronology")
    chosen = _select(_load(source, args), args)
    folder = Path(args.output)
    stem = _STDIN_STEM if source == _STDIN else Path(source).stem
    rendered = {
        folder / f"{stem}{suffix}": _render(FORMATS[name], chosen, args)
        for name, suffix in _BUILD_SUFFIX.items()
    }
    for path in rendered:  # every format rendered, and every file may be replaced, first
        _written(check_replaceable, path, force=args.force)
    for path, pieces in rendered.items():
        size = _written(write_pieces, path, pieces, force=args.force)
        print(f"wrote {path} ({size:,} bytes)", file=out)
    page = folder / f"{stem}{_BUILD_SUFFIX['html']}"
    print(f"open {page.resolve().as_uri()} to see the timeline page", file=out)
    return EXIT_OK


def _add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff", help="list events added, removed and changed; exit 0 same, 1 differ, 2 trouble"
    )
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument(
        "--format", dest="output", choices=["text", "json"], default="text", help="default: text"
    )
    parser.add_argument(
        "--events-only",
        action="store_true",
        help="leave the timeline's own fields out (done for a CSV file, which has none)",
    )
    _add_window(
        parser.add_argument_group("window (an event in it in either file is compared)"),
        verb="compare",
    )
    _add_reading(parser, writes_one_format=True)


#: diff(1)'s exit code for trouble, apart from 1, which says the two differ.
_DIFF_TROUBLE = 2


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Exit 1 says the two differ, so a file that cannot be read or is invalid exits 2 here
    (reported as `check` reports it), and so does a failed write of the result."""
    if args.old == _STDIN == args.new:
        raise _UsageError("only one of OLD and NEW can be '-' (standard input)")
    try:
        old, new = _load(args.old, args), _load(args.new, args)
        headerless = [path for path in (args.old, args.new) if _headerless(path, args)]
    except TimelineError as error:
        _report(error, err)
        return _DIFF_TROUBLE
    if headerless and not args.events_only:
        print(
            f"note: {_shown_name(headerless[0])} is CSV, which holds no timeline title, "
            "description, zone, updated or organisations: events alone compared",
            file=err,
        )
    only_events = args.events_only or bool(headerless)
    from timeline._diff import diff

    found = diff(old, new, events_only=only_events, start=args.start, end=args.end)
    status = EXIT_INVALID if found else EXIT_OK
    text = (
        found.to_json()
        if args.output == "json"
        else "".join(_visible(line) + "\n" for line in found.lines())
    )
    try:
        out.write(text)
        out.flush()
    except OSError as error:
        if isinstance(error, BrokenPipeError):  # `timeline diff a b | head`
            return status  # the exit code still says whether they differ
        _report(write_failure(error, _STDOUT, _STDOUT_HINT), err)
        return _DIFF_TROUBLE
    return status


def _headerless(path: str, args: argparse.Namespace) -> bool:
    """Whether the file is CSV by its --input-format or suffix (standard input by the first)."""
    spec = reading_format(args.input_format, None if path == _STDIN else path)
    return spec is not None and spec.name == "csv"


def _written(write: Callable[..., Any], *args: Any, force: bool) -> Any:
    """`write_pieces`, `atomic_write` or `check_replaceable`, its refusal of a read-only file
    worded for the command line (the library's hint names its own keyword)."""
    try:
        return write(*args, force=force)
    except WriteError as error:
        if error.reason != "read-only":
            raise
        hint = "make it writable (chmod u+w), or give --force to replace it anyway"
        problem = error.problem
        raise WriteError(
            problem.message, problem.location, hint, code=error.errno, reason=error.reason
        ) from None


def _write_bytes(out: TextIO, pieces: Iterable[bytes]) -> None:
    """Exports are bytes (CRLF in calendars must survive), so bypass text-mode newline handling;
    each piece goes out as it is made."""
    out.flush()
    binary = getattr(out, "buffer", None)
    if binary is None:
        decoder = codecs.getincrementaldecoder("utf-8")()
        for piece in pieces:
            out.write(decoder.decode(piece))
        out.write(decoder.decode(b"", final=True))
    else:
        for piece in pieces:
            binary.write(piece)
        binary.flush()


#: A failed write to standard output, worded for the command line.
_STDOUT = "standard output"
_STDOUT_HINT = "give it somewhere to go (a file, a pipe)"


class _ClosedOutput(io.StringIO):
    """Standard output when the process was started with it closed (`>&-`): Python gives
    None, and `print(file=None)` would drop every line in silence."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _UsageError(Exception):
    """A command line that parses but cannot be carried out: exit 2, like argparse's own errors."""


class _NoSuchFilterValueError(Exception):
    """A filter value that no event has: exit 1 with the warning that names those in use."""


def _filtered(args: argparse.Namespace) -> bool:
    return any(
        (args.start, args.end, args.kind, args.participant, args.tag, args.status),
    )


def _report(error: TimelineError, err: TextIO) -> None:
    print(f"error: {_visible_lines(str(error))}", file=err)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "check": _check,
    "show": _show,
    "export": _export,
    "build": _build,
    "diff": _diff,
    "publish": _publish,
    "merge": _merge,
    "draft": _draft,
}


@contextmanager
def _warnings_shown_on(err: TextIO, everything: bool) -> Iterator[None]:
    """Our warnings printed by a `WarningPrinter` while the command runs."""
    with warnings.catch_warnings():  # restores the filters and `showwarning` afterwards
        warnings.simplefilter("always", TimelineWarning)
        printer = WarningPrinter(err, everything, warnings.showwarning, _visible_lines)
        warnings.showwarning = printer
        try:
            yield
        finally:
            printer.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    args = _parser().parse_args(argv)
    out: TextIO = sys.stdout if sys.stdout is not None else _ClosedOutput()
    err: TextIO = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # noqa: SIM115
    try:
        with _warnings_shown_on(err, getattr(args, "all_warnings", False)):
            status = _COMMANDS[args.command](args, out, err)
        out.flush()  # a full disk shows here, where it can be reported
        return status
    except _UsageError as error:
        print(f"timeline {args.command}: error: {error}", file=err)
        return EXIT_USAGE
    except _NoSuchFilterValueError as error:
        print(f"error: {error}", file=err)
        return EXIT_INVALID
    except TimelineError as error:
        _report(error, err)
        return EXIT_INVALID
    except BrokenPipeError:  # `timeline show x.toml | head` is not an error
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        if error.filename is not None:  # every file we open words its own errors
            raise
        hint = f"{_STDOUT_HINT}, or name a file with -o" if args.command == "export" else None
        _report(write_failure(error, _STDOUT, hint or _STDOUT_HINT), err)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The console script. Zone rules come from the tzdata package alone, not from the system's
    zoneinfo files first, so the same file gives the same bytes on every machine with the same
    installed packages, whatever tzdata its operating system happens to carry. The process is
    the command's own, so its loads settle what they build in the collector (`bulk_loading`)."""
    zoneinfo.reset_tzpath(to=())
    zoneinfo.ZoneInfo.clear_cache()
    from timeline._normalize import bulk_loading  # the loader's module: not needed for --help

    with bulk_loading():
        status = main()
    _discard_unwritable_output()
    sys.exit(status)


def _discard_unwritable_output() -> None:
    """After a reported failure to write standard output, what is still buffered for it goes
    nowhere: else Python's own flush at exit prints a traceback-like "Exception ignored"."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError:
        with open(os.devnull, "wb") as nowhere:
            os.dup2(nowhere.fileno(), sys.stdout.fileno())


if __name__ == "__main__":
    run()
