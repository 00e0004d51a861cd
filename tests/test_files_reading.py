"""Reading input from anywhere, bounded: `timeline.load` on what is not a regular file (a pipe
with no writer, a device, a socket, a folder), over its size limit, from a stream and from
standard input, and the registry telling a format from the content when the name gives none."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import HEADER, event_toml, timelines
from tests.helpers import WriteToml
from timeline import (
    FormatError,
    InvalidTimeline,
    Timeline,
    load,
    loads,
    to_csv,
    to_ics,
    to_json,
    to_timelinejs,
    to_timelinejs_sheet,
    to_timelinejs_xlsx,
)
from timeline._cli import main
from timeline._files import MAX_BYTES
from timeline.formats import FORMATS, READABLE, format_of_content, reading_format

TOML = HEADER + event_toml("a") + "\n" + event_toml("b", when='"14 October 2022"')

#: Each readable format's text of the same two-event timeline.
WRITERS: dict[str, Callable[[Timeline], str | bytes]] = {
    "toml": lambda _: TOML,
    "json": to_json,
    "csv": to_csv,
    "ics": to_ics,
    "timelinejs": to_timelinejs,
    "timelinejs-sheet": to_timelinejs_sheet,
    "timelinejs-xlsx": to_timelinejs_xlsx,
}


def as_bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


@pytest.fixture(scope="module")
def texts() -> dict[str, bytes]:
    timeline = loads(TOML, format="toml")
    return {name: as_bytes(write(timeline)) for name, write in WRITERS.items()}


def refusal(path: str | Path, **options: int) -> str:
    with pytest.raises(FormatError) as caught:
        load(path, **options)  # type: ignore[arg-type]
    assert caught.value.problem.location.file == str(path)
    return str(caught.value)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


# -- what is not a regular file is refused before it is read ---------------------------------------


@contextmanager
def unblocked_after(fifo: Path, seconds: float) -> Iterator[None]:
    """If the block is stuck opening `fifo` for reading, a writer comes after `seconds` and
    goes, so a regression fails the test (the reader gets an empty file) instead of hanging it."""

    def write() -> None:
        with open(fifo, "wb"):
            pass

    guard = threading.Timer(seconds, write)
    guard.daemon = True
    guard.start()
    try:
        yield
    finally:
        guard.cancel()


@needs_fifo
def test_a_pipe_with_no_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "events.toml"
    os.mkfifo(fifo)
    with unblocked_after(fifo, 5):
        message = refusal(fifo)
    assert "named pipe (FIFO), not a file" in message
    assert "name the file '-'" in message


@needs_fifo
def test_the_command_line_refuses_a_pipe_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "check", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,  # a hang fails here instead of stopping the run
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {fifo}: this is a named pipe (FIFO)")
    assert "Traceback" not in result.stderr


@needs_fifo
def test_a_pipe_swapped_in_after_the_look_is_still_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the path was a file when looked at, and is a pipe when opened."""
    fifo, file = tmp_path / "events.toml", tmp_path / "plain.toml"
    os.mkfifo(fifo)
    file.write_text(TOML)
    real_stat = os.stat

    def stat_before_the_swap(path: object, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(file if str(path) == str(fifo) else path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat_before_the_swap)
    with unblocked_after(fifo, 5):
        assert "named pipe (FIFO), not a file" in refusal(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_unread_also_through_a_symlink(tmp_path: Path) -> None:
    assert "a character device, not a file" in refusal("/dev/zero")
    link = tmp_path / "events.toml"
    link.symlink_to("/dev/zero")
    assert "a character device, not a file" in refusal(link)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "this is a socket, not a file" in refusal(path)


def test_a_folder_is_told_it_is_a_folder(tmp_path: Path) -> None:
    message = refusal(tmp_path)
    assert "this is a folder, not a file" in message
    assert "name one timeline file inside it" in message


def test_a_folder_on_the_command_line_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path}: this is a folder, not a file")


# -- the size limit --------------------------------------------------------------------------------


def test_the_default_limit_is_generous() -> None:
    assert MAX_BYTES == 512 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_and_one_at_it_is_read(write_toml: WriteToml) -> None:
    path = write_toml(TOML)
    size = path.stat().st_size
    assert len(load(path, max_bytes=size)) == 2
    message = refusal(path, max_bytes=size - 1)
    assert f"larger than the limit of {size - 1} bytes" in message
    assert "max_bytes=" in message
    assert len(load(path, max_bytes=None)) == 2


class Endless(io.RawIOBase):
    """A stream that never ends, counting what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        assert size is not None, "an unbounded read of an endless stream"
        assert size > 0
        self.taken += size
        return b"#" * size


@pytest.mark.parametrize("limit", [0, 1000, 3 * 1024 * 1024 + 7])
def test_an_endless_stream_stops_at_the_limit(limit: int) -> None:
    stream = Endless()
    with pytest.raises(FormatError) as caught:
        load(stream, max_bytes=limit)
    assert "larger than the limit" in str(caught.value)
    assert stream.taken == limit + 1  # not a byte further: no memory past the limit


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_as_a_stream_stops_at_the_limit() -> None:
    with open("/dev/zero", "rb") as stream, pytest.raises(FormatError) as caught:
        load(stream, max_bytes=2 * 1024 * 1024)
    assert caught.value.problem.location.file == "/dev/zero"
    assert "larger than the limit of 2 MiB" in str(caught.value)


def test_a_text_stream_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="binary stream"):
        load(io.StringIO(TOML))  # type: ignore[arg-type]


# -- streams and standard input --------------------------------------------------------------------


@pytest.mark.parametrize("name", READABLE)
def test_a_stream_of_each_format_is_read_by_its_content(texts: dict[str, bytes], name: str) -> None:
    timeline = load(io.BytesIO(texts[name]))
    assert [event.id for event in timeline] == ["a", "b"]


@pytest.mark.parametrize("name", READABLE)
def test_a_file_with_no_known_suffix_is_read_by_its_content(
    tmp_path: Path, texts: dict[str, bytes], name: str
) -> None:
    for file_name in ("events", "events.txt", "events.dat.bak"):
        path = tmp_path / file_name
        path.write_bytes(texts[name])
        assert [event.id for event in load(path)] == ["a", "b"]
    assert [event.id for event in loads(texts[name])] == ["a", "b"]


def test_a_stream_is_named_in_messages_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "events.txt"
    path.write_text(HEADER + event_toml(when='"2023-02-29"'))
    with open(path, "rb") as stream, pytest.raises(InvalidTimeline) as caught:
        load(stream)
    assert f"{path}:7: event 'cica-summit', field 'when'" in str(caught.value)


def test_the_format_named_wins_over_suffix_and_content(
    tmp_path: Path, texts: dict[str, bytes]
) -> None:
    path = tmp_path / "events.toml"
    path.write_bytes(texts["json"])
    with pytest.raises(FormatError, match="invalid TOML"):
        load(path)
    assert len(load(path, format="json")) == 2
    assert len(load(io.BytesIO(texts["csv"]), format="csv")) == 2


def test_an_unknown_or_written_only_format_lists_only_what_can_be_read(tmp_path: Path) -> None:
    for name in ("yaml", "md", "html"):
        with pytest.raises(FormatError) as caught:
            load(tmp_path / "absent", format=name)
        hint = caught.value.problem.hint or ""
        assert hint.startswith("timeline reads toml (.toml), json (.json), csv (.csv), ics")
        assert ".md" not in hint
        assert ".html" not in hint
    with pytest.raises(FormatError, match="cannot read md files"):
        load(tmp_path / "notes.md")  # refused by name, before looking for the file


def run_stdin(data: bytes, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`timeline ARGS` in a fresh interpreter, with `data` piped to its standard input."""
    result = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_check_reads_standard_input(texts: dict[str, bytes]) -> None:
    result = run_stdin(texts["toml"], "check", "-")
    assert (result.returncode, result.stdout, result.stderr) == (0, "<stdin>: ok, 2 events\n", "")


def test_show_reads_standard_input_by_its_content(texts: dict[str, bytes]) -> None:
    result = run_stdin(texts["ics"], "show", "-")
    assert result.returncode == 0, result.stderr
    assert "#a" in result.stdout
    assert "#b" in result.stdout


def test_export_reads_standard_input_with_an_input_format(texts: dict[str, bytes]) -> None:
    result = run_stdin(texts["csv"], "export", "-", "--input-format", "csv", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert [event.id for event in loads(result.stdout, format="json")] == ["a", "b"]


def test_build_reads_standard_input_into_files_named_timeline(
    texts: dict[str, bytes], tmp_path: Path
) -> None:
    result = run_stdin(texts["json"], "build", "-", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    built = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert "timeline.ics" in built
    assert "timeline.json" in built
    assert not any(name.startswith("-") for name in built)


def test_bad_data_on_standard_input_is_located_as_stdin() -> None:
    result = run_stdin(
        (HEADER + event_toml(when='"2023-02-29"')).encode(), "check", "--format", "toml", "-"
    )
    assert result.returncode == 1
    assert "\n<stdin>:7: event 'cica-summit', field 'when': 29 February 2023" in result.stderr


@pytest.mark.parametrize("name", READABLE)
def test_each_command_line_reads_each_format_from_standard_input(
    texts: dict[str, bytes],
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in (["check", "-"], ["check", "--format", name, "-"], ["show", "-"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(texts[name])))
        assert main(command) == 0
        assert "#a" in capsys.readouterr().out or command[0] == "check"


def test_every_reading_command_offers_the_same_input_format_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in ("check", "show", "export", "build"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "--input-format FORMAT" in shown
        formats = "toml, json, csv, ics, timelinejs, timelinejs-sheet, timelinejs-xlsx"
        assert f"the format of FILE: {formats} (default: from its suffix" in shown
        assert ("--input-format FORMAT, --format FORMAT" in shown) is (command != "export")
    with pytest.raises(SystemExit) as caught:
        main(["check", "--format", "md", "x"])
    assert caught.value.code == 2
    assert "invalid choice: 'md'" in capsys.readouterr().err


# -- the format from the content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "ics"),
        (b"\xef\xbb\xbf\r\n\n  begin:vcalendar\n", "ics"),
        (b'{"timeline": {}}', "json"),
        (b'\n  [\n  {"id": "a"}]', "json"),
        (b"[timeline]\ntitle = 'x'\n", "toml"),
        (b"[[events]]  # the first\n", "toml"),
        (b'[ "timeline" ]\n', "toml"),
        (b"# a chronology, with commas\n[timeline]", "toml"),
        (b'title = "a, b; c"\n', "toml"),
        (b"id,title,when,kind\r\n", "csv"),
        (b"\xef\xbb\xbfid;title;when\n", "csv"),
        (b"id\ttitle\twhen\n", "csv"),
        (b"sep=;\nid;title\n", "csv"),
        (b"", "toml"),
        (b"\xff\xfe\x00garbage", "toml"),
    ],
)
def test_the_content_names_the_format(head: bytes, name: str) -> None:
    assert format_of_content(head).name == name


def test_a_known_suffix_decides_before_the_content() -> None:
    assert reading_format(None, "events.ics") is FORMATS["ics"]
    assert reading_format("JSON", "events.ics") is FORMATS["json"]
    assert reading_format(None, "-") is None
    assert reading_format(None, "events.yaml") is None


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timeline=timelines(max_events=3).filter(len), name=st.sampled_from(["json", "csv", "ics"]))
def test_every_export_we_read_is_recognised_by_its_content(timeline: Timeline, name: str) -> None:
    assert format_of_content(as_bytes(WRITERS[name](timeline))).name == name


def test_no_standard_input_at_all_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # as when it is closed: `timeline check - <&-`
    assert main(["check", "-"]) == 2
    assert "no standard input to read for FILE '-'" in capsys.readouterr().err
