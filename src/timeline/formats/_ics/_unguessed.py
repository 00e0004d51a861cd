"""icalendar's parse, with a TZID in RFC 5545's globally unique form read without its guess.

A TZID may carry a vendor's prefix (`/mozilla.org/20070129_1/Europe/Berlin`). icalendar finds
the zone by dropping the prefix, and warns that the guess may be wrong
(`GloballyUniqueTZIDGuessed`). The reader does not use that guess: `_tzids` reads every TZID
against the file's own VTIMEZONE and the IANA names. So the warning is noise to a user, and it
was silenced around each read with `warnings.catch_warnings`, which swaps the process's warning
filters: on Python 3.11 they are global, so two reads in two threads could leave a filter
behind, or silence another thread's warnings for a while.

Instead the calendar is parsed with date value types that hand icalendar a name it finds with
no guess: the TZID less its slashes when icalendar knows it (a zone it has, or a VTIMEZONE of
the file it has read), else the IANA name its guess would reach. The dates it builds are the
same, and nothing warns. The properties keep their TZID as written.
"""

from __future__ import annotations

from typing import Any

import icalendar
from icalendar.timezone import tzp

__all__ = ["Calendar"]


def _unguessed(tzid: Any) -> Any:
    """The name icalendar's guess would reach, found without guessing, or `tzid` as it is."""
    if not isinstance(tzid, str) or not tzid.startswith("/"):
        return tzid  # icalendar guesses only past a leading slash
    parts = tzid.strip("/").split("/")
    for start in range(len(parts)):  # as icalendar does: the whole name, then shorter tails
        name = "/".join(parts[start:])
        if tzp.timezone(name) is not None:  # no leading slash: looked up, never guessed
            return name
    return tzid  # a zone nobody knows: icalendar finds none, and a guess that fails is silent


class _Unguessed:
    """One of icalendar's date value types, whose `from_ical` is handed a TZID that needs no
    guess; the values it makes are that type's own (x-wr-timezone walks them by type name)."""

    def __init__(self, kind: type[Any]) -> None:
        self.kind = kind
        self.__name__ = kind.__name__

    def from_ical(self, ical: Any, timezone: Any = None) -> Any:
        return self.kind.from_ical(ical, timezone=_unguessed(timezone))

    def __call__(self, *args: Any, **options: Any) -> Any:
        return self.kind(*args, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.kind, name)


def _types() -> icalendar.TypesFactory:
    """icalendar's value types, the date ones wrapped: one factory, made once."""
    types = icalendar.TypesFactory()
    for name in ("date", "date-time", "duration", "period", "date-time-list", "time"):
        types[name] = _Unguessed(types[name])
    return types


class Calendar(icalendar.Calendar):
    """For `from_ical` alone: it parses with the types above; what it returns is icalendar's
    own components and values, as `icalendar.Calendar.from_ical` would give them."""

    types_factory = _types()
