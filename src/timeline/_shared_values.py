"""Values many models hold alike, held once: memory, not meaning.

A chronology of a hundred thousand events names the same few countries, tags and sources over
and over, and most of its events carry nothing in `carried`. Each value here is equal to what
it stands in for, and immutable, so sharing it changes nothing a caller can see
(tests/test_shared_values.py holds that).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import make_dataclass
from typing import Any, NoReturn, TypeVar

__all__ = [
    "EMPTY_MAPPING",
    "SharedModels",
    "SharedStrings",
    "SharedTuples",
    "empty_mapping",
    "key_sharing_dict",
]

_T = TypeVar("_T")


class _EmptyMapping(dict[Any, Any]):
    """An empty dict that stays empty: one serves as every event's `carried` when it has none.

    A dict, so pydantic, `json`, `==` and `repr` take it as the `{}` they always had; its
    mutating methods refuse, since a change would show in every model that holds it. Copies
    are plain dicts, which the copier may change.
    """

    __slots__ = ()

    def __copy__(self) -> dict[Any, Any]:
        return {}

    def __deepcopy__(self, memo: object) -> dict[Any, Any]:
        return {}

    def __reduce__(self) -> tuple[Callable[[], dict[Any, Any]], tuple[()]]:
        return dict, ()  # unpickled as the plain `{}` it is equal to


def _refusal(name: str) -> Callable[..., NoReturn]:
    def refuse(self: _EmptyMapping, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError(
            f"cannot {name.strip('_')} this empty mapping: models share it; give the model "
            "a dict of its own when it is built"
        )

    return refuse


for _name in ("__setitem__", "__delitem__", "__ior__", "clear", "pop", "popitem"):
    setattr(_EmptyMapping, _name, _refusal(_name))
for _name in ("setdefault", "update"):
    setattr(_EmptyMapping, _name, _refusal(_name))

#: The one empty mapping models share (`empty_mapping` as a field's default factory).
EMPTY_MAPPING: dict[Any, Any] = _EmptyMapping()


def empty_mapping() -> dict[Any, Any]:
    """A default factory: the shared empty mapping, where `dict` would make a new one each time
    (64 bytes an event, on events that never carry anything)."""
    return EMPTY_MAPPING


class SharedTuples:
    """Equal tuples held once, for one load: most events share their participants, tags or
    sources with another. Tuples of strings are looked up by value, and the strings of one
    not met before interned (a chronology's country codes and tags are a few hundred strings
    written a million times); tuples of models (a load's sources, themselves shared) by the
    models' identities, which is cheaper."""

    def __init__(self) -> None:
        self._by_value: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._by_identity: dict[int | tuple[int, ...], tuple[object, ...]] = {}

    def of_strings(self, items: tuple[str, ...]) -> tuple[str, ...]:
        """The tuple held for `items`' strings: the one met first, its strings interned."""
        held = self._by_value.get(items)
        if held is None:
            held = self._by_value[items] = tuple(map(_interned, items))
        return held

    def of_models(self, items: tuple[_T, ...]) -> tuple[_T, ...]:
        """The tuple held for these very models."""
        # the key's identities stay valid: the tuple kept as its value holds the models alive;
        # one model (the usual case) is keyed by its identity alone, not a tuple of it
        key = id(items[0]) if len(items) == 1 else tuple(map(id, items))
        return self._by_identity.setdefault(key, items)  # type: ignore[return-value]


class SharedStrings:
    """Equal strings held once, for one load: the links that name an event are one string,
    which the event's id then becomes too (`held`). Only what `of` is given is held (links
    name a few events, a table of every id would cost a million of them 50 MB); unlike
    `sys.intern`, it goes with the load."""

    def __init__(self) -> None:
        self._held: dict[str, str] = {}

    def of(self, text: str) -> str:
        """The string held for `text`: the first equal one given."""
        return self._held.setdefault(text, text)

    def held(self, text: str) -> str:
        """The string held equal to `text`, else `text` (which is not held for it)."""
        return self._held.get(text, text)


class SharedModels:
    """Equal frozen models held once, for one load, each with a key-sharing `__dict__`: many
    events link to one event the same way (`part-of` a whole, `responds-to` a crisis).

    Models are equal when their kind, set of given fields (itself shared, `_fields_sets`) and
    values are; a model with an unhashable value is left as it is.
    """

    def __init__(self) -> None:
        #: by all but the last value, then by the last (a link's target): no key of its own
        #: is kept for each model
        self._held: dict[tuple[object, ...], dict[object, object]] = {}

    def of(self, model: _T) -> _T:
        """The model held for one equal to `model`: the first given, its `__dict__` made
        key-sharing."""
        values: dict[str, Any] = model.__dict__
        *first, last = values.values() or (None,)
        given = getattr(model, "__pydantic_fields_set__", None)
        try:
            alike = self._held.setdefault((type(model), id(given), *first), {})
            held = alike.get(last)
        except TypeError:  # a list or a dict among the values
            return model
        if held is None:
            object.__setattr__(model, "__dict__", key_sharing_dict(type(model), values))
            held = alike[last] = model
        return held  # type: ignore[return-value]


def _interned(text: str) -> str:
    """`text` interned; a subclass of str (icalendar's vText) as it is, which `sys.intern`
    refuses."""
    return sys.intern(text) if type(text) is str else text


#: A plain class per model holding its values, and the names it holds in their order: CPython
#: shares one table of attribute names among the dicts of a class's instances (PEP 412).
_HOLDERS: dict[type, tuple[Callable[..., object], tuple[str, ...]]] = {}


def key_sharing_dict(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    """A dict equal to `values` whose keys are kept once for all the dicts made for `kind`
    with the same keys in the same order (a model's fields, for its `__dict__`); any other
    keys give a plain copy.

    pydantic gives each model a dict of its own, which for an event's 21 fields is 464 bytes;
    this one holds only the values (240). The holder is a dataclass, whose generated
    `__init__` sets each attribute in turn, three times quicker than `setattr` in a loop.
    Where the interpreter does not share keys it is an ordinary dict, equal all the same.
    The price: CPython 3.11 specializes attribute reads for a model's dict only when it holds
    its keys itself, so each read of a field takes the generic path (about 4% more CPU a
    load, 1 to 8% a writer, on 10,000 to 20,000 events).
    """
    holder = _HOLDERS.get(kind)
    if holder is None:
        names = tuple(values)
        made = make_dataclass(f"{kind.__name__}Values", names, eq=False, repr=False)
        holder = _HOLDERS[kind] = (made, names)
    make, names = holder
    if tuple(values) != names:
        return dict(values)
    return make(*values.values()).__dict__
