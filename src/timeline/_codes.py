"""Closed vocabularies for participants: ISO 3166-1 alpha-2 codes and well-known organisations.

The alpha-2 codes are kept as data, checked at every load without importing anything: the list
changes rarely and a typo such as "KZK" should be caught at load time, not discovered in a
calendar client. The codes writers use instead (alpha-3 above all) are read from CLDR, through
babel, only when a participant is not a code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

__all__ = [
    "COUNTRIES",
    "ORGANISATIONS",
    "ORGANISATION_ALIASES",
    "ORGANISATION_PATTERN",
    "meant_country",
]

_ISO_3166_ALPHA_2 = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""

#: The 249 assigned codes, plus XK (Kosovo): user-assigned, but used by the EU and the IMF.
COUNTRIES: frozenset[str] = frozenset(_ISO_3166_ALPHA_2.split()) | {"XK"}

#: Organisations a chronology of the region names most; a timeline may declare more of its own.
ORGANISATIONS: dict[str, str] = {
    "ASEAN": "Association of Southeast Asian Nations",
    "BRICS": "BRICS",
    "CICA": "Conference on Interaction and Confidence-Building Measures in Asia",
    "CIS": "Commonwealth of Independent States",
    "CSTO": "Collective Security Treaty Organization",
    "EAEU": "Eurasian Economic Union",
    "EU": "European Union",
    "G7": "Group of Seven",
    "G20": "Group of Twenty",
    "IMF": "International Monetary Fund",
    "NATO": "North Atlantic Treaty Organization",
    "OIC": "Organisation of Islamic Cooperation",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "OTS": "Organization of Turkic States",
    "SCO": "Shanghai Cooperation Organisation",
    "UN": "United Nations",
    "WTO": "World Trade Organization",
}

#: Other names of the organisations above, read as their acronym: the Russian acronyms the
#: region's press uses, and names an organisation had before (the Turkic Council became the OTS
#: on 12 November 2021). A timeline may declare more under `organisation_aliases`.
ORGANISATION_ALIASES: dict[str, str] = {
    "ОДКБ": "CSTO",
    "ШОС": "SCO",
    "СНГ": "CIS",
    "ЕАЭС": "EAEU",
    "СВМДА": "CICA",
    "ОТГ": "OTS",
    "CCTS": "OTS",
    "ОБСЕ": "OSCE",
    "ООН": "UN",
    "НАТО": "NATO",
    "ЕС": "EU",
    "БРИКС": "BRICS",
    "ВТО": "WTO",
    "МВФ": "IMF",
    "ОПЕК": "OPEC",
    "ОИС": "OIC",
    "АСЕАН": "ASEAN",
    "Г7": "G7",
    "Г20": "G20",
}

#: What an organisation's acronym may look like: "C5+1" and "G7" included.
ORGANISATION_PATTERN = re.compile(r"[A-Z][A-Z0-9+&]{1,15}")

#: Codes writers use that are neither alpha-2 nor alpha-3: other standards' (the EU's EL, the
#: IOC's GER) and plain habit (UK, USSR). Each maps to the alpha-2 code meant; every alpha-3 code
#: comes from CLDR (`_alpha_3`).
_HABITS = {
    "UK": "GB",
    "EN": "GB",
    "EL": "GR",
    "SP": "ES",
    "KS": "XK",
    "KOS": "XK",
    "XKX": "XK",
    "SU": "RU",
    "USSR": "RU",
    "GER": "DE",
}


@cache
def _alpha_3() -> dict[str, str]:
    """Every ISO 3166-1 alpha-3 code (and CLDR's retired ones, such as SUN and YUG) -> the
    alpha-2 code of the country, or of the first successor CLDR names.

    Read from CLDR's territory aliases through babel, on first use: a table kept by hand had 26
    of the 249, so `IDN` was taken for an unknown organisation.
    """
    from babel.core import get_global

    aliases: Mapping[str, list[str]] = get_global("territory_aliases")
    return {
        code: meant[0]
        for code, meant in aliases.items()
        if len(code) == 3 and code.isalpha() and meant and meant[0] in COUNTRIES
    }


def meant_country(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a writer most likely meant by `code`, if it is not one.

    `"kz"` -> `"KZ"`, `"UK"` -> `"GB"`, `"KAZ"` -> `"KZ"`, `"IDN"` -> `"ID"`; None when nothing
    plausible is known.
    """
    upper = code.strip().upper()
    if upper in _HABITS:
        return _HABITS[upper]
    if upper != code and upper in COUNTRIES:
        return upper
    if len(upper) == 3 and upper.isalpha() and upper not in ORGANISATIONS:
        return _alpha_3().get(upper)
    return None
