"""A time with no zone (floating: the same clock time wherever it is read, as in EDTF and
RFC 5545) and a time at a fixed UTC offset (`Z`, `-04`, `+04:30`): each read, kept apart from
a zone's clock, and carried by every writer, each output checked by a reader of its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

import timeline
from tests.factories import chronology, event
from tests.helpers import json_whens
from tests.test_html import check_page, text_of
from tests.test_ics_clients import run_icaljs, run_libical
from tests.test_markdown_pandoc import run as run_pandoc
from tests.test_timelinejs import by_id
from timeline import DateError, Timeline, When

FORMS = {
    "1985-04-12T23:20:30": "12 April 1985, 23:20:30 (local time)",
    "1985-04-12T23:20:30Z": "12 April 1985, 23:20:30 (UTC)",
    "1985-04-12T23:20:30-04": "12 April 1985, 23:20:30 (UTC-04)",
    "1985-04-12T23:20:30+04:30": "12 April 1985, 23:20:30 (UTC+04:30)",
    "2022-10-13T09:50/2022-10-13T11:00": "13 October 2022, 09:50\u201311:00 (local time)",
    "2022-10-13T09:50+06/2022-10-14T11:00+06": (
        "13 October 2022, 09:50 \u2013 14 October 2022, 11:00 (UTC+06)"
    ),
}


@pytest.mark.parametrize("text", list(FORMS))
def test_each_form_reads_writes_back_and_says_itself_in_words(text: str) -> None:
    when = When.parse(text)
    assert str(when) == text
    assert when.human() == FORMS[text]
    assert When.parse(when.human()) == when
    assert when.timezone is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1985-04-12T23:20:30+00:00", "1985-04-12T23:20:30Z"),
        ("1985-04-12T23:20:30-0400", "1985-04-12T23:20:30-04"),
        ("1985-04-12T23:20:30-04:00", "1985-04-12T23:20:30-04"),
        ("1985-04-12T23:20:30+0430", "1985-04-12T23:20:30+04:30"),
        ("1985-04-12 23:20:30z", "1985-04-12T23:20:30Z"),
    ],
)
def test_other_spellings_of_an_offset_have_one_canonical_form(text: str, canonical: str) -> None:
    assert str(When.parse(text)) == canonical


def test_a_named_zone_is_never_a_fixed_offset() -> None:
    zoned = When.parse("2022-10-13T09:50[Asia/Almaty]")
    fixed = When.parse("2022-10-13T09:50+06")
    assert zoned.start == fixed.start  # one instant ...
    assert zoned != fixed  # ... said two ways
    assert zoned.timezone is not None
    assert fixed.timezone is None
    assert not fixed.floating


def test_a_floating_and_a_zoned_end_make_no_interval() -> None:
    with pytest.raises(DateError, match="floating time"):
        When.parse("2022-10-13T09:50/2022-10-13T11:00Z")
    with pytest.raises(DateError, match=r"ends .* before it starts"):
        When.parse("2022-10-13T11:00/2022-10-13T09:50")


def test_a_default_zone_places_a_floating_time_but_not_a_written_offset() -> None:
    assert str(When.parse("2022-10-13T09:50", zone="Asia/Almaty")) == (
        "2022-10-13T09:50+06:00[Asia/Almaty]"
    )
    assert str(When.parse("2022-10-13T09:50-04", zone="Asia/Almaty")) == "2022-10-13T09:50-04"


# -- every writer --------------------------------------------------------------------------------


def times_chronology() -> Timeline:
    """No default zone, so nothing places the floating times."""

    def at(event_id: str, text: str) -> timeline.Event:
        return event(event_id, title=f"Event {event_id}").model_copy(
            update={"when": When.parse(text)}
        )

    return chronology(
        at("floating", "2022-10-13T09:50"),
        at("floating-span", "2022-10-13T09:50/2022-10-13T11:00"),
        at("utc", "2022-10-13T03:50:30Z"),
        at("behind", "2022-10-12T23:50-04"),
        at("ahead", "2022-10-13T08:20+04:30"),
    )


def test_json_and_csv_keep_each_kind_and_the_schema_accepts_it() -> None:
    chronicle = times_chronology()
    assert json_whens(chronicle) == {
        "floating": "2022-10-13T09:50",
        "floating-span": "2022-10-13T09:50/2022-10-13T11:00",
        "utc": "2022-10-13T03:50:30Z",
        "behind": "2022-10-12T23:50-04",
        "ahead": "2022-10-13T08:20+04:30",
    }
    with pytest.warns(timeline.TimelineWarning, match="no zone"):
        assert timeline.loads(timeline.to_json(chronicle), format="json") == chronicle
    with pytest.warns(timeline.TimelineWarning, match="no zone"):
        back = timeline.loads(timeline.to_csv(chronicle), format="csv", source="x.csv")
    assert back.events == chronicle.events


def test_a_calendar_writes_floating_times_floating_and_offsets_as_utc(tmp_path: Path) -> None:
    chronicle = times_chronology()
    data = timeline.to_ics(chronicle)
    text = data.decode("utf-8")
    assert "DTSTART:20221013T095000\r\n" in text
    assert "DTSTART:20221013T035030Z\r\n" in text
    assert "DTSTART:20221013T035000Z\r\nDTEND:20221013T045000Z\r\n" in text  # -04 and +04:30
    assert "X-TIMELINE-WHEN:2022-10-12T23:50-04\r\n" in text
    path = tmp_path / "times.ics"
    path.write_bytes(data)
    expected = {
        "floating@timeline.invalid": ("2022-10-13T09:50:00", "2022-10-13T10:50:00"),
        "floating-span@timeline.invalid": ("2022-10-13T09:50:00", "2022-10-13T11:00:00"),
        "utc@timeline.invalid": ("2022-10-13T03:50:30Z", "2022-10-13T04:50:30Z"),
        "behind@timeline.invalid": ("2022-10-13T03:50:00Z", "2022-10-13T04:50:00Z"),
        "ahead@timeline.invalid": ("2022-10-13T03:50:00Z", "2022-10-13T04:50:00Z"),
    }
    libical, _ = run_libical(path)
    assert libical == expected
    icaljs = {item["uid"]: (item["start"], item["end"]) for item in run_icaljs(path)["events"]}
    assert icaljs == expected
    starts = {
        str(item["UID"]): item.decoded("DTSTART")
        for item in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    assert starts["floating@timeline.invalid"] == datetime(2022, 10, 13, 9, 50)
    assert starts["behind@timeline.invalid"] == datetime(2022, 10, 13, 3, 50, tzinfo=UTC)
    with pytest.warns(timeline.TimelineWarning, match="no zone"):
        assert timeline.loads(data, format="ics") == chronicle, "our reader gives each kind back"


def test_markdown_html_and_timelinejs_show_the_clock_as_written() -> None:
    chronicle = times_chronology()
    markdown = timeline.to_markdown(chronicle)
    assert "**13 October 2022, 09:50 (local time)**" in markdown
    assert "**12 October 2022, 23:50 (UTC-04)**" in markdown
    plain, _ = run_pandoc(markdown, "--to", "plain", "--wrap=none")
    assert "13 October 2022, 08:20 (UTC+04:30): Event ahead." in plain.decode("utf-8")
    root = check_page(timeline.to_html(chronicle).encode(), chronicle)
    times = {li.get("id"): next(li.iter("time")) for li in root.iter("li") if li.get("id")}
    assert text_of(times["floating"]) == "13 October 2022, 09:50 (local time)"
    assert times["floating"].get("datetime") == "2022-10-13"  # the page dates by the day
    assert text_of(times["behind"]) == "12 October 2022, 23:50 (UTC-04)"
    assert times["behind"].get("datetime") == "2022-10-12"  # its own day, not UTC's
    slides = by_id(chronicle)
    assert slides["behind"]["start_date"] == {
        "year": 2022,
        "month": 10,
        "day": 12,
        "hour": 23,
        "minute": 50,
    }
    assert slides["floating"]["display_date"] == "13 October 2022, 09:50 (local time)"


def test_a_toml_date_time_floats_only_where_no_zone_is_known(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(
        '[timeline]\ntitle = "T"\n\n[[events]]\nid = "a"\ntitle = "A"\nkind = "meeting"\n'
        "when = 2022-10-13T09:50:00\n"
        '[[events.sources]]\npublisher = "P"\ntitle = "S"\n\n'
        '[[events]]\nid = "b"\ntitle = "B"\nkind = "meeting"\n'
        "when = 2022-10-13T09:50:00-04:00\n"
        '[[events.sources]]\npublisher = "P"\ntitle = "S"\n',
        encoding="utf-8",
    )
    with pytest.warns(timeline.TimelineWarning, match="no zone") as caught:
        chronicle = timeline.load(path)
    assert len(caught) == 1, "only the floating time is queried"
    assert str(chronicle["a"].when) == "2022-10-13T09:50"
    assert str(chronicle["b"].when) == "2022-10-13T09:50-04"
    assert chronicle["b"].when.start == datetime(
        2022, 10, 13, 9, 50, tzinfo=timezone(-timedelta(hours=4))
    )
