"""Ranges with their ends in words: "from c. 1984 to June 2004", "from November 12, 2021,
through February 17, 2022", "between 3 and 5 March 2022", "from early 2022 to mid-2023".

Each end is read alone, so each keeps its own qualifiers; an end that is itself a span in words
("early 2022", "last week") gives the range its outer edge. An end that is a bare day of the
month ("3" in "between 3 and 5 March") cannot stand alone: the two are read as one range with a
dash, which borrows the month and year from the other end as "3\u20135 March 2022" does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from timeline._errors import DateError
from timeline._when._calendar import ACCEPTED_FORMS
from timeline._when._iso import in_notation
from timeline._when._value import When

__all__ = ["RANGES", "ends_in_words"]

RANGES: Final = (
    re.compile(
        r"from\s+(?P<first>.+?),?\s+(?:to|through|thru|until|till)\s+(?P<last>.+)", re.IGNORECASE
    ),
    re.compile(r"between\s+(?P<first>.+?),?\s+and\s+(?P<last>.+)", re.IGNORECASE),
)

#: an end that cannot stand alone: a day of the month, borrowing its month from the other end
_BARE_DAY: Final = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th)?(?:,?\s+[0-9]{4})?")

#: reads one end alone; None when it is wrapped in words again
EndReader = Callable[[str], When | None]


def ends_in_words(
    text: str, read_end: EndReader, read_joined: Callable[[str], When]
) -> When | None:
    """`text` as a range in words, or None when it is none; `read_joined` reads the two ends
    joined by a dash, for ends that borrow from each other."""
    match = next((found for pattern in RANGES if (found := pattern.fullmatch(text))), None)
    if match is None:
        return None
    first_text, last_text = match["first"].strip(), match["last"].strip()
    if _BARE_DAY.fullmatch(first_text) or _BARE_DAY.fullmatch(last_text):
        return read_joined(f"{first_text} \u2013 {last_text}")  # "3 to 5 March", "March 3 and 5"
    first, last = read_end(first_text), read_end(last_text)
    if first is None or last is None or _notation_span(first_text, first, last_text, last):
        raise DateError(f"{text!r}: each end of 'from ... to ...' is one date", ACCEPTED_FORMS)
    if first.is_open or last.is_open:
        raise DateError(f"{text!r}: an end of a range cannot be open", ACCEPTED_FORMS)
    return When(
        first.start_point,
        last.end_point or last.start_point,
        approximate=first.approximate,
        uncertain=first.uncertain,
        end_approximate=last.approximate,
        end_uncertain=last.uncertain,
    )


def _notation_span(first_text: str, first: When, last_text: str, last: When) -> bool:
    """An end written as an ISO interval ('2022-10-01/2022-10-03') is a range of its own, not
    one end of another; a span in words ('early 2022') is."""
    return (first.is_interval and in_notation(first_text)) or (
        last.is_interval and in_notation(last_text)
    )
