"""`timeline._codes`: the participant vocabularies, and the alpha-2 code meant by another code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.factories import HEADER, event_toml
from tests.helpers import WriteToml, problems_of
from timeline import TimelineWarning, load
from timeline._codes import COUNTRIES, ORGANISATIONS, _alpha_3, meant_country


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("IDN", "ID"),
        ("MMR", "MM"),
        ("BRN", "BN"),
        ("KAZ", "KZ"),
        ("GBR", "GB"),
        ("UK", "GB"),
        ("EL", "GR"),
        ("GER", "DE"),
        ("USSR", "RU"),
        ("kz", "KZ"),
        ("idn", "ID"),
    ],
)
def test_the_code_meant_is_found(written: str, meant: str) -> None:
    assert meant_country(written) == meant


def test_every_country_has_an_alpha_3_code() -> None:
    """ISO 3166-1 gives each of its 249 countries one alpha-3 code (CLDR adds XKK for Kosovo)."""
    reached = set(_alpha_3().values())
    assert reached <= COUNTRIES
    assert COUNTRIES - reached == set()
    assert meant_country("XKX") == meant_country("XKK") == "XK"


@given(st.sampled_from(sorted(ORGANISATIONS)))
def test_a_known_organisation_is_never_taken_for_a_country(code: str) -> None:
    assert meant_country(code) is None


@pytest.mark.parametrize("code", ["QQQ", "CSTO", "C5+1", "GCC"])
def test_an_unknown_code_means_no_country(code: str) -> None:
    assert meant_country(code) is None


def test_an_alpha_3_participant_is_told_the_alpha_2_code(write_toml: WriteToml) -> None:
    text = HEADER + event_toml().replace(
        'participants = ["KZ", "RU", "CICA"]', 'participants = ["IDN", "MMR", "BRN"]'
    )
    problems = problems_of(write_toml, text)
    assert [problem.location.field for problem in problems] == [
        f"participants[{number}]" for number in range(3)
    ]
    words = " ".join(problem.message for problem in problems)
    assert "unknown organisation" not in words
    for meant in ("'ID' (Indonesia)", "'MM' (Myanmar)", "'BN' (Brunei)"):
        assert f"did you mean {meant}?" in words


def test_a_declared_three_letter_organisation_is_read(write_toml: WriteToml) -> None:
    text = HEADER.replace(
        "[timeline]\n", '[timeline]\norganisations = { GCC = "Gulf Council" }\n'
    ) + event_toml().replace('participants = ["KZ", "RU", "CICA"]', 'participants = ["GCC"]')
    loaded = load(write_toml(text))
    assert loaded.events[0].participants == ("GCC",)


@pytest.mark.parametrize(("written", "meant"), [("IDN", "ID"), ("kz", "KZ"), ("UK", "GB")])
def test_selecting_another_code_is_told_the_code_meant(written: str, meant: str) -> None:
    chronology = factories.chronology(factories.event("a", participants=("ID", "KZ", "GB")))
    with pytest.warns(TimelineWarning, match=f"did you mean {meant!r}"):
        assert len(chronology.select(participants=[written])) == 0
