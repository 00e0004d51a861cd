"""The TOML writer (`to_toml`, `export -o x.toml`): the layout docs/authoring.md teaches, read
back equal from every reader's output, a fixed point when written twice, and text any TOML
parser reads as written (toml-rs, which the reader uses, `tomllib` and rtoml)."""

from __future__ import annotations

import tomllib
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import rtoml
import toml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import LINE_CHARACTERS, event, rich, source, timelines
from tests.series_factories import series_timelines
from timeline import Event, Place, Timeline, TimelineWarning, When, load, loads, to_toml
from timeline._cli import main
from timeline.formats import FORMATS, READABLE
from timeline.formats._toml_writer import _string, _text

SHIPPED = Path(__file__).parent.parent / "data" / "events.toml"
#: The shipped chronology's events, as the written file's comment and `export` count them.
COUNTED = f"{len(load(SHIPPED))} events"
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_back(text: str) -> Timeline:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)  # likely mistakes of generated data
        return loads(text, format="toml")


def parsed_alike(text: str) -> dict[str, object]:
    """The document as toml-rs reads it, after checking tomllib and rtoml read the same."""
    document: dict[str, object] = toml_rs.loads(text, toml_version="1.0.0")
    assert tomllib.loads(text) == document
    assert rtoml.loads(text) == document
    return document


def assert_round_trip(chronology: Timeline) -> None:
    text = to_toml(chronology)
    parsed_alike(text)
    again = read_back(text)
    assert again == chronology
    assert to_toml(again) == text


# -- read back equal, and a fixed point --------------------------------------------------------


@SLOW
@given(timelines())
def test_a_generated_timeline_reads_back_equal(chronology: Timeline) -> None:
    assert_round_trip(chronology)


@SLOW
@given(series_timelines())
def test_a_timeline_with_series_reads_back_equal(chronology: Timeline) -> None:
    assert_round_trip(chronology)


def test_the_shipped_chronology_reads_back_equal_and_is_a_fixed_point() -> None:
    shipped = load(SHIPPED)
    assert_round_trip(shipped)
    assert_round_trip(rich())


