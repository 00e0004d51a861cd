"""The words the date readers know, as data: one `Words` per language, read by no parser directly.

The readers look words up in `LEXICON`, built once from `LANGUAGES`: a new language is one more
`Words` here (its month names in every form a sentence puts them in, its weekday names and the
small words a date is wrapped in), and no parser changes. Month and weekday names are read in any
of the languages; the relative phrases ("three weeks ago", "last Thursday", "summer 2022") have
English word order, so their words are English's own fields, empty in the other languages.
Dates are written back in English (`MONTH_NAMES`, `WEEKDAY_NAMES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "LEXICON",
    "MONTH_NAMES",
    "RUSSIAN",
    "VOCABULARY",
    "WEEKDAY_NAMES",
    "Lexicon",
    "Words",
]


@dataclass(frozen=True, slots=True)
class Words:
    """One language's words for dates, spelt as written (lookups ignore case).

    `months` holds, for January to December, the forms a name is suggested in when a word is
    misspelt (a case ending is such a form); `month_abbreviations` those read but never
    suggested. `weekdays` run from Monday, or are empty when the language has none yet.
    """

    language: str
    months: tuple[tuple[str, ...], ...]
    month_abbreviations: tuple[tuple[str, ...], ...] = ()
    weekdays: tuple[tuple[str, ...], ...] = ()
    #: words a date may carry that say nothing ("the", "of"; Russian "в", "года")
    fillers: frozenset[str] = frozenset()
    #: words that join the two ends of a range, as a dash does ("12 to 13 October")
    range_words: tuple[str, ...] = ()
    # -- the words around an English date ("c. 1984", "in early October", "the end of 2022") ---
    #: said before a rough date, with a full stop ("c. 1984") or a space ("circa 1984")
    approximate_abbreviations: tuple[str, ...] = ()
    approximate_words: tuple[str, ...] = ()
    #: said before a date and meaning nothing more ("on 13 October")
    prepositions: tuple[str, ...] = ()
    #: "the end of April" is "late April": each edge of a span and the third it means
    edge_thirds: dict[str, str] = field(default_factory=dict)
    # -- the words of the relative and vague phrases (English word order) ----------------------
    #: a day named by its distance from the reference day
    day_shifts: dict[str, int] = field(default_factory=dict)
    #: "last", "this", "next" week, month, year or season
    shifts: dict[str, int] = field(default_factory=dict)
    #: number words before a unit ("three weeks ago")
    numbers: dict[str, int] = field(default_factory=dict)
    #: the first month of each season (meteorological, northern)
    seasons: dict[str, int] = field(default_factory=dict)
    #: ordinals of a quarter or a half ("third quarter of 2022"); "last" is the fourth
    ordinals: dict[str, int] = field(default_factory=dict)
    #: thirds of a month (days) and of a year (months): "early October", "late 2022"
    day_thirds: dict[str, tuple[int, int]] = field(default_factory=dict)
    month_thirds: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: the other words only these phrases use, so a misspelt month is not offered for them
    phrase_words: frozenset[str] = frozenset()


ENGLISH: Final = Words(
    language="English",
    months=(
        ("January",),
        ("February",),
        ("March",),
        ("April",),
        ("May",),
        ("June",),
        ("July",),
        ("August",),
        ("September",),
        ("October",),
        ("November",),
        ("December",),
    ),
    month_abbreviations=(
        ("Jan",),
        ("Feb",),
        ("Mar",),
        ("Apr",),
        ("May",),
        ("Jun",),
        ("Jul",),
        ("Aug",),
        ("Sep", "Sept"),
        ("Oct",),
        ("Nov",),
        ("Dec",),
    ),
    weekdays=(
        ("Monday", "Mon"),
        ("Tuesday", "Tue", "Tues"),
        ("Wednesday", "Wed"),
        ("Thursday", "Thu", "Thur", "Thurs"),
        ("Friday", "Fri"),
        ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    ),
    fillers=frozenset({"the", "of", "at", "on"}),
    range_words=("to", "through", "thru"),
    approximate_abbreviations=("c", "ca", "approx"),
    approximate_words=("c", "ca", "circa", "around", "about", "approx", "approximately"),
    prepositions=("on", "in", "during"),
    edge_thirds={"beginning": "early", "start": "early", "middle": "mid", "end": "late"},
    day_shifts={
        "day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "tomorrow": 1,
        "day after tomorrow": 2,
    },
    shifts={"last": -1, "this": 0, "next": 1},
    numbers={
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
    },
    seasons={"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12},
    ordinals={
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
        "last": 4,
    },
    day_thirds={"early": (1, 10), "mid": (11, 20), "late": (21, 31)},
    month_thirds={"early": (1, 4), "mid": (5, 8), "late": (9, 12)},
    phrase_words=frozenset(
        {
            "last",
            "this",
            "next",
            "night",
            "morning",
            "afternoon",
            "evening",
            "day",
            "days",
            "week",
            "weeks",
            "weekend",
            "month",
            "months",
            "year",
            "years",
            "ago",
            "earlier",
            "later",
            "quarter",
            "half",
            "turn",
            "beginning",
            "start",
            "middle",
            "end",
        }
    ),
)

# Russian, as in the TASS, Kazinform or Akorda text a date is often copied from: the month on
# its own ("октябрь 2022"), after a day ("13 октября 2022 года") and after "в" ("в октябре")
RUSSIAN: Final = Words(
    language="Russian",
    months=(
        ("январь", "января", "январе"),
        ("февраль", "февраля", "феврале"),
        ("март", "марта", "марте"),
        ("апрель", "апреля", "апреле"),
        ("май", "мая", "мае"),
        ("июнь", "июня", "июне"),
        ("июль", "июля", "июле"),
        ("август", "августа", "августе"),
        ("сентябрь", "сентября", "сентябре"),
        ("октябрь", "октября", "октябре"),
        ("ноябрь", "ноября", "ноябре"),
        ("декабрь", "декабря", "декабре"),
    ),
    # "\u0433." is the abbreviation of "год" (year), as in "13 октября 2022 \u0433."
    fillers=frozenset({"в", "\u0433", "год", "года"}),
)

#: Every language the readers know, in the order their words are looked up.
LANGUAGES: Final = (ENGLISH, RUSSIAN)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The lookups of several languages at once, made once: lower-case word -> its meaning."""

    months: dict[str, int]
    weekdays: dict[str, int]
    fillers: frozenset[str]
    range_words: frozenset[str]
    #: the month names a misspelt word may be meant as -> how to write the suggestion
    month_spellings: dict[str, str]
    weekday_spellings: dict[str, str]

    @classmethod
    def of(cls, languages: tuple[Words, ...]) -> Lexicon:
        """The lookups of `languages`; a word two languages share keeps the first's meaning."""
        months: dict[str, int] = {}
        weekdays: dict[str, int] = {}
        month_spellings: dict[str, str] = {}
        weekday_spellings: dict[str, str] = {}
        for words in languages:
            for number, forms in enumerate(words.months, 1):
                for form in forms:
                    months.setdefault(form.lower(), number)
                    month_spellings.setdefault(form.lower(), form)
            for number, forms in enumerate(words.month_abbreviations, 1):
                for form in forms:
                    months.setdefault(form.lower(), number)
            for number, forms in enumerate(words.weekdays):
                for form in forms:
                    weekdays.setdefault(form.lower(), number)
                weekday_spellings.setdefault(forms[0].lower(), forms[0])
        return cls(
            months=months,
            weekdays=weekdays,
            fillers=frozenset(word for words in languages for word in words.fillers),
            range_words=frozenset(word for words in languages for word in words.range_words),
            month_spellings=month_spellings,
            weekday_spellings=weekday_spellings,
        )


LEXICON: Final = Lexicon.of(LANGUAGES)

#: How dates are written back: in English.
MONTH_NAMES: Final = tuple(forms[0] for forms in ENGLISH.months)
WEEKDAY_NAMES: Final = tuple(forms[0] for forms in ENGLISH.weekdays)

#: Words that only make sense inside the relative and vague phrases: the reader's errors use
#: them to tell a phrase it does not know from a misspelt month.
VOCABULARY: Final = frozenset(
    word
    for words in LANGUAGES
    for word in (
        *words.day_shifts,
        *words.numbers,
        *words.seasons,
        *words.ordinals,
        *words.day_thirds,
        *words.phrase_words,
    )
)
