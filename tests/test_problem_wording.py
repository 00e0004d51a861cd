"""Problems are found in neutral terms and worded by the reader of the file's format.

The same mistake written in TOML, JSON, a spreadsheet and a calendar carries the same facts
(code, field, structured suggestion); only the hint's syntax differs, each in its format's words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import timeline
from tests.factories import chronology, event
from timeline import InvalidTimeline, Problem, Suggestion

SOURCE = Path(__file__).parent.parent / "src" / "timeline"


def only_problem(text: str, fmt: str) -> Problem:
    with pytest.raises(InvalidTimeline) as caught:
        timeline.loads(text, format=fmt, source=f"events.{fmt}")
    (problem,) = caught.value.problems
    return problem


def written(fmt: str, **fields: Any) -> str:
    """The one-event chronology in `fmt`, with `fields` changed in the event."""
    return timeline.formats.format_for(fmt).write(chronology(event("a", **fields))).decode()


def as_toml(extra: str = "", *, sources: bool = True, when: str = '"2022-10-13"') -> str:
    text = (
        '[timeline]\ntitle = "T"\n\n[[events]]\nid = "a"\ntitle = "A"\n'
        f'when = {when}\nkind = "summit"\n{extra}'
    )
    if sources:
        text += '\n[[events.sources]]\npublisher = "Reuters"\ntitle = "An article"\n'
    return text


# -- an unknown organisation ---------------------------------------------------------------------

UNKNOWN_ORGANISATION = {
    "toml": (as_toml('participants = ["KZ", "QQQ"]'), "declare it under [timeline.organisations]"),
    "json": (
        written("json", participants=("KZ",)).replace('"KZ"', '"KZ", "QQQ"', 1),
        'declare it in "timeline": {"organisations": {"QQQ": "its name"}}',
    ),
    "csv": (
        written("csv", participants=("KZ",)).replace(",KZ,", ",KZ; QQQ,"),
        "a CSV file cannot declare organisations of its own",
    ),
    "ics": (
        written("ics", participants=("KZ",)).replace(
            "X-TIMELINE-PARTICIPANTS:KZ", "X-TIMELINE-PARTICIPANTS:KZ,QQQ"
        ),
        "X-TIMELINE-ORGANISATION:QQQ;its name",
    ),
}


@pytest.mark.parametrize("fmt", list(UNKNOWN_ORGANISATION))
def test_an_unknown_organisation_is_worded_for_each_format(fmt: str) -> None:
    text, words = UNKNOWN_ORGANISATION[fmt]
    problem = only_problem(text, fmt)
    assert problem.code == "unknown-organisation"
    assert problem.suggestion is not None
    assert problem.suggestion.action == "declare"
    assert problem.suggestion.value == "QQQ"
    assert problem.hint is not None
    assert words in problem.hint
    others = [w for f, (_, w) in UNKNOWN_ORGANISATION.items() if f != fmt]
    assert not any(other in problem.hint for other in others), "one format's words only"


# -- a relative date with no day to read it against ------------------------------------------------


RELATIVE = {
    "toml": (as_toml(when='"last Thursday"'), "add as_of = the day the phrase was written"),
    "json": (
        written("json").replace('"when": "2022-10-13"', '"when": "last Thursday"'),
        'add "as_of": the day the phrase was written',
    ),
    "csv": (written("csv").replace(",2022-10-13,", ",last Thursday,"), "fill in as_of:"),
}


@pytest.mark.parametrize("fmt", list(RELATIVE))
def test_a_missing_reference_day_is_worded_for_each_format(fmt: str) -> None:
    text, words = RELATIVE[fmt]
    problem = only_problem(text, fmt)
    assert problem.code == "reference-day"
    assert problem.suggestion == Suggestion(
        "add",
        "as_of",
        "the day the phrase was written (e.g. 2022-10-16)",
        note="the event has no as_of and its first source no published day",
    )
    assert problem.hint is not None
    assert problem.hint.startswith("the event has no as_of and its first source no published day")
    assert words in problem.hint


# -- a missing field, and a missing list of sources ------------------------------------------------


def test_a_missing_title_in_toml_json_and_csv() -> None:
    toml_problem = only_problem(as_toml().replace('title = "A"\n', ""), "toml")
    json_problem = only_problem(
        written("json").replace('"title": "Sixth CICA summit",', ""), "json"
    )
    csv_problem = only_problem(written("csv").replace(",Sixth CICA summit,", ",,"), "csv")
    for problem in (toml_problem, json_problem, csv_problem):
        assert problem.code == "missing"
        assert problem.suggestion == Suggestion("add", "title")
    assert toml_problem.hint == 'add title = "..."'
    assert json_problem.hint == 'add "title": "..."'
    assert csv_problem.message == "the required cell 'title' is empty"
    assert csv_problem.hint == "fill in title"


def test_no_sources_in_toml_and_json() -> None:
    toml_problem = only_problem(as_toml(sources=False), "toml")
    json_text = written("json")
    start = json_text.index('"sources": [')
    end = json_text.index("]", start) + 1
    json_problem = only_problem(json_text[:start] + '"sources": []' + json_text[end:], "json")
    for problem in (toml_problem, json_problem):
        assert problem.suggestion is not None
        assert problem.suggestion.action == "tables"
        assert problem.suggestion.field == "sources"
    assert toml_problem.hint == (
        "every event cites at least one source; add [[events.sources]] with publisher and title"
    )
    assert json_problem.hint == (
        'every event cites at least one source; add "sources": [{...}], each object holding '
        "publisher and title"
    )


def test_a_misnamed_key_is_a_rename_in_every_format() -> None:
    toml_problem = only_problem(as_toml('date = "2022-10-13"').replace("when = ", "#"), "toml")
    json_problem = only_problem(written("json").replace('"when":', '"date":'), "json")
    for problem in (toml_problem, json_problem):
        assert problem.code == "unknown-field"
        assert problem.suggestion == Suggestion("rename", "when")
        assert problem.hint == "did you mean 'when'?"


def test_the_toml_reader_keeps_its_own_words_for_its_tables() -> None:
    problem = only_problem('events = "many"\n[timeline]\ntitle = "T"\n', "toml")
    assert problem.message == "`events` must be an array of tables"
    assert problem.code == "not-a-list"
    assert problem.found == "text"
    json_doc = '{"schema": "%s", "timeline": {"title": "T"}, "events": "many"}'
    json_problem = only_problem(json_doc % timeline.formats._json.SCHEMA_ID, "json")
    assert json_problem.message == "`events` must be a list of events"
    assert json_problem.hint is not None
    assert json_problem.hint.startswith('add "events": [{...}]')


# -- built in Python: the model's own terms ------------------------------------------------------


def test_a_timeline_built_in_python_gets_the_suggestion_in_the_models_terms() -> None:
    with pytest.raises(InvalidTimeline) as caught:
        chronology(event("a", participants=("QQQ",)))
    (problem,) = caught.value.problems
    assert problem.hint is None
    assert problem.advice == str(problem.suggestion)
    assert problem.advice is not None
    assert "[timeline" not in problem.advice
    assert "declare 'QQQ' in timeline.organisations" in problem.advice
    assert f"hint: {problem.advice}" in str(problem)


def test_no_code_matches_the_text_of_a_message() -> None:
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in ("message.startswith(", "in problem.message", "message.endswith("):
            assert pattern not in text, f"{path}: {pattern}"
