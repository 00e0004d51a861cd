"""Reading a date, whatever was handed over: text (ISO 8601 / EDTF first, then English), a date,
a datetime, or a value pydantic validates. The front door of `When.parse`, `When.from_value`
and the models' date fields, with the caches that make a chronology's repeated dates cheap."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from timeline._errors import DateError
from timeline._when._ambiguity import ambiguities, warn_if_ambiguous
from timeline._when._calendar import ACCEPTED_FORMS, Precision
from timeline._when._directions import Lean
from timeline._when._english import parse_english
from timeline._when._iso import in_notation, parse_iso, refuse_long_years, refuse_numeric
from timeline._when._point import from_datetime, timed_precision, trusted_point
from timeline._when._value import When, single
from timeline._when._zones import resolve_zone

if TYPE_CHECKING:
    from pydantic_core.core_schema import ValidationInfo

__all__ = [
    "LONGEST_DATE",
    "parse_quietly",
    "parse_text",
    "reference_day_of",
    "validate_for_pydantic",
    "when_from_value",
    "written_in_words",
]

LONGEST_DATE: Final = 200
"""The most characters a date may have once each run of whitespace is one space: `human()`'s
longest, an interval with qualified, timed, offset ends, is about 90."""


def parse_text(
    text: str, zone: str | ZoneInfo | None, reference: date | None, *, warned: bool = True
) -> When:
    """`When.parse` once `text` is known to be text; `warned=False` leaves a phrase's other
    readings unsaid (the loader's review says them, located at the event)."""
    default = None if zone is None else resolve_zone(zone)
    stripped = text.strip()
    day = _plain_day(stripped)
    if day is not None:
        return day
    collapsed, written_on = _collapsed(stripped), reference_day_of(reference)
    when = _parse_cached(collapsed, default, written_on)
    if warned:
        warn_if_ambiguous(collapsed, written_on)  # outside the cache, so every read warns
    return when


def parse_quietly(
    text: str, zone: ZoneInfo | None, reference: date
) -> tuple[When, tuple[str, ...]]:
    """`parse_text` for `find_dates`, which tries many phrases: the reading and what it would
    warn (`ambiguities`), never warned, so the search leaves the warning filters alone."""
    collapsed = _collapsed(text.strip())
    return _parse_cached(collapsed, zone, reference), tuple(ambiguities(collapsed, reference))


def when_from_value(
    value: When | str | date | datetime,
    zone: str | ZoneInfo | None,
    reference: date | None,
    *,
    warned: bool = True,
) -> When:
    """`When.from_value`: what a TOML reader (or a program) hands over; `warned` as for
    `parse_text`."""
    raw: object = value  # TOML readers hand over Any, so check what really came
    if isinstance(raw, When):
        return raw
    if isinstance(raw, str):
        return parse_text(raw, zone, reference, warned=warned)
    if isinstance(raw, datetime):
        moment = from_datetime(raw, resolve_zone(zone))
        return single(trusted_point(moment, timed_precision(moment)))
    if isinstance(raw, date):
        return _day_when(raw if type(raw) is date else date(raw.year, raw.month, raw.day))
    if isinstance(raw, int) and not isinstance(raw, bool):
        raise DateError(f"the bare number {raw} is not a date", _number_as_text(raw))
    if isinstance(raw, time):
        raise DateError(f"the time {raw} has no date", ACCEPTED_FORMS)
    raise DateError(f"cannot read {type(raw).__name__} {raw!r} as a date", ACCEPTED_FORMS)


def validate_for_pydantic(value: Any, info: ValidationInfo) -> When:
    """A model's date field; pass `context={"zone": ..., "reference": ...}` to read text."""
    # the commonest values first: an event's `when` the loader has read already, then a source's
    # `published`, most often a TOML date or ISO day text
    if type(value) is When:
        return value
    if type(value) is date:
        return _day_when(value)
    if type(value) is str and (day := _plain_day(value)) is not None:
        return day
    context = info.context
    zone = context.get("zone") if isinstance(context, dict) else None
    reference = context.get("reference") if isinstance(context, dict) else None
    if isinstance(value, When | str | date):
        return when_from_value(value, zone, reference)
    raise DateError(
        f"expected a date, a date-time or a string, not {type(value).__name__}", ACCEPTED_FORMS
    )


def written_in_words(text: str) -> bool:
    """Whether `text` is a phrase for the English (or Russian) reader rather than ISO 8601/EDTF
    notation: the loader keeps such phrases beside the date they resolve to. Text too long to
    be a date is neither (`parse` refuses it), so no pattern here ever sees more than a date."""
    stripped = " ".join(text.split())
    return bool(stripped) and len(stripped) <= LONGEST_DATE and not in_notation(stripped)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, zone: ZoneInfo | None, reference: date | None) -> When:
    """`_parse`, remembered: a chronology cites the same few sources, with the same publication
    dates, dozens of times (a When is immutable, so one may be shared). Refusals are not kept."""
    return _parse(text, zone, reference)