def read_as(name: str, chronology: Timeline) -> Timeline:
    """What the format's reader makes of the format's writing of `chronology`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        return loads(FORMATS[name].write(chronology), format=name)


@pytest.mark.parametrize("name", READABLE)
def test_every_readers_output_of_the_shipped_chronology_reads_back_equal(name: str) -> None:
    assert_round_trip(read_as(name, load(SHIPPED)))


@SLOW
@given(
    st.sampled_from([name for name in READABLE if name != "toml"]),
    timelines() | series_timelines(carried=False),
)
def test_every_readers_output_of_a_generated_timeline_reads_back_equal(
    name: str, chronology: Timeline
) -> None:
    assert_round_trip(read_as(name, chronology))


@pytest.mark.parametrize("name", [name for name in READABLE if name != "toml"])
def test_export_to_toml_of_every_readable_format_loads_back_equal(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    given_file = tmp_path / f"events.{name}"
    assert main(["export", str(SHIPPED), "-f", name, "-o", str(given_file)]) == 0
    written = tmp_path / "events.toml"
    assert main(["export", str(given_file), "-o", str(written)]) == 0
    assert f"(toml, {COUNTED})" in capsys.readouterr().err
    assert load(written) == load(given_file)
    # what the file's reader made of it passes the strict check (or fails it) as the file does
    assert main(["check", "--strict", str(written)]) == main(["check", "--strict", str(given_file)])
    assert written.read_text().startswith(f"# Written by timeline from {given_file}: {COUNTED}.\n")


def test_export_with_format_toml_writes_to_standard_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", str(SHIPPED), "-f", "toml"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"# Written by timeline from {SHIPPED}: {COUNTED}.\n")
    assert read_back(text) == load(SHIPPED)


# -- the layout docs/authoring.md teaches ------------------------------------------------------


def test_the_layout_is_the_documented_one() -> None:
    text = to_toml(load(SHIPPED))
    lines = text.splitlines()
    assert lines[0].startswith("# ")
    assert "[timeline]" in lines
    assert lines.index("[timeline]") < lines.index("[[events]]")
    document = parsed_alike(text)
    events = document["events"]
    assert isinstance(events, list)
    assert [each["id"] for each in events] == [each.id for each in load(SHIPPED)]
    first = events[0]
    assert list(first)[:5] == ["id", "title", "when", "kind", "status"]
    assert list(first)[-2:] == ["place", "sources"]
    assert 'place = { name = "Almaty", country = "KZ", lat = 43.2389,' in text
    assert "\n[[events.sources]]\npublisher = " in text


def test_a_day_is_a_toml_date_and_other_dates_their_canonical_text() -> None:
    text = to_toml(load(SHIPPED))
    assert "when = 2022-01-10\n" in text
    assert 'when = "2022-02-24/.."\n' in text
    assert 'published = "2022-10~"\n' in text
    assert 'when = "2022-10-13T10:00+06:00[Asia/Almaty]~"\n' in text


def test_the_comment_says_what_it_was_made_from_and_never_the_clock() -> None:
    chronology = load(SHIPPED)
    assert to_toml(chronology).startswith(f"# Written by timeline: {COUNTED}.\n")
    named = to_toml(chronology, source="feeds/mfa\n.ics")
    assert named.startswith(f"# Written by timeline from feeds/mfa\\u000a.ics: {COUNTED}.\n")
    assert read_back(named) == chronology


def test_a_rule_alone_is_one_line_and_anything_more_a_table() -> None:
    alone = event("weekly", "2023-01-02", repeats="FREQ=WEEKLY;BYDAY=MO")
    skipping = event(
        "daily",
        "2023-01-02T10:00[Asia/Almaty]",
        repeats={"rule": "FREQ=DAILY", "skip": ["2023-01-07T10:00[Asia/Almaty]"]},
    )
    moved = event(
        "daily-moved",
        "2023-01-05T15:00[Asia/Almaty]",
        series="daily",
        occurrence=When.parse("2023-01-04T10:00[Asia/Almaty]"),
        uid="moved@example.org",
    )
    chronology = Timeline(title="Series", events=(alone, skipping, moved))
    text = to_toml(chronology)
    assert 'repeats = "FREQ=WEEKLY;BYDAY=MO"\n' in text
    assert (
        '\n[events.repeats]\nrule = "FREQ=DAILY"\nskip = ["2023-01-07T10:00+06:00[Asia/Almaty]"]\n'
    ) in text
    assert 'series = "daily"\noccurrence = "2023-01-04T10:00+06:00[Asia/Almaty]"\n' in text
    assert 'uid = "moved@example.org"\n' in text
    assert_round_trip(chronology)


def test_what_a_calendar_carried_is_a_multi_line_literal_string() -> None:
    lines = 'ORGANIZER;CN="Press":mailto:press@example.org\nX-CUSTOM:C:\\path'
    chronology = Timeline(title="T", events=(event("e", "2023-01-02", carried={"ics": lines}),))
    text = to_toml(chronology)
    assert f"\n[events.carried]\nics = '''\n{lines}'''\n" in text
    assert_round_trip(chronology)


# -- dates as the editor wrote them ------------------------------------------------------------


def with_when_text(when: str, when_text: str, **extra: Any) -> Timeline:
    published = source(published=When.parse("2022-10-16"))
    written = event("e", when, when_text=when_text, sources=(published,), **extra)
    return Timeline(title="T", events=(written,))


@pytest.mark.parametrize(
    ("when", "when_text"),
    [
        ("2022-10-13", "last Thursday"),
        ("2022-10-03/2022-10-09", "last week"),
        ("2022-22", "summer 2022"),
        ("2022-10-01~/2022-10-10~", "early October 2022"),
    ],
)
def test_a_phrase_that_reads_back_to_the_date_is_written_as_when(when: str, when_text: str) -> None:
    chronology = with_when_text(when, when_text)
    text = to_toml(chronology)
    assert f'when = "{when_text}"\n' in text
    assert "when_text" not in text
    assert_round_trip(chronology)


def test_a_phrase_with_a_time_of_day_is_written_with_the_zone_it_was_read_in() -> None:
    place = {"name": "Moscow", "country": "RU"}  # a country of many zones: the reader can't tell
    chronology = with_when_text(
        "2022-10-13T09:50[Europe/Moscow]", "9:50 a.m. last Thursday", place=place
    )
    text = to_toml(chronology)
    assert 'when = "9:50 a.m. last Thursday"\n' in text
    assert 'timezone = "Europe/Moscow"\nplace = { name = "Moscow", country = "RU" }\n' in text
    assert_round_trip(chronology)


def test_a_relative_phrase_read_against_as_of_keeps_it() -> None:
    chronology = with_when_text("2022-10-06", "last Thursday", as_of=date(2022, 10, 9))
    text = to_toml(chronology)
    assert 'when = "last Thursday"\n' in text
    assert "as_of = 2022-10-09\n" in text
    assert_round_trip(chronology)


@pytest.mark.parametrize(
    ("when", "when_text"),
    [
        ("2022-10-12", "last Thursday"),  # a phrase that no longer gives the date
        ("2022-10-13", "the day of the summit"),  # no date at all
        ("2022-10-13", "2022-10-13"),  # notation: the reader would not keep it
        ("2022-10-13T09:50Z", "9:50 a.m. last Thursday"),  # a time at an offset: no zone to name
    ],
)
def test_a_phrase_that_does_not_read_back_is_kept_beside_the_canonical_date(
    when: str, when_text: str
) -> None:
    chronology = with_when_text(when, when_text)
    text = to_toml(chronology)
    assert f'when_text = "{when_text}"\n' in text
    assert_round_trip(chronology)


PHRASES = (
    "last Thursday",
    "9:50 a.m. last Thursday",
    "yesterday, 14:00",
    "two weeks ago",
    "13 October",
    "late last month",
    "this summer",
    "last week",
    "next Thursday at 10 pm",
    "c. last week",
)
PLACES = (None, Place(name="Moscow", country="RU"), Place(name="Almaty", country="KZ"))


@SLOW
@given(
    st.sampled_from(PHRASES),
    st.sampled_from(["Asia/Almaty", "Europe/Moscow", "America/New_York"]),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    st.sampled_from(PLACES),
)
def test_a_relative_phrase_reads_back_to_its_date_wherever_and_whenever_it_was_written(
    phrase: str, zone: str, day: date, place: Place | None
) -> None:
    when = When.parse(phrase, zone=zone, reference=day)
    written = Event(
        id="e",
        title="T",
        when=when,
        kind="summit",
        sources=(source(),),
        when_text=phrase,
        as_of=day,
        place=place,
    )
    chronology = Timeline(title="T", events=(written,))
    assert f"when = {_string(phrase)}\n" in to_toml(chronology)
    assert_round_trip(chronology)


# -- strings -----------------------------------------------------------------------------------


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@given(ANY_TEXT)
def test_any_one_line_string_reads_back_as_written(text: str) -> None:
    assert parsed_alike(f"x = {_string(text)}\n")["x"] == text


@given(ANY_TEXT | st.text(st.sampled_from("'\"\\\n\ta\r"), max_size=20), st.booleans())
def test_any_text_of_paragraphs_reads_back_as_written(text: str, literal: bool) -> None:
    assert parsed_alike(f"x = {_text(text, literal=literal)}\n")["x"] == text


@pytest.mark.parametrize(
    "summary",
    ['He said """no"""', 'ends with a quote"', "two\n\nparagraphs\twith a tab", "'''", "é中\u200b"],
)
def test_a_summary_of_several_lines_is_a_multi_line_string(summary: str) -> None:
    chronology = Timeline(title="T", events=(event("e", "2022-10-13", summary=summary),))
    text = to_toml(chronology)
    if "\n" in summary:
        assert 'summary = """\n' in text
    assert_round_trip(chronology)


