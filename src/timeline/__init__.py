"""timeline: hand-written dated events, validated, selected and exported.

    >>> import timeline
    >>> chronology = timeline.load("data/events.toml")
    >>> for event in chronology.select(kinds=["summit"], start="2022-10", end="2022-10"):
    ...     print(event.when.human(), event.title)
    12–13 October 2022 CICA summit agrees to turn the forum into an international organisation
    12–14 October 2022 Astana hosts the CICA, CIS and Central Asia–Russia summits
    14 October 2022 First Central Asia–Russia summit; Rahmon demands respect from Moscow
    14 October 2022 CIS heads of state meet in Astana

Everything public is importable from here (and the format registry from `timeline.formats`);
the modules behind it are private (`_name.py`) and may change without notice.

Each name is imported on first use (PEP 562), as is the installed version: `import timeline`
imports nothing else, and the command line's `timeline check` does not pay for the diff, the
calendar, Markdown, HTML or matching code it never calls.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names as mypy and editors see them; `__getattr__` imports each
    from timeline._atomic import WriteError, atomic_write
    from timeline._diff import Change, Diff, diff
    from timeline._draft import draft
    from timeline._errors import (
        DateError,
        FormatError,
        InvalidTimeline,
        LikelyMistake,
        Location,
        MissingReference,
        Problem,
        ProblemCode,
        SelectionError,
        Suggestion,
        TimelineError,
        TimelineWarning,
    )
    from timeline._files import load, loads
    from timeline._gazetteer import Gazetteer, Naming
    from timeline._merge import Merged, merge
    from timeline._model import (
        Event,
        Kind,
        KnownPlace,
        Link,
        Place,
        PlaceName,
        Position,
        Relation,
        Repeats,
        Source,
        Status,
        Timeline,
        Vote,
    )
    from timeline._normalize import bulk_loading
    from timeline._options import GroupBy, IcsOptions, Imprecise, Layout, MarkdownOptions, OnError
    from timeline._publish import PublishError, PublishReport, publish
    from timeline._when import Edge, Point, Precision, Scope, When
    from timeline._when._finder import Found, find_dates
    from timeline._writing import write
    from timeline.formats._csv import to_csv
    from timeline.formats._html import to_html
    from timeline.formats._ics import from_icalendar, to_icalendar, to_ics
    from timeline.formats._json import json_schema, to_json
    from timeline.formats._markdown import to_markdown
    from timeline.formats._timelinejs import to_timelinejs, to_timelinejs_page
    from timeline.formats._timelinejs_sheet import to_timelinejs_sheet, to_timelinejs_xlsx
    from timeline.formats._toml_writer import to_toml

    __version__: str

#: The modules of the public names, by what they hold: each imported on first use of one of
#: its names, so a program (or the command line) pays only for what it calls.
_MODULES = {
    "timeline._diff": ("Change", "Diff", "diff"),
    "timeline._draft": ("draft",),
    "timeline._errors": (
        "DateError",
        "FormatError",
        "InvalidTimeline",
        "LikelyMistake",
        "Location",
        "MissingReference",
        "Problem",
        "ProblemCode",
        "SelectionError",
        "Suggestion",
        "TimelineError",
        "TimelineWarning",
    ),
    "timeline._atomic": ("WriteError", "atomic_write"),
    "timeline._files": ("load", "loads"),
    "timeline._gazetteer": ("Gazetteer", "Naming"),
    "timeline._merge": ("Merged", "merge"),
    "timeline._model": (
        "Event",
        "Kind",
        "KnownPlace",
        "Link",
        "Place",
        "PlaceName",
        "Position",
        "Relation",
        "Repeats",
        "Source",
        "Status",
        "Timeline",
        "Vote",
    ),
    "timeline._normalize": ("bulk_loading",),
    "timeline._options": (
        "GroupBy",
        "IcsOptions",
        "Imprecise",
        "Layout",
        "MarkdownOptions",
        "OnError",
    ),
    "timeline._publish": ("PublishError", "PublishReport", "publish"),
    "timeline._when": ("Edge", "Point", "Precision", "Scope", "When"),
    "timeline._when._finder": ("Found", "find_dates"),
    "timeline._writing": ("write",),
    "timeline.formats._csv": ("to_csv",),
    "timeline.formats._html": ("to_html",),
    "timeline.formats._ics": ("from_icalendar", "to_icalendar", "to_ics"),
    "timeline.formats._json": ("json_schema", "to_json"),
    "timeline.formats._markdown": ("to_markdown",),
    "timeline.formats._timelinejs": ("to_timelinejs", "to_timelinejs_page"),
    "timeline.formats._timelinejs_sheet": ("to_timelinejs_sheet", "to_timelinejs_xlsx"),
    "timeline.formats._toml_writer": ("to_toml",),
}
#: What is imported on first use, and the module it comes from.
_LAZY = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> object:
    """Import a public name's module, or read the installed version, the first time it is
    asked for."""
    if name in _LAZY:
        value: object = getattr(importlib.import_module(_LAZY[name]), name)
    elif name == "__version__":
        from importlib import metadata  # 0.1 s to import: not worth it for every start

        try:
            value = metadata.version("timeline-chronology")  # "timeline" is another project
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            value = "unknown"
    else:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Change",
    "DateError",
    "Diff",
    "Edge",
    "Event",
    "FormatError",
    "Found",
    "Gazetteer",
    "GroupBy",
    "IcsOptions",
    "Imprecise",
    "InvalidTimeline",
    "Kind",
    "KnownPlace",
    "Layout",
    "LikelyMistake",
    "Link",
    "Location",
    "MarkdownOptions",
    "Merged",
    "MissingReference",
    "Naming",
    "OnError",
    "Place",
    "PlaceName",
    "Point",
    "Position",
    "Precision",
    "Problem",
    "ProblemCode",
    "PublishError",
    "PublishReport",
    "Relation",
    "Repeats",
    "Scope",
    "SelectionError",
    "Source",
    "Status",
    "Suggestion",
    "Timeline",
    "TimelineError",
    "TimelineWarning",
    "Vote",
    "When",
    "WriteError",
    "atomic_write",
    "bulk_loading",
    "diff",
    "draft",
    "find_dates",
    "from_icalendar",
    "json_schema",
    "load",
    "loads",
    "merge",
    "publish",
    "to_csv",
    "to_html",
    "to_icalendar",
    "to_ics",
    "to_json",
    "to_markdown",
    "to_timelinejs",
    "to_timelinejs_page",
    "to_timelinejs_sheet",
    "to_timelinejs_xlsx",
    "to_toml",
    "write",
]
