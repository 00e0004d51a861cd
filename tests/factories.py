"""The one place that makes test events and timelines: `Event` objects, the same in TOML text,
malformed TOML files, and hypothesis strategies."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.helpers import WriteToml
from timeline import Event, Kind, Link, Place, Relation, Source, Status, Timeline, Vote, When

#: Text that tries to be Markdown or HTML; every writer must show it literally.
HOSTILE = (
    "<script>alert(1)</script>",
    "# x",
    "[a](javascript:alert(1))",
    "**",
    "`code` and ``",
    "a | b | c",
    "1. first",
    "- item",
    "[^1]",
    "trailing backslash \\",
    "*emphasis* and _under_score_ snake_case",
    "&amp; &copy; &#35; &#x41; & plain",
    "<b>bold</b> <!-- comment --> <?php ?>",
    "> quoted",
    "===",
    "---",
    "+ plus",
    "2) two",
    "![image](https://example.org/x.png)",
    "<https://example.org>",
    "[ref]: https://example.org",
    "C#",
    "ends with ! ",
    "\\[^1\\] escaped",
    "\u00a0leading no-break space",
    "Ünïcødé — «guillemets» 中文",
)

#: Text only a field of paragraphs (a summary, a note, a description) may hold.
HOSTILE_PARAGRAPHS = (
    "line one\nline two\n\nthird paragraph",
    "tab\there",
    "\n\nleading and trailing breaks\n",
    "# heading\n\n- item\n> quote\n[ref]: https://example.org",
)

#: What no text field may hold, with the name the refusal gives it.
REFUSED = {
    "nul \x00": "U+0000 (NUL)",
    "bell \x07": "U+0007 (BEL)",
    "escape \x1b[2J": "U+001B (ESC)",
    "delete \x7f": "U+007F (DEL)",
    "next line \x85 in the middle": "U+0085 (NEL)",
    "csi \x9b": "U+009B (CSI)",
    "line \u2028 separator": "U+2028 (LINE SEPARATOR)",
    "paragraph \u2029 separator": "U+2029 (PARAGRAPH SEPARATOR)",
    "byte-order \ufeff mark": "U+FEFF (BYTE ORDER MARK)",
    "lone \ud800 surrogate": "U+D800 (a lone surrogate)",
}

#: The characters that mean something to Markdown or HTML, for the hypothesis alphabet (one
#: line: a title holds no tab or line break).
MARKUP = "\\*_[]()<>!`&#|-+=.:;~^\"' 0123456789aZ\u00a0\u3000\u00e9\u2014\u4e2d"


def source(publisher: str = "Reuters", title: str = "An article", **extra: Any) -> Source:
    return Source(publisher=publisher, title=title, **extra)


def event(
    event_id: str = "cica-summit",
    when: str = "2022-10-13",
    *,
    title: str = "Sixth CICA summit",
    sources: tuple[Source, ...] | None = None,
    **extra: Any,
) -> Event:
    """A valid event; `extra` sets any other field."""
    fields: dict[str, Any] = {
        "id": event_id,
        "title": title,
        "when": When.parse(when, zone="Asia/Almaty"),
        "kind": Kind.SUMMIT,
        "sources": sources if sources is not None else (source(),),
    }
    fields.update(extra)
    return Event(**fields)


def chronology(*events: Event, title: str = "Test chronology", **extra: Any) -> Timeline:
    return Timeline(title=title, events=events, **extra)


def rich() -> Timeline:
    """One of everything a writer must handle: each precision, qualifiers, statuses, a vote."""
    shared = source("Financial Times", "Kazakhstan chips away", published=When.parse("2022-10"))
    return chronology(
        event(
            "cica-summit",
            "2022-10-12/2022-10-13",
            place=Place(name="Astana", country="KZ", lat=51.1282, lon=71.4307),
            participants=("KZ", "RU", "CICA"),
            tags=("summit",),
            summary="Leaders met in Astana.",
            sources=(
                shared,
                source("Kremlin", "Press statements", url="https://en.kremlin.ru/events/69591"),
            ),
        ),
        event("drill", "2022-08~", title="CSTO drill", status=Status.CANCELLED, sources=(shared,)),
        event("plenary", "2022-10-13T09:50", title="Plenary opens", kind=Kind.MEETING),
        event("year-only", "2022", title="A year of change", kind=Kind.STATEMENT),
        event("early", "early October 2022", title="Early talks", status=Status.POSTPONED),
        event("doubt", "2022-09-20?", title="Uncertain visit", kind=Kind.VISIT),
        event(
            "un-vote",
            "2022-10-12",
            title="UN General Assembly vote",
            kind=Kind.VOTE,
            vote=Vote(
                body="UN General Assembly", yes=143, no=5, abstain=35, positions={"RU": "no"}
            ),
            links=(Link(rel=Relation.FOLLOWS, target="cica-summit"),),
            sources=(
                source("UN News", "General Assembly resolution", url="https://news.un.org/x"),
            ),
        ),
        event("next-year", "2023-11-09", title="Putin visits Astana", kind=Kind.VISIT),
        title="Central Asia and Russia, 2022\u20132023",
        description="How the region handled Russia.\n\nA second paragraph.",
        timezone="Asia/Almaty",
    )


# -- the same in TOML text -----------------------------------------------------------------------

HEADER = """\
[timeline]
title = "Test chronology"
timezone = "Asia/Almaty"
"""


EVENT = """\
[[events]]
id = "{id}"
title = "An event"
when = {when}
kind = "summit"
participants = ["KZ", "RU", "CICA"]

