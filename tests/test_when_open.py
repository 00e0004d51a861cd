"""Intervals open at one end: a war still going on (`2022-02-24/..`), an end nobody gives
(`2022-02-24/`), a start that is open or unknown; read, ordered, selected and written by
every writer, each output checked by a reader of its own."""

from __future__ import annotations

import itertools
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from tests.factories import chronology, event
from tests.helpers import json_whens
from tests.test_html import check_page, text_of
from tests.test_ics_clients import run_icaljs, run_libical
from tests.test_markdown_pandoc import run as run_pandoc
from tests.test_timelinejs import by_id
from timeline import DateError, Point, Precision, Timeline, When

UPDATED = date(2023, 11, 9)

OPEN_FORMS = {
    "2022-02-24/..": ("open", None, "since 24 February 2022"),
    "2022-02-24/": ("unknown", None, "from 24 February 2022 (end unknown)"),
    "1985-04/..": ("open", None, "since April 1985"),
    "1984-06-02?/..": ("open", None, "since 2 June 1984?"),
    "2022-02~/..": ("open", None, "since c. February 2022"),
    "../1985-04-12": (None, "open", "until 12 April 1985"),
    "/1985-04-12": (None, "unknown", "until 12 April 1985 (start unknown)"),
    "../1985": (None, "open", "until 1985"),
}


@pytest.mark.parametrize("text", list(OPEN_FORMS))
def test_each_form_reads_and_writes_back_unchanged(text: str) -> None:
    open_end, open_start, words = OPEN_FORMS[text]
    when = When.parse(text)
    assert str(when) == text
    assert when.open_end == open_end
    assert when.open_start == open_start
    assert when.is_interval
    assert when.human() == words
    assert When.parse(words) == when, "the plain-English form reads back"
    assert pickle.loads(pickle.dumps(when)) == when


def test_an_open_end_covers_every_later_day_and_an_open_start_every_earlier_one() -> None:
    war = When.parse("2022-02-24/..")
    assert war.ongoing
    assert (war.first_day, war.last_day, war.last_known_day) == (
        date(2022, 2, 24),
        date.max,
        date(2022, 2, 24),
    )
    unknown = When.parse("2022-02-24/")
    assert not unknown.ongoing
    assert unknown.last_day == date.max, "it may have lasted: a selection keeps it"
    until = When.parse("../1985-04-12")
    assert (until.first_day, until.last_day) == (date.min, date(1985, 4, 12))


def test_other_plain_english_spellings_of_an_open_end() -> None:
    war = When.parse("2022-02-24/..")
    assert When.parse("24 February 2022 \u2013 ongoing") == war
    assert When.parse("from 24 February 2022 (ongoing)") == war
    assert When.parse("since 24 Feb 2022") == war


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("../..", "gives neither end"),
        ("/", "gives neither end"),
        ("since 12\u201313 October 2022", "has one known point"),
    ],
)
def test_what_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        When.parse(text)


def test_the_constructor_checks_its_ends() -> None:
    day = Point(date(2022, 2, 24), Precision.DAY)
    with pytest.raises(DateError, match="has one point"):
        When(day, Point(date(2022, 3, 1), Precision.DAY), open_end="open")
    with pytest.raises(DateError, match="says nothing"):
        When(day, open_start="open", open_end="unknown")
    with pytest.raises(DateError, match="'open' or 'unknown'"):
        When(day, open_end="later")  # type: ignore[arg-type]
    assert str(When(day, open_end="open")) == "2022-02-24/.."


ANY_WHEN = st.sampled_from(
    [
        *OPEN_FORMS,
        "2022-02-24",
        "2022-02",
        "2022",
        "2022-02-24/2022-03-01",
        "1985-04-12",
        "1985",
    ]
).map(When.parse)


