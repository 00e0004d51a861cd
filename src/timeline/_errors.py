"""One family of exceptions, so callers can catch `TimelineError` and nothing of ours escapes it.

Every problem with input data is a `Problem` pinned to a `Location` (file, line, event id, field),
because a user fixing a 300-event file needs to know *where* as much as *what*.
"""

from __future__ import annotations

import difflib
import os
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, cast

__all__ = [
    "DateError",
    "FormatError",
    "InvalidTimeline",
    "LikelyMistake",
    "Location",
    "MissingReference",
    "Problem",
    "ProblemCode",
    "Refused",
    "SelectionError",
    "Suggestion",
    "TimelineError",
    "TimelineWarning",
    "Wording",
    "counted",
    "nearest",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem sits; every part is optional because not every reader knows every part."""

    file: str | None = None
    line: int | None = None
    event_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.file or "<input>"
        if self.line is not None:
            text = f"{text}:{self.line}"
        event_id, field = self.event_id, self.field  # each case one f-string: thousands worded
        if event_id is None:
            return text if field is None else f"{text}: field {field!r}"
        if field is None:
            return f"{text}: event {event_id!r}"
        return f"{text}: event {event_id!r}, field {field!r}"


def _location_init(
    self: Location,
    file: str | None = None,
    line: int | None = None,
    event_id: str | None = None,
    field: str | None = None,
) -> None:
    """`Location`'s constructor through its slots, not the frozen `object.__setattr__` calls
    the dataclass writes: a load with thousands of warnings makes two a warning."""
    _SET_FILE(self, file)
    _SET_LINE(self, line)
    _SET_EVENT_ID(self, event_id)
    _SET_FIELD(self, field)


_SET_FILE, _SET_LINE, _SET_EVENT_ID, _SET_FIELD = (
    getattr(Location, name).__set__ for name in ("file", "line", "event_id", "field")
)
setattr(Location, "__init__", _location_init)  # noqa: B010 - mypy keeps the dataclass's

#: A problem's location when nothing is known of where it is.
_NOWHERE: Final = Location()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What would put a problem right, in the model's terms; each reader words it for its format.

    The loader knows what is wrong with a field but not how the file spells a field, a table or
    a list of them: `add [[events.sources]]` in TOML is `"sources": [{...}]` in JSON, two cells in
    a spreadsheet and a property in a calendar. So it says what to do, and the reader says how.

    `action` is one of
    - "add": give `field` a value; `value` shows or describes one, `choices` lists them;
    - "rename": the key written is most likely `field`;
    - "table": write `field` as one group of fields, such as `value`;
    - "tables": write `field` as a list of such groups;
    - "declare": `value` is an organisation's code, which a file may declare under `field`;
      `choices` holds a likely code it was meant to be.
    `note` is what goes before, in neutral words (why the suggestion is needed).
    """

    action: Literal["add", "rename", "table", "tables", "declare"]
    field: str
    value: str | None = None
    choices: tuple[str, ...] = ()
    note: str | None = None

    def __str__(self) -> str:
        """The suggestion in the model's own terms, for a timeline built in Python."""
        return MODEL_TERMS.hint(self)


class Wording:
    """How a `Suggestion` is put into words: the one way, whose parts each dialect spells.

    `hint` says what to do; the spelling of each part (a field's name, adding a value, a
    group of fields, a list of groups, a choice, a declaration) is a method, so a reader's
    `Dialect` (formats/_common.py) words the same suggestion in its format's syntax. This base
    spells them in the model's own terms, for a timeline built in Python (`MODEL_TERMS`).
    """

    #: What a suggestion with no `value` offers, by action.
    unnamed: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"add": "a value", "table": "its fields", "tables": "a list of entries"}
    )
    #: How a country is written instead of an organisation's code.
    country_code: ClassVar[str] = "its ISO 3166-1 code"

    def name(self, field: str) -> str:
        """A field as a user would look for it."""
        return field

    def add(self, field: str, value: str) -> str:
        return f"give {self.name(field)} {value}"

    def group(self, field: str, inner: str) -> str:
        return f"give {self.name(field)} {inner}"

    def groups(self, field: str, inner: str) -> str:
        return f"give {self.name(field)} {inner}"

    def one_of(self, field: str, choices: tuple[str, ...]) -> str:
        return f"give {self.name(field)} one of: {', '.join(choices)}"

    def declare(self, code: str, field: str) -> str:
        return f"or declare {code!r} in {self.name(field)}"

    def hint(self, suggestion: Suggestion) -> str:
        """The suggestion in these words."""
        field, value = suggestion.field, suggestion.value
        if suggestion.action == "rename":
            text = f"did you mean {self.name(field)!r}?"
        elif suggestion.action == "declare":
            text = (
                f"{suggestion.note or 'use a known organisation'}, "
                f"{self.declare(value or '', field)}, or for a country write {self.country_code}"
            )
            if suggestion.choices:
                text = f"did you mean {suggestion.choices[0]!r}? Otherwise {text}"
            return text
        elif suggestion.action == "table":
            text = self.group(field, value or self.unnamed["table"])
        elif suggestion.action == "tables":
            text = self.groups(field, value or self.unnamed["tables"])
        elif suggestion.choices:
            text = self.one_of(field, suggestion.choices)
        else:
            text = self.add(field, value or self.unnamed["add"])
        return f"{suggestion.note}; {text}" if suggestion.note else text


