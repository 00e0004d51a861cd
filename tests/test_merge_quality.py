"""How well `merge` joins two chronologies written apart (tests/data/merge/, the test set of
issue 22): the precision and recall of the pairs it joins against pairs.toml, the hard
negatives never joined, and the TimelineJS sheet's rows joined to the happenings they tell."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import timeline
from timeline import Timeline

MERGE = Path(__file__).resolve().parent / "data" / "merge"
pytestmark = pytest.mark.skipif(not (MERGE / "pairs.toml").exists(), reason="no merge test set")


@cache
def desk(name: str) -> Timeline:
    return timeline.load(MERGE / name)


@cache
def truth() -> dict[str, Any]:
    return tomllib.loads((MERGE / "pairs.toml").read_text(encoding="utf-8"))


def joined_pairs(*names: str) -> set[tuple[tuple[str, str], ...]]:
    """Every two events of different desks that the merge put in one group."""
    merged = timeline.merge(*(desk(name) for name in names), names=names)
    found: set[tuple[tuple[str, str], ...]] = set()
    for group in merged.groups:
        for at, one in enumerate(group):
            for other in group[at + 1 :]:
                found.add((one, other))
    return found


def test_precision_and_recall_on_the_two_desks() -> None:
    true = {(("desk_a.toml", p["a"]), ("desk_b.toml", p["b"])) for p in truth()["pair"]}
    joined = joined_pairs("desk_a.toml", "desk_b.toml")
    right = joined & true
    precision, recall = len(right) / len(joined), len(right) / len(true)
    print(f"merge test set: {len(joined)} pairs joined, {len(true)} true: ", end="")
    print(f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.90


def test_no_hard_negative_across_the_desks_is_joined() -> None:
    joined = joined_pairs("desk_a.toml", "desk_b.toml")
    negatives = [n for n in truth()["negative"] if "b" in n]
    wrong = [
        n["why"] for n in negatives if (("desk_a.toml", n["a"]), ("desk_b.toml", n["b"])) in joined
    ]
    assert wrong == []


def test_the_order_of_the_desks_does_not_change_the_pairs() -> None:
    forward = joined_pairs("desk_a.toml", "desk_b.toml")
    backward = {(one, other) for other, one in joined_pairs("desk_b.toml", "desk_a.toml")}
    assert forward == backward


def test_the_sheet_rows_join_the_happenings_they_tell_in_a_merge_of_three() -> None:
    names = ("desk_a.toml", "desk_b.toml", "desk_c.timelinejs.csv")
    merged = timeline.merge(*(desk(name) for name in names), names=names)
    row_of = {event.title: event.id for event in desk(names[2])}
    groups = {dict(group).get(names[2]): dict(group) for group in merged.groups}
    wrong = []
    for told in truth()["sheet_pair"]:
        row = row_of[told["row_headline"]]
        expected = {names[0]: told.get("a"), names[1]: told.get("b")}
        found = groups.get(row, {})
        if {name: found.get(name) for name in names[:2]} != expected:
            wrong.append((row, expected, found))
    rows = sum(1 for group in groups if group is not None)
    print(
        f"sheet rows joined: {rows}, {len(truth()['sheet_pair']) - len(wrong)} as pairs.toml says"
    )
    assert wrong == []
    assert rows == len(truth()["sheet_pair"])  # no other row is joined
