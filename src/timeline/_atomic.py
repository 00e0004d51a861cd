"""Writing atomically, and the only code besides `_files` (loading) that touches the file system.

Writing respects what it writes to: a symbolic link is followed to the file it names, which is
replaced there; a FIFO, a device or an open descriptor (`/dev/stdout`) is written directly,
never replaced; a read-only file is refused unless forced; an existing file keeps its mode and
owner, a new one gets the umask's. Every failure is a located `WriteError`.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Final

from timeline._errors import FormatError, Location, ProblemCode

__all__ = [
    "BUFFER",
    "Output",
    "WriteError",
    "atomic_write",
    "atomic_writer",
    "check_replaceable",
    "write_failure",
]


class WriteError(FormatError, OSError):
    """A file that could not be written, located like any `FormatError`.

    Also an `OSError` (with `errno` and `filename`), because `atomic_write` let the file
    system's `OSError` through before: code written for that keeps working, and code that
    catches `TimelineError` gets the path, what went wrong and what to do in one message.
    """

    def __init__(
        self,
        message: str,
        location: Location,
        hint: str | None = None,
        *,
        code: int | None = None,
        reason: str | None = None,
    ) -> None:
        FormatError.__init__(self, message, location, hint, code=ProblemCode.UNWRITABLE)
        self.errno = code
        self.strerror = message
        self.filename = location.file
        #: "read-only" when a write-protected file was refused (`force=True` replaces it).
        self.reason = reason

    def __str__(self) -> str:
        return str(self.problem)


#: At most this many symbolic links are followed, as the kernel does (a loop is an error).
_MAX_LINKS = 40

#: Linux: the bytes go to a file with no name (`O_TMPFILE`) that is named only once complete,
#: so a process killed mid-write leaves nothing behind. Elsewhere, a named temporary file.
_ANONYMOUS = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")

#: `.{target}.timeline-{pid}-{random}.tmp`: hidden, never taken for output, and removed by the
#: next write to the same target once the process that made it is gone.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.timeline-(?P<pid>\d+)-[0-9a-f]{8}\.tmp")

#: A folder of descriptors: Linux's `/proc/PID/fd` (where `/dev/fd` and `/dev/stdout` lead),
#: or a BSD's and macOS's own `/dev/fd`.
_DESCRIPTORS = re.compile(r"(?:/proc/(?P<pid>\d+|self|thread-self)(?:/task/\d+)?|/dev)/fd")

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


@dataclass(frozen=True, slots=True)
class _Target:
    """Where the bytes go: `path` is the end of any chain of links from `given`."""

    given: str
    path: str
    info: os.stat_result | None = None  # None: nothing there yet
    descriptor: int | None = None  # one of our own open descriptors (`/dev/stdout`)
    other_descriptor: bool = False  # another process's (`/proc/123/fd/1`): opened directly


def atomic_write(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> None:
    """Write all of `data` or nothing: a failed export leaves an earlier file untouched.

    The bytes go to a temporary file in the target's folder (on Linux one with no name until
    it is complete), are flushed to disk, and only then replace the target in one rename, so
    a reader never sees half a calendar. The replaced file keeps its mode and, where allowed,
    its owner; a new file gets the umask's mode. A symbolic link is followed and the file it
    leads to is replaced, the link kept. A FIFO, a character device (`/dev/null`) or an open
    descriptor (`/dev/stdout`, `/proc/self/fd/1`) is written directly, never replaced. A
    read-only file is refused unless `force=True`. A signal that would end the process during
    the write (SIGTERM, SIGHUP, SIGINT left at its default; Ctrl-C's KeyboardInterrupt too)
    removes the temporary file first. `atomic_writer` is the same, written as it goes.

    Raises:
        WriteError: a `FormatError` and an `OSError` naming the path, what went wrong and what
            to do: a read-only file without `force`, a folder, no permission, a full disk, a
            read-only file system. The target is then left as it was (a FIFO or a device may
            have taken part of the bytes).
    """
    with atomic_writer(path, force=force) as output:
        output.write(data)


class Output:
    """The file `atomic_writer` gives: bytes written to it go to the temporary file (or the
    FIFO, device or descriptor) through a buffer, sent once it holds `BUFFER` bytes, so a
    writer that hands over a piece at a time holds no more than that and one piece."""

    def __init__(self, descriptor: int, target: _Target) -> None:
        self._descriptor = descriptor
        self._target = target
        self._pending = bytearray()
        #: how many bytes were written to it
        self.written = 0

    def write(self, data: bytes) -> int:
        """Take `data` (any bytes-like object); the buffer goes out once it is full.

        Raises:
            WriteError: located, when the file system refuses the bytes.
        """
        self.written += len(data)
        if not self._pending and len(data) >= BUFFER:
            self._send(data)  # a large piece goes as it is, not copied
        else:
            self._pending += data
            if len(self._pending) >= BUFFER:
                self.flush()
        return len(data)

    def flush(self) -> None:
        """Send what the buffer holds."""
        if self._pending:
            pending, self._pending = bytes(self._pending), bytearray()
            self._send(pending)

    def _send(self, data: bytes) -> None:
        try:
            _write_all(self._descriptor, data)
        except OSError as error:
            raise _failure(error, self._target) from None


#: How much `Output` holds before it writes: big enough that a write call is rare.
BUFFER: Final = 1024 * 1024


@contextmanager
def atomic_writer(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Output]:
    """`atomic_write` as a file to write to as the bytes are made: the target is replaced
    only when the `with` block ends without an exception; any exception (a writer's, a full
    disk, Ctrl-C) leaves it untouched and removes the temporary file. A FIFO, a device or an
    open descriptor is written as the bytes come, so it may take part of them.

    Raises:
        WriteError: as `atomic_write`; the refusals (a folder, a read-only file) come before
            the block runs.
    """
    target = _resolve(os.fspath(path))
    in_block = False
    try:
        with _opened(target, force) as output:
            in_block = True
            yield output
            in_block = False
            output.flush()
    except OSError as error:
        if in_block or isinstance(error, WriteError):
            raise
        raise _failure(error, target) from None


@contextmanager
def _opened(target: _Target, force: bool) -> Iterator[Output]:
    """The file the bytes go to: a descriptor, a FIFO or device as it is, else a temporary."""
    if target.descriptor is not None:
        _flush_python_streams(target.descriptor)
        yield Output(target.descriptor, target)
    elif target.other_descriptor or _written_directly(target.info):
        with _writing_directly(target) as output:
            yield output
    else:
        _refuse(target, force)
        with _replacing(target) as output:
            yield output


def check_replaceable(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Refuse, before anything is written, what `atomic_write` would refuse: a folder, a
    read-only file (without `force`), a link loop. `timeline build` checks every file first,
    so one refusal replaces none.

    Raises:
        WriteError: naming the path, what is in the way and what to do.
    """
    target = _resolve(os.fspath(path))
    direct = target.other_descriptor or _written_directly(target.info)
    if target.descriptor is None and not direct:
        _refuse(target, force)


def write_failure(error: OSError, name: str, hint: str | None = None) -> WriteError:
    """The located error for a failed write to `name` (also "standard output")."""
    return _failure(error, _Target(name, name), hint)


# -- where the bytes go ----------------------------------------------------------------------------


def _resolve(given: str) -> _Target:
    """Follow the chain of links from `given` one link at a time, stopping at a descriptor."""
    path = given
    for _ in range(_MAX_LINKS):
        descriptor = _descriptor(path)
        if descriptor is not None:
            own = descriptor[0] in {None, "self", "thread-self", str(os.getpid())}
            return _Target(
                given, path, descriptor=descriptor[1] if own else None, other_descriptor=not own
            )
        try:
            info = os.lstat(path)
            if not stat.S_ISLNK(info.st_mode):
                return _Target(given, path, info)
            path = os.path.join(os.path.dirname(path), os.readlink(path))
        except FileNotFoundError:
            return _Target(given, path)
        except OSError as error:
            raise _failure(error, _Target(given, path)) from None
    raise WriteError(
        "the symbolic links from here lead round in a loop; nothing was written",
        Location(file=given),
        "point the link at a file, or write to another path",
        code=errno.ELOOP,
    )


def _descriptor(path: str) -> tuple[str | None, int] | None:
    """(process, number) when `path` names an open descriptor rather than a file (the
    process is None where the folder is this process's own)."""
    name = os.path.basename(path)
    if not name.isdigit():
        return None
    folder = os.path.realpath(os.path.dirname(path) or ".")
    found = _DESCRIPTORS.fullmatch(folder)
    return None if found is None else (found["pid"], int(name))


def _written_directly(info: os.stat_result | None) -> bool:
    """A FIFO or a character device is written into; replacing it would destroy it."""
    return info is not None and (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode))