[[events.sources]]
publisher = "A publisher"
title = "An article"
published = 2022-10-17
"""


def event_toml(id: str = "cica-summit", when: str = "2022-10-13", **extra: str) -> str:
    """One valid event as TOML text, with `extra` lines added after its `kind` line."""
    text = EVENT.format(id=id, when=when)
    if extra:
        lines = "".join(f"{key} = {value}\n" for key, value in extra.items())
        text = text.replace('kind = "summit"\n', f'kind = "summit"\n{lines}')
    return text


#: The seeds' relative phrases in a TOML file: the articles date events the way reporters do,
#: "last Thursday" in a piece of 16 October 2022, "Thursday" in one of 9 November 2023, "late last
#: month" in one of early November 2022.
SEEDS = (
    HEADER
    + """
[[events]]
id = "putin-astana-2022"
title = "Putin lands in Astana"
when = "last Thursday"
kind = "visit"
participants = ["RU", "KZ"]
place = { name = "Astana", country = "KZ" }
as_of = 2022-10-16

[[events.sources]]
publisher = "Berliner Zeitung"
title = "He is lectured, exiled, and increasingly losing his influence"
published = "2022-10"

[[events]]
id = "putin-astana-2023"
title = "Putin in Kazakhstan"
when = "Thursday"
kind = "visit"
participants = ["RU", "KZ"]
absent = ["KG"]

[[events.sources]]
publisher = "CNBC"
title = "Putin visits Kazakhstan"
published = 2023-11-09

[[events]]
id = "baerbock-central-asia"
title = "Baerbock tours Central Asia"
when = "late last month"
kind = "visit"
participants = ["DE", "KZ", "UZ"]

[[events.sources]]
publisher = "CABAR.asia"
title = "Will We See a Sovereign Central Asia?"
published = 2022-11-04

