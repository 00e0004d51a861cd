"""What changed between two versions of a chronology, compared on the model.

Events are matched by id; a changed event names each field that differs by its path in the
model's own field names (`when`, `place.name`, `sources[0].url`, `vote.positions.KZ`), as a
problem's location does. Because the comparison is on the `Timeline`, whatever only an export
adds (a calendar's DTSTAMP, its title markers) and the order a file wrote things in never show.

A `Diff` is a frozen dataclass and not a pydantic model: it is computed from models already
validated and never read from outside, so validation would only cost time, and its values are
the models' own (a `When`, a `Place`, a tuple of codes), which pydantic would need telling to
accept. Its JSON form (`to_dict`, `to_json`) writes each value as the JSON export does.
"""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import pydantic_core
from pydantic import BaseModel

from timeline._model import Event, Timeline
from timeline._when import When

__all__ = ["Change", "Diff", "diff"]

#: Fields whose order means nothing to the model: a set of codes, tags or typed edges
#: (duplicates are refused or meaningless), so only what they hold is compared.
UNORDERED: Final = frozenset({"participants", "absent", "tags", "links"})
#: The header fields a format may not carry (CSV holds events only).
HEADER_FIELDS: Final = tuple(name for name in Timeline.model_fields if name != "events")
#: How long a value may be in a line of `Diff.lines()` before it is cut around the difference.
WIDTH: Final = 48
#: What a line names the timeline's own fields by: no event id can hold brackets.
HEADER_MARK: Final = "[timeline]"


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs: the event's id (None for the timeline's header), the field's
    path in the model's names, and its old and new values (None where there was none)."""

    id: str | None
    field: str
    old: object
    new: object

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON values, keys `id`, `field`, `old`, `new`."""
        return {"id": self.id, "field": self.field, "old": _json(self.old), "new": _json(self.new)}


@dataclass(frozen=True, slots=True)
class Diff:
    """The events added, removed and changed between two timelines, header changes included.

    True when the timelines differ. Events come in the order of their chronology (`removed` in
    the old one's), changes by event and then in the order of the model's fields.
    """

    added: tuple[Event, ...] = ()
    removed: tuple[Event, ...] = ()
    changed: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: `same` (bool), `added` and `removed` (events as the JSON export
        writes them), `changed` (`Change.to_dict` each)."""
        return {
            "same": not self,
            "added": [_json(event) for event in self.added],
            "removed": [_json(event) for event in self.removed],
            "changed": [change.to_dict() for change in self.changed],
        }

    def to_json(self) -> str:
        """`to_dict` as 2-space indented JSON text with a final newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def lines(self, width: int = WIDTH) -> list[str]:
        """What `timeline diff` prints: the header's changes, then one line per removed (`-`)
        and added (`+`) event and per changed field (`~`), each value cut to about `width`
        characters around where the two differ."""
        header = [_changed_line(change, width) for change in self.changed if change.id is None]
        removed = [_event_line("-", event, width) for event in self.removed]
        added = [_event_line("+", event, width) for event in self.added]
        changed = [_changed_line(change, width) for change in self.changed if change.id]
        return header + removed + added + changed


def diff(
    a: Timeline,
    b: Timeline,
    *,
    events_only: bool = False,
    start: date | str | None = None,
    end: date | str | None = None,
) -> Diff:
    """What changed from `a` to `b`: events added, removed and changed (matched by id), and
    the timeline's own fields (title, description, ...) unless `events_only` (for a format
    that carries no header, such as CSV).

    `start` and `end` limit it to the events in that window, as `Timeline.select` reads it,
    in either version: an event moved out of the window is changed, not removed.

    Raises:
        SelectionError: a `start` or `end` that cannot be read as a date.

        >>> import timeline
        >>> old = timeline.load("data/events.toml")
        >>> event = old["cica-summit-astana-2022"]
        >>> new = old.with_event(event.model_copy(update={"status": "postponed"}))
        >>> for line in timeline.diff(old, new).lines():
        ...     print(line)
        ~ cica-summit-astana-2022  status: occurred -> postponed
    """
    changes: list[Change] = []
    if not events_only:
        changes += _header_changes(a, b)
    if start is not None or end is not None:
        a, b = _in_window(a, b, start, end)
    old, new = a.by_id, b.by_id
    for event in b.events:
        before = old.get(event.id)
        if before is not None and before != event:
            changes += _changes(event.id, "", before, event)
    return Diff(
        added=tuple(event for event in b.events if event.id not in old),
        removed=tuple(event for event in a.events if event.id not in new),
        changed=tuple(changes),
    )


def _in_window(
    a: Timeline, b: Timeline, start: date | str | None, end: date | str | None
) -> tuple[Timeline, Timeline]:
    """Both timelines with only the events `select` keeps for the window in one or the other."""
    kept = {event.id for one in (a, b) for event in one.select(start=start, end=end).events}
    return (
        a._unchecked_copy({"events": tuple(e for e in a.events if e.id in kept)}),
        b._unchecked_copy({"events": tuple(e for e in b.events if e.id in kept)}),
    )


def _header_changes(a: Timeline, b: Timeline) -> list[Change]:
    changes: list[Change] = []
    for name in HEADER_FIELDS:
        changes += _changes(None, name, getattr(a, name), getattr(b, name))
    return changes


def _changes(event_id: str | None, path: str, old: object, new: object) -> list[Change]:
    """The changes between two values at `path`, walking into models, mappings and lists of
    models of the same length; a value of another kind changes as a whole."""
    if old == new:
        return []
    if isinstance(old, BaseModel) and type(old) is type(new):
        return [
            change
            for name in type(old).model_fields
            for change in _changes(
                event_id, _joined(path, name), getattr(old, name), getattr(new, name)
            )
        ]
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        keys = sorted(old.keys() | new.keys())
        return [
            change
            for key in keys
            for change in _changes(event_id, _joined(path, key), old.get(key), new.get(key))
        ]
    if isinstance(old, tuple) and isinstance(new, tuple):
        if path.rpartition(".")[2] in UNORDERED:
            return [] if Counter(old) == Counter(new) else [Change(event_id, path, old, new)]
        if len(old) == len(new) and all(isinstance(item, BaseModel) for item in old):
            return [
                change
                for index, (before, after) in enumerate(zip(old, new, strict=True))
                for change in _changes(event_id, f"{path}[{index}]", before, after)
            ]
    return [Change(event_id, path, old, new)]


def _joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# -- the JSON form -------------------------------------------------------------------------------


def _json(value: object) -> Any:
    """A value as the JSON export writes it: a date as its EDTF text, a model as an object,
    a vote's positions in country order."""
    if isinstance(value, Event) and value.vote is not None:
        positions = dict(sorted(value.vote.positions.items()))
        value = value._unchecked_copy(
            {"vote": value.vote._unchecked_copy({"positions": positions})}
        )
    return pydantic_core.to_jsonable_python(value, fallback=str)


