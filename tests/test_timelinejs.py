"""The TimelineJS3 export, checked field by field against the format's documentation.

The TimelineJS3 "JSON data format" page lists: top level `events` (required), `title`, `eras`,
`scale`; slides with `start_date` (required except on the title slide), `end_date`, `text`,
`media`, `group`, `display_date`, `background`, `autolink`, `unique_id`; date objects with `year`
(required, a number), `month` (1-12), `day`, `hour` (0-23), `minute` (0-59), `second`,
`millisecond`, `display_date`, `format`; text objects with `headline` and `text` (HTML allowed).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import html5lib  # type: ignore[import-untyped, unused-ignore]  # no stubs installed yet
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import HOSTILE, MARKUP, chronology, event, one_line_text, rich, source
from tests.test_wording_series import accepted_rules, briefings
from timeline import Status, Timeline, Vote, When
from timeline.formats import _timelinejs as timelinejs
from timeline.formats import format_for

TOP_LEVEL = {"events", "title", "eras", "scale"}
SLIDE = {
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
}
DATE = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
ALLOWED_TAGS = {"p", "strong", "ul", "li", "a"}


def export(chronology: Timeline) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(timelinejs.to_timelinejs(chronology).encode())
    return loaded


class Html(HTMLParser):
    """Collects tags, attributes and text, so a test can see exactly what a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment in our HTML: {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"a processing instruction in our HTML: {data!r}")


def html(text: str) -> Html:
    parsed = Html()
    parsed.feed(text)
    parsed.close()
    assert set(parsed.tags) <= ALLOWED_TAGS, parsed.tags
    return parsed


def test_document_has_only_documented_fields() -> None:
    data = export(rich())
    assert set(data) <= TOP_LEVEL
    assert data["scale"] == "human"
    for slide in [data["title"], *data["events"]]:
        assert set(slide) <= SLIDE
        assert set(slide["text"]) == {"headline", "text"}
        for name in ("start_date", "end_date"):
            if name in slide:
                assert set(slide[name]) <= DATE
                assert all(isinstance(value, int) for value in slide[name].values())
                assert "year" in slide[name]


def test_title_slide_comes_from_the_timeline() -> None:
    title = export(rich())["title"]
    assert title == {
        "text": {
            "headline": "Central Asia and Russia, 2022\u20132023",
            "text": "<p>How the region handled Russia. A second paragraph.</p>",
        },
        "autolink": False,
    }
    assert "start_date" not in title


def test_every_event_is_one_slide_in_order_with_its_id_and_group() -> None:
    chronology = rich()
    slides = export(chronology)["events"]
    assert [slide["unique_id"] for slide in slides] == [item.id for item in chronology]
    groups = {slide["unique_id"]: slide["group"] for slide in slides}
    assert groups["cica-summit"] == "Summit"
    assert groups["plenary"] == "Meeting"
    assert groups["un-vote"] == "Vote"
    assert all(slide["autolink"] is False for slide in slides)


def by_id(chronology: Timeline) -> dict[str, dict[str, Any]]:
    return {slide["unique_id"]: slide for slide in export(chronology)["events"]}


def test_dates_carry_exactly_the_known_parts() -> None:
    slides = by_id(rich())
    assert slides["year-only"]["start_date"] == {"year": 2022}
    assert slides["drill"]["start_date"] == {"year": 2022, "month": 8}
    assert slides["un-vote"]["start_date"] == {"year": 2022, "month": 10, "day": 12}
    assert slides["plenary"]["start_date"] == {
        "year": 2022,
        "month": 10,
        "day": 13,
        "hour": 9,
        "minute": 50,
    }
    assert slides["cica-summit"]["start_date"] == {"year": 2022, "month": 10, "day": 12}
    assert slides["cica-summit"]["end_date"] == {"year": 2022, "month": 10, "day": 13}
    assert slides["early"]["end_date"] == {"year": 2022, "month": 10, "day": 10}
    for name in ("year-only", "drill", "un-vote", "plenary", "doubt"):
        assert "end_date" not in slides[name]


