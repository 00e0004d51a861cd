"""Timeline JSON: a versioned document for developers, with a JSON Schema generated from the models.

    {"schema": "https://timeline.invalid/schemas/timeline-v2.json",
     "timeline": {"title": ..., ...}, "events": [{"id": ..., "when": "2022-10-13", ...}, ...]}

The `schema` field names the format version and is also the `$id` of the published schema
(schemas/timeline-v2.json; `.invalid` because it is a name, not an address to fetch). Every field
of every model is written, in the models' field order, so a document always has the same shape;
dates are their canonical EDTF strings. Reading goes through the same `build_timeline` as TOML, so
a hand-edited document gets the same located problems. Regenerate the committed schema with
`python -m timeline.formats._json > schemas/timeline-v2.json`.

Version 2 added an event's series (`repeats`, `series`, `occurrence`), `uid` and `carried`.
Version 1 documents are still read: they have none of these, so a version 1 document that
writes one is refused at that key, naming version 2. schemas/timeline-v1.json stays as it was
published.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Final

import pydantic_core
from pydantic import TypeAdapter
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from timeline._errors import FormatError, Location, Problem, ProblemCode
from timeline._model import Event, Timeline
from timeline._normalize import Locator, build_timeline, line_of
from timeline._options import OnError
from timeline.formats._common import Dialect, decode_utf8
from timeline.formats._nesting import check_json

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_V1",
    "json_chunks",
    "json_schema",
    "read",
    "schema_bytes",
    "to_json",
    "to_json_bytes",
]

SCHEMA_ID: Final = "https://timeline.invalid/schemas/timeline-v2.json"
"""The version this module writes (and reads, with version 1); a new major version gets a new
name."""

#: The first version, still read: an event of it has none of `_SINCE_V2`.
SCHEMA_V1: Final = "https://timeline.invalid/schemas/timeline-v1.json"
#: An event's fields that version 2 added.
_SINCE_V2: Final = ("repeats", "series", "occurrence", "uid", "carried")

_TOP_LEVEL: Final = ("schema", "timeline", "events")
_VERSIONED: Final = re.compile(r"timeline-v(\d+)\.json$")
_SYNTAX_HINT: Final = (
    "check the JSON syntax near there: strings need double quotes, and there is no comma after "
    "the last item of an object or array"
)

# -- writing -------------------------------------------------------------------------------------


def _dump(value: object) -> bytes:
    """2-space indented UTF-8 JSON with a final newline, keys in the order given.

    pydantic-core's encoder is used because the standard library's falls back to pure Python as
    soon as `indent` is set, which is several times slower on a large chronology.
    """
    return pydantic_core.to_json(value, indent=2) + b"\n"


class _Document(TypedDict):
    schema: str
    timeline: dict[str, Any]
    events: tuple[Event, ...]


@cache
def _adapter() -> TypeAdapter[_Document]:
    """Serializes a whole document in one pass of pydantic-core, events included."""
    return TypeAdapter(_Document)


def _ordered(event: Event) -> Event:
    """The event with its vote's positions in country order, so input order never shows."""
    vote = event.vote
    if vote is None or list(vote.positions) == sorted(vote.positions):
        return event
    positions = dict(sorted(vote.positions.items()))
    return event.model_copy(update={"vote": vote.model_copy(update={"positions": positions})})


def _header(timeline: Timeline) -> dict[str, Any]:
    header = timeline.model_dump(mode="json", exclude={"events"})
    header["organisations"] = dict(sorted(header["organisations"].items()))
    for name in ("organisation_aliases", "places"):  # left out when empty, as before they were
        if header[name]:
            header[name] = dict(sorted(header[name].items()))
        else:
            del header[name]
    return header


@cache
def _events_adapter() -> TypeAdapter[tuple[Event, ...]]:
    return TypeAdapter(tuple[Event, ...])


#: Events serialized at a time: pydantic-core's speed, a bounded piece of the output.
_BATCH: Final = 1000
#: How the document ends when it has no events, and with some.
_NO_EVENTS: Final = b"[]\n}"
_END: Final = b"\n  ]\n}\n"


def json_chunks(timeline: Timeline) -> Iterator[bytes]:
    """`to_json_bytes` a piece at a time: the document without its events, cut where they
    go, then a thousand events at a time, indented as the document nests them."""
    empty: _Document = {"schema": SCHEMA_ID, "timeline": _header(timeline), "events": ()}
    head = _adapter().dump_json(empty, indent=2)
    assert head.endswith(_NO_EVENTS)
    events = timeline.events
    if not events:
        yield head + b"\n"
        return
    yield head[: -len(_NO_EVENTS)] + b"["
    dump = _events_adapter().dump_json
    for start in range(0, len(events), _BATCH):
        batch = tuple(map(_ordered, events[start : start + _BATCH]))
        items = dump(batch, indent=2)[1:-2].replace(b"\n", b"\n  ")  # between [ and \n]
        yield items if start == 0 else b"," + items
    yield _END


def to_json(timeline: Timeline) -> str:
    """The timeline as a versioned JSON document (see the module docstring); `load` reads it
    back to an equal timeline."""
    return to_json_bytes(timeline).decode("utf-8")


