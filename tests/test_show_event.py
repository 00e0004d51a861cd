"""`timeline show FILE ID`, and the seeds' relative phrases read through a TOML file.

The articles date events the way reporters do: "last Thursday" in a piece of 16 October 2022,
"Thursday" in one of 9 November 2023, "late last month" in one of early November 2022. Each must
load to the right day, keep its phrase, and show how it was resolved.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import HEADER, WriteToml
from timeline import InvalidTimeline, load
from timeline._cli import main

SEEDS = (
    HEADER
    + """
[[events]]
id = "putin-astana-2022"
title = "Putin lands in Astana"
when = "last Thursday"
kind = "visit"
participants = ["RU", "KZ"]
place = { name = "Astana", country = "KZ" }
as_of = 2022-10-16

[[events.sources]]
publisher = "Berliner Zeitung"
title = "He is lectured, exiled, and increasingly losing his influence"
published = "2022-10"

[[events]]
id = "putin-astana-2023"
title = "Putin in Kazakhstan"
when = "Thursday"
kind = "visit"
participants = ["RU", "KZ"]
absent = ["KG"]

[[events.sources]]
publisher = "CNBC"
title = "Putin visits Kazakhstan"
published = 2023-11-09

[[events]]
id = "baerbock-central-asia"
title = "Baerbock tours Central Asia"
when = "late last month"
kind = "visit"
participants = ["DE", "KZ", "UZ"]

[[events.sources]]
publisher = "CABAR.asia"
title = "Will We See a Sovereign Central Asia?"
published = 2022-11-04

[[events.links]]
rel = "follows"
target = "putin-astana-2022"
"""
)


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


def test_show_id_says_how_each_phrase_was_resolved(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_toml(SEEDS))
    assert main(["show", path, "putin-astana-2022"]) == 0
    shown = capsys.readouterr().out
    assert "Putin lands in Astana  #putin-astana-2022" in shown
    assert "13 October 2022" in shown
    assert "written 'last Thursday' -> 2022-10-13 (as of 16 October 2022" in shown
    assert "place         Astana; KZ (Kazakhstan)\n" in shown
    assert "linked from   baerbock-central-asia (Baerbock tours Central Asia) (follows)" in shown
    assert main(["show", path, "putin-astana-2023"]) == 0
    shown = capsys.readouterr().out
    assert "written 'Thursday' -> 2023-11-09 (from the source published 9 November 2023)" in shown
    assert "absent        KG (Kyrgyzstan)" in shown


def test_show_an_unknown_id_suggests_the_nearest(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(write_toml(SEEDS)), "putin-astana"]) == 2
    assert "did you mean" in capsys.readouterr().err


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


def test_the_phrase_survives_json(write_toml: WriteToml) -> None:
    from timeline import formats

    chronology = load(write_toml(SEEDS))
    for name in ("json", "csv", "ics"):
        spec = formats.FORMATS[name]
        again = spec.read(spec.write(chronology), "again")
        event = again["putin-astana-2022"]
        assert (event.when_text, event.as_of) == ("last Thursday", date(2022, 10, 16)), name
        assert again["putin-astana-2023"].absent == ("KG",), name
