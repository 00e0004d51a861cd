"""The only module that touches the file system: loading by path or stream, bounded, and writing
atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Final, Literal, Protocol

from timeline._errors import FormatError, Location
from timeline._model import Timeline
from timeline.formats import HEAD_SIZE, READABLE, Format, format_of_content, reading_format

__all__ = ["MAX_BYTES", "BinaryReadable", "atomic_write", "load", "loads"]


#: The largest input `load` reads unless told otherwise: some hundred times the largest real
#: chronology, so it only stops what never ends (`/dev/zero` through standard input, a log
#: still growing) before it fills the memory.
MAX_BYTES: Final = 512 * 1024 * 1024

#: Reads come in pieces this size, so an endless stream stops at the limit, not past it.
_CHUNK: Final = 1024 * 1024


class BinaryReadable(Protocol):
    """What `load` reads a stream from: `sys.stdin.buffer`, an `open(..., "rb")` file, a socket's
    `makefile("rb")`, `io.BytesIO`."""

    def read(self, size: int = -1, /) -> bytes: ...


def load(
    path: str | os.PathLike[str] | BinaryReadable,
    *,
    format: str | None = None,
    on_error: Literal["strict", "skip"] = "strict",
    zone: str | None = None,
    start: date | None = None,
    end: date | None = None,
    max_bytes: int | None = MAX_BYTES,
) -> Timeline:
    """Read a timeline from a file, or from a binary stream such as `sys.stdin.buffer`.

    The format comes from `format`, else the file's suffix, else its content (a calendar's
    `BEGIN:VCALENDAR`, JSON's `{`, a CSV header row, else TOML). A stream is named in messages
    by its `name` (`<stdin>`, an open file's path). Only regular files are opened: a named pipe,
    socket or device is refused before it is opened, since reading one may never end; read it as
    a stream instead. More than `max_bytes` (512 MiB; `None` for no limit) is refused, having
    read no further than the limit.

    `on_error="skip"` keeps every readable event and leaves out each invalid one with a
    located `TimelineWarning` (TOML, JSON and .ics; the default reports every problem at once).
    For calendar files: `zone` is the zone of floating times, and `start`/`end` (days,
    inclusive) the window in which a repeating event's occurrences are read.

    Raises:
        FormatError: when the file cannot be read (no such file, a folder, a pipe or device,
            over `max_bytes`, not UTF-8, not valid TOML, JSON, CSV or iCalendar), its format is
            unknown or only written, or a calendar option is wrong (an unknown `zone` or
            `on_error`).
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`, and for what a calendar
            file had to have repaired or approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    where: str | None
    if isinstance(path, str | os.PathLike):
        where = file = os.fspath(path)
        spec = reading_format(format, file)
        data = _read_file(file, max_bytes)
    else:
        where = _stream_name(path)
        spec = reading_format(format, None)
        data = _read_stream(path, where, max_bytes)
    options: dict[str, object] = {}
    if on_error != "strict":
        options["on_error"] = on_error
    if spec is not None:
        return _read(spec, data, where, zone, start, end, options)
    guessed = format_of_content(data[:HEAD_SIZE])
    try:
        return _read(guessed, data, where, zone, start, end, options)
    except FormatError as error:
        raise _guessed(error, guessed) from None


def _read(
    spec: Format,
    data: bytes,
    where: str | None,
    zone: str | None,
    start: date | None,
    end: date | None,
    options: dict[str, object],
) -> Timeline:
    if spec.name == "ics":
        options = {**options, "zone": zone, "start": start, "end": end}
    return spec.read(data, where, **options)


def _guessed(error: FormatError, spec: Format) -> FormatError:
    """The error, saying the format was guessed: a file that is not what it looked like is
    told how to name the format it is."""
    problem = error.problem
    guess = (
        f"read as {spec.name}, as its content suggests (its name gives no format); if it is "
        f"not, name its format ({', '.join(READABLE)}) with --input-format, or format="
    )
    hint = guess if problem.advice is None else f"{problem.advice}\n    {guess}"
    guessed = FormatError(problem.message, problem.location, hint)
    guessed.problem = replace(problem, hint=hint)  # its code and suggestion kept for programs
    return guessed


def loads(data: str | bytes, *, format: str | None = None, source: str | None = None) -> Timeline:
    """Read a timeline from text already in memory; the format comes from `format`, else from
    the content, as for `load`.

    Raises:
        FormatError: when the format is unknown or only written, or the text cannot be read as
            that format (not UTF-8, a syntax error).
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for what a calendar had to have repaired or approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    spec = reading_format(format)
    if spec is not None:
        return spec.read(raw, source)
    guessed = format_of_content(raw[:HEAD_SIZE])
    try:
        return guessed.read(raw, source)
    except FormatError as error:
        raise _guessed(error, guessed) from None


#: What a file that is not a regular file is, by its `stat` mode, for the refusal.
_NOT_A_FILE: Final = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _read_file(where: str, max_bytes: int | None) -> bytes:
    """The bytes of a regular file, refusing anything whose reading could block or never end.

    The path is looked at before it is opened (opening a pipe with no writer blocks), opened
    without blocking in case it was swapped since, and looked at again once open.
    """
    try:
        _refuse_if_not_a_file(os.stat(where).st_mode, where)
        descriptor = os.open(where, _OPEN_FLAGS)
    except FileNotFoundError:
        raise FormatError("no such file", Location(file=where), "check the path") from None
    except IsADirectoryError:
        raise _folder(where) from None
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", Location(file=where)) from None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        try:
            status = os.fstat(descriptor)
            _refuse_if_not_a_file(status.st_mode, where)
            if max_bytes is not None and status.st_size > max_bytes:
                raise _too_large(where, max_bytes)  # known before a byte is read
            return _read_bounded(stream, where, max_bytes, first=status.st_size + 1)
        except OSError as error:
            raise FormatError(
                f"cannot read the file: {error.strerror}", Location(file=where)
            ) from None


_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _refuse_if_not_a_file(mode: int, where: str) -> None:
    if stat.S_ISDIR(mode):
        raise _folder(where)
    for test, what in _NOT_A_FILE:
        if test(mode):
            raise FormatError(
                f"this is {what}, not a file: reading it might never end",
                Location(file=where),
                "save what it gives to a file and read that, or pipe it to standard input and "
                "name the file '-'",
            )


def _folder(where: str) -> FormatError:
    return FormatError(
        "this is a folder, not a file", Location(file=where), "name one timeline file inside it"
    )


def _stream_name(stream: BinaryReadable) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def _read_stream(stream: BinaryReadable, where: str | None, max_bytes: int | None) -> bytes:
    try:
        return _read_bounded(stream, where, max_bytes, first=_CHUNK)
    except OSError as error:
        raise FormatError(f"cannot read: {error.strerror}", Location(file=where)) from None


def _read_bounded(
    stream: BinaryReadable, where: str | None, max_bytes: int | None, *, first: int
) -> bytes:
    """Read to the end in pieces, stopping one byte past `max_bytes`, so what never ends is
    refused having taken no more memory than the limit.

    `first` is the first piece's size: a regular file's size and one more, so a file read
    whole is one piece and one allocation, and joining it copies nothing.
    """
    pieces: list[bytes] = []
    total = 0
    size = first
    while True:
        if max_bytes is not None:
            size = min(size, max_bytes + 1 - total)
        piece = stream.read(max(size, 1))
        if not isinstance(piece, bytes):
            raise TypeError("timeline.load reads a binary stream: open it with 'rb'")
        if not piece:
            return b"".join(pieces)
        pieces.append(piece)
        total += len(piece)
        if max_bytes is not None and total > max_bytes:
            raise _too_large(where, max_bytes)
        size = _CHUNK


def _too_large(where: str | None, max_bytes: int) -> FormatError:
    return FormatError(
        f"the input is larger than the limit of {_size(max_bytes)}; reading stopped there",
        Location(file=where),
        "a file this large is no chronology: check it is the file meant (or, in Python, raise "
        "the limit with timeline.load(..., max_bytes=...))",
    )


def _size(count: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write all of `data` or nothing: a failed export leaves an earlier file untouched.

    The bytes go to a temporary file in the same folder, are flushed to disk, and only then
    replace the target in one rename, so a reader never sees half a calendar.

    Raises:
        Nothing on purpose: the file system's `OSError` (no permission, a full disk) passes
            through, after the temporary file is removed and the target left as it was.
    """
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
