"""No input makes reading slow (issue 19): the date reader, repeating calendar events and the
look-alike check each cost in proportion to what they are given, and what is too much is refused
or cut short with a located message, never a traceback.

Growth is measured as a ratio between two sizes of one input, with margins wide enough that a
busy machine cannot flake them: where work can be counted (calls, occurrences) it is counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from tests.factories import HEADER, event_toml
from tests.helpers import WriteToml, problems_of, time_limit
from timeline import When, _when
from timeline._errors import DateError

T = TypeVar("T")


def best_time(work: Callable[[], object], repeats: int = 5) -> float:
    """The fastest of a few runs: the run least disturbed by whatever else the machine does."""
    fastest = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def growth(make: Callable[[int], T], work: Callable[[T], object], size: int) -> float:
    """How much longer `work` takes on an input eight times `size` than on one of `size`."""
    small, large = make(size), make(8 * size)
    return best_time(lambda: work(large)) / best_time(lambda: work(small))


def refuse(text: str) -> object:
    with pytest.raises(DateError):
        When.parse(text)
    return None


# -- the date reader ----------------------------------------------------------------------------

REPEATED_WORDS: dict[str, Callable[[int], str]] = {
    "since": lambda n: "since " * n + "2022",
    "until": lambda n: "until " * n + "2022",
    "from-to": lambda n: "from " * n + "2022 to " * n + "2023",
}
SPACED_OUT: dict[str, Callable[[int], str]] = {
    "spaced from-to": lambda n: "from" + " " * n + "2022" + " " * n + "to",
    "trailing word": lambda n: "2022" + " " * n + "x",
}
HOSTILE_DATES = REPEATED_WORDS | SPACED_OUT


@pytest.mark.parametrize("make", REPEATED_WORDS.values(), ids=REPEATED_WORDS.keys())
def test_a_date_longer_than_any_date_is_refused_saying_so(make: Callable[[int], str]) -> None:
    with time_limit(5), pytest.raises(DateError) as caught:
        When.parse(make(1600))
    assert "longer than any date" in caught.value.message
    assert f"at most {_when.LONGEST_DATE}" in caught.value.message
    assert len(str(caught.value)) < 400  # the text is quoted in part, not in full


@pytest.mark.parametrize("make", SPACED_OUT.values(), ids=SPACED_OUT.keys())
def test_spaces_do_not_make_a_date_long(make: Callable[[int], str]) -> None:
    """The whitespace is collapsed first, so what is refused is the short text left."""
    with time_limit(5), pytest.raises(DateError) as caught:
        When.parse(make(20_000))
    assert "  " not in caught.value.message
    assert "longer than any date" not in caught.value.message


@pytest.mark.parametrize("make", HOSTILE_DATES.values(), ids=HOSTILE_DATES.keys())
def test_the_date_reader_grows_linearly(make: Callable[[int], str]) -> None:
    """On main, 'since' * 400 overflowed the stack, the spaced 'from ... to' grew as the cube of
    its length and the trailing word as the square: eight times the text took 64 to 512 times as
    long. Collapsing whitespace and the length bound leave one pass over the text."""
    with time_limit(10):
        ratio = growth(make, refuse, 500)
    assert ratio < 30, f"8x the text took {ratio:.1f}x as long"


def test_whitespace_inside_a_date_is_collapsed_once() -> None:
    assert When.parse("13 \t October\n\n 2022") == When.parse("13 October 2022")
    assert When.parse("from" + " " * 1600 + "2022" + " " * 1600 + "to 2023") == When.parse(
        "2022/2023"
    )


def test_a_long_date_within_the_bound_is_read() -> None:
    # the longest spellings `human()` gives are far inside the bound
    when = When.parse("2022-10-13T09:50:30+05:00/2022-10-14T09:50:30+05:00")
    assert len(when.human()) < _when.LONGEST_DATE
    assert When.parse(when.human(), zone="Asia/Almaty").first_day == when.first_day


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every text `_when._parse` is called on."""
    seen: list[str] = []
    real = _when._parse

    def counted(*args: object, **kwargs: object) -> When:
        seen.append(str(args[0]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_when, "_parse", counted)
    return seen


@pytest.mark.parametrize("word", ["since", "until", "from"])
def test_repeated_words_are_refused_without_recursion(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join([word] * 30 + ["2022", "to 2023" if word == "from" else ""]).strip()
    assert len(text) <= _when.LONGEST_DATE
    seen = count_parses(monkeypatch)
    with pytest.raises(DateError) as caught:
        When.parse(text)
    # the whole text, and at most its first end, whose next "from" the plain reader refuses:
    # on main each word was one more call, until the stack ran out
    assert len(seen) <= 2
    assert caught.value.message.startswith(("unknown word", repr(text)))


def test_a_wrapped_date_is_read_one_wrapper_deep(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = count_parses(monkeypatch)
    assert str(When.parse("since 24 February 2022")) == "2022-02-24/.."
    assert seen == ["since 24 February 2022", "24 February 2022"]


def test_an_over_long_date_in_a_file_is_located(write_toml: WriteToml) -> None:
    text = HEADER + event_toml(when='"' + "since " * 400 + '2022"')
    with time_limit(5):
        (problem,) = problems_of(write_toml, text)
    assert problem.location.event_id == "cica-summit"
    assert problem.location.field == "when"
    assert problem.location.line is not None
    assert "longer than any date" in problem.message


def test_text_too_long_for_a_date_is_not_taken_for_a_phrase() -> None:
    with time_limit(5):
        assert not _when.written_in_words("/" * 200_000)
        assert not _when.written_in_words("since " * 40_000 + "2022")
    assert _when.written_in_words("since 2022")
