"""Warnings by the thousand: each located without re-scanning the file, and the command line
printing a few of each kind, then how many more (issue 24)."""

from __future__ import annotations

import warnings
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from timeline._cli import main
from timeline._collector import line_of
from timeline._errors import (
    LikelyMistake,
    Location,
    Problem,
    ProblemCode,
    Suggestion,
    TimelineWarning,
)
from timeline._shown_warnings import SHOWN_PER_KIND, ShownWarnings
from timeline.formats._toml import _locator, _scan
from timeline.formats._toml_lines import EventIndex, no_event_header


def look_alikes(count: int) -> str:
    """A chronology of `count` events of one day and one title: each after the first looks
    like the first, one warning each."""
    events = "".join(
        f'[[events]]\nid = "summit-{number}"\ntitle = "Summit in Astana"\nwhen = "2022-10-14"\n'
        'kind = "summit"\n[[events.sources]]\npublisher = "Akorda"\ntitle = "Report"\n\n'
        for number in range(count)
    )
    return f'[timeline]\ntitle = "Look-alikes"\n\n{events}'


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "alike.toml"
    path.write_text(look_alikes(10_000), encoding="utf-8")
    return path


def warning_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_ten_thousand_look_alikes_print_twenty_and_one_line_more(
    many: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(many)]) == 0
    err = capsys.readouterr().err
    shown = warning_lines(err)
    assert len(shown) == SHOWN_PER_KIND == 20
    assert all("looks like 'summit-0'" in line for line in shown)
    # each warning is its one-line message; their one hint is said once, with the rest's count
    assert len(err.splitlines()) == 21
    assert err.splitlines()[-1] == (
        "9979 more look-alike warnings not shown: add --all-warnings to see them all (hint for "
        "every one: if both are one event, keep one; if not, link them or tell them apart)"
    )


