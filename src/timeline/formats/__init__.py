"""One module a format; this registry maps a format's name or a file's suffix to its functions.

Format modules are imported on first use, so `timeline check` does not pay for the calendar or
Markdown code it never calls.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from timeline.errors import FormatError
from timeline.model import Timeline

__all__ = ["FORMATS", "Format", "Reader", "Writer", "format_for"]

Reader = Callable[..., Timeline]
Writer = Callable[..., bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """A named format, the suffixes that imply it and whether it can be read, written or both."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    readable: bool
    writable: bool
    #: the module's writing function: a module may write two formats (TimelineJS's JSON and
    #: its ready page)
    writer: str = "write"

    def _function(self, name: str) -> Any:
        return getattr(importlib.import_module(f"timeline.formats.{self.module}"), name)

    @property
    def read(self) -> Reader:
        if not self.readable:
            raise FormatError(f"timeline cannot read {self.name} files")
        reader: Reader = self._function("read")
        return reader

    @property
    def write(self) -> Writer:
        if not self.writable:
            raise FormatError(f"timeline cannot write {self.name} files")
        writer: Writer = self._function(self.writer)
        return writer


FORMATS: dict[str, Format] = {
    spec.name: spec
    for spec in (
        Format("toml", (".toml",), "toml", readable=True, writable=False),
        Format("json", (".json",), "json", readable=True, writable=True),
        Format("csv", (".csv",), "csv", readable=True, writable=True),
        Format("ics", (".ics", ".ical", ".ifb"), "ics", readable=True, writable=True),
        Format("md", (".md", ".markdown"), "markdown", readable=False, writable=True),
        Format("timelinejs", (".timelinejs.json",), "timelinejs", readable=False, writable=True),
        Format(
            "timelinejs-html",
            (".timelinejs.html",),
            "timelinejs",
            readable=False,
            writable=True,
            writer="write_page",
        ),
        Format("html", (".html", ".htm"), "html", readable=False, writable=True),
    )
}


def format_for(name: str | None = None, path: str | PurePath | None = None) -> Format:
    """The format named, else the one the path's suffix implies; a `FormatError` lists them."""
    if name is not None:
        key = name.lower().lstrip(".")
        if key in FORMATS:
            return FORMATS[key]
        for spec in FORMATS.values():
            if f".{key}" in spec.suffixes:
                return spec
        raise FormatError(f"unknown format {name!r}", hint=f"use one of: {', '.join(FORMATS)}")
    if path is not None:
        name_of_file = PurePath(path).name.lower()
        suffix = PurePath(path).suffix.lower()
        # the longest matching suffix wins, so "x.timelinejs.json" is TimelineJS, not JSON
        matches = [
            (len(end), spec)
            for spec in FORMATS.values()
            for end in spec.suffixes
            if name_of_file.endswith(end)
        ]
        if matches:
            return max(matches, key=lambda match: match[0])[1]
        raise FormatError(
            f"cannot tell the format of {str(path)!r} from its suffix {suffix or '(none)'!r}",
            hint="name it with --format, or use one of: "
            + ", ".join(s for spec in FORMATS.values() for s in spec.suffixes),
        )
    raise FormatError("no format given", hint=f"use one of: {', '.join(FORMATS)}")
