"""Tests of `timeline._when._zones`: times and zones (RFC 9557), the default zone, offsets kept
as written, floating times, and the clocks' gaps and folds.
"""

from __future__ import annotations

import importlib.resources
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.when_helpers import ALMATY, EN, NEW_YORK, UTC, canon, refused
from timeline._errors import DateError
from timeline._when import Point, Precision, When

# -- times and zones (RFC 9557) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-10-13T09:50[Asia/Almaty]", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        # seconds written are seconds kept, :00 included
        ("2022-10-13T09:50:00+06:00[Asia/Almaty]", "2022-10-13T09:50:00+06:00[Asia/Almaty]"),
        ("2022-10-13T09:50+0600[Asia/Almaty]", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("2022-10-13t09:50[!Asia/Almaty]", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("2022-10-13T03:50Z", "2022-10-13T03:50Z"),
        ("2022-10-13T03:50z", "2022-10-13T03:50Z"),
        ("2022-10-13T03:50+00:00", "2022-10-13T03:50Z"),
        ("2022-10-13T03:50[UTC]", "2022-10-13T03:50+00:00[UTC]"),
        ("2022-10-13T09:50+06:00", "2022-10-13T09:50+06"),
        ("2022-10-13T09:50+0545", "2022-10-13T09:50+05:45"),
        ("2022-10-13T09:50", "2022-10-13T09:50"),
        ("2022-10-13T09:50/2022-10-13T18:00", "2022-10-13T09:50/2022-10-13T18:00"),
        ("2022-10-13T09:50+06/2022-10-13T18:00Z", "2022-10-13T09:50+06/2022-10-13T18:00Z"),
        ("2022-10-13T03:50Z[Asia/Almaty]", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("2022-10-13 09:50[Asia/Tashkent]", "2022-10-13T09:50+05:00[Asia/Tashkent]"),
        ("2022-10-13T09:50[Asia/Kathmandu]", "2022-10-13T09:50+05:45[Asia/Kathmandu]"),
        (
            "2022-10-13T09:50[Asia/Almaty]/2022-10-13T18:00[Asia/Almaty]",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-13T18:00+06:00[Asia/Almaty]",
        ),
        (
            "2022-10-13T09:50[Asia/Almaty]/2022-10-14T18:00",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-14T18:00+06:00[Asia/Almaty]",
        ),
        (
            "2022-10-13T09:50[Asia/Almaty]/2022-10-15",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-15",
        ),
        ("2022-10-13T09:50[Asia/Almaty]~", "2022-10-13T09:50+06:00[Asia/Almaty]~"),
        ("2022-10-13T09:50~[Asia/Almaty]", "2022-10-13T09:50+06:00[Asia/Almaty]~"),
    ],
)
def test_timed_iso(text: str, expected: str) -> None:
    assert canon(text) == expected
    assert canon(expected) == expected


def test_local_time_uses_the_default_zone() -> None:
    assert canon("2022-10-13T09:50", zone="Asia/Almaty") == "2022-10-13T09:50+06:00[Asia/Almaty]"
    assert canon("2022-10-13T09:50", zone=ALMATY) == "2022-10-13T09:50+06:00[Asia/Almaty]"


def test_a_written_zone_beats_the_default_zone() -> None:
    text = "2022-10-13T09:50[Europe/Moscow]"
    assert canon(text, zone="Asia/Almaty") == "2022-10-13T09:50+03:00[Europe/Moscow]"


def test_a_written_offset_is_kept_whatever_the_default_zone() -> None:
    # EDTF text means what it says: a fixed offset stays one, so JSON reads back as written
    assert canon("2022-10-13T03:50Z", zone="Asia/Almaty") == "2022-10-13T03:50Z"
    assert canon("2022-10-13T06:50+03:00", zone=ALMATY) == "2022-10-13T06:50+03"
    # words are read as people mean them: the offset says which instant, the zone shows it
    assert (
        canon("13 October 2022, 03:50 (UTC)", zone=ALMATY) == "2022-10-13T09:50+06:00[Asia/Almaty]"
    )


def test_a_floating_time_is_the_same_clock_time_everywhere() -> None:
    when = When.parse("2022-10-13T09:50")
    assert when.floating
    assert when.timezone is None
    assert when.start == datetime(2022, 10, 13, 9, 50)
    assert when.human() == "13 October 2022, 09:50 (local time)"
    assert When.parse(when.human()) == when
    assert When.parse("13 October 2022, 09:50") == when
    assert not When.parse("2022-10-13T09:50Z").floating
    assert not When.parse("2022-10-13").floating
    # unequal to every zoned or fixed reading of the same clock time, and ordered among them
    fixed = When.parse("2022-10-13T09:50Z")
    assert when != fixed
    assert len({when, fixed, When.parse("2022-10-13T09:50[UTC]")}) == 3
    assert sorted([fixed, when]) == [when, fixed]


def test_astana_was_utc_plus_six_in_2022_and_is_utc_plus_five_since_2024() -> None:
    october_2022 = When.parse("2022-10-13T09:50[Asia/Almaty]")
    assert str(october_2022) == "2022-10-13T09:50+06:00[Asia/Almaty]"
    assert october_2022.start == datetime(2022, 10, 13, 3, 50, tzinfo=UTC)
    assert october_2022.human() == "13 October 2022, 09:50 (UTC+06)"
    october_2024 = When.parse("2024-10-13T09:50[Asia/Almaty]")
    assert str(october_2024) == "2024-10-13T09:50+05:00[Asia/Almaty]"
    error = refused("2022-10-13T09:50+05:00[Asia/Almaty]")
    assert "+05:00" in error.message
    assert "+06:00" in error.message
    assert "Asia/Almaty" in error.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1965-05-01T10:00[Asia/Almaty]", "1965-05-01T10:00+06:00[Asia/Almaty]"),
        ("1941-06-22T04:00[Europe/Moscow]", "1941-06-22T04:00+03:00[Europe/Moscow]"),
        ("1900-01-01T10:00[Asia/Almaty]", "1900-01-01T10:00+05:07:48[Asia/Almaty]"),
        ("2050-07-01T12:00[America/New_York]", "2050-07-01T12:00-04:00[America/New_York]"),
        ("2100-01-01T12:00[America/New_York]", "2100-01-01T12:00-05:00[America/New_York]"),
        ("2039-03-01T12:00[Asia/Almaty]", "2039-03-01T12:00+05:00[Asia/Almaty]"),
    ],
)
def test_times_before_1970_and_after_2038(text: str, expected: str) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert When.parse(str(when)) == when
    zone = when.timezone
    assert zone is not None
    assert When.parse(when.human(), zone=zone) == when


