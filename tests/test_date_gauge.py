"""The gauge of dates in news copy (issue 23, item 4): data kept apart from the readers, and
the readers' scores on it.

tests/data/dates/phrases.toml holds date phrases as news copy prints them, each with its
article's day and the reading a careful reader gives it; running.toml holds sentences with
every date in them marked. This module checks the data itself (so a wrong answer in the
gauge is caught before it judges anything), then scores `When.parse` on the phrases, and
`timeline.find_dates` (once it exists) and dateparser's `search_dates` (the peer, when it is
installed) on the running text. Run with `-s` to see the tables.

The scores of `When.parse` are a ratchet: the numbers right may only go up and the numbers
silently wrong only down. A refusal is never counted wrong: it says what it cannot read.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import tomllib
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal
from zoneinfo import available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import DateError, When

DATA = Path(__file__).resolve().parent / "data" / "dates"
KINDS = (
    "direction",
    "zone-word",
    "holiday",
    "range",
    "week-quarter-decade",
    "relative",
    "form",
    "plain",
    "ambiguous",
    "not-a-date",
)
REFUSE = "refuse"
CONSTRUCTED = "constructed"
Outcome = Literal["right", "refused", "wrong"]


@dataclass(frozen=True)
class Phrase:
    """One phrase of phrases.toml."""

    text: str
    reference: date
    zone: str | None
    kind: str
    expect: str
    readings: tuple[str, ...]
    also: tuple[str, ...]
    source: str

    @property
    def right_answers(self) -> frozenset[str]:
        """The canonical texts that count as the right reading."""
        return frozenset({self.expect, *self.also})

    @property
    def label(self) -> str:
        return f"{self.text!r} ({self.reference}, {self.kind})"


@dataclass(frozen=True)
class Marked:
    """One date marked in a running-text case."""

    start: int
    end: int
    text: str
    expect: str
    also: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """One case of running.toml."""

    text: str
    reference: date
    zone: str | None
    found: tuple[Marked, ...]


def _load(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)


def _phrase(raw: dict[str, Any]) -> Phrase:
    return Phrase(
        text=raw["text"],
        reference=raw["reference"],
        zone=raw.get("zone"),
        kind=raw["kind"],
        expect=raw["expect"],
        readings=tuple(raw.get("readings", ())),
        also=tuple(raw.get("also", ())),
        source=raw["source"],
    )


def _case(raw: dict[str, Any]) -> Case:
    found = tuple(
        Marked(f["start"], f["end"], f["text"], f["expect"], tuple(f.get("also", ())))
        for f in raw.get("found", ())
    )
    return Case(raw["text"], raw["reference"], raw.get("zone"), found)


PHRASES = [_phrase(raw) for raw in _load("phrases.toml")["phrase"]]
CASES = [_case(raw) for raw in _load("running.toml")["case"]]


# ---------------------------------------------------------------- the data itself


def test_the_phrases_are_enough_and_most_come_from_news_copy() -> None:
    taken = [p for p in PHRASES if p.source != CONSTRUCTED]
    assert len(PHRASES) >= 180
    assert len(taken) >= 120


def test_every_kind_has_at_least_ten_phrases_and_no_other_kind_is_used() -> None:
    kinds = Counter(p.kind for p in PHRASES)
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 10, kinds


def test_every_phrase_is_one_short_line_read_against_a_real_day() -> None:
    zones = available_timezones()
    for p in PHRASES:
        assert p.text, p.label
        assert p.text == " ".join(p.text.split()), p.label
        assert len(p.text) <= 200, p.label
        assert type(p.reference) is date, p.label
        assert p.zone is None or p.zone in zones, p.label


def test_every_phrase_taken_from_copy_names_its_outlet_and_year() -> None:
    for p in PHRASES:
        if p.source != CONSTRUCTED:
            assert re.search(r"[A-Za-z].*, .*\b(19|20)\d\d\b", p.source), p.label


def test_no_phrase_is_asked_twice() -> None:
    keys = Counter((p.text, p.reference, p.zone) for p in PHRASES)
    assert [key for key, n in keys.items() if n > 1] == []


def test_a_refusal_is_expected_only_where_no_single_reading_is_right() -> None:
    for p in PHRASES:
        refused = p.expect == REFUSE
        assert refused == (p.kind in ("ambiguous", "not-a-date")), p.label
        assert bool(p.readings) == (p.kind == "ambiguous"), p.label
        assert len(set(p.readings)) == len(p.readings) != 1, p.label
        assert not (refused and p.also), p.label


def _canonical_texts() -> list[str]:
    texts = {t for p in PHRASES for t in (p.expect, *p.readings, *p.also) if t != REFUSE}
    texts |= {t for c in CASES for m in c.found for t in (m.expect, *m.also)}
    return sorted(texts)


@pytest.mark.parametrize("text", _canonical_texts())
def test_every_expected_reading_is_canonical_text_that_prints_back_unchanged(text: str) -> None:
    assert str(When.parse(text)) == text


def test_another_right_answer_is_the_same_instant_in_a_named_zone() -> None:
    for p in PHRASES:
        for other in p.also:
            expected, named = When.parse(p.expect), When.parse(other)
            assert named.timezone is not None, p.label
            assert expected.start_point.value == named.start_point.value, p.label


def test_the_running_text_has_enough_cases_and_enough_numbers_that_are_not_dates() -> None:
    assert len(CASES) >= 25
    assert sum(1 for c in CASES if not c.found) >= 8


def test_every_marked_date_is_where_its_offsets_say_in_order_without_overlap() -> None:
    for case in CASES:
        end = 0
        for marked in case.found:
            assert end <= marked.start < marked.end <= len(case.text), marked
            assert case.text[marked.start : marked.end] == marked.text, marked
            assert marked.text == marked.text.strip(), marked
            end = marked.end


# ---------------------------------------------------------------- scoring When.parse


def _read(phrase: Phrase) -> tuple[str | None, bool]:
    """The reading `When.parse` gives (None where it refuses), and whether it warned."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            when = When.parse(phrase.text, zone=phrase.zone, reference=phrase.reference)
        except DateError:
            return None, bool(caught)
    return str(when), bool(caught)


