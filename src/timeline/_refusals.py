"""pydantic's refusals in our words: each of its error types as one of our codes, with the
message, hint and suggestion a user gets, located by field; a model's refusal as the problems
a loaded file would get.

It knows the models only through what it is handed (a field's model, by the field's name, and
what their annotations say), so the models can use it without an import cycle.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Final, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from timeline._collector import Collector, no_lines
from timeline._errors import (
    DateError,
    InvalidTimeline,
    Problem,
    ProblemCode,
    Refused,
    Suggestion,
    nearest,
)
from timeline._when import ACCEPTED_FORMS

__all__ = [
    "PYDANTIC_CODES",
    "Models",
    "code_of",
    "kind_of",
    "likely_field",
    "problems_in",
    "report",
    "report_all",
    "timeline_problems_in",
    "unknown_field",
]

#: The models whose errors are worded, by the field that holds each ("" for the outermost).
Models = Mapping[str, type[BaseModel]]

_C = ProblemCode

#: Every error type pydantic-core has, as our code, so its vocabulary never reaches a user. A
#: type missing here (a pydantic release that adds one) is "invalid", and fails a test.
PYDANTIC_CODES: Final[Mapping[str, ProblemCode]] = {
    **dict.fromkeys(("missing", "missing_argument", "missing_keyword_only_argument"), _C.MISSING),
    "missing_positional_only_argument": _C.MISSING,
    "extra_forbidden": _C.UNKNOWN_FIELD,
    "unexpected_keyword_argument": _C.UNKNOWN_FIELD,
    "enum": _C.NOT_ACCEPTED,
    "literal_error": _C.NOT_ACCEPTED,
    **dict.fromkeys(
        (
            *("greater_than", "greater_than_equal", "less_than", "less_than_equal"),
            *("finite_number", "multiple_of", "date_past", "date_future", "datetime_past"),
            *("datetime_future", "decimal_max_digits", "decimal_max_places"),
            "decimal_whole_digits",
        ),
        _C.OUT_OF_RANGE,
    ),
    **dict.fromkeys(("too_short", "string_too_short", "bytes_too_short"), _C.TOO_SHORT),
    **dict.fromkeys(("too_long", "string_too_long", "bytes_too_long", "url_too_long"), _C.TOO_LONG),
    **dict.fromkeys(("url_syntax_violation", "url_scheme"), _C.URL),
    "json_invalid": _C.SYNTAX,
    **dict.fromkeys(
        (
            *("json_type", "model_type", "model_attributes_type", "dataclass_type"),
            *("dataclass_exact_type", "named_tuple_type", "iterable_type", "string_type"),
            *("string_unicode", "dict_type", "frozen_dict_type", "ordered_dict_type"),
            *("counter_type", "mapping_type", "list_type", "deque_type", "tuple_type"),
            *("set_type", "frozen_set_type", "bool_type", "bool_parsing", "int_type"),
            *("int_parsing", "float_type", "float_parsing", "bytes_type", "date_type"),
            *("date_parsing", "date_from_datetime_parsing", "time_type", "time_parsing"),
            *("datetime_type", "datetime_parsing", "datetime_from_date_parsing"),
            *("time_delta_type", "time_delta_parsing", "callable_type", "arguments_type"),
            *("url_type", "url_parsing", "uuid_type", "uuid_parsing", "decimal_type"),
            *("decimal_parsing", "fraction_type", "fraction_parsing", "complex_type"),
            "complex_str_parsing",
        ),
        _C.WRONG_TYPE,
    ),
    # the model's own rules, worded apart (a validator's `Refused` carries its own code), and
    # what no field of ours can meet; each said in pydantic's message
    **dict.fromkeys(
        (
            *("value_error", "assertion_error", "string_pattern_mismatch", "string_not_ascii"),
            *("int_parsing_size", "int_from_float", "date_from_datetime_inexact"),
            *("no_such_attribute", "needs_python_object", "recursion_loop"),
            *("recursion_depth_exceeded", "frozen_field", "frozen_instance", "invalid_key"),
            *("get_attribute_error", "default_factory_not_called", "none_required"),
            *("iteration_error", "set_item_not_hashable", "bytes_invalid_encoding"),
            *("missing_sentinel_error", "ellipsis_error", "datetime_object_invalid"),
            *("timezone_naive", "timezone_aware", "timezone_offset", "is_instance_of"),
            *("is_subclass_of", "union_tag_invalid", "union_tag_not_found"),
            *("unexpected_positional_argument", "multiple_argument_values", "uuid_version"),
        ),
        _C.INVALID,
    ),
}


def code_of(kind: str) -> ProblemCode:
    """Our code for one of pydantic's error types; "invalid", the one default, for a type it
    added after this table was written."""
    return PYDANTIC_CODES.get(kind, ProblemCode.INVALID)


@dataclass(frozen=True, slots=True)
class _Worded:
    """One of pydantic's errors in our words."""

    message: str
    code: ProblemCode
    hint: str | None = None
    suggestion: Suggestion | None = None
    expected: str | None = None
    #: The field a rule of the whole model named (`Refused.field`), inside the error's path.
    field: str | None = None


