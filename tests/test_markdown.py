"""The Markdown chronology, checked by an independent parser (markdown-it-py) and by mdformat.

What a writer relies on: one list item per event in order, one footnote per event (each label used
once, numbered in order, so that Pandoc and Word make one note per event), no raw HTML, data shown
literally whatever it contains, and a document that mdformat leaves exactly as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypedDict

import mdformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

import timeline
from tests.factories import (
    HOSTILE,
    MARKUP,
    chronology,
    event,
    one_line_text,
    paragraph_text,
    rich,
    source,
    timelines,
    urls,
)
from tests.test_wording_series import briefings
from timeline import FormatError, Status, Timeline
from timeline.formats import _markdown as markdown
from timeline.formats import format_for

#: The options that add to each event, as `write`, `render` and the command line name them.
SHOWN = ("votes", "participants", "absent", "notes")


class Shown(TypedDict, total=False):
    votes: bool
    participants: bool
    absent: bool
    notes: bool


EVERYTHING: Shown = {"votes": True, "participants": True, "absent": True, "notes": True}

INLINE_MARKUP = {"strong_open", "strong_close", "em_open", "em_close", "footnote_ref", "text"}


def parser(*, tables: bool = False) -> MarkdownIt:
    # inline footnotes (`^[...]`) are off, as in mdformat-footnote: they are not our dialect
    md = MarkdownIt("commonmark").use(footnote_plugin, inline=False).use(front_matter_plugin)
    return md.enable("table") if tables else md


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def canonical(text: str, *, tables: bool = False) -> str:
    extensions = {"footnote", "tables"} if tables else {"footnote"}
    return mdformat.text(text, extensions=extensions)


def clean(text: str) -> str:
    """What the writer promises to show: whitespace runs as one space, controls as U+FFFD."""
    text = " ".join(text.split())
    return re.sub("[\x00-\x1f\x7f-\x9f]", "\ufffd", text)


def plain(inline: Token) -> str:
    """The text a reader sees in an inline token (footnote references left out)."""
    return "".join(child.content for child in inline.children or [] if child.type == "text")


def kids(inline: Token) -> list[Token]:
    """The children of an inline token, without the empty text tokens the parser leaves."""
    return [c for c in inline.children or [] if c.type != "text" or c.content]


def items(tokens: list[Token]) -> list[Token]:
    """The inline token of each list item outside the footnotes."""
    found: list[Token] = []
    depth = 0
    in_footnote = False
    for token in tokens:
        if token.type == "footnote_block_open":
            in_footnote = True
        elif token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "inline" and depth and not in_footnote:
            found.append(token)
    return found


#: mdformat escapes only the first of two adjacent "<": it rewrites the literal text "<<a>"
#: (written "\\<\\<a>") as "\\<<a>", which parses as raw HTML. Our export escapes both, so
#: wherever "<<" occurs, safety wins over mdformat's canonical form.
MDFORMAT_UNSAFE = re.compile(r"\\<\\<")


def check_document(text: str, chronology: Timeline, *, tables: bool = False) -> list[Token]:
    """The properties every Markdown export has; returns the tokens for further checks."""
    tokens = parser(tables=tables).parse(text)
    assert not [t.type for t in walk(tokens) if t.type in ("html_block", "html_inline")]
    assert not [t.type for t in walk(tokens) if t.type in ("image", "code_inline")]
    assert all(t.info == "auto" for t in walk(tokens) if t.type == "link_open"), "links: ours"
    if not MDFORMAT_UNSAFE.search(text):
        assert canonical(text, tables=tables) == text
    defined = [t.meta["label"] for t in tokens if t.type == "footnote_open"]
    used = [t.meta["label"] for t in walk(tokens) if t.type == "footnote_ref"]
    assert used == defined, "every note used exactly once, listed in the order of use"
    numbers = [re.sub("^n*", "", label) for label in used]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(defined) == len(chronology), "one note per event"
    return tokens


# -- the default layout --------------------------------------------------------------------------


def test_rich_timeline_default_layout_reads_like_an_editor_wrote_it() -> None:
    chronology = rich()
    text = timeline.to_markdown(chronology)
    tokens = check_document(text, chronology)
    lines = text.splitlines()
    assert lines[0] == "# Central Asia and Russia, 2022\u20132023"
    assert lines[2] == "How the region handled Russia."
    assert lines[4] == "A second paragraph."
    assert [line for line in lines if line.startswith("## ")] == ["## 2022", "## 2023"]
    assert lines[8:15] == [
        "- **2022**: A year of change.[^1]",
        "- **c. August 2022**: *Cancelled:* CSTO drill.[^2]",
        "- **20 September 2022?**: Uncertain visit.[^3]",
        "- **early October 2022**: *Postponed:* Early talks.[^4]",
        "- **12 October 2022**: UN General Assembly vote."
        " Vote (UN General Assembly): 143 yes, 5 no, 35 abstaining.[^5]",
        "- **12\u201313 October 2022**: Sixth CICA summit (Astana). Leaders met in Astana.[^6]",
        "- **13 October 2022, 09:50 (UTC+06)**: Plenary opens.[^7]",
    ]
    notes = [line for line in lines if line.startswith("[^")]
    assert notes[4:6] == [
        "[^5]: UN News, \u201cGeneral Assembly resolution\u201d, <https://news.un.org/x>",
        "[^6]: Financial Times, \u201cKazakhstan chips away\u201d, October 2022;"
        " Kremlin, \u201cPress statements\u201d, <https://en.kremlin.ru/events/69591>",
    ]
    assert notes[1] == "[^2]: Financial Times, \u201cKazakhstan chips away\u201d, October 2022"
    assert len(notes) == len(chronology)
    inlines = items(tokens)
    assert len(inlines) == len(chronology)
    for inline, expected in zip(inlines, chronology, strict=True):
        first = kids(inline)[1]
        assert first.content == expected.when.human(), "the bold date comes first, in order"
        assert expected.title in plain(inline)


def test_events_appear_once_each_in_chronological_order() -> None:
    chronology = chronology_of_titles(
        ["Third", "First", "Second"], ["2022-03", "2022-01", "2022-02"]
    )
    inlines = items(parser().parse(markdown.to_markdown(chronology)))
    assert [plain(inline).split(": ", 1)[1] for inline in inlines] == [
        "First.",
        "Second.",
        "Third.",
    ]


def chronology_of_titles(titles: list[str], whens: list[str]) -> Timeline:
    return chronology(
        *(
            event(f"e-{i}", when, title=title)
            for i, (title, when) in enumerate(zip(titles, whens, strict=True))
        )
    )


@pytest.mark.parametrize(
    ("group_by", "headings"),
    [
        ("year", ["2022", "2023"]),
        ("month", ["2022", "August 2022", "September 2022", "October 2022", "November 2023"]),
        ("none", []),
    ],
)
def test_grouping_headings(group_by: markdown.GroupBy, headings: list[str]) -> None:
    chronology = rich()
    text = markdown.to_markdown(chronology, group_by=group_by)
    check_document(text, chronology)
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == headings
    assert len(items(parser().parse(text))) == len(chronology)


def test_each_event_has_one_note_naming_its_sources_once() -> None:
    """A label used twice would become two identical notes in Pandoc, so none is shared."""
    shared = source("TASS", "Same article", url="https://tass.com/1")
    twin = source("TASS", "Same article", url="https://tass.com/1")
    chronology = chronology_of_sources(
        [(shared,), (source("Other", "Else"), shared, twin), (shared, source("Third", "T"))]
    )
    text = markdown.to_markdown(chronology)
    check_document(text, chronology)
    assert [line.rsplit(".", 1)[1] for line in text.splitlines() if line.startswith("- ")] == [
        "[^1]",
        "[^2]",
        "[^3]",
    ]
    tass = "TASS, \u201cSame article\u201d, <https://tass.com/1>"
    assert [line for line in text.splitlines() if line.startswith("[^")] == [
        f"[^1]: {tass}",
        f"[^2]: Other, \u201cElse\u201d; {tass}",
        f"[^3]: {tass}; Third, \u201cT\u201d",
    ]


def chronology_of_sources(cited: list[tuple[timeline.Source, ...]]) -> Timeline:
    return chronology(
        *(event(f"e-{i}", f"2022-10-{i + 1:02d}", sources=group) for i, group in enumerate(cited))
    )


def test_empty_timeline_is_a_title_and_nothing_else() -> None:
    text = markdown.to_markdown(chronology(description=""))
    assert text == "# Test chronology\n"
    assert canonical(text) == text


def test_write_returns_the_same_utf8_bytes_every_time() -> None:
    chronology = rich()
    first = markdown.to_markdown(chronology, layout="table", front_matter=True).encode()
    assert first == markdown.to_markdown(chronology, layout="table", front_matter=True).encode()
    assert format_for("md").write(chronology, layout="table", front_matter=True) == first


@pytest.mark.parametrize(("option", "value"), [("layout", "grid"), ("group_by", "week")])
def test_unknown_options_are_refused(option: str, value: str) -> None:
    with pytest.raises(FormatError, match=value):
        markdown.to_markdown(rich(), **{option: value})  # type: ignore[arg-type]


# -- the table layout ----------------------------------------------------------------------------


def test_table_layout_one_row_per_event_padded_like_mdformat() -> None:
    chronology = rich()
    text = markdown.to_markdown(chronology, layout="table")
    tokens = check_document(text, chronology, tables=True)
    rows = [t for t in tokens if t.type == "tr_open"]
    headers = [t for t in tokens if t.type == "thead_open"]
    assert len(rows) - len(headers) == len(chronology)
    assert "| Date " in text
    cells = [plain(t) for t in tokens if t.type == "inline"]
    assert "CSTO drill (cancelled)" in cells
    assert "Astana" in cells


@pytest.mark.parametrize("hostile", HOSTILE)
def test_table_cells_show_hostile_text_literally(hostile: str) -> None:
    chronology = chronology_of_hostile(hostile)
    text = markdown.to_markdown(chronology, layout="table")
    tokens = check_document(text, chronology, tables=True)
    td = [t for t in walk(tokens) if t.type == "inline"]
    shown = [plain(t) for t in td]
    assert clean(hostile) in shown, "the title cell"
    assert shown.count(clean(hostile)) >= 2, "the title and the place"


# -- escaping ------------------------------------------------------------------------------------


def chronology_of_hostile(text: str) -> Timeline:
    return chronology(
        event(
            "hostile",
            "2022-10-13",
            title=text,
            summary=text,
            place=timeline.Place(name=text),
            sources=(source(text, text, url="https://example.org/a"),),
        ),
        event("plain", "2022-10-14", title="Plain", sources=(source(text, "Other"),)),
        title=text,
        description=text,
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_literally(hostile: str) -> None:
    chronology = chronology_of_hostile(hostile)
    text = markdown.to_markdown(chronology)
    tokens = check_document(text, chronology)
    shown = clean(hostile)
    heading = tokens[1]
    assert tokens[0].type == "heading_open"
    assert tokens[0].tag == "h1", "the title makes exactly one heading of its own"
    assert plain(heading) == shown
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2"]
    first, second = items(tokens)
    assert [c.type for c in kids(first)][:3] == ["strong_open", "text", "strong_close"]
    assert all(c.type in INLINE_MARKUP for c in kids(first))
    end = "" if shown.endswith((".", "!", "?")) else "."
    assert plain(first) == f"13 October 2022: {shown} ({shown}). {shown}{end}"
    assert plain(second) == "14 October 2022: Plain."
    notes = [plain(t) for t in tokens if t.type == "inline"][-2:]
    assert notes == [
        f"{shown}, \u201c{shown}\u201d, https://example.org/a",
        f"{shown}, \u201cOther\u201d",
    ]


def test_text_that_looks_like_our_footnotes_makes_the_labels_change() -> None:
    chronology = chronology_of_hostile("see [^1] and [^n1]")
    text = markdown.to_markdown(chronology)
    check_document(text, chronology)
    assert "[^nn1]:" in text
    assert "[^1]:" not in text


def test_links_are_written_as_parsers_store_them() -> None:
    url = "https://\u00e9x.org/caf\u00e9?q=a|b&r=[x]#top"
    linked = chronology(event(sources=(source(url=url),)))
    text = markdown.to_markdown(linked)
    check_document(text, linked)
    assert "<https://xn--x-9fa.org/caf%C3%A9?q=a%7Cb&r=%5Bx%5D#top>" in text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=MARKUP, min_size=1, max_size=60).filter(str.strip))
def test_any_markup_text_is_literal_and_canonical(hostile: str) -> None:
    chronology = chronology_of_hostile(hostile)
    for layout in ("list", "table"):
        text = markdown.to_markdown(chronology, layout=layout)
        tokens = check_document(text, chronology, tables=layout == "table")
        assert plain(tokens[1]) == clean(hostile)


@settings(max_examples=100, deadline=None)
@given(one_line_text(max_size=40))
def test_any_unicode_text_is_literal(hostile: str) -> None:
    chronology = chronology_of_hostile(hostile)
    tokens = parser().parse(markdown.to_markdown(chronology))
    assert plain(tokens[1]) == clean(hostile)
    assert not [t for t in walk(tokens) if t.type in ("html_block", "html_inline", "link_open")][1:]


@settings(max_examples=60, deadline=None)
@given(timelines(), st.fixed_dictionaries({name: st.booleans() for name in SHOWN}))
def test_generated_timelines_keep_every_promise(chronology: Timeline, shown: Shown) -> None:
    for layout in ("list", "table"):
        for group_by in ("year", "month", "none"):
            text = markdown.to_markdown(chronology, layout=layout, group_by=group_by, **shown)
            tokens = check_document(text, chronology, tables=layout == "table")
            if layout == "list":
                assert len(items(tokens)) == len(chronology)


def chronology_of_hostile_details(text: str) -> Timeline:
    """Hostile text in every field the options add: a vote, an organisation's name, a note."""
    vote = timeline.Vote(body=text, resolution=text, yes=2, no=1, abstain=0, absent=1)
    return chronology(
        event(
            "hostile-vote",
            "2022-10-13",
            title="Vote",
            kind=timeline.Kind.VOTE,
            vote=vote,
            participants=("ZZX", "KZ"),
            absent=("KG",),
            note=text,
        ),
        organisations={"ZZX": text},
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_details_are_shown_literally(hostile: str) -> None:
    chronology = chronology_of_hostile_details(hostile)
    shown = clean(hostile)
    tokens = check_document(markdown.to_markdown(chronology, **EVERYTHING), chronology)
    (item,) = items(tokens)
    assert all(c.type in INLINE_MARKUP for c in kids(item))
    tally = "2 yes, 1 no, 0 abstaining, 1 absent"
    assert plain(item) == (
        f"13 October 2022: Vote. Vote ({shown}, {shown}): {tally}."
        f" Participants: {shown} (ZZX), Kazakhstan. Absent: Kyrgyzstan. Note: {shown}"
    )
    text = markdown.to_markdown(chronology, layout="table", **EVERYTHING)
    tokens = check_document(text, chronology, tables=True)
    cells = [plain(t) for t in walk(tokens) if t.type == "inline"]
    assert f"Vote ({tally})" in cells
    assert f"{shown} (ZZX), Kazakhstan" in cells
    assert shown in cells, "the note"


@settings(max_examples=200, deadline=None)
@given(urls)
def test_link_urls_are_already_normalized(url: str) -> None:
    link = markdown._link_url(url)
    assert MarkdownIt().normalizeLink(link) == link
    assert MarkdownIt().normalizeLink(url) == link


# -- front matter --------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str]:
    assert text.startswith("---\n")
    head, end, body = text[4:].partition("\n---\n")
    assert end, "the front matter is closed"
    return head, body.removeprefix("\n")


def test_front_matter_is_valid_yaml_with_title_description_updated() -> None:
    chronology = rich().model_copy(update={"updated": None})
    text = markdown.to_markdown(chronology, front_matter=True)
    head, body = split_front_matter(text)
    assert yaml.safe_load(head) == {
        "title": chronology.title,
        "description": chronology.description,
        "updated": chronology.last_changed,
    }
    assert canonical(body) == body
    tokens = parser().parse(text)
    assert tokens[0].type == "front_matter"
    assert "heading_open" not in [t.type for t in tokens[:3]], "no H1: Pandoc shows the YAML title"
    assert f"# {chronology.title}\n\n{body}" == markdown.to_markdown(chronology)


@settings(max_examples=200, deadline=None)
@given(one_line_text(max_size=60), paragraph_text())
def test_front_matter_strings_survive_yaml(title: str, description: str) -> None:
    chronology = Timeline(title=title, description=description)
    head, _ = split_front_matter(markdown.to_markdown(chronology, front_matter=True))
    loaded = yaml.safe_load(head)
    assert set(loaded) == {"title", "description"}
    # Markdown to pandoc, so escaped: without its escapes, the text as the body shows it
    unescaped = {key: re.sub(r"\\(.)", r"\1", value) for key, value in loaded.items()}
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", description)]
    assert unescaped == {
        "title": " ".join(chronology.title.split()),
        "description": "\n\n".join(part for part in paragraphs if part),
    }


def test_front_matter_uses_the_updated_date_when_given() -> None:
    from datetime import date

    chronology = rich().model_copy(update={"updated": date(2024, 1, 2)})
    head, _ = split_front_matter(markdown.to_markdown(chronology, front_matter=True))
    assert yaml.safe_load(head)["updated"] == date(2024, 1, 2)


def test_statuses_are_marked() -> None:
    marked = chronology(
        *(
            event(f"e-{n}", f"2022-10-{n + 1:02d}", title=status.value, status=status)
            for n, status in enumerate(Status)
        )
    )
    lines = [line for line in markdown.to_markdown(marked).splitlines() if line.startswith("- ")]
    assert [line.split("**: ")[1].split(".")[0] for line in lines] == [
        "*Scheduled:* scheduled",
        "occurred",
        "*Cancelled:* cancelled",
        "*Postponed:* postponed",
    ]


@pytest.mark.parametrize("hostile", ["<<a>", "x <<b> y", "<<<script>", "<<!-- c -->"])
def test_doubled_angle_brackets_stay_literal(hostile: str) -> None:
    """mdformat would turn these into raw HTML; the export must not (see MDFORMAT_UNSAFE)."""
    chronology = chronology_of_hostile(hostile)
    for layout in ("list", "table"):
        text = markdown.to_markdown(chronology, layout=layout)
        tokens = check_document(text, chronology, tables=layout == "table")
        assert plain(tokens[1]) == clean(hostile)


# -- series ----------------------------------------------------------------------------------------


def test_a_series_is_one_item_saying_its_rule_with_its_overrides_under_it() -> None:
    chronology = timeline.Timeline(
        title="Briefings", events=(*briefings(), event("talks", "2023-04-12"))
    )
    text = markdown.to_markdown(chronology)
    check_document(text, chronology)
    assert text.splitlines()[4:8] == [
        "- **every Monday at 10:00 (UTC+06) from 2 January to 26 June 2023**: Weekly briefing.[^1]",
        "  - **cancelled on 10 April**: Weekly briefing.[^2]",
        "  - **moved from 17 April to 18 April**: *Postponed:* Weekly briefing.[^3]",
        "- **12 April 2023**: Sixth CICA summit.[^4]",
    ]
    nested = parser().parse(text)
    depths = [token.level for token in nested if token.type == "bullet_list_open"]
    assert depths == [0, 2], "the overrides are a list inside the series' item"


def test_a_series_in_a_table_is_a_row_and_its_overrides_the_rows_after_it() -> None:
    chronology = timeline.Timeline(title="Briefings", events=briefings())
    text = markdown.to_markdown(chronology, layout="table", group_by="month")
    check_document(text, chronology, tables=True)
    dates = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| **")]
    assert dates == [
        "**every Monday at 10:00 (UTC+06) from 2 January to 26 June 2023**",
        "**cancelled on 10 April**",
        "**moved from 17 April to 18 April**",
    ]
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## January 2023"]