def outcome(phrase: Phrase) -> Outcome:
    """Right, refused, or silently wrong. Where no single reading is right, a refusal or a
    warning is the right answer; a reading given without a word is wrong."""
    got, warned = _read(phrase)
    if phrase.expect == REFUSE:
        return "right" if got is None or warned else "wrong"
    if got is None:
        return "refused"
    return "right" if _same_reading(got, phrase.right_answers) else "wrong"


def _same_reading(got: str, answers: frozenset[str]) -> bool:
    """The text of a right answer, or the same days with the same qualifiers written another
    way ("1990/1999" is "199X"): two readers may spell one meaning apart."""
    if got in answers:
        return True
    mine = When.parse(got)
    return any(_meaning(mine) == _meaning(When.parse(answer)) for answer in answers)


def _meaning(when: When) -> tuple[object, ...]:
    return (when.first_day, when.last_day, when.is_timed, when.approximate, when.uncertain)


def _table(scores: dict[str, Counter[str]], title: str) -> str:
    lines = [title, f"{'kind':22} {'n':>4} {'right':>6} {'refused':>8} {'wrong':>6}"]
    for kind in (*KINDS, "all"):
        row = scores[kind]
        n = sum(row.values())
        lines.append(
            f"{kind:22} {n:4} {row['right']:6} {row['refused']:8} {row['wrong']:6}"
            f"   {100 * row['right'] / max(n, 1):5.1f}% right"
        )
    return "\n".join(lines)


# A floor to raise and a ceiling to lower, as the readers learn. First measured on main at
# 6d8c0ab, before issue 23's readers: 176 right, 16 silently wrong. Now (issue 23 item 1 and the
# direction words' final readings): 266 right, 11 silently wrong. "ambiguous" fell from 8 right
# to 7: "By Thursday evening" and "By Wednesday evening" were refused (no reader for "by") and
# now read as deadlines ahead, which the gauge calls ambiguous in narrative copy; "next Friday"
# early in the week now warns. The 9 left are year-less dates of past-tense copy read as the
# nearer, later year ("on March 2" written in October), a bare weekday, and "next weekend".
RIGHT_AT_LEAST = {
    "direction": 25,
    "zone-word": 33,
    "holiday": 16,
    "range": 15,
    "week-quarter-decade": 11,
    "relative": 36,
    "form": 31,
    "plain": 63,
    "ambiguous": 7,
    "not-a-date": 29,
    "all": 266,
}
WRONG_AT_MOST = {
    "direction": 0,
    "zone-word": 0,
    "holiday": 0,
    "range": 0,
    "week-quarter-decade": 2,
    "relative": 0,
    "form": 0,
    "plain": 0,
    "ambiguous": 9,
    "not-a-date": 0,
    "all": 11,
}


