"""Which country a time zone is in, from the tz database's own tables; a country's name, from CLDR.

The `tzdata` package ships `zone.tab` (each zone's country) and `zone1970.tab` (zones shared by
several countries since 1970), so the rules that catch a place in the wrong zone follow the same
tz release as the offsets they protect. Names are printed in Markdown and HTML meant for
publication, so they come from CLDR's English (through `babel`), not from the tz database's
`iso3166.tab`, whose names are keys for a zone picker ("Britain (UK)", "Korea (South)").
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final

from timeline._codes import COUNTRIES

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


#: Where CLDR's standard English name carries a qualifier a newspaper does not print: CLDR's
#: own short forms (its `alt="short"`, which babel does not ship) and, for the two Congos, whose
#: standard names are told apart by their capitals, the names of the states themselves.
_AS_PRINTED: Final = {
    "MM": "Myanmar",  # standard: "Myanmar (Burma)"
    "HK": "Hong Kong",  # "Hong Kong SAR China"
    "MO": "Macao",  # "Macao SAR China"
    "PS": "Palestine",  # "Palestinian Territories"
    "CD": "Democratic Republic of the Congo",  # "Congo - Kinshasa"
    "CG": "Republic of the Congo",  # "Congo - Brazzaville"
}


@cache
def _names() -> dict[str, str]:
    """Every country's English name, the same on every machine (English whatever the locale).

    babel is imported here, on first use: loading it and its English data takes about 45 ms,
    which `timeline check` of a valid file never needs.
    """
    from babel import Locale

    territories: dict[str, str] = dict(Locale("en").territories)
    return {
        code: _AS_PRINTED.get(code) or name.replace(" & ", " and ")
        for code, name in territories.items()
        if code in COUNTRIES  # not CLDR's regions, groupings and test codes (EU, ZZ, XA)
    }


def country_name(code: str) -> str | None:
    """A country's English name as a newspaper prints it ("United Kingdom", "South Korea"),
    from CLDR; None for a code CLDR does not name."""
    return _names().get(code)
