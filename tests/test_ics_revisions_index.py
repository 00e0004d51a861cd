"""The previous feed read a piece at a time into an index gives every revision, and every
refusal, that the feed read whole gives: held here as a kept simple reference (the feed's bytes
whole, its line ends made CRLF, split by `_blocks.spans`, its VEVENTs in a dict by key), which
the writer is run against in its stead, over random edits of the chronology and random damage
to the feed, cut into pieces of every size."""

from __future__ import annotations

import io
import os
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_ics_revisions_streaming import spread
from timeline import FormatError, Timeline
from timeline._cli import main
from timeline._errors import ProblemCode
from timeline.formats._ics import _previous_feed, _revisions, to_ics
from timeline.formats._ics._blocks import UnbalancedError, spans
from timeline.formats._ics._previous_feed import Vevent, damaged, read_previous
from timeline.formats._ics._text import X


class WholeFeed:
    """The reference: the feed held whole, each VEVENT decoded once, found in a dict."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.where: dict[tuple[str, str], Vevent] = {}
        self.seen: set[tuple[str, str]] = set()

    def add(self, start: int, end: int) -> None:
        text = self.data[start:end].decode("utf-8", "surrogatepass")
        vevent = Vevent(text, "", 0, lines_before=self.data.count(b"\n", 0, start))
        key = vevent.key()
        if not key[0]:
            raise damaged("a VEVENT without a UID", vevent.line, ProblemCode.MISSING)
        if key in self.where:
            raise damaged(f"two VEVENTs with the UID {key[0]}", vevent.line, ProblemCode.DUPLICATE)
        vevent.sequence()
        self.where[key] = vevent

    def get(self, key: tuple[str, str]) -> Vevent | None:
        self.seen.add(key)
        return self.where.get(key)

    def unseen(self) -> Iterator[Vevent]:
        return (vevent for key, vevent in self.where.items() if key not in self.seen)


def whole_read(previous: bytes | str) -> tuple[frozenset[str], WholeFeed]:
    """The previous feed read as it was before it was read in pieces."""
    if isinstance(previous, bytes):
        try:
            previous.decode("utf-8")
        except UnicodeDecodeError as error:
            line = previous.count(b"\n", 0, error.start) + 1
            raise damaged("not UTF-8 text", line, ProblemCode.ENCODING) from None
        data = previous
    else:
        data = previous.encode("utf-8", "surrogatepass")
    data = data.removeprefix(b"\xef\xbb\xbf")
    data = re.sub(rb"\r?\n", b"\r\n", data)
    if not data.startswith(b"BEGIN:VCALENDAR"):
        raise damaged("not a calendar (no BEGIN:VCALENDAR)", 1, ProblemCode.VERSION)
    try:
        head, found = spans(data)
    except UnbalancedError as error:
        line = data.count(b"\n", 0, error.at) + 1
        raise damaged(error.message, line, ProblemCode.SYNTAX) from None
    markers = [line for line in head if line.startswith(f"{X}MARKERS:")]
    if not markers:
        raise damaged("a calendar timeline did not write", 1, ProblemCode.VERSION)
    feed = WholeFeed(data)
    for name, start, end in found:
        if name == "VEVENT":
            feed.add(start, end)
    return frozenset(m for line in markers for m in line.partition(":")[2].split(",")), feed


def outcome(
    after: Timeline, previous: bytes | str | BinaryIO, *, drop_removed: bool = False
) -> bytes | tuple[object, ...]:
    """The revision's bytes, or its refusal as (message, code, line, hint)."""
    try:
        return to_ics(after, previous=previous, drop_removed=drop_removed)
    except FormatError as error:
        problem = error.problem
        return (problem.message, problem.code, problem.location.line, problem.hint)