def report(
    found: Collector,
    index: int | None,
    path: tuple[str | int, ...],
    detail: ErrorDetails,
    models: Models,
    event_id: str | None = None,
) -> None:
    """One of pydantic's errors, at `path`, as a problem in our words."""
    worded = _worded(path, detail, models)
    found.add(
        index,
        path if worded.field is None else (*path, worded.field),
        worded.message,
        worded.hint,
        event_id=event_id,
        code=worded.code,
        expected=worded.expected,
        found=None if detail["type"] == "missing" else _short(detail.get("input")),
        suggestion=worded.suggestion,
    )


def _worded(path: tuple[str | int, ...], detail: ErrorDetails, models: Models) -> _Worded:
    kind = detail["type"]
    name = str(path[-1]) if path else ""
    value = detail.get("input")
    if kind == "missing":
        fix = _missing(_owner(path, models), name)
        return _Worded(f"missing required field {name!r}", ProblemCode.MISSING, suggestion=fix)
    if kind == "extra_forbidden":
        owner = _owner(path, models)
        if name in _AUTHORING_ONLY and "when" in owner.model_fields:  # an event built in code
            return _Worded(f"unknown field {name!r}", ProblemCode.UNKNOWN_FIELD, _IN_CODE[name])
        hint, rename = unknown_field(name, _public_fields(owner))
        return _Worded(f"unknown field {name!r}", ProblemCode.UNKNOWN_FIELD, hint, rename)
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        hint = _meant_word(value, path, models) or f"use one of {expected}"
        message = f"{_short(value)} is not an accepted value"
        return _Worded(message, ProblemCode.NOT_ACCEPTED, hint, expected=expected)
    if kind == "value_error":
        return _refused(detail)
    return _by_field(kind, name, path, value) or _Worded(
        f"{detail['msg'].rstrip('.')} (got {_short(value)})", code_of(kind)
    )


def _refused(detail: ErrorDetails) -> _Worded:
    """A validator's refusal, as the validator said it."""
    raised = detail.get("ctx", {}).get("error")
    if isinstance(raised, Refused):
        worded = _Worded(raised.message, raised.code, raised.hint, raised.suggestion)
        return worded if raised.field is None else replace(worded, field=raised.field)
    if isinstance(raised, DateError):  # a date's message and hint, kept apart
        return _Worded(raised.message, ProblemCode.DATE, raised.hint)
    return _Worded(str(detail["msg"]).removeprefix("Value error, "), code_of("value_error"))


