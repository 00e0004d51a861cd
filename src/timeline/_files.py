"""The only module that touches the file system: loading by path and writing atomically."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Literal

from timeline._errors import FormatError, Location
from timeline._model import Timeline
from timeline.formats import format_for

__all__ = ["atomic_write", "load", "loads"]


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    on_error: Literal["strict", "skip"] = "strict",
    zone: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Timeline:
    """Read a timeline file; the format comes from `format` or else the file's suffix.

    `on_error="skip"` keeps every readable event and leaves out each invalid one with a
    located `TimelineWarning` (TOML, JSON and .ics; the default reports every problem at once).
    For calendar files: `zone` is the zone of floating times, and `start`/`end` (days,
    inclusive) the window in which a repeating event's occurrences are read.

    Raises:
        FormatError: when the file cannot be read (no such file, a folder, not UTF-8, not valid
            TOML, JSON, CSV or iCalendar), its format is unknown or only written, or a calendar
            option is wrong (an unknown `zone` or `on_error`).
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`, and for what a calendar
            file had to have repaired or approximated.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    where = os.fspath(path)
    spec = format_for(format, where)
    try:
        data = Path(where).read_bytes()
    except FileNotFoundError:
        raise FormatError("no such file", Location(file=where), "check the path") from None
    except IsADirectoryError:
        raise FormatError("this is a folder, not a file", Location(file=where)) from None
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", Location(file=where)) from None
    options: dict[str, object] = {}
    if on_error != "strict":
        options["on_error"] = on_error
    if spec.name == "ics":
        options.update(zone=zone, start=start, end=end)
    return spec.read(data, where, **options)


def loads(data: str | bytes, *, format: str = "toml", source: str | None = None) -> Timeline:
    """Read a timeline from text already in memory.

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
    return format_for(format).read(raw, source)


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
