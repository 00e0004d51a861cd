"""The annotated types of the model's fields and their checks: a slug, one line of text, a zone,
a country, a participant, a count.

Apart from the models so that the models of several modules (events, and the gazetteer of places
and organisations a timeline declares) share one definition of each, and each refusal its code.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from timeline._codes import (
    COUNTRIES,
    ORGANISATION_ALIASES,
    ORGANISATION_PATTERN,
    ORGANISATIONS,
    meant_country,
)
from timeline._errors import DateError, ProblemCode, Refused
from timeline._geography import country_name, listed
from timeline._text_rules import one_line, paragraphs
from timeline._when import When, zone_named

__all__ = [
    "SLUG_PATTERN",
    "Count",
    "Country",
    "Paragraphs",
    "Participant",
    "Participants",
    "Slug",
    "Tags",
    "Text",
    "Url",
    "Zone",
    "named_country",
    "no_duplicates",
    "not_a_country",
    "unique_id",
    "zone_choice",
]

_H = TypeVar("_H", str, When)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _check_zone(name: str) -> str:
    try:
        zone_named(name)
    except DateError as error:  # its words name the nearest real zone
        raise Refused(error.message, ProblemCode.ZONE, error.hint) from None
    return name


def _check_country(code: str) -> str:
    if code not in COUNTRIES:
        raise Refused(not_a_country(code), ProblemCode.COUNTRY)
    return code


def not_a_country(code: str) -> str:
    start = f"{code!r} is not an ISO 3166-1 alpha-2 country code"
    meant = meant_country(code)
    if meant is None:
        return f"{start}; use e.g. 'KZ', 'RU', 'UZ'"
    if meant == code.upper():
        return f"{start}; write it in upper case: {meant!r}"
    return f"{start}; did you mean {meant!r} ({country_name(meant) or meant})?"


def _check_participant(code: str) -> str:
    if code in ORGANISATIONS or code in COUNTRIES:
        return code
    if code in ORGANISATION_ALIASES:  # another name of a known one: "ОДКБ" is "CSTO"
        return ORGANISATION_ALIASES[code]
    if meant_country(code) is not None or (len(code) == 2 and code.isalpha()):
        raise Refused(not_a_country(code), ProblemCode.COUNTRY)
    if not ORGANISATION_PATTERN.fullmatch(code):
        raise Refused(
            f"{code!r} is neither a country code nor an organisation acronym; write a country as "
            "'KZ' (ISO 3166-1 alpha-2, upper case) and an organisation as 'CSTO'",
            ProblemCode.PARTICIPANT,
        )
    return code  # whether the acronym is known is checked against the whole timeline


def no_duplicates(items: tuple[_H, ...]) -> tuple[_H, ...]:
    if len(set(items)) == len(items):  # the usual case, decided in C
        return items
    seen: set[_H] = set()
    for item in items:
        if item in seen:
            raise Refused(f"{str(item)!r} is listed twice", ProblemCode.DUPLICATE)
        seen.add(item)
    return items


#: The one type a list of strings may hold to be taken as it is (pydantic converts a subclass).
_STR = frozenset({str})
#: The participants `_check_participant` takes as written: countries and known organisations.
_KNOWN_AS_WRITTEN = COUNTRIES | frozenset(ORGANISATIONS)


def _known_participants(value: object, validate: ValidatorFunctionWrapHandler) -> object:
    """Participants all known and each given once, as they are, in one call (pydantic would
    call `_check_participant` for each and `no_duplicates`); any others validated so, each
    refusal at its place in the list."""
    if type(value) is list or type(value) is tuple:
        try:
            given = set(value)
        except TypeError:  # a table among them
            return validate(value)
        # each a str, not a subclass pydantic would convert
        if (
            len(given) == len(value)
            and given <= _KNOWN_AS_WRITTEN
            and set(map(type, value)) <= _STR
        ):
            return tuple(value)
    return validate(value)


#: Tags validated already (slugs), so that a load checks each tag's pattern once, not once an
#: event; bounded, since a slug stays one.
_SLUGS_MET: set[str] = set()
_MOST_SLUGS_MET = 10_000


def _tags_met(value: object, validate: ValidatorFunctionWrapHandler) -> object:
    """Tags all validated before and each given once, as they are, in one call (pydantic
    would match each against the slug's pattern and call `no_duplicates`); others validated
    so, and remembered."""
    if type(value) is list or type(value) is tuple:
        try:
            given = set(value)
        except TypeError:  # a table among them
            return validate(value)
        if len(given) == len(value) and given <= _SLUGS_MET and set(map(type, value)) <= _STR:
            return tuple(value)
    tags = validate(value)
    if len(_SLUGS_MET) < _MOST_SLUGS_MET:
        _SLUGS_MET.update(tags)
    return tags


#: One line of text: a title, a name, a publisher (stripped, not empty, no control characters).
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(one_line)
]
#: Text that may run to paragraphs: a summary, a note, a description (newlines and tabs too).
Paragraphs = Annotated[str, AfterValidator(paragraphs)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Zone = Annotated[str, AfterValidator(_check_zone)]
Country = Annotated[str, AfterValidator(_check_country)]
Participant = Annotated[str, AfterValidator(_check_participant)]
Url = Annotated[
    str, StringConstraints(pattern='^https?://[^\\s<>"\\x00-\\x1f\\x7f-\\x9f\\ufeff]+$')
]
Count = Annotated[int, Field(ge=0)]
#: Countries and organisations, each once.
Participants = Annotated[
    tuple[Participant, ...], AfterValidator(no_duplicates), WrapValidator(_known_participants)
]
#: Slugs, each once.
Tags = Annotated[tuple[Slug, ...], AfterValidator(no_duplicates), WrapValidator(_tags_met)]


def named_country(code: str) -> str:
    return f"{country_name(code) or code} ({code})"


def zone_choice(zones: tuple[str, ...]) -> str:
    """' (one of ...)' naming a country's zones, or '' when the tz database lists none."""
    if not zones:
        return ""
    return f" ({zones[0]})" if len(zones) == 1 else f" (one of {listed(zones)})"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first not in `taken`, which it joins. Ids made
    up (a slide per occurrence, an event per calendar UID, a draft, a merged event) never
    collide."""
    candidate, counter = base, 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}-{counter}"
    taken.add(candidate)
    return candidate
