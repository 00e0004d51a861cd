"""timeline: hand-written dated events, validated, selected and exported.

    >>> import timeline
    >>> chronology = timeline.load("data/events.toml")
    >>> for event in chronology.select(kinds=["summit"]):
    ...     print(event.when.human(), event.title)

Everything public is importable from here; submodules are the house's inner rooms.
"""

from timeline.errors import (
    DateError,
    FormatError,
    InvalidTimeline,
    Location,
    Problem,
    TimelineError,
)
from timeline.files import atomic_write, load, loads
from timeline.model import (
    Event,
    Kind,
    Link,
    Place,
    Position,
    Relation,
    Source,
    Status,
    Timeline,
    Vote,
)
from timeline.when import Point, Precision, When

__all__ = [
    "DateError",
    "Event",
    "FormatError",
    "InvalidTimeline",
    "Kind",
    "Link",
    "Location",
    "Place",
    "Point",
    "Position",
    "Precision",
    "Problem",
    "Relation",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "Vote",
    "When",
    "atomic_write",
    "load",
    "loads",
]