def _refuse(target: _Target, force: bool) -> None:
    """What must not be replaced: a folder, something that is not a file, a read-only file."""
    info = target.info
    if info is None or stat.S_ISREG(info.st_mode):
        if info is not None and not force and _read_only(target.path, info):
            if _on_read_only_mount(target.path):  # --force could not help: say what would
                raise _failure(OSError(errno.EROFS, os.strerror(errno.EROFS)), target)
            raise _error(
                target,
                "this file is read-only, so it was not replaced",
                "make it writable (chmod u+w), or write with force=True to replace it anyway",
                errno.EACCES,
                reason="read-only",
            )
        return
    if stat.S_ISDIR(info.st_mode):
        raise _error(
            target,
            "this is a folder, not a file; nothing was written",
            "give the path of a file (inside the folder, if you like)",
            errno.EISDIR,
        )
    raise _error(
        target,
        "this is not a file (a socket or a block device); nothing was written",
        "give the path of a file",
        errno.EINVAL,
    )


def _read_only(path: str, info: os.stat_result) -> bool:
    """Write-protected: we may not write it, or nobody may (root may write anything, but a
    file whose every write bit is off was protected on purpose)."""
    return not info.st_mode & 0o222 or not os.access(path, os.W_OK)


def _on_read_only_mount(path: str) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# -- writing ---------------------------------------------------------------------------------------