def test_dst_gap_in_new_york_is_refused() -> None:
    error = refused("2022-03-13T02:30[America/New_York]")
    assert "does not exist" in error.message
    assert "America/New_York" in error.message
    assert "UTC-05" in error.message
    assert "UTC-04" in error.message
    with pytest.raises(DateError, match="does not exist"):
        When.from_value(datetime(2022, 3, 13, 2, 30), zone="America/New_York")
    with pytest.raises(DateError, match="does not exist"):
        Point(datetime(2022, 3, 13, 2, 30, tzinfo=NEW_YORK), Precision.MINUTE)


def test_dst_fold_in_new_york_takes_the_first_time_unless_the_offset_says_otherwise() -> None:
    first = When.parse("2022-11-06T01:30[America/New_York]")
    assert str(first) == "2022-11-06T01:30-04:00[America/New_York]"
    second = When.parse("2022-11-06T01:30-05:00[America/New_York]")
    assert str(second) == "2022-11-06T01:30-05:00[America/New_York]"
    assert first != second
    assert first < second
    assert hash(first) != hash(second) or str(first) != str(second)
    assert When.parse(str(second)) == second
    assert When.from_value(datetime(2022, 11, 6, 1, 30), zone=NEW_YORK) == first
    later = datetime(2022, 11, 6, 1, 30, tzinfo=NEW_YORK, fold=1)
    assert When.from_value(later) == second
    start = second.start
    assert isinstance(start, datetime)
    assert start.astimezone(UTC) == datetime(2022, 11, 6, 6, 30, tzinfo=UTC)
    assert second.human() == "6 November 2022, 01:30 (UTC-05)"
    assert When.parse(second.human(), zone=NEW_YORK) == second


def test_timed_interval_across_the_fold() -> None:
    text = "2022-11-06T01:30-04:00[America/New_York]/2022-11-06T01:10-05:00[America/New_York]"
    when = When.parse(text)
    assert str(when) == text
    assert when.human() == f"6 November 2022, 01:30 (UTC-04) {EN} 01:10 (UTC-05)"
    assert When.parse(when.human(), zone="America/New_York") == when


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("2022-10-13T09:50/2022-10-13T18:00Z", ["floating time", "cannot be ordered"]),
        ("2022-10-13T09:50[Asia/Almati]", ["unknown time zone 'Asia/Almati'", "Asia/Almaty"]),
        ("2022-10-13T09:50[asia/almaty]", ["unknown time zone", "did you mean Asia/Almaty"]),
        ("2022-10-13T09:50[UTC+6]", ["unknown time zone", "not a time zone"]),
        ("2022-10-13T09:50:30.5[UTC]", ["as an ISO 8601 date"]),
        ("2022-10-13T24:00[UTC]", ["hour 24 does not exist"]),
        ("2022-10-13T09:60[UTC]", ["minute 60 does not exist"]),
        ("2022-10-13T09:50+24:00", ["out of range"]),
        ("2022-10-13[Asia/Almaty]", ["needs a time of day"]),
        (
            "2022-10-13T09:50[Asia/Almaty]/2022-10-13T18:00[Europe/Moscow]",
            ["same time zone", "Asia/Almaty", "Europe/Moscow"],
        ),
        (
            "2022-10-13T18:00[Asia/Almaty]/2022-10-13T09:50[Asia/Almaty]",
            ["ends (2022-10-13T09:50+06:00[Asia/Almaty]) before it starts"],
        ),
        ("9999-12-31T23:00Z[Asia/Almaty]", ["out of range"]),
    ],
)
def test_timed_errors(text: str, fragments: list[str]) -> None:
    error = refused(text)
    for fragment in fragments:
        assert fragment in error.message
    assert error.hint


def test_unknown_default_zone() -> None:
    with pytest.raises(DateError, match="unknown time zone 'Mars/Olympus'"):
        When.parse("2022-10-13T09:50", zone="Mars/Olympus")
    with pytest.raises(DateError, match="unknown time zone"):
        When.parse("2022-10-13", zone="")


def test_a_zone_without_an_iana_name_is_refused() -> None:
    data = importlib.resources.files("tzdata.zoneinfo").joinpath("Asia", "Almaty").read_bytes()
    nameless = ZoneInfo.from_file(io.BytesIO(data))
    with pytest.raises(DateError, match="no IANA name"):
        When.parse("2022-10-13T09:50", zone=nameless)
    with pytest.raises(DateError, match="IANA time zone"):
        Point(datetime(2022, 10, 13, 9, 50, tzinfo=nameless), Precision.MINUTE)