def to_json_bytes(timeline: Timeline) -> bytes:
    """`to_json` as the UTF-8 bytes pydantic-core writes: an export to a file skips decoding
    the whole document to text and encoding it back (a quarter of the time at 20,000 events)."""
    return b"".join(json_chunks(timeline))


# -- the schema ----------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a document, generated from the pydantic models."""
    generated = Timeline.model_json_schema(mode="validation")
    definitions: dict[str, Any] = generated.pop("$defs")
    header = dict(generated)
    properties = dict(header["properties"])
    events = properties.pop("events")
    header["properties"] = properties
    header["description"] = (
        "The chronology's own fields; its events are the document's `events` array."
    )
    definitions["Timeline"] = header
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Timeline document, version 2",
        "description": (
            "A chronology written by `timeline export --format json`: validated events with "
            "dates, places, participants, sources and links. `timeline` reads it back."
        ),
        "type": "object",
        "properties": {
            "schema": {
                "const": SCHEMA_ID,
                "description": "The format version; a reader refuses versions it does not know.",
            },
            "timeline": {"$ref": "#/$defs/Timeline"},
            "events": {**events, "description": "The events, in chronological order."},
        },
        "required": ["schema", "timeline"],
        "additionalProperties": False,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_bytes() -> bytes:
    """The schema exactly as committed in schemas/timeline-v2.json."""
    return _dump(json_schema())


# -- reading -------------------------------------------------------------------------------------


def read(data: bytes, source: str | None = None, *, on_error: OnError = "strict") -> Timeline:
    """Parse and validate a document.

    With `on_error="skip"`, an invalid event is left out with a located `TimelineWarning`.

    Raises:
        FormatError: located, when the file is not UTF-8 or not valid JSON (a key given twice,
            NaN, a number of more than 4,300 digits, arrays and objects nested more than 64
            levels), is not an object, or does not say it is version 1 or 2 of the format.
        InvalidTimeline: listing every problem, located, when the content is not a valid
            timeline.

    Warns:
        TimelineWarning: for each event left out with `on_error="skip"`.
        LikelyMistake: for data that is probably wrong (a source older than its event).
    """
    text = decode_utf8(data, source)
    check_json(data, source)  # the json module recurses: RecursionError at 1,000 levels
    document = _object(_parsed(text, source), source)
    locate = _locator(text)
    older = _check_version(document, source, locate)
    return build_timeline(
        document,
        source=source,
        locate=locate,
        allowed_top_level=_TOP_LEVEL,
        consume=True,
        skip_invalid=on_error == "skip",
        phrase=_JSON,
        earlier=_newer_fields(document, source, locate) if older else (),
    )


