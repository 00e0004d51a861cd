"""`draft(text, source=...)`: an article's dated sentences as draft events for a writer to finish.

The article is read once for dates (`find_dates`), cut into sentences, and each sentence that
holds a date of news (not of background: "founded in 1991", a date more than two years before
the article) becomes one event: the first such date resolved against the published day, the
phrase kept as `when_text`, the places and participants the sentence names (from the
chronology's own vocabulary: its places, the gazetteer's names, capitals, country names,
demonyms, leaders and organisations), a kind guessed from its words, the sentence as its
`note`. Every draft carries the tag `draft`, which `timeline check` reports as a likely
mistake, so `check --strict` refuses a chronology that still holds one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from timeline._codes import COUNTRIES, ORGANISATION_ALIASES, ORGANISATIONS
from timeline._draft_words import (
    BACKGROUND_CUES,
    CAPITALS,
    CODE_LOOKALIKES,
    DEMONYMS,
    KIND_CUES,
    PEOPLE,
    STATUS_CUES,
    STRONG_KIND_CUES,
    YEARS_OF_BACKGROUND,
)
from timeline._errors import DateError
from timeline._field_types import unique_id
from timeline._gazetteer import Gazetteer
from timeline._geography import country_name
from timeline._model import Event, Place, Source, Timeline, reference_day
from timeline._review import DRAFT_TAG
from timeline._when import When
from timeline._when._finder import Found, find_dates

__all__ = ["DRAFT_TAG", "draft", "sentences"]

#: A draft's title is the sentence's first words, at most this many characters.
TITLE_LENGTH = 80


def draft(text: str, *, source: Source, vocabulary: Timeline | None = None) -> Timeline:
    """A timeline of draft events, one per sentence of `text` that tells of a dated happening.

    `source` is the article; its `published` day is the reference that relative dates ("last
    Thursday") are read against, and each draft's `as_of`. `vocabulary` is a chronology whose
    places, organisations and aliases are recognised beside the built-in ones.

    Raises:
        DateError: the source has no published day to read the article's dates against.
    """
    day = reference_day(None, source.published)
    if day is None:
        raise DateError(
            "drafting needs the day the article was published, to read its dates against",
            "give the source a published day, e.g. published = 2022-10-16",
        )
    words = Vocabulary.of(vocabulary)
    found = find_dates(text, reference=day)
    events: list[Event] = []
    ids: set[str] = set()
    for start, end in sentences(text):
        inside = [each for each in found if start <= each.start and each.end <= end]
        news = [each for each in inside if not _background(text[start : each.start], each, day)]
        if news:
            event = _drafted(text[start:end], start, news[0], source, day, words, ids)
            events.append(event)
    title = f"Drafts from {source.title}"
    organisations = dict(words.declared.items())
    return Timeline(title=title[:200], organisations=organisations, events=tuple(events))


# -- sentences --------------------------------------------------------------------------------

#: Words a full stop ends without ending the sentence.
_ABBREVIATED = """
mr mrs ms dr st gen lt col sgt jan feb mar apr jun jul aug sep sept oct nov dec no vs etc a.m
p.m u.s u.k u.n e.g i.e prof gov sen rep
"""
_ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, end exclusive, blank ones left out: a
    line break ends one, as does a full stop before a capital unless it ends an abbreviation
    ("Oct. 13", "a.m. on")."""
    spans = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _abbreviated(text, match.start()):
            continue
        spans.append((start, match.start() + (0 if match.group()[0].isspace() else 1)))
        start = match.end()
    spans.append((start, len(text)))
    return [(begin, end) for begin, end in _trimmed(text, spans) if end > begin]


def _abbreviated(text: str, dot: int) -> bool:
    word = re.search(r"[\w.]+$", text[max(0, dot - 12) : dot])
    return word is not None and word.group().casefold().strip(".") in _ABBREVIATIONS


def _trimmed(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        yield begin, end


# -- background -------------------------------------------------------------------------------


def _background(before: str, found: Found, day: date) -> bool:
    """Whether a date only gives background: a cue in the six words before it ("founded in",
    "in power since"), or a start more than two years before the article."""
    lead = " ".join(before.casefold().split()[-6:])
    if any(cue in lead for cue in BACKGROUND_CUES):
        return True
    years_ago = day - timedelta(days=round(365.25 * YEARS_OF_BACKGROUND))
    return found.when.first_day < years_ago


# -- one draft --------------------------------------------------------------------------------


def _drafted(
    sentence: str,
    offset: int,
    found: Found,
    source: Source,
    day: date,
    words: Vocabulary,
    ids: set[str],
) -> Event:
    place = words.place_in(sentence)
    when = _settled(found, place, day)
    kind = _kind(sentence, (found.start - offset, found.end - offset))
    status = _first_cue(sentence, STATUS_CUES)
    if status is None:
        status = "scheduled" if when.first_day > day else "occurred"
    participants = words.participants_in(sentence, place)
    title = _title(sentence, found.text)
    return Event(
        id=unique_id(_slug(title, when), ids),
        title=title,
        when=when,
        when_text=" ".join(found.text.split()),
        as_of=day,
        kind=kind,
        status=status,
        place=place,
        participants=participants,
        tags=(DRAFT_TAG,),
        sources=(source,),
        note=" ".join(sentence.split()),
    )


def _settled(found: Found, place: Place | None, day: date) -> When:
    """A time with no zone in the zone of the place the sentence names ("landed in Astana at
    10 a.m."), else as its day: a floating time would be a warning of its own, and the phrase
    kept in `when_text` still has the time."""
    when = found.when
    if not when.floating:
        return when
    if place is not None and place.timezone is not None:
        try:
            return When.parse(found.text, zone=place.timezone, reference=day)
        except DateError:  # a finder may read more than `When.parse` alone
            pass
    first, last = when.first_day, when.last_day
    return When.parse(first.isoformat() if first == last else f"{first}/{last}")


def _kind(sentence: str, at: tuple[int, int]) -> str:
    """The kind the sentence names outright, else the one whose cue is nearest the date (`at`,
    its offsets in the sentence; a cue after it counts twice as far, since English puts the
    verb first: "arrived on Thursday for talks" is a visit), else "other"."""
    strong = _first_cue(sentence, STRONG_KIND_CUES)
    if strong is not None:
        return strong
    folded = " " + sentence.casefold()
    best: tuple[int, int, str] | None = None
    for rank, (kind, cues) in enumerate(KIND_CUES):
        for cue in cues:
            for match in re.finditer(r"(?<=[\s\-(\"'])" + re.escape(cue), folded):
                begin, end = match.start() - 1, match.end() - 1
                gap = at[0] - end if end <= at[0] else 2 * max(0, begin - at[1])
                candidate = (gap, rank, kind)
                best = candidate if best is None else min(best, candidate)
    return best[2] if best is not None else "other"


def _first_cue(sentence: str, cues: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    folded = " " + " ".join(sentence.casefold().split()) + " "
    for value, words in cues:
        if any(f" {word}" in folded or f"-{word}" in folded for word in words):
            return value
    return None


def _title(sentence: str, phrase: str) -> str:
    """The sentence's first words, the date phrase left out with the preposition before it
    (which `find_dates` leaves out of the phrase: "In July, a court..." is "A court..."), cut
    at a word under 80 characters."""
    text = " ".join(_with_preposition(phrase).sub(" ", sentence, count=1).split())
    text = _DATELINE.sub("", text).strip(" ,;:\u2013\u2014-")
    text = re.sub(r"\s+([,.;:])", r"\1", text).rstrip(".")
    while (last := text.rsplit(" ", 1))[-1].casefold() in _DANGLING and len(last) == 2:
        text = last[0].rstrip(" ,;:")
    if len(text) > TITLE_LENGTH:
        text = text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return (text[:1].upper() + text[1:]) or "Draft"


def _with_preposition(phrase: str) -> re.Pattern[str]:
    """The phrase, and the "in", "on", "at" or "during" that may stand before it."""
    return re.compile(r"(?:\b(?:in|on|at|during)\s+)?" + re.escape(phrase), re.IGNORECASE)


#: Words left dangling at a title's end once the date phrase is out ("landed just before").
_DANGLING = frozenset(("on", "in", "at", "by", "just", "before", "after", "since", "until", "of"))
#: A dateline before the story: "Astana \u2013 ", "MOSCOW (Reuters) - ".
_DATELINE = re.compile(r"^[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?(?: \([^)]{1,30}\))? [\u2013\u2014-] ")


def _slug(title: str, when: When) -> str:
    """The title's first words and the date's start at its precision: `...-2022-10-13`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    words = [word for word in re.findall(r"[a-z0-9]+", plain) if word not in _SMALL_WORDS]
    start = re.sub(r"[^0-9]+", "-", str(when).split("/")[0].split("T")[0]).strip("-")
    return "-".join([*words[:5], start or when.first_day.isoformat()])


_SMALL = """
a an the of in on at to and for by with from as its his her
"""
_SMALL_WORDS = frozenset(_SMALL.split())


# -- the vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The names a draft's places and participants are recognised by: one pattern each, built
    once per draft, so a sentence is searched once whatever the size of the vocabulary."""

    places: Mapping[str, Place]
    names: Mapping[str, str]
    declared: Mapping[str, str]
    place_pattern: re.Pattern[str]
    name_pattern: re.Pattern[str]

    @classmethod
    def of(cls, timeline: Timeline | None) -> Vocabulary:
        """The built-in tables, and `timeline`'s own places and organisations."""
        places = _places_of(timeline)
        names = _participant_names(timeline)
        declared = dict(timeline.organisations) if timeline is not None else {}
        return cls(places, names, declared, _alternation(places), _alternation(names))

    def place_in(self, sentence: str) -> Place | None:
        """The first place the sentence names, as the vocabulary knows it."""
        match = self.place_pattern.search(sentence)
        return self.places[match.group()] if match else None

    def participants_in(self, sentence: str, place: Place | None) -> tuple[str, ...]:
        """Every country and organisation the sentence names, in the order named, then the
        place's country."""
        found = [self.names[match.group()] for match in self.name_pattern.finditer(sentence)]
        found += [code for code in re.findall(r"\b[A-Z]{2}\b", sentence) if _is_code(code)]
        if place is not None and place.country is not None:
            found.append(place.country)
        return tuple(dict.fromkeys(found))


def _is_code(token: str) -> bool:
    return token in COUNTRIES and token not in CODE_LOOKALIKES


def _alternation(names: Mapping[str, object]) -> re.Pattern[str]:
    """One pattern for every name, longest first, each a whole word."""
    ordered = sorted(names, key=lambda name: (-len(name), name))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def _places_of(timeline: Timeline | None) -> dict[str, Place]:
    """Each name a place goes by -> the place: capitals, the gazetteer's places under every
    name (as named now), and the places of the vocabulary's events, which win."""
    places = {name: Place(name=name, country=country) for name, country in CAPITALS.items()}
    gazetteer = timeline.gazetteer if timeline is not None else Gazetteer({}, {})
    for known in gazetteer.places.values():
        now = Place(name=known.names[-1].name, country=known.country)
        for name in {*(each.name for each in known.names), *known.aliases}:
            places.setdefault(name, now)
    for event in timeline.events if timeline is not None else ():
        if event.place is not None:
            places[event.place.name] = event.place
    return places


def _participant_names(timeline: Timeline | None) -> dict[str, str]:
    """Each name of a country or an organisation -> its code."""
    names = {name: code for code in sorted(COUNTRIES) if (name := country_name(code))}
    names |= DEMONYMS | PEOPLE
    names |= {name: acronym for acronym, name in ORGANISATIONS.items()}
    names |= {acronym: acronym for acronym in ORGANISATIONS}
    names |= ORGANISATION_ALIASES
    if timeline is not None:
        names |= {name: acronym for acronym, name in timeline.organisations.items()}
        names |= {acronym: acronym for acronym in timeline.organisations}
        names |= dict(timeline.organisation_aliases)
    return names