def test_every_slide_shows_its_date_in_the_house_style() -> None:
    chronology = rich()
    slides = by_id(chronology)
    assert slides["drill"]["display_date"] == "c. August 2022"
    assert slides["doubt"]["display_date"] == "20 September 2022?"
    assert slides["early"]["display_date"] == "early October 2022"
    assert slides["plenary"]["display_date"] == "13 October 2022, 09:50 (UTC+06)"
    # exact dates too: TimelineJS would show these the American way ("October 12, 2022")
    assert slides["year-only"]["display_date"] == "2022"
    assert slides["un-vote"]["display_date"] == "12 October 2022"
    assert slides["cica-summit"]["display_date"] == "12\u201313 October 2022"
    assert slides["next-year"]["display_date"] == "9 November 2023"
    for item in chronology:
        assert slides[item.id]["display_date"] == item.when.human()


def test_the_vote_tally_and_who_was_absent_are_in_the_text() -> None:
    slides = by_id(rich())
    assert slides["un-vote"]["text"]["text"].startswith(
        "<p>Vote (UN General Assembly): 143 yes, 5 no, 35 abstaining, 0 absent.</p><p>Source:</p>"
    )
    one = chronology(
        event(
            "es-11-1",
            "2022-03-02",
            kind=timeline.Kind.VOTE,
            summary="The Assembly deplored the invasion.",
            participants=("KZ", "RU"),
            absent=("KG",),
            vote=Vote(
                body="UN General Assembly",
                resolution="A/RES/ES-11/1",
                yes=141,
                no=5,
                abstain=35,
                absent=12,
            ),
        )
    )
    text = export(one)["events"][0]["text"]["text"]
    assert text.startswith(
        "<p>The Assembly deplored the invasion. Absent: Kyrgyzstan.</p>"
        "<p>Vote (UN General Assembly, A/RES/ES-11/1): 141 yes, 5 no, 35 abstaining, 12 absent."
        "</p><p>Source:</p>"
    )
    assert set(html(text).tags) <= ALLOWED_TAGS


def test_text_has_status_summary_place_and_linked_sources() -> None:
    slides = by_id(rich())
    summit = slides["cica-summit"]["text"]
    assert summit["headline"] == "Sixth CICA summit"
    assert summit["text"] == (
        "<p>Leaders met in Astana.</p><p>Astana</p><p>Sources:</p><ul>"
        "<li>Financial Times, \u201cKazakhstan chips away\u201d, October 2022</li>"
        '<li>Kremlin, \u201c<a href="https://en.kremlin.ru/events/69591">Press statements</a>'
        "\u201d</li></ul>"
    )
    drill = slides["drill"]["text"]
    assert drill["headline"] == "CSTO drill (cancelled)"
    assert drill["text"].startswith("<p><strong>Cancelled.</strong></p><p>Source:</p>")
    assert slides["early"]["text"]["headline"] == "Early talks (postponed)"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_and_shown_literally(hostile: str) -> None:
    url = "https://example.org/?a=1&b='2'"
    one = chronology(
        event(
            title=hostile,
            summary=hostile,
            place=timeline.Place(name=hostile),
            sources=(source(hostile, hostile, url=url),),
        ),
        title=hostile,
        description=hostile,
    )
    data = export(one)
    shown = " ".join(hostile.split())
    slide = data["events"][0]
    headline = html(slide["text"]["headline"])
    assert headline.tags == []
    assert "".join(headline.text) == shown
    body = html(slide["text"]["text"])
    assert body.tags == ["p", "p", "p", "ul", "li", "a"]
    assert body.hrefs == [url]
    assert body.text == [shown, shown, "Source:", f"{shown}, \u201c", shown, "\u201d"]
    title = data["title"]["text"]
    assert "".join(html(title["headline"]).text) == shown
    assert "".join(html(title["text"]).text) == shown


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=MARKUP, min_size=1) | one_line_text(max_size=60))
def test_any_text_is_literal_html(text: str) -> None:
    if not text.strip():
        return
    one = chronology(event(title=text, summary=text))
    slide = export(one)["events"][0]
    assert "".join(html(slide["text"]["headline"]).text) == " ".join(text.split())
    body = html(slide["text"]["text"])
    assert body.text[0] == " ".join(text.split())


