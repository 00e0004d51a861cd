"""Zone words after a time of day, as wire copy writes them: "1500 GMT", "at 10:00 GMT", "4:00
p.m. BST on Wednesday", "2pm Eastern time on Tuesday", "18:00 Moscow time", "3 p.m. local time".

The words are data (`ZONE_WORDS`): each is a fixed offset (GMT, BST, CET...) or an IANA zone whose
offset follows the date (US Eastern is -05 in winter and -04 in summer; Moscow was +04 from 2011
to 2014). A word is read only right after a clock, so "Eastern Europe" or "Central Asia" in a
date's text is never taken for a zone. What it does is rewrite the text into what the reader
already knows: a fixed offset becomes "(UTC+01:00)" after the clock, an IANA zone becomes the zone
the time is read in, and "local time" is the zone the reader was given (the event's, its
place's), or none, so the time stays floating and `timeline check` queries it. A time with no day
("1500 GMT") is on the reference day, as in an article that says what happens today.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

__all__ = ["ZONE_WORDS", "Zoned", "zoned"]

#: zone word (lower case, one space between words) -> a fixed offset in minutes, or an IANA zone
ZONE_WORDS: Final[dict[str, int | str]] = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "bst": 60,  # British Summer Time
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "msk": "Europe/Moscow",
    "almt": "Asia/Almaty",
    "est": -300,
    "edt": -240,
    "pst": -480,
    "pdt": -420,
    "et": "America/New_York",  # "2 p.m. ET", as US copy shortens Eastern time
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "moscow": "Europe/Moscow",
    "astana": "Asia/Almaty",
    "almaty": "Asia/Almaty",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "london": "Europe/London",
    "beijing": "Asia/Shanghai",
    "tashkent": "Asia/Tashkent",
    "bishkek": "Asia/Bishkek",
    "local": "",  # the zone the reader was given
}
#: names of places and regions that are zones only with "time" after them ("Moscow time")
_NEEDS_TIME: Final = frozenset(
    {"moscow", "astana", "almaty", "kyiv", "kiev", "london", "beijing", "tashkent", "bishkek"}
    | {"local"}
)

_CLOCK: Final = (
    r"(?:[0-9]{1,2}(?::[0-9]{2})?\s?[ap]\.?\s?m\b\.?|[0-9]{1,2}[:.][0-9]{2}"
    r"|(?P<hh>[01][0-9]|2[0-3])(?P<mm>[0-5][0-9]))"
)
_WORDS: Final = "|".join(sorted(ZONE_WORDS, key=len, reverse=True))
_ZONED: Final = re.compile(
    rf"(?P<clock>\b{_CLOCK})\s*(?P<zone>(?:us\s+)?(?P<word>{_WORDS})"
    r"(?:\s+(?:standard|daylight|summer))?(?P<time>\s+time)?)\b(?!\s*[-+\u2212:0-9])",
    re.IGNORECASE,
)
_LONE_CLOCK: Final = re.compile(
    r"(?:at\s+|around\s+|about\s+)?(?:[0-9]{1,2}(?::[0-9]{2})?\s?[ap]\.?\s?m\b\.?"
    r"|[0-9]{1,2}:[0-9]{2})(?:\s*\([^)]*\))?",
    re.IGNORECASE,
)


class Zoned(NamedTuple):
    """The text with its zone word made plain, and the zone to read its time in."""

    text: str
    zone: ZoneInfo | None


def zoned(text: str, zone: ZoneInfo | None) -> Zoned | None:
    """`text` rewritten for the reader, or None when it has no zone word after a clock."""
    match = _ZONED.search(text)
    if match is None:
        return None
    word = match["word"].lower()
    if word in _NEEDS_TIME and match["time"] is None:
        return None
    meaning = ZONE_WORDS[word]
    clock = match["clock"]
    if match["hh"] is not None:  # "1500 GMT": a 24-hour clock without its colon
        clock = f"{match['hh']}:{match['mm']}"
    clock = clock.replace(".", ":") if re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", clock) else clock
    if isinstance(meaning, int):
        sign = "-" if meaning < 0 else "+"
        hours, minutes = divmod(abs(meaning), 60)
        said = f"{clock} (UTC{sign}{hours:02d}:{minutes:02d})"
    else:
        said = clock
        zone = ZoneInfo(meaning) if meaning else zone
    rewritten = f"{text[: match.start()]}{said}{text[match.end() :]}".strip()
    if _LONE_CLOCK.fullmatch(rewritten):
        rewritten += " today"  # a time alone is on the day it was written
    return Zoned(rewritten, zone)