def reference(after: Timeline, previous: bytes | str, *, drop_removed: bool = False) -> object:
    """`outcome` with the previous feed read whole, as the reference reads it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_revisions, "read_previous", whole_read)
        return outcome(after, previous, drop_removed=drop_removed)


#: What may befall a feed on its way back: (name, what it does to the bytes).
DAMAGE = [
    "none",
    "lf",
    "bom",
    "mixed-ends",
    "not-utf8",
    "cut-short",
    "no-uid",
    "duplicate",
    "bad-sequence",
    "no-markers",
    "end-twice",
    "nested-vevent",
    "markers-late",
]


def damage(feed: bytes, how: str, at: int) -> bytes:
    """The feed with one thing done to it, near the `at`-th VEVENT (or line)."""
    starts = [m.start() for m in re.finditer(rb"BEGIN:VEVENT\r\n", feed)] or [len(feed)]
    where = starts[at % len(starts)]
    lines = feed.split(b"\r\n")
    changes = {
        "none": lambda: feed,
        "lf": lambda: feed.replace(b"\r\n", b"\n"),
        "bom": lambda: b"\xef\xbb\xbf" + feed,
        "mixed-ends": lambda: (
            b"\r\n".join(lines[: at % len(lines)]) + b"\n" + b"\r\n".join(lines[at % len(lines) :])
        ),
        "not-utf8": lambda: feed[: where + 3] + b"\xff" + feed[where + 3 :],
        "cut-short": lambda: feed[: where + 20],
        "no-uid": lambda: re.sub(rb"\r\nUID:[^\r]*", b"", feed[where:], count=1).join(
            [feed[:where], b""]
        ),
        "duplicate": lambda: (
            feed[:where] + feed[where : feed.index(b"END:VEVENT", where) + 12] + feed[where:]
        ),
        "bad-sequence": lambda: feed[:where] + feed[where:].replace(b"SEQUENCE:", b"SEQUENCE:x", 1),
        "no-markers": lambda: re.sub(rb"X-TIMELINE-MARKERS:[^\r]*\r\n", b"", feed),
        "end-twice": lambda: feed[:where] + b"END:VTIMEZONE\r\n" + feed[where:],
        "nested-vevent": lambda: (
            feed[: where + 14] + b"BEGIN:VALARM\r\nBEGIN:VEVENT\r\n" + feed[where + 14 :]
        ),
        "markers-late": lambda: feed.replace(
            b"END:VCALENDAR", b"X-TIMELINE-MARKERS:status\r\nEND:VCALENDAR"
        ),
    }
    return changes[how]()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.booleans(), min_size=12, max_size=12),
    after=st.lists(st.sampled_from(["kept", "gone", "renamed"]), min_size=12, max_size=12),
    how=st.sampled_from(DAMAGE),
    at=st.integers(0, 40),
    chunk=st.sampled_from([7, 64, 300, 1 << 20]),
    given_as=st.sampled_from(["bytes", "text", "file"]),
    drop=st.booleans(),
)
def test_the_index_gives_what_the_feed_read_whole_gives(
    before: list[bool],
    after: list[str],
    how: str,
    at: int,
    chunk: int,
    given_as: str,
    drop: bool,
) -> None:
    first = spread(12, changed=3 if before[3] else None)
    feed = damage(to_ics(first), how, at)
    if before[0]:  # an earlier revision's feed: one cancelled, one raised
        feed = damage(to_ics(spread(11, changed=5, start=1), previous=to_ics(first)), how, at)
    events = [
        e.model_copy(update={"title": e.title + " again"}) if change == "renamed" else e
        for e, change in zip(first.events, after, strict=True)
        if change != "gone"
    ]
    second = first.model_copy(update={"events": tuple(events)})
    expected = reference(second, feed, drop_removed=drop)
    previous: bytes | str = feed
    if given_as == "text":
        try:
            previous = feed.decode("utf-8")
        except UnicodeDecodeError:
            return
        expected = reference(second, previous, drop_removed=drop)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_previous_feed, "CHUNK", chunk)
        stream = io.BytesIO(b"padding" + feed)
        stream.seek(7)  # read from where it stands
        given: bytes | str | BinaryIO = stream if given_as == "file" else previous
        assert outcome(second, given, drop_removed=drop) == expected


def test_two_keys_that_hash_alike_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # every key hashes alike: each lookup reads candidates back and compares their keys
    monkeypatch.setattr(_previous_feed, "hash", lambda key: 7, raising=False)
    before = to_ics(spread(40))
    after = spread(38, changed=20, start=2)
    assert to_ics(after, previous=before) == reference(after, before)
    twice = before.replace(
        b"END:VCALENDAR",
        before[before.index(b"BEGIN:VEVENT") : before.index(b"END:VEVENT") + 12] + b"END:VCALENDAR",
    )
    assert outcome(after, twice) == reference(after, twice)


def test_a_feed_changed_while_it_was_read_is_refused_at_the_changed_event(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "old.ics"
    data = to_ics(spread(50))
    feed.write_bytes(data)
    with feed.open("rb") as stream:
        _, index = read_previous(stream)
        at = data.index(b"Event 30")
        feed.write_bytes(data[:at] + b"Event 3X" + data[at + 8 :])  # the same length
        assert index.get(("e10@timeline.invalid", "")) is not None  # unchanged: read back
        with pytest.raises(FormatError, match="changed while it was read") as raised:
            index.get(("e30@timeline.invalid", ""))
    problem = raised.value.problem
    assert problem.code == ProblemCode.UNREADABLE
    assert problem.location.line == data.count(b"\n", 0, data.rfind(b"BEGIN:VEVENT", 0, at)) + 1


@pytest.mark.parametrize("early", [None, b"BEGIN:VALARM\r\n", b"END:VTIMEZONE\r\n"])
def test_reading_a_feed_holds_an_index_not_the_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: bytes | None
) -> None:
    monkeypatch.setattr(_previous_feed, "CHUNK", 16 * 1024)  # pieces well under the feed
    data = to_ics(spread(3000))
    if early is not None:  # a refusal early on: the rest is still read a piece at a time
        at = data.index(b"BEGIN:VEVENT")
        data = data[:at] + early + data[at:]
    feed = tmp_path / "old.ics"
    feed.write_bytes(data)
    with feed.open("rb") as stream:
        tracemalloc.start()
        try:
            try:
                markers, index = read_previous(stream)
            except FormatError:
                markers, index = frozenset(), None
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < len(data) / 4, peak  # a piece at a time: never the whole feed
    if early is None:
        assert index is not None
        assert len(index.starts) == 3000
        assert markers
        assert held < 64 * 3000 + 64 * 1024  # some 40 bytes an event, and a small table
    else:
        assert index is None


def test_export_previous_refuses_a_fifo_or_a_folder_as_a_file_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chronicle = tmp_path / "events.toml"
    chronicle.write_text(
        '[timeline]\ntitle = "T"\n\n[[events]]\nid = "one"\ntitle = "One"\nwhen = "2022-10-11"\n'
        'kind = "summit"\n[[events.sources]]\npublisher = "Reuters"\ntitle = "An article"\n',
        encoding="utf-8",
    )
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    out = tmp_path / "feed.ics"
    for previous in (fifo, tmp_path):
        assert main(["export", str(chronicle), "-o", str(out), "--previous", str(previous)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {previous}:"), err
        assert "Traceback" not in err
        assert not out.exists()