@given(st.lists(ANY_WHEN, min_size=2, max_size=8))
def test_the_order_stays_total_and_agrees_with_the_text(whens: list[When]) -> None:
    ordered = sorted(whens)
    assert all(a <= b for a, b in itertools.pairwise(ordered))
    for one in whens:
        for other in whens:
            assert (one == other) == (str(one) == str(other))
            assert (one < other) + (one == other) + (one > other) == 1


def test_a_selection_keeps_an_ongoing_event_in_every_range_after_its_start() -> None:
    chronicle = open_chronology()
    for start, end in (("2022-03", "2022-03"), ("2023-06", "2023-06"), ("2030", "2031")):
        ids = [e.id for e in chronicle.select(start=start, end=end)]
        assert "war" in ids
        assert "gone" in ids
        assert "before" not in ids
    assert [e.id for e in chronicle.select(end="2022-01")] == ["before"]
    assert "war" not in [e.id for e in chronicle.select(end="2022-02-23")]


# -- every writer --------------------------------------------------------------------------------


def open_chronology() -> Timeline:
    return chronology(
        event("war", "2022-02-24/..", title="The war on Ukraine"),
        event("gone", "2022-02-24/", title="A mission with no known end"),
        event("before", "../1985-04-12", title="An office held until 1985"),
        event("summit", "2022-10-13"),
        updated=UPDATED,
    )


def test_json_keeps_the_open_ends_and_the_schema_accepts_them() -> None:
    chronicle = open_chronology()
    assert json_whens(chronicle) == {
        "before": "../1985-04-12",
        "war": "2022-02-24/..",
        "gone": "2022-02-24/",
        "summit": "2022-10-13",
    }
    assert timeline.loads(timeline.to_json(chronicle), format="json") == chronicle


def test_csv_gives_the_same_timeline_back() -> None:
    chronicle = open_chronology()
    assert timeline.loads(timeline.to_csv(chronicle), format="csv", source="x.csv").events == (
        chronicle.events
    )


def test_markdown_says_since_and_pandoc_reads_it() -> None:
    text = timeline.to_markdown(open_chronology())
    assert "**since 24 February 2022**: The war on Ukraine." in text
    assert "**from 24 February 2022 (end unknown)**" in text
    assert "**until 12 April 1985**" in text
    plain, _ = run_pandoc(text, "--to", "plain", "--wrap=none")
    assert "since 24 February 2022: The war on Ukraine." in plain.decode("utf-8")


def test_the_html_page_shows_each_open_end() -> None:
    chronicle = open_chronology()
    root = check_page(timeline.to_html(chronicle).encode(), chronicle)
    shown = {li.get("id"): text_of(next(li.iter("time"))) for li in root.iter("li") if li.get("id")}
    assert shown["war"] == "since 24 February 2022"
    assert shown["gone"] == "from 24 February 2022 (end unknown)"
    assert shown["before"] == "until 12 April 1985"


def test_timelinejs_leaves_the_end_out() -> None:
    slides = by_id(open_chronology())
    assert "end_date" not in slides["war"]
    assert "end_date" not in slides["gone"]
    assert slides["war"]["start_date"] == {"year": 2022, "month": 2, "day": 24}
    assert slides["war"]["display_date"] == "since 24 February 2022"
    assert slides["gone"]["display_date"] == "from 24 February 2022 (end unknown)"


