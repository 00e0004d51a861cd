"""Bounded reading (issue 19): a document nested past `_nesting.LIMIT` or a CSV cell past the csv
module's limit is refused quickly, located, with no traceback and no crash; every CSV cell a
spreadsheet could run as a formula is guarded, and reads back as it was written.

The crash reproducers run in a fresh interpreter, so a crash fails one test and not the run.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import HEADER, chronology, event, event_toml, source
from tests.helpers import time_limit
from timeline import FormatError, InvalidTimeline, Place
from timeline._refusals import _short
from timeline.formats import _csv as timeline_csv
from timeline.formats import _nesting

LIMIT = _nesting.LIMIT
#: Generous: each reproducer is refused in well under a second; this only stops a hang.
SECONDS = 30


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_tables(depth: int) -> str:
    return "{b = " * depth + "1" + "}" * depth


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    """`timeline check FILE` in a fresh interpreter, as a user's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "timeline", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=SECONDS,
    )


#: Loads a file in a fresh interpreter and prints the error's location and message.
LOAD = """
import sys, timeline
try:
    timeline.load(sys.argv[1])
except timeline.FormatError as error:
    where = error.problem.location
    print(where.line, where.event_id, where.field, error.problem.message, sep="|")
    sys.exit(3)
"""


def load_elsewhere(path: Path) -> list[str]:
    """`timeline.load` in a fresh interpreter: the error's line, event, field and message."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=SECONDS,
    )
    assert done.returncode == 3, f"exit {done.returncode}: {done.stderr[-500:]}"
    return done.stdout.strip().split("|")


def assert_refused_by_the_cli(path: Path, line: int, *words: str) -> None:
    done = run_check(path)
    assert done.returncode == 1, f"exit {done.returncode} (-11 is SIGSEGV): {done.stderr[-300:]}"
    assert "Traceback" not in done.stderr + done.stdout
    assert f"{path}:{line}:" in done.stderr
    for word in words:
        assert word in done.stderr


# -- nesting: the reproducers --------------------------------------------------------------------

IN_AN_EVENT = HEADER + event_toml(note=nested_arrays(1_000))
NOTE_LINE = IN_AN_EVENT[: IN_AN_EVENT.index("note =")].count("\n") + 1

#: name: (suffix, the text, line where the nesting begins)
DEEP = {
    "toml arrays 10,000": (".toml", f"a = {nested_arrays(10_000)}\n", 1),
    "toml tables 10,000": (".toml", f"a = {nested_tables(10_000)}\n", 1),
    "toml arrays 1,000": (".toml", f"a = {nested_arrays(1_000)}\n", 1),
    "toml tables 1,000": (".toml", f"a = {nested_tables(1_000)}\n", 1),
    "toml in an event": (".toml", IN_AN_EVENT, NOTE_LINE),
    "json 1,000": (".json", nested_arrays(1_000), 1),
    "json 100,000": (".json", '{"a":\n' + nested_arrays(100_000) + "}", 2),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_refused_by_the_command_line(tmp_path: Path, name: str) -> None:
    suffix, text, line = DEEP[name]
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    kind = "inline tables" if suffix == ".toml" else "objects"
    assert_refused_by_the_cli(path, line, f"arrays and {kind} nest more than {LIMIT} levels deep")
    assert "a timeline nests 4 levels below the document at most" in run_check(path).stderr


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_refused_by_load(tmp_path: Path, name: str) -> None:
    suffix, text, line = DEEP[name]
    path = tmp_path / f"deep{suffix}"
    path.write_text(text, encoding="utf-8")
    if "10,000" in name:  # toml-rs died of SIGSEGV on these: never in the test process
        assert load_elsewhere(path)[:3] == [str(line), "None", "None"]
        return
    with time_limit(SECONDS), pytest.raises(FormatError) as caught:
        timeline.load(path)
    assert caught.value.problem.location.line == line
    assert f"more than {LIMIT} levels" in caught.value.problem.message


@pytest.mark.parametrize(
    ("suffix", "text"),
    [(".toml", "a = {}\n"), (".json", '{{"schema": "x", "a": {}}}')],
)
def test_the_limit_itself_reaches_the_parser(tmp_path: Path, suffix: str, text: str) -> None:
    """64 levels are parsed (and refused for what they hold); 65 are refused before that."""
    path = tmp_path / f"limit{suffix}"
    below = 1 if suffix == ".json" else 0  # the JSON document's own braces are a level
    path.write_text(text.format(nested_arrays(LIMIT - below)), encoding="utf-8")
    with pytest.raises((FormatError, InvalidTimeline)) as caught:
        timeline.load(path)
    assert "levels deep" not in str(caught.value)
    path.write_text(text.format(nested_arrays(LIMIT - below + 1)), encoding="utf-8")
    with pytest.raises(FormatError, match=f"more than {LIMIT} levels"):
        timeline.load(path)


def test_nesting_over_many_lines_names_where_it_begins_and_where_it_passes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("title = 'x'\na = [\n" + "[\n" * 100 + "]\n" * 100 + "]\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        timeline.load(path)
    # line 2 opens level 1; level 3, on line 4, is deeper than any timeline value nests
    assert caught.value.problem.location.line == 4
    assert f"(level {LIMIT + 1} on line {LIMIT + 2})" in caught.value.problem.message


BRACKETS = nested_arrays(200) + nested_tables(100)


@pytest.mark.parametrize(
    "value",
    [
        f'"{BRACKETS}"',
        f"'{BRACKETS}'",
        f'"""\n{BRACKETS}\n"""',
        f"'''\n{BRACKETS}\n'''",
        f'"\\"{BRACKETS}\\\\"',
        f"'{BRACKETS}' # {BRACKETS}",
        f'"\\u005b{"[" * 100}"',
        f"'\\{BRACKETS}' # {'[' * 100}",
    ],
)
def test_brackets_in_strings_and_comments_do_not_count(tmp_path: Path, value: str) -> None:
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml(note=value), encoding="utf-8")
    (loaded,) = timeline.load(path)
    assert "[" * 100 in (loaded.note or "")


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "' + BRACKETS + '"}',
        '{"a": "\\"' + BRACKETS + '\\\\"}',
        '{"a\\"[[[[": "' + "{" * 100 + '"}',
    ],
)
def test_brackets_in_json_strings_do_not_count(text: str) -> None:
    _nesting.check_json(text.encode(), None)


def test_a_value_nested_by_dotted_keys_is_quoted_briefly(tmp_path: Path) -> None:
    """TOML's dotted keys nest tables without brackets (toml-rs builds them without
    recursion); the problem quotes the start of the value, without `repr`'s recursion."""
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml(**{"summary" + ".a" * 100_000: "1"}))
    with time_limit(SECONDS), pytest.raises(InvalidTimeline) as caught:
        timeline.load(path)
    (problem,) = caught.value.problems
    assert problem.location.field == "summary"
    assert problem.found is not None
    assert problem.found.startswith("{'a': {'a': {'a': ")
    assert len(problem.found) == 60


