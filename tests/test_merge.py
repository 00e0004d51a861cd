"""`timeline.merge`: the laws (a timeline merged with itself is itself, the order of the inputs
does not change what is joined, no source is lost, a merge's output takes its inputs back),
the joined event, the ids kept, the disagreements reported, and series."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import chronology, event, source, timelines
from tests.series_factories import series_timelines
from timeline import (
    Event,
    KnownPlace,
    Link,
    Place,
    PlaceName,
    ProblemCode,
    Relation,
    Repeats,
    Status,
    Timeline,
    Vote,
)

inputs = st.one_of(timelines(max_events=5), series_timelines())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def content(event: Event) -> str:
    """An event as it is, without the id an input gave it."""
    return event.model_dump_json(exclude={"id", "links", "series"})


def groups_by_content(merged: timeline.Merged, *sources: Timeline) -> set[frozenset[str]]:
    named = {f"input {n + 1}": each for n, each in enumerate(sources)}
    return {
        frozenset(f"{name}|{content(named[name][event_id])}" for name, event_id in group)
        for group in merged.groups
    }


@SETTINGS
@given(inputs)
def test_a_timeline_merged_with_itself_is_itself(a: Timeline) -> None:
    assert timeline.merge(a, a).timeline == a
    assert not timeline.merge(a, a).disagreements


@SETTINGS
@given(inputs)
def test_one_timeline_merged_is_itself(a: Timeline) -> None:
    assert timeline.merge(a).timeline == a


@SETTINGS
@given(inputs, inputs)
def test_the_order_of_the_inputs_does_not_change_the_groups(a: Timeline, b: Timeline) -> None:
    forward = groups_by_content(timeline.merge(a, b), a, b)
    backward = {
        frozenset(
            member.replace("input 1|", "input 9|").replace("input 2|", "input 1|")
            for member in group
        )
        for group in groups_by_content(timeline.merge(b, a), b, a)
    }
    backward = {frozenset(m.replace("input 9|", "input 2|") for m in g) for g in backward}
    assert forward == backward


@SETTINGS
@given(inputs, inputs)
def test_no_source_of_any_input_is_lost(a: Timeline, b: Timeline) -> None:
    merged = timeline.merge(a, b).timeline
    kept = {s for each in merged for s in each.sources}
    assert {s for each in (*a, *b) for s in each.sources} <= kept
    assert len(merged) == len(a) + len(b) - sum(len(g) - 1 for g in timeline.merge(a, b).groups)


@SETTINGS
@given(inputs, inputs)
def test_a_merge_takes_its_inputs_back(a: Timeline, b: Timeline) -> None:
    merged = timeline.merge(a, b).timeline
    again = timeline.merge(merged, a)
    joined = {event_id for group in again.groups for name, event_id in group if name == "input 2"}
    assert joined == set(a.by_id)


@SETTINGS
@given(inputs, inputs)
def test_two_events_of_one_input_are_never_joined(a: Timeline, b: Timeline) -> None:
    for group in timeline.merge(a, b).groups:
        assert len({name for name, _ in group}) == len(group)


def pair() -> tuple[Timeline, Timeline]:
    a = chronology(
        event(
            "cica-summit",
            "2022-10-12/2022-10-13",
            title="CICA summit in Astana agrees to become an international organisation",
            participants=("KZ", "RU"),
            tags=("cica",),
            place=Place(name="Astana", country="KZ"),
        ),
        event("other", "2022-03-01", title="Something else entirely", kind="statement"),
    )
    b = chronology(
        event(
            "cica-2022",
            "2022-10-12",
            title="CICA summit in Astana: leaders agree to become an international organisation",
            participants=("KZ", "TR"),
            absent=("RU",),
            sources=(source("AP", "Leaders meet"),),
            place=Place(name="astana", country="KZ", lat=51.17, lon=71.45),
            links=(Link(rel=Relation.FOLLOWS, target="cica-2019"),),
        ),
        event("cica-2019", "2019-06-15", title="A CICA meeting in Dushanbe", kind="meeting"),
    )
    return a, b


def test_the_joined_event_keeps_everything_both_say() -> None:
    a, b = pair()
    merged = timeline.merge(a, b, names=["a.toml", "b.toml"])
    assert merged.groups == ((("a.toml", "cica-summit"), ("b.toml", "cica-2022")),)
    joined = merged.timeline["cica-summit"]
    assert [s.publisher for s in joined.sources] == ["Reuters", "AP"]
    assert str(joined.when) == "2022-10-12"  # the more precise date that agrees
    assert joined.participants == ("KZ", "RU", "TR")
    assert joined.absent == ()
    assert joined.place is not None
    assert joined.place.lat == 51.17
    assert joined.links == (Link(rel=Relation.FOLLOWS, target="cica-2019"),)
    assert joined.note == "Merged from a.toml (cica-summit) and b.toml (cica-2022)."
    assert not merged.disagreements


def test_a_remerge_replaces_the_note_instead_of_stacking_it() -> None:
    a, b = pair()
    once = timeline.merge(a, b, names=["a.toml", "b.toml"]).timeline
    same = chronology(b["cica-2022"].model_copy(update={"id": "cica", "links": ()}))
    assert timeline.merge(once, same).timeline == once  # it adds nothing: nothing changes
    more = {"id": "cica", "links": (), "sources": (source("BBC", "Summit"),)}
    c = chronology(b["cica-2022"].model_copy(update=more))
    twice = timeline.merge(once, c, names=["m.toml", "c.toml"]).timeline
    assert twice["cica-summit"].note == "Merged from m.toml (cica-summit) and c.toml (cica)."
    assert [s.publisher for s in twice["cica-summit"].sources] == ["Reuters", "AP", "BBC"]


def test_an_id_two_different_events_use_gets_a_suffix_and_its_links_follow() -> None:
    a = chronology(event("talks", "2022-01-10", title="Border talks in Osh", kind="meeting"))
    b = chronology(
        event("talks", "2023-05-01", title="Water talks in Tashkent", kind="meeting"),
        event(
            "deal",
            "2023-05-02",
            title="Water deal",
            kind="agreement",
            links=(Link(rel=Relation.FOLLOWS, target="talks"),),
        ),
    )
    merged = timeline.merge(a, b).timeline
    assert merged["talks"].title == "Border talks in Osh"
    assert merged["talks-2"].title == "Water talks in Tashkent"
    assert merged["deal"].links == (Link(rel=Relation.FOLLOWS, target="talks-2"),)


def disagreeing(**changes: object) -> tuple[Timeline, Timeline]:
    one = event("vote", "2022-03-02", title="UN General Assembly vote on Ukraine", kind="vote")
    return chronology(one), chronology(one.model_copy(update={"id": "ga-vote", **changes}))


def test_a_status_disagreement_is_reported_with_both_sides_and_lines() -> None:
    a, b = disagreeing(status=Status.CANCELLED)
    merged = timeline.merge(a, b, names=["a.toml", "b.toml"], lines=[{"vote": 5}, {"ga-vote": 9}])
    (problem,) = merged.disagreements
    assert problem.code is ProblemCode.DISAGREEMENT
    assert (problem.location.file, problem.location.line) == ("a.toml", 5)
    assert problem.location.field == "status"
    assert problem.location.event_id == "vote"
    assert "b.toml:9" in problem.message
    assert "'ga-vote'" in problem.message
    assert merged.timeline["vote"].status is Status.OCCURRED
    preferred = timeline.merge(a, b, prefer=1)
    assert preferred.timeline["vote"].status is Status.CANCELLED
    assert preferred.disagreements[0].location.event_id == "ga-vote"


def test_different_tallies_of_one_resolution_are_joined_and_reported() -> None:
    tally = {"body": "UN General Assembly", "resolution": "A/RES/ES-11/1", "abstain": 35}
    a, b = disagreeing(
        title="Aggression against Ukraine", vote=Vote(**tally, yes=141, no=5), when="2022-03"
    )
    a = chronology(a.events[0].model_copy(update={"vote": Vote(**tally, yes=141, no=4)}))
    merged = timeline.merge(a, b)
    assert len(merged.groups) == 1
    assert [p.location.field for p in merged.disagreements] == ["vote"]


def test_dates_that_do_not_overlap_keep_the_preferred_side_and_are_reported() -> None:
    one = event("summit", "2022-10-13", title="Summit", uid="summit@example.org")
    b = chronology(one.model_copy(update={"when": timeline.When.parse("2022-11-13")}))
    merged = timeline.merge(chronology(one), b)
    assert str(merged.timeline["summit"].when) == "2022-10-13"
    assert [p.location.field for p in merged.disagreements] == ["when"]


def test_a_series_joins_by_its_rule_and_start_and_its_overrides_follow() -> None:
    rule = Repeats(rule=("FREQ=WEEKLY;BYDAY=MO",))
    series = event("weekly", "2023-01-02", title="Briefing", repeats=rule, kind="meeting")
    moved = event(
        "weekly-moved",
        "2023-01-10",
        title="Briefing",
        kind="meeting",
        series="weekly",
        occurrence=timeline.When.parse("2023-01-09"),
    )
    a = chronology(series, moved)
    b = chronology(
        series.model_copy(update={"id": "briefings", "title": "Weekly press briefing"}),
        moved.model_copy(update={"id": "moved", "series": "briefings"}),
        event("weekly-2", "2023-01-02", title="Briefing", kind="meeting"),  # no series
    )
    merged = timeline.merge(a, b)
    assert {frozenset(g) for g in merged.groups} == {
        frozenset({("input 1", "weekly"), ("input 2", "briefings")}),
        frozenset({("input 1", "weekly-moved"), ("input 2", "moved")}),
    }
    assert merged.timeline["weekly-moved"].series == "weekly"


def test_groups_as_json_and_lines() -> None:
    a, b = pair()
    merged = timeline.merge(a, b, names=["a.toml", "b.toml"])
    assert merged.matches_json() == (
        '[\n  [\n    [\n      "a.toml",\n      "cica-summit"\n    ],\n    [\n      "b.toml",\n'
        '      "cica-2022"\n    ]\n  ]\n]\n'
    )
    assert merged.lines() == ["a.toml cica-summit = b.toml cica-2022"]


def test_places_are_compared_under_every_name_the_inputs_know() -> None:
    # no coordinates: only the table of renamed places says Nur-Sultan is Astana
    then = event("xi-visit", "2022-09-14", title="Xi visits the Kazakh capital")
    one = chronology(then.model_copy(update={"place": Place(name="Nur-Sultan")}))
    other = chronology(
        event("xi-in-capital", "2022-09-14", title="Xi visits the Kazakh capital").model_copy(
            update={"place": Place(name="Astana", country="KZ")}
        )
    )
    merged = timeline.merge(one, other)
    assert merged.groups == ((("input 1", "xi-visit"), ("input 2", "xi-in-capital")),)
    assert merged.timeline.events[0].place == Place(name="Astana", country="KZ")  # the fuller


def test_a_place_one_input_declares_is_known_to_the_others() -> None:
    almaty = KnownPlace(
        names=(
            PlaceName(name="Alma-Ata", until=date(1993, 1, 27)),
            PlaceName(name="Almaty", since=date(1993, 1, 28)),
        ),
        country="KZ",
    )
    old = event("cis-founded", "1991-12-21", title="Leaders sign the Alma-Ata Protocol")
    one = chronology(
        old.model_copy(update={"place": Place(name="Alma-Ata")}), places={"almaty": almaty}
    )
    other = chronology(
        event(
            "alma-ata-protocol", "1991-12-21", title="Leaders sign the Alma-Ata Protocol"
        ).model_copy(update={"place": Place(name="Almaty")})
    )
    merged = timeline.merge(other, one)
    assert len(merged.timeline) == 1
    assert merged.timeline.places == {"almaty": almaty}  # the table goes with the merge
    assert "Alma-Ata (now Almaty)" in timeline.to_markdown(merged.timeline)


def test_inputs_are_counted_in_the_groups_and_none_is_lost() -> None:
    a, b = pair()
    merged = timeline.merge(a, b, a)
    assert Counter(len(g) for g in merged.groups) == Counter({3: 1, 2: 1})
    assert len(merged.timeline) == 3


def test_a_vote_outcome_is_not_carried_to_an_event_kept_as_another_kind() -> None:
    tally = Vote(body="UN General Assembly", resolution="A/RES/ES-11/4", yes=143, no=5, abstain=35)
    one = event("annexation-vote", "2022-10-12", title="UN vote", kind="vote", vote=tally)
    other = event("annexations", "2022-10-12", title="UN vote", kind="statement")
    merged = timeline.merge(
        chronology(other.model_copy(update={"uid": "x"})),
        chronology(one.model_copy(update={"uid": "x"})),
    )
    kept = merged.timeline["annexations"]
    assert kept.vote is None
    assert [p.location.field for p in merged.disagreements] == ["kind"]


@SETTINGS
@given(inputs, inputs)
def test_preferring_a_side_changes_values_not_groups(a: Timeline, b: Timeline) -> None:
    plain, preferred = timeline.merge(a, b), timeline.merge(a, b, prefer=1)
    assert groups_by_content(plain, a, b) == groups_by_content(preferred, a, b)
    assert len(plain.disagreements) == len(preferred.disagreements)
