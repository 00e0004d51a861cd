"""Writing respects its target: fault injection for `atomic_write` and the command line's output.

Each test leaves the target intact or correctly written, and shows the located message a user
reads. Device nodes are private copies made with `mknod` (the same driver as /dev/full and
/dev/null), so a regression replaces the copy, never the machine's own device.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import HEADER, event_toml
from timeline import FormatError, TimelineError, atomic_write
from timeline import _atomic as files
from timeline._atomic import WriteError, check_replaceable
from timeline._cli import main

OLD = b"an earlier export\n"
NEW = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" * 64
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def others(folder: Path, *keep: str) -> list[str]:
    """Every name in `folder` but those expected: a stray temporary file shows up here."""
    return sorted(name for name in os.listdir(folder) if name not in keep)


def message(error: pytest.ExceptionInfo[WriteError]) -> str:
    return str(error.value)


def device(folder: Path, name: str, major: int, minor: int) -> Path:
    """A private character device node, or skip where we may not make one."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return node


# -- the error -------------------------------------------------------------------------------------


def test_a_write_error_is_located_and_is_both_of_ours_and_an_oserror(tmp_path: Path) -> None:
    folder = tmp_path / "out.ics"
    folder.mkdir()
    with pytest.raises(WriteError) as caught:
        atomic_write(folder, NEW)
    error = caught.value
    assert isinstance(error, FormatError | TimelineError | OSError)
    assert (error.errno, error.filename) == (errno.EISDIR, str(folder))
    assert error.problem.location.file == str(folder)
    assert message(caught) == (
        f"{folder}: this is a folder, not a file; nothing was written\n"
        "    hint: give the path of a file (inside the folder, if you like)"
    )
    assert others(folder) == []


# -- symbolic links --------------------------------------------------------------------------------


def test_a_link_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(OLD)
    link = tmp_path / "link.ics"
    link.symlink_to("real.ics")
    atomic_write(link, NEW)
    assert link.is_symlink()
    assert os.readlink(link) == "real.ics"
    assert real.read_bytes() == NEW
    assert others(tmp_path, "real.ics", "link.ics") == []


def test_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.ics"
    link.symlink_to("elsewhere/new.ics")
    atomic_write(link, NEW)
    assert link.is_symlink()
    assert (tmp_path / "elsewhere" / "new.ics").read_bytes() == NEW
    assert others(tmp_path / "elsewhere", "new.ics") == []


def test_a_chain_of_links_is_followed_to_its_end(tmp_path: Path) -> None:
    (tmp_path / "far").mkdir()
    real = tmp_path / "far" / "real.ics"
    real.write_bytes(OLD)
    (tmp_path / "far" / "middle.ics").symlink_to("real.ics")  # relative to its own folder
    first = tmp_path / "first.ics"
    first.symlink_to(tmp_path / "far" / "middle.ics")
    atomic_write(first, NEW)
    assert real.read_bytes() == NEW
    assert first.is_symlink()
    assert (tmp_path / "far" / "middle.ics").is_symlink()
    assert others(tmp_path / "far", "real.ics", "middle.ics") == []


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.ics").symlink_to("b.ics")
    (tmp_path / "b.ics").symlink_to("a.ics")
    with pytest.raises(WriteError) as caught:
        atomic_write(tmp_path / "a.ics", NEW)
    assert message(caught) == (
        f"{tmp_path / 'a.ics'}: the symbolic links from here lead round in a loop; "
        "nothing was written\n    hint: point the link at a file, or write to another path"
    )
    assert others(tmp_path, "a.ics", "b.ics") == []


