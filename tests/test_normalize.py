"""The normalizer: raw tables to a checked timeline, every problem located and hinted at once."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

import pytest

import timeline
from tests.factories import HEADER, SEEDS, event_toml
from tests.helpers import WriteToml, problems_of
from timeline import InvalidTimeline, load
from timeline._normalize import build_timeline


def _document() -> dict[str, Any]:
    source = {"publisher": "P", "title": "T"}
    return {
        "timeline": {"title": "Two events"},
        "events": [
            {"id": "b", "title": "B", "when": "2022-10-14", "kind": "summit", "sources": [source]},
            {"id": "a", "title": "A", "when": "2022-10-13", "kind": "summit", "sources": [source]},
        ],
    }


def test_the_document_is_left_as_it_was_by_default() -> None:
    document = _document()
    before = copy.deepcopy(document)
    built = build_timeline(document)
    assert document == before
    assert [event.id for event in built] == ["a", "b"]


def test_consuming_the_document_builds_the_same_timeline() -> None:
    document = _document()
    assert build_timeline(document, consume=True) == build_timeline(_document())
    assert document["events"] == [None, None]  # each raw event let go once it was built


def test_a_source_or_place_written_alike_is_one_model() -> None:
    """A chronology cites the same article for many events: it is validated and held once."""
    document = _document()
    place = {"name": "Astana", "country": "KZ"}
    for event in document["events"]:
        event["place"] = dict(place)
        event["sources"] = [dict(event["sources"][0])]  # equal tables, not the same dict
    first, second = build_timeline(document)
    assert first.sources[0] is second.sources[0]
    assert first.place is second.place


def test_a_source_like_a_valid_one_but_wrong_is_still_reported_at_its_field() -> None:
    document = _document()
    good = {"publisher": "P", "title": "T", "url": "https://example.org/a"}
    bad = {"publisher": "P", "title": "T", "url": "not a url"}
    document["events"][0]["sources"] = [good, bad]
    document["events"][1]["sources"] = [dict(good), ["not", "a", "table"]]
    document["events"][1]["place"] = {"name": "Astana", "country": "KZ", "lat": 51.1}
    with pytest.raises(InvalidTimeline) as caught:
        build_timeline(document)
    fields = sorted((p.location.event_id, p.location.field) for p in caught.value.problems)
    assert fields == [("a", "place"), ("a", "sources[1]"), ("b", "sources[1].url")]


# -- every problem at once, with its hint --------------------------------------------------------


def test_every_problem_is_reported_at_once(write_toml: WriteToml) -> None:
    text = (
        HEADER
        + event_toml("first", when='"2023-02-29"')
        + "\n"
        + event_toml("second").replace('kind = "summit"', 'kind = "sumit"')
        + "\n"
        + event_toml("first")
    )
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    problems = caught.value.problems
    fields = [(p.location.event_id, p.location.field) for p in problems]
    assert ("first", "when") in fields
    assert ("second", "kind") in fields
    # the first "first" failed its own checks, but it was written: the second one reuses its id
    duplicate = next(p for p in problems if p.location.field == "id")
    assert (duplicate.location.event_id, duplicate.location.line) == ("first", 29)
    assert "duplicate id 'first'" in duplicate.message
    assert [p.location.line for p in problems] == sorted(p.location.line or 0 for p in problems)


def test_an_invalid_source_is_not_also_reported_as_missing(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace('title = "An article"\n', "")
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    assert [p.location.field for p in caught.value.problems] == ["sources[0].title"]


def test_a_link_to_an_invalid_event_is_not_called_unknown(write_toml: WriteToml) -> None:
    linked = event_toml("drill").replace('kind = "summit"', 'kind = "sumit"')
    linking = event_toml("announcement", links='[{ target = "drill", rel = "follows" }]')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + linked + "\n" + linking))
    # the misspelt kind is the one problem; "drill" exists, so the link to it resolves
    assert [(p.location.event_id, p.location.field) for p in caught.value.problems] == [
        ("drill", "kind")
    ]


def test_an_iso_date_cut_short_is_read_as_iso(write_toml: WriteToml) -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + event_toml(when='"2022-10-"')))
    (problem,) = caught.value.problems
    assert "cannot read '2022-10-' as an ISO 8601 date" in problem.message
    assert (problem.location.line, problem.location.field) == (7, "when")


def test_a_missing_field_hint_says_how_to_write_that_field(write_toml: WriteToml) -> None:
    text = (
        HEADER
        + '[[events]]\nid = "a"\nsources = [{ publisher = "P" }]\n'
        + 'links = [{ rel = "follows" }]\n[events.vote]\nbody = "UNGA"\nno = 1\nabstain = 0\n'
    )
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    hints = {problem.location.field: problem.hint for problem in caught.value.problems}
    assert hints["title"] == 'add title = "..."'
    assert "13 October 2022" in (hints["when"] or "")
    assert "'military-exercise'" in (hints["kind"] or "")
    assert hints["sources[0].title"] == 'add title = "..."'
    assert hints["links[0].target"] == "add target = the id of the event linked to"
    assert hints["vote.yes"] == "add yes = a whole number"
    # the hint names what the field takes, not every other field of the model
    assert not any("expected one of" in (hint or "") for hint in hints.values())


def test_a_field_under_a_writers_word_is_one_problem_not_two(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace("when = ", "date = ").replace("kind = ", "type = ")
    text += '\n[[events.links]]\nrelation = "follows"\nto = "cica-summit"\n'
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    reported = [(p.location.field, p.hint) for p in caught.value.problems]
    # no "missing required field 'when'" beside "unknown field 'date'"
    assert reported == [
        ("date", "did you mean 'when'?"),
        ("type", "did you mean 'kind'?"),
        ("links[0].relation", "did you mean 'rel'?"),
        ("links[0].to", "did you mean 'target'?"),
    ]


def test_an_unknown_field_with_no_likely_meaning_lists_the_fields(write_toml: WriteToml) -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(HEADER + event_toml(colour='"red"')))
    (problem,) = caught.value.problems
    assert problem.message == "unknown field 'colour'"
    assert problem.hint is not None
    assert problem.hint.startswith("expected one of: id, title, when")


def test_the_timeline_table_is_checked_with_the_events_not_after_them(
    write_toml: WriteToml,
) -> None:
    header = '[timeline]\ntitle = "Zones"\ntimezone = "Europe"\n'  # a folder of zones, not one
    text = header + event_toml(place='{ name = "Astana", timezone = "Asia/Almati" }')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    first, second = caught.value.problems
    assert (first.location.line, first.location.field) == (3, "timeline.timezone")
    assert first.message == "unknown time zone 'Europe'"
    assert (second.location.event_id, second.location.field) == ("cica-summit", "place.timezone")
    # a date's or a zone's hint stays a hint, not a parenthesis in the message
    assert second.message == "unknown time zone 'Asia/Almati'; did you mean Asia/Almaty?"
    assert second.hint is not None
    assert second.hint.startswith("name an IANA time zone")


def test_a_sources_bad_date_has_its_hint_apart(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace("published = 2022-10-17", 'published = "2023-02-29"')
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.load(write_toml(text))
    (problem,) = caught.value.problems
    assert problem.location.field == "sources[0].published"
    assert problem.message == "29 February 2023 does not exist: 2023 is not a leap year"
    assert problem.hint == "check the day against a calendar"


# -- duplicate ids -------------------------------------------------------------------------------


def test_a_duplicate_id_names_both_lines(write_toml: WriteToml) -> None:
    text = HEADER + event_toml() + "\n" + event_toml()
    (problem,) = problems_of(write_toml, text)
    assert problem.message == "duplicate id 'cica-summit' (first used on line 5)"
    assert problem.location.line == 17


# -- time zones of local times -------------------------------------------------------------------


ST_PETERSBURG = '{ name = "St Petersburg", country = "RU" }'


def test_a_timed_event_in_a_country_of_many_zones_needs_a_zone(write_toml: WriteToml) -> None:
    text = HEADER + event_toml(when='"2022-10-07T12:00"', place=ST_PETERSBURG)
    (problem,) = problems_of(write_toml, text)
    assert problem.location.line == 7
    assert problem.location.field == "when"
    assert "St Petersburg is in Russia (RU), which has 26 zones" in problem.message
    assert "Asia/Almaty is not one of them" in problem.message
    assert problem.hint is not None
    assert "Europe/Moscow" in problem.hint


def test_a_day_in_a_country_of_many_zones_needs_no_zone(write_toml: WriteToml) -> None:
    load(write_toml(HEADER + event_toml(when='"2022-10-07"', place=ST_PETERSBURG)))


def test_a_country_with_one_zone_gives_it(write_toml: WriteToml) -> None:
    place = '{ name = "Bishkek", country = "KG" }'
    chronology = load(write_toml(HEADER + event_toml(when='"2022-10-14T10:00"', place=place)))
    when = chronology["cica-summit"].when
    assert str(when.timezone) == "Asia/Bishkek"
    assert isinstance(when.start, datetime)
    assert when.start.utcoffset() == timedelta(hours=6)


def test_the_timelines_zone_serves_a_place_in_its_country(write_toml: WriteToml) -> None:
    place = '{ name = "Astana", country = "KZ" }'
    chronology = load(write_toml(HEADER + event_toml(when='"2022-10-13T09:50"', place=place)))
    assert str(chronology["cica-summit"].when.timezone) == "Asia/Almaty"


# -- reference days of relative dates ------------------------------------------------------------


def test_the_seeds_phrases_load_to_the_right_days(write_toml: WriteToml) -> None:
    chronology = load(write_toml(SEEDS))
    putin = chronology["putin-astana-2022"]
    assert (putin.when.first_day, putin.when.last_day) == (date(2022, 10, 13),) * 2
    assert putin.when_text == "last Thursday"
    assert putin.reference_day == date(2022, 10, 16)
    visit = chronology["putin-astana-2023"]
    assert visit.when.first_day == visit.when.last_day == date(2023, 11, 9)
    assert visit.reference_day == date(2023, 11, 9)
    late = chronology["baerbock-central-asia"].when
    assert late.approximate
    assert (late.first_day.month, late.last_day) == (10, date(2022, 10, 31))
    assert late.first_day.day > 15


def test_a_relative_date_without_a_reference_day_is_located(write_toml: WriteToml) -> None:
    text = SEEDS.replace("as_of = 2022-10-16\n", "")
    with pytest.raises(InvalidTimeline) as caught:
        load(write_toml(text))
    (problem,) = caught.value.problems
    assert problem.location.event_id == "putin-astana-2022"
    assert problem.location.field == "when"
    assert problem.location.line == 8
    assert problem.hint is not None
    assert "published date '2022-10' is not one day" in problem.hint
    assert "as_of" in problem.hint


def test_a_toml_event_is_read_against_its_first_sources_day(write_toml: WriteToml) -> None:
    # the helper's source was published on Monday 2022-10-17
    path = write_toml(HEADER + event_toml(when='"last Thursday"'))
    (loaded,) = load(path)
    assert str(loaded.when) == "2022-10-13"


# -- problem codes ---------------------------------------------------------------------------------

#: Fields given values pydantic refuses for every reason it has here, and the code each gets.
WRONGLY_TYPED = [
    ({"title": 5}, "title", "wrong-type"),
    ({"title": ""}, "title", "too-short"),
    ({"kind": "summitt"}, "kind", "not-accepted"),
    ({"tags": [5]}, "tags[0]", "wrong-type"),
    ({"place": {"name": "Astana", "lat": 91, "lon": 0}}, "place.lat", "out-of-range"),
    ({"place": "Astana"}, "place", "wrong-type"),
    ({"vote": {"body": "UN", "yes": "many", "no": 0, "abstain": 0}}, "vote.yes", "wrong-type"),
    ({"sources": []}, "sources", "missing"),
    ({"summary": "a\x00b"}, "summary", "invalid"),
]


@pytest.mark.parametrize(("fields", "field", "code"), WRONGLY_TYPED)
def test_a_refused_value_gets_our_code_not_pydantics(
    fields: dict[str, Any], field: str, code: str
) -> None:
    raw = _document()
    raw["events"][0].update(fields)
    with pytest.raises(InvalidTimeline) as caught:
        build_timeline(raw)
    (problem,) = [p for p in caught.value.problems if p.location.field == field]
    assert problem.code == code
    assert type(problem.code) is timeline.ProblemCode


def test_every_problem_code_is_one_of_ours() -> None:
    """A code outside the closed set cannot be made, so none reaches a program unnoticed."""
    with pytest.raises(ValueError, match="is not a valid ProblemCode"):
        timeline.Problem("message", code="value_error")  # type: ignore[arg-type]
    assert timeline.Problem("message", code="missing").code is timeline.ProblemCode.MISSING  # type: ignore[arg-type]
    assert len({code.value for code in timeline.ProblemCode}) == len(timeline.ProblemCode)
