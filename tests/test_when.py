"""Tests of `timeline._when._value` and `_point`: what a When covers, its order, equality and
identity, and `Point`. Each grammar, the zones, the words and the human spelling have their own
module (test_when_iso.py, test_when_english.py, test_when_zones.py, test_when_words.py,
test_when_human.py, test_when_reading.py).
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.when_helpers import ALMATY, UTC, ZERO_OFFSET
from timeline._errors import DateError
from timeline._when import Point, Precision, When

# -- what a When covers ---------------------------------------------------------------------


def test_properties_of_dates() -> None:
    month = When.parse("October 2022")
    assert (month.start, month.end) == (date(2022, 10, 1), date(2022, 10, 31))
    assert not month.is_interval
    assert month.end_point is None
    span = When.parse("2022-10/2022-11-05")
    assert span.is_interval
    assert span.precision is Precision.MONTH
    assert (span.start, span.end) == (date(2022, 10, 1), date(2022, 11, 5))
    assert span.start_point == Point(date(2022, 10, 1), Precision.MONTH)
    assert span.end_point == Point(date(2022, 11, 5), Precision.DAY)
    year = When.parse("2022")
    assert (year.start, year.end) == (date(2022, 1, 1), date(2022, 12, 31))


def test_properties_of_times() -> None:
    point = When.parse("2022-10-13T09:50[Asia/Almaty]")
    assert point.is_timed
    assert point.precision is Precision.MINUTE
    assert point.timezone == ALMATY
    assert point.start == point.end == datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY)
    assert point.first_day == point.last_day == date(2022, 10, 13)
    late = When.parse("2022-10-13T23:30[UTC]", zone="Asia/Almaty")
    assert late.first_day == date(2022, 10, 13)  # its own zone's day
    late = When.parse("13 October 2022, 23:30 (UTC)", zone="Asia/Almaty")
    assert late.first_day == date(2022, 10, 14)  # the local day, not the UTC one
    span = When.parse("2022-10-13T09:50[Asia/Almaty]/2022-10-13T18:00[Asia/Almaty]")
    assert span.end == datetime(2022, 10, 13, 18, 0, tzinfo=ALMATY)
    mixed = When.parse("2022-10-13T09:50[Asia/Almaty]/2022-10-15")
    assert not mixed.is_timed
    assert mixed.precision is Precision.DAY
    assert mixed.timezone == ALMATY
    assert (mixed.start, mixed.end) == (date(2022, 10, 13), date(2022, 10, 15))
    start = point.start
    assert isinstance(start, datetime)
    assert isinstance(start.tzinfo, ZoneInfo)
    assert start.second == start.microsecond == 0


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("2022", date(2022, 10, 1), date(2022, 10, 31), True),
        ("2022-09", date(2022, 10, 1), date(2022, 10, 31), False),
        ("2022-09-30", date(2022, 10, 1), None, False),
        ("2022-10-01", date(2022, 10, 1), None, True),
        ("2022-10-31", None, date(2022, 10, 31), True),
        ("2022-11-01", None, date(2022, 10, 31), False),
        ("late September 2022", date(2022, 9, 30), date(2022, 10, 31), True),
        ("2022-09-15/2022-10-02", date(2022, 10, 1), date(2022, 10, 1), True),
        ("2021", None, None, True),
        ("2022-10-13T23:30[Asia/Almaty]", date(2022, 10, 13), date(2022, 10, 13), True),
    ],
)
def test_overlaps(text: str, first: date | None, last: date | None, expected: bool) -> None:
    assert When.parse(text).overlaps(first, last) is expected


def test_overlaps_refuses_bad_ranges() -> None:
    when = When.parse("2022")
    with pytest.raises(DateError, match="range ends"):
        when.overlaps(date(2022, 2, 1), date(2022, 1, 1))
    with pytest.raises(DateError, match="not date-times"):
        when.overlaps(datetime(2022, 1, 1, tzinfo=UTC))


# -- order, equality, identity --------------------------------------------------------------


def test_order_follows_first_day_then_coarse_before_fine() -> None:
    texts = [
        "2022-10-01T00:30[Asia/Almaty]",
        "1 October 2022",
        "October 2022",
        "2022-10-01/2022-10-03",
        "2022-10-01~",
        "2022",
        "2022-10-01?",
        "2022-10-01%",
        "early October 2022",
        "2022-09-30",
        "2022-10-01T00:10Z",
    ]
    ordered = [str(when) for when in sorted(When.parse(text) for text in texts)]
    assert ordered == [
        "2022",
        "2022-09-30",
        "2022-10",
        "2022-10-01",
        "2022-10-01~",
        "2022-10-01?",
        "2022-10-01%",
        "2022-10-01/2022-10-03",
        "2022-10-01~/2022-10-10~",
        "2022-10-01T00:30+06:00[Asia/Almaty]",  # 18:30 UTC the day before
        "2022-10-01T00:10Z",
    ]


def test_timed_events_of_one_day_sort_by_instant_across_zones() -> None:
    moscow = When.parse("2022-10-13T08:00[Europe/Moscow]")  # 05:00 UTC
    almaty = When.parse("2022-10-13T09:50[Asia/Almaty]")  # 03:50 UTC
    assert almaty < moscow
    assert sorted([moscow, almaty]) == [almaty, moscow]


def test_same_instant_in_two_zones_is_two_values_in_a_fixed_order() -> None:
    utc = When.parse("2022-10-13T03:50Z")
    almaty = When.parse("2022-10-13T09:50[Asia/Almaty]")
    assert utc != almaty
    assert utc.start == almaty.start
    assert (utc < almaty) != (almaty < utc)


def test_equality_and_hashing_follow_the_canonical_string() -> None:
    a = When.parse("13 October 2022")
    b = When.parse("2022-10-13")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, When.parse("2022-10-13?")}) == 2
    assert a <= b
    assert a >= b
    assert not a < b
    assert not a > b
    assert a != "2022-10-13"
    with pytest.raises(TypeError):
        _ = a < "2022-10-14"


def test_when_is_immutable_and_survives_copying_and_pickling() -> None:
    when = When.parse("2022-10-13T09:50[Asia/Almaty]/2022-10-14")
    with pytest.raises(AttributeError):
        when.approximate = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del when.uncertain
    assert copy.copy(when) is when
    assert copy.deepcopy(when) is when
    restored = pickle.loads(pickle.dumps(when))
    assert restored == when
    assert str(restored) == str(when)

    @dataclasses.dataclass
    class Event:
        when: When

    assert dataclasses.asdict(Event(when)) == {"when": when}


def test_pattern_matching() -> None:
    match When.parse("2022-10-12/2022-10-13"):
        case When(start, end):
            assert str(start) == "2022-10-12"
            assert str(end) == "2022-10-13"
        case _:
            pytest.fail("a When should match its positional pattern")


# -- Point ----------------------------------------------------------------------------------


def test_point_truncates_dates_to_its_precision() -> None:
    assert Point(date(2022, 10, 13), Precision.MONTH).value == date(2022, 10, 1)
    assert Point(date(2022, 10, 13), Precision.YEAR).value == date(2022, 1, 1)
    assert Point(date(2022, 10, 13), "day").precision is Precision.DAY  # type: ignore[arg-type]
    assert str(Point(date(2022, 10, 13), Precision.YEAR)) == "2022"
    assert Point(date(2022, 2, 13), Precision.MONTH).last_day == date(2022, 2, 28)


def test_point_identity_includes_the_zone() -> None:
    utc = Point(datetime(2022, 10, 13, 3, 50, tzinfo=UTC), Precision.MINUTE)
    almaty = Point(datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY), Precision.MINUTE)
    assert utc.value == almaty.value  # datetime alone compares instants
    assert utc != almaty
    assert utc == Point(datetime(2022, 10, 13, 3, 50, tzinfo=UTC), Precision.MINUTE)
    assert utc != "2022-10-13T03:50Z"


@pytest.mark.parametrize(
    ("value", "precision", "fragment"),
    [
        (datetime(2022, 10, 13, 9, 50, 0, 5), Precision.SECOND, "a fraction of one"),
        (datetime(2022, 10, 13, 9, 50, 5, tzinfo=UTC), Precision.MINUTE, "has no seconds"),
        (date(2022, 10, 13), Precision.MINUTE, "needs a datetime"),
        (datetime(2022, 10, 13, tzinfo=UTC), Precision.DAY, "takes a date, not a date-time"),
        ("2022-10-13", Precision.DAY, "needs a date"),
        (date(2022, 10, 13), "week", "unknown precision"),
    ],
)
def test_point_refuses_bad_values(value: object, precision: object, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        Point(value, precision)  # type: ignore[arg-type]
    assert fragment in caught.value.message


def test_a_point_takes_a_floating_time_or_a_fixed_offset() -> None:
    floating = Point(datetime(2022, 10, 13, 9, 50), Precision.MINUTE)
    assert str(floating) == "2022-10-13T09:50"
    fixed = Point(datetime(2022, 10, 13, 9, 50, tzinfo=ZERO_OFFSET), Precision.MINUTE)
    assert str(fixed) == "2022-10-13T09:50Z"
    assert getattr(fixed.value, "tzinfo", None) is ZERO_OFFSET.utc
    assert floating != fixed


def test_when_refuses_non_points() -> None:
    with pytest.raises(DateError, match="Point"):
        When(date(2022, 10, 13))  # type: ignore[arg-type]


def test_when_normalizes_fold_outside_a_fold() -> None:
    odd = datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY, fold=1)
    point = Point(odd, Precision.MINUTE)
    assert isinstance(point.value, datetime)
    assert point.value.fold == 0
    assert point == Point(odd.replace(fold=0), Precision.MINUTE)
