"""Real calendars' series as people see them: every series of the shared corpus of .ics files
(`../shared/ics-corpus/`) gets a sentence, nearly all in words (387 of 388 when written), and
Markdown, the page and TimelineJS write every calendar that holds a series."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timeline
from timeline._wording import rule_words

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "ics-corpus"


def calendars_with_series() -> list[timeline.Timeline]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared .ics corpus is not on this machine (looked in {CORPUS})")
    found = []
    for path in sorted(CORPUS.glob("*/*.ics")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                calendar = timeline.load(path, on_error="skip")
            except timeline.TimelineError:
                continue
        if any(event.repeats is not None for event in calendar):
            found.append(calendar)
    return found


def test_every_series_of_the_corpus_is_said_in_words_or_shown_as_written() -> None:
    calendars = calendars_with_series()
    assert len(calendars) > 40, "the corpus holds series, or the test proves nothing"
    said = written = 0
    for calendar in calendars:
        for event in calendar:
            if event.repeats is None:
                continue
            words = rule_words(event)
            assert words
            if words.startswith("repeats ("):
                written += 1
            else:
                said += 1
        timeline.to_markdown(calendar)
        timeline.to_html(calendar)
        timeline.to_timelinejs(calendar)
    assert said > 50 * written