def _write_all(descriptor: int, data: bytes) -> None:
    """`os.write` may take part of the bytes (a pipe, a signal): write until all are taken."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _flush_python_streams(descriptor: int) -> None:
    """Our own descriptor, at its own offset: what Python buffered for it goes out first."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.fileno() == descriptor:
                stream.flush()
        except (OSError, ValueError):
            continue


@contextmanager
def _writing_directly(target: _Target) -> Iterator[Output]:
    """A FIFO (this waits for its reader, as a shell's `>` does) or a device."""
    descriptor = os.open(target.path, os.O_WRONLY | _CLOEXEC | _NOCTTY)
    try:
        yield Output(descriptor, target)
    finally:
        os.close(descriptor)


@contextmanager
def _replacing(target: _Target) -> Iterator[Output]:
    """A temporary file in the target's folder, put in the target's place once the block
    ends well, removed whatever else ends it."""
    folder = os.path.dirname(target.path) or "."
    name = os.path.basename(target.path)
    try:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:  # `exist_ok` excuses only folders: here a file has the name
        missing = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        raise _failure(missing, target) from None
    _remove_stale(folder, name)
    with _signals_end_the_write():
        descriptor, temporary = _open_temporary(folder, name)
        try:
            output = Output(descriptor, target)
            yield output
            output.flush()
            _keep_mode_and_owner(descriptor, target.info)
            os.fsync(descriptor)
            if temporary is None:
                temporary = _name_anonymous(descriptor, folder, name)
            os.replace(temporary, target.path)
            _UNFINISHED.discard(temporary)
        finally:
            os.close(descriptor)
            if temporary in _UNFINISHED:
                _unlink_quietly(temporary)
                _UNFINISHED.discard(temporary)
    _sync_folder(folder)


def _open_temporary(folder: str, name: str) -> tuple[int, str | None]:
    """A file with no name (Linux), else a new one with a name only we would choose."""
    if _ANONYMOUS:
        try:
            flags = os.O_WRONLY | os.O_TMPFILE | _CLOEXEC
            return os.open(folder, flags, 0o666), None
        except OSError as error:  # a file system without O_TMPFILE: fall back to a name
            if error.errno not in {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}:
                raise
    while True:
        temporary = os.path.join(folder, _temporary_name(name))
        _UNFINISHED.add(temporary)  # before it exists, so no signal finds it unknown
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            _UNFINISHED.discard(temporary)
            continue
        except BaseException:
            _UNFINISHED.discard(temporary)
            raise


def _temporary_name(name: str) -> str:
    return f".{_short(name)}.timeline-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _short(name: str) -> str:
    """The target's name cut to 120 bytes, so the temporary name stays under the 255 bytes a
    name may have even when the target's own is near that."""
    return name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")


def _name_anonymous(descriptor: int, folder: str, name: str) -> str:
    """Give the complete, unnamed file a temporary name; a rename then puts it in place
    (`linkat` cannot replace a file, `rename` can). A folder descriptor makes Python call
    `linkat` with AT_SYMLINK_FOLLOW, which links the file itself, not the /proc link."""
    anchor = os.open(folder, os.O_RDONLY | _CLOEXEC)
    try:
        while True:
            temporary = _temporary_name(name)
            path = os.path.join(folder, temporary)
            _UNFINISHED.add(path)
            try:
                source = f"/proc/self/fd/{descriptor}"
                os.link(source, temporary, dst_dir_fd=anchor, follow_symlinks=True)
            except FileExistsError:
                _UNFINISHED.discard(path)
                continue
            except BaseException:
                _UNFINISHED.discard(path)
                raise
            return path
    finally:
        os.close(anchor)


