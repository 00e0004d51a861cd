"""The words every writer shares (`timeline._wording`), and the writers held to them."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import chronology, event, source
from timeline import Place, Status, Timeline, Vote, When
from timeline._codes import COUNTRIES, ORGANISATIONS
from timeline._wording import (
    Names,
    date_line,
    period_name,
    place_text,
    vote_tally,
    vote_text,
    with_status,
)
from timeline.formats._ics._text import (
    description_layout,
    description_text,
    escape_text,
    source_item,
)

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "timeline"

#: Every module that puts participants, votes or statuses into words for people.
WRITERS = (
    "formats/_markdown.py",
    "formats/_html.py",
    "formats/_timelinejs.py",
    "formats/_ics/_writer.py",
    "formats/_ics/_text.py",
    "_show.py",
)


def declaring(**organisations: str) -> Timeline:
    return chronology(event(), organisations=organisations)


# -- participants ------------------------------------------------------------------------------


def test_countries_by_name_and_organisations_by_acronym_without_a_timeline() -> None:
    names = Names()
    assert [names(code) for code in ("KZ", "CSTO", "QQQ")] == ["Kazakhstan", "CSTO", "QQQ"]


def test_organisations_by_full_name_from_the_timeline() -> None:
    names = Names(declaring(QQQ="Quite Quiet Quorum"))
    assert names("CSTO") == "Collective Security Treaty Organization (CSTO)"
    assert names("QQQ") == "Quite Quiet Quorum (QQQ)"
    assert names("BRICS") == "BRICS"  # named by its acronym: nothing to add
    assert names("KZ") == "Kazakhstan"


def test_a_declared_organisation_with_a_country_code_is_named_as_each_writer_chose() -> None:
    timeline = declaring(KZ="Kazakh Union")
    assert Names(timeline)("KZ") == "Kazakh Union (KZ)"  # HTML's choice
    assert Names(timeline, countries_first=True)("KZ") == "Kazakhstan"  # Markdown's


def test_the_calendar_adds_the_code_to_a_country_and_show_puts_it_first() -> None:
    assert Names(country_code=True).listed(("KG", "CSTO")) == "Kyrgyzstan (KG), CSTO"
    shown = Names(declaring(), code_first=True)
    assert shown.listed(("KZ", "CSTO", "BRICS", "QQQ")) == (
        "KZ (Kazakhstan), CSTO (Collective Security Treaty Organization), BRICS, QQQ"
    )


def test_a_declared_name_is_cleaned_and_every_name_finished_once() -> None:
    finished: list[str] = []

    def finish(text: str) -> str:
        finished.append(text)
        return text.upper()

    names = Names(declaring(QQQ="Quite  Quiet"), organisation=" ".join, finish=finish)
    assert names.listed(("KZ", "QQQ")) == "KAZAKHSTAN, Q U I T E     Q U I E T (QQQ)"
    assert names.listed(("KZ", "QQQ", "KZ")) == (
        "KAZAKHSTAN, Q U I T E     Q U I E T (QQQ), KAZAKHSTAN"
    )
    assert finished == ["Kazakhstan", "Q u i t e     Q u i e t (QQQ)"]


def test_the_absent_sentence() -> None:
    assert Names().absent(("KG", "CSTO")) == "Absent: Kyrgyzstan, CSTO."
    assert Names(country_code=True).absent(("KG",)) == "Absent: Kyrgyzstan (KG)."
    assert Names().absent(()) == ""


@given(st.lists(st.sampled_from(sorted(COUNTRIES | ORGANISATIONS.keys())), max_size=6))
def test_a_list_is_its_names_joined(codes: list[str]) -> None:
    names = Names(declaring())
    assert names.listed(codes) == ", ".join(names(code) for code in codes)
    assert names.listed(codes) == names.listed(tuple(codes))


# -- place, status, vote, period ---------------------------------------------------------------


def test_the_place_with_its_country_unless_the_name_says_it() -> None:
    assert place_text(Place(name="Almaty", country="KZ")) == "Almaty"
    assert place_text(Place(name="Almaty", country="KZ"), country=True) == "Almaty, Kazakhstan"
    said = Place(name="Astana, Kazakhstan", country="KZ")
    assert place_text(said, country=True) == "Astana, Kazakhstan"
    assert place_text(Place(name="At sea"), country=True) == "At sea"


def test_the_status_after_a_title() -> None:
    assert with_status("Talks", Status.OCCURRED) == "Talks"
    assert with_status("Talks", Status.POSTPONED) == "Talks (postponed)"
    assert with_status("Talks", Status.CANCELLED) == "Talks (cancelled)"


def test_the_vote_in_words() -> None:
    vote = Vote(body="UN General Assembly", resolution="ES-11/4", yes=143, no=5, abstain=35)
    assert vote_tally(vote) == "143 yes, 5 no, 35 abstaining, 0 absent"
    assert vote_tally(vote, zero_absent=False) == "143 yes, 5 no, 35 abstaining"
    assert vote_text(vote) == "UN General Assembly, ES-11/4: 143 yes, 5 no, 35 abstaining, 0 absent"
    assert vote_text(vote, zero_absent=False, labelled=True) == (
        "Vote (UN General Assembly, ES-11/4): 143 yes, 5 no, 35 abstaining"
    )
    absent = Vote(body="Council", yes=1, no=0, abstain=0, absent=2)
    assert vote_tally(absent, zero_absent=False) == "1 yes, 0 no, 0 abstaining, 2 absent"


def test_a_period_is_named_as_dates_are() -> None:
    assert period_name(2022, 10) == When.parse("2022-10").human() == "October 2022"
    assert period_name(2022, 0) == When.parse("2022").human() == "2022"


# -- the calendar's DESCRIPTION ----------------------------------------------------------------


def test_description_text_in_its_order() -> None:
    vote = Vote(body="Council", yes=1, no=0, abstain=0)
    cited = source("Reuters", "Talks open", url="https://example.org/a", published="2022-05-09")
    text = description_text(
        "Talks.", vote, [cited], when=When.parse("2022-05-09"), absent=("KG", "CSTO")
    )
    assert text.split("\n") == [
        "9 May 2022",
        "",
        "Talks.",
        "",
        "Absent: Kyrgyzstan (KG), CSTO.",
        "Vote (Council): 1 yes, 0 no, 0 abstaining.",
        "Sources:",
        "- Reuters: Talks open (9 May 2022) https://example.org/a",
    ]


def test_the_writer_lays_out_escaped_pieces_as_the_plain_text_is_laid_out() -> None:
    pieces = ("Absent: A, B.", "Sources:", source_item("P; Q", "T", None, None))
    plain = description_layout("9 May 2022", "S, too", pieces)
    escaped = [escape_text(piece) for piece in pieces]
    assert description_layout("9 May 2022", escape_text("S, too"), escaped, "\\n") == (
        escape_text(plain)
    )
    assert description_layout(None, None, ["Sources:"]) == "Sources:"


# -- the writers use these words ---------------------------------------------------------------


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / module).read_text(encoding="utf-8"))


def _imported(module: str) -> dict[str | None, set[str]]:
    found: dict[str | None, set[str]] = {}
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.ImportFrom):
            found.setdefault(node.module, set()).update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", WRITERS)
def test_every_writer_takes_its_words_from_wording(module: str) -> None:
    assert "timeline._wording" in _imported(module)


def test_the_calendar_writer_takes_description_s_words_from_what_the_reader_reads_back() -> None:
    """The fast path escapes the shared words a piece at a time; it spells none of them."""
    shared = _imported("formats/_ics/_writer.py")["timeline.formats._ics._text"]
    assert {"absentees", "vote_sentence", "source_item", "description_layout"} <= shared


@pytest.mark.parametrize("module", WRITERS)
def test_no_writer_names_participants_or_counts_votes_itself(module: str) -> None:
    """Names come through `Names` alone, a tally through `vote_tally`: no second spelling."""
    tree = _tree(module)
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not called & {"country_name", "organisation_name"}
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    words = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
    ]
    spelt = [
        word
        for word in words
        if isinstance(word, str) and ("abstaining" in word or " yes" in word or "Absent: " in word)
    ]
    assert not spelt


def test_the_date_line_of_an_ongoing_event_says_how_far_it_is_known() -> None:
    ongoing = When.parse("2022-02-24/..")
    assert date_line(ongoing) == ongoing.human()
    assert date_line(ongoing, date(2024, 5, 1)) == f"{ongoing.human()} (ongoing as of 1 May 2024)"
    ended = When.parse("2022-02-24")
    assert date_line(ended, date(2024, 5, 1)) == "24 February 2022"
