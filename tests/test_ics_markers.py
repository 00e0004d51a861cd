"""What calendar apps show: the markers in SUMMARY, the date opening DESCRIPTION, and a moment's
default length; every client in the suite sees them, and our reader takes them off again."""

from __future__ import annotations

import ctypes
import ctypes.util
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from tests.test_ics import AKORDA, lines, make_event, make_timeline, value, vevent
from tests.test_ics_clients import run_icaljs, run_libical
from tests.test_ics_properties import SETTINGS, timelines
from timeline._errors import FormatError, TimelineWarning
from timeline._model import Kind, Status, Timeline
from timeline.formats import format_for
from timeline.formats._ics import description_text as describe
from timeline.formats._ics import read, to_ics

UID = "{}@timeline.invalid"

#: id -> (when, status, title as written): every marker, alone and together, and titles that
#: already look marked, which must come back as they are
CASES: dict[str, tuple[str, Status, str]] = {
    "approximate": ("2022-10-13~", Status.OCCURRED, "Summit in Astana"),
    "uncertain": ("2022-10-13?", Status.OCCURRED, "Summit in Astana"),
    "both": ("2022-10%", Status.OCCURRED, "Talks"),
    "cancelled": ("2022-10-10/2022-10-14", Status.CANCELLED, "CSTO exercise"),
    "postponed": ("2022-08~", Status.POSTPONED, "Talks in Bishkek"),
    "scheduled": ("2040-06-12", Status.SCHEDULED, "Session"),
    "looks-marked": ("2022-10-13", Status.OCCURRED, "c. 500 troops arrive (?)"),
    "looks-cancelled": ("2022-10-13", Status.OCCURRED, "Cancelled: the talks go ahead"),
    "doubly": ("2022-10-13~", Status.CANCELLED, "Cancelled: c. twice (?)"),
    "moment": ("2022-10-13T09:50[Asia/Almaty]", Status.OCCURRED, "Putin arrives in Astana"),
}
MARKED = {
    "approximate": "c. Summit in Astana",
    "uncertain": "Summit in Astana (?)",
    "both": "c. Talks (?)",
    "cancelled": "Cancelled: CSTO exercise",
    "postponed": "Postponed: c. Talks in Bishkek",
    "scheduled": "Session",
    "looks-marked": "c. 500 troops arrive (?)",
    "looks-cancelled": "Cancelled: the talks go ahead",
    "doubly": "Cancelled: c. Cancelled: c. twice (?)",
    "moment": "Putin arrives in Astana",
}


def marked_timeline() -> Timeline:
    events = [
        make_event(event_id, when, status=status, title=title)
        for event_id, (when, status, title) in CASES.items()
    ]
    events.append(
        make_event(
            "absent",
            "2022-10-01~/2022-10-10~",
            title="CSTO summit",
            kind=Kind.SUMMIT,
            summary="Leaders met in Yerevan.",
            participants=("RU", "KZ"),
            absent=("KG", "CSTO"),
        )
    )
    return make_timeline(*events)


