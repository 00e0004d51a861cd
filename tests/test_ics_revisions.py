"""Revisions: an export written against the previous feed, so subscribers see what changed.

Calendar apps apply an update only when SEQUENCE went up, so these tests hold what RFC 5545
asks of a feed that changes: unchanged events byte for byte, changed ones a revision higher with
LAST-MODIFIED, removed ones cancelled, and SEQUENCE never lower, over any run of edits.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import chronology, event
from timeline import diff, loads
from timeline._cli import main
from timeline._errors import FormatError, ProblemCode
from timeline._model import Event, Status, Timeline
from timeline.formats._ics import to_ics
from timeline.formats._ics._revisions import content_digest

UID = "{}@timeline.invalid"


def vevents(data: bytes) -> dict[str, str]:
    """Each VEVENT's text by its UID."""
    blocks = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data.decode("utf-8"), re.S)
    found = {re.search(r"^UID:(.*)\r$", block, re.M).group(1): block for block in blocks}  # type: ignore[union-attr]
    assert len(found) == len(blocks)
    return found


def prop(block: str, name: str) -> str | None:
    found = re.search(rf"^{name}:(.*)\r$", block, re.M)
    return None if found is None else found.group(1)


def sequence(block: str) -> int:
    return int(prop(block, "SEQUENCE") or 0)


def base() -> Timeline:
    return chronology(
        event("summit", "2022-10-13"),
        event("plenary", "2022-10-14T09:50", title="Plenary opens"),
        event("visit", "2022-11-02", title="State visit"),
    )


def replaced(chronicle: Timeline, changed: Event) -> Timeline:
    events = tuple(changed if e.id == changed.id else e for e in chronicle.events)
    return chronicle.model_copy(update={"events": events})


def test_an_unchanged_event_keeps_its_bytes_even_when_the_stamp_moves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    old = to_ics(base())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    moved = replaced(base(), event("visit", "2022-11-03", title="State visit"))
    new = vevents(to_ics(moved, previous=old))
    before = vevents(old)
    assert new[UID.format("summit")] == before[UID.format("summit")]
    assert new[UID.format("plenary")] == before[UID.format("plenary")]
    assert new[UID.format("visit")] != before[UID.format("visit")]


def test_the_same_timeline_against_its_own_feed_is_the_same_feed() -> None:
    old = to_ics(base())
    assert to_ics(base(), previous=old) == old
    assert to_ics(base(), previous=old.decode("utf-8")) == old