def test_when_parse_reads_at_least_as_many_phrases_right_and_no_more_wrong() -> None:
    scores: dict[str, Counter[str]] = {kind: Counter() for kind in (*KINDS, "all")}
    wrong = []
    for phrase in PHRASES:
        result = outcome(phrase)
        scores[phrase.kind][result] += 1
        scores["all"][result] += 1
        if result == "wrong":
            wrong.append(f"  {phrase.label}: {_read(phrase)[0]}, not {phrase.expect}")
    print("\n" + _table(scores, "When.parse on tests/data/dates/phrases.toml"))
    print("silently wrong:\n" + "\n".join(wrong))
    for kind, floor in RIGHT_AT_LEAST.items():
        assert scores[kind]["right"] >= floor, f"{kind}: fewer right than measured"
    for kind, ceiling in WRONG_AT_MOST.items():
        assert scores[kind]["wrong"] <= ceiling, f"{kind}: more silently wrong than measured"


@pytest.mark.parametrize(
    ("text", "expect", "expected"),
    [
        ("13 October 2022", "2022-10-13", "right"),
        ("13 October 2022", "2022-10-12", "wrong"),
        ("no date in these words", "2022-10-13", "refused"),
        ("no date in these words", REFUSE, "right"),
        ("13 October", REFUSE, "wrong"),
    ],
)
def test_the_scorer_tells_right_refused_and_silently_wrong_apart(
    text: str, expect: str, expected: Outcome
) -> None:
    kind = "ambiguous" if expect == REFUSE else "plain"
    phrase = Phrase(text, date(2022, 10, 16), None, kind, expect, (), (), CONSTRUCTED)
    assert outcome(phrase) == expected


# ---------------------------------------------------------------- scoring spans in running text

Span = tuple[int, int, str]  # start, end, canonical reading ("" where none was given)


@dataclass(frozen=True)
class SpanScore:
    """What a finder found against the marked dates. Spans match strictly (the same offsets)
    or loosely (they overlap: a finder that keeps "on" in "on Wednesday" still found the
    date); a reading is right on a loose match with a right canonical text, as TempEval
    scores a value. Dates found in text that has none are counted apart."""

    gold: int
    found: int
    exact: int
    overlapping: int
    values_right: int
    in_no_date_cases: int

    @property
    def precision(self) -> float:
        return self.exact / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.exact / self.gold if self.gold else 1.0

    @property
    def value_f1(self) -> float:
        """F1 of (date, reading) pairs: a found date counts only with its right reading."""
        p = self.values_right / self.found if self.found else 1.0
        r = self.values_right / self.gold if self.gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.gold} dates marked, {self.found} found; spans exact {self.exact} "
            f"(precision {self.precision:.2f}, recall {self.recall:.2f}), overlapping "
            f"{self.overlapping} (precision {self.overlapping / max(self.found, 1):.2f}, "
            f"recall {self.overlapping / max(self.gold, 1):.2f}); "
            f"{self.values_right} with the right reading "
            f"(value F1 {self.value_f1:.2f}); {self.in_no_date_cases} found in text with no date"
        )


def _overlaps(start: int, end: int, marked: Marked) -> bool:
    return start < marked.end and marked.start < end


def _match(case: Case, spans: list[Span]) -> tuple[int, int, int]:
    """(exact, overlapping, right readings) of one case: each marked date matches once."""
    exact = overlapping = right = 0
    free = list(case.found)
    for start, end, value in spans:
        hit = next((m for m in free if _overlaps(start, end, m)), None)
        if hit is None:
            continue
        free.remove(hit)
        overlapping += 1
        exact += (start, end) == (hit.start, hit.end)
        right += value in (hit.expect, *hit.also)
    return exact, overlapping, right


def score_spans(cases: Iterable[tuple[Case, list[Span]]]) -> SpanScore:
    """Score what a finder returned for each case against the marked dates."""
    gold = found = exact = overlapping = right = spurious = 0
    for case, spans in cases:
        gold += len(case.found)
        found += len(spans)
        spurious += 0 if case.found else len(spans)
        e, o, r = _match(case, spans)
        exact, overlapping, right = exact + e, overlapping + o, right + r
    return SpanScore(gold, found, exact, overlapping, right, spurious)