def _by_field(kind: str, name: str, path: tuple[str | int, ...], value: object) -> _Worded | None:
    """The errors worded by the field they are in: a slug, a web address, a list, sources."""
    if kind == "string_pattern_mismatch" and (name in _IDS or _is_tag(path)):
        hint = "use lower-case letters, digits and single hyphens, e.g. 'cica-summit-2022'"
        message = f"{_short(value)} is not a valid slug"
        return _Worded(message, ProblemCode.SLUG, hint, expected="a slug")
    if kind == "string_pattern_mismatch" and name == "url":
        message = f"{_short(value)} is not a web address"
        return _Worded(message, ProblemCode.URL, _url_hint(str(value)), expected="a web address")
    if kind == "tuple_type" and isinstance(value, str) and name in _LISTS:
        hint = f"write a list, even of one: [{_quoted(value)}]"
        message = f"{_short(value)} is one text, not a list"
        return _Worded(message, ProblemCode.NOT_A_LIST, hint, expected="a list")
    if kind == "model_type" and name == "repeats":
        message = f"{_short(value)} is not a repeat rule"
        return _Worded(message, ProblemCode.WRONG_TYPE, _REPEATS_HINT, expected="a repeat rule")
    if kind == "too_short" and name == "sources":
        return _Worded("no source given", ProblemCode.MISSING, suggestion=_SOURCES)
    return None


def report_all(
    found: Collector,
    index: int | None,
    details: Sequence[ErrorDetails],
    models: Models,
    event_id: str | None = None,
    *,
    skip_missing: Collection[tuple[str | int, ...]] = (),
    inside: int = 0,
) -> None:
    """Report pydantic's errors of one event (or model), each once: its paths less `inside`
    leading parts, and none at a path of `skip_missing` if it is missing (reported already)."""
    paths = [tuple(detail["loc"][inside:]) for detail in details]
    # a list whose only items are invalid is also "too short"; the item's own problem says why
    has_inner = {path[:depth] for path in paths for depth in range(1, len(path))}
    # a required field written under another name is one mistake: report the unknown name
    meant: set[tuple[str | int | None, ...]] = set()
    for path, detail in zip(paths, details, strict=True):
        if detail["type"] == "extra_forbidden":
            fields = _public_fields(_owner(path, models))
            meant.add((*path[:-1], likely_field(str(path[-1]), fields)))
    for path, detail in zip(paths, details, strict=True):
        if detail["type"] == "missing" and (path in skip_missing or path in meant):
            continue
        if detail["type"] == "too_short" and path in has_inner:
            continue
        report(found, index, path, detail, models, event_id)


def problems_in(error: ValidationError, models: Models, event_id: str | None) -> list[Problem]:
    """pydantic's refusal of a model built in code (`models[""]`), as the problems a loaded
    file would get: the same words, by field (unlocated in any file)."""
    found = Collector(None, no_lines)
    report_all(found, None, error.errors(), models, event_id)
    return found.problems


def timeline_problems_in(
    error: ValidationError, data: object, header: Models, events: Models
) -> list[Problem]:
    """pydantic's refusal of a timeline built in code: the header's problems, the rules
    across events (already worded), and each event's by its own id."""
    found = Collector(None, no_lines)
    raw = data.get("events") if isinstance(data, Mapping) else None
    written = list(raw) if isinstance(raw, (list, tuple)) else []
    by_event: dict[int, list[ErrorDetails]] = {}
    own: list[ErrorDetails] = []
    for detail in error.errors():
        where = detail["loc"]
        if len(where) > 1 and where[0] == "events" and isinstance(where[1], int):
            by_event.setdefault(where[1], []).append(detail)
            continue
        raised = detail.get("ctx", {}).get("error")
        if isinstance(raised, InvalidTimeline):  # the rules across events, already worded
            found.problems.extend(raised.problems)
            found.events.extend([None] * len(raised.problems))
        else:
            own.append(detail)
    report_all(found, None, own, header)
    for number, event_details in sorted(by_event.items()):
        item = written[number] if number < len(written) else None
        event_id = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
        identified = event_id if isinstance(event_id, str) else None
        report_all(found, None, event_details, events, identified, inside=2)
    return found.problems


