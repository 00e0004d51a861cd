"""Writing as it goes: every format's pieces are its `to_x` bytes, a path is written through the
atomic writer and a file object as the pieces come, and nothing is left behind by a failure."""

from __future__ import annotations

import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from tests.factories import chronology, event, rich, source, timelines
from timeline import FormatError, Timeline, WriteError, write
from timeline._atomic import BUFFER, atomic_writer
from timeline.formats import FORMATS

WRITABLE = [name for name, spec in FORMATS.items() if spec.writable]
OLD = b"the earlier export\n"


def whole(name: str, chronicle: Timeline) -> bytes:
    """The format's public function's output, as bytes."""
    spec = FORMATS[name]
    assert spec.writer is not None
    made = getattr(timeline, spec.writer)(chronicle)
    return made if isinstance(made, bytes) else made.encode("utf-8")


def others(folder: Path, name: str) -> list[str]:
    return sorted(entry for entry in os.listdir(folder) if entry != name)


def many(count: int) -> Timeline:
    """`count` events over some years, each with its own source."""
    return chronology(
        *(
            event(
                f"e{number}",
                str(date(2000 + number % 20, 1 + number % 12, 1 + number % 28)),
                title=f"Event number {number}",
                sources=(source(title=f"Article {number}", url=f"https://ex.org/{number}"),),
            )
            for number in range(count)
        )
    )


# -- the pieces are the public function's bytes ------------------------------------------------


@pytest.mark.parametrize("name", WRITABLE)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chronicle=timelines())
def test_the_pieces_are_the_public_functions_bytes(name: str, chronicle: Timeline) -> None:
    streamed = b"".join(FORMATS[name].stream(chronicle))
    assert streamed == whole(name, chronicle)
    buffer = io.BytesIO()
    assert write(chronicle, buffer, format=name) == len(streamed)
    assert buffer.getvalue() == streamed


@pytest.mark.parametrize("name", WRITABLE)
def test_a_rich_timeline_streams_the_same_bytes(name: str) -> None:
    assert b"".join(FORMATS[name].stream(rich())) == whole(name, rich())


@pytest.mark.parametrize("name", [name for name in WRITABLE if name != "timelinejs-xlsx"])
def test_a_long_timeline_comes_in_many_pieces_each_far_smaller_than_the_whole(name: str) -> None:
    chronicle = many(6000)
    pieces = list(FORMATS[name].stream(chronicle))
    total = sum(map(len, pieces))
    assert b"".join(pieces) == whole(name, chronicle)
    assert len(pieces) > 3
    assert max(map(len, pieces)) < total / 2


def test_markdown_options_and_calendar_options_stream_alike() -> None:
    chronicle = many(700)
    for layout in ("list", "table"):
        for group_by in ("year", "month", "none"):
            pieces = FORMATS["md"].stream(chronicle, layout=layout, group_by=group_by, notes=True)
            expected = timeline.to_markdown(chronicle, layout=layout, group_by=group_by, notes=True)
            assert b"".join(pieces) == expected.encode("utf-8")
    with pytest.warns(timeline.TimelineWarning):
        assert b"".join(FORMATS["ics"].stream(rich(), imprecise="skip")) == timeline.to_ics(
            rich(), imprecise="skip"
        )


def test_a_calendar_counts_its_events_as_they_pass() -> None:
    chronicle = many(2000)
    spec = FORMATS["ics"]
    tally = spec.tally(chronicle)
    data = b"".join(tally.passing(spec.stream(chronicle)))
    assert tally.count == spec.events_written(data, chronicle) == 2000
    small = io.BytesIO(data)  # pieces cut anywhere, even inside BEGIN:VEVENT, count alike
    tally = spec.tally(chronicle)
    list(tally.passing(iter(lambda: small.read(7), b"")))
    assert tally.count == 2000


# -- write(): a path, a file object, the options ------------------------------------------------