@pytest.mark.parametrize("export", [False, True])
def test_a_hint_shared_by_a_kind_held_back_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], export: bool
) -> None:
    path = tmp_path / "alike.toml"
    path.write_text(look_alikes(500), encoding="utf-8")
    written = ["export", str(path), "-f", "json", "-o", str(tmp_path / "out.json")]
    assert main(written if export else ["check", str(path)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("wrote")]
    assert len(lines) == 21
    assert sum("hint: " in line or "(hint for every one: " in line for line in lines) == 1


def test_what_is_held_to_print_together_is_bounded() -> None:
    """A load's warnings are held until it is done: only those to print are kept."""
    shown = ShownWarnings()
    shown.hold()
    for number in range(1000):
        warning = LikelyMistake(f"w{number}\n    hint: the same")
        warning.code = ProblemCode.LOOK_ALIKE
        shown.take(warning)
    assert shown.batch is not None
    assert len(shown.batch.kept) == SHOWN_PER_KIND
    assert shown.release() == [f"w{number}" for number in range(SHOWN_PER_KIND)]
    assert shown.held_back() == [
        "980 more look-alike warnings not shown: add --all-warnings to see them all "
        "(hint for every one: the same)"
    ]


def test_hints_that_differ_or_are_not_held_back_stay_under_each_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alike.toml"
    path.write_text(look_alikes(3), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.startswith("warning:") for line in err] == [True, False, True, False]
    assert err[1] == (
        "    hint: if both are one event, keep one; if not, link them or tell them apart"
    )
    shown = ShownWarnings()
    differing = [LikelyMistake(f"w{number}\n    hint: h{number}") for number in range(25)]
    for warning in differing:
        warning.code = ProblemCode.LINK
    assert shown.shown(differing)[0] == "w0\n    hint: h0"
    assert shown.held_back() == [
        "5 more link warnings not shown: add --all-warnings to see them all"
    ]


def test_the_api_still_gives_every_warning(many: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        timeline.load(many)
    assert len(caught) == 9_999
    assert all(issubclass(item.category, LikelyMistake) for item in caught)
    assert {getattr(item.message, "code", None) for item in caught} == {ProblemCode.LOOK_ALIKE}


def test_check_strict_counts_every_warning(many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(many)]) == 1
    err = capsys.readouterr().err
    assert len(warning_lines(err)) == 20
    assert f"{many}: 9999 warnings fail --strict" in err


@pytest.mark.parametrize("command", [["check"], ["show"], ["export", "--format", "json"]])
def test_all_warnings_prints_them_all_on_every_command_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "alike.toml"
    path.write_text(look_alikes(30), encoding="utf-8")
    assert main([*command, str(path)]) == 0
    capped = capsys.readouterr().err
    assert len(warning_lines(capped)) == 20
    assert "9 more look-alike warnings not shown" in capped
    assert main([*command, str(path), "--all-warnings"]) == 0
    everything = capsys.readouterr().err
    assert len(warning_lines(everything)) == 29
    assert "not shown" not in everything
    assert warning_lines(everything)[:20] == warning_lines(capped)  # the same first twenty


def test_each_kind_is_counted_apart() -> None:
    shown = ShownWarnings()
    alike, draft = LikelyMistake("alike"), LikelyMistake("draft")
    alike.code, draft.code = ProblemCode.LOOK_ALIKE, ProblemCode.DRAFT
    admitted = [shown.admits(alike) for _ in range(21)] + [shown.admits(draft) for _ in range(22)]
    assert admitted.count(True) == 40
    shown.admits("a warning with no code")
    assert shown.held_back() == [
        "1 more look-alike warning not shown: add --all-warnings to see them all",
        "2 more draft warnings not shown: add --all-warnings to see them all",
    ]
    assert ShownWarnings(everything=True).held_back() == []


# -- the index gives the scanner's lines -------------------------------------------------------

_LINES = [
    "[[events]]",
    '[[ "events" ]]  # a comment',
    "[events]",
    "['events' ]]",
    "[[events]",
    "[[events]]]",
    "[[ events.x ]]",
    '[[" events"]]',
    "[[events]] # [[events]]",
    "[[eventsx]]",
    "[events.vote]",
    "[[events.sources]]",
    "[timeline]",
    'id = "x"',
    '"id" = "y"',
    "  'title' = 'z'",
    "\ttitle= 1",
    "vote = 2",
    "id.x = 1",
    '  ["an array line"]',
    "# id = 3",
    "",
    "sources = []",
    'title = "Астана — 2022"',
]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.sampled_from(_LINES), max_size=30),
    crlf=st.booleans(),
    indent=st.sampled_from(["", " ", "\t"]),
)
def test_the_locator_answers_as_a_whole_scan_does(
    lines: list[str], crlf: bool, indent: str
) -> None:
    text = ("\r\n" if crlf else "\n").join(indent + line for line in lines)
    scanned = _scan(text)
    locate = _locator(lambda: text, lambda: text.encode())  # the index reads the bytes
    events = sum(1 for line in lines if "events" in line and "." not in line)
    for event in [None, *range(events + 1)]:
        for path in [(), ("id",), ("title",), ("vote",), ("sources",), ("sources", 0, "url")]:
            expected = line_of(scanned[event], path)
            expected = 1 if expected is None and event is None else expected
            assert locate(event, path) == expected


def test_the_index_declines_where_lines_could_be_counted_otherwise() -> None:
    assert EventIndex.of('[[events]]\nnote = """\n[[events]]\n"""\n') is None
    assert EventIndex.of("[[events]]\nid = 'a\u2028b'\n") is None
    assert EventIndex.of("[[events]]\rid = 'a'\n") is None
    index = EventIndex.of("[[events]]\nid = 'a'\n\n[[events]]\n[events.vote]\nid = 'b'\n")
    assert index is not None
    assert index.line(0, ("id",)) == 2
    assert index.line(1, ()) == 4
    assert index.line(1, ("id",)) is None  # the vote's id: the scanner's to place
    assert index.line(2, ()) is None


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(12)), st.sampled_from([(), ("id",), ("kind",)]))
def test_the_index_answers_in_any_order_as_in_the_events_order(
    order: list[int], path: tuple[str, ...]
) -> None:
    """The review asks day by day, not in the events' order: each answer is the same."""
    text = look_alikes(12)
    in_order = EventIndex.of(text)
    shuffled = EventIndex.of(text)
    assert in_order is not None
    assert shuffled is not None
    expected = [in_order.line(event, path) for event in range(12)]
    assert all(line is not None for line in expected)
    assert [shuffled.line(event, path) for event in order] == [expected[e] for e in order]


