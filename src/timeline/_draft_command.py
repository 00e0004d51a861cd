"""`timeline draft ARTICLE.txt --published DATE -o drafts.toml`: the command line of `draft`,
apart from `_cli` (its size).

The article is read as UTF-8 text, its dated sentences drafted as events citing it (the
publisher, title and address given, the title else the article's first line), and the drafts
written through the export path: TOML on standard output unless -o or -f names another.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TextIO

from timeline._cli import (
    _STDIN,
    _WRITABLE,
    EXIT_OK,
    _add_force,
    _add_writer_options,
    _load,
    _output_format,
    _render,
    _standard_input,
    _UsageError,
    _write_bytes,
    _written,
)
from timeline._errors import DateError, counted
from timeline._files import read_bytes
from timeline._model import Source, Timeline
from timeline._when import When
from timeline._writing import write_pieces
from timeline.formats._common import decode_utf8

__all__ = ["add_draft", "draft_file"]


def add_draft(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `draft` command's options."""
    parser = commands.add_parser(
        "draft", help="draft events from an article's dated sentences, for a writer to finish"
    )
    parser.add_argument("article", metavar="ARTICLE", help="the article as plain text ('-': stdin)")
    parser.add_argument(
        "--published",
        required=True,
        metavar="DATE",
        help="the day it was published (2022-10-16): its relative dates are read against it",
    )
    parser.add_argument("--publisher", default="unknown publisher", metavar="P")
    parser.add_argument("--title", metavar="T", help="default: the article's first line")
    parser.add_argument("--url", metavar="U")
    parser.add_argument(
        "--vocabulary",
        metavar="FILE",
        help="a chronology whose places and organisations the drafts are to recognise too",
    )
    parser.add_argument(
        "--all-warnings",
        action="store_true",
        help="print every warning of the --vocabulary file (default: 20 of each kind)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="default: standard output")
    parser.add_argument("-f", "--format", choices=_WRITABLE, help="default: from -o, else toml")
    _add_force(parser)
    _add_writer_options(parser)


def draft_file(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Draft the article's events and write them."""
    from timeline._draft import draft  # on first use: only this command drafts

    text = _article(args.article)
    source = Source(
        publisher=args.publisher,
        title=args.title or _headline(text),
        url=args.url,
        published=_published(args.published),
    )
    vocabulary = None
    if args.vocabulary is not None:
        reading = argparse.Namespace(input_format=None, skip_invalid=False, zone=None)
        vocabulary = _load(args.vocabulary, reading)
    drafts = draft(text, source=source, vocabulary=vocabulary)
    _write(drafts, args, out)
    print(f"drafted {counted(len(drafts), 'event')}, each tagged 'draft'", file=err)
    return EXIT_OK


def _article(path: str) -> str:
    """The article's text; not UTF-8, a located error at its first bad line (as every reader)."""
    data = _standard_input().read() if path == _STDIN else read_bytes(path)
    return decode_utf8(data, path, "save it as UTF-8 plain text")


def _headline(text: str) -> str:
    """The article's first line that holds words, as its title when none is given."""
    for line in text.splitlines():
        if any(character.isalpha() for character in line):
            return " ".join(line.split())[:200]
    return "untitled article"


def _published(given: str) -> When:
    """--published as one day: the reference every relative date of the article is read from."""
    try:
        when = When.parse(given)
    except DateError as error:
        raise _UsageError(f"--published {given!r}: {error.message}") from None
    if when.is_interval or when.first_day != when.last_day or not isinstance(when.start, date):
        raise _UsageError(f"--published {given!r} is not one day; give it as 2022-10-16")
    return when


def _write(drafts: Timeline, args: argparse.Namespace, out: TextIO) -> None:
    if args.format is None and args.output in (None, "-"):
        args.format = "toml"
    spec = _output_format(args)
    data = _render(spec, drafts, args)
    if args.output is None or args.output == "-":
        _write_bytes(out, data)
    else:
        _written(write_pieces, args.output, data, force=args.force)
