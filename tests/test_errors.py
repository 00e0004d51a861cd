"""`timeline._errors` and the closed problem codes: every problem the library reports carries
one of `ProblemCode`, every pydantic error type is mapped onto it, validators say their own
code, and a `Suggestion` is worded one way, spelt by each dialect."""

from __future__ import annotations

import copy
import pickle
import re
import typing
import warnings
from dataclasses import FrozenInstanceError, astuple, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import core_schema

import timeline
from tests import problem_codes
from tests.factories import HEADER, event_toml
from timeline import (
    FormatError,
    InvalidTimeline,
    Location,
    Problem,
    ProblemCode,
    Suggestion,
    load,
    loads,
)
from timeline._errors import MODEL_TERMS, LikelyMistake, Wording, warn_each
from timeline._normalize import build_timeline
from timeline._refusals import PYDANTIC_CODES, code_of
from timeline.formats._common import Dialect

# -- pydantic's error types ----------------------------------------------------------------------


def test_every_pydantic_error_type_has_one_of_our_codes() -> None:
    """A pydantic-core release that adds an error type fails here until it is mapped."""
    types = typing.get_args(core_schema.ErrorType)
    assert len(types) > 100
    unmapped = sorted(kind for kind in types if kind not in PYDANTIC_CODES)
    assert unmapped == []
    assert all(type(code) is ProblemCode for code in PYDANTIC_CODES.values())


def test_an_error_type_of_a_later_pydantic_is_invalid_the_one_default() -> None:
    assert code_of("a_type_pydantic_may_add_one_day") is ProblemCode.INVALID
    assert code_of("int_parsing") is ProblemCode.WRONG_TYPE
    assert code_of("value_error") is ProblemCode.INVALID  # a validator's own refusal says more


# -- Problem and FormatError ---------------------------------------------------------------------


def test_a_problem_made_without_a_code_is_invalid_never_none() -> None:
    assert Problem("message").code is ProblemCode.INVALID
    assert Problem("message", code=None).code is ProblemCode.INVALID  # type: ignore[arg-type]
    assert Problem("message", code="syntax").code is ProblemCode.SYNTAX  # type: ignore[arg-type]


_TEXTS = st.none() | st.text(max_size=8)


def _worded(where: Location) -> str:
    """A location's words as they were before `Location.__str__` made one f-string a case."""
    text = where.file or "<input>"
    if where.line is not None:
        text = f"{text}:{where.line}"
    inside = [f"event {where.event_id!r}"] if where.event_id is not None else []
    inside += [f"field {where.field!r}"] if where.field is not None else []
    return f"{text}: {', '.join(inside)}" if inside else text


@given(_TEXTS, st.none() | st.integers(1, 99), _TEXTS, _TEXTS)
def test_a_location_made_through_its_slots_is_the_dataclass_it_was(
    file: str | None, line: int | None, event_id: str | None, field: str | None
) -> None:
    where = Location(file, line, event_id, field)
    assert where == Location(file=file, line=line, event_id=event_id, field=field)
    assert astuple(where) == (file, line, event_id, field)
    assert replace(where, line=7).line == 7
    assert pickle.loads(pickle.dumps(where)) == where
    assert str(where) == _worded(where)
    with pytest.raises(FrozenInstanceError):
        where.line = 3  # type: ignore[misc]


@given(st.text(max_size=8), _TEXTS, st.sampled_from(ProblemCode), _TEXTS, _TEXTS)
def test_a_problem_made_through_its_slots_is_the_dataclass_it_was(
    message: str, hint: str | None, code: ProblemCode, expected: str | None, found: str | None
) -> None:
    where = Location("events.toml", 3, "a", "id")
    problem = Problem(message, where, hint, code, expected, found)
    assert astuple(problem) == (message, astuple(where), hint, code, expected, found, None)
    assert problem == Problem(message, where, hint, code.value, expected, found)  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert replace(problem, hint="h").hint == "h"
    assert Problem(message).location == Location()
    advice = f"\n    hint: {hint}" if hint else ""
    assert str(problem) == f"{_worded(where)}: {message}{advice}"
    assert str(Problem(message, hint=hint)) == f"{message}{advice}"
    with pytest.raises(ValueError, match="no-such-code"):
        Problem(message, code="no-such-code")  # type: ignore[arg-type]


def test_a_format_error_says_what_went_wrong() -> None:
    assert FormatError("unknown format 'x'").problem.code is ProblemCode.FORMAT
    made = FormatError("invalid TOML", code=ProblemCode.SYNTAX)
    assert made.problem.code is ProblemCode.SYNTAX
    assert str(made) == "invalid TOML"


_ONLY_A_TASK = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VTODO\r\nUID:t\r\n"
    "DTSTAMP:20221013T000000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
)


def _refusal_of(reading: Any) -> ProblemCode:
    with pytest.raises(FormatError) as caught:
        reading()
    return caught.value.problem.code


