"""Properties of the calendar export over generated timelines and hostile text."""

from __future__ import annotations

import os
import warnings
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import one_line_text, paragraph_text
from timeline._errors import DateError, FormatError, InvalidTimeline, TimelineWarning
from timeline._model import (
    Event,
    Kind,
    Link,
    Place,
    Position,
    Relation,
    Source,
    Status,
    Timeline,
    Vote,
)
from timeline._when import When
from timeline.formats._ics import clean_text, escape_text, fold, read, to_ics, unescape_text
from timeline.formats._ics._text import one_line
from timeline.formats._ics._zones import transitions

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = ("Asia/Almaty", "Asia/Tashkent", "America/New_York", "Europe/Moscow", "UTC")

# every character a text field may hold (factories: all of Unicode less what validation
# refuses), and the characters TEXT escapes or our markers use, often enough to meet each other
SPECIAL = ",;\\:\"' nN.c(?)~-"
title_text = st.one_of(
    one_line_text(max_size=60),
    st.text(alphabet=SPECIAL + "a\u00e9\u4e2d", min_size=1, max_size=30),
).filter(lambda text: bool(text.strip()))
safe_text = st.one_of(
    paragraph_text(max_size=120), st.text(alphabet=SPECIAL + "\n\ta\u00e9", max_size=40)
)
# anything at all, including CR, NUL and U+2028 (but not lone surrogates: the model refuses them)
hostile_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\r", "\n", "\r\n", "\u2028", "\x00", "\x85", "\\", ";", ",", ":"]),
        st.just("\r\nBEGIN:VEVENT\r\n"),
    ),
    max_size=60,
).map("".join)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def whens(draw: st.DrawFn) -> When:
    """Every shape of date: year, month, day, spans, qualifiers, timed points and spans."""
    year = draw(st.integers(1900, 2100))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    shape = draw(
        st.sampled_from(["year", "month", "day", "days", "time", "times", "floating", "fixed"])
    )
    mark = draw(st.sampled_from(["", "", "~", "?", "%"]))
    if shape == "year":
        text = f"{year:04d}{mark}"
    elif shape == "month":
        text = f"{year:04d}-{month:02d}{mark}"
    elif shape == "day":
        text = f"{year:04d}-{month:02d}-{day:02d}{mark}"
    elif shape == "days":
        last = draw(st.integers(day, 28))
        text = f"{year:04d}-{month:02d}-{day:02d}{mark}/{year:04d}-{month:02d}-{last:02d}{mark}"
    elif shape in ("floating", "fixed"):  # no zone, or a fixed offset: EDTF's own forms
        suffix = "" if shape == "floating" else draw(st.sampled_from(["Z", "-04", "+04:30"]))
        clock = f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
        text = f"{year:04d}-{month:02d}-{day:02d}{clock}{suffix}"
        if draw(st.booleans()):
            text += f"/{year:04d}-{month:02d}-{draw(st.integers(day + 1, 29)):02d}{clock}{suffix}"
    else:
        zone = draw(st.sampled_from(ZONES))
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}[{zone}]"
        if shape == "times":
            later = draw(st.integers(1, 3000))
            try:
                start = When.parse(text).start
            except DateError:
                start = None
            if isinstance(start, datetime):
                end = (start.astimezone(UTC) + timedelta(minutes=later)).astimezone(ZoneInfo(zone))
                text += f"/{end:%Y-%m-%dT%H:%M}{_offset(end)}[{zone}]"
    try:
        return When.parse(text)
    except DateError:  # a time the clocks skipped: use the day instead
        return When.parse(f"{year:04d}-{month:02d}-{day:02d}")


def _offset(moment: datetime) -> str:
    total = int((moment.utcoffset() or timedelta(0)).total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


sources = st.builds(
    Source,
    publisher=title_text,
    title=title_text,
    url=st.one_of(st.none(), slugs.map(lambda slug: f"https://example.org/{slug}?a=1,b;c")),
    published=st.one_of(st.none(), whens()),
)
coordinates = st.one_of(
    st.just((None, None)),
    st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)),
)
#: each zone with the country it is in (None for UTC, which is in none)
COUNTRY_OF = {
    "Asia/Almaty": "KZ",
    "Asia/Tashkent": "UZ",
    "America/New_York": "US",
    "Europe/Moscow": "RU",
    "UTC": None,
}
places = st.builds(
    lambda name, country, position, zone: Place(
        name=name,
        country=(COUNTRY_OF[zone] if zone else "KZ") if country else None,
        lat=position[0],
        lon=position[1],
        timezone=zone,
    ),
    title_text,
    st.booleans(),
    coordinates,
    st.one_of(st.none(), st.sampled_from(ZONES)),
)