[[events.links]]
rel = "follows"
target = "putin-astana-2022"
"""
)


#: Malformed TOML files, by name: (file text, expected line, expected event id, expected field,
#: fragment of the message).
MALFORMED: dict[str, tuple[str, int | None, str | None, str | None, str]] = {
    "toml-syntax": (HEADER + 'title = "unterminated\n', 4, None, None, "invalid toml"),
    "missing-timeline-table": (event_toml(), 1, None, None, "[timeline] table is missing"),
    "missing-title": (
        HEADER + event_toml().replace('title = "An event"\n', ""),
        4,  # a missing key is located at the start of its event
        "cica-summit",
        "title",
        "missing required field 'title'",
    ),
    "misspelt-field": (
        HEADER + event_toml(summery='"typo"'),
        9,
        "cica-summit",
        "summery",
        "did you mean 'summary'",
    ),
    "29-february-2023": (
        HEADER + event_toml(when='"2023-02-29"'),
        7,
        "cica-summit",
        "when",
        "2023",
    ),
    "end-before-start": (
        HEADER + event_toml(when='"2022-10-13/2022-10-01"'),
        7,
        "cica-summit",
        "when",
        "before",
    ),
    "unknown-month": (
        HEADER + event_toml(when='"13 Octobr 2022"'),
        7,
        "cica-summit",
        "when",
        "octobr",
    ),
    "unknown-kind": (
        HEADER + event_toml().replace('kind = "summit"', 'kind = "sumit"'),
        8,
        "cica-summit",
        "kind",
        "'sumit' is not an accepted value",
    ),
    "unknown-status": (
        HEADER + event_toml(status='"happened"'),
        9,
        "cica-summit",
        "status",
        "'happened' is not an accepted value",
    ),
    "duplicate-id": (
        HEADER + event_toml() + "\n" + event_toml(),
        17,
        "cica-summit",
        "id",
        "duplicate id",
    ),
    "dangling-link": (
        HEADER + event_toml() + '\n[[events.links]]\nrel = "part-of"\ntarget = "nowhere"\n',
        18,
        "cica-summit",
        "links[0].target",
        "unknown event 'nowhere'",
    ),
    "part-of-cycle": (
        HEADER
        + event_toml("a")
        + '[[events.links]]\nrel = "part-of"\ntarget = "b"\n\n'
        + event_toml("b")
        + '[[events.links]]\nrel = "part-of"\ntarget = "a"\n',
        None,  # anywhere, as long as there is a line
        "a",
        "links",
        "cycle",
    ),
    "bad-country-code": (
        HEADER + event_toml().replace('["KZ", "RU", "CICA"]', '["KZK", "RU"]'),
        9,
        "cica-summit",
        "participants[0]",
        "unknown organisation 'KZK'",
    ),
    "unknown-country": (
        HEADER + event_toml().replace('["KZ", "RU", "CICA"]', '["QQ"]'),
        9,
        "cica-summit",
        "participants[0]",
        "not an iso 3166-1",
    ),
    "unknown-organisation": (
        HEADER + event_toml().replace('["KZ", "RU", "CICA"]', '["KZ", "XYZO"]'),
        9,
        "cica-summit",
        "participants[1]",
        "unknown organisation 'XYZO'",
    ),
    "no-sources": (
        HEADER + event_toml().split("[[events.sources]]")[0] + "sources = []\n",
        None,  # anywhere, as long as there is a line
        "cica-summit",
        "sources",
        "no source given",
    ),
    "vote-does-not-add-up": (
        HEADER
        + event_toml().replace('kind = "summit"', 'kind = "vote"')
        + '\n[events.vote]\nbody = "UN General Assembly"\nyes = 141\nno = 5\nabstain = 35\n'
        + "absent = 11\nmembers = 193\n",
        16,
        "cica-summit",
        "vote",
        "= 192, but the body has 193",
    ),
    "vote-on-a-summit": (
        HEADER + event_toml() + '\n[events.vote]\nbody = "UNGA"\nyes = 1\nno = 0\nabstain = 0\n',
        4,
        "cica-summit",
        None,
        "needs kind = 'vote'",
    ),
    "unknown-zone": (
        HEADER + event_toml(when="2022-10-13T09:50:00", timezone='"Asia/Astana_City"'),
        7,
        "cica-summit",
        "when",
        "asia/astana_city",
    ),
    "bad-url": (
        HEADER + event_toml() + 'url = "not a url"\n',
        15,
        "cica-summit",
        "sources[0].url",
        "not a web address",
    ),
    "bad-id": (
        HEADER + event_toml(id="CICA Summit"),
        5,
        "CICA Summit",
        "id",
        "not a valid slug",
    ),
    "latitude-without-longitude": (
        HEADER + event_toml(place='{ name = "Astana", lat = 51.1 }'),
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


def write_malformed(write_toml: WriteToml, name: str) -> Path:
    text = MALFORMED[name][0]
    if name == "not-utf8":
        path = write_toml("")
        path.write_bytes(b'[timeline]\ntitle = "caf\xe9"\n')
        return path
    return write_toml(text)


# -- hypothesis ----------------------------------------------------------------------------------

WHENS = (
    "2022-10-13",
    "2022-10",
    "2022",
    "2022-10-12/2022-10-13",
    "2022-08~",
    "2022-09-20?",
    "early October 2022",
    "2022-10-13T09:50",
    "2021-12-28/2022-01-03",
    "2022-10-13T09:50:30Z",
    "2022-10-13T09:50-04",
)

#: (country, zone) pairs a place may have: each zone in its country, or no zone at all
PLACES = (
    (None, st.none() | st.just("Asia/Tashkent")),
    ("KZ", st.none() | st.just("Asia/Almaty")),
    ("RU", st.none() | st.just("Europe/Moscow")),
)

#: Every character a one-line text field holds: all of Unicode but controls (C0, DEL, C1),
#: the line and paragraph separators, surrogates and the byte-order mark.
LINE_CHARACTERS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufeff"
)
#: The same and tab and line feed: what a summary, a note or a description holds.
PARAGRAPH_CHARACTERS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufeff",
    include_characters="\t\n",
)


def one_line_text(min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text a title or a name may hold, with something in it besides spaces."""
    text = st.text(LINE_CHARACTERS, min_size=min_size, max_size=max_size)
    return text.filter(lambda text: bool(text.strip())) if min_size else text