def test_a_key_first_among_its_events_is_found_where_the_scanner_finds_it() -> None:
    """`id =` on the line after the header is found without a search; any other way of
    writing it (after a comment, without a blank, quoted, in a sub-table) by the search."""
    text = (
        '[timeline]\ntitle = "t"\n\n[[events]]\nid = "a"\n\n[[events]]\n# note\nid = "b"\n\n'
        '[[events]]\nid= "c"\n\n[[events]]\n"id" = "d"\n\n[[events]]\n[events.place]\nid = "e"\n'
    )
    index = EventIndex.of(text)
    assert index is not None
    found = [index.line(event, ("id",)) for event in range(5)]
    assert found == [5, 9, 12, 15, None]  # the last: the place's, for the scanner to place
    scanned, locate = _scan(text), _locator(lambda: text, lambda: text.encode())
    expected = [line_of(scanned[event], ("id",)) for event in range(5)]
    assert [locate(event, ("id",)) for event in range(5)] == expected == [5, 9, 12, 15, 17]


_NESTED_LINES = [
    *_LINES,
    "[[events.links]]",
    "[[ events.'links' ]]",
    "[events.place]",
    'rel = "part-of"',
    "name = 'Astana'",
    "links = [{ rel = 'follows' }]",
    'note = \'"""\'',
    'note = """',
    "[[events.links.x]]",
]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.sampled_from(_NESTED_LINES), max_size=30),
    in_parts=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_a_nested_key_is_located_from_its_events_lines_as_a_whole_scan_does(
    lines: list[str], in_parts: bool, order: Random
) -> None:
    """A warning at `links[0]` scans its event's own lines, not the whole file: the same line
    whatever the file holds (sub-tables, inline arrays, triple quotes) and in any order."""
    text = "\n".join(lines)
    scanned = _scan(text)
    locate = _locator(lambda: text, lambda: text.encode(), in_parts)
    paths: list[tuple[str | int, ...]] = [("links", 0), ("links", 1), ("place", "name")]
    paths += [("sources", 0, "url"), ("x", 0)]
    asked = [(event, path) for event in [None, *range(len(lines) + 1)] for path in paths]
    order.shuffle(asked)
    for event, path in asked:
        expected = line_of(scanned[event], path)
        expected = 1 if expected is None and event is None else expected
        assert locate(event, path) == expected


# -- the reader's headers, handed to the index, give the scanner's lines -------------------------

#: Headers the reader's pattern finds, and others the scan reads as an event's header too.
_READERS = ["[[events]]", "[[events]]  # a comment", "[[events]]\t"]
_OTHERS = ["[[ events ]]", "  [[events]]", "[[events]]\n[[events]]"]  # the last: an empty event
_PLAIN_HEAD = '[timeline]\ntitle = "t"\n'
#: A head with a line the scan reads as an event's header; a last header with no line end.
_HEADS = [_PLAIN_HEAD] * 3 + [_PLAIN_HEAD + 'x = [\n[["events"]]\n]\n']
_TAILS = [""] * 3 + ["\n[[events]]"]


def _event(header: str, number: int, same: bool, ided: bool, blank: bool) -> str:
    title = "Summit in Astana" if same else f"Summit {number}"
    body = f'title = "{title}"\nwhen = "2022-10-14"\nkind = "summit"\n'
    own = f'id = "e{number % 7 if blank else number}"\n' if ided else ""
    return f'{header}\n{own}{body}[[events.sources]]\npublisher = "Akorda"\ntitle = "Report"\n'


