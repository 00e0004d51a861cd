"""A load's problems, gathered as they are found: each located through the reader's locator,
worded through the reader's phrasing, and all reported in one order at the end.

Readers hand the loader a `Locator` (the line a field was written on) and a `Phrasing` (their
format's words for a neutral problem); lines are only found when there is a problem to locate,
so a valid file pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from timeline._errors import (
    InvalidTimeline,
    Location,
    Problem,
    ProblemCode,
    Suggestion,
    TimelineWarning,
    warn,
)

__all__ = [
    "Collector",
    "Locator",
    "Phrasing",
    "Placing",
    "as_written",
    "field_name",
    "first_on_line",
    "line_of",
    "no_lines",
    "parse_field",
]

#: (index of the event or None for the [timeline] table, path of keys inside it) -> line or None.
Locator = Callable[[int | None, tuple[str | int, ...]], int | None]

#: A reader's wording of a neutral problem: its hint (and, where the format has its own words
#: for a thing, its message and field) in the terms of the file's format.
Phrasing = Callable[[Problem], Problem]

#: A reader's order of two problems on one line (a spreadsheet's: left to right).
Placing = Callable[[Problem], int]


def no_lines(_event: int | None, _path: tuple[str | int, ...]) -> int | None:
    """The locator of input with no lines (a model built in code)."""
    return None


def as_written(problem: Problem) -> Problem:
    """The phrasing of a reader with no words of its own."""
    return problem


def first_on_line(_problem: Problem) -> int:
    """The placing of a reader with at most one problem on a line."""
    return 0


def line_of(lines: Mapping[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int | None:
    """The line a key path was written on, else that of its nearest written parent.

    A missing field has no line of its own; the table it is missing from does.
    """
    for length in range(len(path), -1, -1):
        line = lines.get(path[:length])
        if line is not None:
            return line
    return None


def field_name(path: Sequence[str | int]) -> str:
    """`('sources', 0, 'url')` -> `'sources[0].url'`: the way a user would point at a field."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def parse_field(field: str | None) -> tuple[str | int, ...]:
    """Undo `field_name`, so cross-event problems can be located like field problems."""
    if not field:
        return ()
    path: list[str | int] = []
    for part in field.split("."):
        name, _, rest = part.partition("[")
        path.append(name)
        for number in rest.split("[") if rest else ():
            path.append(int(number.rstrip("]")))
    return tuple(path)


class Collector:
    """Gathers problems, locating each one lazily through the reader's locator and wording it
    through the reader's phrasing; the reader's own problems come first, in reading order."""

    def __init__(
        self,
        source: str | None,
        locate: Locator,
        phrase: Phrasing = as_written,
        place: Placing = first_on_line,
        earlier: Sequence[Problem] = (),
    ) -> None:
        self.source = source
        self.locate = locate
        self.phrase = phrase
        self.place = place
        self.problems: list[Problem] = list(earlier)
        #: The events each problem belongs to (None: the reader's or the [timeline] table's).
        self.events: list[int | None] = [None] * len(earlier)
        #: What the reader reported already: the loader does not report it twice.
        self.told = {(p.location.event_id, p.location.field) for p in earlier}

    def add(
        self,
        event: int | None,
        path: tuple[str | int, ...],
        message: str,
        hint: str | None = None,
        *,
        event_id: str | None = None,
        code: ProblemCode,
        suggestion: Suggestion | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        field = field_name(path) if path else None
        if (event_id, field) in self.told:
            return
        line = self.locate(event, path)
        where = Location(file=self.source, line=line, event_id=event_id, field=field)
        problem = Problem(message, where, hint, code, expected, found, suggestion)
        self.problems.append(self.phrase(problem))
        self.events.append(event)

    def skip_invalid_events(self) -> set[int]:
        """Turn the events' problems into warnings and say which events to leave out; the
        [timeline] table's problems stay errors, since nothing can be read without it."""
        skipped: set[int] = set()
        kept: list[Problem] = []
        for event, problem in zip(self.events, self.problems, strict=True):
            if event is None:
                kept.append(problem)
                continue
            skipped.add(event)
            message = f"{problem.location}: {problem.message}; the event is left out"
            warning = TimelineWarning(message)
            warning.code = problem.code
            warn(warning)
        self.problems = kept
        self.events = [None] * len(kept)
        return skipped

    def raise_if_any(self) -> None:
        """One order for every reader: by line (unlocated last), then as the reader places
        problems on one line."""
        if self.problems:
            unlocated = 1 << 60
            ordered = sorted(
                self.problems,
                key=lambda p: (
                    unlocated if p.location.line is None else p.location.line,
                    self.place(p),
                ),
            )
            raise InvalidTimeline(ordered)
