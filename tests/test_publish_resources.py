"""`publish` cuts its resources from the calendar as it sends them: the calendar is spooled as
`to_ics` makes it and each UID's resource made when it is asked for, so a publish holds one
resource at a time; the resources are the calendar's own text, however it was spooled."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.series_factories import series_timelines
from tests.test_streaming import many
from timeline import Timeline
from timeline import _publish as publishing
from timeline._publish import _blocks, _resources
from timeline.formats._ics import to_ics


def cut(chronicle: Timeline) -> dict[str, list[str]]:
    """Each UID's VEVENTs, cut from the whole calendar by the reader's own function."""
    found: dict[str, list[str]] = {}
    for block in _blocks(to_ics(chronicle, domain="example.org").decode("utf-8"))[2]:
        uid = next(line for line in block.split("\r\n") if line.startswith("UID:"))[4:]
        found.setdefault(uid, []).append(block)
    return found


def check(chronicle: Timeline) -> None:
    head = _blocks(to_ics(chronicle, domain="example.org").decode("utf-8"))[0]
    expected = cut(chronicle)
    with _resources(chronicle, "example.org") as resources:
        assert list(resources) == list(expected)
        assert len(resources) == len(expected)
        for uid, blocks in expected.items():
            data = resources[uid]
            assert data.startswith(head + "X-TIMELINE-CONTENT:sha256-")
            assert data.endswith("".join(blocks) + "END:VCALENDAR\r\n")
            assert data.count("BEGIN:VEVENT") == len(blocks)
        assert "nobody@example.org" not in resources


def test_a_long_calendar_spooled_to_a_file_gives_each_uid_its_own_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(publishing, "_SPOOLED", 1024)  # the spool moves to a temporary file
    check(many(1500))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chronicle=series_timelines(carried=False))
def test_a_series_and_its_overrides_are_one_resource(chronicle: Timeline) -> None:
    check(chronicle)


def test_the_spool_is_closed_when_the_resources_are_done_with() -> None:
    with _resources(many(20), "example.org") as resources:
        assert len(resources) == 20
    assert resources._spool.closed
