"""`timeline.diff` and `timeline diff OLD NEW`: one change per edited field, named by its path;
nothing for what only the order of a file or an export's own additions make; the laws a
comparison keeps; the command's output and exit codes."""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import WHENS, chronology, event, paragraphs, rich, timelines, words
from timeline import (
    Change,
    Diff,
    Event,
    Kind,
    Link,
    Place,
    Precision,
    Relation,
    Repeats,
    Source,
    Status,
    Timeline,
    When,
    diff,
)
from timeline._cli import main

SHIPPED = Path("data/events.toml")

#: An edit of one field of an event: given the event and a way to draw, the field's path and
#: the edited event; or None where the field cannot be edited so.
Edited = tuple[str, Event] | None
#: `data.draw`: what an edit draws its new value with.
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _set(event: Event, name: str, value: object) -> Edited:
    return name, event.model_copy(update={name: value})


def _toggled(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    return tuple(each for each in items if each != item) if item in items else (*items, item)


def _nested(event: Event, path: str, value: object) -> Edited:
    """`event` with the field at `place.name`, `sources[0].url` or `vote.yes` set to `value`."""
    outer, name = path.split(".")
    if outer == "sources[0]":
        first = event.sources[0].model_copy(update={name: value})
        return path, event.model_copy(update={"sources": (first, *event.sources[1:])})
    held = getattr(event, outer)
    if held is None:
        return None
    return path, event.model_copy(update={outer: held.model_copy(update={name: value})})


def _nested_carried(event: Event, word: str) -> Edited:
    line = f"X-NOTE:{word}"
    carried = {} if event.carried.get("ics") == line else {"ics": line}
    return "carried.ics", event.model_copy(update={"carried": carried})


def _kind(event: Event, draw: Draw) -> Edited:
    if event.vote is not None:
        return None  # a vote belongs to a vote
    return _set(event, "kind", draw(st.sampled_from(list(Kind))))


def _place(event: Event, draw: Draw) -> Edited:
    if event.place is None:
        return _set(event, "place", Place(name="Astana", country="KZ"))
    return _nested(event, "place.name", draw(words))


def _links(event: Event, draw: Draw) -> Edited:
    if not event.links:
        return None  # only event-0 has none, and nothing to link to but itself
    first = event.links[0]
    rel = Relation.FOLLOWS if first.rel is Relation.RESPONDS_TO else Relation.RESPONDS_TO
    return _set(event, "links", (Link(rel=rel, target=first.target), *event.links[1:]))


def _vote_count(event: Event, draw: Draw) -> Edited:
    if event.vote is None:
        return None
    return _nested(event, "vote.yes", event.vote.yes + draw(st.integers(1, 50)))


def _vote_position(event: Event, draw: Draw) -> Edited:
    if event.vote is None:
        return None
    if not event.vote.positions:
        return None
    gone = sorted(event.vote.positions)[0]
    positions = {code: side for code, side in event.vote.positions.items() if code != gone}
    vote = event.vote.model_copy(update={"positions": positions})
    return f"vote.positions.{gone}", event.model_copy(update={"vote": vote})


def _repeats(event: Event, draw: Draw) -> Edited:
    exact = event.when.precision in (Precision.DAY, Precision.MINUTE, Precision.SECOND)
    if event.series is not None or not exact or event.when.approximate or event.when.is_open:
        return None  # only an exact day or time can start a series
    if event.when.uncertain or event.when.unspecified or event.when.scope is not None:
        return None
    rule = draw(st.sampled_from(["FREQ=DAILY;COUNT=3", "FREQ=WEEKLY", "FREQ=YEARLY;INTERVAL=2"]))
    return _set(event, "repeats", None if event.repeats else Repeats(rule=(rule,)))


_WHENS = st.sampled_from(WHENS).map(lambda text: When.parse(text, zone="Asia/Almaty"))
_URLS = st.none() | st.sampled_from(["https://a.org/", "https://b.org/x"])
_PUBLISHED = st.none() | st.sampled_from(["2021", "2022-10-17"]).map(When.parse)

EDITS: dict[str, Callable[[Event, Draw], Edited]] = {
    "title": lambda e, draw: _set(e, "title", draw(words)),
    "when": lambda e, draw: _set(e, "when", draw(_WHENS)),
    "kind": _kind,
    "status": lambda e, draw: _set(e, "status", draw(st.sampled_from(list(Status)))),
    "summary": lambda e, draw: _set(e, "summary", draw(st.just("") | paragraphs)),
    "note": lambda e, draw: _set(e, "note", draw(st.none() | paragraphs)),
    "when_text": lambda e, draw: _set(e, "when_text", draw(st.none() | words)),
    "as_of": lambda e, draw: _set(e, "as_of", draw(st.none() | st.dates())),
    "participants": lambda e, draw: _set(e, "participants", _toggled(e.participants, "UZ")),
    "absent": lambda e, draw: _set(e, "absent", _toggled(e.absent, "TM")),
    "tags": lambda e, draw: _set(e, "tags", _toggled(e.tags, "new-tag")),
    "links": _links,
    "place": _place,
    "sources": lambda e, draw: _set(e, "sources", (*e.sources, Source(publisher="T", title="X"))),
    "sources[0].publisher": lambda e, draw: _nested(e, "sources[0].publisher", draw(words)),
    "sources[0].url": lambda e, draw: _nested(e, "sources[0].url", draw(_URLS)),
    "sources[0].published": lambda e, draw: _nested(e, "sources[0].published", draw(_PUBLISHED)),
    "vote.yes": _vote_count,
    "vote.positions": _vote_position,
    "repeats": _repeats,
    "uid": lambda e, draw: _set(e, "uid", draw(st.none() | words)),
    "carried.ics": lambda e, draw: _nested_carried(e, draw(words)),
}


def _at(value: Any, path: str) -> object:
    """The value at a change's path: `place.name`, `sources[0].url`, `vote.positions.KZ`."""
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            value = value[int(part.strip("[]"))]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            value = getattr(value, part)
    return value


@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@given(timelines(max_events=3).filter(len), st.sampled_from(sorted(EDITS)), st.data())
def test_each_single_field_edit_is_one_change_naming_the_field(
    old: Timeline, name: str, data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(old.events))
    edited = EDITS[name](target, data.draw)
    assume(edited is not None and edited[1] != target)
    assert edited is not None
    path, changed = edited
    found = diff(old, old.with_event(changed))
    assert found.changed == (Change(target.id, path, _at(target, path), _at(changed, path)),)
    assert not found.added
    assert not found.removed
    assert found


def test_every_field_of_an_event_has_an_edit_above() -> None:
    edited = {name.split(".")[0].split("[")[0] for name in EDITS}
    # the id is what matches events; an occurrence's fields are edited below, with a series
    assert set(Event.model_fields) - {"id", "series", "occurrence"} == edited


def test_moving_an_occurrences_original_start_is_one_change() -> None:
    series = event("briefing", "2023-01-02", repeats="FREQ=WEEKLY;COUNT=5")
    moved = event(
        "briefing-moved", "2023-01-10", series="briefing", occurrence=When.parse("2023-01-09")
    )
    old = chronology(series, moved)
    other = moved.model_copy(update={"occurrence": When.parse("2023-01-16")})
    found = diff(old, old.with_event(other))
    assert found.changed == (
        Change("briefing-moved", "occurrence", When.parse("2023-01-09"), When.parse("2023-01-16")),
    )


@pytest.mark.parametrize("name", sorted(EDITS))
@given(data=st.data())
@settings(max_examples=20)
def test_each_edit_applies_to_some_event_of_every_kind_of_field(
    name: str, data: st.DataObject
) -> None:
    """The same on `rich()`, which has a place, links, a vote with positions: every edit of
    the list is tried on an event that has the field (the generated timelines rarely have a
    vote)."""
    old = rich()
    tried = [(event, EDITS[name](event, data.draw)) for event in old.events]
    applied = [(event, edited) for event, edited in tried if edited and edited[1] != event]
    assume(applied)  # hypothesis fails the test if no draw ever applies
    for target, (path, changed) in applied:
        found = diff(old, old.with_event(changed))
        assert found.changed == (Change(target.id, path, _at(target, path), _at(changed, path)),)


HEADER_EDITS: dict[str, Callable[[Timeline], object]] = {
    "title": lambda t: t.title + " (revised)",
    "description": lambda t: t.description + "\nMore.",
    "timezone": lambda t: None if t.timezone else "Asia/Tashkent",
    "updated": lambda t: date(2031, 1, 1),
}


@given(timelines(max_events=2), st.sampled_from(sorted(HEADER_EDITS)))
def test_each_header_edit_is_one_change_with_no_event(old: Timeline, name: str) -> None:
    value = HEADER_EDITS[name](old)
    new = old.model_copy(update={name: value})
    assert diff(old, new).changed == (Change(None, name, getattr(old, name), value),)


def test_an_organisation_is_compared_by_its_acronym() -> None:
    old = chronology(event(), organisations={"ZZX": "A body", "AAX": "Another"})
    new = old.model_copy(
        update={"organisations": {"AAX": "Another", "ZZX": "A renamed body", "QQX": "New"}}
    )
    assert diff(old, new).changed == (
        Change(None, "organisations.QQX", None, "New"),
        Change(None, "organisations.ZZX", "A body", "A renamed body"),
    )


# -- what is not a change ------------------------------------------------------------------------


def _reordered(chronicle: Timeline) -> Timeline:
    """The timeline given in reverse: events, and every list whose order means nothing."""
    document = chronicle.model_dump()
    for fields in document["events"]:
        for name in ("participants", "absent", "tags", "links"):
            fields[name] = tuple(reversed(fields[name]))
        if fields["vote"]:
            fields["vote"]["positions"] = dict(reversed(fields["vote"]["positions"].items()))
    document["events"] = list(reversed(document["events"]))
    document["organisations"] = dict(reversed(document["organisations"].items()))
    return Timeline.model_validate(document)


@given(timelines())
def test_reordering_is_no_change(chronicle: Timeline) -> None:
    assert not diff(chronicle, _reordered(chronicle))


def test_a_file_written_in_another_order_is_no_change(tmp_path: Path) -> None:
    document = json.loads(timeline.to_json(rich()))
    document["events"].reverse()
    for fields in document["events"]:
        fields["participants"].reverse()
    path = tmp_path / "reversed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert diff(rich(), timeline.load(path)) == Diff()


@pytest.fixture(scope="module")
def shipped() -> Timeline:
    return timeline.load(SHIPPED)


def test_the_shipped_chronology_is_the_same_in_toml_json_and_ics(shipped: Timeline) -> None:
    as_json = timeline.loads(timeline.to_json(shipped), format="json")
    as_ics = timeline.loads(timeline.to_ics(shipped).decode("utf-8"), format="ics")
    assert diff(shipped, as_json) == Diff()
    assert diff(shipped, as_ics) == Diff()
    assert diff(as_json, as_ics) == Diff()


def test_a_calendars_stamp_and_markers_are_no_change(
    shipped: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = timeline.to_ics(shipped)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    unmarked = timeline.to_ics(shipped, mark_dates=False, mark_status=False)
    assert stamped != unmarked  # the bytes differ: DTSTAMP, and titles without markers
    one, other = (
        timeline.loads(data.decode("utf-8"), format="ics") for data in (stamped, unmarked)
    )
    assert diff(one, other) == Diff()


def test_csv_holds_events_alone(shipped: Timeline) -> None:
    as_csv = timeline.loads(timeline.to_csv(shipped), format="csv")
    assert diff(shipped, as_csv, events_only=True) == Diff()
    assert {change.field for change in diff(shipped, as_csv).changed} <= {
        "title",
        "description",
        "timezone",
        "updated",
    }


# -- laws ----------------------------------------------------------------------------------------


@given(timelines())
def test_a_timeline_is_the_same_as_itself(chronicle: Timeline) -> None:
    assert diff(chronicle, chronicle) == Diff()
    assert not diff(chronicle, chronicle)
    assert diff(chronicle, chronicle).lines() == []


def _by_place(changes: tuple[Change, ...]) -> list[tuple[str, str, object, object]]:
    return sorted(((c.id or "", c.field, c.old, c.new) for c in changes), key=lambda c: c[:2])


@given(timelines(), timelines())
def test_diff_both_ways_are_mirror_images(a: Timeline, b: Timeline) -> None:
    forth, back = diff(a, b), diff(b, a)
    assert {e.id for e in forth.added} == {e.id for e in back.removed}
    assert {e.id for e in forth.removed} == {e.id for e in back.added}
    mirrored = [(i, f, new, old) for i, f, old, new in _by_place(forth.changed)]
    assert _by_place(back.changed) == mirrored
    assert bool(forth) == bool(back)
    # equal timelines never differ; unequal ones may not either, when they differ only in the
    # order of what diff compares as sets (tags, participants, links): the mutation tests above
    # show that every real edit is seen
    if a == b:
        assert not forth


# -- the values, as data and as lines ------------------------------------------------------------


def test_the_json_form_has_stable_keys_and_the_exports_values() -> None:
    old = rich()
    moved = old["drill"].model_copy(update={"when": When.parse("2022-09")})
    new = old.with_event(moved).without_event("year-only").with_event(event("added-one"))
    found = diff(old, new)
    document = json.loads(found.to_json())
    assert list(document) == ["same", "added", "removed", "changed"]
    assert document["same"] is False
    assert [e["id"] for e in document["added"]] == ["added-one"]
    assert (
        document["added"][0]
        == json.loads(timeline.to_json(chronology(event("added-one"))))["events"][0]
    )
    assert [e["id"] for e in document["removed"]] == ["year-only"]
    assert document["changed"] == [
        {"id": "drill", "field": "when", "old": "2022-08~", "new": "2022-09"}
    ]
    assert json.loads(Diff().to_json()) == {"same": True, "added": [], "removed": [], "changed": []}


def test_a_line_per_event_and_per_field() -> None:
    old = chronology(
        event("cstp-drills-cancelled", "2022-10-10", title="Drills", place=Place(name="Osh"))
    )
    new = chronology(
        event("cstp-drills-cancelled", "2022-10-11", title="Drills", place=Place(name="Bishkek")),
        event("new-one", "2022-11-01", title="New"),
        title="Renamed",
    )
    assert diff(old, new).lines() == [
        '~ [timeline]  title: "Test chronology" -> "Renamed"',
        '+ new-one  2022-11-01  "New"',
        "~ cstp-drills-cancelled  when: 2022-10-10 -> 2022-10-11",
        '~ cstp-drills-cancelled  place.name: "Osh" -> "Bishkek"',
    ]
    assert diff(new, old).lines()[1] == '- new-one  2022-11-01  "New"'


def test_a_long_value_is_cut_around_its_difference() -> None:
    text = "word " * 40
    old = chronology(event(summary=text + "old ending"))
    new = chronology(event(summary=text + "new ending"))
    (line,) = diff(old, new).lines(width=40)
    before, after = line.split("summary: ", 1)[1].split(" -> ")
    assert "old" in before
    assert "new" in after
    assert max(len(before), len(after)) <= 40
    assert before.startswith("…")


# -- the command line ----------------------------------------------------------------------------


def _exported(tmp_path: Path, chronicle: Timeline, name: str) -> Path:
    path = tmp_path / name
    spec = timeline.formats.format_for(None, path)
    path.write_bytes(spec.write(chronicle))
    return path


def test_the_command_exits_0_and_prints_nothing_when_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_ics = _exported(tmp_path, timeline.load(SHIPPED), "events.ics")
    assert main(["diff", str(SHIPPED), str(as_ics)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", str(SHIPPED), str(as_ics), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["same"] is True


def test_the_command_exits_1_with_a_line_per_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = rich()
    new = old.with_event(old["drill"].model_copy(update={"status": Status.OCCURRED}))
    paths = [
        str(_exported(tmp_path, each, name)) for each, name in ((old, "old.json"), (new, "new.ics"))
    ]
    assert main(["diff", *paths]) == 1
    assert capsys.readouterr().out == "~ drill  status: cancelled -> occurred\n"
    assert main(["diff", *paths, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["changed"] == [
        {"id": "drill", "field": "status", "old": "cancelled", "new": "occurred"}
    ]


def test_a_csv_file_is_compared_on_its_events_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_csv = _exported(tmp_path, timeline.load(SHIPPED), "events.csv")
    assert main(["diff", str(as_csv), str(SHIPPED)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is CSV" in captured.err
    assert main(["diff", "--events-only", str(as_csv), str(SHIPPED)]) == 0
    assert capsys.readouterr().err == ""


def test_trouble_exits_2_as_diff_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invalid = tmp_path / "invalid.toml"
    invalid.write_text('[timeline]\ntitle = "x"\n[[events]]\nid = "a"\n', encoding="utf-8")
    assert main(["diff", str(tmp_path / "missing.toml"), str(SHIPPED)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["diff", str(SHIPPED), str(invalid)]) == 2
    assert "invalid.toml:3: event 'a'" in capsys.readouterr().err
    assert main(["diff", "-", "-"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["diff", str(SHIPPED)])
    assert usage.value.code == 2


def test_one_side_may_be_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = io.TextIOWrapper(io.BytesIO(SHIPPED.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    assert main(["diff", "-", str(SHIPPED)]) == 0
    assert capsys.readouterr().out == ""


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_result_that_cannot_be_written_is_trouble_not_a_difference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old = rich()
    new = old.without_event("year-only")
    paths = [str(_exported(tmp_path, each, f"{n}.json")) for n, each in enumerate((old, new))]
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert main(["diff", *paths]) == 2
    assert "standard output" in capsys.readouterr().err


# -- a window of dates ---------------------------------------------------------------------------


def _versions() -> tuple[Timeline, Timeline]:
    old = chronology(
        event("summit", "2022-10-13"),
        event("visit", "2022-11-28", title="Putin in Astana"),
        event("drill", "2022-06", title="CSTO drill"),
    )
    visit = old["visit"].model_copy(update={"when": When.parse("2022-12-05")})
    new = chronology(old["summit"], visit, event("talks", "2023-03-01", title="Talks in Tashkent"))
    return old, new


def test_a_window_compares_the_events_in_it_in_either_version() -> None:
    old, new = _versions()
    everything = diff(old, new)
    assert [e.id for e in everything.removed] == ["drill"]
    assert [e.id for e in everything.added] == ["talks"]
    found = diff(old, new, start="2022-10", end="2022-11")
    assert (found.added, found.removed) == ((), ())
    assert found.lines() == ["~ visit  when: 2022-11-28 -> 2022-12-05"]  # moved out: changed
    assert not diff(old, new, start="2022-10", end="2022-10")
    assert [e.id for e in diff(old, new, start=date(2023, 1, 1)).added] == ["talks"]


@given(timelines(max_events=4), timelines(max_events=4), st.sampled_from(WHENS))
def test_a_windowed_diff_is_the_full_one_less_what_is_outside_in_both(
    a: Timeline, b: Timeline, window: str
) -> None:
    bound = When.parse(window)
    start, end = bound.first_day, bound.last_day
    inside = {e.id for one in (a, b) for e in one.select(start=start, end=end).events}
    full, windowed = diff(a, b), diff(a, b, start=start, end=end)
    assert windowed.added == tuple(e for e in full.added if e.id in inside)
    assert windowed.removed == tuple(e for e in full.removed if e.id in inside)
    assert windowed.changed == tuple(c for c in full.changed if c.id is None or c.id in inside)


def test_the_command_compares_a_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _versions()
    paths = [str(_exported(tmp_path, one, name)) for one, name in ((old, "a.json"), (new, "b.ics"))]
    assert main(["diff", *paths, "--from", "2022-10", "--to", "November 2022"]) == 1
    assert capsys.readouterr().out == "~ visit  when: 2022-11-28 -> 2022-12-05\n"
    assert main(["diff", *paths, "--from", "2022-10-01", "--to", "2022-10-31"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit) as caught:
        main(["diff", *paths, "--from", "last week"])
    assert caught.value.code == 2
