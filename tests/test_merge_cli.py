"""`timeline merge A B [C ...]`: written through the export path in any format, disagreements
located in both files (exit 1 and nothing written unless --prefer), --matches and --dry-run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import timeline
from timeline._cli import _WRITABLE, main
from timeline.formats import READABLE

DESK_A = """\
[timeline]
title = "Desk A"

[[events]]
id = "cica-summit"
title = "CICA summit in Astana agrees to become an international organisation"
when = "2022-10-12/2022-10-13"
kind = "summit"
participants = ["KZ", "RU"]

[[events.sources]]
publisher = "Reuters"
title = "CICA summit"

[[events]]
id = "drill"
title = "CSTO drill in Kyrgyzstan"
when = "2022-10-10"
kind = "military-exercise"

[[events.sources]]
publisher = "TASS"
title = "Drill"
"""

DESK_B = """\
[timeline]
title = "Desk B"

[[events]]
id = "other"
title = "Lavrov visits Dushanbe"
when = "2022-05-01"
kind = "visit"

[[events.sources]]
publisher = "AP"
title = "Visit"

[[events]]
id = "cica-2022"
title = "CICA summit in Astana: leaders agree to become an international organisation"
when = "2022-10-12"
kind = "summit"
participants = ["KZ", "TR"]

[[events.sources]]
publisher = "AP"
title = "Asian leaders meet"

[[events]]
id = "csto-drill"
title = "CSTO drill in Kyrgyzstan called off"
when = "2022-10-10"
kind = "military-exercise"
status = "cancelled"

[[events.sources]]
publisher = "Eurasianet"
title = "Drill cancelled"
"""


@pytest.fixture
def desks(tmp_path: Path) -> tuple[str, str]:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(DESK_A, encoding="utf-8")
    b.write_text(DESK_B, encoding="utf-8")
    return str(a), str(b)


def test_a_disagreement_is_located_in_both_files_and_nothing_is_written(
    desks: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = desks
    out = tmp_path / "merged.toml"
    assert main(["merge", a, b, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: {a}:16: event 'drill', field 'status': status disagrees with {b}:26" in err
    assert "occurred here, cancelled there" in err
    assert "\n    hint: choose the side to keep (--prefer FILE)" in err
    assert not out.exists()


def test_prefer_keeps_that_files_values_and_writes(
    desks: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = desks
    out = tmp_path / "merged.toml"
    assert main(["merge", a, b, "-o", str(out), "--prefer", "2"]) == 0
    merged = timeline.load(out)
    assert merged["drill"].status is timeline.Status.CANCELLED
    assert sorted(merged.by_id) == ["cica-summit", "drill", "other"]
    assert [s.publisher for s in merged["cica-summit"].sources] == ["Reuters", "AP"]
    assert "warning:" in capsys.readouterr().err
    assert main(["merge", a, b, "-o", str(out), "--prefer", b, "--force"]) == 0


def test_matches_and_dry_run(
    desks: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = desks
    matches = tmp_path / "matches.json"
    out = tmp_path / "merged.ics"
    assert main(["merge", a, b, "-o", str(out), "--prefer", "1", "--matches", str(matches)]) == 0
    assert json.loads(matches.read_text(encoding="utf-8")) == [
        [[a, "drill"], [b, "csto-drill"]],  # in the order of the first input's events
        [[a, "cica-summit"], [b, "cica-2022"]],
    ]
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    capsys.readouterr()
    assert main(["merge", a, b, "--dry-run"]) == 1  # a disagreement, and no --prefer
    shown = capsys.readouterr()
    assert shown.out == f"{a} drill = {b} csto-drill\n{a} cica-summit = {b} cica-2022\n"
    assert "1 disagreement" in shown.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["one.toml", "-o", "x.toml"], "give two files or more"),
        (["{a}", "{b}", "-o", "x.toml", "--prefer", "3"], "--prefer '3' names none"),
        (["{a}", "{b}", "-o", "x.unknown"], "cannot tell the format"),
        (["{a}", "{b}"], "give --format"),
    ],
)
def test_usage_errors_exit_2(
    desks: tuple[str, str], args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = desks
    assert main(["merge", *(arg.format(a=a, b=b) for arg in args)]) == 2
    assert said in capsys.readouterr().err


def test_the_shipped_chronology_merged_with_itself_is_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = Path(__file__).resolve().parent.parent / "data" / "events.toml"
    out = tmp_path / "again.json"
    assert main(["merge", str(shipped), str(shipped), "-o", str(out)]) == 0
    assert timeline.load(out) == timeline.load(shipped)
    assert "0 events joined" not in capsys.readouterr().err


MERGE_SET = Path(__file__).resolve().parent / "data" / "merge"


@pytest.mark.skipif(not MERGE_SET.is_dir(), reason="no merge test set")
@pytest.mark.parametrize("name", _WRITABLE)
def test_a_sheet_merged_with_a_toml_file_exports_to_every_format(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk, sheet = MERGE_SET / "desk_a.toml", MERGE_SET / "desk_c.timelinejs.csv"
    out = tmp_path / "merged.out"
    assert main(["merge", str(desk), str(sheet), "-f", name, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    assert "14 events joined into 7" in capsys.readouterr().err  # the 7 rows desk A tells too
    if name in READABLE:
        merged = timeline.load(out, format=name)
        assert len(merged) == 82 + 13 - 7
