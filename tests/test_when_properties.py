"""Properties of `timeline._when`: round trips, one total order, and no impossible days."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, datetime, timedelta, timezone
from random import Random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from timeline._errors import DateError
from timeline._when import Point, Precision, When

UTC = ZoneInfo("UTC")
ZONES = [
    "UTC",
    "Asia/Almaty",
    "Asia/Qostanay",
    "Asia/Tashkent",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Europe/Moscow",
    "America/New_York",
    "Europe/London",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
]
MONTHS = [calendar.month_name[number] for number in range(1, 13)]
DATE_PRECISIONS = [Precision.YEAR, Precision.MONTH, Precision.DAY]
COARSE_TO_FINE = [*DATE_PRECISIONS, Precision.MINUTE, Precision.SECOND]

moderate = settings(max_examples=200, deadline=None)


_MARK = {(False, False): "", (True, False): "~", (False, True): "?", (True, True): "%"}


def exists(value: datetime) -> bool:
    """Whether the local clock ever showed this time (it did not inside a DST gap)."""
    if not isinstance(value.tzinfo, ZoneInfo):  # floating, or a fixed offset: always
        return True
    back = value.astimezone(UTC).astimezone(value.tzinfo)
    return back.replace(tzinfo=None) == value.replace(tzinfo=None)


def interval(start: Point, end: Point, *, approximate: bool, uncertain: bool) -> When:
    """The interval of two points in whichever order is valid, rejecting the rare pair with none."""
    for first, last in ((start, end), (end, start)):
        try:
            return When(first, last, approximate=approximate, uncertain=uncertain)
        except DateError:
            continue
    assume(False)
    raise AssertionError("unreachable")


@st.composite
def date_points(draw: st.DrawFn, day: date | None = None) -> Point:
    value = day if day is not None else draw(st.dates())
    return Point(value, draw(st.sampled_from(DATE_PRECISIONS)))


#: The clocks a time may be read on: a named zone, a fixed offset (EDTF's `-04`, `+04:30`,
#: `Z`) or none (a floating time).
clocks = st.one_of(
    st.sampled_from(ZONES).map(ZoneInfo),
    st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes))),
    st.none(),
)


@st.composite
def timed_values(draw: st.DrawFn, zone: ZoneInfo | timezone | None) -> datetime:
    low, high = datetime(1850, 1, 1), datetime(2150, 12, 31)
    if zone is None:  # floating: a wall time alone
        value = draw(st.datetimes(min_value=low, max_value=high))
    else:
        value = draw(
            st.datetimes(
                min_value=low, max_value=high, timezones=st.just(zone), allow_imaginary=False
            )
        )
    value = value.replace(second=0, microsecond=0)
    assume(exists(value))
    return value


@st.composite
def timed_points(draw: st.DrawFn, value: datetime) -> Point:
    """To the minute, or to the second (seconds :00 included: kept because written)."""
    if draw(st.booleans()):
        minute = value.replace(second=0)
        assume(exists(minute))
        return Point(minute, Precision.MINUTE)
    seconds = value.replace(second=draw(st.integers(0, 59)))
    assume(exists(seconds))
    return Point(seconds, Precision.SECOND)


@st.composite
def whens(draw: st.DrawFn) -> When:
    """Every kind of When: dated points and spans of all precisions, month thirds, times, mixes."""
    approximate, uncertain = draw(st.booleans()), draw(st.booleans())
    kind = draw(
        st.sampled_from(
            [
                *("point", "span", "third", "timed", "timed span", "mixed"),
                *("open", "season", "unspecified", "two marks", "scoped"),
            ]
        )
    )
    if kind == "open":  # one known end; the other open (`..`) or unknown (empty)
        known = draw(st.one_of(date_points(), timed_values(draw(clocks))))
        point = known if isinstance(known, Point) else draw(timed_points(known))
        edge = draw(st.sampled_from(["open", "unknown"]))
        side = {"open_end": edge} if draw(st.booleans()) else {"open_start": edge}
        return When(point, approximate=approximate, uncertain=uncertain, **side)  # type: ignore[arg-type]
    if kind == "two marks":  # an interval whose ends are qualified apart: 1984~/2004-06
        first = draw(st.dates(max_value=date(9990, 1, 1)))
        last = first + timedelta(days=draw(st.integers(1, 4000)))
        start, end = draw(date_points(first)), draw(date_points(last))
        assume(start != end)  # two days of one year, both to the year, are one point
        return When(
            start,
            end,
            approximate=approximate,
            uncertain=uncertain,
            end_approximate=draw(st.booleans()),
            end_uncertain=draw(st.booleans()),
        )
    if kind == "scoped":  # a qualifier on the year, or the year and month: 2004?-06-11
        assume(approximate or uncertain)
        scope = draw(st.sampled_from(["year", "month"]))
        precision = (
            Precision.DAY if scope == "month" else draw(st.sampled_from(DATE_PRECISIONS[1:]))
        )
        point = Point(draw(st.dates()), precision)
        return When(point, approximate=approximate, uncertain=uncertain, scope=scope)  # type: ignore[arg-type]
    if kind == "season":
        return When.parse(f"{draw(st.integers(1, 9998)):04d}-{draw(st.integers(21, 24))}")
    if kind == "unspecified":
        year = draw(st.integers(1, 9999))
        text = draw(
            st.sampled_from(
                [
                    f"{year // 10:03d}X" if year >= 10 else "2004-XX",
                    f"{year // 100:02d}XX" if year >= 100 else "2004-XX",
                    f"{year:04d}-XX",
                    f"{year:04d}-{draw(st.integers(1, 12)):02d}-XX",
                    f"{year:04d}-XX-XX",
                ]
            )
        )
        return When.parse(text + _MARK[approximate, uncertain])
    if kind == "point":
        return When(draw(date_points()), approximate=approximate, uncertain=uncertain)
    if kind == "span":
        first = draw(st.dates(max_value=date(9990, 1, 1)))
        gap = draw(st.sampled_from([0, 1, 5, 20, 40, 400, 4000]))
        last = first + timedelta(days=draw(st.integers(0, gap)))
        start, end = draw(date_points(first)), draw(date_points(last))
        return When(start, end, approximate=approximate, uncertain=uncertain)
    if kind == "third":
        year, month = draw(st.integers(1, 9999)), draw(st.integers(1, 12))
        low, high = draw(
            st.sampled_from([(1, 10), (11, 20), (21, calendar.monthrange(year, month)[1])])
        )
        start = Point(date(year, month, low), Precision.DAY)
        end = Point(date(year, month, high), Precision.DAY)
        return When(start, end, approximate=True, uncertain=uncertain)
    zone = draw(clocks)
    moment = draw(timed_points(draw(timed_values(zone))))
    if kind == "timed":
        return When(moment, approximate=approximate, uncertain=uncertain)
    if kind == "timed span":
        if draw(st.booleans()):
            # near the start, so the single-day and same-offset spellings come up
            assert isinstance(moment.value, datetime)
            later = moment.value + timedelta(minutes=draw(st.integers(0, 36 * 60)))
            assume(exists(later))
            other = draw(timed_points(later))
        else:
            other = draw(timed_points(draw(timed_values(zone))))
        return interval(moment, other, approximate=approximate, uncertain=uncertain)
    return interval(moment, draw(date_points()), approximate=approximate, uncertain=uncertain)


@moderate
@given(whens())
def test_canonical_string_parses_back_to_the_same_when(when: When) -> None:
    again = When.parse(str(when))
    assert again == when
    assert str(again) == str(when)
    assert hash(again) == hash(when)


@moderate
@given(whens())
def test_human_spelling_parses_back(when: When) -> None:
    assert When.parse(when.human(), zone=when.timezone) == when
    if when.timezone is None:
        assert When.parse(when.human()) == when


@moderate
@given(whens())
def test_what_a_when_covers_is_consistent(when: When) -> None:
    assert when.first_day <= when.last_day
    assert when.overlaps(when.first_day, when.first_day)
    assert when.overlaps(when.last_day, when.last_day)
    assert when.overlaps(None, None)
    if when.last_day < date.max:
        assert not when.overlaps(when.last_day + timedelta(days=1))
    if when.is_timed:
        start, end = when.start, when.end
        assert isinstance(start, datetime)
        assert isinstance(end, datetime)
        # the zone is an IANA zone's, if any: a fixed offset or a floating time has none
        assert start.tzinfo is when.timezone or not isinstance(start.tzinfo, ZoneInfo)
        if when.floating:
            assert start <= end  # the same clock wherever it is read
        else:
            assert start.astimezone(UTC) <= end.astimezone(UTC)
        assert (start.microsecond, end.microsecond) == (0, 0)
        for point in (when.start_point, when.end_point or when.start_point):
            assert isinstance(point.value, datetime)
            if point.precision is Precision.MINUTE:
                assert point.value.second == 0
    else:
        assert (when.start, when.end) == (when.first_day, when.last_day)
    ends = [when.start_point] if when.end_point is None else [when.start_point, when.end_point]
    coarsest = min(COARSE_TO_FINE.index(point.precision) for point in ends)
    assert when.precision is COARSE_TO_FINE[coarsest]


@moderate
@given(whens(), whens())
def test_order_is_total_antisymmetric_and_agrees_with_equality(a: When, b: When) -> None:
    assert [a < b, a == b, b < a].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (b <= a)
    assert (a > b) == (b < a)
    assert (a == b) == (str(a) == str(b))
    if a == b:
        assert hash(a) == hash(b)


@moderate
@given(whens(), whens(), whens())
def test_order_is_transitive(a: When, b: When, c: When) -> None:
    for x, y, z in itertools.permutations([a, b, c]):
        if x <= y and y <= z:
            assert x <= z
        if x < y and y < z:
            assert x < z


@moderate
@given(st.lists(whens(), max_size=12), st.randoms(use_true_random=False))
def test_sorting_is_deterministic(items: list[When], random: Random) -> None:
    expected = [str(when) for when in sorted(items)]
    shuffled = list(items)
    random.shuffle(shuffled)
    assert [str(when) for when in sorted(shuffled)] == expected
    assert [str(when) for when in sorted(sorted(items, reverse=True))] == expected
    ordered = sorted(items)
    for earlier, later in itertools.combinations(ordered, 2):
        assert not later < earlier


@moderate
@given(st.dates())
def test_every_iso_day_takes_the_fast_path_to_the_same_value(day: date) -> None:
    when = When.parse(day.isoformat())
    assert when == When.from_value(day)
    assert str(when) == day.isoformat()
    assert when.start == when.end == day


@st.composite
def impossible_days(draw: st.DrawFn) -> tuple[int, int, int]:
    year, month = draw(st.integers(1, 9999)), draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    day = draw(st.one_of(st.just(0), st.integers(last + 1, 99)))
    return year, month, day


@moderate
@given(impossible_days())
def test_impossible_days_are_refused_in_every_spelling(parts: tuple[int, int, int]) -> None:
    year, month, day = parts
    spellings = [
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{year:04d}-{month:02d}-{day:02d}~",
        f"{year:04d}-01-01/{year:04d}-{month:02d}-{day:02d}",
        f"{day} {MONTHS[month - 1]} {year:04d}",
        f"{MONTHS[month - 1][:3]}. {day}, {year:04d}",
    ]
    for text in spellings:
        with pytest.raises(DateError, match="does not exist"):
            When.parse(text)


@moderate
@given(st.integers(1, 9999), st.integers(13, 99).filter(lambda month: not 21 <= month <= 24))
def test_impossible_months_are_refused(year: int, month: int) -> None:
    with pytest.raises(DateError, match=f"month {month:02d} does not exist"):
        When.parse(f"{year:04d}-{month:02d}")
