"""Tests of `timeline._when._human`: dates in an editor's words, each read back by the English
grammar.

En and em dashes are written as escapes because ruff rightly flags them as look-alikes of '-'.
"""

from __future__ import annotations

import pytest

from tests.when_helpers import EN
from timeline._when import When

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
