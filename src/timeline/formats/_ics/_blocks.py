"""A calendar's components as text, and one property's value read from a component's text.

Revisions (`_revisions`) and publishing (`timeline._publish`) both work on a calendar's text
rather than on a parsed calendar: an unchanged event must keep its bytes, and a resource is cut
from the feed as it was written. This is the one place that text is split and read, without a
parser: a feed has a hundred thousand events, and only the lines that begin or end a component
are looked at one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Block", "UnbalancedError", "blocks", "property_value", "spans", "unfolded"]

#: A line that begins or ends a component, matched in the text after a line break (a pattern
#: anchored at `\n` is found by a fast literal search, where `^` in MULTILINE mode is not).
_COMPONENT = re.compile(r"\n(BEGIN|END):([^\r\n]*)")
_FOLD = re.compile(r"\r?\n[ \t]")


@dataclass(frozen=True, slots=True)
class Block:
    """One component directly inside the calendar (a VEVENT, a VTIMEZONE): its name, its text
    (its lines joined by CRLF, without the last line's), and the offset it starts at."""

    name: str
    text: str
    at: int

    def value(self, name: str) -> str | None:
        """A property's value, unfolded (the first if several); None if it has none."""
        return property_value(self.text, name)


class UnbalancedError(Exception):
    """Components that do not nest: `message` says how, `at` is the offending line's offset."""

    def __init__(self, message: str, at: int) -> None:
        super().__init__(message, at)
        self.message = message
        self.at = at


def unfolded(text: str) -> str:
    """The text with its folded lines joined again (RFC 5545 3.1)."""
    return _FOLD.sub("", text)


def property_value(text: str, name: str) -> str | None:
    """The value of the first property `name` (upper case, as written) in a component's text,
    CRLF or LF line ends, unfolded; its parameters left out. None if it has none."""
    start, other = text.find(f"\n{name}:"), text.find(f"\n{name};")
    if 0 <= other < start or start < 0:
        start = other
    if start >= 0:
        start += 1
    elif text.startswith((f"{name}:", f"{name};")):
        start = 0
    else:
        return None
    end = text.find("\n", start)
    while end >= 0 and text.startswith((" ", "\t"), end + 1):
        end = text.find("\n", end + 1)
    line = text[start:] if end < 0 else text[start:end]
    if "\n" in line:
        line = unfolded(line)
    return line.rstrip("\r").partition(":")[2]


def blocks(text: str) -> tuple[list[str], list[Block]]:
    """The calendar's own lines (all that is in no component but END:VCALENDAR) and the
    components directly inside it, in order, from text with CRLF line ends.

    Raises:
        UnbalancedError: for a VEVENT inside another component, an END that closes nothing,
            or a component never closed.
    """
    found = _COMPONENT.finditer("\n" + text)  # offsets in `text` are one less
    lines = ((m.group(1) == "BEGIN", m.group(2), m.start(), m.end(2) - 1) for m in found)
    outside, inner = _components(lines, len(text))
    head = [line for start, end in outside for line in text[start:end].split("\r\n") if line]
    return head, [Block(name, text[start:end], start) for name, start, end in inner]


_COMPONENT_BYTES = re.compile(rb"\n(BEGIN|END):([^\r\n]*)")


def spans(data: bytes) -> tuple[list[str], list[tuple[str, int, int]]]:
    """`blocks` of a calendar's UTF-8 bytes, each component as (name, start, end) offsets
    rather than its text: a long feed is then held once, as it was given.

    Raises:
        UnbalancedError: as `blocks` (its `at` an offset in the bytes).
    """
    found = _COMPONENT_BYTES.finditer(b"\n" + data)
    lines = (
        (m.group(1) == b"BEGIN", m.group(2).decode("utf-8", "replace"), m.start(), m.end(2) - 1)
        for m in found
    )
    outside, inner = _components(lines, len(data))
    head = [
        line.decode("utf-8", "surrogatepass")
        for start, end in outside
        for line in data[start:end].split(b"\r\n")
        if line
    ]
    return head, inner


def _components(
    lines: Iterable[tuple[bool, str, int, int]], length: int
) -> tuple[list[tuple[int, int]], list[tuple[str, int, int]]]:
    """The nesting both `blocks` and `spans` walk: from each BEGIN or END line in turn
    (whether it begins, the component's name, where the line starts, where its name ends), the
    spans outside every component and each component directly inside the calendar."""
    inner: list[tuple[str, int, int]] = []
    opened: list[tuple[str, int]] = []
    outside: list[tuple[int, int]] = []
    resumed = 0
    for begins, name, at, after in lines:
        if begins:
            if name == "VEVENT" and len(opened) != 1:
                raise UnbalancedError("a VEVENT inside another component", at)
            if len(opened) == 1:
                outside.append((resumed, at))
            opened.append((name, at))
            continue
        if not opened or opened[-1][0] != name:
            raise UnbalancedError(f"END:{name} closes nothing", at)
        begun = opened.pop()[1]
        if not opened:  # END:VCALENDAR
            outside.append((resumed, at))
            resumed = length
        elif len(opened) == 1:
            inner.append((name, begun, after))
            resumed = after + 2  # past the CRLF that ends the END line
    if opened:
        name, at = opened[-1]
        raise UnbalancedError(f"{name} never closed: cut short?", at)
    outside.append((resumed, length))
    return outside, inner
