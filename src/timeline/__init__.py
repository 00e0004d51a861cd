"""timeline: hand-written dated events, validated, selected and exported.

    >>> import timeline
    >>> chronology = timeline.load("data/events.toml")
    >>> for event in chronology.select(kinds=["summit"]):
    ...     print(event.when.human(), event.title)

Everything public is importable from here; submodules are the house's inner rooms.
"""

from importlib import metadata

from timeline.errors import (
    DateError,
    FormatError,
    InvalidTimeline,
    LikelyMistake,
    Location,
    MissingReference,
    Problem,
    SelectionError,
    TimelineError,
    TimelineWarning,
)
from timeline.files import atomic_write, load, loads
from timeline.formats.csv import to_csv
from timeline.formats.html import to_html
from timeline.formats.ics import from_icalendar, to_icalendar, to_ics
from timeline.formats.json import to_json
from timeline.formats.markdown import to_markdown
from timeline.formats.timelinejs import to_timelinejs
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

try:
    __version__ = metadata.version("timeline-chronology")  # the distribution: "timeline" is taken
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "unknown"

__all__ = [
    "DateError",
    "Event",
    "FormatError",
    "InvalidTimeline",
    "Kind",
    "LikelyMistake",
    "Link",
    "Location",
    "MissingReference",
    "Place",
    "Point",
    "Position",
    "Precision",
    "Problem",
    "Relation",
    "SelectionError",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "TimelineWarning",
    "Vote",
    "When",
    "atomic_write",
    "from_icalendar",
    "load",
    "loads",
    "to_csv",
    "to_html",
    "to_icalendar",
    "to_ics",
    "to_json",
    "to_markdown",
    "to_timelinejs",
]
