"""Damaged files: whatever is done to a readable file, reading it ends in our error or a timeline.

Each example takes the shipped chronology in one of the readable formats, cuts, repeats or
overwrites a few bytes, and reads the result. A traceback from anywhere inside a reader (an
IndexError in a locator, a decoder's own exception) is the failure this guards against.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline import formats
from timeline._errors import TimelineError, TimelineWarning
from timeline.formats import _csv as timeline_csv
from timeline.formats import _json as timeline_json

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "events.toml"
MARKS = b'"[]{}=,.:;#\\/~?- x0\r\n\t\xd0'


@cache
def original(format: str) -> bytes:
    chronology = timeline.load(SHIPPED)
    if format == "toml":
        return SHIPPED.read_bytes()
    if format == "json":
        return timeline_json.to_json(chronology).encode()
    if format == "csv":
        return timeline_csv.to_csv(chronology).encode()
    return timeline.to_ics(chronology)


_Edit = tuple[float, int, int, int, float]

# an edit: where (a fraction of the length); what (0 cut, 1 overwrite a byte with `mark`,
# 2 paste `size` bytes copied from `source`, another fraction of the length); size; mark; source
edits = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1, exclude_max=True),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=1, max_value=80),
        st.sampled_from(list(MARKS)),
        st.floats(min_value=0, max_value=1, exclude_max=True),
    ),
    min_size=1,
    max_size=6,
)


def damage(data: bytes, changes: list[_Edit]) -> bytes:
    damaged = bytearray(data)
    for where, what, size, mark, source in changes:
        at = int(where * len(damaged))
        if what == 0:
            del damaged[at : at + size]
        elif what == 1:
            damaged[at : at + 1] = bytes([mark])
        else:
            start = int(source * len(damaged))
            damaged[at:at] = damaged[start : start + size]
    return bytes(damaged)


@pytest.mark.parametrize("format", ["toml", "json", "csv", "ics"])
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits)
def test_a_damaged_file_gives_our_error_or_a_timeline(format: str, changes: list[_Edit]) -> None:
    data = damage(original(format), changes)
    outcome: timeline.Timeline | TimelineError
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # readers may warn about what they leave out
        try:
            outcome = timeline.loads(data, format=format, source=f"damaged.{format}")
        except TimelineError as error:
            outcome = error
    if isinstance(outcome, TimelineError):
        assert f"damaged.{format}" in str(outcome)  # located, at least by file
    else:
        assert isinstance(outcome, timeline.Timeline)


@pytest.mark.parametrize("format", ["toml", "json", "csv", "ics"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits)
def test_skipping_keeps_what_is_readable_and_locates_what_it_left_out(
    format: str, changes: list[_Edit]
) -> None:
    data = damage(original(format), changes)
    source = f"damaged.{format}"
    spec = formats.format_for(format)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome: timeline.Timeline | TimelineError = spec.read(data, source, on_error="skip")
        except TimelineError as error:
            outcome = error
    if isinstance(outcome, TimelineError):
        assert source in str(outcome)
        return
    for warning in caught:
        assert issubclass(warning.category, TimelineWarning)
        assert str(warning.message).startswith(source), warning.message
    assert isinstance(outcome, timeline.Timeline)