def _parse(
    text: str, zone: ZoneInfo | None, reference: date | None = None, lean: Lean = "nearest", /
) -> When:
    """ISO 8601 / EDTF when the text is in its shape, else English; numbers that are neither
    (03/04/2022, a year of five digits) are refused with what they could mean. A date wrapped
    in words ("since ...") has its known end read through here again, leaning as its word says."""
    if not text:
        raise DateError("the date is empty", ACCEPTED_FORMS)
    refuse_numeric(text)
    when = parse_iso(text, zone)
    if when is not None:
        return when
    refuse_long_years(text)
    return parse_english(text, zone, reference, _parse, lean)


def _collapsed(text: str) -> str:
    """`text` with each run of whitespace made one space, refused when longer than any date:
    every pattern of the reader then runs on at most `LONGEST_DATE` characters, so no text,
    however long or spaced out, makes reading slow."""
    collapsed = " ".join(text.split())
    if len(collapsed) > LONGEST_DATE:
        raise DateError(
            f"a date of {len(collapsed):,} characters ({collapsed[:30]!r}...) is longer than any "
            f"date: at most {LONGEST_DATE} are read",
            "write the date alone, e.g. 13 October 2022 or 2022-10-12/2022-10-13, and put any "
            "comment in the event's other fields",
        )
    return collapsed


def reference_day_of(reference: object) -> date | None:
    """The calendar day of a reference; a datetime counts as its own (local) day."""
    if reference is None:
        return None
    if isinstance(reference, datetime):
        return reference.date()
    if isinstance(reference, date):
        return date(reference.year, reference.month, reference.day)
    raise DateError(
        f"the reference day must be a date, not {type(reference).__name__}",
        "pass the day the text was written, e.g. date(2022, 10, 16)",
    )


@lru_cache(maxsize=4096)
def _day_when(day: date) -> When:
    """One shared When per day: a chronology dates many events and sources by the same days."""
    return single(trusted_point(day, Precision.DAY))


def _plain_day(text: str) -> When | None:
    """The shared When of `2022-10-13` written just so, the commonest date of all; else None.

    A day needs no zone or reference day, and `date.fromisoformat` reads it in C.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return _day_when(date.fromisoformat(text))
        except ValueError:
            pass  # the general parser says what exactly is wrong
    return None


def _number_as_text(number: int) -> str:
    """The hint for a date a file gave as a number (TOML's `when = 20210618`): the text that
    would be read, when the digits are a year, a year and month or a day run together."""
    digits = str(number)
    if len(digits) == 4 and number > 0:
        return f'write the year as text: "{digits}"'
    parts = (digits[:4], digits[4:6], digits[6:])
    try:
        if len(digits) == 6:
            date(number // 100, number % 100, 1)
            return f'write it as text: "{parts[0]}-{parts[1]}"'
        if len(digits) == 8:
            date(number // 10000, number // 100 % 100, number % 100)
            return f'write it as text: "{parts[0]}-{parts[1]}-{parts[2]}"'
    except ValueError:
        pass
    return ACCEPTED_FORMS
