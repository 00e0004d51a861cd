"""What several formats share: decoding a file's bytes, the words for a status, dates in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from timeline._errors import FormatError, Location
from timeline._model import Status
from timeline._when import Precision, When

__all__ = ["STATUS_LABEL", "HumanDates", "decode_utf8"]

#: The status as a writer labels an event; an event that occurred carries no label.
STATUS_LABEL: Final = {
    Status.SCHEDULED: "Scheduled",
    Status.CANCELLED: "Cancelled",
    Status.POSTPONED: "Postponed",
}

_BOM: Final = b"\xef\xbb\xbf"


def decode_utf8(
    data: bytes, source: str | None, hint: str = "save it as UTF-8", *, strip_bom: bool = True
) -> str:
    """The file's text; a located `FormatError` at the first line that is not UTF-8."""
    if strip_bom and data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(
            "the file is not valid UTF-8", Location(file=source, line=line), hint
        ) from None


class HumanDates:
    """`When.human()`, remembered (after `finish`, such as escaping): a chronology names the same
    days again and again.

    A plain day (no interval, no qualifier) reads the same whatever else is true of it, so its
    date alone is the key; other dates are looked up by their `sort_key`, which is cached.
    """

    def __init__(self, finish: Callable[[str], str] | None = None) -> None:
        self.known: dict[object, str] = {}
        self.finish = finish

    def __call__(self, when: When) -> str:
        point = when.start_point
        key: object
        if (
            point.precision is Precision.DAY
            and when.end_point is None
            and not when.approximate
            and not when.uncertain
        ):
            key = point.value
        else:
            key = when.sort_key  # equal keys are equal Whens, and a tuple compares in C
        text = self.known.get(key)
        if text is None:
            text = when.human()
            if self.finish is not None:
                text = self.finish(text)
            self.known[key] = text
        return text
