"""Dates vaguer than a month: seasons, quarters, halves, thirds of a year, the turn of a year.

Each is an ordinary month (or, for the edges of a month, day) interval with its qualifiers, so
the canonical EDTF spelling and every writer carry it unchanged; only `human()` names it.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import HEADER, chronology, event, event_toml
from tests.helpers import WriteToml
from timeline import load
from timeline._errors import DateError
from timeline._when import Precision, When
from timeline.formats import _csv as timeline_csv
from timeline.formats import _json as timeline_json
from timeline.formats._ics import read as read_ics
from timeline.formats._ics import to_ics

EN = "\u2013"  # en dash

#: text -> (canonical, first day, last day, precision, approximate, human)
VAGUE: dict[str, tuple[str, date, date, Precision, bool, str]] = {
    "summer 2022": (
        "2022-22",
        date(2022, 6, 1),
        date(2022, 8, 31),
        Precision.MONTH,
        True,
        "summer 2022",
    ),
    "spring 2024": (
        "2024-21",
        date(2024, 3, 1),
        date(2024, 5, 31),
        Precision.MONTH,
        True,
        "spring 2024",
    ),
    "autumn 2022": (
        "2022-23",
        date(2022, 9, 1),
        date(2022, 11, 30),
        Precision.MONTH,
        True,
        "autumn 2022",
    ),
    "winter 2022": (
        "2022-24",
        date(2022, 12, 1),
        date(2023, 2, 28),
        Precision.MONTH,
        True,
        "winter 2022/23",
    ),
    "winter 2023/24": (
        "2023-24",
        date(2023, 12, 1),
        date(2024, 2, 29),
        Precision.MONTH,
        True,
        "winter 2023/24",
    ),
    "Q3 2022": (
        "2022-07/2022-09",
        date(2022, 7, 1),
        date(2022, 9, 30),
        Precision.MONTH,
        False,
        "Q3 2022",
    ),
    "Q1 2024": (
        "2024-01/2024-03",
        date(2024, 1, 1),
        date(2024, 3, 31),
        Precision.MONTH,
        False,
        "Q1 2024",
    ),
    "the fourth quarter of 2022": (
        "2022-10/2022-12",
        date(2022, 10, 1),
        date(2022, 12, 31),
        Precision.MONTH,
        False,
        "Q4 2022",
    ),
    "first half of 2023": (
        "2023-01/2023-06",
        date(2023, 1, 1),
        date(2023, 6, 30),
        Precision.MONTH,
        False,
        "first half of 2023",
    ),
    "second half of 2022": (
        "2022-07/2022-12",
        date(2022, 7, 1),
        date(2022, 12, 31),
        Precision.MONTH,
        False,
        "second half of 2022",
    ),
    "end of April 2022": (
        "2022-04-21~/2022-04-30~",
        date(2022, 4, 21),
        date(2022, 4, 30),
        Precision.DAY,
        True,
        "late April 2022",
    ),
    "beginning of April 2022": (
        "2022-04-01~/2022-04-10~",
        date(2022, 4, 1),
        date(2022, 4, 10),
        Precision.DAY,
        True,
        "early April 2022",
    ),
    "early 2022": (
        "2022-01~/2022-04~",
        date(2022, 1, 1),
        date(2022, 4, 30),
        Precision.MONTH,
        True,
        "early 2022",
    ),
    "mid-2022": (
        "2022-05~/2022-08~",
        date(2022, 5, 1),
        date(2022, 8, 31),
        Precision.MONTH,
        True,
        "mid-2022",
    ),
    "late 2022": (
        "2022-09~/2022-12~",
        date(2022, 9, 1),
        date(2022, 12, 31),
        Precision.MONTH,
        True,
        "late 2022",
    ),
    "the turn of 2022/23": (
        "2022-12~/2023-01~",
        date(2022, 12, 1),
        date(2023, 1, 31),
        Precision.MONTH,
        True,
        "the turn of 2022/23",
    ),
    "summer 2022?": (
        "2022-06%/2022-08%",
        date(2022, 6, 1),
        date(2022, 8, 31),
        Precision.MONTH,
        True,
        "summer 2022?",
    ),
}


@pytest.mark.parametrize("text", list(VAGUE))
def test_vague_forms(text: str) -> None:
    canonical, first, last, precision, approximate, human = VAGUE[text]
    when = When.parse(text)
    assert str(when) == canonical
    assert (when.first_day, when.last_day) == (first, last)
    assert when.precision is precision
    assert when.approximate is approximate
    assert when.uncertain is text.endswith("?")
    assert when.is_interval
    assert not when.is_timed
    assert When.parse(canonical) == when
    assert when.human() == human
    assert When.parse(human) == when


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("Summer of 2022", "summer 2022"),
        ("in summer 2022", "summer 2022"),
        ("the summer of 2022", "summer 2022"),
        ("fall 2022", "autumn 2022"),
        ("winter 2022/2023", "winter 2022"),
        (f"winter 2022{EN}23", "winter 2022"),
        ("the third quarter of 2022", "Q3 2022"),
        ("3Q 2022", "Q3 2022"),
        ("q3 2022", "Q3 2022"),
        ("3rd quarter 2022", "Q3 2022"),
        ("Q3, 2022", "Q3 2022"),
        ("the last quarter of 2022", "the fourth quarter of 2022"),
        ("H1 2023", "first half of 2023"),
        ("1H 2023", "first half of 2023"),
        ("the first half of 2023", "first half of 2023"),
        ("H2 2022", "second half of 2022"),
        ("start of April 2022", "beginning of April 2022"),
        ("the end of April 2022", "end of April 2022"),
        ("late April 2022", "end of April 2022"),
        ("early April 2022", "beginning of April 2022"),
        ("the middle of April 2022", "mid-April 2022"),
        ("mid 2022", "mid-2022"),
        ("Early 2022.", "early 2022"),
        ("end of 2022", "late 2022"),
        ("the turn of 2022/2023", "the turn of 2022/23"),
        ("turn of the year 2022/23", "the turn of 2022/23"),
    ],
)
def test_other_spellings(text: str, same_as: str) -> None:
    assert When.parse(text) == When.parse(same_as)


@pytest.mark.parametrize(
    ("text", "canonical", "human"),
    [
        ("c. Q3 2022", "2022-07~/2022-09~", f"c. July{EN}September 2022"),
        ("Q3 2022?", "2022-07?/2022-09?", "Q3 2022?"),
        ("c. summer 2022", "2022-22", "summer 2022"),
    ],
)
def test_qualifiers_combine(text: str, canonical: str, human: str) -> None:
    when = When.parse(text)
    assert str(when) == canonical
    assert when.human() == human
    assert When.parse(human) == when


@pytest.mark.parametrize(
    ("canonical", "human"),
    [
        ("2022-06/2022-08", f"June{EN}August 2022"),  # exact: not a season
        ("2022-07~/2022-09~", f"c. July{EN}September 2022"),  # approximate: not a quarter
        ("2022-06~/2022-09~", f"c. June{EN}September 2022"),
        ("2022-12/2023-02", f"December 2022 {EN} February 2023"),
        ("2022-01/2022-12", f"January{EN}December 2022"),
        ("2022-07-01/2022-09-30", f"1 July {EN} 30 September 2022"),  # days, not months
    ],
)
def test_only_the_named_spans_are_named(canonical: str, human: str) -> None:
    when = When.parse(canonical)
    assert when.human() == human
    assert When.parse(human) == when


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Q5 2022", "there is no quarter 5: a year has four"),
        ("Q0 2022", "there is no quarter 0"),
        ("H3 2022", "there is no half 3: a year has two"),
        ("winter 2022/24", "must end in the year after 2022"),
        ("summer 2022/23", "only winter runs into the next year"),
        ("the turn of 2022/2025", "must end in the year after 2022"),
        ("summer 0000", "falls outside the years 0001 to 9999"),
        ("winter 9999", "falls outside the years 0001 to 9999"),
    ],
)
def test_vague_forms_that_name_nothing(text: str, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        When.parse(text)
    assert fragment in caught.value.message
    assert caught.value.hint


# -- through every reader and writer --------------------------------------------------------


@pytest.mark.parametrize("text", list(VAGUE))
def test_json_round_trip(text: str) -> None:
    original = chronology(event("vague", text))
    again = timeline_json.read(timeline_json.to_json(original).encode(), None)
    assert again["vague"].when == original["vague"].when == When.parse(text)
    assert str(again["vague"].when) == VAGUE[text][0]


@pytest.mark.parametrize("text", list(VAGUE))
def test_csv_round_trip(text: str) -> None:
    original = chronology(event("vague", text))
    again = timeline_csv.read(timeline_csv.to_csv(original).encode(), None)
    assert again["vague"].when == When.parse(text)
    assert again["vague"].when.approximate is VAGUE[text][4]


@pytest.mark.parametrize("text", list(VAGUE))
def test_ics_round_trip(text: str) -> None:
    original = chronology(event("vague", text))
    data = to_ics(original)
    first, last = VAGUE[text][1], VAGUE[text][2]
    assert f"DTSTART;VALUE=DATE:{first:%Y%m%d}".encode() in data
    again = read_ics(data, "vague.ics")
    assert again["vague"].when == When.parse(text)
    assert (again["vague"].when.first_day, again["vague"].when.last_day) == (first, last)


@pytest.mark.parametrize("text", list(VAGUE))
def test_toml_reads_the_phrase_and_its_canonical_form_alike(
    text: str, write_toml: WriteToml
) -> None:
    canonical = VAGUE[text][0]

    def document(when: str) -> str:
        # published after every span here, so no check takes the source for a forecast
        written = event_toml(when=f'"{when}"')
        return HEADER + written.replace("published = 2022-10-17", "published = 2025-01-15")

    words = load(write_toml(document(text), "words.toml"))
    edtf = load(write_toml(document(canonical), "edtf.toml"))
    assert words["cica-summit"].when == edtf["cica-summit"].when == When.parse(text)


# -- properties -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 9998),
    st.sampled_from(["spring", "summer", "autumn", "winter", "Q1", "Q2", "Q3", "Q4", "H1", "H2"]),
    st.sampled_from(["early", "mid", "late", "turn"]),
)
def test_every_year_names_its_spans_and_reads_them_back(year: int, name: str, third: str) -> None:
    written = [f"{name} {year:04d}"]
    written.append(
        f"the turn of {year:04d}/{(year + 1) % 100:02d}"
        if third == "turn"
        else f"{third} {year:04d}"
    )
    for text in written:
        when = When.parse(text)
        assert When.parse(str(when)) == when
        assert When.parse(when.human()) == when
        assert when.precision is Precision.MONTH
        months = (when.last_day.year - when.first_day.year) * 12 + when.last_day.month
        assert 2 <= months - when.first_day.month + 1 <= 6