def test_write_to_a_path_takes_the_format_from_its_suffix(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    size = write(rich(), target)
    assert target.read_bytes() == timeline.to_ics(rich())
    assert size == target.stat().st_size
    assert others(tmp_path, "out.ics") == []


def test_write_takes_the_format_from_a_file_objects_name(tmp_path: Path) -> None:
    with open(tmp_path / "out.md", "wb") as file:
        write(rich(), file)
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == timeline.to_markdown(rich())


def test_write_refuses_a_bad_option_before_the_target_is_touched(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(OLD)
    with pytest.raises(FormatError, match="not a domain name"):
        write(rich(), target, domain="not a domain")
    with pytest.raises(TypeError, match="takes no option 'layout'"):
        write(rich(), target, layout="table")
    with pytest.raises(FormatError, match="no format given"):
        write(rich(), io.BytesIO())
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.ics") == []


def test_write_refuses_a_read_only_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"  # every write bit off: refused, even to root
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        write(rich(), target)
    assert target.read_bytes() == OLD
    write(rich(), target, force=True)
    assert target.read_bytes() == timeline.to_json(rich()).encode("utf-8")


def test_write_follows_a_link_and_keeps_the_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(OLD)
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    write(rich(), link)
    assert link.is_symlink()
    assert real.read_bytes() == timeline.to_csv(rich()).encode("utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_write_into_a_fifo_writes_it_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write(chronology(event()), fifo)
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert data == timeline.to_html(chronology(event())).encode("utf-8")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# -- failures midway ------------------------------------------------------------------------------


class BrokenError(Exception):
    """A failure in the middle of the bytes."""


class FailingFile:
    """A file object that takes `room` bytes, then fails."""

    def __init__(self, room: int) -> None:
        self.taken = bytearray()
        self.room = room

    def write(self, data: bytes) -> int:
        if len(self.taken) + len(data) > self.room:
            raise OSError(28, "No space left on device")
        self.taken += data
        return len(data)


def test_a_file_object_that_fails_midway_raises_its_error() -> None:
    file = FailingFile(room=4096)
    with pytest.raises(OSError, match="No space"):
        write(many(3000), file, format="json")
    assert 0 < len(file.taken) <= 4096


def test_a_writer_failing_midway_leaves_the_target_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    pieces = FORMATS["json"].stream(many(3000))

    def broken_midway() -> None:
        with atomic_writer(target) as output:
            for number, piece in enumerate(pieces):
                output.write(piece)
                if number == 2:
                    raise BrokenError

    with pytest.raises(BrokenError):
        broken_midway()
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.json") == []


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_full_disk_midway_leaves_the_target_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anonymous: bool
) -> None:
    from timeline import _atomic as _files

    monkeypatch.setattr(_files, "_ANONYMOUS", _files._ANONYMOUS and anonymous)
    real = _files._write_all
    calls: list[int] = []

    def fills_up(descriptor: int, data: bytes) -> None:
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        real(descriptor, data)

    monkeypatch.setattr(_files, "_write_all", fills_up)
    target = tmp_path / "out.toml"
    target.write_bytes(OLD)

    def three_mebibytes() -> None:
        with atomic_writer(target) as output:
            for _ in range(3):
                output.write(b"x" * BUFFER)

    with pytest.raises(WriteError, match="no space is left") as raised:
        three_mebibytes()
    assert raised.value.filename == str(target)
    assert target.read_bytes() == OLD
    assert others(tmp_path, "out.toml") == []


def test_the_buffer_bounds_what_is_held_and_small_pieces_go_out_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import _atomic as _files

    real = _files._write_all
    sizes: list[int] = []

    def watch(descriptor: int, data: bytes) -> None:
        sizes.append(len(data))
        real(descriptor, data)

    monkeypatch.setattr(_files, "_write_all", watch)
    with atomic_writer(tmp_path / "out.bin") as output:
        for _ in range(3000):
            output.write(b"y" * 1000)
    assert (tmp_path / "out.bin").read_bytes() == b"y" * 3_000_000
    assert len(sizes) == 3  # a write call a mebibyte
    assert max(sizes) < BUFFER + 1000


# -- the command line streams ------------------------------------------------------------------


def test_export_writes_the_same_bytes_through_the_stream(tmp_path: Path) -> None:
    from timeline._cli import main

    source_file = tmp_path / "in.json"
    source_file.write_bytes(timeline.to_json(many(1500)).encode("utf-8"))
    for name in ("ics", "md", "timelinejs-html"):
        target = tmp_path / f"out.{name}"
        assert main(["export", str(source_file), "-f", name, "-o", str(target)]) == 0
        assert target.read_bytes() == whole(name, timeline.load(source_file))