def _keep_mode_and_owner(descriptor: int, info: os.stat_result | None) -> None:
    """A replaced file keeps its owner (where we may) and mode; a new one has the umask's."""
    if info is None:
        return
    if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != _owner(descriptor):
        for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
            try:
                os.fchown(descriptor, uid, gid)
                break
            except PermissionError:
                continue
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(info.st_mode))


def _owner(descriptor: int) -> tuple[int, int]:
    info = os.fstat(descriptor)
    return info.st_uid, info.st_gid


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; a folder that cannot be opened or synced is let be."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _unlink_quietly(path: str) -> None:
    with suppress(OSError):
        os.unlink(path)


def _remove_stale(folder: str, name: str) -> None:
    """Remove what a killed write to this target left behind (its process is gone)."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry)
        if found and found["name"] == _short(name) and not _alive(int(found["pid"])):
            _unlink_quietly(os.path.join(folder, entry))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as another user's process, or we cannot tell
        return True
    return True


#: Temporary files with a name, not yet renamed into place: removed if a signal ends us.
_UNFINISHED: set[str] = set()

#: Signals that end a process at once by default; while a write is under way in the main
#: thread, each one left at its default first removes the temporary files.
_ENDING = [
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
]


@contextmanager
def _signals_end_the_write() -> Iterator[None]:
    """Take the ending signals still at their default for the time of the write, then give
    them back. A handler the program set itself is left alone (Python's own SIGINT handler
    raises KeyboardInterrupt, which the write's `finally` answers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    taken = [number for number in _ENDING if signal.getsignal(number) == signal.SIG_DFL]
    for number in taken:
        signal.signal(number, _end_now)
    try:
        yield
    finally:
        _give_back(taken)


def _end_now(signum: int, frame: FrameType | None) -> None:
    """Remove the temporary files, then end the process by the same signal, as it would have
    ended without us (its parent sees "killed by SIGTERM"). Nothing unwinds, so nothing can
    be caught half-way."""
    for path in list(_UNFINISHED):
        _unlink_quietly(path)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _give_back(taken: list[int]) -> None:
    """Restore the defaults with the signals blocked: one that arrives meanwhile waits in the
    kernel and then ends the process the default way; one already caught runs `_end_now`."""
    block = bool(taken) and hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, taken) if block else set()
    try:
        for number in taken:
            signal.signal(number, signal.SIG_DFL)
    finally:
        if block:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# -- words -----------------------------------------------------------------------------------------

#: errno -> (what went wrong, what to do), for the failures a user can meet and act on.
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space is left on the device", "free some space, or write somewhere else"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or write somewhere else"),
    errno.EACCES: ("permission denied", "write to a folder you may write to, or ask for access"),
    errno.EPERM: ("permission denied", "write to a folder you may write to, or ask for access"),
    errno.EROFS: ("the file system is read-only", "write somewhere else"),
    errno.EISDIR: ("this is a folder, not a file", "give the path of a file"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.ENOENT: ("its folder does not take new files", "write somewhere else"),
    errno.EPIPE: ("the reader closed it before the end", "check the program reading it"),
    errno.EBADF: ("it is closed, or not open for writing", "give a file to write to"),
    errno.ELOOP: ("the symbolic links lead round in a loop", "point the link at a file"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name"),
    errno.ENXIO: ("nothing is at the other end", "give a file to write to"),
}


def _failure(error: OSError, target: _Target, hint: str | None = None) -> WriteError:
    code = error.errno if isinstance(error.errno, int) else None
    reason, advice = _REASONS.get(code or -1, (None, "check the path and its folder"))
    what = reason or (error.strerror or str(error)).lower()
    if code == errno.ENOTDIR:
        blocker = _file_in_the_way(target.path)
        if blocker is not None:
            what = f"{blocker} is a file, not a folder"
            advice = "give a path inside a folder, or move that file away"
    elif code == errno.ENOENT:
        what = f"the folder {os.path.dirname(target.path) or '.'} does not take new files"
    return _error(target, f"cannot write: {what}", hint or advice, code)


def _file_in_the_way(path: str) -> str | None:
    """The first part of `path` that exists and is not a folder, to name it."""
    parts = Path(path).parents
    for parent in reversed(parts):
        if parent.exists() and not parent.is_dir():
            return str(parent)
    return None


def _error(
    target: _Target, message: str, hint: str, code: int | None, reason: str | None = None
) -> WriteError:
    if os.path.normpath(target.path) != os.path.normpath(target.given):
        message += f" (the link leads to {target.path})"
    return WriteError(message, Location(file=target.given), hint, code=code, reason=reason)
