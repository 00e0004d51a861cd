"""The CSV format: spreadsheet files read with every problem located, written as RFC 4180.

The written bytes are checked twice: with Python's `csv` module and with `rfc4180_records`, a strict
parser of RFC 4180's grammar written here, which also refuses any quoting a minimal writer would
not have used. (polars would be a second real parser, but a ~30 MB dependency for one test.)
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import HOSTILE, chronology, event, rich, source, timelines
from tests.helpers import run_cli
from timeline import (
    FormatError,
    InvalidTimeline,
    Kind,
    Place,
    Problem,
    Timeline,
    Vote,
)
from timeline._cli import main
from timeline._errors import TimelineWarning
from timeline.formats import _csv as timeline_csv

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "events.toml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARACTERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# -- an independent, strict reading of RFC 4180 --------------------------------------------------


def rfc4180_records(data: bytes) -> list[list[str]]:
    """Parse exactly RFC 4180 (CRLF after every record, `"` doubled inside quoted fields).

    Stricter than the grammar in one way: a field may be quoted only if it must be (it holds a
    comma, a quote, CR or LF), because the writer promises minimal quoting.
    """
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff"), "no byte-order mark"
    records: list[list[str]] = []
    record: list[str] = []
    position = 0
    while position < len(text):
        if text[position] == '"':
            end = position + 1
            value = []
            while True:
                quote = text.index('"', end)
                value.append(text[end:quote])
                if text.startswith('""', quote):
                    value.append('"')
                    end = quote + 2
                    continue
                position = quote + 1
                break
            field = "".join(value)
            assert any(mark in field for mark in ',"\r\n'), f"needless quotes: {field!r}"
        else:
            end = position
            while end < len(text) and text[end] not in ',\r\n"':
                end += 1
            assert end == len(text) or text[end] != '"', "a quote inside an unquoted field"
            field, position = text[position:end], end
        record.append(field)
        if text.startswith(",", position):
            position += 1
        else:
            assert text.startswith("\r\n", position), f"record not ended by CRLF at {position}"
            position += 2
            records.append(record)
            record = []
    assert not record, "the last record must end with CRLF"
    return records


def stdlib_records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def rows_as_dicts(data: bytes) -> list[dict[str, str]]:
    header, *rows = rfc4180_records(data)
    return [dict(zip(header, row, strict=True)) for row in rows]


# -- writing -------------------------------------------------------------------------------------


def test_header_row_names_every_column_in_order() -> None:
    data = timeline_csv.to_csv(rich()).encode()
    assert data.startswith(b"id,title,when,when_text,as_of,kind,status,summary,place,country,")
    without_series = [
        name for name in timeline_csv.COLUMNS if name not in timeline_csv.SERIES_COLUMNS
    ]
    assert rfc4180_records(data)[0] == without_series


def test_writing_is_rfc4180_utf8_crlf_and_deterministic() -> None:
    data = timeline_csv.to_csv(rich()).encode()
    assert data == timeline_csv.to_csv(rich()).encode()
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert rfc4180_records(data) == stdlib_records(data)
    assert timeline.to_csv(rich()) == data.decode("utf-8")


def test_rich_timeline_is_laid_out_as_documented() -> None:
    rows = rows_as_dicts(timeline_csv.to_csv(rich()).encode())
    summit = [row for row in rows if row["id"] == "cica-summit"]
    assert len(summit) == 2, "two sources: the event's row and one continuation row"
    first, more = summit
    assert first["when"] == "2022-10-12/2022-10-13"
    assert first["participants"] == "KZ; RU; CICA"
    assert (first["lat"], first["lon"]) == ("51.1282", "71.4307")
    assert (first["source_publisher"], first["source_published"]) == ("Financial Times", "2022-10")
    assert {name for name, value in more.items() if value} == {
        "id",
        "source_publisher",
        "source_title",
        "source_url",
    }
    vote = next(row for row in rows if row["id"] == "un-vote")
    assert vote["links"] == "follows: cica-summit"
    assert (vote["vote_yes"], vote["vote_absent"], vote["vote_members"]) == ("143", "0", "")
    assert vote["vote_positions"] == "RU=no"
    timed = next(row for row in rows if row["id"] == "plenary")
    assert timed["when"] == "2022-10-13T09:50+06:00[Asia/Almaty]"
    assert next(row for row in rows if row["id"] == "drill")["status"] == "cancelled"


def test_vote_positions_are_written_in_country_order() -> None:
    positions = {"RU": "no", "KZ": "abstain", "BY": "no"}
    vote = Vote(body="UNGA", yes=0, no=2, abstain=1, positions=positions)
    rows = rows_as_dicts(
        timeline_csv.to_csv(chronology(event("v", kind=Kind.VOTE, vote=vote))).encode()
    )
    assert rows[0]["vote_positions"] == "BY=no; KZ=abstain; RU=no"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_like_text_is_guarded_and_read_back_unchanged(start: str) -> None:
    text = f'{start}HYPERLINK("https://evil.example","x")'
    one = chronology(event(title=text, summary=text, note=text, sources=(source(text, text),)))
    data = timeline_csv.to_csv(one).encode()
    row = rows_as_dicts(data)[0]
    (written,) = one.events
    # a summary and a note read a CR as a line break (the model does), so compare with theirs
    assert (row["summary"], row["note"]) == (guarded(written.summary), guarded(written.note or ""))
    (cited,) = written.sources
    # titles and publishers are trimmed by the model, so a leading tab or CR is gone already
    assert row["title"] == guarded(written.title)
    assert row["source_publisher"] == guarded(cited.publisher)
    assert row["source_title"] == guarded(cited.title)
    assert timeline_csv.read(data, None).events == one.events


def guarded(text: str) -> str:
    """What the writer must make of a text cell: one more `'` before a formula, else nothing.

    A formula starts with a tab or a carriage return, or with `=`, `+`, `-`, `@` or their
    full-width forms after any whitespace (tests/test_resources_parsers.py has every case).
    """
    unquoted = text.lstrip("'")
    formula = unquoted[:1] in ("\t", "\r") or unquoted.lstrip()[:1] in FORMULA_CHARACTERS
    return "'" + text if formula else text


@pytest.mark.parametrize(
    "text", ["'=1+1", "''-2", "'plain", "it's", "'", "a=b", "1-2", "' =1", "'\n\uff1d1"]
)
def test_quotes_of_the_data_survive_the_guard(text: str) -> None:
    one = chronology(event(summary=text))
    data = timeline_csv.to_csv(one).encode()
    assert rows_as_dicts(data)[0]["summary"] == guarded(text)
    assert timeline_csv.read(data, None).events == one.events


def test_numbers_are_written_as_numbers_and_text_that_looks_like_one_is_guarded() -> None:
    place = Place(name="-12.5", country="PE", lat=-12.5, lon=-77.0428)
    one = chronology(event(place=place, summary="-12.5"))
    data = timeline_csv.to_csv(one).encode()
    row = rows_as_dicts(data)[0]
    assert (row["lat"], row["lon"]) == ("-12.5", "-77.0428"), "a number, not '-12.5"
    assert (row["place"], row["summary"]) == ("'-12.5", "'-12.5"), "text stays text"
    assert b",-12.5,-77.0428," in data
    assert timeline_csv.read(data, None).events == one.events


def test_hostile_text_round_trips_unchanged() -> None:
    for text in HOSTILE:
        one = chronology(event(title=text, summary=text, note=text))
        assert timeline_csv.read(timeline_csv.to_csv(one).encode(), None).events == one.events


def test_declared_organisations_that_cannot_be_carried_give_a_warning() -> None:
    one = chronology(event(participants=("KZ", "ZZX")), organisations={"ZZX": "A made-up body"})
    with pytest.warns(TimelineWarning, match="ZZX"):
        timeline_csv.to_csv(one).encode()
    quiet = chronology(event(), organisations={"ZZX": "A made-up body"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        timeline_csv.to_csv(quiet).encode()


# -- round trips ---------------------------------------------------------------------------------


def test_shipped_chronology_round_trips_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "central-asia_2022.csv"
    assert main(["export", str(SHIPPED), "-o", str(target)]) == 0
    original = timeline.load(SHIPPED)
    again = timeline.load(target)
    assert again.events == original.events
    assert again.title == "central asia 2022"
    assert main(["check", str(target)]) == 0
    assert f"{target}: ok, {len(original)} events" in capsys.readouterr().out
    assert rfc4180_records(target.read_bytes()) == stdlib_records(target.read_bytes())
    assert timeline_csv.to_csv(again).encode() == target.read_bytes()


def test_build_writes_the_csv_too(tmp_path: Path) -> None:
    assert main(["build", str(SHIPPED), "-o", str(tmp_path)]) == 0
    assert timeline.load(tmp_path / "events.csv").events == timeline.load(SHIPPED).events


def test_title_comes_from_the_caller_before_the_file_name() -> None:
    data = timeline_csv.to_csv(rich()).encode()
    assert timeline_csv.read(data, "x/my_events-2022.CSV").title == "my events 2022"
    assert timeline_csv.read(data, "x.csv", title="Chosen").title == "Chosen"
    assert timeline_csv.read(data, None).title == "untitled"
    assert timeline.loads(data, format="csv").events == rich().events


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5))
def test_generated_timelines_round_trip(chronology: Timeline) -> None:
    data = timeline_csv.to_csv(chronology).encode()
    assert rfc4180_records(data) == stdlib_records(data)
    again = timeline_csv.read(data, None)
    assert again.events == chronology.events
    assert timeline_csv.to_csv(again).encode() == data


spreadsheet_text = st.text(alphabet="=+-@\t\r\n'\",; aZé0.", min_size=1, max_size=12).filter(
    lambda text: bool(text.strip())
)
coordinates = st.floats(min_value=-90, max_value=90, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(spreadsheet_text, spreadsheet_text, coordinates, coordinates)
def test_formula_characters_and_signed_numbers_round_trip(
    title: str, note: str, lat: float, lon: float
) -> None:
    title = " ".join(title.split())  # a title and a name are one line: no tab, CR or LF
    place = Place(name=title, lat=lat, lon=lon)
    vote = Vote(body=" ".join(note.split()), resolution=title, yes=1, no=0, abstain=0, members=1)
    one = chronology(
        event(title=title, summary=note, note=note, place=place, kind=Kind.VOTE, vote=vote)
    )
    data = timeline_csv.to_csv(one).encode()
    row = rows_as_dicts(data)[0]
    for column in ("title", "summary", "note", "place", "vote_body", "vote_resolution"):
        assert row[column][:1] not in FORMULA_STARTS, "no cell may start a formula"
        assert row[column].lstrip()[:1] not in FORMULA_CHARACTERS, "not after a space either"
    assert float(row["lat"]) == lat
    assert timeline_csv.read(data, None).events == one.events


# -- reading what spreadsheets save --------------------------------------------------------------

MINIMAL = (
    "id,title,when,kind,source_publisher,source_title\r\n"
    "cica-summit,Sixth CICA summit,2022-10-13,summit,Reuters,An article\r\n"
)


def read_text(text: str, **options: Any) -> Timeline:
    return timeline_csv.read(text.encode("utf-8"), "events.csv", **options)


def test_minimal_file_gives_defaults() -> None:
    (only,) = read_text(MINIMAL)
    assert only == event(sources=(source(),))


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: "\ufeff" + text, id="byte-order-mark"),
        pytest.param(lambda text: text.replace("\r\n", "\n"), id="lf"),
        pytest.param(lambda text: text.replace(",", ";"), id="semicolons"),
        pytest.param(lambda text: text.replace(",", "\t"), id="tabs"),
        pytest.param(lambda text: "sep=;\r\n" + text.replace(",", ";"), id="excel-sep-line"),
        pytest.param(lambda text: text + ",,,,,\r\n\r\n,,,,,\r\n", id="empty-rows"),
        pytest.param(lambda text: text.replace("\r\n", ",,\r\n"), id="empty-columns"),
        pytest.param(lambda text: text.replace("\r\n", ",,\r\n", 1), id="empty-header-cells"),
        pytest.param(lambda text: text.replace("\r\n", "\r"), id="old-mac-cr"),
    ],
)
def test_spreadsheet_variants_are_read(variant: object) -> None:
    assert callable(variant)
    assert list(read_text(variant(MINIMAL))) == list(read_text(MINIMAL))


def test_columns_may_come_in_any_order_and_any_case() -> None:
    text = (
        "Source_Title ; KIND;when;title;id;source_publisher;lat;lon;place\n"
        "An article;summit;2022-10-13;Sixth CICA summit;cica-summit;Reuters;"
        "51,1282;71,4307;Astana\n"
    )
    (only,) = read_text(text)
    assert only.place == Place(name="Astana", lat=51.1282, lon=71.4307)
    assert only.kind is Kind.SUMMIT


def test_cells_are_forgiving_about_spaces_and_empty_items() -> None:
    text = (
        "id,title,when,kind,participants,tags,links,source_publisher,source_title\n"
        "a,A, 2022-10 ,summit, KZ ;RU; ,x;,,P,T\n"
        'b,B,2022-11,summit,,,"follows:a ; part-of :  a",P,T\n'
    )
    first, second = read_text(text)
    assert (str(first.when), first.participants, first.tags) == ("2022-10", ("KZ", "RU"), ("x",))
    assert [(link.rel.value, link.target) for link in second.links] == [
        ("follows", "a"),
        ("part-of", "a"),
    ]


def test_quoted_cells_keep_line_breaks_and_quotes() -> None:
    text = MINIMAL.replace("id,title", "id,summary,title").replace(
        "cica-summit,Sixth", 'cica-summit,"Sixth\r\n""CICA"", summit",Sixth'
    )
    assert read_text(text).events[0].summary == 'Sixth\n"CICA", summit'  # CRLF read as LF


def test_continuation_rows_add_sources_in_order() -> None:
    text = MINIMAL + "cica-summit,,,,AP,Second\r\ncica-summit,,,,TASS,Third\r\n"
    publishers = [item.publisher for item in read_text(text).events[0].sources]
    assert publishers == ["Reuters", "AP", "TASS"]


# -- reading: every problem located --------------------------------------------------------------

HEADER = "id,title,when,kind,summary,links,source_publisher,source_title,source_published\n"


def row(
    event_id: str = "cica-summit",
    title: str = "Sixth CICA summit",
    when: str = "2022-10-13",
    kind: str = "summit",
    summary: str = "",
    links: str = "",
    publisher: str = "Reuters",
    source_title: str = "An article",
    published: str = "",
) -> str:
    return ",".join(
        [event_id, title, when, kind, summary, links, publisher, source_title, published]
    )


def vote_file(count: str) -> str:
    return (
        "id,title,when,kind,vote_body,vote_yes,vote_no,vote_abstain,source_publisher,"
        "source_title\n"
        f"un-vote,A vote,2022-10-12,vote,UNGA,{count},5,35,UN News,Resolution\n"
    )


# name -> (file bytes, expected line, event id, column, fragment of the message)
MALFORMED: dict[str, tuple[bytes, int, str | None, str | None, str]] = {
    "unknown-column": (
        (HEADER.replace("summary", "summery") + row() + "\n").encode(),
        1,
        None,
        "summery",
        "unknown column 'summery'",
    ),
    "missing-column": (
        (HEADER.replace(",kind", "") + row().replace(",summit", "") + "\n").encode(),
        1,
        None,
        "kind",
        "missing required column 'kind'",
    ),
    "duplicate-column": (
        (HEADER.replace("summary", "title") + row() + "\n").encode(),
        1,
        None,
        "title",
        "'title' is given twice",
    ),
    "bad-date": (
        (HEADER + row("a") + "\n" + row("b", when="2023-02-29") + "\n").encode(),
        3,
        "b",
        "when",
        "2023",
    ),
    "bad-kind": (
        (HEADER + row("a") + "\n" + row("b", kind="sumit") + "\n").encode(),
        3,
        "b",
        "kind",
        "'sumit' is not an accepted value",
    ),
    "continuation-row-with-extra-cells": (
        (HEADER + row() + "\n" + row(title="Another title", when="", kind="") + "\n").encode(),
        3,
        "cica-summit",
        "title",
        "continuation row",
    ),
    "bad-vote-number": (
        vote_file("many").encode(),
        2,
        "un-vote",
        "vote_yes",
        "valid integer",
    ),
    "negative-vote-number": (
        vote_file("-1").encode(),
        2,
        "un-vote",
        "vote_yes",
        "greater than or equal to 0",
    ),
    "duplicate-id-not-as-continuation": (
        (HEADER + row("a") + "\n" + row("b") + "\n" + row("a") + "\n").encode(),
        4,
        "a",
        "id",
        "duplicate id 'a'",
    ),
    "bad-encoding": (
        (HEADER + row() + "\n" + row("b", title="Caf\xe9 talks") + "\n").encode("cp1252"),
        3,
        None,
        None,
        "not valid UTF-8",
    ),
    "utf-16": (
        (HEADER + row() + "\n").encode("utf-16"),
        1,
        None,
        None,
        "UTF-16",
    ),
    "ragged-row": (
        (HEADER + row("a") + "\n" + row("b", title="Astana, Kazakhstan") + "\n").encode(),
        3,
        "b",
        None,
        "has 10 cells, but the header names 9 columns",
    ),
    "short-row": (
        (HEADER + row("a") + "\n" + "b,Title,2022\n").encode(),
        3,
        "b",
        None,
        "has 3 cells",
    ),
    "line-counts-line-breaks-in-cells": (
        (
            HEADER + row("a", summary='"one\ntwo\r\nthree"') + "\n" + row("b", kind="sumit") + "\n"
        ).encode(),
        5,
        "b",
        "kind",
        "'sumit' is not an accepted value",
    ),
    "empty-required-cell": (
        (HEADER + row(title="") + "\n").encode(),
        2,
        "cica-summit",
        "title",
        "the required cell 'title' is empty",
    ),
    "bad-date-on-a-continuation-row": (
        (HEADER + row() + "\ncica-summit,,,,,,AP,Second,13 Octobr 2022\n").encode(),
        3,
        "cica-summit",
        "source_published",
        "octobr",
    ),
    "continuation-row-without-a-source": (
        (HEADER + row() + "\ncica-summit,,,,,,AP,,\n").encode(),
        3,
        "cica-summit",
        "source_title",
        "the required cell 'source_title' is empty",
    ),
    "bad-link": (
        (HEADER + row("a") + "\n" + row("b", links="part-of a") + "\n").encode(),
        3,
        "b",
        "links",
        "'part-of a' is not a link",
    ),
    "dangling-link": (
        (HEADER + row("a", links="follows: nowhere") + "\n").encode(),
        2,
        "a",
        "links",
        "unknown event 'nowhere'",
    ),
    "no-header": (b"\r\n\r\n", 1, None, None, "no header row"),
}


def problems_of(error: FormatError | InvalidTimeline) -> tuple[Problem, ...]:
    return (error.problem,) if isinstance(error, FormatError) else error.problems


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_gives_a_located_problem(tmp_path: Path, name: str) -> None:
    data, line, event_id, column, fragment = MALFORMED[name]
    path = tmp_path / "events.csv"
    path.write_bytes(data)
    with pytest.raises((InvalidTimeline, FormatError)) as caught:
        timeline.load(path)
    error = caught.value
    assert isinstance(error, (InvalidTimeline, FormatError))
    problems = problems_of(error)
    matching = [p for p in problems if fragment.lower() in str(p).lower()]
    assert matching, f"no problem mentions {fragment!r}: {problems}"
    where = matching[0].location
    assert (where.file, where.line, where.event_id, where.field) == (
        str(path),
        line,
        event_id,
        column,
    )


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_check_exits_1_with_the_location_and_no_traceback(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(MALFORMED[name][0])
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:{MALFORMED[name][1]}" in captured.err
    assert "Traceback" not in captured.err


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = (
        HEADER
        + row("a", when="2023-02-29")
        + "\n"
        + row("b", kind="sumit", links="follows a")
        + "\n"
        + row("a")
        + "\nc,C\n"
    )
    with pytest.raises(InvalidTimeline) as caught:
        read_text(text)
    located = [
        (p.location.line, p.location.event_id, p.location.field) for p in caught.value.problems
    ]
    assert located == [
        (2, "a", "when"),
        (3, "b", "kind"),
        (3, "b", "links"),
        (4, "a", "id"),  # a duplicate of row 2, although row 2 is itself invalid
        (5, "c", None),
    ]


def test_a_place_without_a_name_points_at_the_place_column() -> None:
    text = "id,title,when,kind,place,country,source_publisher,source_title\n"
    text += "a,A,2022,summit,,KZ,P,T\n"
    with pytest.raises(InvalidTimeline) as caught:
        read_text(text)
    (problem,) = caught.value.problems
    assert (problem.location.field, problem.location.line) == ("place", 2)
    assert "country" in (problem.hint or "")


def test_a_misnamed_required_column_is_one_problem_with_its_right_name() -> None:
    for written, meant in (("titel", "title"), ("date", "when")):
        with pytest.raises(InvalidTimeline) as caught:
            read_text(MINIMAL.replace(f"{meant},", f"{written},", 1))
        (problem,) = caught.value.problems  # not also "missing required column"
        assert problem.message == f"unknown column {written!r}"
        assert problem.hint == f"did you mean {meant!r}?"


def test_an_unknown_column_hint_lists_the_columns() -> None:
    with pytest.raises(InvalidTimeline) as caught:
        read_text(MINIMAL.replace("title,", "title,remarks,", 1))
    messages = [str(problem) for problem in caught.value.problems]
    assert any("unknown column 'remarks'" in message for message in messages)
    assert any("expected one of: id, title, when" in message for message in messages)


def test_installed_script_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(MALFORMED["bad-kind"][0])
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:3: event 'b', field 'kind'" in result.stderr
