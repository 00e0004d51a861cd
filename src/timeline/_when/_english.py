"""The fuzzy grammar: dates as people write them in English (and month names in every language
of `_words`): "13 October 2022", "12–13 Oct. 2022, 09:50 (UTC+06)", "c. 1984?", "early October
2022", "since 24 February 2022", and, through `_phrases`, "last Thursday" or "summer 2022".
Numbers in ISO 8601 shape inside such text (`c. 2022-10-13`) go to the ISO grammar."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Final, NamedTuple, Protocol
from zoneinfo import ZoneInfo

from timeline._errors import DateError, MissingReference
from timeline._when._calendar import (
    ACCEPTED_FORMS,
    OPEN_HINT,
    Precision,
    check_month,
    check_year,
    last_of_month,
    make_date,
    make_offset,
    make_time,
)
from timeline._when._directions import DIRECTED, Lean, directed
from timeline._when._holidays import holiday
from timeline._when._human import human_day
from timeline._when._iso import parse_iso, parse_unspecified
from timeline._when._point import Point, precision_of, trusted_point
from timeline._when._ranges import RANGES, ends_in_words
from timeline._when._value import When
from timeline._when._words import ENGLISH, LEXICON, VOCABULARY, WEEKDAY_NAMES
from timeline._when._zone_words import zoned
from timeline._when._zones import timed

if TYPE_CHECKING:
    from timeline._when._phrases import Reading

__all__ = ["Reader", "parse_english"]


class Reader(Protocol):
    """The whole reader, for the known end of a date wrapped in words ("since ...", "from ... to");
    `lean` says which way a weekday or a year-less date lies from the reference."""

    def __call__(
        self,
        text: str,
        zone: ZoneInfo | None,
        reference: date | None,
        lean: Lean = "nearest",
        /,
    ) -> When: ...


def _either(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in words)


# the words around a date are English's (`_words`), in English's order: "c. 1984", "early 2022"
_APPROXIMATE: Final = re.compile(
    rf"(?:(?:{_either(ENGLISH.approximate_abbreviations)})\.\s*"
    rf"|(?:{_either(ENGLISH.approximate_words)})\s+)",
    re.IGNORECASE,
)
_ISO_RANGE: Final = re.compile(r"(?<=[0-9\]~?%])\s+(?:to|[-\u2010-\u2015\u2212])\s+(?=[0-9])")
_THIRD: Final = re.compile(rf"({_either(ENGLISH.day_thirds)})(?:\s*-\s*|\s+)", re.IGNORECASE)
_PREPOSITION: Final = re.compile(rf"(?:{_either(ENGLISH.prepositions)})\s+", re.IGNORECASE)
# "end of April 2022" is "late April 2022": one reading for the two ways of saying it
_EDGE: Final = re.compile(rf"(?:the\s+)?({_either(ENGLISH.edge_thirds)})\s+of\s+", re.IGNORECASE)
_EDGE_THIRDS: Final = ENGLISH.edge_thirds
_TOKEN: Final = re.compile(
    r"""
    \s*(?:
      (?P<local>\(\s*local\s+time\s*\))
     |(?P<offset>\(\s*(?:utc|gmt)\s*(?:(?P<sign>[-+\u2212])\s*(?P<oh>[0-9]{1,2})
          (?::?(?P<om>[0-9]{2}))?(?::(?P<os>[0-9]{2}))?)?\s*\))
     |(?P<hour12>(?P<h12>[0-9]{1,2})(?::(?P<m12>[0-9]{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?)
     |(?P<time>(?P<hh>[0-9]{1,2}):(?P<mm>[0-9]{2})(?::(?P<ss>[0-9]{2}))?)
     |(?P<year>[0-9]{4})(?![0-9])
     |(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])
     |(?P<number>[0-9]+)
     |(?P<word>[^\W\d_]+\.?)
     |(?P<dash>[-\u2010-\u2015\u2212])
     |(?P<comma>,)
     |(?P<other>\S)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


class _Token(NamedTuple):
    kind: str  # weekday, month, day, year, time, time-s (seconds of the day), offset, dash
    number: int
    text: str


@dataclass(slots=True)
class _Side:
    """One side of a written range, before the missing parts are borrowed from the other side."""

    shape: tuple[str, ...] = ()
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    minutes: int | None = None  # the time of day, in seconds since midnight
    with_seconds: bool = False
    offset: int | None = None


_SHAPES: Final = frozenset(
    {
        (),
        ("day",),
        ("month",),
        ("year",),
        ("day", "month"),
        ("month", "day"),
        ("day", "month", "year"),
        ("month", "day", "year"),
        ("month", "year"),
        ("day", "year"),
    }
)


_SCOPED_WORDS: Final = re.compile(
    r"(?P<date>.+?)\s*\((?P<covered>year|year and month)\s+"
    r"(?P<qualified>approximate and uncertain|approximate|uncertain)\)",
    re.IGNORECASE,
)


def _unreadable(text: str) -> DateError:
    return DateError(f"cannot read {text!r} as a date", ACCEPTED_FORMS)


_OPEN_WORDS: Final = (
    (
        re.compile(
            r"(?:from\s+)?(?P<known>.+?)\s*(?:\(ongoing\)|[-\u2013\u2014]\s*(?:ongoing|present))",
            re.IGNORECASE,
        ),
        None,
        "open",
    ),
    (re.compile(r"from\s+(?P<known>.+?)\s*\(end unknown\)", re.IGNORECASE), None, "unknown"),
    (re.compile(r"until\s+(?P<known>.+?)\s*\(start unknown\)", re.IGNORECASE), "unknown", None),
)


def _open_in_words(
    text: str, zone: ZoneInfo | None, reference: date | None, read: Reader
) -> When | None:
    """'from 1985 (end unknown)', '2022 (ongoing)', 'until 1985 (start unknown)': one known
    point and an open end, the plain-English spellings `human()` gives ('since ...' and 'until
    ...' are `_directions`')."""
    for pattern, open_start, open_end in _OPEN_WORDS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        known = _plain_end(match["known"].strip(), zone, reference, read)
        if known is None or known.is_interval:
            written = match["known"].strip() if known is None else known.human()
            raise DateError(
                f"{text!r}: an interval open at one end has one known point, not {written!r}",
                OPEN_HINT,
            )
        return When(
            known.start_point,
            approximate=known.approximate,
            uncertain=known.uncertain,
            open_start=open_start,  # type: ignore[arg-type]
            open_end=open_end,  # type: ignore[arg-type]
        )
    return None


_SOME: Final = re.compile(
    r"some\s+(?:year\s+of\s+the\s+(?P<decade>[0-9]{3})0s"
    r"|year\s+from\s+(?P<low>[0-9]{4})\s+to\s+(?P<high>[0-9]{4})"
    r"|month\s+of\s+(?P<months_of>[0-9]{4})"
    r"|day\s+in\s+(?:(?P<month>[^\W\d_]+)\s+)?(?P<days_of>[0-9]{4}))",
    re.IGNORECASE,
)


def _unspecified_in_words(text: str) -> When | None:
    """'some year of the 2010s', 'some day in April 1985': the words `human()` gives for
    EDTF's X digits, read back to them."""
    body = text
    mark = ""
    if body.endswith("?"):
        body, mark = body[:-1].rstrip(), "?"
    approximate = _APPROXIMATE.match(body)
    if approximate:
        body, mark = body[approximate.end() :], "%" if mark else "~"
    match = _SOME.fullmatch(body)
    if match is None:
        return None
    if match["decade"]:
        written = f"{match['decade']}X"
    elif match["low"]:
        low, high = int(match["low"]), int(match["high"])
        span = high - low + 1
        digits = {10: 1, 100: 2, 1000: 3}.get(span)
        if digits is None or low % span:
            raise DateError(f"{text!r} is not a decade, a century or a millennium", ACCEPTED_FORMS)
        written = f"{low // span:0{4 - digits}d}" + "X" * digits
    elif match["months_of"]:
        written = f"{match['months_of']}-XX"
    elif match["month"]:
        number = LEXICON.months.get(match["month"].lower())
        if number is None:
            raise _unknown_word(match["month"], text)
        written = f"{match['days_of']}-{number:02d}-XX"
    else:
        written = f"{match['days_of']}-XX-XX"
    return parse_unspecified(written + mark, [written + mark], (None, None))


def _ends_in_words(
    text: str, zone: ZoneInfo | None, reference: date | None, read: Reader
) -> When | None:
    """'from c. 1984 to June 2004', 'between 3 and 5 March 2022': `_ranges`."""
    return ends_in_words(
        text,
        lambda end: _plain_end(end, zone, reference, read),
        lambda joined: read(joined, zone, reference),
    )


def _scoped_in_words(
    text: str, zone: ZoneInfo | None, reference: date | None, read: Reader
) -> When | None:
    """'11 June 2004 (year uncertain)', as `human()` spells `2004?-06-11`."""
    match = _SCOPED_WORDS.fullmatch(text)
    if match is None:
        return None
    known = _plain_end(match["date"].strip(), zone, reference, read)
    if known is None or known.is_interval or known.approximate or known.uncertain:
        raise DateError(f"{text!r}: the qualifier in brackets takes one plain date", ACCEPTED_FORMS)
    qualified = match["qualified"].lower()
    return When(
        known.start_point,
        approximate="approximate" in qualified,
        uncertain="uncertain" in qualified,
        scope="year" if match["covered"].lower() == "year" else "month",
    )


def _wrapped(text: str) -> bool:
    """Whether `text` is itself a date wrapped in words ('since ...', 'from ... to ...',
    '... (year uncertain)')."""
    return (
        _SCOPED_WORDS.fullmatch(text) is not None
        or any(pattern.fullmatch(text) for pattern in RANGES)
        or any(pattern.fullmatch(text) for pattern, _, _ in _OPEN_WORDS)
        or DIRECTED.fullmatch(text) is not None
    )


def _plain_end(
    text: str,
    zone: ZoneInfo | None,
    reference: date | None,
    read: Reader,
    lean: Lean = "nearest",
) -> When | None:
    """One end of a date wrapped in words, or None when it is wrapped again: an end is one
    plain date, so 'since since ... 2022' is refused at the second word rather than read by
    one call per word, and the reader never goes more than one wrapper deep."""
    return None if _wrapped(text) else read(text, zone, reference, lean)


def parse_english(
    text: str,
    zone: ZoneInfo | None,
    reference: date | None,
    read: Reader,
    lean: Lean = "nearest",
) -> When:
    """Read `text` in words; `read` is the whole reader, for the known end of a wrapped date;
    `lean` the way a weekday or a year-less date goes from the reference (`_directions`)."""
    wrapped = _wrapped_in_words(text, zone, reference, read)
    if wrapped is not None:
        return wrapped
    body, approximate, uncertain = _unqualified(text)
    with_zone = zoned(body, zone)
    if with_zone is not None:  # "1500 GMT", "2pm Eastern time on Tuesday": _zone_words
        body, zone = with_zone
    from timeline._when._phrases import read as read_phrase  # only now: dateutil is slow

    reading = read_phrase(body, reference, written=text, lean=lean) if body else None
    if reading is not None:
        return _phrase_when(reading, zone, text, approximate=approximate, uncertain=uncertain)
    day = holiday(body, reference, lean, text) if body[:1].isalpha() else None
    if day is not None:  # "Christmas Eve 2022", "since Nowruz": _holidays
        point = trusted_point(day, Precision.DAY)
        return When(point, approximate=approximate, uncertain=uncertain)
    third = _THIRD.match(body)
    if third:
        body = body[third.end() :]
    if not body:
        raise _unreadable(text)
    if third is None and body[0].isdigit():
        iso = parse_iso(_ISO_RANGE.sub("/", body, count=1), zone)
        if iso is not None:
            return When(
                iso.start_point,
                iso.end_point,
                approximate=approximate or iso.approximate,
                uncertain=uncertain or iso.uncertain,
            )
    tokens = _clock_last(_tokenize(_DASHED_DAY.sub(r"\1 \2 \3", body), text))
    if third is not None:
        return _month_third(third.group(1).lower(), tokens, text, uncertain, reference)
    start, end = _range_points(tokens, zone, text, reference, lean)
    return When(start, end, approximate=approximate, uncertain=uncertain)


# "04-Jun-2020", "4-June-2020": one date, though it has two dashes
_DASHED_DAY: Final = re.compile(r"^([0-9]{1,2})-([^\W\d_]{3,}\.?)-([0-9]{4})$")


def _clock_last(tokens: list[_Token]) -> list[_Token]:
    """'2:45 p.m. on Jan. 8', '10:00 GMT on 13 October 2022': a time said before its day is
    read as if said after it, as 'Jan. 8 at 2:45 p.m.' is; a range keeps its order."""
    if len(tokens) < 2 or tokens[0].kind not in ("time", "time-s"):
        return tokens
    if any(token.kind == "dash" for token in tokens):
        return tokens
    said = 2 if tokens[1].kind == "offset" else 1
    if said == len(tokens):
        return tokens
    return tokens[said:] + tokens[:said]


def _wrapped_in_words(
    text: str, zone: ZoneInfo | None, reference: date | None, read: Reader
) -> When | None:
    """The spellings `human()` gives around a date: a qualifier in brackets, 'from ... to ...',
    an open end ('since ...'), EDTF's X digits in words."""
    scoped = _scoped_in_words(text, zone, reference, read)
    if scoped is not None:
        return scoped
    ends = _ends_in_words(text, zone, reference, read)
    if ends is not None:
        return ends
    opened = _open_in_words(text, zone, reference, read)
    if opened is not None:
        return opened
    leaning = directed(text, lambda end, lean: _plain_end(end, zone, reference, read, lean))
    if leaning is not None:
        return leaning
    return _unspecified_in_words(text)


_COUNTED: Final = re.compile(
    rf"(?:[0-9]+|{_either(ENGLISH.numbers)})\s+(?:day|week|month|year)s?\b", re.IGNORECASE
)


def _unqualified(text: str) -> tuple[str, bool, bool]:
    """(the date, approximate, uncertain): a trailing '?', a leading 'c.' or 'around' and a
    preposition taken off, and 'end of' said as 'late'."""
    body = text
    uncertain = body.endswith("?")
    if uncertain:
        body = body[:-1].rstrip()
    approximate = False
    match = _APPROXIMATE.match(body)
    if match:
        approximate = True
        body = body[match.end() :]
    preposition = _PREPOSITION.match(body)
    if preposition and not _COUNTED.match(body, preposition.end()):  # "in three days" stays
        body = body[preposition.end() :]
    edge = _EDGE.match(body)
    if edge:
        body = f"{_EDGE_THIRDS[edge.group(1).lower()]} {body[edge.end() :]}"
    return body, approximate, uncertain


def _range_points(
    tokens: list[_Token],
    zone: ZoneInfo | None,
    text: str,
    reference: date | None,
    lean: Lean = "nearest",
) -> tuple[Point, Point | None]:
    """One date, or the two ends of a written range with what one end leaves out borrowed from
    the other ('12\u201313 October 2022')."""
    dashes = [index for index, token in enumerate(tokens) if token.kind == "dash"]
    if len(dashes) > 1:
        raise DateError(f"{text!r} has more than one dash; a range has two ends", ACCEPTED_FORMS)
    if not dashes:
        return _side_point(_side(tokens, text), zone, text, reference, lean), None
    left = _side(tokens[: dashes[0]], text)
    right = _side(tokens[dashes[0] + 1 :], text)
    _share(left, right, text)
    if right.year is None and right.month is not None and reference is not None:
        _range_years(left, right, text, reference)
    return _side_point(left, zone, text, reference), _side_point(right, zone, text, reference)


def _phrase_when(
    reading: Reading,
    zone: ZoneInfo | None,
    text: str,
    *,
    approximate: bool,
    uncertain: bool,
) -> When:
    span = reading.span
    precision = Precision(span.level)
    start = Point(span.first, precision)
    end = None if span.last == span.first else Point(span.last, precision)
    if reading.clock is not None:
        tokens = _tokenize(reading.clock, text)
        kinds = [token.kind for token in tokens]
        if kinds[:1] not in (["time"], ["time-s"]) or kinds[1:] not in ([], ["offset"]):
            raise _unreadable(text)
        offset = None if len(tokens) == 1 else timedelta(seconds=tokens[1].number)
        clock = _clock_at(tokens[0].number)
        moment = timed(span.first, clock, offset, False, None, zone, keep_offset=False)
        start = Point(moment, precision_of(moment, said=kinds[0] == "time-s"))
    return When(start, end, approximate=approximate or span.approximate, uncertain=uncertain)


def _year_for(side: _Side, text: str, reference: date | None, lean: Lean = "nearest") -> int:
    """The year of a day or month written without one: the nearest to the reference, or the
    nearest on the side `lean` says."""
    if side.month is None:
        raise DateError(f"{text!r} has no year", ACCEPTED_FORMS)
    if reference is None:
        raise MissingReference(
            text, f"{text!r} has no year: it takes the one nearest the day it was written"
        )
    check_month(side.month)
    day = side.day
    if day is not None and not 1 <= day <= last_of_month(2000, side.month):
        return reference.year  # a day no year has: _make_date says why
    from timeline._when._phrases import nearest_year

    return nearest_year(reference, side.month, day, lean)


def _range_years(left: _Side, right: _Side, text: str, reference: date) -> None:
    """Give both ends of a yearless range one reading: the end's year is the nearest one, and
    the start falls in the year before when its day comes later in the calendar."""
    year = _year_for(right, text, reference)
    right.year = left.year = year
    assert right.month is not None
    if left.month is not None and (left.month, left.day or 1) > (right.month, right.day or 31):
        left.year = year - 1


def _seconds_of(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _clock_at(seconds: int) -> time:
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _tokenize(body: str, text: str) -> list[_Token]:
    """The words and numbers of `body`, each read by the rule of its kind (`_TOKEN`'s group)."""
    tokens: list[_Token] = []
    position = 0
    while (match := _TOKEN.match(body, position)) is not None:
        position = match.end()
        kind = match.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        token = _TOKEN_READERS[kind](match, match.group().strip(), body, text)
        if token is not None:
            tokens.append(token)
    return tokens


def _offset_token(match: re.Match[str], written: str, body: str, text: str) -> _Token:
    """'(UTC+06)', '(GMT)': the offset in seconds."""
    sign, hours = match["sign"], match["oh"]
    seconds = 0
    if sign is not None and hours is not None:
        offset = make_offset(sign, int(hours), int(match["om"] or 0), int(match["os"] or 0))
        seconds = offset // timedelta(seconds=1)
    return _Token("offset", seconds, written)


def _hour12_token(match: re.Match[str], written: str, body: str, text: str) -> _Token:
    """'9:50 a.m.', '10 pm': the time of day in seconds."""
    hour, minute = int(match["h12"]), int(match["m12"] or 0)
    if not 1 <= hour <= 12:
        raise DateError(
            f"{written!r} is not a time: a 12-hour clock runs from 1 to 12",
            "write 09:50 or 9:50 a.m., 00:30 or 12:30 a.m., 12:30 or 12:30 p.m.",
        )
    hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    return _Token("time", _seconds_of(make_time(hour, minute)), written)


def _time_token(match: re.Match[str], written: str, body: str, text: str) -> _Token:
    """'09:50' or '09:50:30' ('time-s': the seconds were written)."""
    clock = make_time(int(match["hh"]), int(match["mm"]), int(match["ss"] or 0))
    return _Token("time" if match["ss"] is None else "time-s", _seconds_of(clock), written)


def _number_token(match: re.Match[str], written: str, body: str, text: str) -> _Token:
    raise DateError(
        f"cannot read the number {written!r}: years have four digits, days one or two",
        ACCEPTED_FORMS,
    )


def _word_token(match: re.Match[str], written: str, body: str, text: str) -> _Token | None:
    """A month or weekday name in any language, a word that joins a range, or a filler."""
    word = written.lower().rstrip(".")
    if word in LEXICON.months:
        return _Token("month", LEXICON.months[word], written)
    if word in LEXICON.weekdays:
        return _Token("weekday", LEXICON.weekdays[word], written)
    if word in LEXICON.range_words:
        return _Token("dash", 0, written)
    if word not in LEXICON.fillers:
        raise _unknown_word(written, text)
    return None


def _other_token(match: re.Match[str], written: str, body: str, text: str) -> _Token:
    raise DateError(f"unexpected {written!r} in {body!r}", ACCEPTED_FORMS)


_TokenReader = Callable[[re.Match[str], str, str, str], _Token | None]
_TOKEN_READERS: Final[dict[str, _TokenReader]] = {
    "local": lambda *_: None,  # "(local time)" says what a time without a zone means anyway
    "offset": _offset_token,
    "hour12": _hour12_token,
    "time": _time_token,
    "year": lambda match, written, *_: _Token("year", int(match["year"]), written),
    "day": lambda match, written, *_: _Token("day", int(match["day"]), written),
    "number": _number_token,
    "word": _word_token,
    "dash": lambda match, written, *_: _Token("dash", 0, written),
    "comma": lambda *_: None,
    "other": _other_token,
}


def _unknown_word(word: str, text: str) -> DateError:
    """Suggest a name only when the word is close to it: 'last' is not a misspelt 'August'."""
    bare = word.lower().rstrip(".")
    if bare in VOCABULARY:
        return DateError(f"cannot read {text!r} as a date", ACCEPTED_FORMS)
    weekday = difflib.get_close_matches(bare, LEXICON.weekday_spellings, n=1, cutoff=0.75)
    month = difflib.get_close_matches(bare, LEXICON.month_spellings, n=1, cutoff=0.75)
    if weekday and not month:
        return DateError(
            f"unknown weekday name {word!r}; did you mean {LEXICON.weekday_spellings[weekday[0]]}?",
            ACCEPTED_FORMS,
        )
    if month:
        return DateError(
            f"unknown month name {word!r}; did you mean {LEXICON.month_spellings[month[0]]}?",
            ACCEPTED_FORMS,
        )
    meant = difflib.get_close_matches(bare, sorted(VOCABULARY), n=1, cutoff=0.75)
    if meant:
        return DateError(f"unknown word {word!r}; did you mean {meant[0]!r}?", ACCEPTED_FORMS)
    return DateError(f"unknown word {word!r} in {text!r}", ACCEPTED_FORMS)


def _side(tokens: list[_Token], text: str) -> _Side:
    side = _Side()
    index = 0
    if index < len(tokens) and tokens[index].kind == "weekday":
        side.weekday = tokens[index].number
        index += 1
    shape: list[str] = []
    while index < len(tokens) and tokens[index].kind in ("day", "month", "year"):
        token = tokens[index]
        if token.kind in shape:
            raise _unreadable(text)
        shape.append(token.kind)
        if token.kind == "day":
            side.day = token.number
        elif token.kind == "month":
            side.month = token.number
        else:
            side.year = token.number
        index += 1
    if index < len(tokens) and tokens[index].kind in ("time", "time-s"):
        side.minutes = tokens[index].number
        side.with_seconds = tokens[index].kind == "time-s"
        index += 1
    if index < len(tokens) and tokens[index].kind == "offset":
        side.offset = tokens[index].number
        index += 1
    side.shape = tuple(shape)
    if index != len(tokens) or side.shape not in _SHAPES:
        raise _unreadable(text)
    if not shape and side.minutes is None:
        raise DateError(f"{text!r} is a range with a missing end", ACCEPTED_FORMS)
    return side


def _share(left: _Side, right: _Side, text: str) -> None:
    """Fill in what a written range leaves out ('12\u201313 October 2022', 'October 12\u201313,
    2022', '09:50\u201318:00'): the year and month come from the other side."""
    if not right.shape:
        if left.day is None or left.minutes is None or right.weekday is not None:
            raise _unreadable(text)
        right.day, right.month, right.year = left.day, left.month, left.year
    elif right.shape == ("day", "year"):
        if left.shape != ("month", "day"):
            raise _unreadable(text)
        right.month = left.month
    elif right.shape == ("day",) and left.shape == ("month", "day"):
        right.month = left.month  # "March 3-5", the year from the reference
    if not left.shape:
        raise _unreadable(text)
    if left.year is None:
        left.year = right.year
    if left.month is None and left.day is not None:
        if right.day is None:
            raise _unreadable(text)
        left.month = right.month
    if left.minutes is not None and right.minutes is not None:
        if left.offset is None:
            left.offset = right.offset
        elif right.offset is None:
            right.offset = left.offset


def _side_point(
    side: _Side,
    zone: ZoneInfo | None,
    text: str,
    reference: date | None,
    lean: Lean = "nearest",
) -> Point:
    if side.year is None:
        side.year = _year_for(side, text, reference, lean)
    check_year(side.year)
    if side.month is None:
        if side.day is not None or side.minutes is not None:
            raise DateError(f"{text!r} has no month", ACCEPTED_FORMS)
        if side.weekday is not None:
            raise DateError(f"a weekday needs a full date, unlike {text!r}", ACCEPTED_FORMS)
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return trusted_point(date(side.year, 1, 1), Precision.YEAR)
    check_month(side.month)
    if side.day is None:
        if side.minutes is not None:
            raise DateError(f"{text!r} has no day of the month", ACCEPTED_FORMS)
        if side.weekday is not None:
            raise DateError(f"a weekday needs a full date, unlike {text!r}", ACCEPTED_FORMS)
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return trusted_point(date(side.year, side.month, 1), Precision.MONTH)
    day = make_date(side.year, side.month, side.day)
    if side.weekday is not None and side.weekday != day.weekday():
        raise DateError(
            f"{human_day(day)} is a {WEEKDAY_NAMES[day.weekday()]}, "
            f"not a {WEEKDAY_NAMES[side.weekday]}",
            "correct the weekday or the date, or leave the weekday out",
        )
    if side.minutes is None:
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return trusted_point(day, Precision.DAY)
    clock = _clock_at(side.minutes)
    offset = None if side.offset is None else timedelta(seconds=side.offset)
    moment = timed(day, clock, offset, False, None, zone, keep_offset=False)
    return trusted_point(moment, precision_of(moment, said=side.with_seconds))


def _month_third(
    part: str, tokens: list[_Token], text: str, uncertain: bool, reference: date | None
) -> When:
    side = _side(tokens, text)
    if side.shape == ("month",) and side.weekday is None and side.minutes is None:
        side.year = _year_for(side, text, reference)
    elif side.shape != ("month", "year") or side.weekday is not None or side.minutes is not None:
        raise DateError(
            f"{part} goes with a month and a year, as in '{part} October 2022', or with a year "
            f"alone, as in '{part} 2022'; unlike {text!r}",
            ACCEPTED_FORMS,
        )
    assert side.year is not None
    assert side.month is not None
    check_year(side.year)
    check_month(side.month)
    first, last = {"early": (1, 10), "mid": (11, 20)}.get(
        part, (21, last_of_month(side.year, side.month))
    )
    return When(
        trusted_point(date(side.year, side.month, first), Precision.DAY),
        trusted_point(date(side.year, side.month, last), Precision.DAY),
        approximate=True,
        uncertain=uncertain,
    )
