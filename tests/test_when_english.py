"""Tests of `timeline._when._english`, the fuzzy grammar: dates in English words, Russian month
names, times with a default zone, and what it refuses.

En and em dashes are written as escapes because ruff rightly flags them as look-alikes of '-'.
"""

from __future__ import annotations

import pytest

from tests.when_helpers import EM, EN, canon, refused

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
