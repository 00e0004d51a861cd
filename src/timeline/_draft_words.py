"""The words a draft is guessed from, as data: a new kind's cue, a capital or a demonym is one
more entry here, not code.

Each cue is matched case-blind at a word's start, so `visit` finds "visits" and "visited" (a
cue ending in a space is a whole word). A kind a sentence names outright (summit, vote, drill)
wins in the order listed; else the loose verbs of news decide, the one nearest the date first.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "BACKGROUND_CUES",
    "CAPITALS",
    "CODE_LOOKALIKES",
    "DEMONYMS",
    "KIND_CUES",
    "PEOPLE",
    "STATUS_CUES",
    "STRONG_KIND_CUES",
    "YEARS_OF_BACKGROUND",
]

#: (kind, cues) of the kinds a sentence names outright: the first of these it holds wins.
STRONG_KIND_CUES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("summit", ("summit", "heads of state", "leaders gather", "leaders meet")),
    ("vote", ("vote", "voted", "referendum", "resolution", "ballot", "abstain")),
    ("military-exercise", ("drill", "exercise", "manoeuvre", "maneuver", "war games")),
    ("court-ruling", ("court", "ruling", "ruled", "verdict", "sentenced", "judge")),
    ("sanction", ("sanction", "embargo", "blacklist", "penalis", "penaliz", "ban on")),
)
#: (kind, cues) of the kinds told by a verb news uses loosely ("troops", "said"): of these, the
#: kind whose cue stands nearest the date wins, a tie to the one listed first.
KIND_CUES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("decree", ("decree", "mobilisation", "mobilization", "annex", "signed a law",
                "signed into law", "appointed", "dismissed", "removed", "ordered", "decorated")),
    ("agreement", ("agreement", "agreed", "agree ", "treaty", "accord", "deal ",
                   "memorandum", "signed", "roadmap")),
    ("visit", ("visit", "trip", "tour", "landed", "arrived", "flew to", "travel")),
    ("meeting", ("meeting", "met ", "meets", "meet ", "talks", "hosted", "forum", "conference",
                 "gathering", "received")),
    ("statement", ("said", "says", "announced", "declared", "statement", "told", "warned",
                   "accused", "called on", "urged", "refused", "promised", "stated")),
    ("armed-conflict", ("invasion", "invaded", "invade", "war ", "clash", "fighting",
                        "shelling", "missile", "attack", "offensive", "troops")),
)  # fmt: skip

#: (status, cues): words that say a happening did not, or will not, happen as planned.
STATUS_CUES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("cancelled", ("cancel", "called off", "calls off", "call off", "scrapped", "pulled out")),
    ("postponed", ("postpone", "delayed", "put off", "rescheduled")),
)

#: Words just before a date that make it history rather than news: "founded in 1991",
#: "since independence in 1991", "in power since 2019". Looked for in the six words before it.
BACKGROUND_CUES: Final[tuple[str, ...]] = (
    "founded",
    "established",
    "created",
    "formed",
    "born",
    "independence",
    "in power",
    "came to power",
    "took office",
    "took power",
    "has ruled",
    "has led",
    "ruled since",
    "dating back",
    "dates back",
    "collapse of the soviet",
    "soviet union",
    "since the",
)

#: A date whose start lies more than this many years before the article is background too.
YEARS_OF_BACKGROUND: Final = 2

#: Capitals and other cities of the region's news, by their English name: a place beside the
#: gazetteer's (which holds the renamed ones, Astana under every name).
CAPITALS: Final[dict[str, str]] = {
    "Almaty": "KZ",
    "Ankara": "TR",
    "Ashgabat": "TM",
    "Baku": "AZ",
    "Beijing": "CN",
    "Berlin": "DE",
    "Bishkek": "KG",
    "Brussels": "BE",
    "Cholpon-Ata": "KG",
    "Dushanbe": "TJ",
    "Istanbul": "TR",
    "London": "GB",
    "Minsk": "BY",
    "Moscow": "RU",
    "New York": "US",
    "Paris": "FR",
    "Samarkand": "UZ",
    "Tashkent": "UZ",
    "Tbilisi": "GE",
    "Tehran": "IR",
    "Washington": "US",
    "Xi'an": "CN",
    "Yerevan": "AM",
}

#: Adjectives and peoples that name a country as a participant ("the Kazakh president").
DEMONYMS: Final[dict[str, str]] = {
    "Afghan": "AF",
    "American": "US",
    "Armenian": "AM",
    "Azerbaijani": "AZ",
    "Belarusian": "BY",
    "British": "GB",
    "Chinese": "CN",
    "French": "FR",
    "German": "DE",
    "Iranian": "IR",
    "Kazakh": "KZ",
    "Kazakhstani": "KZ",
    "Kyrgyz": "KG",
    "Russian": "RU",
    "Russians": "RU",
    "Tajik": "TJ",
    "Turkish": "TR",
    "Turkmen": "TM",
    "Ukrainian": "UA",
    "Uzbek": "UZ",
    "Kremlin": "RU",
    "Kazakstan": "KZ",  # IWPR's house spelling
    "Kirgizia": "KG",
    "Turkey": "TR",  # CLDR's English name is Türkiye
}

#: Leaders and ministers the region's news names by surname alone, as the country they speak for.
PEOPLE: Final[dict[str, str]] = {
    "Putin": "RU",
    "Lavrov": "RU",
    "Tokayev": "KZ",
    "Nazarbayev": "KZ",
    "Mirziyoyev": "UZ",
    "Rahmon": "TJ",
    "Japarov": "KG",
    "Berdimuhamedov": "TM",
    "Erdogan": "TR",
    "Erdoğan": "TR",
    "Xi Jinping": "CN",
    "Macron": "FR",
    "Scholz": "DE",
    "Baerbock": "DE",
    "Biden": "US",
    "Blinken": "US",
    "Zelensky": "UA",
    "Zelenskyy": "UA",
    "Lukashenko": "BY",
    "Aliyev": "AZ",
    "Pashinyan": "AM",
}

#: Two-letter country codes that are also English words written in capitals: not read as codes.
_LOOKALIKES = """
AM AS AT BE BY DO GO HE HI ID IN IS IT ME MY NO OF OK ON OR SO TO UP WE AN PM TV
"""
CODE_LOOKALIKES: Final[frozenset[str]] = frozenset(_LOOKALIKES.split())
