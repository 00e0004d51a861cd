"""icalendar's parser with a quicker split of each content line into name, parameters, value.

icalendar walks every character of every line in Python to find where the name and the value
start (`Contentline.raw_parts`), and builds its parameters twice, though most lines have
none: on a calendar of ours that walk was half of the whole read. A line whose part before its
first colon holds no semicolon, quote, backslash or blank is `NAME:value`, whatever follows
(every character after the first colon belongs to the value): it is split here with one
`str.find`. Any other line, and any name icalendar would refuse, goes through icalendar's own
split, so the parts, and the errors, are icalendar's to the character.
"""

from __future__ import annotations

import re
from typing import Any

from icalendar.parser import Parameters
from icalendar.parser.content_line import Contentline
from icalendar.parser.ical.calendar import CalendarIcalParser
from icalendar.parser_tools import to_unicode

__all__ = ["QuickParser"]

#: A name icalendar's `validate_token` takes as it is (its NAME is `[\w.-]+`).
_PLAIN_NAME = re.compile(r"[\w.-]+")
_UNFOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")  # icalendar's UFOLD
_NEWLINE = re.compile(r"\r?\n")


def _no_parameters() -> Parameters:
    """An empty `Parameters`, as `Parameters()` makes it, without its keyword handling (a
    seventh of the time; one is made for most lines of a calendar)."""
    return Parameters.__new__(Parameters)


class _QuickLine(Contentline):
    """A content line that splits `NAME:value` without walking it, and splits once: the
    parser asks for the parts, then a value type that takes its value as written asks again."""

    __slots__ = ("_parts",)
    _parts: tuple[str, Parameters, str]
    strict: bool  # icalendar's own slot

    def __new__(cls, value: str) -> _QuickLine:
        """A line of text already unfolded and split at its line breaks: no check to repeat."""
        line = str.__new__(cls, value)
        line.strict = False
        return line

    def raw_parts(self) -> tuple[str, Parameters, str]:
        try:
            return self._parts
        except AttributeError:
            pass
        colon = self.find(":")
        if colon > 0 and _PLAIN_NAME.fullmatch(self, 0, colon):
            self._parts = (self[:colon], _no_parameters(), self[colon + 1 :])
        else:
            self._parts = super().raw_parts()
        return self._parts


class QuickParser(CalendarIcalParser):
    """icalendar's calendar parser over `_QuickLine`s: the same components, values, errors."""

    def initialize_parsing(self) -> None:
        data: Any = self._data
        if not isinstance(data, list):
            text = to_unicode(data)
            split = _NEWLINE.split(_UNFOLD.sub("", text))
            lines: list[Contentline] = [_QuickLine(line) for line in split if line]
            lines.append(_QuickLine(""))
            self._data = lines
        super().initialize_parsing()  # type: ignore[no-untyped-call]
