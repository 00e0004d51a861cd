"""The TOML reader: every kind of malformed file gives a problem located at its file, line,
event and field."""

from __future__ import annotations

import pytest

import timeline
from tests.factories import HEADER, MALFORMED, event_toml, write_malformed
from tests.helpers import WriteToml
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
    assert _toml._parts(data) is not None
    assert _toml._parts(many_events(2).encode()) is None  # no more events than one part
    for unsafe in (
        data.replace(b'title = "An event"', b'title = """An\nevent"""', 1),  # a multi-line string
        data + b"\n[timeline2]\nx = 1\n",  # a table after the events that is not an event's
        b"\xef\xbb\xbf" + data,  # a byte-order mark
    ):
        assert _toml._parts(unsafe) is None


def test_reading_in_parts_gives_the_same_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    whole, parts = read_both_ways(many_events().encode(), monkeypatch)
    assert isinstance(whole, timeline.Timeline)
    assert whole == parts


@pytest.mark.parametrize(
    "mistake",
    [
        (b'id = "event-5"', b'id = "event-5'),  # a syntax error in a late part
        (b'id = "event-5"', b'id = "event-5"\ncolour = "red"'),  # a located problem there
        (b'id = "event-6"', b'id = "event-1"'),  # a duplicate across parts
        (b'id = "event-4"', b"id = \"event-4\"\ntitle = 'again'"),  # a key given twice
        (b"published = 2022-10-17", b"published = 2022-10-17\n\xff"),  # not UTF-8
    ],
)
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