#: Suggestions in the model's own terms: `str(suggestion)`, a built timeline's `Problem.advice`.
MODEL_TERMS: Final = Wording()


class ProblemCode(StrEnum):
    """What kind of problem a `Problem` is: a closed set, so a program can match on every value.

    The values are the words programs compare with (`problem.code == "missing"` holds). A code
    that is not here is refused when the problem is made, so none can appear unnoticed.
    """

    MISSING = "missing"  #: a required field, or the document's own table, is not there
    UNKNOWN_FIELD = "unknown-field"  #: a field the format does not have (often misspelt)
    NOT_A_LIST = "not-a-list"  #: one value where a list belongs
    NOT_A_TABLE = "not-a-table"  #: a value where a group of fields belongs
    WRONG_TYPE = "wrong-type"  #: a value of another type (a number for a text, ...)
    NOT_ACCEPTED = "not-accepted"  #: a word outside a closed vocabulary (kind, status, ...)
    OUT_OF_RANGE = "out-of-range"  #: a number past its bounds (a latitude over 90, ...)
    TOO_SHORT = "too-short"  #: an empty text or list where one is needed
    TOO_LONG = "too-long"  #: a text or list past its length
    SLUG = "slug"  #: an id or tag not written as a slug
    URL = "url"  #: not a web address
    DATE = "date"  #: a date that cannot be read
    REFERENCE_DAY = "reference-day"  #: a relative date with no day to read it against
    ZONE = "zone"  #: a zone no tz database names, or a time whose zone is a guess
    FLOATING = "floating"  #: a time of day with no zone (a likely mistake)
    TOO_DEEP = "too-deep"  #: a value nested past what the format ever needs
    DUPLICATE_ID = "duplicate-id"  #: two events with one id
    LINK = "link"  #: a link to no event, or to its own event
    CYCLE = "cycle"  #: part-of links that lead back to where they began
    UNKNOWN_ORGANISATION = "unknown-organisation"  #: a participant that is no known code
    COUNTRY = "country"  #: a country not written as its ISO 3166-1 alpha-2 code
    PARTICIPANT = "participant"  #: a participant written as neither a country nor an acronym
    DUPLICATE = "duplicate"  #: a value given twice where once is meant (a tag, a column, a key)
    INCONSISTENT = "inconsistent"  #: fields that contradict each other (a tally, lat without lon)
    EARLY_SOURCE = "early-source"  #: a source published before the event it reports (likely)
    STALE_STATUS = "stale-status"  #: an event still scheduled after the timeline's date (likely)
    LOOK_ALIKE = "look-alike"  #: two events that look like one (a likely mistake)
    AMBIGUOUS = "ambiguous"  #: a date phrase with two readings, read as one (a likely mistake)
    DRAFT = "draft"  #: an event drafted from an article, not yet written by a person (likely)
    DISAGREEMENT = "disagreement"  #: two inputs of a merge that say otherwise of one event
    SYNTAX = "syntax"  #: text the format's grammar does not allow (TOML, JSON, CSV, iCalendar)
    ENCODING = "encoding"  #: bytes that are not UTF-8 text
    TOO_LARGE = "too-large"  #: input past a limit on size (the file, a cell, a number's digits)
    VERSION = "version"  #: a document of another format, or of another version of ours
    NO_SUCH_FILE = "no-such-file"  #: a path that names nothing
    NOT_A_FILE = "not-a-file"  #: a folder, pipe, socket or device where a file is read
    UNREADABLE = "unreadable"  #: a file the system refused to read (permissions, I/O)
    UNWRITABLE = "unwritable"  #: a file that could not be written (`WriteError`)
    FORMAT = "format"  #: a format or option timeline cannot read or write as asked
    SERVER = "server"  #: a calendar server that refused a publish or could not be reached
    INVALID = "invalid"  #: any other value the model refuses, said in the message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: what was wrong (`message`), what would be right (`hint`).

    Besides the words, a problem carries neutral facts a program (or a reader wording it for a
    format) can use: `code` (what kind of problem, a `ProblemCode`: "missing", "unknown-field",
    "not-a-list", "reference-day", "syntax", ...; every problem the library reports has one, and
    one made without a code is "invalid"), what was `expected` and what was `found`, and a
    structured `suggestion`. The hint, when none is written, is the suggestion in the model's
    terms.
    """

    message: str
    location: Location = _NOWHERE
    hint: str | None = None
    code: ProblemCode = ProblemCode.INVALID
    expected: str | None = None
    found: str | None = None
    suggestion: Suggestion | None = None

    def at(self, **where: str | int | None) -> Problem:
        """The same problem, located more precisely (readers fill in what they know)."""
        known = {key: value for key, value in where.items() if value is not None}
        return replace(self, location=replace(self.location, **known))  # type: ignore[arg-type]

    @property
    def advice(self) -> str | None:
        """The hint as written, else the suggestion in the model's terms."""
        if self.hint is not None:
            return self.hint
        return None if self.suggestion is None else str(self.suggestion)

    def __str__(self) -> str:
        where, message = self.location, self.message
        advice = self.hint if self.hint is not None else self.advice
        if type(where) is Location:
            # the location's parts read here, not through `str(where)` and a second f-string:
            # thousands of warnings are worded, nearly all located in full
            file, line, event_id, field = where.file, where.line, where.event_id, where.field
            if file and line is not None and event_id is not None and field is not None:
                if advice:
                    return (
                        f"{file}:{line}: event {event_id!r}, field {field!r}: {message}"
                        f"\n    hint: {advice}"
                    )
                return f"{file}:{line}: event {event_id!r}, field {field!r}: {message}"
            located = not (file is None and line is None and event_id is None and field is None)
        else:
            located = True
        text = f"{where}: {message}" if located else message
        return f"{text}\n    hint: {advice}" if advice else text


