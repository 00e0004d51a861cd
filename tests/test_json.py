"""The JSON export: versioned, schema-valid, byte-stable, and read back to an equal timeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

import timeline
import timeline._cli
from tests.factories import HOSTILE, chronology, event, rich, timelines
from timeline import FormatError, InvalidTimeline, Timeline
from timeline.formats import _json as timeline_json

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schemas" / "timeline-v2.json"
V1_SCHEMA_FILE = ROOT / "schemas" / "timeline-v1.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def document(chronology: Timeline) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(timeline_json.to_json(chronology).encode())
    return loaded


# -- the committed schema ------------------------------------------------------------------------


def test_committed_schema_matches_the_models() -> None:
    """Fails when a model changes and schemas/timeline-v2.json was not regenerated."""
    assert SCHEMA_FILE.read_bytes() == timeline_json.schema_bytes(), (
        "regenerate it: python -m timeline.formats._json > schemas/timeline-v2.json"
    )


def test_schema_is_draft_2020_12_and_names_its_version() -> None:
    schema = timeline_json.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == timeline_json.SCHEMA_ID
    assert schema["properties"]["schema"] == {
        "const": timeline_json.SCHEMA_ID,
        "description": "The format version; a reader refuses versions it does not know.",
    }
    assert {"Event", "Source", "Place", "Vote", "Link", "Timeline"} <= schema["$defs"].keys()
    assert "events" not in schema["$defs"]["Timeline"]["properties"]


def test_module_prints_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline.formats._json"], capture_output=True, check=True
    )
    assert result.stdout == SCHEMA_FILE.read_bytes()


# -- writing -------------------------------------------------------------------------------------


def test_rich_document_is_valid_and_reads_back_equal(validator: Draft202012Validator) -> None:
    chronology = rich()
    data = timeline_json.to_json(chronology).encode()
    validator.validate(json.loads(data))
    assert timeline_json.read(data, "x.json") == chronology


def test_layout_is_stable_indented_utf8_with_a_final_newline() -> None:
    data = timeline_json.to_json(rich()).encode()
    assert data == timeline_json.to_json(rich()).encode()
    text = data.decode("utf-8")
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert '\n  "timeline": {\n    "title": "Central Asia and Russia, 2022\u20132023",' in text
    assert list(json.loads(text)) == ["schema", "timeline", "events"]
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_fields_are_written_in_model_order_with_canonical_dates() -> None:
    data = document(rich())
    assert data["schema"] == timeline_json.SCHEMA_ID
    assert list(data["timeline"]) == [
        "title",
        "description",
        "timezone",
        "updated",
        "organisations",
    ]
    first = data["events"][0]
    assert list(first) == list(timeline.Event.model_fields)
    whens = [item["when"] for item in data["events"]]
    assert whens == [str(item.when) for item in rich()]
    assert "2022-10-13T09:50+06:00[Asia/Almaty]" in whens
    assert "2022-08~" in whens


def test_dictionaries_are_sorted_so_input_order_never_shows() -> None:
    positions = {"RU": "no", "KZ": "abstain", "BY": "no"}
    vote = timeline.Vote(body="UNGA", yes=0, no=2, abstain=1, positions=positions)
    one = chronology(
        event("v", kind=timeline.Kind.VOTE, vote=vote), organisations={"ZZX": "z", "AAX": "a"}
    )
    data = document(one)
    assert list(data["events"][0]["vote"]["positions"]) == ["BY", "KZ", "RU"]
    assert list(data["timeline"]["organisations"]) == ["AAX", "ZZX"]


def test_hostile_text_round_trips_unchanged() -> None:
    for text in HOSTILE:
        one = chronology(event(title=text, summary=text), title=text, description=text)
        assert timeline_json.read(timeline_json.to_json(one).encode(), None) == one


def test_load_reads_an_exported_file(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(timeline.to_json(rich()), encoding="utf-8")
    assert timeline.load(path) == rich()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5))
def test_generated_timelines_validate_and_round_trip(chronology: Timeline) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = timeline_json.to_json(chronology).encode()
    Draft202012Validator(schema).validate(json.loads(data))
    again = timeline_json.read(data, None)
    assert again == chronology
    assert timeline_json.to_json(again).encode() == data


# -- reading: located errors ---------------------------------------------------------------------


def exported() -> list[str]:
    return timeline_json.to_json(chronology(event("first"), event("second"))).splitlines()


def line_of(lines: list[str], fragment: str, after: int = 0) -> int:
    """The 1-based number of the first line at or after `after` containing `fragment`."""
    for number, line in enumerate(lines[after:], start=after + 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def read_lines(lines: list[str]) -> Timeline:
    return timeline_json.read("\n".join(lines).encode("utf-8"), "x.json")


def test_syntax_error_gives_the_line() -> None:
    lines = exported()
    broken = line_of(lines, '"title": "Sixth CICA summit"')
    lines[broken - 1] = lines[broken - 1].rstrip(",")
    with pytest.raises(FormatError) as caught:
        read_lines(lines)
    where = caught.value.problem.location
    assert (where.file, where.line) == ("x.json", broken + 1)
    assert "invalid JSON" in str(caught.value)


def test_field_error_gives_line_event_and_field() -> None:
    lines = exported()
    second = line_of(lines, '"id": "second"')
    kind = line_of(lines, '"kind": "summit"', after=second)
    lines[kind - 1] = lines[kind - 1].replace("summit", "sumit")
    with pytest.raises(InvalidTimeline) as caught:
        read_lines(lines)
    (problem,) = caught.value.problems
    assert problem.location.line == kind
    assert problem.location.event_id == "second"
    assert problem.location.field == "kind"
    assert "'sumit' is not an accepted value" in problem.message


def test_nested_field_error_is_located_inside_the_event() -> None:
    lines = exported()
    second = line_of(lines, '"id": "second"')
    publisher = line_of(lines, '"publisher": "Reuters"', after=second)
    lines[publisher - 1] = lines[publisher - 1].replace('"Reuters"', "42")
    with pytest.raises(InvalidTimeline) as caught:
        read_lines(lines)
    located = [(p.location.line, p.location.field) for p in caught.value.problems]
    assert (publisher, "sources[0].publisher") in located


def test_missing_field_points_at_the_event() -> None:
    lines = exported()
    second = line_of(lines, '"id": "second"')
    title = line_of(lines, '"title":', after=second)
    del lines[title - 1]
    with pytest.raises(InvalidTimeline) as caught:
        read_lines(lines)
    (problem,) = caught.value.problems
    assert problem.location.line == second - 1, "the line of the event's opening brace"
    assert "missing required field 'title'" in problem.message


def test_unknown_top_level_key_is_reported() -> None:
    data = document(rich())
    data["extra"] = 1
    with pytest.raises(InvalidTimeline, match="unknown top-level key 'extra'") as caught:
        timeline_json.read(json.dumps(data, indent=2).encode(), "x.json")
    assert caught.value.problems[0].location.line is not None


def test_duplicate_key_is_refused_with_its_line() -> None:
    lines = exported()
    second = line_of(lines, '"id": "second"')
    lines.insert(second, '      "id": "again",')
    with pytest.raises(FormatError, match="'id' is given twice") as caught:
        read_lines(lines)
    assert caught.value.problem.location.line == second + 1


@pytest.mark.parametrize("tail", ["}}}]]]", "x: 1,", '"\\q": 1', ",,"])
def test_duplicate_key_before_broken_text_is_located_without_a_traceback(tail: str) -> None:
    # json.loads stops at the repeated key, so the text after it was never checked
    lines = exported()
    second = line_of(lines, '"id": "second"')
    lines.insert(second, '      "id": "again",')
    lines.append(tail)
    with pytest.raises(FormatError, match="'id' is given twice") as caught:
        read_lines(lines)
    assert caught.value.problem.location.line == second + 1


@pytest.mark.parametrize(
    ("schema", "fragment"),
    [
        ("https://timeline.invalid/schemas/timeline-v3.json", "version 3 timeline document"),
        ("timeline/1", "unknown schema 'timeline/1'"),
        (3, "unknown schema 3"),
    ],
)
def test_unknown_schema_version_is_refused(schema: object, fragment: str) -> None:
    data = document(rich())
    data["schema"] = schema
    text = json.dumps(data, indent=2)
    with pytest.raises(FormatError, match=fragment) as caught:
        timeline_json.read(text.encode(), "x.json")
    assert caught.value.problem.location.line == 2
    assert timeline_json.SCHEMA_ID in str(caught.value) or "upgrade" in str(caught.value)


def test_missing_schema_is_refused_with_a_hint() -> None:
    data = document(rich())
    del data["schema"]
    with pytest.raises(FormatError, match="which version") as caught:
        timeline_json.read(json.dumps(data).encode(), None)
    assert timeline_json.SCHEMA_ID in (caught.value.problem.hint or "")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"[]", "a JSON object, not an array"),
        (b'"text"', "not a string"),
        (b"\xff{}", "not valid UTF-8"),
        (b'{"lat": NaN}', "NaN is not a JSON number"),
        (b"", "invalid JSON"),
    ],
)
def test_what_is_not_a_document_is_refused(data: bytes, fragment: str) -> None:
    with pytest.raises(FormatError, match=fragment):
        timeline_json.read(data, "x.json")


def test_byte_order_mark_is_accepted() -> None:
    assert (
        timeline_json.read(b"\xef\xbb\xbf" + timeline_json.to_json(rich()).encode(), None) == rich()
    )


def test_the_cli_reports_json_problems_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = exported()
    second = line_of(lines, '"id": "second"')
    kind = line_of(lines, '"kind": "summit"', after=second)
    lines[kind - 1] = lines[kind - 1].replace("summit", "sumit")
    path = tmp_path / "x.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert timeline._cli.main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{kind}" in err
    assert "event 'second'" in err
    assert "field 'kind'" in err
