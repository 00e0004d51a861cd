"""Problems are found in neutral terms and worded by the reader of the file's format.

The same mistake written in TOML, JSON, a spreadsheet and a calendar carries the same facts
(code, field, structured suggestion); only the hint's syntax differs, each in its format's words.
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from tests.factories import HEADER, chronology, event, event_toml
from timeline import InvalidTimeline, Kind, Problem, Status, Suggestion
from timeline._cli import main
from timeline._errors import counted
from timeline._occurrences import occurrences

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


# -- a refused date: what was wrong in one line, the list of forms in the docs --------------------

DOCS = Path(__file__).parent.parent / "docs" / "authoring.md"


@pytest.mark.parametrize(
    "when", ['"13 Octobr 2022"', '"sometime last year"', '"2022-13-01"', '"next blue moon"']
)
def test_a_refused_date_is_one_line_that_points_to_the_docs(when: str) -> None:
    problem = only_problem(as_toml(when=when), "toml")
    assert problem.code == "date"
    assert "\n" not in problem.message
    assert len(str(problem)) < 250, str(problem)  # it was about 700 characters
    assert problem.hint is not None
    assert 'docs/authoring.md, section "Dates"' in problem.hint
    assert "\n## Dates\n" in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "meant"),
    [("20210618", "2021-06-18"), ("202106", "2021-06"), ("2022", "2022")],
)
def test_a_date_written_as_a_number_is_told_the_text_that_is_read(number: str, meant: str) -> None:
    problem = only_problem(as_toml(when=number), "toml")
    assert problem.message == f"the bare number {number} is not a date"
    assert problem.hint is not None
    assert f'"{meant}"' in problem.hint
    timeline.loads(as_toml(when=f'"{meant}"'), format="toml")  # the hint works


def test_an_unknown_precision_is_told_the_one_meant() -> None:
    with pytest.raises(timeline.DateError, match="did you mean 'day'"):
        timeline.Point(date(2022, 10, 13), "dya")  # type: ignore[arg-type]


def test_a_files_timezone_key_given_to_an_event_in_code_says_how_code_gives_a_zone() -> None:
    """A file's event may say `timezone`, which its reader applies to `when`; an `Event` built
    in code has no such field, and "did you mean 'timezone'?" would name the very key."""
    with pytest.raises(InvalidTimeline) as caught:
        timeline.Event(**event().model_dump(), timezone="Asia/Almaty")  # type: ignore[call-arg]
    (problem,) = caught.value.problems
    assert (problem.location.field, problem.code) == ("timezone", "unknown-field")
    assert problem.hint is not None
    assert "When.parse(text, zone=...)" in problem.hint
    assert "did you mean" not in problem.hint


def test_a_misspelt_timezone_in_a_file_is_still_told_the_key_meant() -> None:
    problem = only_problem(HEADER + event_toml(timzone='"UTC"'), "toml")
    assert problem.location.field == "timzone"
    assert "'timezone'" in str(problem)


# -- a web address -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://example.org/<a>", "cannot hold '<': write it as %3C"),
        ("https://example.org/a b", "cannot hold ' ': write it as %20"),
        ('https://example.org/"a"', "cannot hold '\"': write it as %22"),
        ("example.org/a", "starting with http:// or https://"),
    ],
)
def test_a_refused_web_address_is_told_what_is_wrong(url: str, words: str) -> None:
    escaped = url.replace('"', '\\"')
    problem = only_problem(
        as_toml(
            f'\n[[events.sources]]\npublisher = "R"\ntitle = "T"\nurl = "{escaped}"\n',
            sources=False,
        ),
        "toml",
    )
    assert problem.code == "url"
    assert problem.hint is not None
    assert words in problem.hint
    assert "without spaces" not in problem.hint


# -- "did you mean" for every closed vocabulary ----------------------------------------------------

MISSPELT = {
    "kind": ("vist", "visit"),
    "status": ("canceled", "cancelled"),
}


@pytest.mark.parametrize("field", list(MISSPELT))
@pytest.mark.parametrize("fmt", ["toml", "json", "csv"])
def test_a_misspelt_word_is_told_the_word_meant(field: str, fmt: str) -> None:
    wrong, right = MISSPELT[field]
    if fmt == "toml":
        text = as_toml(f'status = "{wrong}"') if field == "status" else as_toml()
        text = text.replace('kind = "summit"', f'kind = "{wrong}"') if field == "kind" else text
    else:
        good = {"kind": "summit", "status": "occurred"}[field]
        text = written(fmt)
        if fmt == "json":
            text = text.replace(f'"{field}": "{good}"', f'"{field}": "{wrong}"')
        else:
            text = text.replace(f",{good},", f",{wrong},", 1)
    problem = only_problem(text, fmt)
    assert problem.hint == f"did you mean {right!r}?"


def test_a_misspelt_relation_and_vote_position_are_told_the_word_meant() -> None:
    links = '\n[[events.links]]\nrel = "folows"\ntarget = "b"\n'
    text = as_toml(links).replace("\n[[events.sources]]", "\n[[events.sources]]", 1)
    text += '\n[[events]]\nid = "b"\ntitle = "B"\nwhen = "2022-10-12"\nkind = "summit"\n'
    text += '\n[[events.sources]]\npublisher = "R"\ntitle = "T"\n'
    problem = only_problem(text, "toml")
    assert problem.hint == "did you mean 'follows'?"
    vote = (
        '\n[events.vote]\nbody = "UN"\nyes = 0\nno = 0\nabstain = 1\n'
        'positions = { KZ = "abstian" }\n'
    )
    problem = only_problem(as_toml().replace('kind = "summit"', 'kind = "vote"') + vote, "toml")
    assert problem.hint == "did you mean 'abstain'?"


#: Every word of the vocabularies a file writes, long enough that a missing letter is a slip.
WORDS = [
    (str(word.value), field)
    for field, words in (("kind", Kind), ("status", Status))
    for word in words
]


@given(st.sampled_from([pair for pair in WORDS if len(pair[0]) >= 5]), st.data())
def test_any_word_missing_a_letter_is_told_the_word(
    pair: tuple[str, str], data: st.DataObject
) -> None:
    word, field = pair
    gone = data.draw(st.integers(0, len(word) - 1))
    misspelt = word[:gone] + word[gone + 1 :]
    text = as_toml(f'status = "{misspelt}"') if field == "status" else as_toml()
    if field == "kind":
        text = text.replace('kind = "summit"', f'kind = "{misspelt}"')
    problem = only_problem(text, "toml")
    assert problem.hint == f"did you mean {word!r}?"


def test_selecting_a_misspelt_kind_is_told_the_kind_meant() -> None:
    loaded = timeline.loads(as_toml(), format="toml")
    with pytest.raises(timeline.SelectionError, match="did you mean 'visit'"):
        loaded.select(kinds=["vist"])


def test_the_command_line_names_the_kind_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.toml"
    path.write_text(as_toml(), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["show", str(path), "--kind", "vist", "--status", "occurred"])
    assert stopped.value.code == 2
    assert "'vist' is not a kind; did you mean 'visit'?" in capsys.readouterr().err


# -- one word for a list, a relative selection -------------------------------------------------


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_one_participant_written_alone_is_told_to_write_a_list(fmt: str) -> None:
    if fmt == "toml":
        text = as_toml('participants = "MM"')
    else:
        text = written("json").replace('"participants": []', '"participants": "MM"')
    problem = only_problem(text, fmt)
    assert problem.location.field == "participants"
    assert problem.message == "'MM' is one text, not a list"
    assert problem.hint == 'write a list, even of one: ["MM"]'
    assert "valid tuple" not in str(problem)


def test_a_relative_selection_is_told_to_write_the_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.toml"
    path.write_text(as_toml(), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["show", str(path), "--from", "last week"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "'last week' is relative" in err
    assert "write the dates it means, e.g. 2022-10-03" in err
    assert "as_of" not in err  # an event's field: nothing a selection has
    with pytest.raises(timeline.SelectionError, match="write the dates it means"):
        timeline.loads(as_toml(), format="toml").select(start="last week")


# -- calendars ---------------------------------------------------------------------------------

CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def test_a_floating_time_in_a_calendar_is_told_what_a_calendar_writes() -> None:
    body = "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20221013T095000\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
    with pytest.warns(timeline.LikelyMistake) as caught:
        timeline.loads(CALENDAR.format(body=body), format="ics", source="a.ics")
    (said,) = [str(item.message) for item in caught]
    assert "TZID" in said
    assert "X-WR-TIMEZONE" in said
    assert "--zone" in said
    assert "timezone =" not in said  # a TOML file's words


FLOATING = {
    "toml": (as_toml(when="2022-10-13T09:50:00"), 'add timezone = "Asia/Almaty"'),
    "json": (
        written("json").replace('"2022-10-13"', '"2022-10-13T09:50"', 1),
        'add "timezone": "Asia/Almaty"',
    ),
    "csv": (
        written("csv").replace(",2022-10-13,", ",2022-10-13T09:50,"),
        "fill in the row's timezone",
    ),
    "ics": (
        CALENDAR.format(
            body="BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20221013T095000\r\nSUMMARY:A\r\nEND:VEVENT\r\n"
        ),
        "give DTSTART a TZID",
    ),
}


@pytest.mark.parametrize("fmt", list(FLOATING))
def test_a_floating_time_is_worded_for_each_format(fmt: str) -> None:
    text, words = FLOATING[fmt]
    with pytest.warns(timeline.LikelyMistake, match="has no zone") as caught:
        timeline.loads(text, format=fmt, source=f"events.{fmt}")
    (said,) = [str(item.message) for item in caught]
    assert words in said
    others = [w for f, (_, w) in FLOATING.items() if f != fmt]
    assert not any(other in said for other in others), "one format's words only"


def test_an_event_misnamed_by_a_space_is_told_so() -> None:
    body = "BEGIN:VEVENT \r\nUID:a\r\nDTSTART:20221013\r\nSUMMARY:A\r\nEND:VEVENT \r\n"
    with pytest.raises(timeline.FormatError) as caught:
        timeline.loads(CALENDAR.format(body=body), format="ics", source="a.ics")
    problem = caught.value.problem
    assert problem.message == "no events (VEVENT) to read: it holds 1 component named 'VEVENT '"
    assert problem.hint == "write BEGIN:VEVENT and END:VEVENT with nothing else on their lines"


def test_events_a_calendar_leaves_out_are_not_counted_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.toml"
    second = '\n[[events]]\nid = "b"\ntitle = "B"\nwhen = "2022-10"\nkind = "summit"\n'
    second += '\n[[events.sources]]\npublisher = "R"\ntitle = "T"\n'
    path.write_text(as_toml() + second, encoding="utf-8")
    target = tmp_path / "out.ics"
    assert main(["export", str(path), "-o", str(target), "--imprecise", "skip"]) == 0
    err = capsys.readouterr().err
    assert "left 1 month- or year-precision event out" in err
    assert err.endswith(f"wrote {target} (ics, 1 event)\n")  # it said 2 events


# -- plurals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 occurrences"), (1, "1 occurrence"), (2, "2 occurrences")]
)
def test_a_count_agrees_with_its_noun(count: int, expected: str) -> None:
    assert counted(count, "occurrence") == expected


def test_one_occurrence_in_a_window_is_one_occurrence(tmp_path: Path) -> None:
    body = (
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20221013\r\nRRULE:FREQ=YEARLY;COUNT=5\r\n"
        "SUMMARY:A\r\nEND:VEVENT\r\n"
    )
    path = tmp_path / "a.ics"
    path.write_text(CALENDAR.format(body=body), encoding="utf-8")
    # a series is read whole, with no note of what a window read; its occurrences are listed
    # when asked, as many as there are
    with warnings.catch_warnings():
        warnings.simplefilter("error", timeline.TimelineWarning)
        loaded = timeline.load(path)
    found = occurrences(loaded, date(2022, 1, 1), date(2022, 12, 31))["a"]
    assert [each.when.first_day for each in found] == [date(2022, 10, 13)]


def test_one_country_listed_against_the_tally_is_one_country() -> None:
    vote = {"body": "UN", "yes": 0, "no": 0, "abstain": 1, "positions": {"KZ": "yes"}}
    with pytest.raises(ValueError, match="1 country is listed as voting 'yes'"):
        event("v", kind=Kind.VOTE, vote=vote)


def test_a_body_of_one_member_is_one_member() -> None:
    vote = {"body": "A council", "yes": 1, "no": 1, "abstain": 0, "members": 1}
    with pytest.raises(ValueError, match="the body has 1 member;"):
        event("v", kind=Kind.VOTE, vote=vote)


def test_a_relative_date_in_python_is_told_how_to_give_its_day() -> None:
    with pytest.raises(timeline.MissingReference) as caught:
        timeline.When.parse("last Thursday")
    assert caught.value.hint is not None
    assert "reference=date(" in caught.value.hint
    read = timeline.When.parse("last Thursday", reference=date(2022, 10, 16))
    assert str(read) == "2022-10-13"