@pytest.mark.parametrize(
    ("text", "format", "code"),
    [
        ('[timeline\ntitle = "x"', "toml", ProblemCode.SYNTAX),
        ('{"schema": 1,', "json", ProblemCode.SYNTAX),
        ('{"a": 1, "a": 2}', "json", ProblemCode.DUPLICATE),
        ('{"schema": "https://example.org/other"}', "json", ProblemCode.VERSION),
        ("[1, 2]", "json", ProblemCode.NOT_A_TABLE),
        ("[" * 100 + "]" * 100, "json", ProblemCode.TOO_DEEP),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "ics", ProblemCode.SYNTAX),
        (_ONLY_A_TASK, "ics", ProblemCode.MISSING),
        ("", "csv", ProblemCode.MISSING),
        ("md", "md", ProblemCode.FORMAT),
    ],
)
def test_a_reader_refusal_has_its_code(text: str, format: str, code: ProblemCode) -> None:
    assert _refusal_of(lambda: loads(text, format=format)) is code


def test_bytes_that_are_not_utf8_are_an_encoding_problem() -> None:
    assert _refusal_of(lambda: loads(b"[timeline]\ntitle = '\xff'", format="toml")) == "encoding"
    assert _refusal_of(lambda: loads(b"\xff\xfeid,title", format="csv")) == "encoding"


def test_what_cannot_be_read_from_disk_has_its_code(tmp_path: Path) -> None:
    assert _refusal_of(lambda: load(tmp_path / "none.toml")) is ProblemCode.NO_SUCH_FILE
    assert _refusal_of(lambda: load(tmp_path)) is ProblemCode.NOT_A_FILE
    large = tmp_path / "large.toml"
    large.write_text(HEADER, encoding="utf-8")
    assert _refusal_of(lambda: load(large, max_bytes=10)) is ProblemCode.TOO_LARGE


def test_a_failed_write_is_unwritable(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_bytes(b"")
    with pytest.raises(timeline.WriteError) as caught:
        timeline.atomic_write(tmp_path / "a-file" / "out.ics", b"")
    assert caught.value.problem.code is ProblemCode.UNWRITABLE
    assert caught.value.errno is not None  # still the system's number


# -- validators say their own code ----------------------------------------------------------------

_SOURCE = {"publisher": "P", "title": "T"}


def _codes(**fields: Any) -> dict[str | None, ProblemCode]:
    event = {"id": "a", "title": "A", "when": "2022-10-13", "kind": "summit", "sources": [_SOURCE]}
    document = {"timeline": {"title": "T"}, "events": [event | fields]}
    with pytest.raises(InvalidTimeline) as caught:
        build_timeline(document)
    return {problem.location.field: problem.code for problem in caught.value.problems}


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"place": {"name": "X", "country": "XX"}}, "place.country", "country"),
        ({"place": {"name": "X", "timezone": "Mars/Base"}}, "place.timezone", "zone"),
        ({"participants": ["KZ", "KZ"]}, "participants", "duplicate"),
        ({"participants": ["not a code"]}, "participants[0]", "participant"),
        ({"participants": ["kaz"]}, "participants[0]", "country"),
        ({"place": {"name": "X", "lat": 1}}, "place", "inconsistent"),
        ({"vote": {"body": "UN", "yes": 1, "no": 0, "abstain": 0}}, None, "inconsistent"),
        ({"participants": ["KZ"], "absent": ["KZ"]}, None, "inconsistent"),
        ({"title": "a\x1bb"}, "title", "invalid"),
    ],
)
def test_a_validator_refuses_with_its_own_code(
    fields: dict[str, Any], field: str | None, code: str
) -> None:
    assert _codes(**fields)[field] == code


def test_a_model_built_in_code_gets_the_validators_code() -> None:
    with pytest.raises(InvalidTimeline) as caught:
        timeline.Place(name="Astana", country="KAZ")
    (problem,) = caught.value.problems
    assert (problem.location.field, problem.code) == ("country", ProblemCode.COUNTRY)
    assert problem.message.startswith("'KAZ' is not an ISO 3166-1 alpha-2 country code")


# -- one wording of a suggestion ----------------------------------------------------------------

_SUGGESTIONS = st.builds(
    Suggestion,
    action=st.sampled_from(["add", "rename", "table", "tables", "declare"]),
    field=st.sampled_from(["as_of", "sources", "timeline.organisations", "timezone"]),
    value=st.none() | st.sampled_from(["QQQ", "a day"]),
    choices=st.sampled_from([(), ("Asia/Almaty", "Asia/Aqtobe")]),
    note=st.none() | st.just("a reason"),
)


@given(_SUGGESTIONS)
def test_a_suggestion_in_the_models_terms_is_the_base_wording(suggestion: Suggestion) -> None:
    assert str(suggestion) == MODEL_TERMS.hint(suggestion) == Wording().hint(suggestion)
    assert Problem("m", suggestion=suggestion).advice == str(suggestion)


class _Shouting(Dialect):
    def name(self, field: str) -> str:
        return field.upper()


