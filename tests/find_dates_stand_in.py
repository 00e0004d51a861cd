"""A stand-in for `timeline.find_dates` (issue 23, item 2, written on another branch) with its
interface: `find_dates(text, reference=day) -> list[Found]`, each `Found` with `start`, `end`
(offsets, end exclusive), `text` and `when`, in order and not overlapping.

It is slow and simple on purpose: from each word that may begin a date, the longest run of up
to eight words that `When.parse` reads. The tests of drafts install it until the real one
lands; then `stand_in_installed` finds it there and leaves it be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import timeline
from timeline import DateError, When

_MONTHS = """
jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
august september october november december
"""
_OTHER_STARTS = """
monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow last next this
early mid late since until on in from between the earlier later
"""
_STARTS = frozenset(_MONTHS.split() + _OTHER_STARTS.split())
_WORD = re.compile(r"\S+")
_YEAR_OR_DAY = re.compile(r"^(?:1[89]\d\d|20\d\d|\d{1,2})(?:[-–]\d{1,2})?$")


@dataclass(frozen=True)
class Found:
    """One date in the text."""

    start: int
    end: int
    text: str
    when: When


def find_dates(text: str, reference: date) -> list[Found]:
    """Dates in `text`, longest first from each word that may begin one, never overlapping."""
    words = list(_WORD.finditer(text))
    found: list[Found] = []
    index = 0
    while index < len(words):
        hit = _longest_from(text, words, index, reference)
        if hit is None:
            index += 1
            continue
        found.append(hit[0])
        index = hit[1]
    return found


def _longest_from(
    text: str, words: list[re.Match[str]], index: int, reference: date
) -> tuple[Found, int] | None:
    first = words[index].group().strip(",.;:()\"'“”").casefold()
    if first not in _STARTS and not _YEAR_OR_DAY.match(first):
        return None
    for last in range(min(len(words), index + 8) - 1, index - 1, -1):
        start, end = words[index].start(), words[last].end()
        while end > start and text[end - 1] in ",.;:)\"'\u201d\u2019":
            end -= 1
        phrase = text[start:end]
        if "\n" in phrase or phrase.casefold() in _NOT_ALONE:
            continue
        try:
            when = When.parse(phrase, reference=reference)
        except (DateError, ValueError):
            continue
        return Found(start, end, phrase, when), last + 1
    return None


_NOT_ALONE = frozenset(["may", "march", "the", "on", "in", "this", "last", "next"])


@contextmanager
def stand_in_installed() -> Iterator[None]:
    """`timeline.find_dates` for the block: the stand-in, unless the real one is there."""
    if hasattr(timeline, "find_dates"):
        yield
        return
    timeline.find_dates = find_dates  # type: ignore[assignment]  # the real one has `zone`
    try:
        yield
    finally:
        del timeline.find_dates