@pytest.mark.parametrize("field", ["status", "kind"])
def test_a_deep_value_where_a_word_belongs_is_left_out_and_located(
    tmp_path: Path, field: str
) -> None:
    """An enum's own error message is `repr(value)`, which recursed past the limit inside
    pydantic; now the value is reported and left out, and the rest of the event checked."""
    path = tmp_path / "events.toml"
    text = HEADER + event_toml(**{field + ".a" * 100_000: "1", "summari": '"x"'})
    path.write_text(text.replace('kind = "summit"\n', "") if field == "kind" else text)
    with time_limit(SECONDS), pytest.raises(InvalidTimeline) as caught:
        timeline.load(path)
    deep, misspelt = caught.value.problems
    assert (deep.location.field, deep.code) == (field, "too-deep")
    assert f"more than {LIMIT} levels deep" in deep.message
    assert misspelt.location.field == "summari", "the rest of the event is still checked"


def test_a_short_quote_is_repr_cut_short_and_costs_what_it_quotes() -> None:
    long_list = list(range(1_000_000))
    assert _short(long_list) == repr(long_list)[:57] + "..."
    for value in ([1, "a'b", None], {"k": (1,), 2: ()}, "x" * 58, 1.5):
        assert _short(value) == repr(value)


def test_a_json_number_past_pythons_digit_limit_is_located(tmp_path: Path) -> None:
    """Python refuses to read an integer of more than 4,300 digits (a ValueError that is not
    JSON's own); a string of digits is not mistaken for it."""
    path = tmp_path / "long.json"
    digits = "9" * 5_000
    path.write_text(f'{{"schema": "x",\n"a": "{digits}",\n"b": {digits}}}', encoding="utf-8")
    with time_limit(SECONDS), pytest.raises(FormatError) as caught:
        timeline.load(path)
    assert caught.value.problem.location.line == 3
    assert "more than 4,300 digits" in caught.value.problem.message
    assert_refused_by_the_cli(path, 3, "more than 4,300 digits")


