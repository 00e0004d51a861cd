"""How deep a document's arrays and tables nest, found before a parser is handed it.

Parsers recurse once per level of nesting: toml-rs overflows the native stack and kills the
process (SIGSEGV) somewhere between 6,000 and 8,000 levels, which a 16 KB file reaches, and
the standard library's `json` raises `RecursionError` at about 1,000. A timeline nests four
levels at most (the events, an event, its sources, a source), so a document nesting deeper than
`LIMIT` is refused, located, before any parser sees it.

The check runs on every load, so its common path is a few passes of C over the bytes. Every
character but brackets, quotes (and, for TOML, `#` and line breaks) is deleted in one
`bytes.translate`; adjacent pairs of quotes and of brackets are then removed with
`bytes.replace`. Removing them keeps what matters: `""` is an empty string or two strings
run together, `[]` an innermost array or two brackets inside one string (every other
character between them is gone, so no quote or line break separates them). Each pass of
`[]` removal peels at most one level, so if every bracket is gone after k passes the document
nests at most k deep. Whatever is left (brackets inside a string, a comment or an unclosed
string) is read by a small tokenizer that knows strings, escapes and comments, and only when
that cannot rule the nesting out is the original text read the same way, which also finds the
line to report. Three quotes in a row would upset the pairing of quotes, so a TOML file with
multi-line strings first has each written as `""`, found by tokenizing only the lines where
three quotes appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from timeline._errors import FormatError, Location, ProblemCode

__all__ = ["LIMIT", "check_json", "check_toml"]

LIMIT: Final = 64
"""Levels of arrays and tables a document may nest; a timeline needs four."""

_DEEPEST: Final = (
    "a timeline nests 4 levels below the document at most (the events, an event, its sources, "
    "a source)"
)

#: Escapes that decide where a string ends, removed before the translate deletes the
#: character after every other backslash.
_ESCAPED_BACKSLASH: Final = b"\\\\"
_ESCAPED_QUOTE: Final = b'\\"'


def _table(keep: bytes) -> tuple[bytes, bytes]:
    """A `bytes.translate` table and deletions: keep `keep`, with `{}` read as `[]`."""
    return bytes.maketrans(b"{}", b"[]"), bytes(range(256)).translate(None, keep + b"{}")


#: What TOML puts between two strings (`"a", "b"`, `"k"="v"`, `"a"."b"`, white space): kept by
#: the first translate, so two strings' quotes never run together into a `"""`, then deleted.
_SEPARATORS: Final = b",=. \t\r"
_TOML_TABLE: Final = _table(b"[]\"'#\n" + _SEPARATORS)
_JSON_TABLE: Final = _table(b'[]"')

#: One token of TOML text that bears on nesting. Strings and comments are matched whole (so
#: their brackets do not count); `open`, `close`; `broken` and `unclosed` are a string left
#: open or a backslash outside one, where the parser stops reading.
_TOML_TOKEN: Final = re.compile(
    rb'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:""?)?'
    rb"|'''(?:[^']++|'(?!''))*+'''(?:''?)?"
    rb"|(?P<broken>\"\"\"|''')"
    rb'|"(?:[^"\\\n]++|\\.)*+"'
    rb"|'[^'\n]*+'"
    rb"|#[^\n]*+"
    rb"|(?P<open>[\[{])|(?P<close>[\]}])"
    rb"|(?P<unclosed>[\"'\\])"
)
_JSON_TOKEN: Final = re.compile(
    rb'"(?:[^"\\]++|\\[\s\S])*+"|(?P<open>[\[{])|(?P<close>[\]}])|(?P<unclosed>["\\])'
)


@dataclass(frozen=True)
class _Form:
    """What a refusal needs to know of a format."""

    token: re.Pattern[bytes]
    #: The deepest a timeline nests its brackets in this format: deeper is where trouble begins.
    usual: int
    containers: str


#: A TOML value nests two levels in a timeline (`links = [{rel = ..., target = ...}]`).
_TOML: Final = _Form(_TOML_TOKEN, 2, "arrays and inline tables")
#: A JSON document nests five: itself, its events, an event, its sources, a source.
_JSON: Final = _Form(_JSON_TOKEN, 5, "arrays and objects")


def check_toml(data: bytes, source: str | None, limit: int = LIMIT) -> None:
    """Refuse a TOML document whose arrays and inline tables nest deeper than `limit`.

    Raises:
        FormatError: at the line where the too-deep nesting begins.
    """
    reduced = _reduced_toml(data)
    if reduced is None and (plain := _without_multiline(data)) is not None:
        reduced = _reduced_toml(plain)
    if reduced is None or not _fits(reduced, (b'""', b"''"), _TOML_TOKEN, limit):
        _refuse_if_deep(data, source, _TOML, limit)


def check_json(data: bytes, source: str | None, limit: int = LIMIT) -> None:
    """Refuse a JSON document whose arrays and objects nest deeper than `limit`.

    Raises:
        FormatError: at the line where the too-deep nesting begins.
    """
    if not _fits(_unescaped(data).translate(*_JSON_TABLE), (b'""',), _JSON_TOKEN, limit):
        _refuse_if_deep(data, source, _JSON, limit)


def _unescaped(data: bytes) -> bytes:
    """Without the escapes that decide where a string ends: `\\\\`, then `\\"`."""
    if b"\\" not in data:
        return data
    return data.replace(_ESCAPED_BACKSLASH, b"").replace(_ESCAPED_QUOTE, b"")