# -- the lines a person reads --------------------------------------------------------------------


def _event_line(mark: str, event: Event, width: int) -> str:
    return f"{mark} {event.id}  {event.when}  {_cut(_shown(event.title), width)}"


def _changed_line(change: Change, width: int) -> str:
    old, new = _shown_pair(change.old, change.new, width)
    return f"~ {change.id or HEADER_MARK}  {change.field}: {old} -> {new}"


def _shown(value: object) -> str:
    """A value as a line shows it: text in quotes, dates and words bare, models as JSON."""
    if value is None:
        return "(none)"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, When | date | int | float):
        return str(value)
    return json.dumps(_json(value), ensure_ascii=False, separators=(", ", ": "))


def _shown_pair(old: object, new: object, width: int) -> tuple[str, str]:
    """Both values shown, each cut to `width` from a little before where they first differ,
    so that a change in the middle of a long summary is seen."""
    before, after = _shown(old), _shown(new)
    if max(len(before), len(after)) <= width:
        return before, after
    same = 0
    for one, other in zip(before, after, strict=False):
        if one != other:
            break
        same += 1
    start = max(0, same - width // 3)
    return _window(before, start, width), _window(after, start, width)


def _window(text: str, start: int, width: int) -> str:
    head = "…" + text[start + 1 :] if start else text
    return _cut(head, width)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