def test_a_calendar_runs_an_ongoing_event_up_to_the_updated_date_and_says_so(
    tmp_path: Path,
) -> None:
    chronicle = open_chronology()
    data = timeline.to_ics(chronicle)
    text = data.decode("utf-8")
    war = text[text.index("UID:war@") : text.index("END:VEVENT", text.index("UID:war@"))]
    assert "DTSTART;VALUE=DATE:20220224\r\n" in war
    assert "DTEND;VALUE=DATE:20231110\r\n" in war, "up to and including the updated day"
    assert "X-TIMELINE-END:ongoing\r\n" in war
    assert "X-TIMELINE-WHEN:2022-02-24/..\r\n" in war
    assert "DESCRIPTION:since 24 February 2022 (ongoing as of 9 November 2023)" in war
    path = tmp_path / "open.ics"
    path.write_bytes(data)
    expected = {
        "war@timeline.invalid": ("2022-02-24", "2023-11-10"),
        "gone@timeline.invalid": ("2022-02-24", "2022-02-25"),
        "before@timeline.invalid": ("1985-04-12", "1985-04-13"),
    }
    libical, _ = run_libical(path)
    assert {uid: libical[uid] for uid in expected} == expected
    icaljs = {item["uid"]: (item["start"], item["end"]) for item in run_icaljs(path)["events"]}
    assert {uid: icaljs[uid] for uid in expected} == expected
    assert timeline.loads(data, format="ics") == chronicle, "our reader gives the open ends back"


def test_without_an_updated_date_the_calendar_uses_the_latest_day_mentioned() -> None:
    chronicle = chronology(event("war", "2022-02-24/.."), event("summit", "2022-10-13"))
    text = timeline.to_ics(chronicle).decode("utf-8")
    assert "DTEND;VALUE=DATE:20221014\r\nX-TIMELINE-END:ongoing" in text


def test_the_shipped_war_in_ukraine_is_ongoing() -> None:
    shipped = timeline.load(Path(__file__).parent.parent / "data" / "events.toml")
    war = shipped.by_id["russia-invades-ukraine-2022"]
    assert war.when.ongoing
    assert str(war.when) == "2022-02-24/.."


def test_ends_qualified_apart_survive_every_reader() -> None:
    """`1984~/2004-06`: an estimated start and a known end, told apart in words too."""
    when = When.parse("1984~/2004-06")
    assert when.marks == ((True, False), (False, False))
    assert when.human() == "from c. 1984 to June 2004"
    chronicle = chronology(event("office", "1984~/2004-06"), updated=UPDATED)
    for fmt in ("json", "csv", "ics"):
        data = timeline.formats.format_for(fmt).write(chronicle)
        back = timeline.loads(data, format=fmt, source=f"x.{fmt}")
        assert str(back.events[0].when) == "1984~/2004-06", fmt
    assert "**from c. 1984 to June 2004**" in timeline.to_markdown(chronicle)


def test_a_qualified_year_survives_every_reader() -> None:
    """`2004?-06-11`: the year in doubt, the day and month not; said so in words too."""
    when = When.parse("2004?-06-11")
    assert (when.scope, when.uncertain, when.approximate) == ("year", True, False)
    assert when.human() == "11 June 2004 (year uncertain)"
    chronicle = chronology(event("signing", "2004?-06-11"), updated=UPDATED)
    for fmt in ("json", "csv", "ics"):
        data = timeline.formats.format_for(fmt).write(chronicle)
        back = timeline.loads(data, format=fmt, source=f"x.{fmt}")
        assert str(back.events[0].when) == "2004?-06-11", fmt
    with pytest.raises(DateError, match="can qualify just its month"):
        When(Point(date(2004, 6, 1), Precision.MONTH), uncertain=True, scope="month")


def test_an_ongoing_event_left_out_of_a_calendar_leaves_no_gap() -> None:
    chronicle = chronology(event("war", "2022-02/.."), event("summit", "2022-10-13"))
    with pytest.warns(timeline.TimelineWarning, match="war"):
        data = timeline.to_ics(chronicle, imprecise="skip")
    assert b"UID:war@" not in data
    assert b"\r\n\r\n" not in data
    kept = timeline.to_ics(chronology(event("war", "2022-02-24/.."), event("x", "2022-10-13")))
    war = kept[kept.index(b"UID:war@") :]
    assert war.index(b"DTSTAMP:20221013T000000Z") < war.index(b"END:VEVENT")
    assert b"DTEND;VALUE=DATE:20221014\r\nX-TIMELINE-END:ongoing" in war
