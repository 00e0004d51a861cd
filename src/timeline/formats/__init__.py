"""One module a format; this registry maps a format's name, a file's suffix or the first bytes
of its content to its functions.

Format modules are imported on first use, so `timeline check` does not pay for the calendar or
Markdown code it never calls.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from timeline._errors import FormatError, Location
from timeline._model import Timeline

__all__ = [
    "FORMATS",
    "HEAD_SIZE",
    "READABLE",
    "Format",
    "Reader",
    "Writer",
    "format_for",
    "format_of_content",
    "reading_format",
]

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
            raise FormatError(f"timeline cannot read {self.name} files", hint=_READ_HINT)
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


#: The formats timeline reads, by name: what a hint about reading may offer.
READABLE: tuple[str, ...] = tuple(name for name, spec in FORMATS.items() if spec.readable)
_READ_HINT = "timeline reads " + ", ".join(
    f"{name} ({' '.join(FORMATS[name].suffixes)})" for name in READABLE
)


def reading_format(name: str | None = None, path: str | PurePath | None = None) -> Format | None:
    """The format to read with: the one named, else the suffix's; None when the content must
    decide (`format_of_content`), as for a suffix we do not know (`.txt`, none, standard
    input's `-`). Both are known before a byte is read, so a wrong name costs no reading.

    Raises:
        FormatError: listing the formats timeline reads, when `name` is unknown, or when the
            format named or implied by the suffix (`.md`, `.html`) is only written.
    """
    if name is not None:
        try:
            spec = format_for(name)
        except FormatError:
            raise FormatError(
                f"unknown format {name!r}", Location(file=_where(path)), _READ_HINT
            ) from None
    elif path is not None:
        try:
            spec = format_for(None, path)
        except FormatError:
            return None
    else:
        return None
    if not spec.readable:
        raise FormatError(
            f"timeline cannot read {spec.name} files", Location(file=_where(path)), _READ_HINT
        )
    return spec


def _where(path: str | PurePath | None) -> str | None:
    return None if path is None else str(path)


#: A TOML table header line, `[timeline]` or `[[events]]`, which JSON's `[` must not be taken for.
_TOML_TABLE = re.compile(r"\[\[?\s*[\w\-.\"' ]+\]\]?\s*(#.*)?")
#: Excel's first line naming a spreadsheet's delimiter.
_SEP_LINE = re.compile(r"sep=.", re.IGNORECASE)
#: How much of the content `format_of_content` looks at: a first line longer than this is not
#: a CSV header or a calendar's BEGIN line, and needs no more to tell JSON from TOML.
HEAD_SIZE = 4096


def format_of_content(head: bytes) -> Format:
    """The readable format the first bytes of a file look like; TOML when nothing else fits.

    Only the first non-blank line counts: `BEGIN:VCALENDAR` is a calendar, `{` or a `[` that
    is no TOML table header is JSON, Excel's `sep=;` or a line of cells with no `=` is a CSV
    header, and anything else (a comment, `key = value`, `[timeline]`) is TOML, the authoring
    format, whose reader then says, located, what it could not read.
    """
    text = head[:HEAD_SIZE].decode("utf-8", errors="replace").removeprefix("\ufeff")
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if line.upper().startswith("BEGIN:VCALENDAR"):
        return FORMATS["ics"]
    if line.startswith("{") or (line.startswith("[") and not _TOML_TABLE.fullmatch(line)):
        return FORMATS["json"]
    if _SEP_LINE.fullmatch(line) or (
        "=" not in line and not line.startswith("#") and any(sep in line for sep in ",;\t")
    ):
        return FORMATS["csv"]
    return FORMATS["toml"]