@st.composite
def votes(draw: st.DrawFn) -> Vote:
    yes, no, abstain, absent = (draw(st.integers(0, 200)) for _ in range(4))
    positions: dict[str, Position] = {}
    if yes:
        positions["KZ"] = Position.YES
    if no:
        positions["RU"] = Position.NO
    return Vote(
        body=draw(title_text),
        resolution=draw(st.one_of(st.none(), title_text)),
        yes=yes,
        no=no,
        abstain=abstain,
        absent=absent,
        members=draw(st.sampled_from([None, yes + no + abstain + absent])),
        positions=positions,
    )


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    ids = draw(st.lists(slugs, min_size=1, max_size=5, unique=True))
    events = []
    for index, event_id in enumerate(ids):
        kind = draw(st.sampled_from(list(Kind)))
        earlier = ids[:index]
        links = (
            draw(
                st.lists(
                    st.builds(
                        Link, rel=st.sampled_from(list(Relation)), target=st.sampled_from(earlier)
                    ),
                    max_size=2,
                )
            )
            if earlier
            else []
        )
        when = draw(whens())
        events.append(
            Event(
                id=event_id,
                title=draw(title_text),
                when=when,
                kind=kind,
                status=draw(st.sampled_from(list(Status))),
                summary=draw(safe_text),
                # a place's zone (or its country's) would place a floating time
                place=None if when.floating else draw(st.one_of(st.none(), places)),
                participants=tuple(
                    draw(st.lists(st.sampled_from(["KZ", "RU", "CSTO", "UZ"]), unique=True))
                ),
                tags=tuple(draw(st.lists(slugs, unique=True, max_size=3))),
                sources=tuple(draw(st.lists(sources, min_size=1, max_size=2))),
                links=tuple(links),
                vote=draw(st.one_of(st.none(), votes())) if kind is Kind.VOTE else None,
                note=draw(st.one_of(st.none(), safe_text)),
            )
        )
    # nor would a timeline's zone leave one floating
    floating = any(event.when.floating for event in events)
    return Timeline(
        title=draw(title_text),
        description=draw(safe_text),
        timezone=None if floating else draw(st.one_of(st.none(), st.sampled_from(ZONES))),
        events=tuple(events),
    )


@SETTINGS
@given(timelines())
def test_our_export_round_trips_exactly(chronicle: Timeline) -> None:
    data = to_ics(chronicle)
    back = read(data, "generated.ics")
    assert back == chronicle
    assert to_ics(back) == data  # and exporting what was read gives the very same bytes


@SETTINGS
@given(timelines(), st.sampled_from(["span", "skip"]))
def test_dtstamp_is_the_timelines_last_changed_date(chronicle: Timeline, policy: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        data = to_ics(chronicle, imprecise="skip" if policy == "skip" else "span")
    stamps = {line for line in data.split(b"\r\n") if line.startswith(b"DTSTAMP:")}
    day = chronicle.last_changed
    assert day is not None
    if os.environ.get("SOURCE_DATE_EPOCH") is None:
        expected = f"DTSTAMP:{day:%Y%m%d}T000000Z".encode()
        assert stamps <= {expected}
    assert len(stamps) <= 1


@SETTINGS
@given(timelines())
def test_every_physical_line_is_crlf_terminated_and_at_most_75_octets(chronicle: Timeline) -> None:
    data = to_ics(chronicle)
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in physical)
    assert max(len(line) for line in physical) <= 75
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == len(chronicle)


KNOWN_NAMES = frozenset(
    [
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "METHOD",
        "NAME",
        "X-WR-CALNAME",
        "DESCRIPTION",
        "X-WR-CALDESC",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
        "X-TIMELINE-MARKERS",
        "UID",
        "DTSTAMP",
        "SEQUENCE",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "STATUS",
        "TRANSP",
        "CATEGORIES",
        "LOCATION",
        "X-TIMELINE-WHEN",
        "X-TIMELINE-KIND",
        "X-TIMELINE-SOURCE",
    ]
)


@SETTINGS
@given(hostile_text, hostile_text, hostile_text)
def test_no_text_escapes_its_property(title: str, place: str, summary: str) -> None:
    # validation refuses most of these characters: built unvalidated, the writer still holds
    title = "T" + title
    place = "P" + place
    event = Event.model_construct(
        id="e",
        title=title,
        when=When.parse("2022-10-13"),
        kind=Kind.OTHER,
        summary=summary,
        place=Place.model_construct(name=place),
        sources=(Source.model_construct(publisher="P" + summary, title=title),),
    )
    chronicle = Timeline.model_construct(title=title, description=summary, events=(event,))
    data = to_ics(chronicle)
    unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in unfolded]
    assert names.count("BEGIN") == names.count("END") == 2
    assert names.count("SUMMARY") == names.count("LOCATION") == 1
    assert set(names) <= KNOWN_NAMES
    repeated = {name for name in names if names.count(name) > 1}
    # the markers are a line each, what the writer added: no text makes a line of its own
    assert repeated <= {"BEGIN", "END", "DESCRIPTION", "X-TIMELINE-MARKERS"}
    assert names.count("X-TIMELINE-MARKERS") == 3
    # and what it wrote reads back as valid text: one-line fields on one line
    back = read(data, None)
    stored = back["e"]
    assert stored.title == one_line(clean_text(title)).strip()
    assert stored.place is not None
    assert stored.place.name == one_line(clean_text(place)).strip()
    assert back.description == clean_text(summary)


