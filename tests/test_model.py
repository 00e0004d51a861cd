"""The typed timeline: ordering, selection, the rules on codes, places and links, and the
whole-timeline rules."""

from __future__ import annotations

import json
import pickle
import warnings
from collections.abc import Callable
from datetime import date
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import timeline
from tests.factories import (
    HEADER,
    HOSTILE_PARAGRAPHS,
    REFUSED,
    chronology,
    event,
    event_toml,
    events,
    one_line_text,
    paragraph_text,
    source,
    timelines,
)
from tests.helpers import WriteToml, problems_of
from tests.test_wording_series import briefings
from timeline import (
    Event,
    InvalidTimeline,
    Kind,
    Link,
    Place,
    SelectionError,
    Source,
    Status,
    Timeline,
    TimelineWarning,
    Vote,
    When,
    load,
)

SOURCE = {"publisher": "A publisher", "title": "An article"}


def make_event(event_id: str, when: str, **fields: Any) -> Event:
    """The factory's event with a title of its own, so each test names only what it is about."""
    values: dict[str, Any] = {"title": f"Event {event_id}", "sources": (source(**SOURCE),)}
    return event(event_id, when, **(values | fields))


def make_timeline(*events: Event, **fields: Any) -> Timeline:
    return Timeline.model_validate({"title": "T", "events": events} | fields)


def test_events_are_ordered_whatever_the_input_order() -> None:
    events = [
        make_event("day", "2022-10-13"),
        make_event("year", "2022"),
        make_event("month", "2022-10"),
        make_event("first-of-october", "2022-10-01"),
        make_event("earlier", "2021-12-31"),
    ]
    forwards = make_timeline(*events)
    backwards = make_timeline(*reversed(events))
    expected = ["earlier", "year", "month", "first-of-october", "day"]
    assert [event.id for event in forwards] == expected
    assert [event.id for event in backwards] == expected


def test_same_date_is_ordered_by_id() -> None:
    ordered = make_timeline(make_event("b", "2022-10-13"), make_event("a", "2022-10-13"))
    assert [event.id for event in ordered] == ["a", "b"]


def test_timeline_behaves_like_a_collection_of_events() -> None:
    chronology = make_timeline(make_event("a", "2022-10-13"), make_event("b", "2022-10-14"))
    assert len(chronology) == 2
    assert chronology["b"].when == When.parse("2022-10-14")
    assert "a" in chronology
    assert "z" not in chronology
    with pytest.raises(KeyError):
        chronology["z"]


def test_event_exposes_the_documented_surface() -> None:
    event = make_event("a", "12–13 October 2022", participants=["KZ", "CSTO"])
    assert event.when.start == date(2022, 10, 12)
    assert event.when.end == date(2022, 10, 13)
    assert event.when.precision is timeline.Precision.DAY
    assert event.status is Status.OCCURRED
    assert event.participants == ("KZ", "CSTO")
    assert event.sources[0].publisher == "A publisher"


def test_models_are_frozen() -> None:
    event = make_event("a", "2022-10-13")
    with pytest.raises(ValidationError):
        event.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 10, 13), date(2022, 10, 13), {"month", "day", "year"}),
        (date(2022, 10, 14), None, {"month", "year", "later"}),
        (None, date(2022, 9, 30), {"year", "earlier"}),
        (date(2023, 1, 1), None, {"later"}),
    ],
)
def test_select_by_date_keeps_imprecise_events_that_overlap(
    start: date | None, end: date | None, expected: set[str]
) -> None:
    chronology = make_timeline(
        make_event("earlier", "2021-06-01"),
        make_event("year", "2022"),
        make_event("month", "2022-10"),
        make_event("day", "2022-10-13"),
        make_event("later", "2023-01-05"),
    )
    chosen = chronology.select(start=start, end=end)
    assert {event.id for event in chosen} == expected


def test_select_combines_criteria_and_accepts_any_value_within_one() -> None:
    chronology = make_timeline(
        make_event("a", "2022-10-13", participants=["KZ"], tags=["astana"]),
        make_event("b", "2022-10-14", kind="vote", participants=["UZ"]),
        make_event("c", "2022-10-15", status="cancelled", kind="military-exercise"),
    )
    assert [e.id for e in chronology.select(kinds=["vote", Kind.SUMMIT])] == ["a", "b"]
    assert [e.id for e in chronology.select(participants=["UZ", "KZ"], tags=["astana"])] == ["a"]
    assert [e.id for e in chronology.select(statuses=["cancelled"])] == ["c"]
    assert len(chronology.select()) == 3


