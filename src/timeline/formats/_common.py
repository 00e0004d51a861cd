"""What several formats share: decoding a file's bytes, wording a problem in a format's terms,
dates in words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import ClassVar, Final

from timeline._errors import FormatError, Location, Problem, ProblemCode, Wording
from timeline._geography import listed
from timeline._when import Precision, When

__all__ = ["BOM", "Dialect", "HumanDates", "decode_utf8"]

#: UTF-8's byte-order mark, which some editors (Notepad, Excel) put at the start of a file.
BOM: Final = b"\xef\xbb\xbf"


def decode_utf8(
    data: bytes, source: str | None, hint: str = "save it as UTF-8", *, strip_bom: bool = True
) -> str:
    """The file's text; a located `FormatError` at the first line that is not UTF-8."""
    if strip_bom and data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(
            "the file is not valid UTF-8",
            Location(file=source, line=line),
            hint,
            code=ProblemCode.ENCODING,
        ) from None


class Dialect(Wording):
    """How a file format spells adding a field, a group of fields and a list of groups, so a
    problem's neutral suggestion becomes a hint in the reader's own syntax.

    The loader finds problems in the model's terms; each reader hands `build_timeline` an
    instance of its subclass, which overrides the spellings (and where the format has its own
    words for a thing, `__call__` rewords the message too). The suggestion is put into words
    by `Wording.hint`, the one way for code and files alike. No reader matches message text.
    """

    unnamed: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"add": '"..."', "table": "its fields", "tables": "its fields"}
    )
    country_code: ClassVar[str] = "its two-letter ISO 3166-1 code (e.g. 'KZ')"

    def add(self, field: str, value: str) -> str:
        return f"add {self.name(field)} = {value}"

    def group(self, field: str, inner: str) -> str:
        return f"add {self.name(field)} with {inner}"

    def groups(self, field: str, inner: str) -> str:
        return f"add {self.name(field)}, a list of entries each with {inner}"

    def one_of(self, field: str, choices: tuple[str, ...]) -> str:
        shown = tuple(repr(choice) for choice in choices)
        return f"{self.add(field, '...')}: one of {listed(shown)}"

    def declare(self, code: str, field: str) -> str:
        return f"declare {code!r} under {self.name(field)}"

    def __call__(self, problem: Problem) -> Problem:
        if problem.code == "floating":
            return replace(problem, hint=self.floating())
        if problem.suggestion is None or problem.hint is not None:
            return problem
        return replace(problem, hint=self.hint(problem.suggestion))

    def floating(self) -> str:
        """How a time of day gets the zone it lacks, in this format's words."""
        zone = self.add("timezone", '"Asia/Almaty"')
        return (
            f"if it was local to a place, {zone} (or another "
            "IANA zone) to the event, its place or the timeline, or write the zone with the "
            "time, as in 2022-10-13T09:50[Asia/Almaty]"
        )


class HumanDates:
    """`When.human()`, remembered (after `finish`, such as escaping): a chronology names the same
    days again and again.

    A plain day (no interval, no qualifier) reads the same whatever else is true of it, so its
    date alone is the key; other dates are looked up by their `sort_key`, which is cached. Loading
    shares one When per day, so the object itself is tried first: it is held in the entry, so its
    `id` cannot pass to another object while the entry lives.
    """

    def __init__(self, finish: Callable[[str], str] | None = None) -> None:
        self.known: dict[object, str] = {}
        self.by_identity: dict[int, tuple[When, str]] = {}
        self.finish = finish

    def __call__(self, when: When) -> str:
        seen = self.by_identity.get(id(when))
        if seen is not None:
            return seen[1]
        text = self._text(when)
        self.by_identity[id(when)] = (when, text)
        return text

    def _text(self, when: When) -> str:
        point = when.start_point
        key: object
        if (
            point.precision is Precision.DAY
            and not when.is_interval
            and not when.approximate
            and not when.uncertain
        ):
            key = point.value
        else:
            key = when.sort_key  # equal keys are equal Whens, and a tuple compares in C
        text = self.known.get(key)
        if text is None:
            text = when.human()
            if self.finish is not None:
                text = self.finish(text)
            self.known[key] = text
        return text
