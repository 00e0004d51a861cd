"""Dates in running text: `find_dates(text, reference=...)` finds every phrase of an article
that reads as one date, with its offsets and its `When`.

How, in one pass and never quadratic:

1. The text is cut into tokens by one compiled pattern (numbers, words, a.m./p.m., single
   marks), and each token gets a role from the vocabulary `_words`, `_holidays` and
   `_zone_words` already hold: a *cue* marks a date (a month or weekday name, a holiday, an ISO
   date, a relative word such as "yesterday" or "ago", a year with a cue before it, a clock), a
   *part* may sit inside one ("on", "the", "13", "of", "since", a comma), anything else ends it.
2. Each run of cues and parts is searched left to right for the longest phrase, at most
   `LONGEST` tokens, that holds a cue and that `When.parse` reads against the reference day;
   the run goes on after it. A run is cut at every token that is neither, so the cost is the
   text's length times a small constant.
3. Found phrases are tidied as the gauge (tests/data/dates/running.toml) writes them: a leading
   "on", "in", "at" (and "the" before a year or a name) is left out when the rest reads alone, a
   possessive "'s" never ends a phrase, "early"/"late" before a day are kept with it, a day
   named twice ("next Monday, 19 December") is one phrase, and two days or spans that meet
   ("6 and 7 January", "late September and early October") are one range; "last year" inside
   a longer phrase ("the fourth quarter of last year") is read as the year it names.

Numbers are dates only in a date's shape: a four-digit number is a year only after a word that
introduces one ("in", "since", "by", "of", "the", a month, a day, a season, "early", "mid-"...)
or at the start of a sentence, or as a clause's subject after a word in lower case ("said 2023
would be"), so "Flight 1845", "Room 1203" and "PO Box 1991" are not years, and "the 2022
election" holds 2022; after "of", "about" or "around" a number followed by what it counts ("of
2000 troops", "about 1500 were killed") is no year. Numbers glued to letters (G7, Su-25,
COVID-19), with thousands separators or decimals (2,019, 12.30, 3.11.2), three digits, or
ordinals past 31 are never dates. English month and weekday names count only capitalised, and
those that are words too (May, March, Sun, Sat, Wed) only beside a number or after a word such
as "in" or "since"; a clock is a date only with a.m./p.m., a zone word, or "at"/"until"/"by"...
before it, and a clock alone is on the reference day, as `_zone_words` reads "1500 GMT".

A warning the reader gives (`LikelyMistake` for "next Friday" on a Wednesday) is not raised as a
Python warning: it is kept in the phrase's `Found.warnings`, for the caller to show; the search
never touches the warning filters, so threads may search at once. A phrase the
reader refuses (03/04/2022, which has two readings) is not found: only what reads as one date is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from timeline._errors import DateError
from timeline._when._calendar import Precision
from timeline._when._holidays import HOLIDAYS
from timeline._when._reading import parse_quietly, reference_day_of
from timeline._when._value import When
from timeline._when._words import ENGLISH, LEXICON, VOCABULARY
from timeline._when._zone_words import ZONE_WORDS
from timeline._when._zones import resolve_zone

__all__ = ["LONGEST", "Found", "find_dates"]

#: the most tokens one phrase may have ("from November 12, 2021, through February 17, 2022" has
#: 11; "12-13 Oct. 2022, 09:50 (UTC+06)" 13)
LONGEST: Final = 14


@dataclass(frozen=True, slots=True)
class Found:
    """One date found in running text: `text == source[start:end]` (end exclusive), read as
    `when` against the reference day; `warnings` holds what the reader said of it (a phrase
    with two readings, such as "next Friday" on a Wednesday), in its words."""

    start: int
    end: int
    text: str
    when: When
    warnings: tuple[str, ...] = ()


def find_dates(text: str, *, reference: date, zone: str | ZoneInfo | None = None) -> list[Found]:
    """Every date in `text`, in order and not overlapping, each the longest phrase that reads as
    one date against `reference` (the day the text was written); `zone` is the place's, for
    "local time" and clocks written without one.

    Raises:
        DateError: when `text` is not text, `reference` not a date or `zone` not a zone.
    """
    if not isinstance(text, str):
        raise DateError(f"expected text, not {type(text).__name__}", "pass the article's text")
    day = reference_day_of(reference)
    if day is None:
        raise DateError(
            "find_dates needs the day the text was written, to read its dates against",
            "pass the day the text was written, e.g. reference=date(2022, 10, 16)",
        )
    tokens = _tokens(text)
    finder = _Finder(text, tokens, _roles(text, tokens), day, resolve_zone(zone))
    return _tidied(text, finder.run(), finder)


# ---------------------------------------------------------------- tokens


class Token(NamedTuple):
    """One token: where it is, its text in lower case, and what kind of token it is."""

    start: int
    end: int
    low: str
    kind: str  # "iso", "ampm", "number", "word" or "mark"


_TOKEN: Final = re.compile(
    r"(?P<iso>[0-9]{4}-[0-9]{2}(?:-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?"
    r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?(?![0-9-]))"
    r"|(?P<ampm>(?i:(?<![^\W\d_])[ap]\.\s?m\.|(?<![^\W\d_])[ap]m\b\.?))"
    r"|(?P<number>[0-9]+(?:[.,:/][0-9]+)*(?:st|nd|rd|th|s)?)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<mark>\S)"
)


def _tokens(text: str) -> list[Token]:
    return [
        Token(match.start(), match.end(), match.group().lower(), match.lastgroup or "mark")
        for match in _TOKEN.finditer(text)
    ]


# ---------------------------------------------------------------- the vocabulary of roles

BREAK, PART, CUE = 0, 1, 2

_MONTHS: Final = LEXICON.months
_WEEKDAYS: Final = LEXICON.weekdays
#: English names that are common words too, cues only beside a number or after a direction word
_LOOSE_NAMES: Final = frozenset({"may", "march"}) | frozenset(
    name for name in (*_MONTHS, *_WEEKDAYS) if name.isascii() and len(name) <= 4
)
_RELATIVE_CUES: Final = frozenset(
    {"today", "yesterday", "tomorrow", "tonight", "overnight", "weekend", "ago", "week"}
    | {"weeks", "month", "months", "year", "years", "quarter", "half", "decade"}
)
_HOLIDAY_WORDS: Final = frozenset(
    form
    for name in HOLIDAYS
    for word in name.split()
    for form in (word, word[:-1] if word.endswith("s") else word)
)
#: words of holiday names that name no holiday alone; any other, capitalised, is a cue
_HOLIDAY_PARTS: Final = frozenset(
    {"new", "eve", "of", "the", "international", "holy", "orthodox", "may", "unity", "capital"}
    | {"republic", "independence", "constitution", "labor", "memorial", "defender", "good"}
    | {"defenders", "fatherland", "kazakhstan", "kazakhstans", "women", "womens", "day", "palm"}
)
_DIRECTIONS: Final = frozenset({"since", "until", "till", "by", "before", "after", "as", "from"})
_JOINERS: Final = frozenset({"and", "between", "to", "through", "thru", "over", "mid"})
_PARTS: Final = (
    VOCABULARY
    | LEXICON.fillers
    | LEXICON.range_words
    | frozenset(ENGLISH.prepositions)
    | frozenset(ENGLISH.approximate_words)
    | frozenset(ENGLISH.edge_thirds)
    | _DIRECTIONS
    | _JOINERS
    | _HOLIDAY_WORDS
    | frozenset({"early", "late", "earlier", "later", "s"})
)
_ZONE_PARTS: Final = frozenset(ZONE_WORDS) | frozenset({"us", "standard", "daylight", "time"})
#: words after which a four-digit number is a year
_YEAR_CUES: Final = (
    frozenset({"in", "since", "by", "of", "until", "till", "before", "after", "from", "to"})
    | frozenset({"through", "thru", "between", "and", "or", "during", "the", "this", "its"})
    | frozenset({"early", "mid", "late", "end", "around", "about", "circa", "c", "ca", "year"})
    | frozenset(ENGLISH.seasons)
    | LEXICON.fillers
)
#: names after which a four-digit number is a year ("13 October 2022", "Christmas Eve 2022")
_NAMES: Final = frozenset(_MONTHS) | (_HOLIDAY_WORDS - _HOLIDAY_PARTS) | {"day", "eve"}
#: words after which a clock such as "15:19" is a time of day
_CLOCK_CUES: Final = frozenset(
    {"at", "by", "until", "till", "from", "since", "before", "after", "around", "about", "to"}
)
#: words after which a four-digit number may count something rather than name a year
_QUANTITIES: Final = frozenset({"of", "about", "around"})
#: singular verbs after which a modern year is a clause's subject ("said 2023 would be")
_CLAUSE_VERBS: Final = frozenset(
    {"was", "is", "will", "would", "has", "had", "could", "should", "might", "must", "saw"}
    | {"marks", "marked", "brings", "brought"}
)
#: marks after which a sentence (and so a year at its start) begins
_OPENERS: Final = frozenset({".", "!", "?", ";", ":", "(", '"', "\u201c", "\u2014"})
#: where no phrase starts and where none ends
_NO_START: Final = frozenset(
    {"and", "to", "through", "thru", "of", "on", "at", "ago", "s", "time", "or", "us"}
    | {"standard", "daylight"}
)
_NO_END: Final = frozenset(
    {"and", "to", "through", "thru", "of", "the", "on", "in", "at", "a", "an", "since", "until"}
    | {"till", "by", "before", "after", "as", "from", "between", "early", "mid", "late", "next"}
    | {"last", "this", "c", "ca", "circa", "around", "about", "approx", "approximately"}
    | {"during", "over", "earlier", "s", "us", "beginning", "start", "middle", "end", "\u0432"}
)
_ABBREVIATED: Final = frozenset({"c", "ca", "approx", "\u0433", "st"}) | _LOOSE_NAMES
_DASHES: Final = frozenset({"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"})
_INNER_MARKS: Final = frozenset({",", "/", "(", "+"}) | _DASHES
_APOSTROPHES: Final = frozenset({"'", "\u2019"})
_DECADE: Final = re.compile(r"[0-9]{3}0s")
_YEAR_PAIR: Final = re.compile(r"(?P<year>[0-9]{4})\s*[-\u2010-\u2013]\s*(?P<last>[0-9]{2})")
_WHICH_YEAR: Final = re.compile(r"\b(last|this|next)\s+year\b", re.IGNORECASE)
_CLOCK: Final = re.compile(r"(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]")
_ORDINAL: Final = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)")


class Roles(NamedTuple):
    """Per token: BREAK, PART or CUE, and whether a phrase may start or end on it."""

    role: list[int]
    starts: list[bool]
    ends: list[bool]


def _roles(text: str, tokens: list[Token]) -> Roles:
    role = [_role(text, tokens, i) for i in range(len(tokens))]
    starts = [r != BREAK and _may_start(tokens[i]) for i, r in enumerate(role)]
    ends = [r != BREAK and _may_end(tokens, i) for i, r in enumerate(role)]
    return Roles(role, starts, ends)


def _may_start(token: Token) -> bool:
    if token.kind == "mark":
        return False
    return token.kind != "ampm" and token.low not in _NO_START


def _may_end(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.kind == "mark":  # ")" of "(UTC+06)", "." after the Russian year mark (\u0433)
        return token.low == ")" or (token.low == "." and i > 0 and tokens[i - 1].low == "\u0433")
    return token.low not in _NO_END


def _role(text: str, tokens: list[Token], i: int) -> int:
    kind = tokens[i].kind
    if kind == "iso":
        return CUE
    if kind == "ampm":
        return PART if i and tokens[i - 1].kind == "number" else BREAK
    if kind == "number":
        return _number_role(text, tokens, i)
    if kind == "word":
        return _word_role(text, tokens, i)
    return _mark_role(text, tokens, i)


def _previous_word(tokens: list[Token], i: int) -> str | None:
    """The token before `i` (lower case), a comma or dash stepped over; None at the start."""
    j = i - 1
    while j >= 0 and (tokens[j].low == "," or tokens[j].low in _DASHES):
        j -= 1
    return tokens[j].low if j >= 0 else None


def _next(tokens: list[Token], i: int) -> Token | None:
    return tokens[i + 1] if i + 1 < len(tokens) else None


def _word_role(text: str, tokens: list[Token], i: int) -> int:
    token = tokens[i]
    low = token.low
    capital = text[token.start].isupper()
    if low in _MONTHS or low in _WEEKDAYS:
        if not low.isascii():
            return CUE  # Russian month names are written in lower case
        if not capital:
            return PART if low in _PARTS else BREAK
        return CUE if low not in _LOOSE_NAMES or _beside_a_number(tokens, i) else PART
    if low in _RELATIVE_CUES:
        return CUE
    if low in _HOLIDAY_WORDS and capital and (low not in _HOLIDAY_PARTS or low == "day"):
        return CUE
    if low in _ZONE_PARTS and i and _after_a_clock(tokens, i):
        return PART
    if low == "s":
        glued = i and tokens[i - 1].low in _APOSTROPHES and tokens[i - 1].end == token.start
        return PART if glued else BREAK
    return PART if low in _PARTS else BREAK


def _beside_a_number(tokens: list[Token], i: int) -> bool:
    """'May 9', '9 May', 'Feb. 24', 'since March', 'May 2022': a month that is not a verb."""
    before = _previous_word(tokens, i)
    after = _next(tokens, i)
    if after is not None and after.low == "." and i + 2 < len(tokens):
        after = tokens[i + 2]
    return (
        (after is not None and after.kind == "number")
        or (i > 0 and tokens[i - 1].kind == "number")
        or before in _DIRECTIONS
        or before in ("in", "of", "early", "late", "mid", "last", "next", "this")
    )


def _after_a_clock(tokens: list[Token], i: int) -> bool:
    """'1500 GMT', '10 p.m. Eastern time', '09:50 (UTC+06)', '(local time)'."""
    before = tokens[i - 1]
    if before.low == "(" and i >= 2:
        before = tokens[i - 2]
    return before.kind in ("number", "ampm") or before.low in _ZONE_PARTS


def _mark_role(text: str, tokens: list[Token], i: int) -> int:
    low = tokens[i].low
    if low in _INNER_MARKS or low == ")":
        return PART
    if low == "." and i and tokens[i - 1].end == tokens[i].start:
        before = tokens[i - 1]
        return PART if before.kind == "word" and (before.low in _ABBREVIATED) else BREAK
    if low in _APOSTROPHES:
        after = _next(tokens, i)
        return PART if after is not None and after.low == "s" else BREAK
    return BREAK


def _number_role(text: str, tokens: list[Token], i: int) -> int:
    token = tokens[i]
    low = token.low
    if "," in low or "/" in low or _glued(text, tokens, i):
        return BREAK
    after = _next(tokens, i)
    clock_next = after is not None and (
        after.kind == "ampm" or (after.kind == "word" and after.low in ZONE_WORDS)
    )
    if ":" in low or "." in low:
        if not _CLOCK.fullmatch(low):
            return BREAK
        if clock_next or _previous_word(tokens, i) in _CLOCK_CUES:
            return CUE
        return PART if ":" in low else BREAK
    if _DECADE.fullmatch(low):
        return CUE
    ordinal = _ORDINAL.fullmatch(low)
    if ordinal is not None:
        return PART if int(ordinal[1]) <= 31 else BREAK
    if not low.isdigit():
        return BREAK
    if len(low) <= 2:
        return (CUE if clock_next else PART) if int(low) <= 31 else BREAK
    if len(low) == 4:
        return _four_digits(text, tokens, i, clock_next=clock_next)
    return BREAK


def _four_digits(text: str, tokens: list[Token], i: int, *, clock_next: bool) -> int:
    """A year after a word that introduces one, after a day or another year ("24 February,
    2022", "2021-2022"), or at a sentence's start; a clock before a zone word ("1500 GMT");
    else a number (a flight, a room, a count)."""
    value = int(tokens[i].low)
    if clock_next and value % 100 < 60 and value // 100 < 24:
        return CUE
    if not 1000 <= value <= 2999:
        return BREAK
    j = i - 1
    while j >= 0 and (tokens[j].low == "," or tokens[j].low in _DASHES):
        j -= 1
    if j < 0 or tokens[j].kind in ("number", "iso"):
        return CUE
    before = tokens[j].low
    if before in _QUANTITIES and _counted(text, tokens, i):
        return BREAK  # "a force of 2000 troops", "about 1500 were killed"
    if before in _OPENERS or before in _YEAR_CUES or before in _NAMES:
        return CUE
    return CUE if _a_year_said_of(text, tokens, i, j) else BREAK


def _counted(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the number is followed by what it counts: a plural in lower case, or 'were'."""
    after = _next(tokens, i)
    if after is None or after.kind != "word" or not text[after.start].islower():
        return False
    if after.low in _CLAUSE_VERBS:
        return False
    return after.low in ("were", "are", "have") or (after.low.endswith("s") and len(after.low) > 2)


def _a_year_said_of(text: str, tokens: list[Token], i: int, j: int) -> bool:
    """'Zelensky said 2023 would be the year of victory': a modern year as a clause's subject,
    before a singular verb, after a word in lower case (not a label: 'Flight 1845 was')."""
    after, before = _next(tokens, i), tokens[j]
    return (
        1800 <= int(tokens[i].low) <= 2199
        and after is not None
        and after.low in _CLAUSE_VERBS
        and before.kind == "word"
        and text[before.start].islower()
    )


def _glued(text: str, tokens: list[Token], i: int) -> bool:
    """A number that is part of a name: G7, Su-25, COVID-19, S-400, 4G (but not mid-2023)."""
    start, end = tokens[i].start, tokens[i].end
    if start and text[start - 1].isalpha():
        return True
    if start >= 2 and text[start - 1] in "-/" and text[start - 2].isalpha():
        before = tokens[i - 2].low if i >= 2 else ""
        return before not in ("mid", "early", "late", "pre", "post")
    after = _next(tokens, i)
    return end < len(text) and text[end].isalpha() and (after is None or after.kind != "ampm")


# ---------------------------------------------------------------- the search


class Reading(NamedTuple):
    """A phrase read: its `When` and the warnings the reader gave."""

    when: When
    warnings: tuple[str, ...]


class _Finder:
    """One call's search: the text, its tokens and roles, and the readings tried so far."""

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        roles: Roles,
        reference: date,
        zone: ZoneInfo | None,
    ) -> None:
        self.text, self.tokens, self.roles = text, tokens, roles
        self.reference, self.zone = reference, zone
        self._tried: dict[str, Reading | None] = {}

    def read(self, phrase: str) -> Reading | None:
        """`phrase` read against the reference day, or None where the reader refuses it."""
        if phrase in self._tried:
            return self._tried[phrase]
        try:
            when, said = parse_quietly(phrase, self.zone, self.reference)
        except DateError:
            reading = None
        else:
            reading = Reading(when, said)
        self._tried[phrase] = reading
        return reading

    def run(self) -> list[Found]:
        found: list[Found] = []
        for low, high in self._runs():
            found.extend(self._search(low, high))
        return found

    def _runs(self) -> list[tuple[int, int]]:
        """The runs of tokens that are cues or parts, cut at a blank line or a wide gap."""
        runs, role, tokens, text = [], self.roles.role, self.tokens, self.text
        i, count = 0, len(tokens)
        while i < count:
            if role[i] == BREAK:
                i += 1
                continue
            j, cue = i + 1, role[i] == CUE
            while j < count and role[j] != BREAK and _close(text, tokens[j - 1], tokens[j]):
                cue = cue or role[j] == CUE
                j += 1
            if cue:
                runs.append((i, j))
            i = j
        return runs

    def _search(self, low: int, high: int) -> list[Found]:
        """The longest phrases of one run, left to right, each holding a cue."""
        role, starts, ends = self.roles
        next_cue = [high] * (high - low + 1)
        for i in range(high - 1, low - 1, -1):
            next_cue[i - low] = i if role[i] == CUE else next_cue[i - low + 1]
        found, s = [], low
        while s < high and next_cue[s - low] < high:
            hit = None
            if starts[s]:
                for e in range(min(high, s + LONGEST), next_cue[s - low], -1):
                    if ends[e - 1] and (hit := self._phrase(s, e)) is not None:
                        break
            if hit is None:
                s += 1
                continue
            found.append(hit)
            s = self._index_after(hit.end, s)
        return found

    def _index_after(self, end: int, s: int) -> int:
        while s < len(self.tokens) and self.tokens[s].start < end:
            s += 1
        return s

    def _phrase(self, s: int, e: int) -> Found | None:
        """Tokens s..e-1 as one date, or None."""
        start, end = self.tokens[s].start, self.tokens[e - 1].end
        phrase = self.text[start:end]
        if (pair := _YEAR_PAIR.fullmatch(phrase)) is not None:
            reading = self._season_or_years(pair)
        else:
            reading = self.reading(phrase) or self._clock_alone(s, e, phrase)
        if reading is None:
            return None
        return Found(start, end, phrase, reading.when, reading.warnings)

    def reading(self, phrase: str) -> Reading | None:
        """`phrase` read as it is, else as two ends that meet, else with its year named."""
        return self.read(phrase) or self.joined(phrase) or self._year_named(phrase)

    def _year_named(self, phrase: str) -> Reading | None:
        """'the fourth quarter of last year': the year said by its number, read again."""
        match = _WHICH_YEAR.search(phrase)
        if match is None or match.start() == 0:
            return None
        year = self.reference.year + ENGLISH.shifts[match[1].lower()]
        return self.read(f"{phrase[: match.start()]}{year}{phrase[match.end() :]}")

    def _season_or_years(self, pair: re.Match[str]) -> Reading | None:
        """'the 2022-23 season', 'the 2022-25 plan': years, as sports and budgets write them,
        not EDTF's seasons (`2022-23` is its autumn of 2022); a month ('2022-10') as written."""
        year, last = int(pair["year"]), int(pair["last"])
        if last <= 12:
            return self.read(pair.group())
        end = year // 100 * 100 + last
        return self.read(f"{year}/{end}") if end > year else None

    def _clock_alone(self, s: int, e: int, phrase: str) -> Reading | None:
        """A time of day alone ("at 15:19", "10 p.m.") is on the day the text was written."""
        if any(token.kind not in ("number", "ampm") for token in self.tokens[s:e]):
            return None
        return self.read(f"{phrase} today")

    def joined(self, phrase: str) -> Reading | None:
        """'6 and 7 January', 'late September and early October': two ends that meet, read as
        the range between them; two that do not ('Monday and Wednesday') are two dates."""
        if " and " not in phrase or phrase.lower().startswith("between"):
            return None
        both = self.read(f"between {phrase}")
        first_text, last_text = phrase.split(" and ", 1)
        last = self.read(last_text)
        if both is None or last is None or both.when.is_open:
            return None
        first = self.read(first_text)
        first_day = both.when.first_day if first is None else first.when.last_day
        if first is None and not first_text.strip().isdigit():
            return None
        return both if last.when.first_day - first_day == timedelta(days=1) else None