def _problem_init(
    self: Problem,
    message: str,
    location: Location = _NOWHERE,
    hint: str | None = None,
    code: ProblemCode = ProblemCode.INVALID,
    expected: str | None = None,
    found: str | None = None,
    suggestion: Suggestion | None = None,
) -> None:
    """`Problem`'s constructor through its slots (as `Location`'s). A code given as a string is
    read as its code, refused if unknown; None (the old default) is "invalid"."""
    if type(code) is not ProblemCode:
        code = ProblemCode.INVALID if code is None else ProblemCode(code)
    set_message, set_location, set_hint, set_code, set_expected, set_found, set_suggestion = (
        _PROBLEM_SETTERS
    )
    set_message(self, message)
    set_location(self, location)
    set_hint(self, hint)
    set_code(self, code)
    set_expected(self, expected)
    set_found(self, found)
    set_suggestion(self, suggestion)


_PROBLEM_SETTERS: Final = tuple(
    getattr(Problem, name).__set__
    for name in ("message", "location", "hint", "code", "expected", "found", "suggestion")
)
setattr(Problem, "__init__", _problem_init)  # noqa: B010 - mypy keeps the dataclass's


class TimelineError(Exception):
    """Base of every error this library raises on purpose."""


class DateError(TimelineError, ValueError):
    """A date that cannot be read or does not exist; a `ValueError`, so pydantic reports it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message if hint is None else f"{message} ({hint})")
        self.message = message
        self.hint = hint


class MissingReference(DateError):  # noqa: N818 - reads as the cause: "except MissingReference"
    """A relative date ("last Thursday", "13 October") read without the day it was written.

    Its own class, so a loader can catch it and name the reference the event lacks.
    """

    def __init__(self, phrase: str, message: str | None = None, hint: str | None = None) -> None:
        super().__init__(
            message or f"{phrase!r} is relative: it needs the day it was written",
            hint
            or "write the full date, or give the day the phrase was written: "
            "When.parse(text, reference=date(2022, 10, 16)) (a file gives it as an event's as_of, "
            "or its first source's published day)",
        )
        self.phrase = phrase


class FormatError(TimelineError):
    """A file we cannot read or write at all: unknown format, unreadable bytes, no such file.

    Its `problem` has a `code` saying which ("syntax", "encoding", "no-such-file", ...); one
    about the format itself or a writer's option, the default, is "format".
    """

    def __init__(
        self,
        message: str,
        location: Location = Location(),
        hint: str | None = None,
        *,
        code: ProblemCode = ProblemCode.FORMAT,
    ) -> None:
        self.problem = Problem(message, location, hint, code)
        super().__init__(str(self.problem))


class Refused(ValueError):  # noqa: N818 - what a validator says: "raise Refused(...)"
    """A validator's refusal of a value, with its code and what would put it right, so the
    loader reports the problem as the validator said it (pydantic passes it on as the cause of
    its "value_error", and `message` is its text). A rule of a whole model names in `field`
    the field it is about (a series' `when`), so the problem is located there and not at the
    model."""

    def __init__(
        self,
        message: str,
        code: ProblemCode,
        hint: str | None = None,
        suggestion: Suggestion | None = None,
        *,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint
        self.suggestion = suggestion
        self.field = field


class InvalidTimeline(TimelineError, ValueError):  # noqa: N818 - a verdict: "raise InvalidTimeline"
    """The input was read but is not a valid timeline: carries every problem, not just the first.

    Also what building a model in code with bad data raises, naming each field; a `ValueError`
    too, as pydantic's `ValidationError` is, so code that caught that still catches it.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        body = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{count} {noun}:\n{body}")

    def __reduce__(self) -> tuple[type[InvalidTimeline], tuple[tuple[Problem, ...]]]:
        """Pickled with its problems (a worker process's refusal reaches its parent whole);
        Python's default would rebuild it from its message, one problem a letter."""
        return (type(self), (self.problems,))


class SelectionError(TimelineError, ValueError):
    """A selection criterion that cannot be read: a date, kind or status no event could have."""


class TimelineWarning(UserWarning):
    """Something an export had to leave out or approximate; the export itself still succeeded."""

    # `code` in a slot, not in a `__dict__` made for each warning: a load may give a hundred
    # thousand, each one more object for the cycle collector to walk
    __slots__ = ("code",)

    #: The kind of problem, where the warning was made from one (else None): the command line
    #: counts warnings by it, to show a few of each kind rather than thousands.
    code: ProblemCode | None

    if not TYPE_CHECKING:  # to mypy, `code` is the one attribute a warning adds

        def __getattr__(self, name: str) -> None:
            """A warning given no code has None (a slot has no default of its own)."""
            if name == "code":
                return None
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
            )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied with its code, which an exception's own state (its `__dict__`)
        leaves out."""
        kind, args, *rest = cast("tuple[Any, ...]", super().__reduce__())
        state = dict(rest[0] or {}) if rest else {}
        if self.code is not None:
            state["code"] = self.code
        return (kind, args, state) if state else (kind, args)


class LikelyMistake(TimelineWarning):
    """Data that is probably wrong though it may be right (a source older than its event, two
    events that look like one): its own class, so a program can silence or collect them apart."""


def nearest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate a misspelt or shortened name most likely meant, if any is close.

    A shortened id ("caspian-summit" for "caspian-summit-ashgabat-2022") counts, when only
    one candidate begins with it.
    """
    starting = [candidate for candidate in candidates if candidate.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and its noun, singular for one: "1 occurrence", "2 occurrences", "0 events"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


_PACKAGE = os.path.dirname(os.path.realpath(__file__))  # Path.resolve: slower, as it imports


def warn(warning: Warning) -> None:
    """Warn at the caller's own line: the first frame outside this package, however deep in it
    the warning arose (a fixed `stacklevel` points into the package as soon as a call is
    added on the way)."""
    warn_each((warning,))


def warn_each(found: Iterable[Warning]) -> None:
    """`warn` each warning, the caller's line found once for them all (thousands of
    look-alikes are warned about from one place).

    What `warnings.warn` works out from the stack for each warning (the file, line, module
    and registry of the frame it names) is worked out once, as it does, and each warning
    handed to `warnings.warn_explicit`, which filters and shows it as `warn` would."""
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    filename, context = frame.f_code.co_filename, frame.f_globals
    module = context.get("__name__", "<string>")
    if not isinstance(module, str) or ("importlib" in filename and "_bootstrap" in filename):
        # a frame `warn` would step over, or a module it would name otherwise: its own way
        for warning in found:
            warnings.warn(warning, stacklevel=level)
        return
    lineno = frame.f_lineno
    del frame  # not kept while the warnings are shown
    for warning in found:
        registry = context.get("__warningregistry__", _NO_REGISTRY)
        if registry is _NO_REGISTRY:  # made on the first warning, as `warn` makes it
            registry = context["__warningregistry__"] = {}
        warnings.warn_explicit(warning, type(warning), filename, lineno, module, registry)


_NO_REGISTRY: Final = object()
