"""The HTML page, read by an independent HTML5 parser (html5lib) and by headless Chromium.

What a reader relies on: a page that parses without a single error, every event in order under
its year and month, data shown as text whatever it contains, links only where a source gives a
URL, nothing fetched from anywhere, and something on the screen when a real browser draws it.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import html5lib  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from tests.factories import HOSTILE, chronology, event, rich, source, timelines
from tests.test_wording_series import accepted_rules, briefings
from timeline import Kind, Place, Source, Status, Timeline, Vote
from timeline.formats import _html as html
from timeline.formats import format_for

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"

#: Every element the page is built from; data must never add one.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
    "time", "form", "label", "select", "option", "input", "output", "main", "section", "ol",
    "ul", "li", "span", "strong", "s", "dl", "dt", "dd", "a", "br", "footer", "code", "script",
}  # fmt: skip
#: Elements that would fetch something or run something from elsewhere.
FETCHING = {"link", "img", "iframe", "object", "embed", "source", "video", "audio", "base"}


def parse(data: bytes) -> ET.Element:
    """The page as html5lib's tree; any parse error fails the test, listing every error."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(data)
    errors = [(position, code, details) for position, code, details in parser.errors]
    assert errors == [], f"HTML5 parse errors: {errors[:5]}"
    return root


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def events_of(root: ET.Element) -> list[ET.Element]:
    return [li for li in root.iter("li") if "event" in (li.get("class") or "").split()]


def fields(item: ET.Element) -> dict[str, str]:
    """An event's labelled details: each `dt`'s text and the text of the `dd` after it."""
    children = list(next(item.iter("dl")))
    return {
        text_of(term): text_of(value)
        for term, value in zip(children[::2], children[1::2], strict=True)
    }