#: Fields that hold a list of words or dates, where one written alone is a likely slip.
_LISTS: Final = frozenset({"participants", "absent", "tags", "also", "skip"})

#: Fields that hold an event's id (a slug).
_IDS: Final = frozenset({"id", "target", "series"})

_REPEATS_HINT: Final = (
    "write the rule as text ('FREQ=WEEKLY;BYDAY=MO'), or a group of `rule`, `also` "
    "(other dates) and `skip` (dates left out)"
)

#: What a web address cannot hold, and how it is written inside one.
_NOT_IN_URL: Final = {" ": "%20", "<": "%3C", ">": "%3E", '"': "%22"}

#: Keys an event is written with that the loader consumes before validating it (an event is
#: the model with a `when`): offered with its fields.
_AUTHORING_ONLY: Final = ("timezone",)
#: What a model built in code takes instead of each of them.
_IN_CODE: Final = {
    "timezone": "a file's event may say 'timezone', which its reader applies to 'when'; in code, "
    "give 'when' a zone: When.parse(text, zone=...)",
}

# Words writers reach for that spelling similarity would not find, and the field each one means
_SYNONYMS: Final = {
    "date": "when",
    "dates": "when",
    "time": "when",
    "datetime": "when",
    "type": "kind",
    "category": "kind",
    "location": "place",
    "description": "summary",
    "relation": "rel",
    "to": "target",
    "rrule": "repeats",
    "recurrence": "repeats",
    "repeat": "repeats",
    "recurs": "repeats",
    "rdate": "also",
    "rdates": "also",
    "exdate": "skip",
    "exdates": "skip",
    "except": "skip",
    "exceptions": "skip",
    "exclude": "skip",
    "recurrence_id": "occurrence",
    "recurrence-id": "occurrence",
}


def _meant_word(value: object, path: tuple[str | int, ...], models: Models) -> str | None:
    """'did you mean ...?' for a misspelt word of a closed vocabulary ("canceled", "vist")."""
    owner = _owner(path, models)
    words = next(
        (found for part in reversed(path) if (found := _vocabulary(owner, part)) is not None),
        None,
    )
    if words is None or not isinstance(value, str):
        return None
    near = nearest(value.strip().lower(), [str(member.value) for member in words])
    if near is None:
        return None
    return f"did you mean {near!r}?"


@cache
def _vocabulary(model: type[BaseModel], field: str | int) -> type[enum.Enum] | None:
    """The closed vocabulary a field's values (or a mapping's values) are words of."""
    info = model.model_fields.get(field) if isinstance(field, str) else None
    if info is None:
        return None
    annotation = info.annotation
    for each in (annotation, *get_args(annotation)):
        if isinstance(each, type) and issubclass(each, enum.Enum):
            return each
    return None


def _url_hint(url: str) -> str:
    """What is wrong with a refused web address, and how it would be written."""
    if not url.startswith(("http://", "https://")):
        return "write a full address, starting with http:// or https://"
    for character, escaped in _NOT_IN_URL.items():
        if character in url:
            return f"a web address cannot hold {character!r}: write it as {escaped}"
    if any(character.isspace() for character in url):
        return "a web address cannot hold spaces or line breaks: write a space as %20"
    return "write a full http:// or https:// address"


def _quoted(text: str) -> str:
    """`text` as a string in TOML and JSON alike."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def likely_field(name: str, fields: Sequence[str]) -> str | None:
    """The field an unknown key most likely stands for: a writer's synonym, or a misspelling."""
    synonym = _SYNONYMS.get(name.lower())
    if synonym in fields:
        return synonym
    close = difflib.get_close_matches(name, fields, n=1)
    return close[0] if close else None


def unknown_field(name: str, fields: Sequence[str]) -> tuple[str | None, Suggestion | None]:
    """A hint or a suggestion for an unknown key: the field it most likely stands for (a
    suggestion to rename it, which each format words), else the list of the fields."""
    meant = likely_field(name, fields)
    return (None, Suggestion("rename", meant)) if meant else (_expected(fields), None)


