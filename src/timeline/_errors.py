"""One family of exceptions, so callers can catch `TimelineError` and nothing of ours escapes it.

Every problem with input data is a `Problem` pinned to a `Location` (file, line, event id, field),
because a user fixing a 300-event file needs to know *where* as much as *what*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = [
    "DateError",
    "FormatError",
    "InvalidTimeline",
    "LikelyMistake",
    "Location",
    "MissingReference",
    "Problem",
    "SelectionError",
    "TimelineError",
    "TimelineWarning",
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
        inside = []
        if self.event_id is not None:
            inside.append(f"event {self.event_id!r}")
        if self.field is not None:
            inside.append(f"field {self.field!r}")
        return f"{text}: {', '.join(inside)}" if inside else text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: what was wrong (`message`), what would be right (`hint`)."""

    message: str
    location: Location = Location()
    hint: str | None = None

    def at(self, **where: str | int | None) -> Problem:
        """The same problem, located more precisely (readers fill in what they know)."""
        known = {key: value for key, value in where.items() if value is not None}
        return replace(self, location=replace(self.location, **known))  # type: ignore[arg-type]

    def __str__(self) -> str:
        located = self.location != Location()
        text = f"{self.location}: {self.message}" if located else self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


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
            or "write the full date, or say when the phrase was written (the event's as_of, "
            "or its first source's published day)",
        )
        self.phrase = phrase


class FormatError(TimelineError):
    """A file we cannot read or write at all: unknown format, unreadable bytes, no such file."""

    def __init__(self, message: str, location: Location = Location(), hint: str | None = None):
        self.problem = Problem(message, location, hint)
        super().__init__(str(self.problem))


class InvalidTimeline(TimelineError):  # noqa: N818 - reads as a verdict: "raise InvalidTimeline"
    """The input was read but is not a valid timeline: carries every problem, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        body = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{count} {noun}:\n{body}")


class SelectionError(TimelineError, ValueError):
    """A selection criterion that cannot be read: a date, kind or status no event could have."""


class TimelineWarning(UserWarning):
    """Something an export had to leave out or approximate; the export itself still succeeded."""


class LikelyMistake(TimelineWarning):
    """Data that is probably wrong though it may be right (a source older than its event, two
    events that look like one): its own class, so a program can silence or collect them apart."""