def shape(root: ET.Element) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The page's skeleton: each element's tag and attribute names, in document order."""
    for element in root.iter():
        yield element.tag, tuple(sorted(element.attrib))


def clean(text: str) -> str:
    """What the page promises to show: whitespace runs as one space, controls as U+FFFD."""
    return re.sub("[\x00-\x1f\x7f-\x9f]", "\ufffd", " ".join(text.split()))


def check_page(data: bytes, chronology: Timeline) -> ET.Element:
    """What every page has; returns the parsed tree for further checks."""
    root = parse(data)
    assert root.tag == "html"
    assert root.get("lang") == "en"
    assert {element.tag for element in root.iter()} <= OUR_TAGS
    assert len(list(root.iter("h1"))) == 1
    viewport = [m for m in root.iter("meta") if m.get("name") == "viewport"]
    assert len(viewport) == 1
    assert "width=device-width" in (viewport[0].get("content") or "")
    ids = [li.get("id") for li in events_of(root)]
    assert ids == [e.id for e in chronology.events], "every event, in chronological order"
    every_id = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(every_id) == len(set(every_id)), "ids are unique"
    for li, chosen in zip(events_of(root), chronology.events, strict=True):
        times = list(li.iter("time"))
        assert times[0].get("datetime") == chosen.when.start_point.first_day.isoformat()
        assert text_of(times[0]) == chosen.when.human()
    check_nothing_fetched(data, root, chronology)
    return root


def check_nothing_fetched(data: bytes, root: ET.Element, chronology: Timeline) -> None:
    urls = {s.url for e in chronology.events for s in e.sources if s.url is not None}
    links = list(root.iter("a"))
    assert {a.get("href") for a in links} <= urls, "links come only from the sources' urls"
    with_url = sum(1 for e in chronology.events for s in e.sources if s.url is not None)
    assert len(links) == with_url, "every source with a url is one link"
    for element in root.iter():
        assert element.tag not in FETCHING
        for name, value in element.attrib.items():
            if element.tag == "a" and name == "href":
                continue
            assert name not in ("src", "href", "srcset", "action", "style", "background")
            assert not name.startswith("on"), "no event handler attributes"
            assert "//" not in value or name.startswith("data-"), (element.tag, name, value)
    for script in root.iter("script"):
        assert script.get("src") is None
        assert script.text == html._SCRIPT
    styles = "".join(style.text or "" for style in root.iter("style"))
    assert styles == html._STYLE
    assert not re.search(r"@import|url\s*\(|https?:", styles, re.IGNORECASE)
    assert b"http-equiv" not in data.lower()


# -- the page ------------------------------------------------------------------------------------


def test_rich_timeline_reads_as_a_chronology() -> None:
    chronology = rich()
    data = html.to_html(chronology).encode()
    root = check_page(data, chronology)
    assert [text_of(h) for h in root.iter("h1")] == ["Central Asia and Russia, 2022\u20132023"]
    assert [text_of(h) for h in root.iter("h2")] == ["2022", "2023"]
    assert [text_of(h) for h in root.iter("h3")] == [
        "2022, no month given",
        "August 2022",
        "September 2022",
        "October 2022",
        "November 2023",
    ]
    assert all(len(list(section.iter("ol"))) == 1 for section in root.iter("section")
               if section.get("class") == "month")  # fmt: skip
    found = {li.get("id"): li for li in events_of(root)}
    summit = found["cica-summit"]
    assert text_of(next(summit.iter("time"))) == "12\u201313 October 2022"
    assert text_of(next(summit.iter("h4"))) == "Sixth CICA summit"
    assert fields(summit) == {
        "Place": "Astana, Kazakhstan",
        "Participants": "Kazakhstan, Russia, "
        "Conference on Interaction and Confidence-Building Measures in Asia (CICA)",
        "Sources": "Financial Times, \u201cKazakhstan chips away\u201d, October 2022"
        "Kremlin, \u201cPress statements\u201d",
    }
    assert "Leaders met in Astana." in text_of(summit)
    assert [text_of(a) for a in summit.iter("a")] == ["Kremlin, \u201cPress statements\u201d"]
    assert fields(found["un-vote"]) == {
        "Vote": "UN General Assembly: 143 yes, 5 no, 35 abstaining, 0 absent Russia: no",
        "Follows": "\u201cSixth CICA summit\u201d (12\u201313 October 2022)",
        "Source": "UN News, \u201cGeneral Assembly resolution\u201d",
    }
    assert text_of(next(found["plenary"].iter("time"))) == "13 October 2022, 09:50 (UTC+06)"


def test_statuses_are_labelled_and_cancelled_events_struck_through() -> None:
    root = check_page(html.to_html(rich()).encode(), rich())
    found = {li.get("id"): li for li in events_of(root)}
    drill = found["drill"]
    assert "status-cancelled" in (drill.get("class") or "")
    assert [text_of(s) for s in drill.iter("s")] == ["CSTO drill"], "the title is struck through"
    assert "Cancelled" in [text_of(s) for s in drill.iter("strong")]
    early = found["early"]
    assert "Postponed" in [text_of(s) for s in early.iter("strong")]
    assert not list(early.iter("s")), "a postponed event is not struck through"
    assert not list(found["cica-summit"].iter("strong")), "an event that occurred has no label"


def test_approximate_spans_and_moments_are_drawn_differently() -> None:
    root = check_page(html.to_html(rich()).encode(), rich())
    classes = {li.get("id"): set((li.get("class") or "").split()) for li in events_of(root)}
    assert {"span", "soft"} <= classes["drill"], "c. August 2022: a span with soft ends"
    assert {"span", "soft"} <= classes["early"]
    assert "span" in classes["cica-summit"]
    assert "soft" not in classes["cica-summit"], "a span known to the day has sharp ends"
    assert "point" in classes["plenary"]
    assert "doubt" in classes["doubt"]
    style = html._STYLE
    assert "li.span.soft::before" in style
    assert "mask-image:linear-gradient" in style
    assert "@media print" in style
    assert "@media (max-width:40rem)" in style


def test_absentees_sources_without_url_and_the_note() -> None:
    chronology = timeline.Timeline(
        title="T",
        organisations={"ZZX": "A made-up body"},
        events=(
            event(
                "a",
                "2022-10-13",
                participants=("KZ", "ZZX"),
                absent=("KG", "CSTO"),
                note="Checked against the record.",
                when_text="last Thursday",
                sources=(source("Reuters", "No link here"),),
            ),
        ),
    )
    root = check_page(html.to_html(chronology).encode(), chronology)
    item = events_of(root)[0]
    assert fields(item) == {
        "Participants": "Kazakhstan, A made-up body (ZZX)",
        "Absent": "Kyrgyzstan, Collective Security Treaty Organization (CSTO)",
        "Date as written": "\u201clast Thursday\u201d",
        "Source": "Reuters, \u201cNo link here\u201d",
    }
    assert "Note: Checked against the record." in text_of(item)
    assert not list(root.iter("a"))


def test_the_header_shows_the_span_and_last_changed_date_not_the_clock() -> None:
    chronology = rich()
    root = parse(html.to_html(chronology).encode())
    meta = text_of(next(p for p in root.iter("p") if p.get("class") == "meta"))
    assert meta == "8 events; from 1 January 2022 to 9 November 2023; last changed 9 November 2023."
    assert html.to_html(chronology) == html.to_html(rich()), "the same text every time"


def test_an_empty_timeline_is_a_page_too() -> None:
    empty = timeline.Timeline(title="Nothing yet")
    root = check_page(html.to_html(empty).encode(), empty)
    assert "No events." in text_of(root)


def test_the_registry_and_the_text_functions_agree() -> None:
    chronology = rich()
    assert format_for("html").write(chronology) == html.to_html(chronology).encode()
    assert format_for(path="page.htm").write(chronology) == html.to_html(chronology).encode()


def test_the_shipped_chronology_parses_cleanly() -> None:
    chronology = timeline.load(DATA)
    root = check_page(html.to_html(chronology).encode(), chronology)
    assert len(events_of(root)) == len(chronology) > 0


# -- text from the data --------------------------------------------------------------------------


def chronology_of(text: str) -> Timeline:
    """Data text in every field the page shows."""
    return chronology(
        event(
            "hostile",
            "2022-10-13",
            title=text,
            summary=text,
            note=text,
            when_text=text,
            kind=Kind.VOTE,
            status=Status.CANCELLED,
            place=Place(name=text),
            vote=Vote(body=text, resolution=text, yes=1, no=0, abstain=0),
            sources=(source(text, text, url="https://example.org/a"),),
        ),
        event("plain", "2022-10-14", title="Plain", sources=(source(text, "Other"),)),
        title=text,
        description=text,
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_only_ever_text(hostile: str) -> None:
    chronology = chronology_of(hostile)
    root = check_page(html.to_html(chronology).encode(), chronology)
    reference = parse(html.to_html(chronology_of(re.sub(r"\S+", "word", hostile))).encode())
    assert list(shape(root)) == list(shape(reference)), "no element or attribute from the data"
    shown = clean(hostile)
    assert text_of(next(root.iter("title"))) == " ".join(shown.split())
    assert text_of(next(root.iter("h1"))) == " ".join(shown.split())
    item = events_of(root)[0]
    assert text_of(next(item.iter("h4"))) == " ".join(shown.split())
    paragraphs = {p.get("class"): text_of(p) for p in item.iter("p")}
    assert paragraphs["summary"] == " ".join(shown.split())
    assert paragraphs["note"] == " ".join(f"Note: {shown}".split())
    assert [text_of(a) for a in root.iter("a")] == [
        " ".join(f"{shown}, \u201c{shown}\u201d".split())
    ]


def test_forbidden_characters_in_a_url_are_encoded_not_dropped() -> None:
    url = "https://example.org/a\x01b\ufdd0c"
    cited = Source.model_construct(publisher="P", title="T", url=url)  # validation refuses \x01
    root = parse(html.to_html(chronology(event("a", sources=(cited,)))).encode())
    assert [a.get("href") for a in root.iter("a")] == ["https://example.org/a%01b%EF%B7%90c"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5))
def test_any_timeline_parses_without_errors(chronology: Timeline) -> None:
    check_page(html.to_html(chronology).encode(), chronology)


# -- a real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    """The distribution's Chromium; missing, it fails the test: the page must be seen drawn."""
    found = shutil.which("chromium")
    assert found is not None, "chromium is not installed (apt-get install chromium)"
    return found


