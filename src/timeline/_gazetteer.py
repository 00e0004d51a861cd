"""Places and organisations under every name they have had: the name a place bore on a day,
whether two places written differently are one, the acronym an alias stands for.

Names are data, not code: the built-in table (`places.toml`, beside this module) holds renamed
places of the region, Astana first, and a timeline's own `places` add to it or replace an entry
by its key, so a newsroom extends it without a release. The model knows nothing of this module
but its name; writers, selection and merge ask it through `Timeline.gazetteer`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from timeline._codes import ORGANISATION_ALIASES

if TYPE_CHECKING:
    from timeline._model import KnownPlace, Place

__all__ = ["Gazetteer", "Naming", "built_in_places"]

#: Two places with coordinates this close (in km) are one, whatever they are called.
_SAME_SPOT_KM = 30.0


@cache
def built_in_places() -> Mapping[str, KnownPlace]:
    """The places `timeline` knows without being told, read once from `places.toml`."""
    from timeline._model import KnownPlace

    text = resources.files("timeline").joinpath("places.toml").read_text(encoding="utf-8")
    return {key: KnownPlace.model_validate(entry) for key, entry in tomllib.loads(text).items()}


class Naming(NamedTuple):
    """What a place was called on a day (`then`) and is called now (`now`), for the writers."""

    then: str
    now: str


class Gazetteer:
    """The places and organisation names of one timeline: the built-in table and its own."""

    def __init__(
        self, places: Mapping[str, KnownPlace], organisation_aliases: Mapping[str, str]
    ) -> None:
        self.places: Mapping[str, KnownPlace] = {**built_in_places(), **places}
        self.aliases: Mapping[str, str] = {**ORGANISATION_ALIASES, **organisation_aliases}
        self._by_name: dict[str, list[str]] = {}
        self._known: dict[str, bool] = {}
        for key, known in self.places.items():
            for name in {*(each.name for each in known.names), *known.aliases}:
                self._by_name.setdefault(name.casefold(), []).append(key)

    def knows(self, name: str) -> bool:
        """Whether `name` is a name or alias of a known place: the writers ask it of every
        event's place, so the answer is kept per name as written (most places are none)."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = name.casefold() in self._by_name
        return known

    def key_of(self, place: Place | None) -> str | None:
        """The key of the known place `place` is one of (by any of its names), else None.

        A name two entries share is told apart by the country; a place whose country is not the
        entry's is not that entry.
        """
        if place is None:
            return None
        keys = self._by_name.get(place.name.casefold(), ())
        fitting = [
            key
            for key in keys
            if place.country is None
            or self.places[key].country is None
            or self.places[key].country == place.country
        ]
        return fitting[0] if len(fitting) == 1 else None

    def naming(self, place: Place, day: date | None) -> Naming | None:
        """The name `place` bore on `day` and its name now; None for a place not in the table,
        whose name is printed as written."""
        key = self.key_of(place)
        if key is None:
            return None
        names = self.places[key].names
        now = names[-1].name
        if day is None:
            return Naming(now, now)
        then = names[0].name
        for each in names:  # the last name whose first day is on or before `day`
            if each.since is None or each.since <= day:
                then = each.name
        return Naming(then, now)

    def same_place(self, one: Place | None, other: Place | None) -> bool | None:
        """Whether two places are one: True, False, or None when it cannot be told.

        Two known places are one when they are the same entry, under any names; else
        coordinates less than 30 km apart decide (a city and its airport are one spot); else
        different countries are different places, and the same name (in any case) one place.
        Two names and nothing more say nothing: "Kok-Tash" may be in "Batken Region".
        """
        if one is None or other is None:
            return None
        known = self.key_of(one), self.key_of(other)
        if known[0] is not None and known[1] is not None:
            return known[0] == known[1]
        if one.lat is not None and one.lon is not None and other.lat is not None:
            assert other.lon is not None  # given in pairs
            return _km_apart(one.lat, one.lon, other.lat, other.lon) < _SAME_SPOT_KM
        if one.country and other.country and one.country != other.country:
            return False
        return True if one.name.casefold() == other.name.casefold() else None

    def at_any_of(self, names: set[str]) -> Callable[[Place | None, set[str]], bool]:
        """A test of whether a place answers to one of `names` (a subset of `names` given to
        it), under any name of a known place: for a selection by place."""
        keys = {name: self._by_name.get(name.casefold(), []) for name in names}

        def at(place: Place | None, among: set[str]) -> bool:
            if place is None:
                return False
            own = place.name.casefold()
            key = self.key_of(place)
            return any(name.casefold() == own or key in keys[name] for name in among)

        return at

    def organisation(self, code: str) -> str:
        """The acronym an organisation's other name stands for ("ОДКБ" -> "CSTO"), else `code`."""
        return self.aliases.get(code, code)


def _km_apart(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance on a sphere of the Earth's mean radius (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
