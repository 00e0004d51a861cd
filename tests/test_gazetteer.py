"""Places and organisations under every name they have had: the name of the day in every writer,
a place found under any of its names, an organisation under its other names."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import chronology, event
from tests.helpers import WriteToml, problems_of, run_cli
from timeline import (
    Event,
    InvalidTimeline,
    KnownPlace,
    Place,
    PlaceName,
    Timeline,
    TimelineWarning,
    load,
    loads,
    to_csv,
    to_html,
    to_ics,
    to_json,
    to_markdown,
    to_timelinejs,
    to_toml,
)
from timeline._gazetteer import built_in_places
from timeline._show import listing_lines, show_lines

ASTANA = Place(name="Astana", country="KZ", lat=51.1282, lon=71.4307, timezone="Asia/Almaty")
NUR_SULTAN = ASTANA.model_copy(update={"name": "Nur-Sultan"})
DATA = Path(__file__).resolve().parents[1] / "data" / "events.toml"


def capital_on(day: str) -> str | None:
    naming = chronology().gazetteer.naming(ASTANA, date.fromisoformat(day))
    return None if naming is None else naming.then


# -- the built-in table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("1997-12-10", "Akmola"),
        ("1998-05-05", "Akmola"),
        ("1998-05-06", "Astana"),
        ("2019-03-19", "Astana"),
        ("2019-03-20", "Nur-Sultan"),
        ("2022-09-16", "Nur-Sultan"),
        ("2022-09-17", "Astana"),
        ("2023-11-09", "Astana"),
    ],
)
def test_the_capital_is_named_as_it_was_on_the_day(day: str, name: str) -> None:
    assert capital_on(day) == name


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_the_name_of_a_day_is_the_one_whose_span_holds_it(day: date) -> None:
    for known in built_in_places().values():
        spans = [
            each
            for each in known.names
            if (each.since is None or each.since <= day)
            and (each.until is None or day <= each.until)
        ]
        assert len(spans) == 1  # the names follow each other without a gap or an overlap
        place = Place(name=known.names[-1].name, country=known.country)
        naming = chronology().gazetteer.naming(place, day)
        assert naming is not None
        assert naming.then == spans[0].name
        assert naming.now == known.names[-1].name


def test_every_name_and_alias_finds_its_place_and_no_other() -> None:
    gazetteer = chronology().gazetteer
    for key, known in built_in_places().items():
        for name in {*(each.name for each in known.names), *known.aliases}:
            assert gazetteer.key_of(Place(name=name)) == key
            assert gazetteer.key_of(Place(name=name.upper(), country=known.country)) == key
    assert gazetteer.key_of(Place(name="Astana", country="RU")) is None  # not that country's
    assert gazetteer.key_of(Place(name="Astana airport")) is None


def test_the_shipped_chronology_writes_no_renaming_by_hand() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert "(then " not in text
    shipped = load(DATA)
    renamed = [each for each in shipped if each.place and each.place.name == "Nur-Sultan"]
    assert [each.id for each in renamed] == ["xi-state-visit-kazakhstan-2022"]
    assert "Nur-Sultan (now Astana)" in to_markdown(shipped)


# -- every writer prints the name of the day ---------------------------------------------


def two_visits(place_2021: Place = ASTANA, place_2023: Place = NUR_SULTAN) -> Timeline:
    return chronology(
        event("visit-2021", "2021-06-01", title="A visit in 2021", place=place_2021),
        event("visit-2023", "2023-06-01", title="A visit in 2023", place=place_2023),
    )


def test_writers_for_readers_name_the_place_as_it_was_then() -> None:
    both = two_visits()
    markdown = to_markdown(both)
    assert "A visit in 2021 (Nur-Sultan (now Astana))" in markdown
    assert "A visit in 2023 (Astana)" in markdown
    assert "Nur-Sultan (now Astana), Kazakhstan" in to_html(both)
    slides = {slide["unique_id"]: slide for slide in json.loads(to_timelinejs(both))["events"]}
    assert "<p>Nur-Sultan (now Astana)</p>" in slides["visit-2021"]["text"]["text"]
    assert "<p>Astana</p>" in slides["visit-2023"]["text"]["text"]
    calendar = to_ics(both).decode()
    assert "LOCATION:Nur-Sultan (now Astana)\r\n" in calendar
    assert "LOCATION:Astana\r\n" in calendar
    listing = "\n".join(listing_lines(both, None, None))
    assert "(Nur-Sultan (now Astana))  #visit-2021" in listing
    shown = "\n".join(show_lines(both, both["visit-2023"]))
    assert "Astana, written 'Nur-Sultan'" in shown


def test_data_formats_keep_the_name_as_written_and_read_back_equal() -> None:
    both = two_visits()
    for text, form in ((to_toml(both), "toml"), (to_json(both), "json"), (to_csv(both), "csv")):
        assert "Nur-Sultan (now" not in text
        assert loads(text, format=form).events == both.events  # CSV has no title of its own
    assert loads(to_ics(both), format="ics").events[0].place == ASTANA  # the name as written


def test_an_unknown_place_is_printed_as_written() -> None:
    airport = ASTANA.model_copy(update={"name": "Astana airport"})
    assert "(Astana airport)" in to_markdown(two_visits(place_2021=airport))


# -- a timeline's own table ---------------------------------------------------------------

DECLARED = """
[timeline]
title = "t"

