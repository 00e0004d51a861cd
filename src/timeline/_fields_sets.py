"""The sets of field names pydantic keeps per model, shared among models given the same fields.

Memory, not meaning: a chronology's events are mostly given the same fields, and one set per
combination serves them all (see `_FieldsSet`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import NoReturn

__all__ = ["is_shared", "shared_set"]


class _FieldsSet(set[str]):
    """The names of the fields a model was given, shared by every model given the same ones.

    pydantic keeps that set per instance, and for an event with its sources and place the sets
    took more memory than the event's own text (1.8 KB an event, on the shipped chronology).
    Shared, it must not change: adding a name to one model's `model_fields_set` would add it
    to every other's, and their `model_dump(exclude_unset=True)` would change. So its
    mutating methods refuse (pydantic-core reads it as a `set`, so a frozenset cannot serve).
    """

    __slots__ = ()


def _refusal(name: str) -> Callable[..., NoReturn]:
    def refuse(self: _FieldsSet, *_args: object) -> NoReturn:
        raise TypeError(
            f"cannot {name.strip('_')} a model's fields set: models given the same fields share "
            "it; copy it first, set(model.model_fields_set)"
        )

    return refuse


for _name in (
    *("add", "discard", "remove", "pop", "clear", "update", "difference_update"),
    *("intersection_update", "symmetric_difference_update"),
    *("__ior__", "__iand__", "__isub__", "__ixor__"),
):
    setattr(_FieldsSet, _name, _refusal(_name))

#: One set per combination of fields given, shared by every model that was given them.
_FIELDS_SETS: dict[frozenset[str], _FieldsSet] = {}
#: The sets each kind of model was last handed, newest first: a load's events take turns among
#: a few combinations, and comparing a set is cheaper than hashing it.
_RECENT: dict[type, list[_FieldsSet]] = {}
_MOST_RECENT = 8


def shared_set(given: AbstractSet[str], kind: type) -> _FieldsSet:
    """The one read-only set holding `given`; the last few handed out for the kind are tried
    first."""
    recent = _RECENT.setdefault(kind, [])
    for shared in recent:
        if shared == given:
            return shared
    key = frozenset(given)
    made = _FIELDS_SETS.get(key)
    if made is None:
        made = _FIELDS_SETS.setdefault(key, _FieldsSet(key))
    recent.insert(0, made)
    del recent[_MOST_RECENT:]
    return made


def is_shared(given: AbstractSet[str]) -> bool:
    """Whether `given` is a shared set: only validation and a checked copy make a model one."""
    return type(given) is _FieldsSet