@given(_SUGGESTIONS)
def test_a_dialect_spells_the_parts_of_the_one_wording(suggestion: Suggestion) -> None:
    """A dialect that only renames fields changes the hint only where a field is named."""
    plain, shouting = Dialect().hint(suggestion), _Shouting().hint(suggestion)
    if suggestion.action != "declare":
        assert shouting == plain.replace(suggestion.field, suggestion.field.upper())
    assert (suggestion.note or "") in shouting


def test_the_models_and_a_files_words_for_one_suggestion() -> None:
    declare = Suggestion("declare", "timeline.organisations", "QQQ", ("CSTO",), "use a known one")
    assert str(declare) == (
        "did you mean 'CSTO'? Otherwise use a known one, or declare 'QQQ' in "
        "timeline.organisations, or for a country write its ISO 3166-1 code"
    )
    assert Dialect().hint(declare) == (
        "did you mean 'CSTO'? Otherwise use a known one, declare 'QQQ' under "
        "timeline.organisations, or for a country write its two-letter ISO 3166-1 code (e.g. 'KZ')"
    )
    zone = Suggestion("add", "timezone", choices=("Asia/Almaty", "Asia/Aqtobe"))
    assert str(zone) == "give timezone one of: Asia/Almaty, Asia/Aqtobe"
    assert Dialect().hint(zone) == "add timezone = ...: one of 'Asia/Almaty', 'Asia/Aqtobe'"


# -- the suite's watch on codes ------------------------------------------------------------------


def test_the_suite_notes_a_problem_the_library_makes_without_a_code() -> None:
    """The plugin in conftest really runs: a problem made in the package without naming its
    code is noted (and would fail the test that made it)."""
    source = "def make():\n    return Problem('made without a code')\n"
    inside = compile(source, str(Path(problem_codes.PACKAGE) / "_pretend.py"), "exec")
    namespace: dict[str, Any] = {"Problem": Problem}
    exec(inside, namespace)  # a function whose code lives in the package
    before = len(problem_codes.uncoded)
    namespace["make"]()
    noted = problem_codes.uncoded[before:]
    del problem_codes.uncoded[before:]  # this test made it on purpose
    assert len(noted) == 1
    assert "_pretend.py" in noted[0]
    assert "made without a code" in noted[0]


def test_problems_made_with_a_code_or_outside_the_package_are_not_noted() -> None:
    before, counted = len(problem_codes.uncoded), sum(problem_codes.made.values())
    Problem("a test's own problem")  # made here, in tests/
    assert (len(problem_codes.uncoded), sum(problem_codes.made.values())) == (before, counted)
    with pytest.raises(FormatError):
        loads("[timeline", format="toml")  # made in the package, with its code
    assert problem_codes.uncoded[before:] == []
    assert sum(problem_codes.made.values()) == counted + 1


def test_a_toml_event_with_problems_reports_each_with_a_code(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml(when='"garbage"', status='"done"'), encoding="utf-8")
    with pytest.raises(InvalidTimeline) as caught:
        load(path)
    assert {problem.code for problem in caught.value.problems} == {"date", "not-accepted"}


# -- a problem's words, and warnings given together --------------------------------------------


@given(
    where=st.builds(Location, _TEXTS, st.none() | st.integers(0, 99), _TEXTS, _TEXTS),
    message=st.text(min_size=1, max_size=8),
    hint=_TEXTS,
)
def test_a_problem_reads_as_its_location_message_and_hint(
    where: Location, message: str, hint: str | None
) -> None:
    """However much of its location is known (a file's problem is worded in one step)."""
    text = message if where == Location() else f"{_worded(where)}: {message}"
    expected = f"{text}\n    hint: {hint}" if hint else text
    assert str(Problem(message, where, hint)) == expected


def test_warnings_given_together_are_filtered_and_shown_as_warn_shows_them() -> None:
    made = [LikelyMistake(f"finding {number}") for number in (1, 2, 1)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")  # once for each text at a line: the caller's registry
        for _ in range(2):
            warn_each(made)  # the line they name
    assert [str(item.message) for item in caught] == ["finding 1", "finding 2"]
    assert {(item.filename, item.category) for item in caught} == {(__file__, LikelyMistake)}
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    assert all("the line they name" in source[item.lineno - 1] for item in caught)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", module=re.escape(__name__))
        warn_each(made)
    assert caught == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(LikelyMistake, match="finding 1"):
            warn_each(made)


def test_a_warnings_code_is_kept_without_a_dict_and_survives_pickling() -> None:
    warning = LikelyMistake("two events that look like one")
    assert warning.code is None  # none given
    warning.code = ProblemCode.LOOK_ALIKE
    assert vars(warning) == {}  # in its slot: no dict made for it
    for again in (pickle.loads(pickle.dumps(warning)), copy.copy(warning)):
        assert type(again) is LikelyMistake
        assert again.code is ProblemCode.LOOK_ALIKE
        assert str(again) == str(warning)
    plain = timeline.TimelineWarning("left out")
    plain.note = "kept"  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(plain)).note == "kept"
    assert pickle.loads(pickle.dumps(plain)).code is None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = warning.nothing  # type: ignore[attr-defined]