def paragraph_text(min_size: int = 0, max_size: int = 60) -> st.SearchStrategy[str]:
    """Any text a summary, a note or a description may hold, line breaks and tabs included."""
    return st.text(PARAGRAPH_CHARACTERS, min_size=min_size, max_size=max_size)


markup_text = st.text(alphabet=MARKUP, min_size=1, max_size=40)
any_text = one_line_text()
words = st.one_of(markup_text, any_text).filter(lambda text: bool(text.strip()))
paragraphs = st.one_of(
    st.text(alphabet=MARKUP + "\t\n", min_size=1, max_size=40), paragraph_text(min_size=1)
).filter(lambda text: bool(text.strip()))
urls = st.builds(
    "https://{}/{}".format,
    st.sampled_from(["example.org", "ex.org:8080", "\u00e9x.org"]),
    st.text(alphabet="abc/?=&%#()[]|^`{}\\*_~'!é中 ", max_size=20),
).map(lambda url: url.replace(" ", ""))


@st.composite
def sources(draw: st.DrawFn) -> Source:
    return Source(
        publisher=draw(words),
        title=draw(words),
        url=draw(st.none() | urls),
        published=draw(st.none() | st.sampled_from(WHENS[:3]).map(When.parse)),
    )


@st.composite
def events(draw: st.DrawFn, index: int) -> Event:
    kind = draw(st.sampled_from(list(Kind)))
    country, zone = draw(st.sampled_from(PLACES))
    place = draw(st.none() | st.builds(Place, name=words, country=st.just(country), timezone=zone))
    vote = None
    if kind is Kind.VOTE and draw(st.booleans()):
        vote = Vote(body=draw(words), yes=3, no=1, abstain=0, positions={"RU": "no", "KZ": "yes"})
    return Event(
        id=f"event-{index}",
        title=draw(words),
        when=When.parse(draw(st.sampled_from(WHENS)), zone="Asia/Almaty"),
        kind=kind,
        status=draw(st.sampled_from(list(Status))),
        summary=draw(st.just("") | paragraphs),
        place=place,
        participants=tuple(draw(st.lists(st.sampled_from(["KZ", "RU", "CSTO"]), unique=True))),
        absent=tuple(draw(st.lists(st.sampled_from(["KG", "UN"]), unique=True))),
        when_text=draw(st.none() | words),
        as_of=draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 12, 31))),
        tags=tuple(draw(st.lists(st.sampled_from(["a", "b-c"]), unique=True))),
        sources=tuple(draw(st.lists(sources(), min_size=1, max_size=3))),
        links=(Link(rel=Relation.FOLLOWS, target="event-0"),) if index else (),
        vote=vote,
        note=draw(st.none() | paragraphs),
    )


@st.composite
def timelines(draw: st.DrawFn, max_events: int = 4) -> Timeline:
    count = draw(st.integers(min_value=0, max_value=max_events))
    return Timeline(
        title=draw(words),
        description=draw(st.just("") | paragraphs),
        timezone=draw(st.none() | st.just("Asia/Almaty")),
        organisations=draw(st.just({}) | st.just({"ZZX": "A made-up body", "AAX": "Another"})),
        events=tuple(draw(events(index)) for index in range(count)),
    )