@given(st.lists(st.text(LINE_CHARACTERS, min_size=1, max_size=8), max_size=3))
def test_an_organisation_of_any_name_is_a_quoted_key_where_it_must_be(names: list[str]) -> None:
    organisations = {f"Z{index}{name}": "Body" for index, name in enumerate(names)}
    chronology = Timeline(title="T", organisations=organisations)
    assert read_back(to_toml(chronology)) == chronology


def test_an_event_built_in_code_is_written_as_it_would_be_read() -> None:
    built: Event = event("e", "2022-10-13", participants=("KZ",), tags=("a",))
    text = to_toml(Timeline(title="T", events=(built,)))
    assert 'participants = ["KZ"]\ntags = ["a"]\n' in text


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_coordinates_read_back_to_the_same_float(lat: float, lon: float) -> None:
    place = {"name": "Somewhere", "lat": lat, "lon": lon}
    chronology = Timeline(title="T", events=(event("e", "2022-10-13", place=place),))
    assert read_back(to_toml(chronology)) == chronology


def test_the_header_and_a_vote_are_written_whole() -> None:
    vote = {
        "body": "UN General Assembly",
        "resolution": "A/RES/ES-11/4",
        "yes": 143,
        "no": 5,
        "abstain": 35,
        "absent": 10,
        "members": 193,
        "positions": {"RU": "no", "KZ": "abstain"},
    }
    voted = event("unga-vote", "2022-10-12", kind="vote", vote=vote)
    chronology = Timeline(
        title="T",
        description="Two\nlines",
        timezone="Asia/Almaty",
        updated=date(2024, 1, 15),
        organisations={"C5PLUS1": "Central Asia plus one"},
        events=(voted,),
    )
    text = to_toml(chronology)
    assert (
        'description = """\nTwo\nlines"""\ntimezone = "Asia/Almaty"\nupdated = 2024-01-15\n' in text
    )
    assert '\n[timeline.organisations]\nC5PLUS1 = "Central Asia plus one"\n' in text
    assert 'positions = { KZ = "abstain", RU = "no" }\n' in text
    assert_round_trip(chronology)


def test_a_large_file_read_in_parts_reads_back_equal() -> None:
    """Past 500 events the reader parses a file a part at a time, where nothing multi-line is."""
    shipped = load(SHIPPED)
    many = tuple(
        each.model_copy(update={"id": f"{each.id}-{copy}", "links": ()})
        for copy in range(20)
        for each in shipped
    )
    chronology = Timeline(title="Repeated", events=many)
    assert_round_trip(chronology)
