"""Loading by path or stream, bounded: with `_atomic` (writing), the only code that touches the
file system.

Only regular files are read (a pipe, socket, device or folder is refused before it is opened),
in pieces, up to `max_bytes`, so nothing endless fills the memory.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from typing import BinaryIO, Final, Protocol

from timeline._errors import FormatError, Location, ProblemCode
from timeline._model import Timeline
from timeline._options import OnError
from timeline.formats import HEAD_SIZE, READABLE, Format, format_of_content, reading_format

__all__ = [
    "MAX_BYTES",
    "BinaryReadable",
    "load",
    "loads",
    "open_file",
    "read_bytes",
]


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
    on_error: OnError = "strict",
    zone: str | None = None,
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
    located `TimelineWarning` (the default reports every problem at once). For calendar files:
    `zone` is the zone of floating times; a repeating event is read whole, as one series, and
    a window of its occurrences is chosen after reading (`Timeline.select`). A TOML, JSON or
    CSV file places its local times itself, so these three leave `zone` as it is.

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
    reading = _Reading(on_error, zone)
    if isinstance(path, str | os.PathLike):
        file = os.fspath(path)
        spec = reading_format(format, file)
        return _read_owned(spec, [_read_file(file, max_bytes)], file, reading, max_bytes)
    where = _stream_name(path)
    spec = reading_format(format, None)
    return _read(spec, _read_stream(path, where, max_bytes), where, reading)


@dataclass(frozen=True, slots=True)
class _Reading:
    """The reading options `load` and `loads` share, handed to every format's reader alike
    (`Reader` says what a format with no calendar makes of `zone`)."""

    on_error: OnError
    zone: str | None

    def read(self, spec: Format, data: bytes, where: str | None) -> Timeline:
        return spec.read(data, where, on_error=self.on_error, zone=self.zone)


def _read(spec: Format | None, data: bytes, where: str | None, reading: _Reading) -> Timeline:
    """Read as the format given, else as the one the content looks like: a file that is not
    what it looked like is then told the format was guessed."""
    if spec is not None:
        return reading.read(spec, data, where)
    guessed = format_of_content(data[:HEAD_SIZE])
    try:
        return reading.read(guessed, data, where)
    except FormatError as error:
        raise _guessed(error, guessed) from None


def _read_owned(
    spec: Format | None, held: list[bytes], file: str, reading: _Reading, max_bytes: int | None
) -> Timeline:
    """`_read` of a file's bytes handed over in `held`: a TOML reader lets them go while it
    builds (no frame here keeps them), and reads the file again only to locate a problem."""
    guessed = spec or format_of_content(held[0][:HEAD_SIZE])
    if guessed.name != "toml":
        return _read(spec, held.pop(), file, reading)
    from timeline.formats._toml import read_owned

    try:
        return read_owned(
            held,
            lambda: _read_file(file, max_bytes),
            lambda start, end: _read_part(file, start, end),
            file,
            on_error=reading.on_error,
        )
    except FormatError as error:
        if spec is None:
            raise _guessed(error, guessed) from None
        raise


def _guessed(error: FormatError, spec: Format) -> FormatError:
    """The error, saying the format was guessed: a file that is not what it looked like is
    told how to name the format it is."""
    problem = error.problem
    guess = (
        f"read as {spec.name}, as its content suggests (its name gives no format); if it is "
        f"not, name its format ({', '.join(READABLE)}) with --input-format, or format="
    )
    hint = guess if problem.advice is None else f"{problem.advice}\n    {guess}"
    guessed = FormatError(problem.message, problem.location, hint, code=problem.code)
    guessed.problem = replace(problem, hint=hint)  # its code and suggestion kept for programs
    return guessed


def loads(
    data: str | bytes,
    *,
    format: str | None = None,
    source: str | None = None,
    on_error: OnError = "strict",
    zone: str | None = None,
) -> Timeline:
    """Read a timeline from text already in memory, named `source` in messages; the format
    comes from `format`, else from the content, and the options mean what they mean for `load`.

    Raises:
        FormatError: when the format is unknown or only written, the text cannot be read as
            that format (not UTF-8, a syntax error), or a calendar option is wrong (an unknown
            `zone` or `on_error`).
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`, and for what a calendar
            had to have repaired or approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return _read(reading_format(format), raw, source, _Reading(on_error, zone))


#: What a file that is not a regular file is, by its `stat` mode, for the refusal.
_NOT_A_FILE: Final = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_bytes(where: str) -> bytes:
    """A regular file's bytes, refused as `load` refuses what is no file (for --previous)."""
    return _read_file(where, None)


def open_file(where: str) -> BinaryIO:
    """A regular file opened to read (unbuffered), refused as `load` refuses what is no file:
    for --previous, which is read by offset, a piece at a time, never whole."""
    stream = _opened(where)
    try:
        _refuse_if_not_a_file(os.fstat(stream.fileno()).st_mode, where)
    except OSError as error:
        stream.close()
        raise _unreadable(f"cannot read the file: {error.strerror}", where) from None
    except FormatError:
        stream.close()
        raise
    return stream


def _opened(where: str) -> BinaryIO:
    """The path opened without blocking, looked at first (opening a pipe with no writer
    blocks); it may have been swapped since, so the caller looks again once it is open."""
    try:
        _refuse_if_not_a_file(os.stat(where).st_mode, where)
        descriptor = os.open(where, _OPEN_FLAGS)
    except FileNotFoundError:
        raise FormatError(
            "no such file", Location(file=where), "check the path", code=ProblemCode.NO_SUCH_FILE
        ) from None
    except IsADirectoryError:
        raise _folder(where) from None
    except OSError as error:
        raise _unreadable(f"cannot read the file: {error.strerror}", where) from None
    return os.fdopen(descriptor, "rb", buffering=0)


def _read_file(where: str, max_bytes: int | None) -> bytes:
    """The bytes of a regular file, refusing anything whose reading could block or never end.

    The path is looked at before it is opened (opening a pipe with no writer blocks), opened
    without blocking in case it was swapped since, and looked at again once open.
    """
    with _opened(where) as stream:
        try:
            status = os.fstat(stream.fileno())
            _refuse_if_not_a_file(status.st_mode, where)
            if max_bytes is not None and status.st_size > max_bytes:
                raise _too_large(where, max_bytes)  # known before a byte is read
            return _read_bounded(stream, where, max_bytes, first=status.st_size + 1)
        except OSError as error:
            raise _unreadable(f"cannot read the file: {error.strerror}", where) from None


def _read_part(where: str, start: int, end: int) -> bytes:
    """Bytes `start` to `end` of a file read before, refused as `_read_file` refuses what is no
    file (the path may have been swapped since); the reader checks they are what it read."""
    try:
        descriptor = os.open(where, _OPEN_FLAGS)
    except OSError as error:
        raise _unreadable(f"cannot read the file: {error.strerror}", where) from None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        try:
            _refuse_if_not_a_file(os.fstat(descriptor).st_mode, where)
            stream.seek(start)
            return stream.read(end - start) or b""
        except OSError as error:
            raise _unreadable(f"cannot read the file: {error.strerror}", where) from None


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
                code=ProblemCode.NOT_A_FILE,
            )


def _folder(where: str) -> FormatError:
    return FormatError(
        "this is a folder, not a file",
        Location(file=where),
        "name one timeline file inside it",
        code=ProblemCode.NOT_A_FILE,
    )


def _unreadable(message: str, where: str | None) -> FormatError:
    return FormatError(message, Location(file=where), code=ProblemCode.UNREADABLE)


def _stream_name(stream: BinaryReadable) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def _read_stream(stream: BinaryReadable, where: str | None, max_bytes: int | None) -> bytes:
    try:
        return _read_bounded(stream, where, max_bytes, first=_CHUNK)
    except OSError as error:
        raise _unreadable(f"cannot read: {error.strerror}", where) from None


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
        "check it is the file meant; for a chronology this large, raise the limit (--max-size "
        "2GiB on the command line, timeline.load(..., max_bytes=...) in Python)",
        code=ProblemCode.TOO_LARGE,
    )


def _size(count: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"