def _warned(data: bytes, path: Path | None, skip: bool) -> list[str]:
    """What a load says: each warning, then the error if it fails."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        try:
            if path is None:
                timeline.loads(data, format="toml", on_error="skip" if skip else "strict")
            else:
                path.write_bytes(data)
                timeline.load(path, on_error="skip" if skip else "strict")
            failed = ""
        except timeline.TimelineError as error:
            failed = str(error)
    return [str(item.message) for item in caught] + [failed]


_EVENTS = st.tuples(
    st.booleans(),  # the same title as others
    st.sampled_from([True] * 9 + [False]),  # an id (else the event is invalid)
    st.sampled_from([False] * 5 + [True]),  # an id others may have too
)


@settings(max_examples=150, deadline=None)
@given(
    events=st.lists(_EVENTS, min_size=3, max_size=14),
    headers=st.one_of(
        st.lists(st.sampled_from(_READERS), min_size=14, max_size=14),
        st.lists(st.sampled_from(_READERS + _OTHERS), min_size=14, max_size=14),
    ),
    head=st.sampled_from(_HEADS),
    tail=st.sampled_from(_TAILS),
    crlf=st.booleans(),
    owned=st.booleans(),
    skip=st.booleans(),
)
def test_a_file_read_in_parts_is_located_from_its_readers_headers_as_by_a_scan(
    tmp_path_factory: pytest.TempPathFactory,
    events: list[tuple[bool, bool, bool]],
    headers: list[str],
    head: str,
    tail: str,
    crlf: bool,
    owned: bool,
    skip: bool,
) -> None:
    """Its warnings and errors, word for word and in order, whether the index takes the
    offsets of the headers the reader found or scans the file for them (forced here)."""
    from timeline.formats import _toml

    text = (
        head
        + "\n".join(_event(headers[number], number, *rest) for number, rest in enumerate(events))
        + tail
    )
    data = (text.replace("\n", "\r\n") if crlf else text).encode()
    path = tmp_path_factory.mktemp("parts") / "t.toml" if owned else None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_toml, "EVENTS_PER_PART", 2)
        handed = _warned(data, path, skip)
        patch.setattr(EventIndex, "of_headers", classmethod(lambda *_: None))
        assert handed == _warned(data, path, skip)


def test_the_handed_headers_are_the_scans_and_declined_for_other_bytes() -> None:
    text = look_alikes(5).encode()
    breaks = [at - 1 for at in EventIndex.of(text).starts]  # type: ignore[union-attr]
    handed, scanned = EventIndex.of_headers(text, breaks, len(text)), EventIndex.of(text)
    assert handed is not None
    assert scanned is not None
    assert list(handed.starts) == scanned.starts
    lines = [handed.line(event, ("id",)) for event in range(5)]
    assert lines == [scanned.line(event, ("id",)) for event in range(5)] == [5, 14, 23, 32, 41]
    assert EventIndex.of_headers(text, breaks, len(text) + 1) is None  # the file changed
    assert EventIndex.of_headers(text, [at + 1 for at in breaks], len(text)) is None
    assert EventIndex.of_headers(text.replace(b"\n", b"\r"), breaks, len(text)) is None
    assert not no_event_header(b'[timeline]\nx = [\n[["events"]]\n]\n')
    assert no_event_header(b'[timeline]\nx = [\n["events"],\n]\n# [[events]]\n')


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(list(ProblemCode)),
    hint=st.sampled_from([None, "", "check it"]),
    suggestion=st.sampled_from([None, Suggestion("add", "when", '"2022-10-14"')]),
    field=st.sampled_from([None, "events", "timeline", "when", "id"]),
    expected=st.sampled_from([None, "timeline", "a list of events"]),
)
def test_the_toml_dialect_words_a_problem_as_its_whole_look_does(
    code: ProblemCode,
    hint: str | None,
    suggestion: Suggestion | None,
    field: str | None,
    expected: str | None,
) -> None:
    """A problem it returns at once (a hint of its own, a code it does not reword) is one its
    whole look (every code taken as one it may reword, here) would return unchanged too."""
    from timeline.formats import _toml

    problem = Problem("m", Location("f", 3, "e", field), hint, code, expected, None, suggestion)
    quick = _toml._TOML(problem)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_toml, "_REWORDED", frozenset(ProblemCode))
        assert _toml._TOML(problem) == quick