# -- nesting: the check against real parsers -----------------------------------------------------


def toml_string(text: str, style: int) -> str:
    """`text` as a TOML string in one of its four forms (where that form can hold it)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if style == 1 and "'" not in text and "\n" not in text:
        return f"'{text}'"
    if style == 2:  # a line break right after the opening quotes is not part of the string
        return f'"""\n{escaped}"""'
    if style == 3 and "'" not in text:
        return f"'''\n{text}'''"
    return f'"{escaped}"'


def toml_value(value: Any, style: int, inline: bool = False) -> str:
    """TOML text for a value; an array outside an inline table spans lines, with comments."""
    if isinstance(value, str):
        return toml_string(value, style)
    if isinstance(value, dict):
        items = [f"{toml_string(k, 0)} = {toml_value(v, style, True)}" for k, v in value.items()]
        return "{" + ", ".join(items) + "}"
    items = [toml_value(item, style, inline) for item in value]
    if inline:
        return "[" + ", ".join(items) + "]"
    return "[ # ] [ { \" '\n" + "".join(f"  {item}, # ]\n" for item in items) + "]"


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


tricky = st.text(alphabet="[]{}\"'#\\\n ax", max_size=6)
values = st.recursive(
    tricky,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(values.filter(lambda value: depth_of(value) > 0), st.integers(0, 3))
def test_toml_nesting_is_measured_as_the_parser_reads_it(value: Any, style: int) -> None:
    text = f"x = {toml_value(value, style)}\n"
    assert tomllib.loads(text) == {"x": value}, "the test wrote what it meant to"
    depth = depth_of(value)
    _nesting.check_toml(text.encode(), None, limit=depth)
    with pytest.raises(FormatError, match=f"more than {depth - 1} levels"):
        _nesting.check_toml(text.encode(), None, limit=depth - 1)


@settings(max_examples=300, deadline=None)
@given(values)
def test_json_nesting_is_measured_as_the_parser_reads_it(value: Any) -> None:
    text = json.dumps({"x": value}, ensure_ascii=False).encode()
    depth = depth_of({"x": value})
    _nesting.check_json(text, None, limit=depth)
    with pytest.raises(FormatError, match=f"more than {depth - 1} levels"):
        _nesting.check_json(text, None, limit=depth - 1)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[]{}\"'#\\\nx ,", max_size=40), st.integers(0, 4))
def test_the_quick_check_never_passes_what_the_careful_one_refuses(text: str, limit: int) -> None:
    """Any text at all, valid or not: when the quick passes say "fits", the tokenizer agrees."""
    data = text.encode()
    plain = _nesting._without_multiline(data)  # multi-line strings written as ""
    toml = None if plain is None else _nesting._reduced_toml(plain)
    if toml is not None and _nesting._fits(toml, (b'""', b"''"), _nesting._TOML_TOKEN, limit):
        assert _nesting._deepest(data, _nesting._TOML_TOKEN, limit) is None
    json_reduced = _nesting._unescaped(data).translate(*_nesting._JSON_TABLE)
    if _nesting._fits(json_reduced, (b'""',), _nesting._JSON_TOKEN, limit):
        assert _nesting._deepest(data, _nesting._JSON_TOKEN, limit) is None


# -- CSV: a cell past the csv module's limit -----------------------------------------------------

CSV_HEADER = "id,title,when,kind,source_publisher,source_title\n"
CSV_ROW = "a,A title,2022,summit,P,T\n"


@pytest.mark.parametrize("quoted", [False, True])
def test_a_huge_csv_cell_is_a_located_problem(tmp_path: Path, quoted: bool) -> None:
    huge = "x" * 200_000
    cell = f'"{huge}' if quoted else huge  # a quote left open runs on to the end
    path = tmp_path / "events.csv"
    path.write_text(CSV_HEADER + CSV_ROW + f"b,T,2022,summit,P,{cell}\n" + CSV_ROW)
    with time_limit(SECONDS), pytest.raises(FormatError) as caught:
        timeline.load(path)
    where = caught.value.problem.location
    assert (where.line, where.event_id, where.field) == (3, "b", "source_title")
    assert "more than 131,072 characters" in caught.value.problem.message
    hint = caught.value.problem.hint or ""
    assert ("double quote left open" in hint) is quoted
    assert_refused_by_the_cli(path, 3, "event 'b', field 'source_title'", "131,072")


def test_a_huge_header_cell_is_located_by_its_column(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,title," + "x" * 200_000 + "\n" + CSV_ROW)
    with pytest.raises(FormatError) as caught:
        timeline.load(path)
    assert (caught.value.problem.location.line, caught.value.problem.location.field) == (
        1,
        "column 3",
    )


# -- CSV: formula guards -------------------------------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Starts a formula by itself; stripping whitespace would hide it, so it is checked before.
WHITESPACE_TRIGGERS = ("\t", "\r")
FORMULA = 'HYPERLINK("https://evil.example","x")'


def cells_of(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline="")))


@pytest.mark.parametrize("before", ["", "\n", " ", "\n \n", "\u3000"])
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_formula_trigger_is_guarded_and_reads_back(before: str, trigger: str) -> None:
    text = f"{before}{trigger}{FORMULA}"
    one = chronology(event(summary=text, note=text, sources=(source("P", f"{trigger}{FORMULA}"),)))
    written = timeline_csv.to_csv(one)
    header, row = cells_of(written)
    cells = dict(zip(header, row, strict=True))
    assert cells["summary"] == cells["note"] == "'" + text, "the csv module reads the guard"
    assert cells["source_title"] == f"'{trigger}{FORMULA}"
    assert timeline_csv.read(written.encode(), None).events == one.events, "and we remove it"


@pytest.mark.parametrize("trigger", WHITESPACE_TRIGGERS)
def test_a_tab_or_carriage_return_first_is_guarded_and_reads_back(trigger: str) -> None:
    """Checked cell by cell, as the writer and reader treat each: a carriage return may
    not be allowed in the models' text."""
    text = f"{trigger}{FORMULA}"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(["summary", timeline_csv._text(text)])
    (row,) = cells_of(buffer.getvalue())
    assert row[1] == "'" + text
    assert timeline_csv._filled(["", "summary"], row) == {"summary": text}


