"""Checks of meaning: each a file that trips it, and the message with its line and hint.

Errors where the data is certainly wrong (a zone in another country, a code that is not ISO),
warnings where it is likely wrong (a source older than the event it reports); `check --strict`
makes the warnings fail.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta

import pytest

from tests.helpers import HEADER, WriteToml, event
from timeline import InvalidTimeline, TimelineWarning, load
from timeline._cli import main
from timeline._errors import Problem


def problems_of(write_toml: WriteToml, text: str) -> tuple[Problem, ...]:
    path = write_toml(text)
    with pytest.raises(InvalidTimeline) as caught:
        load(path)
    return caught.value.problems


def warnings_of(write_toml: WriteToml, text: str) -> list[str]:
    path = write_toml(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(path)
    return [str(item.message) for item in caught if issubclass(item.category, TimelineWarning)]


ST_PETERSBURG = '{ name = "St Petersburg", country = "RU" }'


# -- time zones ------------------------------------------------------------------------------------


def test_a_timed_event_in_a_country_of_many_zones_needs_a_zone(write_toml: WriteToml) -> None:
    text = HEADER + event(when='"2022-10-07T12:00"', place=ST_PETERSBURG)
    (problem,) = problems_of(write_toml, text)
    assert problem.location.line == 7
    assert problem.location.field == "when"
    assert "St Petersburg is in Russia (RU), which has 26 zones" in problem.message
    assert "Asia/Almaty is not one of them" in problem.message
    assert problem.hint is not None
    assert "Europe/Moscow" in problem.hint


def test_a_day_in_a_country_of_many_zones_needs_no_zone(write_toml: WriteToml) -> None:
    load(write_toml(HEADER + event(when='"2022-10-07"', place=ST_PETERSBURG)))


def test_a_country_with_one_zone_gives_it(write_toml: WriteToml) -> None:
    place = '{ name = "Bishkek", country = "KG" }'
    chronology = load(write_toml(HEADER + event(when='"2022-10-14T10:00"', place=place)))
    when = chronology["cica-summit"].when
    assert str(when.timezone) == "Asia/Bishkek"
    assert isinstance(when.start, datetime)
    assert when.start.utcoffset() == timedelta(hours=6)


def test_the_timelines_zone_serves_a_place_in_its_country(write_toml: WriteToml) -> None:
    place = '{ name = "Astana", country = "KZ" }'
    chronology = load(write_toml(HEADER + event(when='"2022-10-13T09:50"', place=place)))
    assert str(chronology["cica-summit"].when.timezone) == "Asia/Almaty"


def test_a_place_whose_zone_is_in_another_country_is_an_error(write_toml: WriteToml) -> None:
    place = '{ name = "Bishkek", country = "KY", timezone = "Asia/Bishkek" }'
    (problem,) = problems_of(write_toml, HEADER + event(place=place))
    assert problem.location.field == "place"
    assert problem.location.line == 9
    assert "Asia/Bishkek is in Kyrgyzstan (KG), not in Cayman Islands (KY)" in problem.message
    assert "country = 'KG'" in problem.message


def test_a_zone_alias_counts_as_its_country(write_toml: WriteToml) -> None:
    place = '{ name = "Kyiv", country = "UA", timezone = "Europe/Kiev" }'
    load(write_toml(HEADER + event(place=place)))


# -- codes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"UK"', "did you mean 'GB' (Britain (UK))?"),
        ('"kz"', "write it in upper case: 'KZ'"),
        ('"KAZ"', "did you mean 'KZ' (Kazakhstan)?"),
    ],
)
def test_a_non_iso_country_code_gets_the_right_one(
    write_toml: WriteToml, written: str, expected: str
) -> None:
    place = f'{{ name = "Somewhere", country = {written} }}'
    (problem,) = problems_of(write_toml, HEADER + event(place=place))
    assert problem.location.field == "place.country"
    assert expected in problem.message


def test_a_non_iso_participant_gets_the_right_one(write_toml: WriteToml) -> None:
    text = HEADER + event().replace('participants = ["KZ", "RU", "CICA"]', 'participants = ["UK"]')
    (problem,) = problems_of(write_toml, text)
    assert problem.location.field == "participants[0]"
    assert "did you mean 'GB'" in problem.message


def test_a_misspelt_organisation_gets_the_nearest(write_toml: WriteToml) -> None:
    text = HEADER + event().replace('"CICA"]', '"CTSO"]')
    (problem,) = problems_of(write_toml, text)
    assert problem.message == "unknown organisation 'CTSO'"
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'CSTO'?")


def test_absent_codes_are_checked_like_participants(write_toml: WriteToml) -> None:
    (problem,) = problems_of(write_toml, HEADER + event(absent='["KG", "CTSO"]'))
    assert problem.location.field == "absent[1]"


def test_a_participant_cannot_also_be_absent(write_toml: WriteToml) -> None:
    (problem,) = problems_of(write_toml, HEADER + event(absent='["KZ"]'))
    assert "'KZ' listed both in participants and as absent" in problem.message


# -- ids and links ---------------------------------------------------------------------------------


def test_a_duplicate_id_names_both_lines(write_toml: WriteToml) -> None:
    text = HEADER + event() + "\n" + event()
    (problem,) = problems_of(write_toml, text)
    assert problem.message == "duplicate id 'cica-summit' (first used on line 5)"
    assert problem.location.line == 17


def test_a_link_to_a_shortened_id_suggests_the_full_one(write_toml: WriteToml) -> None:
    link = '[{ rel = "follows", target = "caspian-summit" }]'
    text = HEADER + event("caspian-summit-ashgabat-2022") + "\n" + event(links=link)
    (problem,) = problems_of(write_toml, text)
    assert problem.location.field == "links[0].target"
    assert problem.hint == "did you mean 'caspian-summit-ashgabat-2022'?"


# -- likely mistakes: warnings ---------------------------------------------------------------------


def test_a_source_older_than_the_event_it_reports(write_toml: WriteToml) -> None:
    text = HEADER + event(when="2022-10-20")
    (found,) = warnings_of(write_toml, text)
    assert "events.toml:14: event 'cica-summit', field 'sources[0].published'" in found
    assert "published 17 October 2022, before the event it reports as occurred" in found
    assert "status 'scheduled'" in found


def test_a_scheduled_event_before_the_updated_date(write_toml: WriteToml) -> None:
    header = HEADER + "updated = 2023-01-01\n"
    text = header + event(status='"scheduled"')
    (found,) = warnings_of(write_toml, text)
    assert "field 'status'" in found
    assert "still 'scheduled', but dated 13 October 2022" in found


def test_likely_duplicates(write_toml: WriteToml) -> None:
    text = HEADER + event("cica-summit") + "\n" + event("cica-summit-astana")
    (found,) = warnings_of(write_toml, text)
    assert "event 'cica-summit-astana', field 'id'" in found
    assert "looks like 'cica-summit'" in found


def test_linked_events_of_one_day_are_not_duplicates(write_toml: WriteToml) -> None:
    link = '[{ rel = "part-of", target = "cica-summit" }]'
    text = HEADER + event("cica-summit") + "\n" + event("cica-summit-astana", links=link)
    assert warnings_of(write_toml, text) == []


def test_check_strict_fails_on_warnings(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_toml(HEADER + event(when="2022-10-20")))
    assert main(["check", path]) == 0
    assert "warning:" in capsys.readouterr().err
    assert main(["check", "--strict", path]) == 1
    assert "1 warning fails --strict" in capsys.readouterr().err


# -- selection -------------------------------------------------------------------------------------


def test_select_takes_date_strings(write_toml: WriteToml) -> None:
    two = event("one", when="2022-06-30") + "\n" + event("two", when="2022-07-01")
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

    chronology = load(write_toml(HEADER + event()))
    with pytest.raises(SelectionError):
        chronology.select(**criteria)  # type: ignore[arg-type]


def test_a_filter_value_no_event_has_is_a_warning(write_toml: WriteToml) -> None:
    chronology = load(write_toml(HEADER + event()))
    with pytest.warns(TimelineWarning, match=r"no event has the participant 'XY'.*CICA, KZ, RU"):
        assert len(chronology.select(participants=["XY"])) == 0


@pytest.mark.parametrize("option", [["--participant", "XY"], ["--tag", "nope"]])
def test_show_with_an_unknown_filter_value_exits_1(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    path = str(write_toml(HEADER + event()))
    assert main(["show", path, *option]) == 1
    assert "no event has the" in capsys.readouterr().err