@pytest.mark.parametrize(
    "changed",
    [
        event("visit", "2022-11-03", title="State visit"),
        event("visit", "2022-11-02", title="State visit to Astana"),
        event("visit", "2022-11-02", title="State visit", status=Status.POSTPONED),
    ],
    ids=["date", "title", "status"],
)
def test_a_changed_event_is_a_revision_higher_with_last_modified(
    changed: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    old = to_ics(base())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    block = vevents(to_ics(replaced(base(), changed), previous=old))[UID.format("visit")]
    previous = sequence(vevents(old)[UID.format("visit")])
    assert sequence(block) == previous + 1
    assert prop(block, "LAST-MODIFIED") == prop(block, "DTSTAMP") == "20270115T080000Z"


def test_without_source_date_epoch_the_stamp_is_the_timelines_and_never_goes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    old = to_ics(base())  # stamped with the latest day the timeline mentions
    earlier = replaced(base(), event("visit", "2022-10-20", title="State visit"))
    block = vevents(to_ics(earlier, previous=old))[UID.format("visit")]
    assert prop(block, "LAST-MODIFIED") == "20221102T000000Z"  # not the new, earlier latest day
    later = replaced(base(), event("visit", "2022-12-01", title="State visit"))
    block = vevents(to_ics(later, previous=old))[UID.format("visit")]
    assert prop(block, "LAST-MODIFIED") == prop(block, "DTSTAMP") == "20221201T000000Z"


def test_what_only_the_options_change_is_a_revision_though_the_chronology_is_the_same() -> None:
    # why revisions compare the written text and not `timeline.diff` of the two chronologies:
    # subscribers see the text, and here only the text changed (the plenary loses its DTEND)
    old = to_ics(base())
    assert not diff(loads(old.decode("utf-8"), format="ics"), base())
    new = vevents(to_ics(base(), previous=old, default_duration=timedelta(0)))
    assert "DTEND" not in new[UID.format("plenary")]
    assert sequence(new[UID.format("plenary")]) == 1
    assert new[UID.format("summit")] == vevents(old)[UID.format("summit")]


def test_a_removed_event_stays_cancelled_a_revision_higher_then_is_left_as_it_is() -> None:
    old = to_ics(base())
    without = base().model_copy(update={"events": base().events[:2]})
    new = to_ics(without, previous=old)
    block = vevents(new)[UID.format("visit")]
    assert prop(block, "STATUS") == "CANCELLED"
    assert prop(block, "SUMMARY") == "Cancelled: State visit"
    assert sequence(block) == 1
    assert prop(block, "LAST-MODIFIED") is not None
    assert to_ics(without, previous=new) == new  # nothing changed: nothing raised again
    assert UID.format("visit") not in vevents(to_ics(without, previous=old, drop_removed=True))


def test_a_removed_postponed_event_reads_back_as_cancelled_not_postponed() -> None:
    postponed = replaced(base(), event("visit", "2022-11-02", title="X", status=Status.POSTPONED))
    old = to_ics(postponed)
    new = to_ics(base().model_copy(update={"events": base().events[:2]}), previous=old)
    block = vevents(new)[UID.format("visit")]
    assert prop(block, "SUMMARY") == "Cancelled: X"
    assert prop(block, "X-TIMELINE-STATUS") is None
    assert sequence(block) == 2


def test_bringing_a_cancelled_event_back_raises_sequence_instead_of_lowering_it() -> None:
    cancelled = replaced(base(), event("visit", "2022-11-02", title="V", status=Status.CANCELLED))
    back = replaced(base(), event("visit", "2022-11-02", title="V"))
    old = to_ics(cancelled)
    assert sequence(vevents(old)[UID.format("visit")]) == 1
    assert sequence(vevents(to_ics(back))[UID.format("visit")]) == 0  # without: as it always was
    assert sequence(vevents(to_ics(back, previous=old))[UID.format("visit")]) == 2


def test_a_removed_event_keeps_its_zone_and_the_feed_stays_valid_for_vobject() -> None:
    only_timed = chronology(event("plenary", "2022-10-14T09:50", title="Plenary opens"))
    old = to_ics(only_timed)
    new = to_ics(chronology(event("summit", "2022-10-13")), previous=old)
    assert b"TZID:Asia/Almaty" in new
    calendar = vobject.readOne(new.decode("utf-8"))
    assert calendar.validate(raiseException=True)
    statuses = {e.uid.value: e.status.value for e in calendar.vevent_list}
    assert statuses == {UID.format("summit"): "CONFIRMED", UID.format("plenary"): "CANCELLED"}
    parsed = icalendar.Calendar.from_ical(new)
    assert [c.errors for c in parsed.walk() if c.errors] == []


def test_the_content_digest_ignores_only_when_and_how_often_it_was_written() -> None:
    block = "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:1\r\nSEQUENCE:0\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    restamped = block.replace("DTSTAMP:1", "DTSTAMP:2\r\nLAST-MODIFIED:2").replace(":0", ":4")
    assert content_digest(block) == content_digest(restamped)
    assert content_digest(block) != content_digest(block.replace(":x", ":y"))


DAMAGED = {
    "not-ours": (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n",
        ProblemCode.VERSION,
        1,
    ),
    "no-calendar": (b"hello\r\n", ProblemCode.VERSION, 1),
    "not-utf8": (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\r\n", ProblemCode.ENCODING, 2),
    "cut-short": (
        b"BEGIN:VCALENDAR\r\nX-TIMELINE-MARKERS:description-date\r\nBEGIN:VEVENT\r\nUID:a\r\n",
        ProblemCode.SYNTAX,
        3,
    ),
    "no-uid": (
        b"BEGIN:VCALENDAR\r\nX-TIMELINE-MARKERS:x\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n",
        ProblemCode.MISSING,
        3,
    ),
    "bad-sequence": (
        b"BEGIN:VCALENDAR\r\nX-TIMELINE-MARKERS:x\r\nBEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:two\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n",
        ProblemCode.SYNTAX,
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_previous_feed_not_ours_or_damaged_is_a_located_error(case: str) -> None:
    data, code, line = DAMAGED[case]
    with pytest.raises(FormatError) as raised:
        to_ics(base(), previous=data)
    assert raised.value.problem.code == code
    assert raised.value.problem.location.line == line
    assert raised.value.problem.hint


# --- over any run of edits ------------------------------------------------------------------

IDS = ("a", "b", "c", "d")
_VERSION = st.dictionaries(
    st.sampled_from(IDS),
    st.tuples(st.integers(1, 4), st.sampled_from(["One", "Two"]), st.booleans()),
)


def version(spec: dict[str, tuple[int, str, bool]]) -> Timeline:
    status = {True: Status.CANCELLED, False: Status.OCCURRED}
    return chronology(
        *(
            event(key, f"2022-10-{day:02d}", title=title, status=status[cancelled])
            for key, (day, title, cancelled) in sorted(spec.items())
        )
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_VERSION, min_size=2, max_size=6), st.booleans())
def test_sequence_never_decreases_and_an_unchanged_event_never_changes(
    versions: list[dict[str, tuple[int, str, bool]]], drop: bool
) -> None:
    feed = to_ics(version(versions[0]))
    for before, after in itertools.pairwise(versions):
        new = to_ics(version(after), previous=feed, drop_removed=drop)
        old_blocks, new_blocks = vevents(feed), vevents(new)
        for uid, block in old_blocks.items():
            if uid in new_blocks:
                assert sequence(new_blocks[uid]) >= sequence(block)
        for key in before.keys() & after.keys():
            if before[key] == after[key]:
                assert new_blocks[UID.format(key)] == old_blocks[UID.format(key)]
            else:
                assert sequence(new_blocks[UID.format(key)]) > sequence(old_blocks[UID.format(key)])
        gone = {uid for uid in old_blocks if uid.partition("@")[0] not in after}
        assert gone.isdisjoint(new_blocks) if drop else gone <= new_blocks.keys()
        feed = new


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def chronology_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(
        '[timeline]\ntitle = "T"\n\n'
        + "".join(
            f'[[events]]\nid = "{key}"\ntitle = "{key}"\nwhen = "2022-10-1{n}"\nkind = "summit"\n'
            '[[events.sources]]\npublisher = "Reuters"\ntitle = "An article"\n\n'
            for n, key in enumerate(("one", "two"))
        ),
        encoding="utf-8",
    )
    return path


def test_export_previous_may_name_the_feed_it_replaces(
    chronology_file: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ics"
    assert main(["export", str(chronology_file), "-o", str(feed)]) == 0
    first = feed.read_bytes()
    text = chronology_file.read_text(encoding="utf-8")
    chronology_file.write_text(text.replace('when = "2022-10-11"', 'when = "2022-10-12"'))
    assert main(["export", str(chronology_file), "-o", str(feed), "--previous", str(feed)]) == 0
    blocks, before = vevents(feed.read_bytes()), vevents(first)
    assert blocks[UID.format("one")] == before[UID.format("one")]
    assert sequence(blocks[UID.format("two")]) == 1


def test_export_drop_removed_leaves_a_removed_event_out(
    chronology_file: Path, tmp_path: Path
) -> None:
    feed, new = tmp_path / "feed.ics", tmp_path / "new.ics"
    assert main(["export", str(chronology_file), "-o", str(feed)]) == 0
    text = chronology_file.read_text(encoding="utf-8")
    chronology_file.write_text(text[: text.index('[[events]]\nid = "two"')], encoding="utf-8")
    assert main(["export", str(chronology_file), "-o", str(new), "--previous", str(feed)]) == 0
    assert prop(vevents(new.read_bytes())[UID.format("two")], "STATUS") == "CANCELLED"
    args = ["export", str(chronology_file), "-o", str(new), "--previous", str(feed)]
    assert main([*args, "--drop-removed"]) == 0
    assert set(vevents(new.read_bytes())) == {UID.format("one")}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["-f", "md", "--previous", "x.ics"], "apply to ics only"),
        (["-f", "ics", "--drop-removed"], "needs --previous"),
    ],
)
def test_revision_options_out_of_place_are_usage_errors(
    chronology_file: Path, extra: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(chronology_file), *extra]) == 2
    assert words in capsys.readouterr().err


def test_a_damaged_previous_feed_is_named_with_its_line(
    chronology_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "old.ics"
    damaged.write_bytes(DAMAGED["no-uid"][0])
    out = tmp_path / "feed.ics"
    assert main(["export", str(chronology_file), "-o", str(out), "--previous", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {damaged}:3: previous feed:")
    assert "Traceback" not in err
    assert not out.exists()
    missing = tmp_path / "missing.ics"
    assert main(["export", str(chronology_file), "-o", str(out), "--previous", str(missing)]) == 1
    assert f"{missing}: no such file" in capsys.readouterr().err
