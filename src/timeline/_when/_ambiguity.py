"""Phrases with two readings, said aloud rather than chosen in silence.

"next Friday" written on a Wednesday is read as the first Friday after (two days on, as
docs/authoring.md has always said), but many writers mean the Friday of the following week. When
the two differ, the reader warns with both (a `LikelyMistake`, which `timeline check` shows and a
program may silence or collect apart). The check runs on every read, outside the reader's cache,
so a second read of the same phrase warns again. Numeric dates such as 03/04/2022 are refused
outright by the ISO grammar, with both readings.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from timeline._errors import LikelyMistake, warn
from timeline._when._human import human_day
from timeline._when._words import ENGLISH, WEEKDAY_NAMES

__all__ = ["ambiguities", "warn_if_ambiguous"]

_WEEKDAY_NUMBERS: Final = {
    form.lower(): number for number, forms in enumerate(ENGLISH.weekdays) for form in forms
}
_NEXT: Final = re.compile(
    rf"\bnext\s+(?P<day>{'|'.join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)


#: "12 a.m.": the midnight that begins the day, say most style guides; many writers mean the one
#: that ends it
_MIDNIGHT: Final = re.compile(r"\b12(?::00)?\s*a\.?\s?m\b\.?", re.IGNORECASE)


def warn_if_ambiguous(text: str, reference: date | None) -> None:
    """Warn of each other reading of `text` (`ambiguities`)."""
    for message in ambiguities(text, reference):
        warn(LikelyMistake(message))


def ambiguities(text: str, reference: date | None) -> list[str]:
    """What `text` may mean besides its reading: "12 a.m." (which midnight), and "next
    <weekday>" when the reference's week still holds that day."""
    found = []
    if "12" in text and (midnight := _MIDNIGHT.search(text)) is not None:
        found.append(
            f"{midnight.group(0)!r} may be the midnight that begins the day or the one that "
            "ends it; it is read as the one that begins it: write 00:00 or 24:00 to be sure"
        )
    if reference is None or ("ext" not in text and "EXT" not in text):
        return found
    match = _NEXT.search(text)
    if match is None:
        return found
    number = _WEEKDAY_NUMBERS[match["day"].lower()]
    first = reference + timedelta(days=(number - reference.weekday() - 1) % 7 + 1)
    if first.weekday() < reference.weekday() or first - reference >= timedelta(days=7):
        return found  # the first one after is already in the next week: both readings agree
    name = WEEKDAY_NAMES[number]
    later = first + timedelta(days=7)
    found.append(
        f"{match.group(0)!r} written on {WEEKDAY_NAMES[reference.weekday()]} "
        f"{human_day(reference)} may be {human_day(first)} (the first {name} after) or "
        f"{human_day(later)} (the {name} of the next week); it is read as "
        f"{human_day(first)}: write the date to be sure"
    )
    return found
