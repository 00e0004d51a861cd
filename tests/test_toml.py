"""The TOML reader: every kind of malformed file gives a problem located at its file, line,
event and field."""

from __future__ import annotations

import pytest

import timeline
from tests.factories import MALFORMED, write_malformed
from tests.helpers import WriteToml


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_library_reports_a_located_problem(write_toml: WriteToml, name: str) -> None:
    _, line, event_id, field, fragment = MALFORMED[name]
    path = write_malformed(write_toml, name)
    with pytest.raises((timeline.InvalidTimeline, timeline.FormatError)) as caught:
        timeline.load(path)
    error = caught.value
    if isinstance(error, timeline.FormatError):
        problems: tuple[timeline.Problem, ...] = (error.problem,)
    else:
        assert isinstance(error, timeline.InvalidTimeline)
        problems = error.problems
    matching = [p for p in problems if fragment.lower() in str(p).lower()]
    assert matching, f"no problem mentions {fragment!r}: {problems}"
    where = matching[0].location
    assert where.file == str(path)
    if line is not None:
        assert where.line == line
    else:
        assert where.line is not None
    assert where.event_id == event_id
    assert where.field == field
