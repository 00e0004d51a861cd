"""The closed choices of the public signatures, as types a caller can import and annotate with.

They live apart from the formats that take them, so `import timeline` offers them without
loading a writer (writers are imported on first use).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["GroupBy", "Imprecise", "Layout", "OnError"]

#: What a reader does with an invalid event: refuse the file, listing every problem
#: (`"strict"`), or leave the event out with a located warning (`"skip"`).
OnError = Literal["strict", "skip"]

#: How `to_ics` writes an event known only to the month or year: as an all-day span, or not.
Imprecise = Literal["span", "skip"]

#: `to_markdown`'s layout: a list under each heading, or one table.
Layout = Literal["list", "table"]

#: What `to_markdown` puts a heading over.
GroupBy = Literal["year", "month", "none"]