def _missing(owner: type[BaseModel], name: str) -> Suggestion:
    """How to give the missing field: what it takes, not the list of the model's fields."""
    if name == "sources":  # an event's
        return _SOURCES
    if name == "when":  # an event's
        return Suggestion("add", "when", f"a date; {ACCEPTED_FORMS}")
    annotation = owner.model_fields[name].annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return Suggestion("add", name, choices=tuple(member.value for member in annotation))
    if annotation is int:
        return Suggestion("add", name, "a whole number")
    if name == "id":
        return Suggestion("add", name, "a slug such as 'cica-summit-2022'")
    if name == "target":
        return Suggestion("add", name, "the id of the event linked to")
    return Suggestion("add", name)


_SOURCES: Final = Suggestion(
    "tables", "sources", "publisher and title", note="every event cites at least one source"
)


def _is_tag(path: tuple[str | int, ...]) -> bool:
    return len(path) == 2 and path[0] == "tags"


def _owner(path: tuple[str | int, ...], models: Models) -> type[BaseModel]:
    """The model a field belongs to, so an unknown-field hint can list its real fields."""
    names = [part for part in path[:-1] if isinstance(part, str) and part in models]
    return models[names[-1]] if names else models[""]


def _public_fields(model: type[BaseModel]) -> list[str]:
    fields = list(model.model_fields)
    if "when" in model.model_fields:
        fields += list(_AUTHORING_ONLY)
    return fields


def _expected(names: Sequence[str]) -> str:
    return "expected one of: " + ", ".join(names)


def kind_of(value: object) -> str:
    """What a value is, in words every format shares."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, str):
        return "text"
    return "a number" if isinstance(value, (int, float)) else type(value).__name__


#: The most of a value a problem quotes: enough to recognise it.
_SHORT = 60


def _short(value: object) -> str:
    """The start of a value as Python writes it (`repr`), cut to `_SHORT` characters.

    Only as much of the value is looked at as is quoted, without recursion: a value nested
    100,000 deep (TOML's dotted keys make one in a 600 KB file) or a list of a million items
    costs no more than a short one, and `repr` itself would overflow the stack on the first.
    """
    pieces: list[str] = []
    size = 0
    for piece in _pieces(value):
        pieces.append(piece)
        size += len(piece)
        if size > _SHORT:
            return "".join(pieces)[: _SHORT - 3] + "..."
    return "".join(pieces)


class _Text(str):
    """Punctuation `_pieces` writes as it is, where any other `str` is a value to quote."""

    __slots__ = ()


def _pieces(value: object) -> Iterator[str]:
    """The text of `repr(value)` in pieces, lists and tables opened as they are reached: a stack
    of lazy iterators instead of the call stack, so depth and length cost only what is read."""
    stack: list[Iterator[object]] = [iter((value,))]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
        elif isinstance(item, _Text):
            yield item
        elif isinstance(item, dict):
            stack.append(_table_parts(item))
        elif isinstance(item, (list, tuple)):
            stack.append(_list_parts(item))
        elif isinstance(item, str):
            yield repr(item[: _SHORT + 1])  # a longer string is cut anyway
        else:
            yield repr(item)


_END = object()


def _list_parts(items: list[object] | tuple[object, ...]) -> Iterator[object]:
    yield _Text("[" if isinstance(items, list) else "(")
    for number, item in enumerate(items):
        if number:
            yield _Text(", ")
        yield item
    yield _Text("]" if isinstance(items, list) else ",)" if len(items) == 1 else ")")


def _table_parts(table: dict[object, object]) -> Iterator[object]:
    yield _Text("{")
    for number, (key, item) in enumerate(table.items()):
        yield _Text(", " if number else "")
        yield key
        yield _Text(": ")
        yield item
    yield _Text("}")