@pytest.mark.parametrize("text", ["a=b", "\nplain", " x", "'", "it's", "1-2", "\uff41=", "x\n=1"])
def test_text_that_starts_no_formula_is_written_as_it_is(text: str) -> None:
    one = chronology(event(summary=text))
    written = timeline_csv.to_csv(one)
    header, row = cells_of(written)
    assert dict(zip(header, row, strict=True))["summary"] == text
    assert timeline_csv.read(written.encode(), None).events == one.events


def starts_a_formula(cell: str) -> bool:
    return cell[:1] in WHITESPACE_TRIGGERS or cell.lstrip()[:1] in TRIGGERS


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


FORMULA_ALPHABET = "=+-@\uff1d\uff0b\uff0d\uff20 \u3000'\"a1,"
risky = st.text(alphabet=FORMULA_ALPHABET, min_size=1, max_size=8)
multiline = st.text(alphabet=FORMULA_ALPHABET + "\t\n", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    risky.filter(str.strip),
    multiline.filter(str.strip),  # a cell of whitespace alone reads back as empty
    risky.filter(str.strip),
    risky.filter(str.strip),
    st.floats(-90, 90),
)
def test_no_exported_cell_starts_a_formula(
    title: str, summary: str, place: str, publisher: str, lat: float
) -> None:
    one = chronology(
        event(
            title=title,
            summary=summary,
            note=summary,
            place=Place(name=place, lat=lat, lon=-lat),
            sources=(source(publisher, title),),
        )
    )
    written = timeline_csv.to_csv(one)
    for row in cells_of(written):
        for cell in row:
            assert not starts_a_formula(cell) or is_number(cell), cell
    assert timeline_csv.read(written.encode(), None).events == one.events
