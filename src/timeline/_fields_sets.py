"""The sets of field names pydantic keeps per model, shared among models given the same fields.

Memory, not meaning: a chronology's events are mostly given the same fields, and one set per
combination serves them all (see `_FieldsSet`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import NoReturn

__all__ = ["LAST_FIELDS_SET", "is_shared", "shared_set"]


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
LAST_FIELDS_SET: dict[type, _FieldsSet] = {}


def shared_set(given: AbstractSet[str], kind: type) -> _FieldsSet:
    """The one read-only set holding `given`; most models of a kind are given the same fields,
    so the last one handed out for the kind is tried first."""
    shared = LAST_FIELDS_SET.get(kind)
    if shared is None or shared != given:
        key = frozenset(given)
        shared = _FIELDS_SETS.get(key)
        if shared is None:
            shared = _FIELDS_SETS.setdefault(key, _FieldsSet(key))
        LAST_FIELDS_SET[kind] = shared
    return shared


def is_shared(given: AbstractSet[str]) -> bool:
    """Whether `given` is a shared set: only validation and a checked copy make a model one."""
    return type(given) is _FieldsSet