def _reduced_toml(data: bytes) -> bytes | None:
    """The brackets, quotes, `#` and line breaks of a TOML document, or None when it has
    multi-line strings (three quotes in a row would upset the pairing of quotes)."""
    separated = _unescaped(data).translate(*_TOML_TABLE)
    if b'"""' in separated or b"'''" in separated:
        return None
    return separated.translate(None, _SEPARATORS)


def _without_multiline(data: bytes) -> bytes | None:
    """The document with each multi-line string written as `""`, or None when one is left
    open. Only from where the last token ended, or the start of the line, to where three
    quotes appear is tokenized: no other construct spans lines, so a line outside a
    multi-line string starts outside any string or comment."""
    kept: list[bytes] = []
    done = search = 0  # the end of the last string replaced, of the last token read
    marks = {b'"""': -2, b"'''": -2}  # where each comes next; -2: not searched for yet
    while (found := _next_triple(data, search, marks)) != -1:
        start = max(data.rfind(b"\n", search, found) + 1, search)
        tokens = _TOML_TOKEN.finditer(data, start)
        match = next((match for match in tokens if match.end() > found), None)
        if match is None or match.lastgroup == "broken":
            return None
        search = match.end()
        if match.start() == found and match.group().startswith((b'"""', b"'''")):
            kept += (data[done:found], b'""')
            done = search
    kept.append(data[done:])
    return b"".join(kept)


def _next_triple(data: bytes, start: int, marks: dict[bytes, int]) -> int:
    """Where the next three double or three single quotes start, or -1. Each kind is searched
    for again only once `start` has passed it, so a file without one kind is not searched to
    its end at every one of the other (which made a file of many multi-line strings
    quadratic)."""
    for mark, at in marks.items():
        if at != -1 and at < start:
            marks[mark] = data.find(mark, start)
    ahead = [at for at in marks.values() if at != -1]
    return min(ahead) if ahead else -1


def _fits(reduced: bytes, quotes: tuple[bytes, ...], token: re.Pattern[bytes], limit: int) -> bool:
    """True when a reduced document surely nests at most `limit` deep; False when unsure."""
    passes = 0
    while True:
        for pair in quotes:
            reduced = reduced.replace(pair, b"")
        if b"[]" not in reduced or passes == limit:
            break
        reduced = reduced.replace(b"[]", b"")
        passes += 1
    if b"[" not in reduced and b"]" not in reduced:
        return True
    return _deepest(reduced, token, limit - passes) is None


def _deepest(
    text: bytes, token: re.Pattern[bytes], limit: int, usual: int = 0
) -> tuple[int, int] | None:
    """Where brackets first nest deeper than `limit`: the offsets of the bracket that went
    deeper than `usual` (the most a timeline uses) on the way there, and of the one past the
    limit; None if they never do before the text ends or a string is left unclosed (the parser
    stops there with a syntax error)."""
    beyond = min(usual, limit) + 1
    depth = begins = 0
    for match in token.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth == beyond:
                begins = match.start()
            if depth > limit:
                return begins, match.start()
        elif kind == "close":
            depth = max(depth - 1, 0)  # a stray closer is the parser's syntax error
        elif kind is not None:
            return None
    return None


def _refuse_if_deep(data: bytes, source: str | None, form: _Form, limit: int) -> None:
    found = _deepest(data, form.token, limit, form.usual)
    if found is None:
        return
    begins, passes = (data.count(b"\n", 0, offset) + 1 for offset in found)
    where = "here" if passes == begins else f"from here (level {limit + 1} on line {passes})"
    raise FormatError(
        f"{form.containers} nest more than {limit} levels deep {where}",
        Location(file=source, line=begins),
        f"{_DEEPEST}: close the brackets left open, or remove the extra levels",
        code=ProblemCode.TOO_DEEP,
    )
