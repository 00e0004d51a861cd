"""`timeline export` and `timeline build` as a user runs them, including when something fails.

Writes are atomic: whatever goes wrong (bad input, a writer that raises, a failed rename), a file
that was there before is left exactly as it was and no temporary file is left behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

import timeline
from tests.helpers import HEADER, WriteToml, event
from timeline import FormatError
from timeline._cli import main
from timeline.formats import _markdown as markdown
from timeline.formats import _timelinejs as timelinejs
from timeline.formats import format_for

OLD = b"an earlier export\n"


def chronology_file(write_toml: WriteToml) -> Path:
    text = HEADER + event("a") + "\n" + event("b", when='"2023-11-09"', status='"cancelled"')
    return write_toml(text)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


# -- export --------------------------------------------------------------------------------------


WRITERS: dict[str, Callable[[timeline.Timeline], bytes]] = {
    name: format_for(name).write for name in ("md", "json", "timelinejs")
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_export_to_standard_output(
    name: str, write_toml: WriteToml, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = chronology_file(write_toml)
    assert main(["export", str(path), "--format", name]) == 0
    assert capsysbinary.readouterr().out == WRITERS[name](timeline.load(path))


@pytest.mark.parametrize(
    ("output", "name"),
    [("out.md", "md"), ("out.json", "json"), ("out.timelinejs.json", "timelinejs")],
)
def test_export_to_a_file_picks_the_format_from_the_suffix(
    output: str, name: str, write_toml: WriteToml, tmp_path: Path
) -> None:
    path = chronology_file(write_toml)
    target = tmp_path / output
    assert main(["export", str(path), "-o", str(target)]) == 0
    assert target.read_bytes() == WRITERS[name](timeline.load(path))
    assert leftovers(tmp_path) == []


def test_markdown_options_reach_the_writer(write_toml: WriteToml, tmp_path: Path) -> None:
    path = chronology_file(write_toml)
    target = tmp_path / "out.md"
    argv = ["export", str(path), "-o", str(target), "--layout", "table", "--group-by", "month"]
    assert main([*argv, "--front-matter"]) == 0
    expected = markdown.to_markdown(
        timeline.load(path), layout="table", group_by="month", front_matter=True
    ).encode()
    assert target.read_bytes() == expected
    assert expected.startswith(b"---\ntitle: ")
    assert b"## October 2022" in expected
    assert b"| Date " in expected


def test_selection_applies_to_the_export(
    write_toml: WriteToml, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = chronology_file(write_toml)
    assert main(["export", str(path), "-f", "json", "--status", "cancelled"]) == 0
    data = json.loads(capsysbinary.readouterr().out)
    assert [item["id"] for item in data["events"]] == ["b"]


def test_exported_json_loads_back_equal(write_toml: WriteToml, tmp_path: Path) -> None:
    path = chronology_file(write_toml)
    target = tmp_path / "out.json"
    assert main(["export", str(path), "-o", str(target)]) == 0
    assert timeline.load(target) == timeline.load(path)
    assert main(["check", str(target)]) == 0


# -- failures leave earlier files alone ----------------------------------------------------------


def test_invalid_input_leaves_the_existing_output_untouched(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_toml(HEADER + event("a", when='"2023-02-29"'), "bad.toml")
    target = tmp_path / "out.md"
    target.write_bytes(OLD)
    assert main(["export", str(bad), "-o", str(target)]) == 1
    assert target.read_bytes() == OLD
    assert "field 'when'" in capsys.readouterr().err
    assert leftovers(tmp_path) == []


def test_a_writer_that_fails_leaves_the_existing_output_untouched(
    write_toml: WriteToml,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(*_args: object, **_options: object) -> bytes:
        raise FormatError("the writer broke")

    monkeypatch.setattr(markdown, "to_markdown", broken)
    path = chronology_file(write_toml)
    target = tmp_path / "out.md"
    target.write_bytes(OLD)
    assert main(["export", str(path), "-o", str(target)]) == 1
    assert "the writer broke" in capsys.readouterr().err
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_an_unexpected_crash_also_leaves_the_output_untouched(
    write_toml: WriteToml, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object, **_options: object) -> bytes:
        raise RuntimeError("bug")

    monkeypatch.setattr(timelinejs, "to_timelinejs", crash)
    path = chronology_file(write_toml)
    target = tmp_path / "out.timelinejs.json"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError, match="bug"):
        main(["export", str(path), "-o", str(target)])
    assert target.read_bytes() == OLD


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(
    write_toml: WriteToml, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    path = chronology_file(write_toml)
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        main(["export", str(path), "-o", str(target)])
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_build_with_one_failing_writer_replaces_no_file(
    write_toml: WriteToml,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_options: object) -> bytes:
        raise FormatError("the writer broke")

    path = chronology_file(write_toml)
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "events.json").write_bytes(OLD)
    monkeypatch.setattr(timelinejs, "to_timelinejs", broken)
    assert main(["build", str(path), "-o", str(folder)]) == 1
    assert (folder / "events.json").read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["events.json"]


# -- build ---------------------------------------------------------------------------------------

BUILT: dict[str, tuple[str, Callable[[timeline.Timeline], bytes]]] = {
    "ics": ("events.ics", timeline.to_ics),
    "json": ("events.json", lambda t: timeline.to_json(t).encode()),
    "csv": ("events.csv", lambda t: timeline.to_csv(t).encode()),
    "md": ("events.md", lambda t: timeline.to_markdown(t).encode()),
    "timelinejs": ("events.timelinejs.json", lambda t: timeline.to_timelinejs(t).encode()),
    "timelinejs-html": (
        "events.timelinejs.html",
        lambda t: timeline.to_timelinejs_page(t).encode(),
    ),
    "html": ("events.html", lambda t: timeline.to_html(t).encode()),
}


def test_build_writes_every_format(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    folder = tmp_path / "build"
    assert main(["build", str(path), "-o", str(folder)]) == 0
    loaded = timeline.load(path)
    for name, writer in BUILT.values():
        assert (folder / name).read_bytes() == writer(loaded)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(name for name, _ in BUILT.values())
    out = capsys.readouterr().out
    assert all(f"wrote {folder / name}" in out for name in names)


def test_build_without_file_reads_the_projects_chronology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    assert main(["build", "-o", str(tmp_path)]) == 0
    assert f"wrote {tmp_path / 'events.md'}" in capsys.readouterr().out


def test_build_without_file_elsewhere_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "no FILE given, and there is no data/events.toml here" in err
    assert not (tmp_path / "build").exists()


def test_build_is_byte_identical_when_run_twice(write_toml: WriteToml, tmp_path: Path) -> None:
    path = chronology_file(write_toml)
    assert main(["build", str(path), "-o", str(tmp_path / "one")]) == 0
    assert main(["build", str(path), "-o", str(tmp_path / "two")]) == 0
    for built in (tmp_path / "one").iterdir():
        assert built.read_bytes() == (tmp_path / "two" / built.name).read_bytes()


def test_build_on_the_shipped_chronology(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[1] / "data" / "events.toml"
    assert main(["build", str(shipped), "-o", str(tmp_path)]) == 0
    loaded = timeline.load(shipped)
    assert timeline.load(tmp_path / "events.json") == loaded
    text = (tmp_path / "events.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {loaded.title}\n")
    assert text.count("\n- **") == len(loaded)
    slides = json.loads((tmp_path / "events.timelinejs.json").read_bytes())["events"]
    assert [slide["unique_id"] for slide in slides] == [item.id for item in loaded]


def test_build_says_where_to_open_the_page(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    assert main(["build", str(path), "-o", str(tmp_path)]) == 0
    assert f"open {(tmp_path / 'events.html').resolve().as_uri()}" in capsys.readouterr().out


def test_calendar_marks_and_duration_options_reach_the_writer(
    write_toml: WriteToml, tmp_path: Path
) -> None:
    path = chronology_file(write_toml)
    loaded = timeline.load(path)
    target = tmp_path / "plain.ics"
    options = ["--no-date-marks", "--no-status-marks", "--default-duration", "0"]
    assert main(["export", str(path), "-o", str(target), *options]) == 0
    expected = timeline.to_ics(
        loaded, mark_dates=False, mark_status=False, default_duration=timedelta(0)
    )
    assert target.read_bytes() == expected


def test_markdown_content_options_reach_the_writer(write_toml: WriteToml, tmp_path: Path) -> None:
    path = chronology_file(write_toml)
    loaded = timeline.load(path)
    target = tmp_path / "full.md"
    options = ["--no-votes", "--participants", "--notes", "--no-absent"]
    assert main(["export", str(path), "-o", str(target), *options]) == 0
    expected = markdown.to_markdown(
        loaded, votes=False, participants=True, notes=True, absent=False
    ).encode()
    assert target.read_bytes() == expected


def test_a_negative_duration_is_a_usage_error(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    with pytest.raises(SystemExit) as exited:
        main(["export", str(path), "--format", "ics", "--default-duration", "-5"])
    assert exited.value.code == 2
    assert "cannot be negative" in capsys.readouterr().err
