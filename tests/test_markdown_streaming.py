"""The Markdown writer holds nothing that grows with the timeline: a table's rows are given as
they are made (its widths measured first), the footnotes made again at the end rather than held,
and the caches that make both quick forget what they hold past a bound, all without changing a
byte of `to_markdown`."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from tests.factories import chronology, event, source, timelines
from tests.test_markdown import check_document
from tests.test_streaming import many
from timeline import Timeline
from timeline.formats import FORMATS
from timeline.formats import _markdown as markdown

LAYOUTS = list(product(("list", "table"), ("year", "month", "none")))


def pieces(chronicle: Timeline, **options: object) -> list[bytes]:
    return list(FORMATS["md"].stream(chronicle, **options))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chronicle=timelines(max_events=6))
def test_every_layout_streams_to_markdowns_canonical_document(chronicle: Timeline) -> None:
    for layout, group_by in LAYOUTS:
        options = {"layout": layout, "group_by": group_by, "notes": True, "participants": True}
        text = timeline.to_markdown(chronicle, **options)  # type: ignore[arg-type]
        assert b"".join(pieces(chronicle, **options)) == text.encode("utf-8")
        check_document(text, chronicle, tables=layout == "table")


@pytest.mark.parametrize(("layout", "group_by"), LAYOUTS)
def test_one_long_table_or_list_comes_a_few_hundred_lines_at_a_time(
    layout: str, group_by: str
) -> None:
    chronicle = many(3000)
    chunks = list(markdown.markdown_chunks(chronicle, layout=layout, group_by=group_by))  # type: ignore[arg-type]
    text = "".join(chunks)
    assert text.encode() == b"".join(pieces(chronicle, layout=layout, group_by=group_by))
    assert max(chunk.count("\n") for chunk in chunks) <= 2 * markdown._GATHERED
    if layout == "table" and group_by == "none":  # one table of 3000 rows, padded alike
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        assert len(rows) == 3002
        assert len({len(row) for row in rows}) == 1


def test_a_widest_cell_late_in_a_table_pads_its_first_rows() -> None:
    wide = "A title far wider than any other in this table, at its very end"
    chronicle = chronology(
        event("first", "2001-01-01", title="Short"),
        event("last", "2001-05-01", title=wide),
    )
    lines = timeline.to_markdown(chronicle, layout="table", group_by="none").splitlines()
    rows = [line for line in lines if line.startswith("| ")]
    assert len({len(row) for row in rows}) == 1
    assert rows[2].startswith("| **1 January 2001** | Short ")


@pytest.mark.parametrize(("layout", "group_by"), LAYOUTS)
def test_forgetting_the_notes_cache_changes_no_byte(
    monkeypatch: pytest.MonkeyPatch, layout: str, group_by: str
) -> None:
    cited = [source(title=f"Article {n % 7}", url=f"https://ex.org/{n % 7}") for n in range(40)]
    chronicle = chronology(
        *(
            event(f"e{n}", str(date(2000 + n % 3, 1 + n % 12, 1)), sources=(cited[n], cited[-n]))
            for n in range(40)
        )
    )
    options = {"layout": layout, "group_by": group_by}
    remembering = timeline.to_markdown(chronicle, **options)  # type: ignore[arg-type]
    monkeypatch.setattr(markdown, "_REMEMBERED", 2)
    assert timeline.to_markdown(chronicle, **options) == remembering  # type: ignore[arg-type]
    check_document(remembering, chronicle, tables=layout == "table")


@pytest.mark.parametrize("layout", ["list", "table"])
def test_text_that_looks_like_a_note_still_streams_with_prefixed_labels(layout: str) -> None:
    marked = event("marked", "1999-01-01", title="As [^1] says")
    chronicle = chronology(marked, *many(2000).events)
    chunks = list(markdown.markdown_chunks(chronicle, layout=layout))  # type: ignore[arg-type]
    text = "".join(chunks)
    assert text == timeline.to_markdown(chronicle, layout=layout)  # type: ignore[arg-type]
    assert "[^n1]: " in text
    assert "[^n2001]: " in text
    assert "\n[^1]: " not in text
    assert max(chunk.count("\n") for chunk in chunks) <= 2 * markdown._GATHERED
    check_document(text, chronicle, tables=layout == "table")
