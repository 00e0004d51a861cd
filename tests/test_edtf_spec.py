"""The EDTF specification's own examples (Library of Congress, 2019; ISO 8601-2), Levels 0
and 1: each either reads and writes back unchanged, with the same first and last day as
python-edtf (an independent reader) gives, or is refused with the reason; where python-edtf
reads the specification differently, the test says so and keeps the specification's reading.

The four timed forms are a floating time (no zone: the same clock time wherever it is read)
and three fixed offsets; a time in a named zone is our extension, tested with the zones.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import edtf
import pytest

from timeline import DateError, When

LEVEL_0 = [
    "1985-04-12",
    "1985-04",
    "1985",
    "1964/2008",
    "2004-06/2006-08",
    "2004-02-01/2005-02-08",
    "2004-02-01/2005-02",
    "2004-02-01/2005",
    "2005/2006-02",
    "1985-04-12T23:20:30",
    "1985-04-12T23:20:30Z",
    "1985-04-12T23:20:30-04",
    "1985-04-12T23:20:30+04:30",
]
LEVEL_1 = [
    "2001-21",
    "1984?",
    "2004-06~",
    "2004-06-11%",
    "1985-04-12/..",
    "1985-04/..",
    "1985/..",
    "../1985-04-12",
    "../1985-04",
    "../1985",
    "1985-04-12/",
    "1985-04/",
    "1985/",
    "/1985-04-12",
    "/1985-04",
    "/1985",
    "1984-06-02?/..",
    "201X",
    "20XX",
    "2004-XX",
    "1985-04-XX",
    "1985-XX-XX",
    "1984~/2004-06",
    "1984/2004-06~",
    "1984~/2004~",
    "1984?/2004%",
    "1984-06?/2004-08?",
    "1984-06-02?/2004-08-08~",
    "2004?-06-11",
    "2004-06~-11",
]
OUTSIDE_THE_YEARS_KEPT = ["Y170000002", "Y-200000", "-1985"]

#: Where python-edtf's bounds are not the specification's, ours (first, last) and why.
CORRECTIONS: dict[str, tuple[date, date, str]] = {
    # An unknown end is unknown: python-edtf guesses ten years on; we keep every later day,
    # so a selection never drops what may still have been going on.
    **{
        text: (When.parse(text).first_day, date.max, "an unknown end: no known last day")
        for text in ("1985-04-12/", "1985-04/", "1985/")
    },
    **{
        text: (date.min, When.parse(text).last_day, "an unknown start: no known first day")
        for text in ("/1985-04-12", "/1985-04", "/1985")
    },
}


def their_bounds(text: str) -> tuple[date, date]:
    """python-edtf's strict bounds as days; its infinities for an open end (`..`) are our
    first and last days of all."""
    parsed = edtf.parse_edtf(text)
    return _day(parsed.lower_strict()), _day(parsed.upper_strict())


def _day(moment: time.struct_time | float) -> date:
    if isinstance(moment, time.struct_time):
        return date(moment.tm_year, moment.tm_mon, moment.tm_mday)
    assert moment in (float("inf"), float("-inf")), moment
    return date.max if moment > 0 else date.min


@pytest.mark.parametrize("text", LEVEL_0 + LEVEL_1)
def test_the_example_writes_back_unchanged_with_the_same_days(text: str) -> None:
    when = When.parse(text)
    assert str(when) == text
    ours = (when.first_day, when.last_day)
    if text in CORRECTIONS:
        first, last, _why = CORRECTIONS[text]
        assert ours == (first, last)
    else:
        assert ours == their_bounds(text)


def test_python_edtf_really_differs_where_we_correct_it() -> None:
    for text in CORRECTIONS:
        theirs = their_bounds(text)
        ours = (When.parse(text).first_day, When.parse(text).last_day)
        assert theirs != ours, f"python-edtf now agrees on {text}: drop the correction"


def test_a_season_is_the_same_span_as_its_name_in_words() -> None:
    assert When.parse("2001-21") == When.parse("spring 2001")
    assert their_bounds("2001-21") == (date(2001, 3, 1), date(2001, 5, 31))
    # python-edtf ends winter with its first December; a meteorological winter (the one
    # "winter 2001" means) runs through February of the next year
    assert their_bounds("2001-24") == (date(2001, 12, 1), date(2001, 12, 31))
    winter = When.parse("2001-24")
    assert (winter.first_day, winter.last_day) == (date(2001, 12, 1), date(2002, 2, 28))
    assert str(winter) == "2001-24"
    assert When.parse("winter 2001") == winter


@pytest.mark.parametrize("text", OUTSIDE_THE_YEARS_KEPT)
def test_years_outside_0001_to_9999_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(DateError, match="keeps the years 0001 to 9999"):
        When.parse(text)
    assert edtf.parse_edtf(text) is not None  # python-edtf reads them: the refusal is ours


def test_the_timed_forms_keep_their_kind() -> None:
    floating, utc, behind, ahead = (
        When.parse(f"1985-04-12T23:20:30{z}") for z in ("", "Z", "-04", "+04:30")
    )
    assert floating.floating
    assert [datetime.utcoffset(w.start) for w in (utc, behind, ahead)] == [  # type: ignore[arg-type]
        timedelta(0),
        timedelta(hours=-4),
        timedelta(hours=4, minutes=30),
    ]
    assert len({floating, utc, behind, ahead}) == 4
    assert [w.human() for w in (floating, behind)] == [
        "12 April 1985, 23:20:30 (local time)",
        "12 April 1985, 23:20:30 (UTC-04)",
    ]
    # the same instant at another offset is another spelling of it, so another When; the
    # order puts them by instant
    assert When.parse("1985-04-13T03:20:30Z") != behind
    assert sorted([ahead, behind, utc]) == [ahead, utc, behind]
