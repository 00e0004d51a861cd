"""JSON version 2: series, occurrences, `uid` and `carried` written and read back equal, valid
against the committed schema; version 1 documents still read, as published."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from tests.factories import rich
from tests.series_factories import series_timelines
from timeline import InvalidTimeline, Timeline
from timeline.formats import _json as timeline_json

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NEW_KEYS = ("repeats", "series", "occurrence", "uid", "carried")

#: schemas/timeline-v1.json as version 1 was published: it never changes.
PUBLISHED_V1 = "d2fd951f9162a11dd79498c2d9e17030be619f7e71c25e158be151016c7e547e"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def as_version_1(chronology: Timeline) -> dict[str, Any]:
    """The document version 1 would have written: no field of version 2."""
    document: dict[str, Any] = json.loads(timeline_json.to_json(chronology))
    document["schema"] = timeline_json.SCHEMA_V1
    for item in document["events"]:
        for key in NEW_KEYS:
            del item[key]
    return document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series_timelines())
def test_series_round_trip_and_are_valid_against_the_schema(chronology: Timeline) -> None:
    data = timeline_json.to_json(chronology).encode()
    validator("timeline-v2.json").validate(json.loads(data))
    again = timeline_json.read(data, None)
    assert again == chronology
    assert [event.repeats for event in again] == [event.repeats for event in chronology]
    assert [event.carried for event in again] == [event.carried for event in chronology]
    assert timeline_json.to_json(again).encode() == data


def test_every_event_has_every_field_of_version_2() -> None:
    document = json.loads(timeline_json.to_json(rich()))
    assert document["schema"] == "https://timeline.invalid/schemas/timeline-v2.json"
    for item in document["events"]:
        assert [item[key] for key in NEW_KEYS] == [None, None, None, None, {}]


def test_the_published_version_1_schema_is_unchanged() -> None:
    data = (SCHEMAS / "timeline-v1.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == PUBLISHED_V1
    schema = json.loads(data)
    assert schema["$id"] == timeline_json.SCHEMA_V1
    assert not set(NEW_KEYS) & schema["$defs"]["Event"]["properties"].keys()


def test_a_version_1_document_is_valid_against_its_schema_and_reads_back_equal() -> None:
    document = as_version_1(rich())
    validator("timeline-v1.json").validate(document)
    assert timeline_json.read(json.dumps(document, indent=2).encode(), "old.json") == rich()


@pytest.mark.parametrize("key", NEW_KEYS)
def test_a_version_2_field_in_a_version_1_document_is_refused_at_its_key(key: str) -> None:
    document = as_version_1(rich())
    value: object = {"ics": "CLASS:PRIVATE"} if key == "carried" else None
    document["events"][1][key] = value
    lines = json.dumps(document, indent=2).splitlines()
    with pytest.raises(InvalidTimeline) as caught:
        timeline_json.read("\n".join(lines).encode(), "old.json")
    (problem,) = caught.value.problems
    assert problem.code == "version"
    assert problem.location.event_id == document["events"][1]["id"]
    assert problem.location.field == key
    assert problem.location.line is not None
    assert f'"{key}"' in lines[problem.location.line - 1]
    assert problem.hint == f'write "schema": "{timeline_json.SCHEMA_ID}"'


def test_a_version_3_document_is_refused_naming_both_versions_read() -> None:
    document = as_version_1(rich())
    document["schema"] = "https://timeline.invalid/schemas/timeline-v3.json"
    with pytest.raises(Exception, match="reads versions 1 and 2 only"):
        timeline_json.read(json.dumps(document).encode(), "new.json")


def test_a_series_written_by_hand_in_json_takes_the_rule_alone() -> None:
    document = json.loads(timeline_json.to_json(rich()))
    first = document["events"][0]
    first["when"] = "2023-01-02"
    first["repeats"] = "FREQ=WEEKLY;COUNT=3"
    read = timeline_json.read(json.dumps(document).encode(), None)
    (series,) = [event for event in read if event.repeats is not None]
    assert series.repeats is not None
    assert series.repeats.rule == ("FREQ=WEEKLY;COUNT=3",)
