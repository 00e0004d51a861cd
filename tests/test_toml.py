"""The TOML reader: every kind of malformed file gives a problem located at its file, line,
event and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import timeline
from tests.factories import HEADER, MALFORMED, event_toml, write_malformed
from tests.helpers import WriteToml
from timeline import _files
from timeline.formats import _toml


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_library_reports_a_located_problem(write_toml: WriteToml, name: str) -> None:
    _, line, event_id, field, fragment = MALFORMED[name]
    path = write_malformed(write_toml, name)
    with pytest.raises((timeline.InvalidTimeline, timeline.FormatError)) as caught:
        timeline.load(path)
    error = caught.value
    if isinstance(error, timeline.FormatError):
        problems: tuple[timeline.Problem, ...] = (error.problem,)
    else:
        assert isinstance(error, timeline.InvalidTimeline)
        problems = error.problems
    matching = [p for p in problems if fragment.lower() in str(p).lower()]
    assert matching, f"no problem mentions {fragment!r}: {problems}"
    where = matching[0].location
    assert where.file == str(path)
    if line is not None:
        assert where.line == line
    else:
        assert where.line is not None
    assert where.event_id == event_id
    assert where.field == field


# -- a large file, read a part at a time ---------------------------------------------------------

#: Mistakes in a late part: (what is written, what is written instead).
MISTAKES = [
    (b'id = "event-5"', b'id = "event-5'),  # a syntax error in a late part
    (b'id = "event-5"', b'id = "event-5"\ncolour = "red"'),  # a located problem there
    (b'id = "event-6"', b'id = "event-1"'),  # a duplicate across parts
    (b'id = "event-4"', b"id = \"event-4\"\ntitle = 'again'"),  # a key given twice
    (b"published = 2022-10-17", b"published = 2022-10-17\n\xff"),  # not UTF-8
    (b'id = "event-5"', b'id = "event-5"\nx = ' + b"[" * 70 + b"]" * 70),  # nested deep
]


def many_events(count: int = 7) -> str:
    return HEADER + "\n".join(
        event_toml(f"event-{n}", f"2022-10-{n + 1:02d}") for n in range(count)
    )


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in parts of two events, so a small file takes the path a large one takes."""
    monkeypatch.setattr(_toml, "EVENTS_PER_PART", 2)


def read_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """What reading whole and reading in parts give: a timeline, or the error raised."""
    results: list[object] = []
    for per_part in (10**9, 2):
        monkeypatch.setattr(_toml, "EVENTS_PER_PART", per_part)
        try:
            results.append(_toml.read(data, "events.toml"))
        except (timeline.FormatError, timeline.InvalidTimeline) as error:
            results.append(str(error))
    return results[0], results[1]


def test_parts_are_found_only_where_reading_them_is_safe(in_parts: None) -> None:
    data = many_events().encode()
    assert _toml._headers(data) is not None
    assert _toml._headers(many_events(2).encode()) is None  # no more events than one part
    for unsafe in (
        data.replace(b'title = "An event"', b'title = """An\nevent"""', 1),  # a multi-line string
        data + b"\n[timeline2]\nx = 1\n",  # a table after the events that is not an event's
        b"\xef\xbb\xbf" + data,  # a byte-order mark
    ):
        assert _toml._headers(unsafe) is None


def test_reading_in_parts_gives_the_same_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    whole, parts = read_both_ways(many_events().encode(), monkeypatch)
    assert isinstance(whole, timeline.Timeline)
    assert whole == parts


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_in_a_late_part_is_reported_as_reading_whole_does(
    monkeypatch: pytest.MonkeyPatch, mistake: tuple[bytes, bytes]
) -> None:
    old, new = mistake
    data = many_events().encode()
    data = data[: data.rindex(old)] + data[data.rindex(old) :].replace(old, new, 1)
    whole, parts = read_both_ways(data, monkeypatch)
    assert isinstance(whole, str), "the mistake must be one"
    assert "events.toml:" in whole
    assert parts == whole


def loaded_in_parts(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """`timeline.load(path)` in parts of two events (the reader owns the bytes): a timeline, or
    the error raised, its file named `events.toml` as `read_both_ways` names it."""
    monkeypatch.setattr(_toml, "EVENTS_PER_PART", 2)
    try:
        return timeline.load(path)
    except (timeline.FormatError, timeline.InvalidTimeline) as error:
        return str(error).replace(str(path), "events.toml")


@pytest.mark.parametrize("mistake", [None, *MISTAKES])
def test_a_file_loaded_in_parts_reads_as_its_bytes_read_whole(
    write_toml: WriteToml, monkeypatch: pytest.MonkeyPatch, mistake: tuple[bytes, bytes] | None
) -> None:
    """Loaded by path, the bytes are let go and each part read again from the file: the same
    timeline, the same errors at the same lines (found by reading the file again)."""
    data = many_events().encode()
    if mistake is not None:
        old, new = mistake
        data = data[: data.rindex(old)] + data[data.rindex(old) :].replace(old, new, 1)
    path = write_toml("")
    path.write_bytes(data)
    whole, _ = read_both_ways(data, monkeypatch)
    assert loaded_in_parts(path, monkeypatch) == whole


def test_the_owned_bytes_are_let_go_and_each_part_read_again(in_parts: None) -> None:
    data = many_events().encode()
    headers = _toml._headers(data)
    assert headers is not None
    starts = _toml._starts(headers)
    asked: list[tuple[int, int]] = []

    def again_part(start: int, end: int) -> bytes:
        asked.append((start, end))
        return data[start:end]

    held = [data]
    loaded = _toml.read_owned(held, lambda: data, again_part, "events.toml")
    assert held == []
    assert [start for start, _ in asked] == starts
    assert asked[-1][1] == len(data)
    assert loaded == _toml.read(data, "events.toml")


def test_a_file_changed_while_it_is_read_is_read_whole_again(
    write_toml: WriteToml, in_parts: None
) -> None:
    """A part that is not what was first read sends the reader to the file as it now is, read
    whole: never a timeline made of two versions of the file."""
    first, now = many_events(7), many_events(8).replace("event-", "changed-")
    path = write_toml(now)
    held = [first.encode()]  # what was read before the file changed
    loaded = _toml.read_owned(
        held, path.read_bytes, lambda start, end: _files._read_part(str(path), start, end)
    )
    assert [event.id for event in loaded] == [f"changed-{n}" for n in range(8)]


# -- the parser ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "words"),
    [
        ("when = 2022-10-13T09:50", "invalid time"),  # TOML 1.1 may leave out the seconds
        ('place = { name = "Astana",\n  country = "KZ" }', "newline"),  # 1.1's multi-line table
    ],
)
def test_toml_1_1_syntax_is_refused_as_tomllib_refuses_it(
    write_toml: WriteToml, fragment: str, words: str
) -> None:
    """A file we read must be one other tools read: `tomllib` (TOML 1.0) refuses these too."""
    import tomllib

    text = HEADER + event_toml().replace("when = 2022-10-13\n", fragment + "\n")
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    with pytest.raises(timeline.FormatError) as caught:
        timeline.load(write_toml(text))
    message = caught.value.problem.message
    assert message.startswith("invalid TOML: ")
    assert words in message
    # the parser's source excerpt is left out
    assert "|" not in message
    assert "\n" not in message
    assert caught.value.problem.location.line == 7