def test_selection_keeps_links_to_events_left_out() -> None:
    chronology = make_timeline(
        make_event("series", "2022-10"),
        make_event("part", "2022-10-13", links=[{"rel": "part-of", "target": "series"}]),
    )
    chosen = chronology.select(start=date(2022, 10, 13), end=date(2022, 10, 13), kinds=["summit"])
    assert chosen["part"].links[0].target == "series"


def test_duplicate_ids_dangling_links_and_cycles_are_all_reported() -> None:
    with pytest.raises(InvalidTimeline) as caught:
        make_timeline(
            make_event("a", "2022-10-13", links=[{"rel": "part-of", "target": "b"}]),
            make_event("b", "2022-10-14", links=[{"rel": "part-of", "target": "a"}]),
            make_event("a", "2022-10-15"),
            make_event("c", "2022-10-16", links=[{"rel": "follows", "target": "nowhere"}]),
        )
    messages = [problem.message for problem in caught.value.problems]
    assert "duplicate id 'a'" in messages
    assert "link to unknown event 'nowhere'" in messages
    assert any(message.startswith("part-of links form a cycle") for message in messages)


def test_a_long_part_of_chain_is_checked_in_linear_time() -> None:
    count = 3000
    events = [make_event("e-0", "2022-01-01")]
    events += [
        make_event(f"e-{n}", "2022-01-01", links=[{"rel": "part-of", "target": f"e-{n - 1}"}])
        for n in range(1, count)
    ]
    assert len(make_timeline(*events)) == count


def test_organisations_can_be_declared_by_the_timeline() -> None:
    event = make_event("a", "2022-10-13", participants=["C5PLUS1"])
    with pytest.raises(InvalidTimeline, match="unknown organisation 'C5PLUS1'"):
        make_timeline(event)
    declared = make_timeline(event, organisations={"C5PLUS1": "Central Asia plus one"})
    assert declared.organisation_name("C5PLUS1") == "Central Asia plus one"
    assert declared.organisation_name("CSTO") == "Collective Security Treaty Organization"


def test_vote_positions_cannot_outnumber_the_tally() -> None:
    vote = {"body": "UN General Assembly", "yes": 1, "no": 0, "abstain": 0}
    with pytest.raises(InvalidTimeline) as caught:
        make_event(
            "v", "2022-03-02", kind="vote", vote=vote | {"positions": {"KZ": "yes", "UZ": "yes"}}
        )
    (problem,) = caught.value.problems
    assert (problem.location.event_id, problem.location.field) == ("v", "vote")
    assert problem.message == "2 countries are listed as voting 'yes', but the tally says 1"


def test_a_vote_that_adds_up_is_accepted() -> None:
    vote = {
        "body": "UN General Assembly",
        "resolution": "A/RES/ES-11/1",
        "yes": 141,
        "no": 5,
        "abstain": 35,
        "absent": 12,
        "members": 193,
        "positions": {"KZ": "abstain", "TM": "absent"},
    }
    event = make_event("v", "2022-03-02", kind="vote", vote=vote)
    assert event.vote is not None
    assert event.vote.total == 193


def test_last_changed_prefers_updated_then_the_latest_date_mentioned() -> None:
    event = make_event("a", "2022-10-13", sources=[SOURCE | {"published": "2022-10-17"}])
    assert make_timeline(event).last_changed == date(2022, 10, 17)
    assert make_timeline(event, updated="2023-01-01").last_changed == date(2023, 1, 1)
    assert make_timeline().last_changed is None


def test_lookup_by_id_survives_selection() -> None:
    chronology = make_timeline(make_event("a", "2022-10-13"), make_event("b", "2023-01-01"))
    assert chronology["a"].id == "a"  # builds the index on the whole timeline
    chosen = chronology.select(start=date(2023, 1, 1))
    assert "a" not in chosen
    assert list(chosen.by_id) == ["b"]
    assert chosen == make_timeline(make_event("b", "2023-01-01"))


