"""Unit tests for `timeline._when`: every accepted form, every refusal, and the spellings back out.

En and em dashes are written as escapes because ruff rightly flags them as look-alikes of '-'.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib.resources
import io
import pickle
import tomllib
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, ValidationError

from timeline._errors import DateError, TimelineError
from timeline._when import ACCEPTED_FORMS, Point, Precision, When

EN = "\u2013"  # en dash
EM = "\u2014"  # em dash
ALMATY = ZoneInfo("Asia/Almaty")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
ZERO_OFFSET = timezone(timedelta(0))  # what tomllib gives for a trailing Z


def refused(text: str, *, zone: str | ZoneInfo | None = None) -> DateError:
    """Parse text that must be refused and hand back the error for inspection."""
    with pytest.raises(DateError) as caught:
        When.parse(text, zone=zone)
    return caught.value


def canon(text: str, *, zone: str | ZoneInfo | None = None) -> str:
    return str(When.parse(text, zone=zone))


# -- ISO 8601 / EDTF ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision", "first", "last"),
    [
        ("2022-10-13", "2022-10-13", Precision.DAY, date(2022, 10, 13), date(2022, 10, 13)),
        ("2022-10", "2022-10", Precision.MONTH, date(2022, 10, 1), date(2022, 10, 31)),
        ("2022", "2022", Precision.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
        ("2024-02", "2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "2023-02", Precision.MONTH, date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-02-29", "2024-02-29", Precision.DAY, date(2024, 2, 29), date(2024, 2, 29)),
        ("0001-01-01", "0001-01-01", Precision.DAY, date(1, 1, 1), date(1, 1, 1)),
        ("9999-12", "9999-12", Precision.MONTH, date(9999, 12, 1), date(9999, 12, 31)),
        ("  2022-10-13\n", "2022-10-13", Precision.DAY, date(2022, 10, 13), date(2022, 10, 13)),
        (
            "2022-10-12/2022-10-13",
            "2022-10-12/2022-10-13",
            Precision.DAY,
            date(2022, 10, 12),
            date(2022, 10, 13),
        ),
        (
            "2022-10/2022-11-05",
            "2022-10/2022-11-05",
            Precision.MONTH,
            date(2022, 10, 1),
            date(2022, 11, 5),
        ),
        ("2021/2022", "2021/2022", Precision.YEAR, date(2021, 1, 1), date(2022, 12, 31)),
        ("2022/2022-03", "2022/2022-03", Precision.YEAR, date(2022, 1, 1), date(2022, 3, 31)),
    ],
)
def test_iso_dates(text: str, expected: str, precision: Precision, first: date, last: date) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert when.precision is precision
    assert (when.first_day, when.last_day) == (first, last)
    assert not when.is_timed
    assert when.timezone is None


@pytest.mark.parametrize(
    ("text", "expected", "approximate", "uncertain"),
    [
        ("2022-08~", "2022-08~", True, False),
        ("2022-09-20?", "2022-09-20?", False, True),
        ("2022-09%", "2022-09%", True, True),
        ("2022~", "2022~", True, False),
        ("2022-10-01~/2022-10-10~", "2022-10-01~/2022-10-10~", True, False),
        ("2022-10-01?/2022-10-10?", "2022-10-01?/2022-10-10?", False, True),
        ("2022-10%/2022-11%", "2022-10%/2022-11%", True, True),
    ],
)
def test_edtf_qualifiers(text: str, expected: str, approximate: bool, uncertain: bool) -> None:
    when = When.parse(text)
    assert str(when) == expected
    assert (when.approximate, when.uncertain) == (approximate, uncertain)


def test_interval_with_same_ends_collapses_to_a_point() -> None:
    when = When.parse("2022-10-13/2022-10-13")
    assert str(when) == "2022-10-13"
    assert not when.is_interval
    assert when == When.parse("2022-10-13")
    day = Point(date(2022, 10, 13), Precision.DAY)
    assert When(day, Point(date(2022, 10, 13), Precision.DAY)) == When.parse("2022-10-13")


def test_open_and_mixed_precision_intervals() -> None:
    assert str(When.parse("2022-10/2022-10-05")) == "2022-10/2022-10-05"
    assert str(When.parse("2022-10-13/2022-10")) == "2022-10-13/2022-10"


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


# -- native TOML values ---------------------------------------------------------------------


def test_native_toml_values() -> None:
    document = tomllib.loads(
        """
        day = 2022-10-13
        local = 2022-10-13T09:50:00
        utc = 2022-10-13T03:50:00Z
        offset = 2022-10-13T09:50:00+06:00
        text = "early October 2022"
        """
    )
    assert str(When.from_value(document["day"])) == "2022-10-13"
    assert (
        str(When.from_value(document["local"], zone="Asia/Almaty"))
        == "2022-10-13T09:50+06:00[Asia/Almaty]"
    )
    assert str(When.from_value(document["utc"])) == "2022-10-13T03:50Z"
    assert (
        str(When.from_value(document["offset"], zone="Asia/Almaty"))
        == "2022-10-13T09:50+06:00[Asia/Almaty]"
    )
    assert (
        str(When.from_value(document["offset"], zone="Europe/Moscow"))
        == "2022-10-13T06:50+03:00[Europe/Moscow]"
    )
    assert str(When.from_value(document["text"])) == "2022-10-01~/2022-10-10~"
    # with no zone to show them in, TOML's local time floats and its offset stays fixed
    assert str(When.from_value(document["local"])) == "2022-10-13T09:50"
    assert str(When.from_value(document["offset"])) == "2022-10-13T09:50+06"


def test_native_values_from_python() -> None:
    when = When.parse("2022-10-13")
    assert When.from_value(when) is when
    assert When.from_value(date(2022, 10, 13)) == when
    named = datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY)
    assert str(When.from_value(named, zone="Europe/Moscow")) == str(When.from_value(named))
    assert str(When.from_value(named)) == "2022-10-13T09:50+06:00[Asia/Almaty]"
    utc_offset = datetime(2022, 10, 13, 3, 50, tzinfo=ZERO_OFFSET)
    assert str(When.from_value(utc_offset)) == "2022-10-13T03:50Z"
    named_utc = datetime(2022, 10, 13, 3, 50, tzinfo=UTC)  # the zone named UTC is kept
    assert str(When.from_value(named_utc)) == "2022-10-13T03:50+00:00[UTC]"
    assert str(When.from_value(datetime(2022, 10, 13, 3, 50))) == "2022-10-13T03:50"

    class Day(date):
        pass

    assert type(When.from_value(Day(2022, 10, 13)).start_point.value) is date


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime(2022, 10, 13, 9, 50, 0, 1, tzinfo=UTC), "to the second"),
        (2022, "the bare number 2022 is not a date"),
        (time(9, 50), "has no date"),
        (3.5, "cannot read float"),
        (True, "cannot read bool"),
        (None, "cannot read NoneType"),
    ],
)
def test_native_value_errors(value: object, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        When.from_value(value, zone="Asia/Almaty")  # type: ignore[arg-type]
    assert fragment in caught.value.message
    assert caught.value.hint


# -- plain English --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 October 2022", "2022-10-13"),
        ("13 Oct 2022", "2022-10-13"),
        ("13 Oct. 2022", "2022-10-13"),
        ("13 oct. 2022", "2022-10-13"),
        ("13 OCTOBER 2022", "2022-10-13"),
        ("October 13, 2022", "2022-10-13"),
        ("October 13 2022", "2022-10-13"),
        ("Oct. 13, 2023", "2023-10-13"),
        ("Sept. 5, 2022", "2022-09-05"),
        ("Sep 5, 2022", "2022-09-05"),
        ("5 June 2022", "2022-06-05"),
        ("1 May 2022", "2022-05-01"),
        ("October 2022", "2022-10"),
        ("Oct 2022", "2022-10"),
        ("13th October 2022", "2022-10-13"),
        ("1st May 2022", "2022-05-01"),
        ("2nd of May 2022", "2022-05-02"),
        ("the 3rd of May 2022", "2022-05-03"),
        ("Thursday, 13 October 2022", "2022-10-13"),
        ("Thu 13 Oct 2022", "2022-10-13"),
        ("Thursday, October 13, 2022", "2022-10-13"),
        ("  13   October  2022 ", "2022-10-13"),
        (f"12{EN}13 October 2022", "2022-10-12/2022-10-13"),
        (f"12{EM}13 October 2022", "2022-10-12/2022-10-13"),
        ("12-13 October 2022", "2022-10-12/2022-10-13"),
        ("12 to 13 October 2022", "2022-10-12/2022-10-13"),
        (f"October 12{EN}13, 2022", "2022-10-12/2022-10-13"),
        (f"31 October {EN} 2 November 2022", "2022-10-31/2022-11-02"),
        (f"October 31 {EN} November 2, 2022", "2022-10-31/2022-11-02"),
        (f"30 December 2022 {EN} 2 January 2023", "2022-12-30/2023-01-02"),
        (f"October{EN}November 2022", "2022-10/2022-11"),
        (f"December 2022 {EN} January 2023", "2022-12/2023-01"),
        (f"2021{EN}2022", "2021/2022"),
        ("2021-2022", "2021/2022"),
        (f"October {EN} 5 November 2022", "2022-10/2022-11-05"),
        (f"Wednesday 12 {EN} Thursday 13 October 2022", "2022-10-12/2022-10-13"),
        ("early October 2022", "2022-10-01~/2022-10-10~"),
        ("mid-October 2022", "2022-10-11~/2022-10-20~"),
        ("mid October 2022", "2022-10-11~/2022-10-20~"),
        ("Mid-Oct 2022", "2022-10-11~/2022-10-20~"),
        ("late October 2022", "2022-10-21~/2022-10-31~"),
        ("late February 2023", "2023-02-21~/2023-02-28~"),
        ("late February 2024", "2024-02-21~/2024-02-29~"),
        ("late September 2022", "2022-09-21~/2022-09-30~"),
        ("early October 2022?", "2022-10-01%/2022-10-10%"),
        ("c. August 2022", "2022-08~"),
        ("c.August 2022", "2022-08~"),
        ("ca. August 2022", "2022-08~"),
        ("circa August 2022", "2022-08~"),
        ("around August 2022", "2022-08~"),
        ("about 13 October 2022", "2022-10-13~"),
        ("approximately 2022", "2022~"),
        ("c. 2022", "2022~"),
        ("13 October 2022?", "2022-10-13?"),
        ("13 October 2022 ?", "2022-10-13?"),
        ("c. 2022?", "2022%"),
        (f"c. 12{EN}13 October 2022", "2022-10-12~/2022-10-13~"),
        ("c. 2022-10-13", "2022-10-13~"),
        ("about 2022-10?", "2022-10%"),
        (f"2022-10-12 {EN} 2022-10-13", "2022-10-12/2022-10-13"),
        ("2022-10 to 2022-11", "2022-10/2022-11"),
        ("13 October 2022, 03:50 (UTC)", "2022-10-13T03:50Z"),
        ("13 October 2022 03:50 (GMT)", "2022-10-13T03:50Z"),
        ("13 October 2022, 3:50 (UTC+00)", "2022-10-13T03:50Z"),
    ],
)
def test_english(text: str, expected: str) -> None:
    assert canon(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 October 2022, 09:50", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October 2022 at 09:50", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October 2022, 09:50 (UTC+06)", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October 2022, 06:50 (UTC+03)", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October 2022, 03:50 (UTC)", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        (
            f"13 October 2022, 09:50{EN}18:00 (UTC+06)",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-13T18:00+06:00[Asia/Almaty]",
        ),
        (
            f"13 October 2022, 09:50 {EN} 14 October 2022, 18:00",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-14T18:00+06:00[Asia/Almaty]",
        ),
        (
            f"13 October 2022, 09:50 (UTC+06) {EN} 15 October 2022",
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-15",
        ),
        ("c. 13 October 2022, 09:50?", "2022-10-13T09:50+06:00[Asia/Almaty]%"),
        ("13 October 2022, 9:50 a.m.", "2022-10-13T09:50+06:00[Asia/Almaty]"),
        ("13 October 2022, 10 a.m.", "2022-10-13T10:00+06:00[Asia/Almaty]"),
        ("13 October 2022, 9:50 PM", "2022-10-13T21:50+06:00[Asia/Almaty]"),
        ("13 October 2022, 12:30 a.m.", "2022-10-13T00:30+06:00[Asia/Almaty]"),
        ("13 October 2022, 12:30 p.m.", "2022-10-13T12:30+06:00[Asia/Almaty]"),
        (
            f"13 October 2022, 9 am {EN} 5 pm",
            "2022-10-13T09:00+06:00[Asia/Almaty]/2022-10-13T17:00+06:00[Asia/Almaty]",
        ),
    ],
)
def test_english_times_with_a_default_zone(text: str, expected: str) -> None:
    assert canon(text, zone="Asia/Almaty") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 октября 2022", "2022-10-13"),
        ("13 октября 2022 \u0433.", "2022-10-13"),
        ("13 октября 2022 года", "2022-10-13"),
        ("Октябрь 2022", "2022-10"),
        ("в мае 2023 года", "2023-05"),
        (f"12{EN}13 октября 2022", "2022-10-12/2022-10-13"),
        (f"31 октября {EN} 2 ноября 2022", "2022-10-31/2022-11-02"),
        ("c. август 2022", "2022-08~"),
    ],
)
def test_russian_month_names_as_sources_write_them(text: str, expected: str) -> None:
    assert canon(text) == expected


def test_a_misspelt_russian_month_is_answered_in_russian() -> None:
    assert refused("13 октябр 2022").message == (
        "unknown month name 'октябр'; did you mean октября?"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Octobr 13, 2022", "unknown month name 'Octobr'"),
        ("13 Octobr 2022", "unknown month name 'Octobr'"),
        ("13 Foo 2022", "unknown word 'Foo'"),
        ("Thursdya, 13 October 2022", "unknown weekday name 'Thursdya'"),
        ("Friday, 13 October 2022", "13 October 2022 is a Thursday, not a Friday"),
        (f"Friday 12 {EN} Thursday 13 October 2022", "is a Wednesday, not a Friday"),
        ("Thursday October 2022", "weekday needs a full date"),
        ("13 October", "has no year"),
        (f"12{EN}13 October", "has no year"),
        ("October 13", "has no year"),
        ("13, 2022", "has no month"),
        ("32 October 2022", "32 October 2022 does not exist: October has 31 days"),
        ("29 February 2023", "29 February 2023 does not exist: 2023 is not a leap year"),
        ("0 October 2022", "day 0 of October 2022 does not exist"),
        (f"12 {EN} 13 {EN} 14 October 2022", "more than one dash"),
        ("early Thursday 2022", "early goes with a month and a year"),  # "early 2022" is read
        ("late 13 October 2022", "late goes with a month and a year"),
        ("13 October 022", "cannot read the number '022'"),
        ("13 October 2022!", "unexpected '!'"),
        (f"13 October 2022 {EN}", "missing end"),
        ("October 2022, 09:50", "no day of the month"),
        ("13 October 2022 (UTC+06)", "UTC offset needs a time of day"),
        ("13 October 2022, 25:00 (UTC)", "hour 25 does not exist"),
        ("13 October 2022, 13:05 pm (UTC)", "'13:05 pm' is not a time: a 12-hour clock runs"),
        ("13 October 2022, 0 am (UTC)", "'0 am' is not a time"),
        ("13 October 2022, 9:75 am (UTC)", "minute 75 does not exist"),
        ("c.", "cannot read 'c.'"),
        ("?", "cannot read '?'"),
        ("October 2022 October", "cannot read"),
        ("hello", "unknown word 'hello'"),
        (
            f"13 October 2022 {EN} 12 October 2022",
            "ends (2022-10-12) before it starts (2022-10-13)",
        ),
    ],
)
def test_english_errors(text: str, fragment: str) -> None:
    error = refused(text)
    assert fragment in error.message
    assert error.hint


# -- refusals of malformed or impossible dates ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "29 February 2023 does not exist: 2023 is not a leap year"),
        ("1900-02-29", "29 February 1900 does not exist: 1900 is not a leap year"),
        ("2024-02-30", "30 February 2024 does not exist: February 2024 has 29 days"),
        ("2022-04-31", "31 April 2022 does not exist: April has 30 days"),
        ("2022-10-32", "32 October 2022 does not exist: October has 31 days"),
        ("2022-10-00", "day 0 of October 2022 does not exist: days start at 1"),
        ("2022-13", "month 13 does not exist: months run from 01 to 12"),
        ("2022-00-01", "month 00 does not exist: months run from 01 to 12"),
        (
            "2022-21-05",
            "an EDTF season (21) is a span of three months, and cannot be part of a longer "
            "date or one end of an interval",
        ),
        ("2022-25", "month 25 does not exist: months run from 01 to 12"),
        ("0000", "year 0000 does not exist here: years run from 0001 to 9999"),
        ("2022-10-13/2022-10-01", "the interval ends (2022-10-01) before it starts (2022-10-13)"),
        ("2022-11/2022-10", "the interval ends (2022-10) before it starts (2022-11)"),
        ("2022/2021-12-31", "the interval ends (2021-12-31) before it starts (2022)"),
        ("", "the date is empty"),
        ("   ", "the date is empty"),
    ],
)
def test_impossible_dates(text: str, message: str) -> None:
    assert refused(text).message == message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2022-1-5", "cannot read '2022-1-5' as an ISO 8601 date"),
        ("2022-10-13T9:50[UTC]", "as an ISO 8601 date"),
        ("2022-1/2022-2", "cannot read '2022-1' as an ISO 8601 date"),
        ("13/10/2022", "can only be 13 October 2022, but numeric dates are not read"),
        ("10/13/2022", "can only be 13 October 2022"),
        ("13.10.2022", "can only be 13 October 2022"),
        ("03/04/2022", "ambiguous: it could be 4 March 2022 or 3 April 2022"),
        ("31/02/2022", "not a date in any reading"),
        ("13/10/22", "two-digit year"),
        ("12345", "years have four digits"),
        ("-0044", "is in the year -44 (45 BCE): a timeline keeps the years 0001 to 9999"),
        ("Y170000002", "is in the year 170000002: a timeline keeps the years 0001 to 9999"),
        ("20221013", "years have four digits"),
        ("2022/2023/2024", "more than one '/'"),
        ("../..", "gives neither end"),
        ("/", "gives neither end"),
        ("from 2022-10-01/2022-10-03 to 2023", "each end of 'from ... to ...' is one date"),
        ("2022-10-13T09:50~[UTC]?", "two qualifiers"),
    ],
)
def test_malformed_text(text: str, fragment: str) -> None:
    error = refused(text)
    assert fragment in error.message
    assert error.hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("13/10/2022", "write 2022-10-13, or the month in words"),
        ("03/04/2022", "write 2022-03-04 or 2022-04-03, or the month in words"),
    ],
)
def test_a_numeric_date_is_answered_with_its_unmistakable_forms(text: str, hint: str) -> None:
    assert refused(text).hint == hint


def test_errors_carry_the_accepted_forms_and_are_value_errors() -> None:
    error = refused("sometime last year")
    assert error.hint == ACCEPTED_FORMS
    assert isinstance(error, ValueError)
    assert isinstance(error, TimelineError)
    assert ACCEPTED_FORMS in str(error)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(DateError, match="expected text"):
        When.parse(20221013)  # type: ignore[arg-type]


# -- spellings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "human"),
    [
        ("2022-10-13", "13 October 2022"),
        ("2022-10", "October 2022"),
        ("2022", "2022"),
        ("0033-04-03", "3 April 0033"),
        ("2022-10-12/2022-10-13", f"12{EN}13 October 2022"),
        ("2022-10-31/2022-11-02", f"31 October {EN} 2 November 2022"),
        ("2022-12-30/2023-01-02", f"30 December 2022 {EN} 2 January 2023"),
        ("2022-10/2022-11", f"October{EN}November 2022"),
        ("2022-12/2023-01", f"December 2022 {EN} January 2023"),
        ("2021/2022", f"2021{EN}2022"),
        ("2022/2022-03", f"2022 {EN} March 2022"),
        ("2022-10/2022-11-05", f"October {EN} 5 November 2022"),
        ("2022-10-05/2022-11", f"5 October {EN} November 2022"),
        ("2022-10-01/2022-10-10", f"1{EN}10 October 2022"),
        ("2022-08~", "c. August 2022"),
        ("2022-09-20?", "20 September 2022?"),
        ("2022%", "c. 2022?"),
        ("2022-10-12~/2022-10-13~", f"c. 12{EN}13 October 2022"),
        ("2022-10-01~/2022-10-10~", "early October 2022"),
        ("2022-10-11~/2022-10-20~", "mid-October 2022"),
        ("2022-10-21~/2022-10-31~", "late October 2022"),
        ("2022-10-21%/2022-10-31%", "late October 2022?"),
        ("2022-10-21~/2022-10-30~", f"c. 21{EN}30 October 2022"),
        ("2022-10-13T09:50+06:00[Asia/Almaty]", "13 October 2022, 09:50 (UTC+06)"),
        ("2022-10-13T09:50+05:45[Asia/Kathmandu]", "13 October 2022, 09:50 (UTC+05:45)"),
        ("2022-10-13T03:50+00:00[UTC]", "13 October 2022, 03:50 (UTC)"),
        ("2022-10-13T09:50+06:00[Asia/Almaty]~", "c. 13 October 2022, 09:50 (UTC+06)"),
        (
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-13T18:00+06:00[Asia/Almaty]",
            f"13 October 2022, 09:50{EN}18:00 (UTC+06)",
        ),
        (
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-14T18:00+06:00[Asia/Almaty]",
            f"13 October 2022, 09:50 {EN} 14 October 2022, 18:00 (UTC+06)",
        ),
        (
            "2022-10-13T09:50+06:00[Asia/Almaty]/2022-10-15",
            f"13 October 2022, 09:50 (UTC+06) {EN} 15 October 2022",
        ),
        (
            "2022-03-12T23:00-05:00[America/New_York]/2022-03-13T12:00-04:00[America/New_York]",
            f"12 March 2022, 23:00 (UTC-05) {EN} 13 March 2022, 12:00 (UTC-04)",
        ),
    ],
)
def test_human(canonical: str, human: str) -> None:
    when = When.parse(canonical)
    assert str(when) == canonical
    assert when.human() == human
    assert When.parse(human, zone=when.timezone) == when


def test_repr() -> None:
    assert repr(When.parse("13 October 2022")) == "When('2022-10-13')"
    assert repr(When.parse("early October 2022")) == "When('2022-10-01~/2022-10-10~')"


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


# -- pydantic -------------------------------------------------------------------------------


class Event(BaseModel):
    when: When


def test_pydantic_accepts_text_dates_and_aware_datetimes() -> None:
    assert Event(when="13 October 2022").when == When.parse("2022-10-13")
    assert Event.model_validate({"when": date(2022, 10, 13)}).when == When.parse("2022-10-13")
    utc = datetime(2022, 10, 13, 3, 50, tzinfo=ZERO_OFFSET)
    assert str(Event.model_validate({"when": utc}).when) == "2022-10-13T03:50Z"
    when = When.parse("2022-08~")
    assert Event(when=when).when is when


def test_pydantic_takes_a_default_zone_from_the_context() -> None:
    event = Event.model_validate(
        {"when": datetime(2022, 10, 13, 9, 50)}, context={"zone": "Asia/Almaty"}
    )
    assert str(event.when) == "2022-10-13T09:50+06:00[Asia/Almaty]"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime(2022, 10, 13, 9, 50, 0, 5), "a fraction of one"),
        ("2023-02-29", "2023 is not a leap year"),
        (2022, "expected a date, a date-time or a string, not int"),
        (None, "not NoneType"),
    ],
)
def test_pydantic_reports_errors_as_value_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Event.model_validate({"when": value})
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert fragment in error["msg"]


def test_pydantic_serializes_to_the_canonical_string() -> None:
    event = Event(when="early October 2022")
    assert event.model_dump() == {"when": When.parse("2022-10-01~/2022-10-10~")}
    assert event.model_dump(mode="json") == {"when": "2022-10-01~/2022-10-10~"}
    assert event.model_dump_json() == '{"when":"2022-10-01~/2022-10-10~"}'
    assert Event.model_validate_json(event.model_dump_json()) == event
    timed = Event(when="2022-10-13T09:50[Asia/Almaty]")
    assert Event.model_validate_json(timed.model_dump_json()) == timed


def test_pydantic_json_schema() -> None:
    schema = Event.model_json_schema()["properties"]["when"]
    assert schema["type"] == "string"
    assert "EDTF" in schema["description"]
    assert "2022-10-13" in schema["examples"]
    for example in schema["examples"]:
        When.parse(example)