def quiet(chronicle: Timeline, **options: object) -> bytes:
    """The export, without the checks' warnings about the made-up dates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        return to_ics(chronicle, **options)  # type: ignore[arg-type]


def read_back(data: bytes) -> Timeline:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        return read(data, "marked.ics")


def libical_summaries(path: Path) -> dict[str, str]:
    """UID -> SUMMARY as libical (Evolution's library) gives it to an application."""
    found = ctypes.util.find_library("ical")
    assert found is not None, "libical is not installed: run `make tests/libical/build/check_ics`"
    lib = ctypes.CDLL(found)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    for name in ("icalcomponent_get_first_component", "icalcomponent_get_next_component"):
        getattr(lib, name).restype = ctypes.c_void_p
        getattr(lib, name).argtypes = [ctypes.c_void_p, ctypes.c_int]
    for name in ("icalcomponent_get_summary", "icalcomponent_get_uid"):
        getattr(lib, name).restype = ctypes.c_char_p
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    vevent_kind = 4  # ICAL_VEVENT_COMPONENT in libical 3's icalcomponent_kind
    calendar = lib.icalparser_parse_string(path.read_bytes())
    assert calendar, "libical could not parse the file"
    summaries: dict[str, str] = {}
    try:
        event = lib.icalcomponent_get_first_component(calendar, vevent_kind)
        while event:
            uid = lib.icalcomponent_get_uid(event).decode()
            summaries[uid] = lib.icalcomponent_get_summary(event).decode()
            event = lib.icalcomponent_get_next_component(calendar, vevent_kind)
    finally:
        lib.icalcomponent_free(calendar)
    return summaries


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("markers") / "marked.ics"
    path.write_bytes(quiet(marked_timeline()))
    return path


# -- what is written ---------------------------------------------------------------------------


def test_summary_carries_the_date_and_status_markers() -> None:
    data = quiet(marked_timeline())
    for event_id, title in MARKED.items():
        assert value(vevent(data, event_id), "SUMMARY") == title.replace(",", "\\,"), event_id
    markers = [line for line in lines(data) if line.startswith("X-TIMELINE-MARKERS:")]
    assert markers == [
        "X-TIMELINE-MARKERS:description-date",
        "X-TIMELINE-MARKERS:summary-date",
        "X-TIMELINE-MARKERS:summary-status",
    ]
    # STATUS says it too, for the apps that grey out or strike through cancelled events
    assert value(vevent(data, "cancelled"), "STATUS") == "CANCELLED"
    assert value(vevent(data, "postponed"), "STATUS") == "TENTATIVE"


def test_description_opens_with_the_date_and_says_who_was_absent() -> None:
    data = quiet(marked_timeline())
    absent = value(vevent(data, "absent"), "DESCRIPTION")
    assert absent.startswith(
        "early October 2022\\n\\nLeaders met in Yerevan.\\n\\n"
        "Absent: Kyrgyzstan (KG)\\, CSTO.\\nSources:\\n- Akorda"
    )
    moment = value(vevent(data, "moment"), "DESCRIPTION")
    assert moment.startswith("13 October 2022\\, 09:50 (UTC+06)\\n\\nSources:")
    assert value(vevent(data, "both"), "DESCRIPTION").startswith("c. October 2022?\\n\\n")


def test_the_description_is_what_describe_says(exported: Path) -> None:
    """The writer builds DESCRIPTION escaped field by field; the reader relies on `describe`."""
    chronicle = marked_timeline()
    calendar = icalendar.Calendar.from_ical(exported.read_bytes())
    found = {str(e["UID"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    for item in chronicle:
        expected = describe(
            item.summary, item.vote, item.sources, when=item.when, absent=item.absent
        )
        assert found[UID.format(item.id)] == expected


def test_options_off_give_the_plain_title() -> None:
    data = quiet(marked_timeline(), mark_dates=False, mark_status=False)
    for event_id, (_, _, title) in CASES.items():
        assert value(vevent(data, event_id), "SUMMARY") == title.replace(",", "\\,"), event_id
    assert [line for line in lines(data) if line.startswith("X-TIMELINE-MARKERS:")] == [
        "X-TIMELINE-MARKERS:description-date"
    ]
    dates_only = quiet(marked_timeline(), mark_status=False)
    assert value(vevent(dates_only, "postponed"), "SUMMARY") == "c. Talks in Bishkek"
    status_only = quiet(marked_timeline(), mark_dates=False)
    assert value(vevent(status_only, "postponed"), "SUMMARY") == "Postponed: Talks in Bishkek"
    assert value(vevent(status_only, "uncertain"), "SUMMARY") == "Summit in Astana"


def test_the_writers_names_take_the_same_options() -> None:
    chronicle = marked_timeline()
    options = {"mark_dates": False, "mark_status": False, "default_duration": timedelta(0)}
    assert quiet(chronicle, **options) == format_for("ics").write(chronicle, **options)


# -- what every client reads -------------------------------------------------------------------


def test_every_client_reads_the_marked_summary(exported: Path) -> None:
    expected = {UID.format(event_id): title for event_id, title in MARKED.items()}
    expected[UID.format("absent")] = "c. CSTO summit"
    calendar = icalendar.Calendar.from_ical(exported.read_bytes())
    assert {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == expected
    js = {event["uid"]: event["summary"] for event in run_icaljs(exported)["events"]}
    assert js == expected
    assert libical_summaries(exported) == expected
    parsed = vobject.readOne(exported.read_text(encoding="utf-8"))
    assert {e.uid.value: e.summary.value for e in parsed.vevent_list} == expected


def test_every_client_reads_the_date_line_first(exported: Path) -> None:
    calendar = icalendar.Calendar.from_ical(exported.read_bytes())
    for event in calendar.walk("VEVENT"):
        if str(event["UID"]) == UID.format("moment"):
            assert str(event["DESCRIPTION"]).startswith("13 October 2022, 09:50 (UTC+06)\n\n")
    parsed = vobject.readOne(exported.read_text(encoding="utf-8"))
    found = {e.uid.value: e.description.value for e in parsed.vevent_list}
    assert found[UID.format("absent")].splitlines()[:4] == [
        "early October 2022",
        "",
        "Leaders met in Yerevan.",
        "",
    ]


# -- reading back ------------------------------------------------------------------------------


@pytest.mark.parametrize("mark_dates", [True, False])
@pytest.mark.parametrize("mark_status", [True, False])
def test_our_reader_takes_the_markers_off_exactly(mark_dates: bool, mark_status: bool) -> None:
    chronicle = marked_timeline()
    data = quiet(chronicle, mark_dates=mark_dates, mark_status=mark_status)
    back = read_back(data)
    assert back == chronicle
    assert back["looks-marked"].title == "c. 500 troops arrive (?)"
    assert back["doubly"].title == "Cancelled: c. twice (?)"
    assert back["absent"].summary == "Leaders met in Yerevan."


def test_markers_are_taken_off_only_in_files_that_say_they_have_them() -> None:
    data = quiet(marked_timeline())
    # an older export of ours: no X-TIMELINE-MARKERS, so nothing is taken for a marker
    older = b"".join(
        line
        for line in data.splitlines(keepends=True)
        if not line.startswith(b"X-TIMELINE-MARKERS:")
    )
    back = read_back(older)
    assert back["cancelled"].title == "Cancelled: CSTO exercise"
    assert back["approximate"].title == "c. Summit in Astana"
    assert back["absent"].summary.startswith("early October 2022\n\nLeaders met")
    # a calendar app's event in a file of ours (no X-TIMELINE-KIND) keeps its words too
    foreign = data.replace(b"X-TIMELINE-KIND:meeting\r\n", b"")
    assert read_back(foreign)["cancelled"].title == "Cancelled: CSTO exercise"


def test_a_title_edited_in_a_calendar_app_loses_only_the_markers_still_there() -> None:
    data = quiet(marked_timeline())
    edited = data.replace(b"SUMMARY:c. Summit in Astana\r\n", b"SUMMARY:Summit in Astana\r\n", 1)
    edited = edited.replace(b"SUMMARY:Cancelled: CSTO exercise", b"SUMMARY:CSTO drill")
    back = read_back(edited)
    assert back["approximate"].title == "Summit in Astana"
    assert back["cancelled"].title == "CSTO drill"


@SETTINGS
@given(
    timelines(),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, timedelta(0), timedelta(minutes=30), timedelta(days=3)]),
)
def test_every_option_round_trips_exactly(
    chronicle: Timeline, mark_dates: bool, mark_status: bool, duration: timedelta | None
) -> None:
    events = list(chronicle.events)
    # titles that look like markers, on events that carry the same markers
    events[0] = events[0].model_copy(
        update={"title": f"Cancelled: c. {events[0].title} (?)", "absent": ("KG", "SCO")}
    )
    chronicle = Timeline.model_validate(
        {**chronicle.model_dump(), "events": [event.model_dump() for event in events]}
    )
    options = {"mark_dates": mark_dates, "mark_status": mark_status, "default_duration": duration}
    data = quiet(chronicle, **options)
    back = read_back(data)
    assert back == chronicle
    assert quiet(back, **options) == data


# -- timed events without an end ---------------------------------------------------------------


def test_a_moment_lasts_an_hour_in_every_client_and_stays_a_moment_for_us(
    exported: Path,
) -> None:
    uid = UID.format("moment")
    start, end = "2022-10-13T03:50:00Z", "2022-10-13T04:50:00Z"
    calendar = icalendar.Calendar.from_ical(exported.read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2022, 10, 13, 4, 50, tzinfo=UTC)
    js = {item["uid"]: (item["start"], item["end"]) for item in run_icaljs(exported)["events"]}
    assert js[uid] == (start, end)
    assert run_libical(exported)[0][uid] == (start, end)
    parsed = vobject.readOne(exported.read_text(encoding="utf-8"))
    (found,) = [e for e in parsed.vevent_list if e.uid.value == uid]
    assert found.dtend.value.astimezone(UTC) == datetime(2022, 10, 13, 4, 50, tzinfo=UTC)
    assert str(read_back(exported.read_bytes())["moment"].when) == (
        "2022-10-13T09:50+06:00[Asia/Almaty]"
    )


def test_the_default_duration_is_an_option_and_zero_keeps_the_moment(tmp_path: Path) -> None:
    chronicle = make_timeline(
        make_event("moment", "2022-10-13T09:50[Asia/Almaty]"),
        make_event("span", "2022-10-14T10:00[Asia/Almaty]/2022-10-14T13:30[Asia/Almaty]"),
        make_event("day", "2022-10-15"),
    )
    half = quiet(chronicle, default_duration=timedelta(minutes=30))
    assert value(vevent(half, "moment"), "DTEND;TZID=Asia/Almaty") == "20221013T102000"
    path = tmp_path / "half.ics"
    path.write_bytes(half)
    js = {item["uid"]: item["end"] for item in run_icaljs(path)["events"]}
    assert js[UID.format("moment")] == "2022-10-13T04:20:00Z"
    assert run_libical(path)[0][UID.format("moment")][1] == "2022-10-13T04:20:00Z"
    # spans keep their own end, and all-day events are untouched
    assert value(vevent(half, "span"), "DTEND;TZID=Asia/Almaty") == "20221014T133000"
    assert not any(line.startswith("X-TIMELINE-END") for line in vevent(half, "span"))
    assert value(vevent(half, "day"), "DTEND;VALUE=DATE") == "20221016"
    instantaneous = quiet(chronicle, default_duration=timedelta(0))
    assert not any(
        line.startswith(("DTEND", "X-TIMELINE-END")) for line in vevent(instantaneous, "moment")
    )
    for data in (half, instantaneous):
        assert read_back(data) == chronicle


def test_the_added_end_follows_elapsed_time_across_a_clock_change() -> None:
    # 01:30 EDT on 6 November 2022, an hour before New York's clocks went back
    chronicle = make_timeline(make_event("night", "2022-11-06T00:30[America/New_York]"))
    data = quiet(chronicle)
    assert value(vevent(data, "night"), "DTSTART;TZID=America/New_York") == "20221106T003000"
    # 01:30 comes twice that night: the end is written in UTC, where it is unambiguous
    assert value(vevent(data, "night"), "DTEND") == "20221106T053000Z"
    assert read_back(data) == chronicle


def test_a_moment_moved_in_a_calendar_app_stays_a_moment() -> None:
    data = quiet(make_timeline(make_event("moment", "2022-10-13T09:50[Asia/Almaty]")))
    moved = data.replace(b"20221013T095000", b"20221014T120000").replace(
        b"20221013T105000", b"20221014T130000"
    )
    assert str(read_back(moved)["moment"].when) == "2022-10-14T12:00+06:00[Asia/Almaty]"


@pytest.mark.parametrize("duration", [timedelta(minutes=-5), "PT1H", 3600])
def test_a_duration_that_is_not_one_is_refused(duration: object) -> None:
    with pytest.raises(FormatError, match="default_duration"):
        to_ics(make_timeline(make_event("a", "2022-10-13")), default_duration=duration)  # type: ignore[arg-type]


def test_a_moment_at_the_end_of_time_stays_a_moment() -> None:
    late = make_timeline(make_event("late", "9999-12-31T23:30[UTC]", sources=(AKORDA,)))
    data = quiet(late)
    assert not any(line.startswith("DTEND") for line in vevent(data, "late"))
    assert read_back(data) == late