def _gold_spans(case: Case) -> list[Span]:
    return [(m.start, m.end, m.expect) for m in case.found]


def test_the_marked_dates_score_perfectly_against_themselves() -> None:
    score = score_spans((case, _gold_spans(case)) for case in CASES)
    assert (score.precision, score.recall, score.value_f1) == (1.0, 1.0, 1.0)
    assert score.in_no_date_cases == 0


@given(st.data())
def test_dropping_found_dates_keeps_precision_and_lowers_recall(data: st.DataObject) -> None:
    kept = [(case, [s for s in _gold_spans(case) if data.draw(st.booleans())]) for case in CASES]
    score = score_spans(kept)
    assert score.precision == 1.0
    assert score.recall == sum(len(spans) for _, spans in kept) / score.gold


@given(st.sampled_from([c for c in CASES if c.found]), st.integers(1, 3))
def test_a_span_off_by_some_characters_matches_only_loosely(case: Case, shift: int) -> None:
    start, end, value = _gold_spans(case)[0]
    score = score_spans([(case, [(start, end + shift, value), (start, end, value)])])
    assert (score.exact, score.overlapping, score.values_right, score.found) == (0, 1, 1, 2)


def _finder_spans(finder: Callable[..., Any], case: Case) -> list[Span]:
    kwargs: dict[str, Any] = {"reference": case.reference}
    if case.zone is not None and "zone" in inspect.signature(finder).parameters:
        kwargs["zone"] = case.zone
    spans = []
    for found in finder(case.text, **kwargs):
        assert case.text[found.start : found.end] == found.text, found
        spans.append((found.start, found.end, str(found.when)))
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), spans
    return spans


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    text: str
    when: When


def _marked_finder(text: str, *, reference: date, zone: str | None = None) -> list[_Found]:
    """A finder that knows the answers: it checks how the gauge calls and reads a finder."""
    case = next(c for c in CASES if (c.text, c.reference, c.zone) == (text, reference, zone))
    return [_Found(m.start, m.end, m.text, When.parse(m.expect)) for m in case.found]


def test_a_finder_that_finds_every_marked_date_scores_perfectly() -> None:
    score = score_spans((case, _finder_spans(_marked_finder, case)) for case in CASES)
    assert (score.precision, score.recall, score.value_f1) == (1.0, 1.0, 1.0)


# Measured on the branch that added find_dates (issue 23, item 2): floors to raise as it learns.
FIND_DATES_AT_LEAST = {"precision": 0.98, "recall": 0.98, "value_f1": 0.94}


def test_find_dates_finds_the_marked_dates_and_none_in_numbers() -> None:
    find_dates = getattr(timeline, "find_dates", None)
    if find_dates is None:
        pytest.skip("timeline.find_dates does not exist yet (issue 23, item 2)")
    score = score_spans((case, _finder_spans(find_dates, case)) for case in CASES)
    print("\n" + score.line("timeline.find_dates on tests/data/dates/running.toml"))
    assert score.in_no_date_cases == 0
    for name, floor in FIND_DATES_AT_LEAST.items():
        assert getattr(score, name) >= floor, f"find_dates: {name} below what was measured"


# ---------------------------------------------------------------- the peer: dateparser


def _dateparser_spans(search_dates: Callable[..., Any], case: Case) -> list[Span]:
    settings = {"RELATIVE_BASE": datetime.combine(case.reference, datetime.min.time())}
    hits = search_dates(case.text, languages=["en"], settings=settings) or []
    spans, position = [], 0
    for phrase, value in hits:
        start = case.text.find(phrase, position)
        if start < 0:
            continue
        position = start + len(phrase)
        spans.append((start, position, value.date().isoformat()))
    return spans


def test_dateparser_search_dates_as_the_peer_on_the_running_text() -> None:
    if importlib.util.find_spec("dateparser") is None:
        pytest.skip("dateparser is not installed (the peer is optional, not a dependency)")
    search = importlib.import_module("dateparser.search").search_dates
    score = score_spans((case, _dateparser_spans(search, case)) for case in CASES)
    print("\n" + score.line("dateparser.search_dates on tests/data/dates/running.toml"))
    print("  (dateparser gives a datetime: only a reading of one day can be right)")
    assert score.gold == sum(len(case.found) for case in CASES)
