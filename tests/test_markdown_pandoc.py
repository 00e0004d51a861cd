"""The Markdown export through the real Pandoc, as a writer takes it into Word or a web page.

Pandoc makes one note per footnote *reference*, so what counts is what comes out of it: one note
per event in docx and HTML (never one per use of a shared source), the title shown once, and no
warning. These tests need the `pandoc` program and fail, not skip, without it: a skipped check
would let the 16-identical-notes bug back in unnoticed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

import timeline
from tests.factories import HOSTILE
from tests.test_markdown import EVERYTHING
from tests.test_wording_series import briefings
from timeline import Timeline
from timeline.formats import _markdown as markdown

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "events.toml"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pandoc() -> str:
    """The program, or a failure (not a skip, not a setup error) saying how to install it."""
    found = shutil.which("pandoc")
    if found is None:
        pytest.fail(
            "pandoc is not on PATH: these tests check the Markdown export with the real program;"
            " install it (Debian/Ubuntu: apt-get install pandoc, or `make` in CI)",
            pytrace=False,
        )
    return found


@cache
def shipped() -> Timeline:
    return timeline.load(SHIPPED)


def run(text: str, *args: str) -> tuple[bytes, str]:
    """Pandoc's output and its stderr for Markdown `text` read as Pandoc's own dialect."""
    result = subprocess.run(
        [pandoc(), "--from", "markdown", *args],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, f"pandoc {' '.join(args)} failed:\n{stderr}"
    return result.stdout, stderr


def to_docx(text: str, folder: Path) -> tuple[zipfile.ZipFile, str]:
    target = folder / "chronology.docx"
    _, stderr = run(text, "--to", "docx", "--output", str(target))
    return zipfile.ZipFile(target), stderr


def word_notes(docx: zipfile.ZipFile) -> list[str]:
    """The text of each real footnote (Word's separator and continuation notes have w:type)."""
    root = ElementTree.fromstring(docx.read("word/footnotes.xml"))
    return [
        "".join(node.text or "" for node in note.iter(f"{WORD}t"))
        for note in root.iter(f"{WORD}footnote")
        if note.get(f"{WORD}type") is None
    ]


def word_references(docx: zipfile.ZipFile) -> int:
    root = ElementTree.fromstring(docx.read("word/document.xml"))
    return sum(1 for _ in root.iter(f"{WORD}footnoteReference"))


class Html(HTMLParser):
    """What a reader of Pandoc's HTML sees: notes, note references, headings, body text."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[list[str]] = []  # the text of each <li id="fnN">
        self.references = 0
        self.headings: list[list[str]] = []
        self.body: list[str] = []
        self.in_body = False
        self.in_note = 0  # depth of <li> inside the current note, 0 outside
        self.in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "body":
            self.in_body = True
        elif tag == "li" and re.fullmatch(r"fn[0-9]+", attributes.get("id") or ""):
            self.notes.append([])
            self.in_note = 1
        elif tag == "li" and self.in_note:
            self.in_note += 1
        elif tag == "a" and "footnote-ref" in (attributes.get("class") or "").split():
            self.references += 1
        elif re.fullmatch("h[1-6]", tag):
            self.headings.append([])
            self.in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.in_note:
            self.in_note -= 1
        elif re.fullmatch("h[1-6]", tag):
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.body.append(data)
        if self.in_note:
            self.notes[-1].append(data)
        if self.in_heading:
            self.headings[-1].append(data)


def words(parts: list[str]) -> str:
    """Text as read, whatever Pandoc did to lines (it wraps long headings)."""
    return " ".join("".join(parts).split())


def untypeset(text: str) -> str:
    """Pandoc's output with its `smart` typography undone: straight quotes, three dots."""
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u2026", "...")):
        text = text.replace(curly, straight)
    return text


def read_html(html: bytes, *, fragment: bool = True) -> Html:
    page = Html()
    page.in_body = fragment  # a fragment is all body
    page.feed(html.decode("utf-8"))
    page.close()
    return page


# -- one note per event ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["list", "table"])
def test_word_gets_one_footnote_per_event(tmp_path: Path, layout: markdown.Layout) -> None:
    chronology = shipped()
    text = markdown.to_markdown(chronology, layout=layout)
    docx, stderr = to_docx(text, tmp_path)
    notes = word_notes(docx)
    sources = {source for event in chronology for source in event.sources}
    assert len(sources) < len(chronology), "the data shares sources, or the test proves nothing"
    assert len(notes) == len(chronology) == word_references(docx)
    for note, event in zip(notes, chronology, strict=True):
        for source in event.sources:
            assert source.publisher in note, f"{event.id}: its note names each of its sources"
    assert stderr == ""


@pytest.mark.parametrize("layout", ["list", "table"])
def test_html_gets_one_footnote_per_event(layout: markdown.Layout) -> None:
    chronology = shipped()
    html, stderr = run(markdown.to_markdown(chronology, layout=layout), "--to", "html")
    page = read_html(html)
    assert len(page.notes) == len(chronology) == page.references
    for note, event in zip(page.notes, chronology, strict=True):
        distinct = {(source.publisher, source.title) for source in event.sources}
        assert "".join(note).count("\u201c") == len(distinct), f"{event.id}: each source once"
    assert stderr == ""


def test_every_option_still_gives_one_note_per_event(tmp_path: Path) -> None:
    chronology = shipped()
    text = markdown.to_markdown(chronology, **EVERYTHING)
    docx, stderr = to_docx(text, tmp_path)
    assert len(word_notes(docx)) == len(chronology)
    assert stderr == ""


# -- the title -----------------------------------------------------------------------------------


def test_front_matter_title_shows_once_in_a_standalone_page() -> None:
    chronology = shipped()
    text = markdown.to_markdown(chronology, front_matter=True)
    html, stderr = run(text, "--standalone", "--to", "html")
    page = read_html(html, fragment=False)
    assert words(page.body).count(chronology.title) == 1, "the title once in the page"
    assert [words(heading) for heading in page.headings].count(chronology.title) == 1
    assert f"<title>{chronology.title}</title>".encode() in html
    assert stderr == "", "Pandoc takes the title from the YAML, so it has nothing to warn about"


def test_without_front_matter_the_title_is_the_one_heading() -> None:
    chronology = shipped()
    html, stderr = run(markdown.to_markdown(chronology), "--to", "html")
    page = read_html(html)
    headings = [words(heading) for heading in page.headings]
    assert headings[0] == chronology.title
    assert headings.count(chronology.title) == 1
    assert stderr == ""


@pytest.mark.parametrize("front_matter", [False, True])
def test_pandoc_has_no_warning_for_word(tmp_path: Path, front_matter: bool) -> None:
    text = markdown.to_markdown(shipped(), front_matter=front_matter, group_by="month")
    _, stderr = to_docx(text, tmp_path)
    assert stderr == ""


# -- what the options add ------------------------------------------------------------------------

VOTE = "unga-es-11-1-2022"  # 141 yes, 5 no, 35 abstaining, 12 absent
STAYED_AWAY = "cis-informal-summit-st-petersburg-2022"  # Kyrgyzstan absent


def item(text: str, chronology: Timeline, event_id: str) -> str:
    """The list item of one event (items come in the timeline's order)."""
    lines = [line for line in text.splitlines() if line.startswith("- **")]
    return lines[[event.id for event in chronology].index(event_id)]


def test_vote_tally_is_shown_by_default() -> None:
    chronology = shipped()
    tally = "141 yes, 5 no, 35 abstaining, 12 absent"
    assert tally in item(markdown.to_markdown(chronology), chronology, VOTE)
    assert tally not in markdown.to_markdown(chronology, votes=False)
    table = markdown.to_markdown(chronology, layout="table")
    assert f"Ukraine ({tally})" in table


def test_absentees_are_shown_by_default_and_can_be_left_out() -> None:
    chronology = shipped()
    assert "Absent: Kyrgyzstan." in item(markdown.to_markdown(chronology), chronology, STAYED_AWAY)
    assert "Absent:" not in markdown.to_markdown(chronology, absent=False)


def test_participants_are_named_when_asked() -> None:
    chronology = shipped()
    assert "Participants:" not in markdown.to_markdown(chronology)
    line = item(markdown.to_markdown(chronology, participants=True), chronology, VOTE)
    assert "Participants: United Nations (UN), Kazakhstan, Kyrgyzstan, Tajikistan," in line
    table = markdown.to_markdown(chronology, layout="table", participants=True)
    assert "| Participants " in table.splitlines()[table.splitlines().index("## 2022") + 2]


def test_notes_are_shown_when_asked() -> None:
    chronology = shipped()
    note = chronology[VOTE].note
    assert note
    assert "*Note:*" not in markdown.to_markdown(chronology)
    text = markdown.to_markdown(chronology, notes=True)
    assert item(text, chronology, VOTE).endswith(f" *Note:* {note}")
    plain, stderr = run(text, "--to", "plain", "--wrap", "none")
    assert note in untypeset(plain.decode("utf-8"))
    assert stderr == ""


# -- the front matter is text, not markup --------------------------------------------------------

EVIL = "http://evil.example/ref"
#: Titles pandoc's Markdown would make markup of, were they not escaped in the YAML.
FRONT_MATTER_TITLES = (
    "<img src=x onerror=alert(1)>",
    "[a](http://evil.example/ref) link",
    '[x]{onclick="alert(1)"} span',
    "<!-- comment --> `code`{=html}",
    "&lt;b&gt; &amp; entities",
    "# 1. - > | : ~sub~ ^sup^ $math$ @cite ^[note] \\\\ back",
    "A. Smith and ii) roman",
    *HOSTILE,
)


def literally(text: str) -> str:
    """How pandoc shows `text` as plain text: every ASCII punctuation mark escaped, as its
    Markdown allows (all_symbols_escapable), then typography undone on both sides."""
    escaped = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(text.split()))
    return plainly(words(read_html(run(escaped, "--to", "html")[0]).body))