# -- codes, places and links in a file -----------------------------------------------------------


def test_a_place_whose_zone_is_in_another_country_is_an_error(write_toml: WriteToml) -> None:
    place = '{ name = "Bishkek", country = "KY", timezone = "Asia/Bishkek" }'
    (problem,) = problems_of(write_toml, HEADER + event_toml(place=place))
    assert problem.location.field == "place"
    assert problem.location.line == 9
    assert "Asia/Bishkek is in Kyrgyzstan (KG), not in Cayman Islands (KY)" in problem.message
    assert "country = 'KG'" in problem.message


def test_a_zone_alias_counts_as_its_country(write_toml: WriteToml) -> None:
    place = '{ name = "Kyiv", country = "UA", timezone = "Europe/Kiev" }'
    load(write_toml(HEADER + event_toml(place=place)))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"UK"', "did you mean 'GB' (United Kingdom)?"),
        ('"kz"', "write it in upper case: 'KZ'"),
        ('"KAZ"', "did you mean 'KZ' (Kazakhstan)?"),
    ],
)
def test_a_non_iso_country_code_gets_the_right_one(
    write_toml: WriteToml, written: str, expected: str
) -> None:
    place = f'{{ name = "Somewhere", country = {written} }}'
    (problem,) = problems_of(write_toml, HEADER + event_toml(place=place))
    assert problem.location.field == "place.country"
    assert expected in problem.message