def run_chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_chromium_builds_the_page_and_the_script_adds_the_filters(
    chromium: str, tmp_path: Path
) -> None:
    chronology = rich()
    page = tmp_path / "page.html"
    page.write_bytes(html.to_html(chronology).encode())
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", page.as_uri())
    dom = html5lib.parse(done.stdout, treebuilder="etree", namespaceHTMLElements=False)
    assert [li.get("id") for li in events_of(dom)] == [e.id for e in chronology.events]
    form = next(f for f in dom.iter("form") if f.get("id") == "filters")
    assert form.get("hidden") is None, "the script showed the filters"
    counts = [text_of(o) for o in dom.iter("output")]
    assert counts == ["All 8 events"]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of raw pixel bytes) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0)
            assert colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind_of_filter = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for index in range(stride):
            left = line[index - channels] if index >= channels else 0
            up = previous[index]
            corner = previous[index - channels] if index >= channels else 0
            if kind_of_filter == 1:
                line[index] = (line[index] + left) & 0xFF
            elif kind_of_filter == 2:
                line[index] = (line[index] + up) & 0xFF
            elif kind_of_filter == 3:
                line[index] = (line[index] + (left + up) // 2) & 0xFF
            elif kind_of_filter == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[index] = (line[index] + near[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_chromium_draws_something_on_a_phone_sized_screen(chromium: str, tmp_path: Path) -> None:
    chronology = rich()
    page = tmp_path / "page.html"
    page.write_bytes(html.to_html(chronology).encode())
    shot = tmp_path / "shot.png"
    run_chromium(
        chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=390,700",
        page.as_uri(),
    )  # fmt: skip
    data = shot.read_bytes()
    assert 5_000 < len(data) < 5_000_000
    width, height, rows = png_pixels(data)
    assert (width, height) == (390, 700)
    channels = len(rows[0]) // width
    pixels = [row[i : i + 3] for row in rows for i in range(0, len(row), channels)]
    colours = set(pixels)
    assert len(colours) >= 16, "text, rules and markers in several colours"
    white = sum(1 for pixel in pixels if pixel == b"\xff\xff\xff")
    assert 0.02 < 1 - white / len(pixels) < 0.9, "neither blank nor a solid block"


# -- series ----------------------------------------------------------------------------------------


def test_a_series_is_one_entry_saying_its_rule_and_its_occurrences_are_listed_by_date() -> None:
    series_page = chronology(*briefings(), event("a", "2023-03-15"), event("b", "2023-05-02"))
    root = parse(html.to_html(series_page).encode())
    entries = events_of(root)
    full = [li for li in entries if li.get("id")]
    assert [li.get("id") for li in full] == ["briefing", "a", "off", "moved", "b"]
    when = text_of(next(full[0].iter("time")))
    assert when == "every Monday at 10:00 (UTC+06) from 2 January to 26 June 2023"
    assert fields(full[0])["Changes"] == "cancelled on 10 April; moved from 17 April to 18 April"
    assert fields(full[3])["Occurrence of"] == (
        "\u201cWeekly briefing\u201d, moved from 17 April to 18 April"
    )
    dated = [next(li.iter("time")).get("datetime") for li in entries]
    assert dated == [
        "2023-01-02", "2023-03-15", "2023-03-20", "2023-03-27", "2023-04-03", "2023-04-10",
        "2023-04-18", "2023-04-24", "2023-05-01", "2023-05-02",
    ]  # fmt: skip
    repeated = [li for li in entries if not li.get("id")]
    assert all("Repeats" in text_of(li) for li in repeated)
    assert {a.get("href") for li in repeated for a in li.iter("a")} == {"#briefing"}
    every_id = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(every_id) == len(set(every_id))
    targets = {a.get("href") for a in root.iter("a")}
    assert targets == {"#briefing", "#off", "#moved"}, "links only to entries of the page"


def test_a_page_of_series_alone_lists_their_first_two_years() -> None:
    daily = event("daily", "2023-01-01", title="Daily", repeats="FREQ=DAILY", kind="meeting")
    entries = events_of(parse(html.to_html(chronology(daily)).encode()))
    days = [next(li.iter("time")).get("datetime") for li in entries]
    assert days[:2] == ["2023-01-01", "2023-01-02"], "its entry stands for its first day"
    assert days[-1] == "2024-12-31"
    assert len(entries) == len(set(days)) == 731


@settings(max_examples=20, deadline=None)
@given(accepted_rules(expandable=True))
def test_any_series_makes_a_page_that_parses_cleanly(rule: str) -> None:
    repeating = event("s", "2023-01-31T10:00", title="S", repeats=rule, kind=Kind.MEETING)
    page = chronology(repeating, event("a", "2023-01-01"), event("b", "2023-03-31"))
    entries = events_of(parse(html.to_html(page).encode()))
    assert [li.get("id") for li in entries if li.get("id")] == ["a", "s", "b"]
