"""Tests of `timeline._when._words`: every language's table is complete and consistent, and a
language is added as data: a `Words` the parser reads without a change to its code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from timeline._errors import DateError
from timeline._when import When, _english, _reading
from timeline._when._words import (
    ENGLISH,
    LANGUAGES,
    LEXICON,
    MONTH_NAMES,
    VOCABULARY,
    WEEKDAY_NAMES,
    Lexicon,
    Words,
)

#: A language the readers do not know, built here as a new one would be in `_words`.
KAZAKH = Words(
    language="Kazakh",
    months=(
        ("қаңтар",),
        ("ақпан",),
        ("наурыз",),
        ("сәуір",),
        ("мамыр",),
        ("маусым",),
        ("шілде",),
        ("тамыз",),
        ("қыркүйек",),
        ("қазан",),
        ("қараша",),
        ("желтоқсан",),
    ),
    weekdays=(
        ("дүйсенбі",),
        ("сейсенбі",),
        ("сәрсенбі",),
        ("бейсенбі",),
        ("жұма",),
        ("сенбі",),
        ("жексенбі",),
    ),
)

#: What the tokenizer reads as one word: letters, and no digits or underscores.
ONE_WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Readings are cached by text: start and end without any, so none leaks between tests."""
    _reading._parse_cached.cache_clear()
    yield
    _reading._parse_cached.cache_clear()


@pytest.mark.parametrize("words", [*LANGUAGES, KAZAKH], ids=lambda words: words.language)
def test_a_language_names_every_month_and_weekday_in_single_words(words: Words) -> None:
    assert len(words.months) == 12
    assert all(words.months), "every month has at least its name"
    assert len(words.month_abbreviations) in (0, 12)
    assert len(words.weekdays) in (0, 7)
    written = [
        form
        for table in (words.months, words.month_abbreviations, words.weekdays)
        for forms in table
        for form in forms
    ]
    assert all(ONE_WORD.fullmatch(form) for form in written)
    assert all(" " not in word for word in (*words.fillers, *words.range_words))


def test_no_word_means_two_things_across_the_languages() -> None:
    meanings: dict[str, set[tuple[str, int]]] = {}
    for words in LANGUAGES:
        for kind, table in (
            ("month", words.months),
            ("month", words.month_abbreviations),
            ("weekday", words.weekdays),
        ):
            for number, forms in enumerate(table):
                for form in forms:
                    meanings.setdefault(form.lower(), set()).add((kind, number))
    ambiguous = {word: found for word, found in meanings.items() if len(found) > 1}
    assert not ambiguous
    fillers = {word for words in LANGUAGES for word in (*words.fillers, *words.range_words)}
    assert not fillers & meanings.keys(), "a filler is never a name"


def test_the_lexicon_holds_every_form_of_every_language() -> None:
    assert Lexicon.of(LANGUAGES) == LEXICON
    for words in LANGUAGES:
        for number, forms in enumerate(words.months, 1):
            assert all(LEXICON.months[form.lower()] == number for form in forms)
        for number, forms in enumerate(words.weekdays):
            assert all(LEXICON.weekdays[form.lower()] == number for form in forms)


def test_dates_are_written_back_in_english() -> None:
    assert MONTH_NAMES[9] == "October"
    assert WEEKDAY_NAMES[3] == "Thursday"
    assert str(When.parse("13 октября 2022 года").human()) == "13 October 2022"


def test_the_relative_words_are_english_and_consistent() -> None:
    assert all(1 <= first <= last <= 31 for first, last in ENGLISH.day_thirds.values())
    assert all(1 <= first <= last <= 12 for first, last in ENGLISH.month_thirds.values())
    assert set(ENGLISH.day_thirds) == set(ENGLISH.month_thirds)
    assert set(ENGLISH.seasons.values()) == {3, 6, 9, 12}
    assert {*ENGLISH.numbers, *ENGLISH.seasons, *ENGLISH.ordinals} <= VOCABULARY
    assert all(not words.day_shifts for words in LANGUAGES if words is not ENGLISH)


@pytest.mark.usefixtures("fresh_cache")
def test_a_new_language_is_read_once_its_words_are_in_the_lexicon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(DateError, match="unknown word"):
        When.parse("13 қазан 2022")
    monkeypatch.setattr(_english, "LEXICON", Lexicon.of((*LANGUAGES, KAZAKH)))
    assert When.parse("13 қазан 2022") == When.parse("2022-10-13")
    assert str(When.parse("сейсенбі, 11 қазан 2022")) == "2022-10-11"
    assert str(When.parse("маусым 2022")) == "2022-06"
    with pytest.raises(DateError, match="did you mean қазан"):
        When.parse("13 казан 2022")
    with pytest.raises(DateError, match="is a Tuesday, not a Monday"):
        When.parse("дүйсенбі, 11 қазан 2022")
