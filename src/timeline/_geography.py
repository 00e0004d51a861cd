"""Which country a time zone is in, and a country's name: read from the tz database's own tables.

The `tzdata` package ships `zone.tab` (each zone's country), `zone1970.tab` (zones shared by
several countries since 1970) and `iso3166.tab` (country names), so the rules that catch a place in
the wrong zone follow the same tz release as the offsets they protect.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["countries_of_zone", "country_name", "listed", "zones_of_country"]


def _rows(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zone_table() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    by_country: dict[str, list[str]] = {}
    by_zone: dict[str, set[str]] = {}
    for row in _rows("zone.tab"):
        country, zone = row[0], row[2]
        by_country.setdefault(country, []).append(zone)
        by_zone.setdefault(zone, set()).add(country)
    for row in _rows("zone1970.tab"):
        for country in row[0].split(","):
            by_zone.setdefault(row[2], set()).add(country)
    countries = {country: tuple(zones) for country, zones in by_country.items()}
    return countries, {zone: frozenset(codes) for zone, codes in by_zone.items()}


@cache
def _same_rules(zone: str) -> str | None:
    """The listed zone whose compiled rules are byte-identical: an alias such as Asia/Calcutta."""
    folder = resources.files("tzdata").joinpath("zoneinfo")
    try:
        wanted = folder.joinpath(*zone.split("/")).read_bytes()
    except (OSError, ValueError):
        return None
    for listed in _zone_table()[1]:
        if folder.joinpath(*listed.split("/")).read_bytes() == wanted:
            return listed
    return None


def countries_of_zone(zone: str) -> frozenset[str]:
    """The ISO codes of the countries that use `zone`; empty for UTC, Etc/… and unknown names."""
    by_zone = _zone_table()[1]
    if zone in by_zone:
        return by_zone[zone]
    if zone.startswith("Etc/") or "/" not in zone:
        return frozenset()
    listed = _same_rules(zone)
    return by_zone[listed] if listed else frozenset()


def zones_of_country(country: str) -> tuple[str, ...]:
    """The zones the tz database lists for a country, roughly west to east, as zone.tab has them."""
    return _zone_table()[0].get(country, ())


def listed(zones: tuple[str, ...], shown: int = 6) -> str:
    """A country's zones for a message, shortened for countries that have dozens (RU has 26)."""
    text = ", ".join(zones[:shown])
    return text + (f" and {len(zones) - shown} more" if len(zones) > shown else "")


@cache
def _names() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("iso3166.tab")}


def country_name(code: str) -> str | None:
    """The tz database's short English name of a country ("Kyrgyzstan", "Cayman Islands")."""
    return _names().get(code)
