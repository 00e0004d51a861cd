"""No input makes reading slow (issue 19): the date reader, repeating calendar events and the
look-alike check each cost in proportion to what they are given, and what is too much is refused
or cut short with a located message, never a traceback.

Growth is measured as a ratio between two sizes of one input, with margins wide enough that a
busy machine cannot flake them: where work can be counted (calls, occurrences) it is counted.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import TypeVar

import pytest
from dateutil.rrule import rrule

from tests.factories import HEADER, event, event_toml
from tests.helpers import WriteToml, problems_of, time_limit
from timeline import Timeline, When
from timeline._errors import DateError, Problem
from timeline._occurrences import LIMIT, WALK_LIMIT, Occurrences, occurrences
from timeline._review import likely_mistakes
from timeline._when import _reading as _when
from timeline.formats import _ics as ics

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


# -- repeating calendar events ------------------------------------------------------------------


def every_second(*starts: str) -> bytes:
    """A calendar of series repeating every second, one for each DTSTART (123 bytes for one)."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:second-{number}\r\nDTSTART:{start}\r\nRRULE:FREQ=SECONDLY\r\n"
        "SUMMARY:Tick\r\nEND:VEVENT\r\n"
        for number, start in enumerate(starts)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{events}END:VCALENDAR\r\n".encode()


def count_computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every occurrence dateutil computes, the work a window used to walk through."""
    computed = [0]
    real = rrule._iter  # type: ignore[attr-defined]

    def counted(self: rrule) -> Iterator[datetime]:
        for moment in real(self):
            computed[0] += 1
            yield moment

    monkeypatch.setattr(rrule, "_iter", counted)
    return computed


def read_in_window(
    data: bytes, start: date, end: date, limit: int = LIMIT
) -> tuple[Timeline, dict[str, Occurrences], list[str]]:
    """The file read whole, and its series' occurrences in the window: the work a window of
    `show --from/--to` asks for."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chronicle = ics.read(data, "ticks.ics")
        found = occurrences(chronicle, start, end, limit)
    return chronicle, found, [str(item.message) for item in caught]


def test_a_series_from_1970_is_listed_in_a_window_of_2020_promptly_and_capped() -> None:
    """On main `show --from 2020 --to 2030` walked every second since 1970: about 73 minutes."""
    data = every_second("19700101T000000Z")
    assert len(data) < 200
    with time_limit(20):
        chronicle, found, warned = read_in_window(data, date(2020, 1, 1), date(2030, 12, 31))
    assert [event.id for event in chronicle] == ["second-0"]  # one event: the series
    listed = found["second-0"]
    assert len(listed) == LIMIT
    assert listed.capped
    assert listed.items[0].when.start == datetime(2020, 1, 1, tzinfo=UTC)
    assert warned == []


def test_the_work_of_a_window_does_not_depend_on_how_long_ago_the_series_began(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed = count_computed(monkeypatch)
    work = []
    for start in ("20191231T000000Z", "19700101T000000Z", "00010101T000000Z"):
        computed[0] = 0
        with time_limit(10):
            read_in_window(every_second(start), date(2020, 1, 1), date(2030, 12, 31), limit=50)
        work.append(computed[0])
    # a day before the window, fifty years and two thousand years: the same work, a few hundred
    # occurrences (on main: 86,400 a day walked from DTSTART)
    assert max(work) <= 2 * min(work)
    assert max(work) < 20 * (50 + 100)


def test_a_file_of_many_endless_series_is_read_and_listed_within_its_caps() -> None:
    """On main, 40 series repeating every second made 80,000 events (68 s): a series is now
    one event, and the occurrences asked for are capped for each."""
    data = every_second(*["19700101T000000Z"] * 40)
    with time_limit(20):
        chronicle, found, _ = read_in_window(data, date(2020, 1, 1), date(2030, 12, 31), 20)
    assert len(chronicle.events) == 40
    assert [len(listed) for listed in found.values()] == [20] * 40
    assert all(listed.capped for listed in found.values())


def test_a_series_that_cannot_be_jumped_is_not_walked_for_ever() -> None:
    # a COUNT with BY parts cannot be lessened exactly, so DTSTART stays in 1970
    data = every_second("19700101T000000Z").replace(
        b"FREQ=SECONDLY", b"FREQ=SECONDLY;BYMINUTE=5;COUNT=999999999"
    )
    with time_limit(5):
        _, found, _ = read_in_window(data, date(2020, 1, 1), date(2030, 12, 31))
    listed = found["second-0"]
    assert len(listed) == 0
    assert listed.capped
    assert listed.unwalked > WALK_LIMIT


def test_a_rule_that_names_no_day_is_not_stepped_to_the_year_9999() -> None:
    # dateutil finds nothing on 30 February and steps on, a day at a time, to the year 9999
    data = every_second("19700101T000000Z").replace(
        b"FREQ=SECONDLY", b"FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30,31"
    )
    with time_limit(5):
        _, found, warned = read_in_window(data, date(1970, 1, 1), date(9999, 12, 31))
    (note,) = warned
    assert note.startswith("ticks.ics:4: event 'second-0' has a repeat rule whose BYMONTH")
    assert "name no day of any year" in note
    # DTSTART, as for any rule that gives nothing
    assert [each.when.first_day for each in found["second-0"]] == [date(1970, 1, 1)]


# -- the look-alike check -----------------------------------------------------------------------


def shuffled_titles(length: int, count: int = 12) -> list[str]:
    """Titles of the same letters in other orders: the quick bounds cannot tell them apart,
    which left difflib's ratio, quadratic in the length, to do it (30 s at 16,000 letters)."""
    letters = [chr(0x4E00 + (number * 7919) % 2000) for number in range(length)]
    titles = []
    for seed in range(count):
        random.Random(seed).shuffle(letters)
        titles.append("".join(letters))
    return titles


def review(titles: list[str]) -> list[tuple[int, Problem]]:
    return likely_mistakes([event(f"e{n}", title=title) for n, title in enumerate(titles)], None)


def test_twelve_titles_of_16000_letters_are_compared_promptly() -> None:
    titles = shuffled_titles(16_000)
    with time_limit(10):
        assert review(titles) == []
    with time_limit(10):
        found = review([titles[0]] * 12)
    assert len(found) == 11  # the same long title twelve times: each told it looks like one


def test_the_look_alike_check_grows_linearly() -> None:
    events = {
        size: [event(f"e{n}", title=t) for n, t in enumerate(shuffled_titles(size))]
        for size in (2000, 16_000)
    }
    with time_limit(20):
        ratio = best_time(lambda: likely_mistakes(events[16_000], None), 3) / best_time(
            lambda: likely_mistakes(events[2000], None), 3
        )
    assert ratio < 30, f"8x the titles took {ratio:.1f}x as long"
