"""The merge test set of issue 22 (tests/data/merge/) checked as data, apart from any merge:
the three chronologies load cleanly, pairs.toml names ids that exist, its pairs are
one-to-one, the counts the issue asks for hold, and every true pair's dates are within a
week of each other, so a miss by the merge is the merge's and not the set's."""

from __future__ import annotations

import tomllib
import warnings
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import timeline
from timeline import Timeline
from timeline._cli import main

MERGE = Path(__file__).resolve().parent / "data" / "merge"
DESKS = ("desk_a.toml", "desk_b.toml", "desk_c.timelinejs.csv")
A_WEEK = timedelta(days=7)


@cache
def _desk(name: str) -> Timeline:
    return timeline.load(MERGE / name)


def _ids(name: str) -> set[str]:
    return {event.id for event in _desk(name).events}


@cache
def _truth() -> dict[str, Any]:
    return tomllib.loads((MERGE / "pairs.toml").read_text(encoding="utf-8"))


def _entries(table: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = _truth()[table]
    return entries


def _row(headline: str) -> str:
    """The id the sheet reader gave the row with this Headline (the headline is its title)."""
    (found,) = [e.id for e in _desk("desk_c.timelinejs.csv").events if e.title == headline]
    return found


@pytest.mark.parametrize("name", DESKS)
def test_each_desk_loads_without_a_warning(name: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = timeline.load(MERGE / name)
    assert loaded.events, f"{name} holds events"
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("name", DESKS)
def test_each_desk_passes_the_strict_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--strict", str(MERGE / name)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "ok" in out


def test_the_desks_are_as_large_as_the_issue_asks() -> None:
    assert len(_desk("desk_a.toml").events) >= 60
    assert len(_desk("desk_b.toml").events) >= 60
    assert 10 <= len(_desk("desk_c.timelinejs.csv").events) <= 15


def test_the_truth_is_as_large_as_the_issue_asks() -> None:
    assert len(_entries("pair")) >= 30
    assert len(_entries("negative")) >= 10
    assert sum("b" in n for n in _entries("negative")) >= 10, "hard negatives in B against A"
    assert sum("a2" in n for n in _entries("negative")) >= 1, "hard negatives inside A"
    assert sum("a" in s for s in _entries("sheet_pair")) >= 5


def test_every_id_of_the_pairs_exists_in_its_desk() -> None:
    a, b = _ids("desk_a.toml"), _ids("desk_b.toml")
    for pair in _entries("pair"):
        assert pair.keys() == {"a", "b"}, pair
        assert pair["a"] in a, pair
        assert pair["b"] in b, pair


def test_pairs_are_one_to_one() -> None:
    a_side = [pair["a"] for pair in _entries("pair")]
    b_side = [pair["b"] for pair in _entries("pair")]
    assert len(set(a_side)) == len(a_side)
    assert len(set(b_side)) == len(b_side)


def test_the_unpaired_events_of_b_are_the_ones_not_in_a() -> None:
    """At least 30 of B's events are A's happenings; the rest of B are others, so B holds
    events of its own for a merge to leave alone."""
    paired = {pair["b"] for pair in _entries("pair")}
    assert len(_ids("desk_b.toml") - paired) >= 10


def test_every_negative_names_two_existing_events_and_says_why() -> None:
    a, b = _ids("desk_a.toml"), _ids("desk_b.toml")
    for negative in _entries("negative"):
        other = {"b", "a2"} & negative.keys()
        assert len(other) == 1, negative
        assert negative["a"] in a, negative
        if "b" in negative:
            assert negative["b"] in b, negative
        else:
            assert negative["a2"] in a, negative
            assert negative["a2"] != negative["a"], negative
        assert negative["why"].strip(), negative


def test_no_negative_is_also_a_pair() -> None:
    pairs = {(pair["a"], pair["b"]) for pair in _entries("pair")}
    for negative in _entries("negative"):
        assert (negative["a"], negative.get("b")) not in pairs, negative


def test_every_sheet_pair_names_a_row_and_existing_events() -> None:
    a, b = _ids("desk_a.toml"), _ids("desk_b.toml")
    for pair in _entries("sheet_pair"):
        assert _row(pair["row_headline"]), pair
        assert {"a", "b"} & pair.keys(), pair
        assert {pair[key] for key in ("a",) if key in pair} <= a, pair
        assert {pair[key] for key in ("b",) if key in pair} <= b, pair


def _days(name: str, event_id: str) -> tuple[date, date]:
    event = next(e for e in _desk(name).events if e.id == event_id)
    return event.when.first_day, event.when.last_day


def _within_a_week(first: tuple[date, date], second: tuple[date, date]) -> bool:
    return first[0] - A_WEEK <= second[1] and second[0] - A_WEEK <= first[1]


def test_each_true_pair_is_dated_within_a_week() -> None:
    far = [
        pair
        for pair in _entries("pair")
        if not _within_a_week(_days("desk_a.toml", pair["a"]), _days("desk_b.toml", pair["b"]))
    ]
    assert far == []


def test_each_sheet_pair_is_dated_within_a_week() -> None:
    far = []
    for pair in _entries("sheet_pair"):
        row = _days("desk_c.timelinejs.csv", _row(pair["row_headline"]))
        for key, name in (("a", "desk_a.toml"), ("b", "desk_b.toml")):
            if key in pair and not _within_a_week(row, _days(name, pair[key])):
                far.append(pair)
    assert far == []


def test_the_within_a_week_check_can_fail() -> None:
    """The sanity check above is no tautology: a month apart is too far."""
    assert not _within_a_week(
        (date(2022, 10, 12), date(2022, 10, 12)), (date(2022, 11, 14), date(2022, 11, 14))
    )
    assert _within_a_week((date(2022, 9, 1), date(2022, 9, 30)), (date(2022, 9, 15),) * 2)