def test_a_non_iso_participant_gets_the_right_one(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace(
        'participants = ["KZ", "RU", "CICA"]', 'participants = ["UK"]'
    )
    (problem,) = problems_of(write_toml, text)
    assert problem.location.field == "participants[0]"
    assert "did you mean 'GB'" in problem.message


def test_a_misspelt_organisation_gets_the_nearest(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace('"CICA"]', '"CTSO"]')
    (problem,) = problems_of(write_toml, text)
    assert problem.message == "unknown organisation 'CTSO'"
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'CSTO'?")


def test_absent_codes_are_checked_like_participants(write_toml: WriteToml) -> None:
    (problem,) = problems_of(write_toml, HEADER + event_toml(absent='["KG", "CTSO"]'))
    assert problem.location.field == "absent[1]"


def test_a_participant_cannot_also_be_absent(write_toml: WriteToml) -> None:
    (problem,) = problems_of(write_toml, HEADER + event_toml(absent='["KZ"]'))
    assert "'KZ' listed both in participants and as absent" in problem.message


def test_a_link_to_a_shortened_id_suggests_the_full_one(write_toml: WriteToml) -> None:
    link = '[{ rel = "follows", target = "caspian-summit" }]'
    text = HEADER + event_toml("caspian-summit-ashgabat-2022") + "\n" + event_toml(links=link)
    (problem,) = problems_of(write_toml, text)
    assert problem.location.field == "links[0].target"
    assert problem.hint == "did you mean 'caspian-summit-ashgabat-2022'?"


# -- selection from a file -----------------------------------------------------------------------


def test_select_takes_date_strings(write_toml: WriteToml) -> None:
    two = event_toml("one", when="2022-06-30") + "\n" + event_toml("two", when="2022-07-01")
    chronology = load(write_toml(HEADER + two))
    chosen = chronology.select(start="2022-06", end="2022-06")
    assert [item.id for item in chosen] == ["one"]
    assert [item.id for item in chronology.select(start=date(2022, 7, 1))] == ["two"]


@pytest.mark.parametrize(
    "criteria",
    [{"start": "2022-13"}, {"end": "someday"}, {"kinds": ["sumit"]}, {"statuses": ["done"]}],
)
def test_select_refuses_bad_values_with_our_error(
    write_toml: WriteToml, criteria: dict[str, object]
) -> None:
    from timeline._errors import SelectionError

    chronology = load(write_toml(HEADER + event_toml()))
    with pytest.raises(SelectionError):
        chronology.select(**criteria)  # type: ignore[arg-type]


def test_a_filter_value_no_event_has_is_a_warning(write_toml: WriteToml) -> None:
    chronology = load(write_toml(HEADER + event_toml()))
    with pytest.warns(TimelineWarning, match=r"no event has the participant 'XY'.*CICA, KZ, RU"):
        assert len(chronology.select(participants=["XY"])) == 0


def test_a_floating_time_where_a_reader_would_find_a_zone_is_refused() -> None:
    floating = event("a").model_copy(update={"when": When.parse("2022-10-13T09:50")})
    assert chronology(floating)["a"].when.floating  # nothing to place it: it stays floating
    with pytest.raises(InvalidTimeline) as caught:
        chronology(floating, timezone="Asia/Almaty")
    (problem,) = caught.value.problems
    assert (problem.location.event_id, problem.location.field) == ("a", "when")
    assert "the timeline's zone is Asia/Almaty" in problem.message
    in_bishkek = floating.model_copy(update={"place": Place(name="Bishkek", country="KG")})
    with pytest.raises(InvalidTimeline, match="its place is in KG"):
        chronology(in_bishkek)


# -- models built in code: refusals of one family ------------------------------------------------

VALID_EVENT: dict[str, Any] = {
    "id": "summit",
    "title": "A summit",
    "when": "2022-10-13",
    "kind": "summit",
    "sources": [SOURCE],
}


def _refusal(build: Callable[[], object]) -> InvalidTimeline:
    """The error building a model raises: ours, of the family a caller catches, and a ValueError
    as pydantic's own is, so code written against pydantic still catches it."""
    with pytest.raises(InvalidTimeline) as caught:
        build()
    assert isinstance(caught.value, timeline.TimelineError)
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, ValidationError)
    return caught.value


def _where(error: InvalidTimeline) -> list[tuple[str | None, str | None]]:
    return [(problem.location.event_id, problem.location.field) for problem in error.problems]


def test_an_event_built_in_code_with_a_bad_date_names_the_event_and_field() -> None:
    error = _refusal(lambda: Event(**(VALID_EVENT | {"when": "garbage"})))
    assert _where(error) == [("summit", "when")]
    (problem,) = error.problems
    assert problem.code == "date"
    assert "garbage" in problem.message
    assert "Traceback" not in str(error)


@pytest.mark.parametrize(
    ("model", "given", "fields"),
    [
        (Source, {"publisher": " ", "title": "T"}, ["publisher"]),
        (Source, {"publisher": "P", "title": "T", "link": "https://x.org"}, ["link"]),
        (Place, {"name": "Almaty", "country": "UK"}, ["country"]),
        (Place, {"name": "Almaty", "lat": 43.2}, [None]),
        (Link, {"rel": "part-of", "target": "Not A Slug"}, ["target"]),
        (Vote, {"body": "UN", "yes": -1, "no": 0, "abstain": 0}, ["yes"]),
        (Event, VALID_EVENT | {"kind": "sumit", "tags": ["a", "a"]}, ["kind", "tags"]),
        (Event, {key: VALID_EVENT[key] for key in ("id", "title", "when")}, ["kind", "sources"]),
        (Timeline, {"title": "", "timezone": "Asia/Almati"}, ["title", "timezone"]),
    ],
)
def test_each_model_refuses_bad_data_with_problems_naming_the_fields(
    model: type[pydantic.BaseModel], given: dict[str, Any], fields: list[str | None]
) -> None:
    error = _refusal(lambda: model(**given))
    assert [field for _, field in _where(error)] == fields
    assert all(problem.message for problem in error.problems)
    again = _refusal(lambda: model.model_validate(given))
    assert again.problems == error.problems, "the constructor and model_validate agree"


def test_a_misspelt_field_gets_the_same_hint_as_in_a_file() -> None:
    error = _refusal(lambda: Source(publisher="P", title="T", publishd="2022-10-13"))  # type: ignore[call-arg]
    (problem,) = error.problems
    assert problem.message == "unknown field 'publishd'"
    assert problem.advice == "did you mean 'published'?"


def test_a_timeline_names_each_bad_event_by_its_own_id() -> None:
    bad = VALID_EVENT | {"id": "second", "when": "2022-13-45", "kind": "sumit"}
    error = _refusal(lambda: Timeline(title="T", events=[VALID_EVENT, bad]))
    assert _where(error) == [("second", "when"), ("second", "kind")]


def test_a_timeline_of_valid_events_reports_the_rules_across_them() -> None:
    events = [VALID_EVENT, VALID_EVENT | {"links": [{"rel": "follows", "target": "nowhere"}]}]
    error = _refusal(lambda: Timeline(title="T", events=events))
    assert [problem.code for problem in error.problems] == ["duplicate-id", "link"]
    json_error = _refusal(
        lambda: Timeline.model_validate_json(json.dumps({"title": "T", "events": events}))
    )
    assert json_error.problems == error.problems


# -- copies are validated; events are added, replaced and removed through validation ----------


def test_a_copy_with_an_update_is_validated() -> None:
    one = make_event("a", "2022-10-13")
    assert _where(_refusal(lambda: one.model_copy(update={"when": "garbage"}))) == [("a", "when")]
    assert _where(_refusal(lambda: one.model_copy(update={"titel": "x"}))) == [("a", "titel")]
    moved = one.model_copy(update={"when": "2022-10-14"})
    assert moved.when == When.parse("2022-10-14"), "text is read as a new event's would be"
    assert one.when == When.parse("2022-10-13")
    assert moved.model_fields_set == one.model_fields_set
    assert one.model_copy() == one
    assert one.model_copy(update={"note": "checked"}, deep=True).note == "checked"


def test_a_timeline_copy_is_validated_as_a_whole() -> None:
    chronology = make_timeline(make_event("a", "2022-10-13"), make_event("b", "2022-10-14"))
    twice = (make_event("a", "2022-10-13"), make_event("a", "2022-10-15"))
    error = _refusal(lambda: chronology.model_copy(update={"events": twice}))
    assert [problem.code for problem in error.problems] == ["duplicate-id"]
    assert chronology["a"].id == "a"  # the index of events by id is built and cached
    later = chronology.model_copy(update={"events": (make_event("c", "2022-10-16"),)})
    assert "a" not in later, "the copy has an index of its own events"
    assert [each.id for each in later] == ["c"]


def test_with_event_adds_or_replaces_by_id_and_keeps_the_order() -> None:
    chronology = make_timeline(make_event("b", "2022-10-14"))
    added = chronology.with_event(make_event("a", "2022-10-13"))
    assert [each.id for each in added] == ["a", "b"]
    replaced = added.with_event(make_event("b", "2022-10-12", title="Moved"))
    assert [each.id for each in replaced] == ["b", "a"]
    assert replaced["b"].title == "Moved"
    assert [each.id for each in chronology] == ["b"], "the timeline itself is unchanged"
    from_fields = chronology.with_event(VALID_EVENT)
    assert from_fields["summit"].when == When.parse("2022-10-13")


def test_with_event_refuses_an_event_the_timeline_cannot_hold() -> None:
    chronology = make_timeline(make_event("a", "2022-10-13"))
    linked = VALID_EVENT | {"links": [{"rel": "follows", "target": "nowhere"}]}
    assert _where(_refusal(lambda: chronology.with_event(linked))) == [
        ("summit", "links[0].target")
    ]
    bad = VALID_EVENT | {"when": "garbage"}
    assert _where(_refusal(lambda: chronology.with_event(bad))) == [("summit", "when")]
    unknown = make_event("c", "2022-10-13", participants=["NOSUCH"])
    (problem,) = _refusal(lambda: chronology.with_event(unknown)).problems
    assert problem.code == "unknown-organisation"


def test_without_event_removes_one_and_checks_the_links_left() -> None:
    chronology = make_timeline(
        make_event("series", "2022-10"),
        make_event("part", "2022-10-13", links=[{"rel": "part-of", "target": "series"}]),
        make_event("other", "2022-11-01"),
    )
    assert [each.id for each in chronology.without_event("other")] == ["series", "part"]
    error = _refusal(lambda: chronology.without_event("series"))
    assert _where(error) == [("part", "links[0].target")]
    with pytest.raises(KeyError, match="did you mean 'series'"):
        chronology.without_event("serie")
    assert len(chronology) == 3


# -- select takes one value wherever it takes several --------------------------------------------


def test_select_takes_one_string_wherever_it_takes_several() -> None:
    chronology = make_timeline(
        make_event("a", "2022-10-13", participants=["KZ"], tags=["astana"]),
        make_event("b", "2022-10-14", kind="vote", participants=["UZ"]),
        make_event("c", "2022-10-15", status="cancelled", kind="military-exercise"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning about the participants 'K' and 'Z'
        assert [each.id for each in chronology.select(participants="KZ")] == ["a"]
        assert [each.id for each in chronology.select(kinds="summit")] == ["a"]
        assert [each.id for each in chronology.select(kinds=Kind.VOTE)] == ["b"]
        assert [each.id for each in chronology.select(tags="astana")] == ["a"]
        assert [each.id for each in chronology.select(statuses="cancelled")] == ["c"]
        assert [each.id for each in chronology.select(statuses=Status.OCCURRED)] == ["a", "b"]


def test_select_refuses_a_criterion_that_is_not_a_value_or_values() -> None:
    chronology = make_timeline(make_event("a", "2022-10-13"))
    with pytest.raises(SelectionError, match="kinds must be a value or a list of values, not int"):
        chronology.select(kinds=3)  # type: ignore[arg-type]


# -- properties -----------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(st.data())
def test_adding_then_removing_an_event_gives_the_timeline_back(data: st.DataObject) -> None:
    chronology = data.draw(timelines())
    added = data.draw(events(len(chronology)))  # a new id; it may link to event-0
    grown = chronology.with_event(added)
    assert grown[added.id] == added
    assert len(grown) == len(chronology) + 1
    assert grown.without_event(added.id) == chronology
    for each in chronology:
        assert chronology.with_event(each) == chronology, "replacing an event by itself"


@PROPERTIES
@given(
    timelines(),
    st.sampled_from(["KZ", "RU", "CSTO", "UN"]),
    st.sampled_from(list(Kind)),
    st.sampled_from(["a", "b-c"]),
    st.sampled_from(list(Status)),
)
def test_one_string_selects_what_a_list_of_it_selects(
    chronology: Timeline, code: str, kind: Kind, tag: str, status: Status
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)  # a value no event has: said, not tested
        select = chronology.select
        assert select(participants=code) == select(participants=[code])
        assert select(kinds=kind.value) == select(kinds=[kind.value])
        assert select(tags=tag) == select(tags=[tag])
        assert select(statuses=status.value) == select(statuses=[status.value])


def test_a_refusal_survives_a_trip_to_another_process() -> None:
    """Pickled as a worker process sends it back: the same problems and the same words."""
    error = _refusal(lambda: Event(**(VALID_EVENT | {"when": "garbage", "kind": "sumit"})))
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, InvalidTimeline)
    assert again.problems == error.problems
    assert str(again) == str(error)


def test_a_selection_takes_and_gives_up_events_with_its_links_to_those_left_out() -> None:
    """`select` keeps links to events it leaves out; changing the selection is checked for
    what the change does, not refused for those links."""
    chronology = make_timeline(
        make_event("series", "2022-10"),
        make_event(
            "part", "2022-10-13", kind="visit", links=[{"rel": "part-of", "target": "series"}]
        ),
        make_event("other", "2022-10-14", kind="visit"),
    )
    visits = chronology.select(kinds="visit")
    assert [each.id for each in visits] == ["part", "other"]
    grown = visits.with_event(make_event("more", "2022-10-15", kind="visit"))
    assert [each.id for each in grown] == ["part", "other", "more"]
    assert grown["part"].links[0].target == "series"
    assert [each.id for each in visits.without_event("other")] == ["part"]
    dangling = make_event("new", "2022-10-16", links=[{"rel": "follows", "target": "nowhere"}])
    assert _where(_refusal(lambda: visits.with_event(dangling))) == [("new", "links[0].target")]


# -- what a text field may hold -------------------------------------------------------------------

ONE_LINE_FIELDS = ("title", "when_text")


@pytest.mark.parametrize("text", REFUSED)
@pytest.mark.parametrize("field", [*ONE_LINE_FIELDS, "summary", "note"])
def test_no_text_field_holds_a_control_character(field: str, text: str) -> None:
    with pytest.raises(InvalidTimeline) as caught:
        make_event("a", "2022-10-13", **{field: text})
    (problem,) = caught.value.problems
    assert (problem.location.event_id, problem.location.field) == ("a", field)
    if "unicode string" in problem.message:  # pydantic-core, stripping, takes it for no string
        assert "surrogate" in REFUSED[text]
        assert field in ONE_LINE_FIELDS
        return
    position = text.index(chr(int(REFUSED[text][2:6], 16))) + 1
    assert problem.message.startswith("holds the ")
    assert f" {REFUSED[text]} at position {position}; " in problem.message


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "return\rhere"])
def test_a_one_line_field_refuses_tabs_and_line_breaks(text: str) -> None:
    for build in (
        lambda: make_event("a", "2022-10-13", title=text),
        lambda: source(publisher=text),
        lambda: source(title=text),
        lambda: Place(name=text),
        lambda: Timeline(title=text),
        lambda: Timeline(title="T", organisations={"ZZX": text}),
    ):
        with pytest.raises(InvalidTimeline, match="position"):
            build()