[timeline.places.almaty]
country = "KZ"
aliases = ["Alma Ata"]
names = [
    { name = "Alma-Ata", until = 1993-01-27 },
    { name = "Almaty", since = 1993-01-28 },
]

[timeline.organisations]
GCC = "Gulf Cooperation Council"

[timeline.organisation_aliases]
"ССАГПЗ" = "GCC"

[[events]]
id = "a"
title = "A meeting"
when = 1990-05-01
kind = "meeting"
participants = ["ССАГПЗ", "ОДКБ", "KZ"]
place = { name = "Almaty", country = "KZ" }

[[events.sources]]
publisher = "p"
title = "t"
"""


def test_a_declared_place_and_alias_are_used_and_written_back(write_toml: WriteToml) -> None:
    declared = load(write_toml(DECLARED))
    assert declared.events[0].participants == ("GCC", "CSTO", "KZ")
    assert "A meeting (Alma-Ata (now Almaty))" in to_markdown(declared)
    assert "astana" in declared.gazetteer.places  # the built-in table stays beside it
    written = to_toml(declared)
    assert "[timeline.places.almaty]" in written
    assert '"ССАГПЗ" = "GCC"' in written
    assert loads(written, format="toml") == declared
    assert loads(to_json(declared), format="json") == declared
    assert to_toml(loads(written, format="toml")) == written


def test_a_declared_place_replaces_the_built_in_one_of_its_key() -> None:
    mine = KnownPlace(names=(PlaceName(name="Astana"),), country="KZ")
    timeline = chronology(event(place=NUR_SULTAN), places={"astana": mine})
    assert timeline.gazetteer.key_of(NUR_SULTAN) is None  # no longer one of its names


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (
            '[{ name = "A", until = 2000-01-01 }, { name = "B", since = 1999-01-01 }]',
            "overlap in time",
        ),
        ('[{ name = "A" }, { name = "B" }]', "overlap in time"),
        ('[{ name = "A", since = 2001-01-01, until = 2000-01-01 }]', "is before since"),
        ("[]", "at least one name"),
    ],
)
def test_names_that_do_not_follow_each_other_are_refused_where_written(
    write_toml: WriteToml, names: str, words: str
) -> None:
    text = f'[timeline]\ntitle = "t"\n\n[timeline.places.x]\nnames = {names}\n'
    problems = problems_of(write_toml, text)
    assert len(problems) == 1
    assert words in problems[0].message
    assert problems[0].location.line in (4, 5)  # the place's table, or its names
    assert "places" in (problems[0].location.field or "")


def test_an_alias_of_no_known_organisation_is_refused() -> None:
    with pytest.raises(InvalidTimeline, match="not a known organisation"):
        chronology(organisation_aliases={"XYZ": "NOPE"})


def test_built_in_aliases_read_as_the_acronym_everywhere() -> None:
    made = event(participants=("ОДКБ", "KZ"), absent=("ШОС",))
    assert made.participants == ("CSTO", "KZ")
    assert made.absent == ("SCO",)


# -- selection and sameness ----------------------------------------------------------------------


def test_a_selection_finds_a_place_under_any_of_its_names() -> None:
    both = two_visits()
    for name in ("Astana", "nur-sultan", "Nursultan", "Akmola"):
        assert [each.id for each in both.select(places=name)] == ["visit-2021", "visit-2023"]
    with pytest.warns(TimelineWarning, match="did you mean 'Astana'"):
        assert len(both.select(places="Astna")) == 0


def test_a_selection_by_an_organisations_other_name() -> None:
    timeline = chronology(event(participants=("CSTO", "KZ")))
    assert len(timeline.select(participants="ОДКБ")) == 1


def test_the_command_line_selects_by_place(tmp_path: Path) -> None:
    result = run_cli("show", str(DATA), "--place", "Nur-Sultan")
    assert result.returncode == 0, result.stderr
    assert "#xi-state-visit-kazakhstan-2022" in result.stdout
    assert "#putin-visit-kazakhstan-2023" in result.stdout
    assert "#sco-summit-samarkand-2022" not in result.stdout
    wrong = run_cli("show", str(DATA), "--place", "Astna")
    assert wrong.returncode != 0
    assert "did you mean 'Astana'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (ASTANA, NUR_SULTAN, True),
        (Place(name="Nursultan"), Place(name="Astana", country="KZ"), True),
        (ASTANA, Place(name="Almaty", country="KZ"), None),  # two names say nothing more
        (ASTANA, Place(name="Almaty", country="KZ", lat=43.24, lon=76.89), False),
        (Place(name="Astana", country="KZ"), Place(name="Astana", country="RU"), False),
        (Place(name="Kiev"), Place(name="Kyiv", country="UA"), True),
        (Place(name="Bishkek"), Place(name="bishkek"), True),
        # the airport is 12 km from the city centre: one spot, whatever they are called
        (Place(name="Astana airport", lat=51.0222, lon=71.4669), ASTANA, True),
        (Place(name="Almaty airport", lat=43.35, lon=77.04), ASTANA, False),
        (
            Place(name="Ala-Too Square", lat=42.876, lon=74.604),
            Place(name="Bishkek", lat=42.87, lon=74.59),
            True,
        ),
        (ASTANA, None, None),
    ],
)
def test_two_places_are_one_under_any_names_or_a_few_kilometres_apart(
    one: Place, other: Place | None, same: bool | None
) -> None:
    gazetteer = chronology().gazetteer
    assert gazetteer.same_place(one, other) is same
    if other is not None:
        assert gazetteer.same_place(other, one) is same


def test_an_event_with_an_open_start_is_named_by_its_known_end() -> None:
    timeline = chronology(event("open", "../2021-05", place=ASTANA))
    assert timeline.gazetteer.naming(ASTANA, date(2021, 5, 1)) is not None
    assert "Nur-Sultan (now Astana)" in to_markdown(timeline)


def test_the_name_changes_the_day_after_the_last_day() -> None:
    last = date(2022, 9, 16)
    assert capital_on(last.isoformat()) == "Nur-Sultan"
    assert capital_on((last + timedelta(days=1)).isoformat()) == "Astana"


def test_an_event_built_in_code_keeps_its_place_as_given() -> None:
    made = Event.model_validate(event(place=NUR_SULTAN).model_dump())
    assert made.place == NUR_SULTAN


# -- the table round-trips through the formats that carry it ---------------------------------------


@st.composite
def known_places(draw: st.DrawFn) -> KnownPlace:
    """A place with one to four names, each following the last, and a few aliases."""
    count = draw(st.integers(min_value=1, max_value=4))
    days = sorted(
        draw(
            st.lists(
                st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 1, 1)),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
    )
    words = st.text(st.characters(categories=("L", "Zs")), min_size=1, max_size=12).filter(
        lambda text: text.strip() == text
    )
    names = []
    for index in range(count):
        since = days[index - 1] + timedelta(days=1) if index else None
        until = days[index] if index < count - 1 else None
        names.append(PlaceName(name=draw(words), since=since, until=until))
    aliases = tuple(draw(st.lists(words, max_size=2, unique=True)))
    return KnownPlace(names=tuple(names), aliases=aliases, country=draw(st.none() | st.just("KZ")))


@given(
    st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), known_places(), max_size=3),
    st.dictionaries(st.sampled_from(["ОДКБ2", "Alias X", "ШОС+"]), st.just("CSTO"), max_size=2),
)
def test_a_declared_table_reads_back_equal_from_toml_and_json(
    places: dict[str, KnownPlace], aliases: dict[str, str]
) -> None:
    declared = chronology(event(place=ASTANA), places=places, organisation_aliases=aliases)
    written = to_toml(declared)
    assert loads(written, format="toml") == declared
    assert to_toml(loads(written, format="toml")) == written  # a fixed point
    assert loads(to_json(declared), format="json") == declared