def plainly(text: str) -> str:
    """Pandoc's `smart` typography undone: straight quotes, three dots, hyphens for dashes."""
    text = untypeset(text).replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.replace("\u2014", "---").replace("\u2013", "--").split())


class Markup(HTMLParser):
    """Every element, attribute and link of a page, to prove none came from the data."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.links: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)


def hostile_front_matter(title: str) -> Timeline:
    return Timeline(
        title=title,
        description=f"{title}\n\n[r]: {EVIL}\n\n[r]",
        events=shipped().events[:2],
    )


@pytest.mark.parametrize("title", FRONT_MATTER_TITLES)
def test_front_matter_is_shown_as_written_in_a_standalone_page(title: str) -> None:
    chronology = hostile_front_matter(title)
    text = markdown.to_markdown(chronology, front_matter=True)
    html, _ = run(text, "--standalone", "--to", "html")
    page = Markup()
    page.feed(html.decode("utf-8"))
    assert "img" not in page.tags
    assert not [name for name in page.attributes if name.startswith("on")]
    assert not [link for link in page.links if "evil" in link]
    assert plainly("".join(page.title)) == literally(title)
    head, _ = text.split("\n---\n", 1)
    loaded = yaml.safe_load(head.removeprefix("---\n"))
    assert re.sub(r"\\(.)", r"\1", loaded["title"]) == " ".join(title.split())


def test_a_reference_in_the_description_links_nothing_in_the_body() -> None:
    chronology = hostile_front_matter("Plain")
    text = markdown.to_markdown(chronology, front_matter=True)
    for args in (("--to", "html"), ("--standalone", "--to", "html")):
        html, _ = run(text, *args)
        assert b'evil.example/ref"' not in html
        assert b'<a href="http://evil' not in html


@pytest.mark.parametrize("title", FRONT_MATTER_TITLES[:4])
def test_front_matter_makes_no_link_in_word(tmp_path: Path, title: str) -> None:
    text = markdown.to_markdown(hostile_front_matter(title), front_matter=True)
    docx, _ = to_docx(text, tmp_path)
    relations = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "evil.example" not in relations
    root = ElementTree.fromstring(docx.read("word/document.xml"))
    assert not list(root.iter(f"{WORD}hyperlink")), "the title and description link nothing"
    first = next(root.iter(f"{WORD}p"))
    shown = "".join(node.text or "" for node in first.iter(f"{WORD}t"))
    assert plainly(shown) == literally(title)


# -- series ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["list", "table"])
def test_a_series_and_its_overrides_read_in_pandoc_one_note_each(
    tmp_path: Path, layout: markdown.Layout
) -> None:
    chronology = Timeline(title="Briefings", events=briefings())
    text = markdown.to_markdown(chronology, layout=layout)
    html, stderr = run(text, "--to", "html")
    page = read_html(html)
    body = words(page.body)
    assert "every Monday at 10:00 (UTC+06) from 2 January to 26 June 2023" in body
    assert "cancelled on 10 April" in body
    assert "moved from 17 April to 18 April" in body
    assert len(page.notes) == len(chronology) == page.references
    assert stderr == ""
    if layout == "list":
        nested = html.decode().split("<ul>")
        assert len(nested) == 3, "one list of events, one of the series' overrides inside it"
        assert "cancelled on 10 April" in nested[2]
    docx, stderr = to_docx(text, tmp_path)
    assert len(word_notes(docx)) == len(chronology) == word_references(docx)
    assert stderr == ""