@pytest.mark.parametrize("text", HOSTILE_PARAGRAPHS)
def test_paragraphs_keep_tabs_and_line_breaks(text: str) -> None:
    assert make_event("a", "2022-10-13", summary=text, note=text).summary == text
    assert Timeline(title="T", description=text).description == text


def test_a_windows_line_break_in_a_paragraph_is_read_as_a_newline() -> None:
    written = make_event("a", "2022-10-13", summary="one\r\ntwo\rthree", note="a\r\nb")
    assert (written.summary, written.note) == ("one\ntwo\nthree", "a\nb")


def test_a_url_holds_no_control_character() -> None:
    with pytest.raises(InvalidTimeline, match="url"):
        source(url="https://example.org/a\x1b[2Jb")


def test_a_control_character_in_a_file_is_located_and_named(write_toml: WriteToml) -> None:
    text = HEADER + event_toml(summary='"fine\\nthen \\u001b]0;pwned\\u0007"')
    text = text.replace('title = "An article"', 'title = "An\\tarticle"')
    first, second = problems_of(write_toml, text)
    assert (first.location.field, first.location.line) == ("summary", 9)
    assert first.message == "holds the control character U+001B (ESC) at position 11; remove it"
    assert (second.location.field, second.location.line) == ("sources[0].title", 14)
    assert second.message.startswith("holds the control character U+0009 (HT) at position 3;")
    assert second.location.event_id == "cica-summit"


