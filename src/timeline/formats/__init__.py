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

from timeline._errors import FormatError
from timeline._model import Timeline

__all__ = ["FORMATS", "Format", "Reader", "Writer", "format_for"]

Reader = Callable[..., Timeline]
Writer = Callable[..., bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """A named format, the suffixes that imply it, and the module that reads or writes it.

    A module offers at most `read(data: bytes, source, **options)` and one writer, named as the
    public function it is (`to_json`); the registry turns a writer's text into UTF-8 bytes, so
    the command line writes every format the same way. A module may also offer the same
    writer giving bytes (`to_json_bytes`), which the registry then uses as it is.
    """

    name: str
    suffixes: tuple[str, ...]
    module: str
    readable: bool
    #: the module's writing function, or None for a format that is only read
    writer: str | None

    @property
    def writable(self) -> bool:
        return self.writer is not None

    def _module(self) -> Any:
        return importlib.import_module(f"timeline.formats._{self.module}")

    @property
    def read(self) -> Reader:
        """The module's reader.

        Raises:
            FormatError: for a format that is only written (Markdown, HTML, TimelineJS); the
                reader itself raises what `timeline.load` lists.
        """
        if not self.readable:
            raise FormatError(f"timeline cannot read {self.name} files")
        reader: Reader = self._module().read
        return reader

    @property
    def write(self) -> Writer:
        """The module's writer, giving bytes.

        Raises:
            FormatError: for a format that is only read (TOML); the writer itself raises what
                its public function (`to_ics`, `to_markdown`) lists.
        """
        if self.writer is None:
            raise FormatError(f"timeline cannot write {self.name} files")
        module = self._module()
        encoded: Writer | None = getattr(module, f"{self.writer}_bytes", None)
        if encoded is not None:
            return encoded
        function = getattr(module, self.writer)

        def write(timeline: Timeline, **options: Any) -> bytes:
            written: str | bytes = function(timeline, **options)
            return written.encode("utf-8") if isinstance(written, str) else written

        return write


FORMATS: dict[str, Format] = {
    spec.name: spec
    for spec in (
        Format("toml", (".toml",), "toml", readable=True, writer=None),
        Format("json", (".json",), "json", readable=True, writer="to_json"),
        Format("csv", (".csv",), "csv", readable=True, writer="to_csv"),
        Format("ics", (".ics", ".ical", ".ifb"), "ics", readable=True, writer="to_ics"),
        Format("md", (".md", ".markdown"), "markdown", readable=False, writer="to_markdown"),
        Format(
            "timelinejs",
            (".timelinejs.json",),
            "timelinejs",
            readable=False,
            writer="to_timelinejs",
        ),
        Format(
            "timelinejs-html",
            (".timelinejs.html",),
            "timelinejs",
            readable=False,
            writer="to_timelinejs_page",
        ),
        Format("html", (".html", ".htm"), "html", readable=False, writer="to_html"),
    )
}


def format_for(name: str | None = None, path: str | PurePath | None = None) -> Format:
    """The format named, else the one the path's suffix implies.

    Raises:
        FormatError: listing the formats, when the name is unknown, the suffix names none, or
            neither is given.
    """
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
