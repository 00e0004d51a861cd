"""The build from raw tables: a caller's document is left alone unless the caller gives it up."""

from __future__ import annotations

import copy
from typing import Any

from timeline._normalize import build_timeline


def _document() -> dict[str, Any]:
    source = {"publisher": "P", "title": "T"}
    return {
        "timeline": {"title": "Two events"},
        "events": [
            {"id": "b", "title": "B", "when": "2022-10-14", "kind": "summit", "sources": [source]},
            {"id": "a", "title": "A", "when": "2022-10-13", "kind": "summit", "sources": [source]},
        ],
    }


def test_the_document_is_left_as_it_was_by_default() -> None:
    document = _document()
    before = copy.deepcopy(document)
    built = build_timeline(document)
    assert document == before
    assert [event.id for event in built] == ["a", "b"]


def test_consuming_the_document_builds_the_same_timeline() -> None:
    document = _document()
    assert build_timeline(document, consume=True) == build_timeline(_document())
    assert document["events"] == [None, None]  # each raw event let go once it was built
