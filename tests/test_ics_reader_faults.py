"""Faults of the .ics reader that the shared corpus (tests/test_ics_corpus.py) brought to light,
kept here on small hand-made files so that they stay fixed where the corpus is not available."""

from __future__ import annotations

import warnings
from datetime import date

import pytest

from tests.helpers import time_limit
from timeline._errors import InvalidTimeline, TimelineWarning
from timeline._occurrences import occurrences
from timeline.formats._ics import read


def calendar(body: str) -> bytes:
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//timeline tests//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("start", [date(2000, 1, 1), None])
def test_a_series_with_an_occurrence_on_the_first_day_of_the_window_is_read(
    start: date | None,
) -> None:
    # recurring-ical-events' `after` narrowed its steps below a day from a date and asked the
    # same day forever: an explicit window starting on an occurrence, or the default window
    # (which starts on DTSTART), hung
    data = calendar(
        "BEGIN:VEVENT\nUID:daily\nDTSTART;VALUE=DATE:19991230\nRRULE:FREQ=DAILY;COUNT=40\n"
        "SUMMARY:Daily\nEND:VEVENT\n"
    )
    first = start or date(1999, 12, 30)
    with time_limit(10), warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        chronicle = read(data, "daily.ics")
        found = occurrences(chronicle, first, date(2000, 1, 31))["daily"]
    days = [each.when.first_day for each in found]
    assert days == [date.fromordinal(first.toordinal() + n) for n in range(len(days))]
    assert days[-1] == date(2000, 1, 31)


def test_a_repeating_event_without_dtstart_is_a_located_problem_not_a_traceback() -> None:
    data = calendar("BEGIN:VEVENT\nUID:no-start\nRDATE:19970714T123000Z\nEND:VEVENT\n")
    with pytest.warns(TimelineWarning) as caught:
        assert read(data, "rdate.ics", on_error="skip").events == ()
    assert any("no DTSTART; the event is left out" in str(each.message) for each in caught)
    with pytest.raises(InvalidTimeline) as raised:
        read(data, "rdate.ics")
    [problem] = raised.value.problems
    assert problem.location.line == 4
    assert "no DTSTART" in problem.message
