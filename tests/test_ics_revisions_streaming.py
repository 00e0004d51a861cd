"""A calendar revision is made as the events are read back, not held: each piece of the writer's
VEVENTs revised on its own, into a spool read back a bounded piece at a time, so the result is
the same however the events fall into pieces, and nothing is given before the last refusal."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import chronology, event, source, timelines
from tests.test_ics_revisions import sequence, vevents
from timeline import FormatError, Timeline
from timeline.formats._ics import _previous_feed, _revisions, _writer, ics_chunks, to_ics

UID = "{}@timeline.invalid"


def spread(count: int, *, changed: int | None = None, start: int = 0) -> Timeline:
    """`count` events from `start` over several years; `changed` has a new title."""
    return chronology(
        *(
            event(
                f"e{n}",
                f"{date(2000 + n % 9, 1 + n % 12, 1 + n % 28)}T1{n % 10}:00",
                title=f"Event {n}" + (" (moved)" if n == changed else ""),
                sources=(source(title=f"Article {n}"),),
            )
            for n in range(start, start + count)
        )
    )


def test_a_long_feed_against_itself_is_itself_read_back_a_bounded_piece_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chronicle = spread(2500)
    feed = to_ics(chronicle)
    monkeypatch.setattr(_revisions, "_SPOOLED", 4096)  # the spool moves to a temporary file
    monkeypatch.setattr(_revisions, "_READ", 4096)
    pieces = list(ics_chunks(chronicle, previous=feed))
    assert b"".join(pieces) == feed
    assert len(pieces) > len(feed) // 4096
    assert max(map(len, pieces[1:])) <= 4096  # all but the head


def test_events_in_every_piece_are_revised_and_the_removed_cancelled_at_the_end() -> None:
    before = to_ics(spread(2500))
    after = spread(2400, changed=2300, start=50)  # 50 gone from the start, 50 from the end
    revised = to_ics(after, previous=before)
    assert b"".join(ics_chunks(after, previous=before)) == revised
    old, new = vevents(before), vevents(revised)
    assert set(list(new)[:2400]) == {UID.format(f"e{n}") for n in range(50, 2450)}
    assert all(new[uid] == old[uid] for uid in list(new)[:2400] if uid != UID.format("e2300"))
    assert sequence(new[UID.format("e2300")]) == sequence(old[UID.format("e2300")]) + 1
    gone = [UID.format(f"e{n}") for n in (*range(50), *range(2450, 2500))]
    assert set(list(new)[2400:]) == set(gone)
    assert all("STATUS:CANCELLED" in new[uid] for uid in gone)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=timelines(max_events=6),
    kept=st.lists(st.booleans(), min_size=6, max_size=6),
    renamed=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_the_revision_is_the_same_however_the_events_fall_into_pieces(
    first: Timeline, kept: list[bool], renamed: list[bool]
) -> None:
    events = [
        e.model_copy(update={"title": e.title + " again"}) if renamed[n] else e
        for n, e in enumerate(first.events)
        if kept[n] or e.id == "event-0"  # it stays: the others' links name it
    ]
    second = first.model_copy(update={"events": tuple(events)})
    previous = to_ics(first)
    whole = to_ics(second, previous=previous)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_writer, "_CHUNK", 1)  # a piece for every event
        assert b"".join(ics_chunks(second, previous=previous)) == whole
        assert to_ics(second, previous=previous.decode()) == whole


def test_a_damaged_previous_feed_is_refused_before_the_first_piece() -> None:
    damaged = to_ics(spread(30)).replace(b"END:VEVENT\r\n", b"", 1)
    pieces = ics_chunks(spread(30), previous=damaged)
    with pytest.raises(FormatError, match="previous feed"):
        next(pieces)


def test_the_previous_feed_is_read_alike_as_bytes_text_or_with_its_line_ends_changed() -> None:
    before = to_ics(spread(300))
    after = spread(280, changed=150, start=10)
    revised = to_ics(after, previous=before)
    changed_ends = b"\xef\xbb\xbf" + before.replace(b"\r\n", b"\n")
    assert to_ics(after, previous=before.decode()) == revised
    assert to_ics(after, previous=changed_ends) == revised


def test_a_byte_not_utf8_deep_in_a_long_feed_is_located_by_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_previous_feed, "CHUNK", 1000)  # checked a slice at a time
    before = to_ics(spread(300))
    at = before.index(b"Event 250")
    damaged = before[:at] + b"\xff" + before[at:]
    with pytest.raises(FormatError, match="not UTF-8") as raised:
        to_ics(spread(300), previous=damaged)
    assert raised.value.problem.location.line == before.count(b"\n", 0, at) + 1