def _close(text: str, before: Token, after: Token) -> bool:
    """Whether two tokens may belong to one phrase: no blank line or wide gap between them."""
    gap = text[before.end : after.start]
    return len(gap) <= 3 or (len(gap) <= 40 and "\n\n" not in gap and not gap.strip())


# ---------------------------------------------------------------- tidying what was found

_LEAVE_OUT: Final = re.compile("(?i:on|in|at|during|\u0432)\\s+")
#: "the" before a year or a name ("the 2022 election", "the Victory Day parade", "the January
#: unrest") adds nothing; before an ordinal, an edge or a decade ("the first quarter", "the end
#: of April", "the 1990s") it is part of the phrase
_THE_NAME: Final = re.compile(r"(?i:the)\s+(?=[0-9]{4}\b(?!s)|(?P<word>[^\W\d_]+))")
_PART_OF_DAY: Final = re.compile(r"(?i:early|late)\s+$")
_APPOSED: Final = re.compile(r",?\s*")


def _tidied(text: str, found: list[Found], finder: _Finder) -> list[Found]:
    """The found phrases as the gauge writes them (the module's docstring, step 3)."""
    trimmed = [_trimmed(item, finder) for item in found]
    merged: list[Found] = []
    for item in trimmed:
        item = _with_part_of_day(text, item, merged[-1].end if merged else 0)
        if merged and (both := _one_day_named_twice(text, merged[-1], item)) is not None:
            merged[-1] = both
        elif merged and (joined := _meeting(text, merged[-1], item, finder)) is not None:
            merged[-1] = joined
        else:
            merged.append(item)
    return merged