@settings(max_examples=80, deadline=None)
@given(one_line_text(max_size=40), paragraph_text())
def test_every_other_character_is_accepted(line: str, paragraphs: str) -> None:
    written = make_event("a", "2022-10-13", title=line, summary=paragraphs, note=paragraphs)
    assert written.title == line.strip()
    assert written.summary == written.note == paragraphs


# -- selecting series ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2023-04-24", "2023-04-24", {"briefing", "moved", "off"}),  # an occurrence
        ("2023-04-18", "2023-04-18", {"briefing", "moved", "off"}),  # one moved there
        ("2023-04-16", "2023-04-17", {"briefing", "moved", "off", "talks"}),  # one moved away
        ("2023-04-11", "2023-04-16", {"talks"}),  # between two Mondays
        ("2023-06-27", None, set()),  # after its end
        (None, "2023-01-01", set()),  # before its start
        ("2023-03-01", "2023-03-31", {"briefing", "moved", "off"}),
    ],
)
def test_select_keeps_a_series_with_an_occurrence_in_the_window_and_its_overrides(
    start: str | None, end: str | None, expected: set[str]
) -> None:
    chronology = make_timeline(*briefings(), make_event("talks", "2023-04-12/2023-04-16"))
    assert {event.id for event in chronology.select(start=start, end=end)} == expected


def test_select_keeps_an_endless_series_after_its_start_and_a_series_still_going_on() -> None:
    weekly = make_event("weekly", "2023-01-02", repeats="FREQ=WEEKLY", kind="meeting")
    fortnight = make_event(
        "conference", "2023-01-02/2023-01-06", repeats="FREQ=MONTHLY;COUNT=3", kind="summit"
    )
    chronology = make_timeline(weekly, fortnight)
    assert [e.id for e in chronology.select(start="2090-06-01")] == ["weekly"]
    assert [e.id for e in chronology.select(start="2023-02-05", end="2023-02-05")] == [
        "conference"
    ], "2-6 February: begun before the window, still going on in it"