def test_output_is_deterministic_utf8_with_a_final_newline() -> None:
    data = timelinejs.to_timelinejs(rich()).encode()
    assert data == timelinejs.to_timelinejs(rich()).encode()
    assert data.endswith(b"}\n")
    assert "\u2013".encode() in data, "UTF-8, not \\u escapes"
    assert timeline.to_timelinejs(rich()) == data.decode("utf-8")


def test_an_event_without_summary_or_place_still_lists_its_source() -> None:
    one = chronology(event(status=Status.OCCURRED))
    text = export(one)["events"][0]["text"]["text"]
    assert text == "<p>Source:</p><ul><li>Reuters, \u201cAn article\u201d</li></ul>"


def test_empty_timeline_has_an_empty_event_list() -> None:
    data = export(chronology())
    assert data["events"] == []
    assert data["title"]["text"] == {"headline": "Test chronology", "text": ""}


# -- the page ----------------------------------------------------------------------------------


def embedded(page: bytes) -> tuple[Any, list[Any]]:
    """The page parsed by html5lib (strict: any parse error fails), and its script elements."""
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    return document, document.findall(".//script")


def test_the_page_embeds_exactly_the_json_and_loads_timelinejs_from_its_cdn() -> None:
    chronology = rich()
    page = timelinejs.to_timelinejs_page(chronology).encode()
    assert page.startswith(b"<!DOCTYPE html>\n")
    assert page == timelinejs.to_timelinejs_page(chronology).encode("utf-8")
    document, scripts = embedded(page)
    assert [script.get("src") for script in scripts] == [
        "https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js",
        None,
        None,
    ]
    stylesheets = [link.get("href") for link in document.findall(".//link")]
    assert stylesheets == ["https://cdn.knightlab.com/libs/timeline3/latest/css/timeline.css"]
    assert scripts[1].get("type") == "application/json"
    assert json.loads(scripts[1].text) == json.loads(timelinejs.to_timelinejs(chronology).encode())
    assert scripts[1].get("id") in scripts[2].text
    assert "new TL.Timeline" in scripts[2].text
    assert document.find(".//title").text == chronology.title
    assert document.find(".//div[@id='timeline-embed']") is not None


def test_the_registry_writes_the_page_by_suffix_and_by_name() -> None:
    written = chronology()
    expected = timelinejs.to_timelinejs_page(written).encode()
    assert format_for("timelinejs-html").write(written) == expected
    assert format_for(path="x.timelinejs.html").write(written) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >x",
        "<!--<script>",
        "<!-- </script> -->",
        "\\</script>",
        "]]></script><img src=x onerror=alert(1)>",
        "nonchars \ufffe \U0010ffff, astral \U0001f1f0\U0001f1ff",  # C1 controls: refused
        *HOSTILE,
    ],
)
def test_no_text_can_leave_the_data_block(hostile: str) -> None:
    one = chronology(
        event(title=hostile, summary=hostile, place=timeline.Place(name=hostile)),
        title=hostile,
        description=hostile,
    )
    page = timelinejs.to_timelinejs_page(one).encode()
    data = page.split(b'<script type="application/json" id="timeline-data">', 1)[1]
    block = data.split(b"</script>", 1)[0]
    assert re.search(rb"<[/!]", block) is None  # nothing that could end or comment the block
    document, scripts = embedded(page)
    assert len(scripts) == 3
    assert json.loads(scripts[1].text) == json.loads(timelinejs.to_timelinejs(one).encode())
    assert document.find(".//img") is None
    assert [element.tag for element in document.find("body")] == ["div", "script", "script"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=MARKUP + "/!<-", min_size=1) | one_line_text(max_size=60))
