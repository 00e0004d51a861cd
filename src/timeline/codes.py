"""Closed vocabularies for participants: ISO 3166-1 alpha-2 codes and well-known organisations.

Kept as data rather than a dependency: the list changes rarely and a typo such as "KZK" should be
caught at load time, not discovered in a calendar client.
"""

from __future__ import annotations

import re

__all__ = ["COUNTRIES", "ORGANISATIONS", "ORGANISATION_PATTERN"]

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

#: What an organisation's acronym may look like: "C5+1" and "G7" included.
ORGANISATION_PATTERN = re.compile(r"[A-Z][A-Z0-9+&]{1,15}")