@SETTINGS
@given(hostile_text)
def test_escaping_then_unescaping_gives_the_clean_text(text: str) -> None:
    escaped = escape_text(text)
    assert "\r" not in escaped
    assert "\n" not in escaped
    assert unescape_text(escaped) == clean_text(text)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n")))
def test_folding_splits_on_character_boundaries_and_unfolds_back(text: str) -> None:
    line = "SUMMARY:" + text
    folded = fold(line)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    for piece in pieces:
        piece.decode("utf-8")
    assert folded.replace("\r\n ", "") == line


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["America/New_York", "Europe/London", "Asia/Almaty", "Australia/Lord_Howe"]),
    st.integers(1890, 2110),
    st.integers(0, 365 * 86_400 - 1),
)
def test_generated_observances_give_zoneinfos_offset(key: str, year: int, second: int) -> None:
    moment = datetime(year, 1, 1, tzinfo=UTC) + timedelta(seconds=second)
    origin = datetime(1, 1, 1, tzinfo=UTC)
    instant = (moment - origin) // timedelta(seconds=1)
    observances = transitions(key, [year, moment.astimezone(ZoneInfo(key)).year])
    in_force = [change for change in observances if change.onset <= instant]
    assert in_force, "the first observance starts before the year"
    offset = moment.astimezone(ZoneInfo(key)).utcoffset()
    assert offset is not None
    assert in_force[-1].offset_to == offset // timedelta(seconds=1)


def test_a_literal_backslash_n_survives() -> None:
    source = Source(publisher="Agency", title="C:\\News")
    chronology = Timeline(
        title="t",
        events=(
            Event(
                id="e",
                title="C:\\News",
                when=When.parse("2022-10-13"),
                kind="summit",
                sources=(source,),
            ),
        ),
    )
    assert read(to_ics(chronology)) == chronology


@SETTINGS
@given(title_text, safe_text, st.sampled_from([None, *ZONES]), st.booleans())
def test_an_empty_timeline_exports_and_reads_back(
    title: str, description: str, zone: str | None, declared: bool
) -> None:
    organisations = {"ZZX": title} if declared else {}
    empty = Timeline(
        title=title, description=description, timezone=zone, organisations=organisations
    )
    data = to_ics(empty)
    assert b"BEGIN:VEVENT" not in data
    assert read(data, "empty.ics") == empty
    assert to_ics(read(data, "empty.ics")) == data


def test_an_empty_calendar_of_an_app_is_an_empty_timeline_named_by_its_file() -> None:
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"
    assert read(data, "holidays.ics") == Timeline(title="holidays")
    named = data.replace(b"END:VCALENDAR", b"X-WR-CALNAME:Holidays\\, 2022\r\nEND:VCALENDAR")
    assert read(named, "x.ics") == Timeline(title="Holidays, 2022")


def test_a_calendar_of_tasks_alone_is_still_no_timeline() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(FormatError, match="VTODO"):
        read(data, "tasks.ics")


APP_EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@example.org\r\n"
    "DTSTART;VALUE=DATE:20221013\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_line_breaks_and_tabs_in_an_apps_one_line_fields_read_as_spaces() -> None:
    lines = "SUMMARY:Summit\\n  in Astana\tcity\r\nLOCATION:Palace of Peace\\nAstana\r\n"
    lines += "DESCRIPTION:first\\nsecond\r\n"
    (event,) = read(APP_EVENT.format(lines=lines).encode(), "app.ics")
    assert event.title == "Summit in Astana city"
    assert event.place is not None
    assert event.place.name == "Palace of Peace Astana"
    assert event.summary == "first\nsecond"


def test_a_control_character_in_a_calendar_is_refused_where_it_is() -> None:
    lines = "SUMMARY:Plain\r\nDESCRIPTION:ring \x07 and \x1b]0;title\r\n"
    with pytest.raises(InvalidTimeline) as caught:
        read(APP_EVENT.format(lines=lines).encode(), "app.ics")
    (problem,) = caught.value.problems
    assert (problem.location.file, problem.location.line) == ("app.ics", 7)
    assert (problem.location.event_id, problem.location.field) == ("x", "summary")
    assert problem.message == "holds the control character U+0007 (BEL) at position 6; remove it"


@pytest.mark.parametrize(
    "data",
    [
        b"BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n",  # damaged: a line left out
        b"BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        b"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
    ],
)
def test_a_calendar_of_no_properties_is_no_empty_timeline(data: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        with pytest.raises(FormatError, match="no events"):
            read(data, "odd.ics")
