"""Malformed files: each gives a located message (file, line, event id, field) and exit 1.

The library raises one of our exceptions with structured problems; the command line prints them
and never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import timeline
from tests.helpers import HEADER, WriteToml, event, run_cli
from timeline._cli import main

# name -> (file text, expected line, expected event id, expected field, fragment of the message)
MALFORMED: dict[str, tuple[str, int | None, str | None, str | None, str]] = {
    "toml-syntax": (HEADER + 'title = "unterminated\n', 4, None, None, "invalid toml"),
    "missing-timeline-table": (event(), 1, None, None, "[timeline] table is missing"),
    "missing-title": (
        HEADER + event().replace('title = "An event"\n', ""),
        4,  # a missing key is located at the start of its event
        "cica-summit",
        "title",
        "missing required field 'title'",
    ),
    "misspelt-field": (
        HEADER + event(summery='"typo"'),
        9,
        "cica-summit",
        "summery",
        "did you mean 'summary'",
    ),
    "29-february-2023": (
        HEADER + event(when='"2023-02-29"'),
        7,
        "cica-summit",
        "when",
        "2023",
    ),
    "end-before-start": (
        HEADER + event(when='"2022-10-13/2022-10-01"'),
        7,
        "cica-summit",
        "when",
        "before",
    ),
    "unknown-month": (
        HEADER + event(when='"13 Octobr 2022"'),
        7,
        "cica-summit",
        "when",
        "octobr",
    ),
    "unknown-kind": (
        HEADER + event().replace('kind = "summit"', 'kind = "sumit"'),
        8,
        "cica-summit",
        "kind",
        "'sumit' is not an accepted value",
    ),
    "unknown-status": (
        HEADER + event(status='"happened"'),
        9,
        "cica-summit",
        "status",
        "'happened' is not an accepted value",
    ),
    "duplicate-id": (HEADER + event() + "\n" + event(), 17, "cica-summit", "id", "duplicate id"),
    "dangling-link": (
        HEADER + event() + '\n[[events.links]]\nrel = "part-of"\ntarget = "nowhere"\n',
        18,
        "cica-summit",
        "links[0].target",
        "unknown event 'nowhere'",
    ),
    "part-of-cycle": (
        HEADER
        + event("a")
        + '[[events.links]]\nrel = "part-of"\ntarget = "b"\n\n'
        + event("b")
        + '[[events.links]]\nrel = "part-of"\ntarget = "a"\n',
        None,  # anywhere, as long as there is a line
        "a",
        "links",
        "cycle",
    ),
    "bad-country-code": (
        HEADER + event().replace('["KZ", "RU", "CICA"]', '["KZK", "RU"]'),
        9,
        "cica-summit",
        "participants[0]",
        "unknown organisation 'KZK'",
    ),
    "unknown-country": (
        HEADER + event().replace('["KZ", "RU", "CICA"]', '["QQ"]'),
        9,
        "cica-summit",
        "participants[0]",
        "not an iso 3166-1",
    ),
    "unknown-organisation": (
        HEADER + event().replace('["KZ", "RU", "CICA"]', '["KZ", "XYZO"]'),
        9,
        "cica-summit",
        "participants[1]",
        "unknown organisation 'XYZO'",
    ),
    "no-sources": (
        HEADER + event().split("[[events.sources]]")[0] + "sources = []\n",
        None,  # anywhere, as long as there is a line
        "cica-summit",
        "sources",
        "no source given",
    ),
    "vote-does-not-add-up": (
        HEADER
        + event().replace('kind = "summit"', 'kind = "vote"')
        + '\n[events.vote]\nbody = "UN General Assembly"\nyes = 141\nno = 5\nabstain = 35\n'
        + "absent = 11\nmembers = 193\n",
        16,
        "cica-summit",
        "vote",
        "= 192, but the body has 193",
    ),
    "vote-on-a-summit": (
        HEADER + event() + '\n[events.vote]\nbody = "UNGA"\nyes = 1\nno = 0\nabstain = 0\n',
        4,
        "cica-summit",
        None,
        "needs kind = 'vote'",
    ),
    "time-without-zone": (
        "[timeline]\ntitle = 'No zone'\n" + event(when="2022-10-13T09:50:00"),
        6,
        "cica-summit",
        "when",
        "time zone",
    ),
    "unknown-zone": (
        HEADER + event(when="2022-10-13T09:50:00", timezone='"Asia/Astana_City"'),
        7,
        "cica-summit",
        "when",
        "asia/astana_city",
    ),
    "bad-url": (
        HEADER + event() + 'url = "not a url"\n',
        15,
        "cica-summit",
        "sources[0].url",
        "not a web address",
    ),
    "bad-id": (
        HEADER + event(id="CICA Summit"),
        5,
        "CICA Summit",
        "id",
        "not a valid slug",
    ),
    "latitude-without-longitude": (
        HEADER + event(place='{ name = "Astana", lat = 51.1 }'),
        9,
        "cica-summit",
        "place",
        "both lat and lon",
    ),
    "events-not-an-array": ('events = "many"\n' + HEADER, 1, None, "events", "array of tables"),
    "unknown-timeline-field": (
        HEADER + 'titel = "typo"\n',
        4,
        None,
        "timeline.titel",
        "did you mean 'title'",
    ),
    "not-utf8": ("", 2, None, None, "not valid utf-8"),
}


def _write(write_toml: WriteToml, name: str) -> Path:
    text = MALFORMED[name][0]
    if name == "not-utf8":
        path = write_toml("")
        path.write_bytes(b'[timeline]\ntitle = "caf\xe9"\n')
        return path
    return write_toml(text)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_library_reports_a_located_problem(write_toml: WriteToml, name: str) -> None:
    _, line, event_id, field, fragment = MALFORMED[name]
    path = _write(write_toml, name)
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


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_command_line_exits_1_with_location(
    write_toml: WriteToml, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(write_toml, name)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:" in captured.err
    assert "Traceback" not in captured.err


def test_every_problem_is_reported_at_once(write_toml: WriteToml) -> None:
    text = (
        HEADER
        + event("first", when='"2023-02-29"')
        + "\n"
        + event("second").replace('kind = "summit"', 'kind = "sumit"')
        + "\n"
        + event("first")
    )
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    problems = caught.value.problems
    fields = [(p.location.event_id, p.location.field) for p in problems]
    assert ("first", "when") in fields
    assert ("second", "kind") in fields
    # the first "first" failed its own checks, but it was written: the second one reuses its id
    duplicate = next(p for p in problems if p.location.field == "id")
    assert (duplicate.location.event_id, duplicate.location.line) == ("first", 29)
    assert "duplicate id 'first'" in duplicate.message
    assert [p.location.line for p in problems] == sorted(p.location.line or 0 for p in problems)


def test_missing_file_is_reported_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "absent.toml")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_unknown_suffix_names_the_accepted_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("x")
    assert main(["check", str(path)]) == 1
    assert ".toml" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["show"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["show", "x.toml", "--from", "32 October 2022"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_installed_script_prints_no_traceback(write_toml: WriteToml) -> None:
    path = write_toml(HEADER + event(when='"2023-02-29"'))
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:7: event 'cica-summit', field 'when'" in result.stderr


def test_an_invalid_source_is_not_also_reported_as_missing(write_toml: WriteToml) -> None:
    text = HEADER + event().replace('title = "An article"\n', "")
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    assert [p.location.field for p in caught.value.problems] == ["sources[0].title"]


def test_a_link_to_an_invalid_event_is_not_called_unknown(write_toml: WriteToml) -> None:
    linked = event("drill").replace('kind = "summit"', 'kind = "sumit"')
    linking = event("announcement", links='[{ target = "drill", rel = "follows" }]')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + linked + "\n" + linking))
    # the misspelt kind is the one problem; "drill" exists, so the link to it resolves
    assert [(p.location.event_id, p.location.field) for p in caught.value.problems] == [
        ("drill", "kind")
    ]


def test_an_iso_date_cut_short_is_read_as_iso(write_toml: WriteToml) -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + event(when='"2022-10-"')))
    (problem,) = caught.value.problems
    assert "cannot read '2022-10-' as an ISO 8601 date" in problem.message
    assert (problem.location.line, problem.location.field) == (7, "when")


def test_a_missing_field_hint_says_how_to_write_that_field(write_toml: WriteToml) -> None:
    text = (
        HEADER
        + '[[events]]\nid = "a"\nsources = [{ publisher = "P" }]\n'
        + 'links = [{ rel = "follows" }]\n[events.vote]\nbody = "UNGA"\nno = 1\nabstain = 0\n'
    )
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    hints = {problem.location.field: problem.hint for problem in caught.value.problems}
    assert hints["title"] == 'add title = "..."'
    assert "13 October 2022" in (hints["when"] or "")
    assert "'military-exercise'" in (hints["kind"] or "")
    assert hints["sources[0].title"] == 'add title = "..."'
    assert hints["links[0].target"] == "add target = the id of the event linked to"
    assert hints["vote.yes"] == "add yes = a whole number"
    # the hint names what the field takes, not every other field of the model
    assert not any("expected one of" in (hint or "") for hint in hints.values())


def test_a_field_under_a_writers_word_is_one_problem_not_two(write_toml: WriteToml) -> None:
    text = HEADER + event().replace("when = ", "date = ").replace("kind = ", "type = ")
    text += '\n[[events.links]]\nrelation = "follows"\nto = "cica-summit"\n'
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    reported = [(p.location.field, p.hint) for p in caught.value.problems]
    # no "missing required field 'when'" beside "unknown field 'date'"
    assert reported == [
        ("date", "did you mean 'when'?"),
        ("type", "did you mean 'kind'?"),
        ("links[0].relation", "did you mean 'rel'?"),
        ("links[0].to", "did you mean 'target'?"),
    ]


def test_an_unknown_field_with_no_likely_meaning_lists_the_fields(write_toml: WriteToml) -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + event(colour='"red"')))
    (problem,) = caught.value.problems
    assert problem.message == "unknown field 'colour'"
    assert problem.hint is not None
    assert problem.hint.startswith("expected one of: id, title, when")


def test_the_timeline_table_is_checked_with_the_events_not_after_them(
    write_toml: WriteToml,
) -> None:
    header = '[timeline]\ntitle = "Zones"\ntimezone = "Europe"\n'  # a folder of zones, not one
    text = header + event(place='{ name = "Astana", timezone = "Asia/Almati" }')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    first, second = caught.value.problems
    assert (first.location.line, first.location.field) == (3, "timeline.timezone")
    assert first.message == "unknown time zone 'Europe'"
    assert (second.location.event_id, second.location.field) == ("cica-summit", "place.timezone")
    # a date's or a zone's hint stays a hint, not a parenthesis in the message
    assert second.message == "unknown time zone 'Asia/Almati'; did you mean Asia/Almaty?"
    assert second.hint is not None
    assert second.hint.startswith("name an IANA time zone")


def test_a_sources_bad_date_has_its_hint_apart(write_toml: WriteToml) -> None:
    text = HEADER + event().replace("published = 2022-10-17", 'published = "2023-02-29"')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    (problem,) = caught.value.problems
    assert problem.location.field == "sources[0].published"
    assert problem.message == "29 February 2023 does not exist: 2023 is not a leap year"
    assert problem.hint == "check the day against a calendar"