def _parsed(text: str, source: str | None) -> object:
    """The JSON value, refusing what JSON allows but a hand-edited file means by mistake (a key
    given twice, NaN) and what Python cannot read (a number of more than 4,300 digits)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"invalid JSON: {error.msg[:1].lower()}{error.msg[1:]}",
            Location(file=source, line=error.lineno),
            _SYNTAX_HINT,
            code=ProblemCode.SYNTAX,
        ) from None
    except _DuplicateKeyError as duplicate:
        _, twice = _scan(text)
        raise FormatError(
            f"the key {duplicate.key!r} is given twice in one object",
            Location(file=source, line=twice[0] if twice else None),
            "keep one of them",
            code=ProblemCode.DUPLICATE,
        ) from None
    except _ConstantError as constant:
        raise FormatError(
            f"{constant.name} is not a JSON number",
            Location(file=source),
            "write a finite number, or leave the field out",
            code=ProblemCode.SYNTAX,
        ) from None
    except ValueError:  # not JSON's: a whole number past Python's limit on digits read as text
        digits = sys.get_int_max_str_digits()
        raise FormatError(
            f"a number has more than {digits:,} digits",
            Location(file=source, line=_line_of_long_number(text, digits)),
            "no field of a timeline holds so long a number: shorten it, or leave the field out",
            code=ProblemCode.TOO_LARGE,
        ) from None


def _object(document: object, source: str | None) -> dict[str, Any]:
    """The document, which must be an object to be a timeline."""
    if not isinstance(document, dict):
        raise FormatError(
            f"a timeline document is a JSON object, not {_json_type(document)}",
            Location(file=source, line=1),
            f'start with {{"schema": "{SCHEMA_ID}", "timeline": {{...}}, "events": [...]}}',
            code=ProblemCode.NOT_A_TABLE,
        )
    return document


class _JsonDialect(Dialect):
    """Hints in JSON: `"key": value`, objects and arrays of objects."""

    def add(self, field: str, value: str) -> str:
        return f'add "{field}": {value}'

    def group(self, field: str, inner: str) -> str:
        return f'add "{field}": {{...}} holding {inner}'

    def groups(self, field: str, inner: str) -> str:
        return f'add "{field}": [{{...}}], each object holding {inner}'

    def declare(self, code: str, field: str) -> str:
        return f'declare it in "timeline": {{"organisations": {{"{code}": "its name"}}}}'


_JSON: Final = _JsonDialect()


def _check_version(document: dict[str, Any], source: str | None, locate: Locator) -> bool:
    """Whether the document is of version 1 (else 2); refused when it is neither."""
    declared = document.get("schema")
    if declared == SCHEMA_ID:
        return False
    if declared == SCHEMA_V1:
        return True
    if declared is None:
        raise FormatError(
            "the document does not say which version of the format it uses",
            Location(file=source, line=1),
            f'add "schema": "{SCHEMA_ID}"',
            code=ProblemCode.VERSION,
        )
    where = Location(file=source, line=locate(None, ("schema",)), field="schema")
    version = _VERSIONED.search(declared) if isinstance(declared, str) else None
    if version is not None and version.group(1) not in ("1", "2"):
        raise FormatError(
            f"this is a version {version.group(1)} timeline document; this version of timeline "
            "reads versions 1 and 2 only",
            where,
            "upgrade timeline, or export the file again with the version you have",
            code=ProblemCode.VERSION,
        )
    raise FormatError(
        f"unknown schema {declared!r}: this is not a timeline document, or not one we know",
        where,
        f'a timeline document starts with "schema": "{SCHEMA_ID}"',
        code=ProblemCode.VERSION,
    )


def _newer_fields(document: dict[str, Any], source: str | None, locate: Locator) -> list[Problem]:
    """Each field of version 2 in a version 1 document's events, as a problem at its key: the
    document says it is of a version that has no such field, so one of the two is a slip."""
    events = document.get("events")
    found: list[Problem] = []
    for index, event in enumerate(events if isinstance(events, list) else ()):
        if not isinstance(event, dict):
            continue
        event_id = event.get("id") if isinstance(event.get("id"), str) else None
        for name in _SINCE_V2:
            if name not in event:
                continue
            where = Location(source, locate(index, (name,)), event_id, name)
            found.append(
                Problem(
                    f"`{name}` is a field of version 2 of the format, but the document says it "
                    "is version 1",
                    where,
                    f'write "schema": "{SCHEMA_ID}"',
                    ProblemCode.VERSION,
                )
            )
    return found


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _ConstantError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON lets a key repeat and keeps the last; a hand-edited file means one of them is a slip."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _line_of_long_number(text: str, digits: int) -> int | None:
    """The line of the first number longer than `digits` outside strings."""
    # from the start of each run of digits only, so a long run is read once, not at every digit
    for match in re.finditer(rf'"(?:[^"\\]|\\.)*+"|(?<![0-9])([0-9]{{{digits + 1},}})', text):
        if match.group(1) is not None:
            return text.count("\n", 0, match.start()) + 1
    return None


def _no_constant(name: str) -> Any:
    raise _ConstantError(name)


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return "a number"


# -- locating problems ---------------------------------------------------------------------------

_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')

_Path = tuple[str | int, ...]


def _scan(text: str) -> tuple[dict[_Path, int], list[int]]:
    """Map each key path of a JSON text to the line it starts on; also repeated keys.

    A small tokenizer, not a parser: it only follows nesting. The text is valid up to the point
    that matters (a located problem, or the repeated key that stopped `json.loads`); past the
    first thing that is not JSON the scan simply stops.
    """
    lines: dict[_Path, int] = {}
    repeated: list[int] = []
    # one frame per open container: [path, is_object, current key or index, keys seen]
    stack: list[tuple[_Path, bool, list[str | int], set[str]]] = []
    expect_key = False
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        first = token[0]
        if first in "}]":
            if not stack:
                break
            stack.pop()
            expect_key = False
        elif first == ",":
            if not stack:
                break
            path, is_object, current, _ = stack[-1]
            if is_object:
                expect_key = True
            else:
                position = current[0]
                current[0] = position + 1 if isinstance(position, int) else 0
        elif first == ":":
            continue
        elif expect_key:
            if first != '"' or not stack:
                break
            path, _, current, seen = stack[-1]
            try:
                key = json.loads(token)
            except ValueError:  # an invalid escape
                break
            if key in seen:
                repeated.append(line)
            seen.add(key)
            current[0] = key
            lines.setdefault((*path, key), line)
            expect_key = False
        else:
            path = (*stack[-1][0], stack[-1][2][0]) if stack else ()
            lines.setdefault(path, line)
            if first == "{":
                stack.append((path, True, [""], set()))
                expect_key = True
            elif first == "[":
                stack.append((path, False, [0], set()))
    return lines, repeated


def _locator(text: str) -> Locator:
    """Lines are found only when a problem needs one, so a valid file never pays for the scan."""
    found: dict[_Path, int] | None = None

    def locate(event: int | None, path: tuple[str | int, ...]) -> int | None:
        nonlocal found
        if found is None:
            found = _scan(text)[0]
        return line_of(found, path if event is None else ("events", event, *path))

    return locate


def _main(argv: list[str], out: Callable[[bytes], object]) -> int:
    """`python -m timeline.formats._json` prints the schema (to regenerate the committed copy)."""
    if argv:
        print("usage: python -m timeline.formats._json > schemas/timeline-v2.json", file=sys.stderr)
        return 2
    out(schema_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:], sys.stdout.buffer.write))