_NAMED: Final = frozenset({""}) | _NAMES | frozenset(_WEEKDAYS)


def _trimmed(item: Found, finder: _Finder) -> Found:
    """'on Thursday' is 'Thursday', 'the 2022 election' holds '2022': a word before the date
    that adds nothing is left out when the rest reads alone ('in the January unrest': both)."""
    for pattern in (_LEAVE_OUT, _THE_NAME):
        match = pattern.match(item.text)
        if match is None or (match.groupdict().get("word") or "").lower() not in _NAMED:
            continue
        rest = item.text[match.end() :]
        reading = finder.reading(rest)
        if reading is not None:
            item = Found(item.start + match.end(), item.end, rest, reading.when, reading.warnings)
    return item


def _with_part_of_day(text: str, item: Found, floor: int) -> Found:
    """'early Thursday', 'late Friday': a part of the day, kept in the phrase; the day stays."""
    if item.when.is_interval or item.when.precision is not Precision.DAY:
        return item
    match = _PART_OF_DAY.search(text, max(floor, item.start - 8), item.start)
    if match is None or (match.start() and text[match.start() - 1].isalnum()):
        return item
    return Found(match.start(), item.end, text[match.start() : item.end], item.when)


def _one_day_named_twice(text: str, first: Found, second: Found) -> Found | None:
    """'next Monday, 19 December': a day named twice, one phrase, read as the date written."""
    if not _APPOSED.fullmatch(text, first.end, second.start):
        return None
    days = (first.when, second.when)
    if any(when.is_interval or when.precision is not Precision.DAY for when in days):
        return None
    if first.when.first_day != second.when.first_day:
        return None
    return Found(first.start, second.end, text[first.start : second.end], second.when)


def _meeting(text: str, first: Found, second: Found, finder: _Finder) -> Found | None:
    """Two found dates joined by 'and' that meet: one range."""
    between = text[first.end : second.start]
    if between.strip().lower() != "and":
        return None
    phrase = text[first.start : second.end]
    reading = finder.joined(phrase)
    if reading is None:
        return None
    return Found(first.start, second.end, phrase, reading.when, reading.warnings)