def test_any_title_leaves_the_page_whole(text: str) -> None:
    if not text.strip():
        return
    one = chronology(event(title=text, summary=text), title=text)
    _, scripts = embedded(timelinejs.to_timelinejs_page(one).encode())
    assert len(scripts) == 3
    assert json.loads(scripts[1].text) == json.loads(timelinejs.to_timelinejs(one).encode())


# -- series ----------------------------------------------------------------------------------------


def test_a_series_gets_a_slide_per_occurrence_inside_the_span_of_the_other_events() -> None:
    slides = export(chronology(*briefings(), event("a", "2023-03-15"), event("b", "2023-05-02")))
    ids = [each["unique_id"] for each in slides["events"]]
    assert ids == [
        "a", "briefing-2023-03-20", "briefing-2023-03-27", "briefing-2023-04-03", "off",
        "moved", "briefing-2023-04-24", "briefing-2023-05-01", "b",
    ]  # fmt: skip
    repeated = slides["events"][1]
    assert repeated["start_date"] == {"year": 2023, "month": 3, "day": 20, "hour": 10, "minute": 0}
    assert repeated["display_date"] == "20 March 2023, 10:00 (UTC+06)"
    assert repeated["text"]["text"].startswith(
        "<p>Every Monday at 10:00 (UTC+06) from 2 January to 26 June 2023.</p>"
    )
    moved = slides["events"][5]
    assert moved["start_date"]["day"] == 18, "the override's slide, where it was moved to"
    assert moved["text"]["text"].startswith(
        "<p>Moved from 17 April to 18 April, an occurrence of \u201cWeekly briefing\u201d.</p>"
    )
    assert all(set(each) <= SLIDE for each in slides["events"])


def test_series_alone_show_their_first_two_years_each_slide_id_unique() -> None:
    weekly = briefings()[0]
    taken = event("briefing-2023-01-09", "2023-01-01", title="An id a slide would take")
    later = event("later", "2023-06-30")
    also = (When.parse("2023-01-02T15:00", zone="Asia/Almaty"),)
    twice = weekly.model_copy(update={"repeats": weekly.repeats.model_copy(update={"also": also})})  # type: ignore[union-attr]
    alone = export(chronology(twice, *briefings()[1:]))
    ids = [each["unique_id"] for each in alone["events"]]
    assert len(ids) == 27, "26 Mondays and one more on the first day"
    assert ids[:3] == [
        "briefing-2023-01-02t1000",
        "briefing-2023-01-02t1500",
        "briefing-2023-01-09",
    ]
    with_taken = export(chronology(twice, *briefings()[1:], taken, later))
    ids = [each["unique_id"] for each in with_taken["events"]]
    assert "briefing-2023-01-09-2" in ids
    assert len(ids) == len(set(ids))


def test_an_endless_series_alone_stops_after_two_years() -> None:
    daily = event("daily", "2023-01-01", title="Daily", repeats="FREQ=DAILY", kind="meeting")
    slides = export(chronology(daily))["events"]
    assert len(slides) == 731
    assert slides[-1]["start_date"] == {"year": 2024, "month": 12, "day": 31}


@settings(max_examples=40, deadline=None)
@given(accepted_rules(expandable=True))
def test_any_series_gets_slides_with_unique_ids_in_order(rule: str) -> None:
    repeating = event("s", "2023-01-31T10:00", title="S", repeats=rule, kind="meeting")
    slides = export(chronology(repeating, event("a", "2023-01-01"), event("b", "2023-03-31")))
    ids = [each["unique_id"] for each in slides["events"]]
    assert len(ids) == len(set(ids))
    assert {"a", "b"} <= set(ids)
    days = [(d["year"], d["month"], d["day"]) for d in (e["start_date"] for e in slides["events"])]
    assert days == sorted(days), "in order of date"
    assert ids[1].startswith("s-2023-01-31"), "the first occurrence, on the series' start"