def test_a_refusal_through_a_link_names_where_it_leads(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(OLD)
    real.chmod(0o444)
    (tmp_path / "link.ics").symlink_to("real.ics")
    with pytest.raises(WriteError) as caught:
        atomic_write(tmp_path / "link.ics", NEW)
    assert f"(the link leads to {real})" in message(caught)
    assert real.read_bytes() == OLD


# -- FIFOs, devices, descriptors: written into, never replaced -------------------------------------


def test_a_fifo_is_written_into_for_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    atomic_write(fifo, NEW)
    reader.join(timeout=30)
    assert received == [NEW]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert others(tmp_path, "out.ics") == []


def test_a_fifo_whose_reader_leaves_early_is_a_located_error(tmp_path: Path) -> None:
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)

    def read_a_little() -> None:
        with fifo.open("rb", buffering=0) as stream:
            stream.read(1)

    reader = threading.Thread(target=read_a_little)
    reader.start()
    with pytest.raises(WriteError) as caught:
        atomic_write(fifo, NEW * 4096)  # more than a pipe holds
    reader.join(timeout=30)
    assert message(caught) == (
        f"{fifo}: cannot write: the reader closed it before the end\n"
        "    hint: check the program reading it"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_into(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 1, 3)
    atomic_write(null, NEW)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert others(tmp_path, "null") == []


def test_a_full_device_is_a_located_error_and_stays_a_device(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 1, 7)
    with pytest.raises(WriteError) as caught:
        atomic_write(full, NEW)
    assert message(caught) == (
        f"{full}: cannot write: no space is left on the device\n"
        "    hint: free some space, or write somewhere else"
    )
    assert caught.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert others(tmp_path, "full") == []


def test_the_systems_dev_full_stays_a_device(tmp_path: Path) -> None:
    """The reported case itself, where /dev/full exists; tried on a private copy first, so a
    regression fails here without replacing the machine's device."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    copy = device(tmp_path, "full", 1, 7)
    with pytest.raises(WriteError):
        atomic_write(copy, NEW)
    assert stat.S_ISCHR(copy.lstat().st_mode)
    with pytest.raises(WriteError, match="no space is left on the device"):
        atomic_write("/dev/full", NEW)
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_a_link_to_a_device_writes_into_the_device(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 1, 7)
    (tmp_path / "out.ics").symlink_to(full)
    with pytest.raises(WriteError, match="no space is left on the device"):
        atomic_write(tmp_path / "out.ics", NEW)
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert (tmp_path / "out.ics").is_symlink()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd")
@pytest.mark.parametrize("form", ["/proc/self/fd/{}", "/dev/fd/{}"])
def test_an_open_descriptor_is_written_at_its_own_offset(form: str, tmp_path: Path) -> None:
    """/proc/self/fd/N names our descriptor N (here a pipe), not a file to replace."""
    read_end, write_end = os.pipe()
    try:
        atomic_write(form.format(write_end), NEW)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            assert stream.read() == NEW
    finally:
        for descriptor in (read_end, write_end):
            try:
                os.close(descriptor)
            except OSError:
                continue


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd")
def test_an_appending_descriptor_keeps_what_was_there(tmp_path: Path) -> None:
    """A shell's `>> file` with `-o /dev/stdout`: appended, as `-` would, never truncated."""
    target = tmp_path / "log.ics"
    target.write_bytes(OLD)
    with target.open("ab") as stream:
        atomic_write(f"/proc/self/fd/{stream.fileno()}", NEW)
    assert target.read_bytes() == OLD + NEW


# -- read-only files and folders, existing folders -------------------------------------------------


def test_a_read_only_file_is_refused_then_replaced_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(WriteError) as caught:
        atomic_write(target, NEW)
    assert message(caught) == (
        f"{target}: this file is read-only, so it was not replaced\n"
        "    hint: make it writable (chmod u+w), or write with force=True to replace it anyway"
    )
    assert caught.value.reason == "read-only"
    assert target.read_bytes() == OLD
    atomic_write(target, NEW, force=True)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # still read-only
    assert others(tmp_path, "out.ics") == []


def test_check_replaceable_refuses_what_the_write_would(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    target.chmod(0o400)
    with pytest.raises(WriteError, match="read-only"):
        check_replaceable(target)
    check_replaceable(target, force=True)
    check_replaceable(tmp_path / "new.ics")
    with pytest.raises(WriteError, match="a folder, not a file"):
        check_replaceable(tmp_path)
    assert target.read_bytes() == OLD


def test_an_existing_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "out.ics"
    folder.mkdir()
    (folder / "inside").write_bytes(OLD)
    with pytest.raises(WriteError, match="this is a folder, not a file"):
        atomic_write(folder, NEW, force=True)
    assert others(folder) == ["inside"]
    assert (folder / "inside").read_bytes() == OLD


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "afile").write_bytes(OLD)
    with pytest.raises(WriteError) as caught:
        atomic_write(tmp_path / "afile" / "deeper" / "out.ics", NEW)
    assert message(caught) == (
        f"{tmp_path / 'afile' / 'deeper' / 'out.ics'}: cannot write: "
        f"{tmp_path / 'afile'} is a file, not a folder\n"
        "    hint: give a path inside a folder, or move that file away"
    )
    assert (tmp_path / "afile").read_bytes() == OLD


def test_a_folder_that_refuses_new_files_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (we run as root, whom permissions do not stop): the temporary file cannot be
    made. The real cases follow: a read-only mount, and /proc."""

    def refuse(*_args: object) -> tuple[int, str | None]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    monkeypatch.setattr(files, "_open_temporary", refuse)
    with pytest.raises(WriteError) as caught:
        atomic_write(target, NEW)
    assert message(caught) == (
        f"{target}: cannot write: permission denied\n"
        "    hint: write to a folder you may write to, or ask for access"
    )
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


@pytest.mark.skipif(ROOT or not hasattr(os, "geteuid"), reason="root may write anywhere")
def test_a_read_only_folder_as_an_ordinary_user(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "out.ics").write_bytes(OLD)
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            atomic_write(folder / "out.ics", NEW)
        assert (folder / "out.ics").read_bytes() == OLD
        assert others(folder, "out.ics") == []
    finally:
        folder.chmod(0o755)


def test_a_read_only_mount_is_a_located_error(tmp_path: Path) -> None:
    """A real read-only folder: a read-only bind mount in a private mount namespace (it
    vanishes with the process), where `unshare` and the right to mount exist."""
    unshare = shutil.which("unshare")
    if unshare is None or not ROOT:
        pytest.skip("needs unshare and root")
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.ics").write_bytes(OLD)
    source = tmp_path / "events.toml"
    source.write_text(HEADER + event_toml("a"), encoding="utf-8")
    script = 'mount --bind -o ro "$1" "$1" || exit 99; exec "$2" -m timeline export "$3" -o "$4"'
    argv = [unshare, "-m", "sh", "-c", script, "sh", folder, sys.executable, source]
    done = subprocess.run(
        [*map(str, argv), str(folder / "out.ics")], capture_output=True, text=True, check=False
    )
    if done.returncode == 99:
        pytest.skip(f"may not mount here: {done.stderr.strip()}")
    assert (done.returncode, done.stderr) == (
        1,
        f"error: {folder / 'out.ics'}: cannot write: the file system is read-only\n"
        "    hint: write somewhere else\n",
    )
    assert (folder / "out.ics").read_bytes() == OLD
    assert others(folder, "out.ics") == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="no /proc")
def test_a_folder_that_takes_no_files_is_a_located_error() -> None:
    with pytest.raises(WriteError) as caught:
        atomic_write("/proc/x.ics", NEW)
    assert message(caught) == (
        "/proc/x.ics: cannot write: the folder /proc does not take new files\n"
        "    hint: write somewhere else"
    )


# -- full disk, short writes -----------------------------------------------------------------------


def test_a_full_disk_mid_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[int] = []
    real_write = os.write

    def fill_up(descriptor: int, data: bytes | memoryview) -> int:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(real_write(descriptor, bytes(data[:100])))
        return written[-1]

    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "write", fill_up)
    with pytest.raises(WriteError, match="no space is left on the device"):
        atomic_write(target, NEW)
    monkeypatch.undo()
    assert written == [100]
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


def test_short_writes_are_continued_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def a_little(descriptor: int, data: bytes | memoryview) -> int:
        return real_write(descriptor, bytes(data[:7]))

    monkeypatch.setattr(os, "write", a_little)
    atomic_write(tmp_path / "out.ics", NEW)
    monkeypatch.undo()
    assert (tmp_path / "out.ics").read_bytes() == NEW


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_failed_rename_removes_the_temporary_file(
    anonymous: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    if anonymous and not files._ANONYMOUS:
        pytest.skip("no O_TMPFILE here")
    monkeypatch.setattr(files, "_ANONYMOUS", anonymous)
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError, match="cannot write: input/output error"):
        atomic_write(target, NEW)
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(max_size=5000),
    existing=st.booleans(),
    links=st.integers(min_value=0, max_value=3),
    anonymous=st.booleans(),
)
def test_what_is_written_is_exactly_the_data_through_any_links(
    data: bytes, existing: bool, links: int, anonymous: bool
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        real = folder / "real.ics"
        if existing:
            real.write_bytes(OLD)
        path = real
        for number in range(links):
            link = folder / f"link{number}.ics"
            link.symlink_to(path.name)
            path = link
        previous = files._ANONYMOUS
        files._ANONYMOUS = anonymous and previous
        try:
            atomic_write(path, data)
        finally:
            files._ANONYMOUS = previous
        assert real.read_bytes() == data
        assert all((folder / f"link{number}.ics").is_symlink() for number in range(links))
        assert others(folder, "real.ics", *(f"link{number}.ics" for number in range(links))) == []


# -- modes and owners ------------------------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_replaced_file_keeps_its_mode(
    anonymous: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_ANONYMOUS", anonymous and files._ANONYMOUS)
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    target.chmod(0o640)
    atomic_write(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == NEW


@pytest.mark.skipif(not ROOT, reason="only root may give a file to another owner")
def test_a_replaced_file_keeps_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    os.chown(target, 4321, 8765)
    atomic_write(target, NEW)
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 8765)


@settings(max_examples=25, deadline=None)
@given(mask=st.integers(min_value=0, max_value=0o777), anonymous=st.booleans())
def test_a_new_file_honours_the_umask(mask: int, anonymous: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        previous_anonymous = files._ANONYMOUS
        files._ANONYMOUS = anonymous and previous_anonymous
        previous = os.umask(mask)
        try:
            atomic_write(Path(folder) / "out.ics", NEW)
        finally:
            os.umask(previous)
            files._ANONYMOUS = previous_anonymous
        made = Path(folder) / "out.ics"
        assert stat.S_IMODE(made.stat().st_mode) == 0o666 & ~mask
        assert others(Path(folder), "out.ics") == []


# -- signals and kills during the write ------------------------------------------------------------

#: A child that writes half the bytes, says so, and waits to be stopped.
CHILD = """
import os, signal, sys, time
from timeline import _atomic as _files
if sys.argv[3] == "default":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
_files._ANONYMOUS = _files._ANONYMOUS and sys.argv[2] == "anonymous"
real = _files._write_all
def slow(descriptor, data):
    real(descriptor, data[: len(data) // 2])
    print("half", flush=True)
    time.sleep(60)
    real(descriptor, data[len(data) // 2 :])
_files._write_all = slow
_files.atomic_write(sys.argv[1], b"new" * 100000)
"""


def stopped_mid_write(
    target: Path, how: str, signum: int, sigint: str = "python"
) -> subprocess.CompletedProcess[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), how, sigint],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    watchdog = threading.Timer(30, child.kill)  # a child that never gets there fails, not hangs
    watchdog.start()
    try:
        assert child.stdout.readline() == "half\n"  # the write is under way
    finally:
        watchdog.cancel()
    child.send_signal(signum)
    out, err = child.communicate(timeout=30)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def ways() -> list[str]:
    return ["anonymous", "named"] if files._ANONYMOUS else ["named"]


@pytest.mark.parametrize("how", ways())
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)])
def test_sigterm_mid_write_leaves_the_target_and_no_temporary(
    how: str, signum: int, tmp_path: Path
) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    done = stopped_mid_write(target, how, signum)
    assert done.returncode == -signum  # ended by the signal, as it would have been
    assert done.stderr == ""
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


@pytest.mark.parametrize("how", ways())
def test_sigint_at_its_default_mid_write_leaves_no_temporary(how: str, tmp_path: Path) -> None:
    """A program that set SIGINT back to its default (no KeyboardInterrupt) is covered too."""
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    done = stopped_mid_write(target, how, signal.SIGINT, sigint="default")
    assert done.returncode == -signal.SIGINT
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


@pytest.mark.parametrize("how", ways())
def test_sigint_mid_write_leaves_the_target_and_no_temporary(how: str, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    done = stopped_mid_write(target, how, signal.SIGINT)
    assert done.returncode != 0
    assert "KeyboardInterrupt" in done.stderr
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


def test_kill_9_mid_write_leaves_nothing_where_the_os_has_o_tmpfile(tmp_path: Path) -> None:
    if not files._ANONYMOUS:
        pytest.skip("no O_TMPFILE here")
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    assert stopped_mid_write(target, "anonymous", signal.SIGKILL).returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


def test_kill_9_mid_write_leaves_a_named_temporary_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    assert stopped_mid_write(target, "named", signal.SIGKILL).returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    (left,) = others(tmp_path, "out.ics")
    assert files._TEMPORARY.fullmatch(left)
    assert left.startswith(".out.ics.timeline-")
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert others(tmp_path, "out.ics") == []


def test_the_next_write_removes_only_its_own_targets_dead_temporaries(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = {
        "dead": f".out.ics.timeline-{dead.pid}-0123abcd.tmp",
        "alive": f".out.ics.timeline-{os.getppid()}-0123abcd.tmp",
        "other target": f".other.ics.timeline-{dead.pid}-0123abcd.tmp",
        "not ours": ".out.ics.0123abcd.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(OLD)
    atomic_write(tmp_path / "out.ics", NEW)
    kept = sorted(name for key, name in names.items() if key != "dead")
    assert others(tmp_path, "out.ics") == kept


def test_a_write_takes_default_signals_for_its_time_and_gives_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = {number: signal.signal(number, signal.SIG_DFL) for number in files._ENDING}
    during: list[object] = []
    real = files._write_all

    def watch(descriptor: int, data: bytes) -> None:
        during.append(signal.getsignal(signal.SIGTERM))
        real(descriptor, data)

    monkeypatch.setattr(files, "_write_all", watch)
    try:
        atomic_write(tmp_path / "out.ics", NEW)
        after = {number: signal.getsignal(number) for number in files._ENDING}
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    assert during == [files._end_now]
    assert set(after.values()) == {signal.SIG_DFL}
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == set()
    assert not files._UNFINISHED


def test_a_handler_the_program_set_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mine(signum: int, frame: object) -> None:
        return None

    during: list[object] = []
    real = files._write_all

    def watch(descriptor: int, data: bytes) -> None:
        during.append(signal.getsignal(signal.SIGTERM))
        real(descriptor, data)

    monkeypatch.setattr(files, "_write_all", watch)
    before = signal.signal(signal.SIGTERM, mine)
    try:
        atomic_write(tmp_path / "out.ics", NEW)
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)
    assert during == [mine]


# -- standard output -------------------------------------------------------------------------------


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml("a"), encoding="utf-8")
    return path


def cli(*args: str, stdout: int | None = None, shell: str | None = None) -> tuple[int, str]:
    """Run `timeline` in a fresh interpreter: (exit code, standard error)."""
    if shell is not None:
        argv = ["sh", "-c", shell, sys.executable, *args]
    else:
        argv = [sys.executable, "-m", "timeline", *args]
    done = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    return done.returncode, done.stderr


FULL = "error: standard output: cannot write: no space is left on the device\n"
CLOSED = "error: standard output: cannot write: it is closed, or not open for writing\n"
HINT = "    hint: give it somewhere to go (a file, a pipe)"
STDOUT_FULL = f"{FULL}{HINT}, or name a file with -o\n"  # export: -o is the other way
STDOUT_CLOSED = f"{CLOSED}{HINT}, or name a file with -o\n"
COMMANDS = [["export", "-f", "ics"], ["show"], ["check"]]


def hinted(command: str, first_line: str) -> str:
    return (
        f"{first_line}{HINT}, or name a file with -o\n"
        if command == "export"
        else (f"{first_line}{HINT}\n")
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", COMMANDS)
def test_standard_output_on_a_full_disk(command: list[str], source: Path) -> None:
    with open("/dev/full", "wb") as full:
        status, err = cli(command[0], str(source), *command[1:], stdout=full.fileno())
    assert (status, err) == (1, hinted(command[0], FULL))


@pytest.mark.parametrize("command", COMMANDS)
def test_standard_output_closed(command: list[str], source: Path) -> None:
    run = '"$0" -m timeline "$@" >&-'
    status, err = cli(command[0], str(source), *command[1:], shell=run)
    assert (status, err) == (1, hinted(command[0], CLOSED))


def test_standard_error_closed_sends_nothing_into_standard_output(
    source: Path, tmp_path: Path
) -> None:
    """With standard error closed, `print(file=None)` would write errors into the export."""
    bad = tmp_path / "bad.toml"
    bad.write_text(HEADER + event_toml("a", when='"2023-02-29"'), encoding="utf-8")
    done = subprocess.run(
        ["sh", "-c", '"$0" -m timeline export "$1" -f json 2>&-', sys.executable, str(bad)],
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, b"")


def test_a_target_whose_name_is_near_the_limit_gets_a_temporary_that_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_ANONYMOUS", False)
    target = tmp_path / ("é" * 120 + ".ics")  # 244 bytes
    target.write_bytes(OLD)
    atomic_write(target, NEW)
    assert target.read_bytes() == NEW
    assert others(tmp_path, target.name) == []


def test_standard_output_closed_in_process(
    source: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["export", str(source), "-f", "json"]) == 1
    assert capsys.readouterr().err == STDOUT_CLOSED


class _Full(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_standard_output_full_in_process(
    source: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    full = io.TextIOWrapper(io.BufferedWriter(_Full()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", full)
    assert main(["export", str(source), "-f", "json"]) == 1
    assert capsys.readouterr().err == STDOUT_FULL


def test_dev_stdout_as_output_writes_standard_output(source: Path, tmp_path: Path) -> None:
    if not Path("/dev/stdout").exists():
        pytest.skip("no /dev/stdout")
    with (tmp_path / "captured").open("wb") as captured:
        status, err = cli(
            "export", str(source), "-f", "json", "-o", "/dev/stdout", stdout=captured.fileno()
        )
    assert status == 0, err
    assert (tmp_path / "captured").read_bytes().startswith(b"{")


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_temporary_name_already_taken_is_passed_over(
    anonymous: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if anonymous and not files._ANONYMOUS:
        pytest.skip("no O_TMPFILE here")
    monkeypatch.setattr(files, "_ANONYMOUS", anonymous)
    tokens = iter(["0123abcd", "0123abcd", "89abcdef"])
    monkeypatch.setattr(secrets, "token_hex", lambda _size: next(tokens))
    taken = tmp_path / f".out.ics.timeline-{os.getpid()}-0123abcd.tmp"
    taken.write_bytes(OLD)  # ours by name (this process), so no write removes it
    atomic_write(tmp_path / "out.ics", NEW)
    assert (tmp_path / "out.ics").read_bytes() == NEW
    assert taken.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == [taken.name]
