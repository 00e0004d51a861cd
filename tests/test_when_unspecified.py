"""EDTF's unspecified digits (`201X`, `20XX`, `2004-XX`, `1985-04-XX`, `1985-XX-XX`): one
year, month or day somewhere in a span, read, spelt in words and carried by every writer."""

from __future__ import annotations

import json
from datetime import date

import icalendar
import pytest

import timeline
from tests.factories import chronology, event
from tests.test_html import check_page, text_of
from tests.test_markdown_pandoc import run as run_pandoc
from timeline import DateError, Precision, When

FORMS = {
    "201X": (date(2010, 1, 1), date(2019, 12, 31), Precision.YEAR, "some year of the 2010s"),
    "20XX": (date(2000, 1, 1), date(2099, 12, 31), Precision.YEAR, "some year from 2000 to 2099"),
    "1XXX": (date(1000, 1, 1), date(1999, 12, 31), Precision.YEAR, "some year from 1000 to 1999"),
    "2004-XX": (date(2004, 1, 1), date(2004, 12, 31), Precision.MONTH, "some month of 2004"),
    "1985-04-XX": (date(1985, 4, 1), date(1985, 4, 30), Precision.DAY, "some day in April 1985"),
    "2024-02-XX": (date(2024, 2, 1), date(2024, 2, 29), Precision.DAY, "some day in February 2024"),
    "1985-XX-XX": (date(1985, 1, 1), date(1985, 12, 31), Precision.DAY, "some day in 1985"),
}


@pytest.mark.parametrize("text", list(FORMS))
def test_the_span_and_the_precision_follow_from_the_digits(text: str) -> None:
    first, last, precision, words = FORMS[text]
    when = When.parse(text)
    assert str(when) == text
    assert (when.first_day, when.last_day, when.precision) == (first, last, precision)
    assert when.unspecified
    assert when.human() == words
    assert When.parse(words) == when


def test_one_unknown_year_is_not_every_year_of_the_span() -> None:
    some_year = When.parse("201X")
    every_year = When.parse("2010/2019")
    assert (some_year.first_day, some_year.last_day) == (every_year.first_day, every_year.last_day)
    assert some_year != every_year
    assert str(every_year) == "2010/2019"
    assert sorted([some_year, every_year]) == sorted([every_year, some_year])


def test_qualifiers_go_with_it() -> None:
    assert str(When.parse("201X?")) == "201X?"
    assert When.parse("c. some month of 2004?") == When.parse("2004-XX%")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("201X-04", "a year with X digits takes no month"),
        ("2004-06-X", "X digits stand for the last digits"),
        ("201X/2020", "X digits stand for the last digits"),
        ("2004-XX-11", "X digits stand for the last digits"),
        ("0XXX", "includes the year 0"),
        ("some year from 2000 to 2049", "not a decade, a century or a millennium"),
    ],
)
def test_what_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        When.parse(text)


def test_the_constructor_takes_only_spans_the_digits_can_say() -> None:
    plain = When.parse("2010/2018")
    with pytest.raises(DateError, match="is not a span EDTF's X digits can say"):
        When(plain.start_point, plain.end_point, unspecified=True)


def test_every_writer_carries_it_and_the_readers_give_it_back() -> None:
    chronicle = chronology(event("a", "201X"), event("b", "1985-04-XX"), event("c", "2004-XX~"))
    document = json.loads(timeline.to_json(chronicle))
    assert [item["when"] for item in document["events"]] == ["1985-04-XX", "2004-XX~", "201X"]
    for fmt in ("json", "csv", "ics"):
        data = timeline.formats.format_for(fmt).write(chronicle)
        back = timeline.loads(data, format=fmt, source=f"x.{fmt}")
        assert back.events == chronicle.events, fmt
    calendar = icalendar.Calendar.from_ical(timeline.to_ics(chronicle))
    spans = {
        str(item["UID"]): (
            item.decoded("DTSTART"),
            item.decoded("DTEND"),
            str(item["X-TIMELINE-WHEN"]),
        )
        for item in calendar.walk("VEVENT")
    }
    assert spans["b@timeline.invalid"] == (date(1985, 4, 1), date(1985, 5, 1), "1985-04-XX")
    assert spans["a@timeline.invalid"] == (date(2010, 1, 1), date(2020, 1, 1), "201X")
    text = timeline.to_markdown(chronicle)
    assert "**some day in April 1985**" in text
    assert "**c. some month of 2004**" in text
    slides = json.loads(timeline.to_timelinejs(chronicle))["events"]
    assert [slide["display_date"] for slide in slides] == [
        "some day in April 1985",
        "c. some month of 2004",
        "some year of the 2010s",
    ]


def test_the_html_page_and_pandoc_show_seasons_and_unspecified_dates_in_words() -> None:
    chronicle = chronology(
        event("season", "2022-22", title="A summer event"),
        event("some-day", "1985-04-XX", title="A day in April"),
        event("decade", "201X", title="A year of the decade"),
    )
    root = check_page(timeline.to_html(chronicle).encode(), chronicle)
    shown = {li.get("id"): text_of(next(li.iter("time"))) for li in root.iter("li") if li.get("id")}
    assert shown == {
        "season": "summer 2022",
        "some-day": "some day in April 1985",
        "decade": "some year of the 2010s",
    }
    plain, _ = run_pandoc(timeline.to_markdown(chronicle), "--to", "plain", "--wrap=none")
    text = plain.decode("utf-8")
    for line in (
        "summer 2022: A summer event.",
        "some day in April 1985: A day in April.",
        "some year of the 2010s: A year of the decade.",
    ):
        assert line in text
