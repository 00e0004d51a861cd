"""`write`: a timeline written to a file or a file object as its bytes are made, so an export
holds no more than the timeline and a buffer, whatever the size of its output."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Protocol

from timeline._atomic import atomic_writer
from timeline._model import Timeline
from timeline.formats import format_for

__all__ = ["BinaryWritable", "started", "write", "write_pieces"]


class BinaryWritable(Protocol):
    """What `write` writes to: `sys.stdout.buffer`, an `open(..., "wb")` file, `io.BytesIO`."""

    def write(self, data: bytes, /) -> object: ...


def write(
    timeline: Timeline,
    file: str | os.PathLike[str] | BinaryWritable,
    *,
    format: str | None = None,
    force: bool = False,
    **options: object,
) -> int:
    """Write the timeline to a file, or to a binary file object, as it is made: the bytes of
    `to_x(timeline, **options)` (the same, byte for byte), never held whole, so a million
    events take no more memory than the timeline and a buffer. Returns how many bytes.

    The format is `format` (a name or a suffix), else the path's suffix (a file object's
    `name`). A path is written as `atomic_write` writes it: the target replaced only once
    every byte is written, a symbolic link followed, a FIFO or device written into, a
    read-only file refused unless `force`. A file object takes the pieces as they come (it
    is neither flushed nor closed), so one that fails midway holds part of them.

    Raises:
        FormatError: for an unknown format, one timeline cannot write, an option the format
            does not take (a `TypeError`) or a bad value of one, before any byte is written.
        WriteError: as `atomic_write`, when the file cannot be written.

    Warns:
        TimelineWarning: as the format's writer warns (a calendar's events left out).
    """
    named = os.fspath(file) if isinstance(file, str | os.PathLike) else getattr(file, "name", None)
    spec = format_for(format, named if isinstance(named, str) else None)
    pieces = started(spec.stream(timeline, **options))
    if not isinstance(file, str | os.PathLike):
        written = 0
        for piece in pieces:
            file.write(piece)
            written += len(piece)
        return written
    return write_pieces(file, pieces, force=force)


def write_pieces(
    path: str | os.PathLike[str], pieces: Iterable[bytes], *, force: bool = False
) -> int:
    """Write the pieces through `atomic_writer` as they come; how many bytes.

    Raises:
        WriteError: as `atomic_write`.
    """
    with atomic_writer(path, force=force) as output:
        for piece in pieces:
            output.write(piece)
    return output.written


def started(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces with the first already made, so the writer's options (checked as it
    starts) are refused before the target is opened."""
    first = next(pieces, b"")
    return chain((first,), pieces)
