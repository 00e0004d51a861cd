"""`timeline._geography`: countries of zones from the tz database, names from CLDR as printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from tests import factories
from timeline import Place
from timeline._codes import COUNTRIES
from timeline._geography import countries_of_zone, country_name, listed, zones_of_country


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("GB", "United Kingdom"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("MM", "Myanmar"),
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("HK", "Hong Kong"),
        ("BA", "Bosnia and Herzegovina"),
        ("KZ", "Kazakhstan"),
        ("XK", "Kosovo"),
        ("US", "United States"),
    ],
)
def test_a_country_is_named_as_a_newspaper_prints_it(code: str, name: str) -> None:
    assert country_name(code) == name


def test_every_country_code_has_a_name_without_a_picker_s_qualifier() -> None:
    names = {code: country_name(code) for code in COUNTRIES}
    assert all(names.values()), [code for code, name in names.items() if not name]
    for code, name in names.items():
        assert name is not None
        for mark in (" & ", " - ", "SAR", "(UK)", "(South)", "(Burma)", "Rep.)"):
            assert mark not in name, (code, name)
    assert len(set(names.values())) == len(names), "two countries share a name"


def test_what_is_not_a_country_has_no_name() -> None:
    """CLDR also names regions and groupings (EU, UN, ZZ "Unknown Region"): not countries."""
    for code in ("EU", "UN", "ZZ", "XA", "QO", "EZ", "gb", ""):
        assert country_name(code) is None


def test_names_do_not_depend_on_the_machine_s_locale() -> None:
    program = "from timeline._geography import country_name; print(country_name('DE'))"
    env = os.environ | {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de"}
    shown = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert shown.stdout.strip() == "Germany"


def test_zones_and_countries_still_come_from_the_tz_database() -> None:
    assert countries_of_zone("Asia/Bishkek") == {"KG"}
    assert countries_of_zone("Europe/Kiev") == {"UA"}  # an alias, by its rules
    assert zones_of_country("KG") == ("Asia/Bishkek",)
    assert countries_of_zone("UTC") == frozenset()
    assert listed(zones_of_country("RU"), shown=2).endswith("more")


def test_markdown_and_html_print_the_names_a_newspaper_prints() -> None:
    chronology = factories.chronology(
        factories.event(
            "a",
            participants=("GB", "KR", "CD"),
            absent=("MM",),
            place=Place(name="Yangon", country="MM"),
        )
    )
    for text in (timeline.to_markdown(chronology, participants=True), timeline.to_html(chronology)):
        for name in ("United Kingdom", "South Korea", "Democratic Republic of the Congo"):
            assert name in text
        assert "Myanmar" in text
        for picker in ("Britain (UK)", "Korea (South)", "Myanmar (Burma)", "Congo (Dem. Rep.)"):
            assert picker not in text


def test_checking_a_valid_file_does_not_load_the_names() -> None:
    """babel and its English data take about 45 ms: only a writer or a message needs them."""
    program = (
        "import sys, timeline; timeline.load('data/events.toml'); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel'))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert shown.stdout.strip() == "[]"
