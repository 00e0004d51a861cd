"""Knight Lab's TimelineJS sheet: read as CSV, XLSX or TimelineJS JSON, written back as it was."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.helpers import run_cli
from timeline import InvalidTimeline, loads
from timeline.formats import format_of_content
from timeline.formats._timelinejs_sheet import (
    CARRIED,
    COLUMNS,
    read,
    read_xlsx,
    to_timelinejs_sheet,
    to_timelinejs_xlsx,
)

#: A sheet of our own with every column and every quirk seen in Knight Lab's examples: a title
#: row with a Background, HTML in Text, Media Credit and Caption, a blockquote as Media,
#: month-only and year-only rows, spans, plus a time, an era, a Group, a Display Date, a
#: thumbnail, a month written "03", a time with seconds and a column past the 18 (Alt Text).
SHEET = [
    [*COLUMNS, "Alt Text"],
    [
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Our desk",
        '<p class="lead">Hi, "you"</p>',
        "",
        "",
        "",
        "",
        "title",
        "",
        "https://example.org/bg.gif",
        "",
    ],
    [
        "1815",
        "12",
        "10",
        "",
        "1852",
        "11",
        "27",
        "",
        "",
        "Ada Lovelace",
        '<p>First <a href="https://x.org">programmer</a>.</p>\nSecond line',
        "https://example.org/ada.jpg",
        "Wikimedia Commons",
        '<a href="https://x">Portrait</a>',
        "https://example.org/thumb.jpg",
        "",
        "People",
        "",
        "A portrait",
    ],
    [
        "1943",
        "7",
        "",
        "",
        "1946",
        "",
        "",
        "",
        "",
        "...And the women who made it work",
        "",
        "<blockquote>quote</blockquote>",
        "",
        "",
        "",
        "",
        "",
        "#ff0000",
        "",
    ],
    [
        "1951",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "c. 1951",
        "Rózsa Péter",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "2022",
        "03",
        "5",
        "10:00:00",
        "2022",
        "3",
        "5",
        "12:30",
        "",
        "A timed row",
        "",
        "",
        "",
        "",
        "",
        "",
        "Group B",
        "",
        "",
    ],
    [
        "1939",
        "",
        "",
        "",
        "1945",
        "",
        "",
        "",
        "",
        "The war years",
        "",
        "",
        "",
        "",
        "",
        "era",
        "",
        "",
        "",
    ],
    [
        "1951",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Rózsa Péter",
        "again, same headline",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline="")))


def _same_sheet(given: list[list[str]], written: list[list[str]]) -> None:
    """Cell for cell: the same header (written in Knight Lab's order), the same title row
    first, the same rows (written in date order, the order TimelineJS shows them in)."""
    order = [given[0].index(name) for name in written[0]]
    reordered = [[row[i] for i in order] for row in given]
    titles = [row for row in reordered[1:] if row[COLUMNS.index("Type")] == "title"]
    assert written[1 : 1 + len(titles)] == titles
    assert sorted(written[1 + len(titles) :]) == sorted(
        row for row in reordered[1:] if row not in titles
    )


def test_every_column_round_trips_cell_for_cell() -> None:
    chronology = read(_csv(SHEET), "desk.csv")
    assert chronology.title == "Our desk"
    assert chronology.description == '<p class="lead">Hi, "you"</p>'
    _same_sheet(SHEET, _cells(to_timelinejs_sheet(chronology)))


def test_columns_in_any_order_and_any_case() -> None:
    order = list(reversed(range(len(SHEET[0]))))
    shuffled = [[row[i] for i in order] for row in SHEET]
    shuffled[0] = [name.upper() if name in COLUMNS else name for name in shuffled[0]]
    chronology = read(_csv(shuffled), "desk.csv")
    assert chronology == read(_csv(SHEET), "desk.csv")


def test_fields_sources_ids_and_what_is_carried() -> None:
    events = {event.id: event for event in read(_csv(SHEET), "desk.csv")}
    assert sorted(events) == [
        "a-timed-row",
        "ada-lovelace",
        "and-the-women-who-made-it-work",
        "rozsa-peter",
        "rozsa-peter-2",
        "the-war-years",
    ]
    ada = events["ada-lovelace"]
    assert str(ada.when) == "1815-12-10/1852-11-27"
    assert ada.summary.startswith("<p>First <a")  # HTML kept as text
    assert (ada.sources[0].publisher, ada.sources[0].title) == ("Our desk", "Ada Lovelace")
    assert '"Group":"People"' in ada.carried[CARRIED]
    assert '"Alt Text":"A portrait"' in ada.carried[CARRIED]
    timed = events["a-timed-row"]
    assert str(timed.when) == "2022-03-05T10:00:00/2022-03-05T12:30"
    assert timed.when.floating
    assert '"Time":"10:00:00"' not in timed.carried[CARRIED]  # the writer writes it so
    assert '"Month":"03"' in timed.carried[CARRIED]
    era = events["the-war-years"]
    assert (era.kind, era.tags) == ("other", ("era",))
    assert str(events["rozsa-peter"].when) == "1951"


def test_a_zone_places_the_sheets_times() -> None:
    chronology = read(_csv(SHEET), "desk.csv", zone="Asia/Almaty")
    timed = next(event for event in chronology if event.id == "a-timed-row")
    assert not timed.when.floating
    _same_sheet(SHEET, _cells(to_timelinejs_sheet(chronology)))


def test_a_sheet_without_title_row_cites_its_file() -> None:
    rows = [list(COLUMNS), ["2020", "", "", "", "", "", "", "", "", "Alone", *[""] * 8]]
    chronology = read(_csv(rows), "/x/desk-notes.timelinejs.csv")
    assert chronology.title == "desk notes"
    assert chronology.events[0].sources[0].publisher == "desk notes"


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"Year": "twenty"}, "Year", "is not a year"),
        ({"Year": "2020", "Month": "13"}, "Month", "is not a number from 1 to 12"),
        ({"Year": "2020", "Headline": ""}, "Headline", "no Headline"),
        ({"Year": "", "Headline": "x"}, "Year", "no Year"),
        ({"Year": "2020", "Time": "10:00"}, "Time", "cannot be read"),
        ({"Year": "2020", "End Year": "2019"}, "when", "end"),
    ],
)
def test_problems_are_located_with_a_hint(cells: dict[str, str], column: str, words: str) -> None:
    row = {"Headline": "A headline"} | cells
    rows = [list(COLUMNS), [row.get(name, "") for name in COLUMNS]]
    with pytest.raises(InvalidTimeline) as raised:
        read(_csv(rows), "desk.csv")
    problem = raised.value.problems[0]
    assert (problem.location.file, problem.location.line) == ("desk.csv", 2)
    assert problem.location.field == column
    assert words in problem.message.lower() or words in problem.message
    assert problem.hint


def test_the_header_is_recognised_before_plain_csv() -> None:
    assert format_of_content(_csv(SHEET)).name == "timelinejs-sheet"
    assert format_of_content(b"id,title,when\n").name == "csv"
    assert loads(_csv(SHEET), source="desk.csv") == read(_csv(SHEET), "desk.csv")


def test_xlsx_is_deterministic_and_read_independently() -> None:
    chronology = read(_csv(SHEET), "desk.csv")
    data = to_timelinejs_xlsx(chronology)
    assert data == to_timelinejs_xlsx(chronology)
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = [
        ["" if v is None else str(v) for v in row]
        for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    assert values == _cells(to_timelinejs_sheet(chronology))
    assert book.properties.modified.year == 2000
    assert read_xlsx(data, "desk.xlsx") == chronology


@pytest.mark.parametrize("title", ["=0", "=SUM(A1:A9)", '=HYPERLINK("http://x")'])
def test_a_cell_that_looks_like_a_formula_stays_text_in_xlsx(title: str) -> None:
    # found by hypothesis: "=0" was written as a formula, and read back as no headline
    chronology = read(_csv(SHEET), "desk.csv")
    first = chronology.events[0].model_copy(update={"title": title})
    changed = chronology.model_copy(update={"events": (first, *chronology.events[1:])})
    data = to_timelinejs_xlsx(changed)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert title in [cell.value for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert title in [event.title for event in read_xlsx(data, "desk.xlsx")]


def test_timelinejs_json_reads_back(tmp_path: Path) -> None:
    shipped = timeline.load("data/events.toml")
    path = tmp_path / "ours.timelinejs.json"
    path.write_text(timeline.to_timelinejs(shipped), encoding="utf-8")
    again = timeline.load(path)
    assert len(again) == len(shipped)
    # TimelineJS keeps the wall-clock time, not its zone: the days are the same
    assert [e.when.start_point.first_day for e in again] == [
        e.when.start_point.first_day for e in shipped
    ]
    assert again.title == shipped.title


def test_the_cli_writes_a_sheet(tmp_path: Path) -> None:
    given = tmp_path / "desk.csv"
    given.write_bytes(_csv(SHEET))
    out = tmp_path / "out.timelinejs.csv"
    done = run_cli("export", str(given), "-o", str(out))
    assert done.returncode == 0, done.stderr
    _same_sheet(SHEET, _cells(out.read_text(encoding="utf-8")))


#: A snapshot of Knight Lab's repository beside the project, where one was fetched (their
#: example sheets are read from it, never copied into the project).
_MIRROR = Path(__file__).resolve().parents[2] / ".mirror" / "NUKnightLab+TimelineJS3" / "repo"


@pytest.mark.skipif(not _MIRROR.exists(), reason="no copy of Knight Lab's repository here")
@pytest.mark.parametrize(
    "name", ["contrib/women_in_computing.csv", "src/template/my-own-timeline.csv"]
)
def test_knight_labs_own_sheets_round_trip(name: str) -> None:
    shown = subprocess.run(
        ["git", "-C", str(_MIRROR), "show", f"HEAD:{name}"], capture_output=True, check=True
    )
    given = _cells(shown.stdout.decode("utf-8"))
    _same_sheet(given, _cells(to_timelinejs_sheet(read(shown.stdout, name))))


_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@st.composite
def _rows(draw: st.DrawFn) -> list[str]:
    year = draw(st.integers(1, 9999))
    month = draw(st.one_of(st.just(""), st.integers(1, 12).map(str)))
    day = draw(st.one_of(st.just(""), st.integers(1, 28).map(str))) if month else ""
    clock = draw(st.sampled_from(["", "9:05", "23:59:59"])) if day else ""
    headline = draw(st.from_regex(r"[A-Za-z][A-Za-z ]{0,10}[a-z]", fullmatch=True))
    extra = draw(st.lists(_CELL, min_size=7, max_size=7))
    kind = draw(st.sampled_from(["", "era"]))
    return [
        str(year),
        month,
        day,
        clock,
        "",
        "",
        "",
        "",
        extra[0],
        headline,
        extra[1],
        *extra[2:6],
        kind,
        extra[6],
        "",
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(_rows(), min_size=1, max_size=5))
def test_any_sheet_round_trips(rows: list[list[str]]) -> None:
    sheet = [list(COLUMNS), *rows]
    _same_sheet(sheet, _cells(to_timelinejs_sheet(read(_csv(sheet), "any.csv"))))


def test_a_bad_date_cell_is_reported_once() -> None:
    rows = [list(COLUMNS), ["2020", "13", *[""] * 7, "Bad month", *[""] * 8]]
    with pytest.raises(InvalidTimeline) as raised:
        read(_csv(rows), "desk.csv")
    assert [p.location.field for p in raised.value.problems] == ["Month"]


def test_a_workbook_made_elsewhere_reads_its_numbers_and_times() -> None:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.append(list(COLUMNS))
    sheet.append([2022, 3.0, 5, time(20, 30), None, None, None, None, None, "Evening"])
    sheet.append([2022, 3, 6, "8:30 PM", None, None, None, None, None, "Next evening"])
    out = io.BytesIO()
    book.save(out)
    events = read_xlsx(out.getvalue(), "desk.xlsx").events
    assert [str(event.when) for event in events] == ["2022-03-05T20:30", "2022-03-06T20:30"]
    assert '"Time":"8:30 PM"' in events[1].carried[CARRIED]


def test_events_of_other_formats_keep_their_ids_in_an_id_column() -> None:
    shipped = timeline.load("data/events.toml")
    written = to_timelinejs_sheet(shipped)
    header = _cells(written)[0]
    assert header[: len(COLUMNS)] == list(COLUMNS)
    again = read(written.encode("utf-8"), "back.csv")
    assert [event.id for event in again] == [event.id for event in shipped]
    assert to_timelinejs_sheet(again) == written  # a fixed point
