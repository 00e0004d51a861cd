"""The closed choices of the public signatures, and the writers' options as the format registry
takes them, as types a caller can import and annotate with.

They live apart from the formats that take them, so `import timeline` offers them without
loading a writer (writers are imported on first use).
"""

from __future__ import annotations

from datetime import timedelta
from typing import BinaryIO, Literal, TypedDict

__all__ = ["GroupBy", "IcsOptions", "Imprecise", "Layout", "MarkdownOptions", "OnError"]

#: What a reader does with an invalid event: refuse the file, listing every problem
#: (`"strict"`), or leave the event out with a located warning (`"skip"`).
OnError = Literal["strict", "skip"]

#: How `to_ics` writes an event known only to the month or year: as an all-day span, or not.
Imprecise = Literal["span", "skip"]

#: `to_markdown`'s layout: a list under each heading, or one table.
Layout = Literal["list", "table"]

#: What `to_markdown` puts a heading over.
GroupBy = Literal["year", "month", "none"]


class IcsOptions(TypedDict, total=False):
    """`to_ics`'s options, by keyword, as the format registry and `to_icalendar` take them; one
    left out is the writer's default. A type rather than a copy of the defaults, so the writer's
    signature stays the one place they are said."""

    domain: str
    imprecise: Imprecise
    mark_dates: bool
    mark_status: bool
    default_duration: timedelta | None
    previous: bytes | str | BinaryIO | None
    drop_removed: bool


class MarkdownOptions(TypedDict, total=False):
    """`to_markdown`'s options, by keyword, as the format registry takes them; one left out is
    the writer's default."""

    layout: Layout
    group_by: GroupBy
    front_matter: bool
    votes: bool
    participants: bool
    absent: bool
    notes: bool
