"""The command line as a user runs it: `timeline check`, `show`, `export` and `build`, their
options, output and exit codes, and files left whole when something fails."""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from tests.factories import HEADER, MALFORMED, SEEDS, event_toml, write_malformed
from tests.helpers import WriteToml, run_cli
from timeline import FormatError
from timeline._cli import _visible, main
from timeline.formats import _markdown as markdown
from timeline.formats import _timelinejs as timelinejs
from timeline.formats import format_for

OLD = b"an earlier export\n"


def test_check_accepts_valid_files_and_counts_events(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_toml(HEADER + event_toml("a") + "\n" + event_toml("b", when='"14 October 2022"'))
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok, 2 events\n"


def test_check_reports_each_file_and_fails_if_any_is_invalid(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_toml(HEADER + event_toml("a"), "good.toml")
    bad = write_toml(HEADER + event_toml("b", when='"2023-02-29"'), "bad.toml")
    assert main(["check", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok, 1 event" in captured.out
    assert f"{bad}:7: event 'b', field 'when'" in captured.err


def test_show_lists_events_in_order_grouped_by_year(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        HEADER
        + event_toml("later", when='"2023-11-09"')
        + "\n"
        + event_toml("drill", when='"10–14 October 2022"', status='"cancelled"')
        + "\n"
        + event_toml("mid", when='"mid-October 2022"')
    )
    assert main(["show", str(write_toml(text))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Test chronology"
    body = [line for line in lines[1:] if line.strip()]
    assert body[0] == "2022"
    assert "10–14 October 2022" in body[1]
    assert "[cancelled]" in body[1]
    assert "#drill" in body[1]
    assert "mid-October 2022" in body[2]
    assert body[3] == "2023"
    assert "9 November 2023" in body[4]


def test_show_applies_the_selection(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        HEADER + event_toml("a") + "\n" + event_toml("b", when='"2023-11-09"', status='"scheduled"')
    )
    path = str(write_toml(text))
    assert main(["show", path, "--from", "2023", "--status", "scheduled"]) == 0
    out = capsys.readouterr().out
    assert "1 event matches" in out
    assert "#b" in out
    assert "#a" not in out
    assert main(["show", path, "--to", "October 2022", "--participant", "KZ"]) == 0
    out = capsys.readouterr().out
    assert "#a" in out
    assert "#b" not in out


def test_export_to_a_file_says_where_it_went_on_stderr(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_toml(HEADER + event_toml("a"))
    target = tmp_path / "out.json"
    assert main(["export", str(source), "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"wrote {target} (json, 1 event)\n"
    assert target.read_bytes().startswith(b"{")


def test_export_to_an_unknown_suffix_is_a_usage_error(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_toml(HEADER + event_toml("a"))
    assert main(["export", str(source), "-o", str(tmp_path / "out.pdf")]) == 2
    err = capsys.readouterr().err
    assert "cannot tell the format of" in err
    assert ".timelinejs.json" in err
    assert "<input>" not in err
    assert not (tmp_path / "out.pdf").exists()


def test_version_names_the_installed_release(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == "timeline 0.1.0\n"
    assert timeline.__version__ == "0.1.0"  # the same, for code that asks


def test_reading_warnings_are_shown_as_located_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = tmp_path / "app.ics"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//An app//EN",
        "X-WR-CALNAME:Trips",
        "BEGIN:VEVENT",
        "UID:yearly@example.com",
        "DTSTAMP:20240101T000000Z",
        "DTSTART;VALUE=DATE:20231109",
        "SUMMARY:Anniversary",
        "RRULE:FREQ=YEARLY;UNTIL=20201109",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    calendar.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    for _ in range(2):  # shown every time, not once per process as Python's default would
        assert main(["show", str(calendar)]) == 0
        err = capsys.readouterr().err
        assert err.startswith(f"warning: {calendar}:10: event 'yearly@example.com' has RRULE")
        assert "only the first instance, DTSTART, occurs" in err
        assert "TimelineWarning" not in err


def test_the_command_line_takes_zone_rules_from_the_tzdata_package(
    write_toml: WriteToml, tmp_path: Path
) -> None:
    # a system zone folder whose Asia/Almaty is really Berlin's rules (UTC+02 in October 2022)
    system = tmp_path / "zoneinfo"
    (system / "Asia").mkdir(parents=True)
    berlin = importlib.resources.files("tzdata.zoneinfo").joinpath("Europe", "Berlin")
    (system / "Asia" / "Almaty").write_bytes(berlin.read_bytes())
    env = {**os.environ, "PYTHONTZPATH": str(system)}
    probe = "import zoneinfo, datetime as d; z = zoneinfo.ZoneInfo('Asia/Almaty'); "
    probe += "print(d.datetime(2022, 10, 13, tzinfo=z).utcoffset())"
    premise = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert premise.stdout == "2:00:00\n"  # a plain program would take the system's rules
    path = write_toml(HEADER + event_toml(when="2022-10-13T09:50:00"))
    command = [sys.executable, "-m", "timeline", "export", str(path), "--format", "json"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert '"when": "2022-10-13T09:50+06:00[Asia/Almaty]"' in result.stdout


# -- errors and exit codes -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_command_line_exits_1_with_location(
    write_toml: WriteToml, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_malformed(write_toml, name)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:" in captured.err
    assert "Traceback" not in captured.err


def test_missing_file_is_reported_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "absent.toml")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_unknown_suffix_is_read_by_content_and_says_it_guessed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("x")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:1: invalid TOML" in err
    assert "read as toml, as its content suggests" in err
    assert (
        "(toml, json, csv, ics, timelinejs, timelinejs-sheet, timelinejs-xlsx) with --input-format"
        in err
    )
    assert ".md" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["show"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["show", "x.toml", "--from", "32 October 2022"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_installed_script_prints_no_traceback(write_toml: WriteToml) -> None:
    path = write_toml(HEADER + event_toml(when='"2023-02-29"'))
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:7: event 'cica-summit', field 'when'" in result.stderr


# -- check --strict and show ---------------------------------------------------------------------


def test_check_strict_fails_on_warnings(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_toml(HEADER + event_toml(when="2022-10-20")))
    assert main(["check", path]) == 0
    assert "warning:" in capsys.readouterr().err
    assert main(["check", "--strict", path]) == 1
    assert "1 warning fails --strict" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--participant", "XY"], ["--tag", "nope"]])
def test_show_with_an_unknown_filter_value_exits_1(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    path = str(write_toml(HEADER + event_toml()))
    assert main(["show", path, *option]) == 1
    assert "no event has the" in capsys.readouterr().err


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


def chronology_file(write_toml: WriteToml) -> Path:
    text = (
        HEADER + event_toml("a") + "\n" + event_toml("b", when='"2023-11-09"', status='"cancelled"')
    )
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
    bad = write_toml(HEADER + event_toml("a", when='"2023-02-29"'), "bad.toml")
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
    write_toml: WriteToml,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    path = chronology_file(write_toml)
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "replace", refuse)
    assert main(["export", str(path), "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"error: {target}: cannot write: no space is left on the device\n"
        "    hint: free some space, or write somewhere else\n"
    )
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


# -- what is written to is respected (the cases themselves: test_files.py) ---------------------


def test_export_refuses_a_read_only_file_and_names_force(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    target.chmod(0o444)
    assert main(["export", str(path), "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"error: {target}: this file is read-only, so it was not replaced\n"
        "    hint: make it writable (chmod u+w), or give --force to replace it anyway\n"
    )
    assert target.read_bytes() == OLD
    assert main(["export", str(path), "-o", str(target), "--force"]) == 0
    assert target.read_bytes() == WRITERS["json"](timeline.load(path))
    assert target.stat().st_mode & 0o777 == 0o444
    assert leftovers(tmp_path) == []


def test_export_to_a_folder_is_a_located_error(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    folder = tmp_path / "out.json"
    folder.mkdir()
    assert main(["export", str(path), "-o", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {folder}: this is a folder, not a file; nothing was written\n")
    assert "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_export_through_a_link_replaces_the_file_it_leads_to(
    write_toml: WriteToml, tmp_path: Path
) -> None:
    path = chronology_file(write_toml)
    real = tmp_path / "real.json"
    real.write_bytes(OLD)
    (tmp_path / "link.json").symlink_to(real)
    assert main(["export", str(path), "-o", str(tmp_path / "link.json")]) == 0
    assert (tmp_path / "link.json").is_symlink()
    assert real.read_bytes() == WRITERS["json"](timeline.load(path))


def test_build_into_a_file_is_a_located_error(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    afile = tmp_path / "afile"
    afile.write_bytes(OLD)
    assert main(["build", str(path), "-o", str(afile)]) == 1
    assert capsys.readouterr().err == (
        f"error: {afile / 'events.ics'}: cannot write: {afile} is a file, not a folder\n"
        "    hint: give a path inside a folder, or move that file away\n"
    )
    assert afile.read_bytes() == OLD


def test_build_refuses_a_read_only_file_before_replacing_any(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = chronology_file(write_toml)
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "events.ics").write_bytes(OLD)
    (folder / "events.html").write_bytes(OLD)
    (folder / "events.html").chmod(0o444)
    assert main(["build", str(path), "-o", str(folder)]) == 1
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["events.html", "events.ics"]
    assert (folder / "events.ics").read_bytes() == OLD
    assert main(["build", str(path), "-o", str(folder), "--force"]) == 0
    assert (folder / "events.html").read_bytes() == timeline.to_html(timeline.load(path)).encode()
    assert len(list(folder.iterdir())) == len(BUILT)


def test_an_interrupted_export_exits_130_and_leaves_the_old_file(
    write_toml: WriteToml, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    path = chronology_file(write_toml)
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "fsync", interrupt)
    assert main(["export", str(path), "-o", str(target)]) == 130
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


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


# -- calendar exports ----------------------------------------------------------------------------


def _write_toml(path: Path) -> Path:
    path.write_text(
        '[timeline]\ntitle = "CLI"\ntimezone = "Asia/Almaty"\n\n'
        '[[events]]\nid = "arrival"\ntitle = "Arrival"\nwhen = "2022-10-13T09:50"\n'
        'kind = "visit"\n[[events.sources]]\npublisher = "Akorda"\ntitle = "Report"\n\n'
        '[[events]]\nid = "month"\ntitle = "Month"\nwhen = "2022-10"\nkind = "meeting"\n'
        '[[events.sources]]\npublisher = "Akorda"\ntitle = "Report"\n',
        encoding="utf-8",
    )
    return path


def test_cli_exports_by_suffix_and_by_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write_toml(tmp_path / "events.toml")
    target = tmp_path / "out" / "events.ics"
    assert main(["export", str(source), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert b"DTSTART;TZID=Asia/Almaty:20221013T095000\r\n" in data
    assert timeline.load(target) == timeline.load(source)
    other = tmp_path / "events.calendar"
    assert (
        main(["export", str(source), "--format", "ics", "-o", str(other), "--domain", "x.org"]) == 0
    )
    assert b"UID:arrival@x.org\r\n" in other.read_bytes()
    assert "warning" not in capsys.readouterr().err


def test_cli_reports_skipped_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write_toml(tmp_path / "events.toml")
    target = tmp_path / "events.ics"
    assert main(["export", str(source), "-o", str(target), "--imprecise", "skip"]) == 0
    assert "warning: left 1 month- or year-precision event out" in capsys.readouterr().err
    assert b"UID:month@" not in target.read_bytes()


# -- show never prints a control character raw ---------------------------------------------------

#: Retitles the terminal (OSC 0 ... BEL) and clears it (CSI 2J); then a C1 CSI and a bidi override.
ATTACK = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


def toml_escaped(text: str) -> str:
    return "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text
    )


def raw_controls(text: str) -> list[str]:
    """Characters a terminal would obey rather than show (a line break between lines aside)."""
    return [
        c for c in text if (unicodedata.category(c) == "Cc" and c != "\n") or c in "\u2028\u202e"
    ]


def attack_files(folder: Path) -> dict[str, Path]:
    """The attack in a timeline's title, an event's title, a place and a note, and raw in a
    calendar's SUMMARY."""
    attack = toml_escaped(ATTACK)
    toml = folder / "attack.toml"
    toml.write_text(
        f'[timeline]\ntitle = "Chronology {attack}"\n\n[[events]]\nid = "a"\n'
        f'title = "Summit {attack}\\tsplit\\nline"\nwhen = "2022-10-13"\nkind = "summit"\n'
        f'note = "first line\\nsecond {attack}"\nplace = {{ name = "Astana {attack}" }}\n\n'
        '[[events.sources]]\npublisher = "P"\ntitle = "T"\n',
        encoding="utf-8",
    )
    ics = folder / "attack.ics"
    ics.write_bytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
        f"DTSTAMP:20221013T000000Z\r\nDTSTART;VALUE=DATE:20221013\r\nSUMMARY:Summit {ATTACK}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n".encode()
    )
    return {"toml": toml, "ics": ics}


@pytest.mark.parametrize("name", ["toml", "ics"])
@pytest.mark.parametrize("event", [[], ["a"]])
def test_show_prints_no_control_character_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, event: list[str]
) -> None:
    status = main(["show", str(attack_files(tmp_path)[name]), *event])
    captured = capsys.readouterr()
    assert raw_controls(captured.out + captured.err) == []
    if status == 0:  # a reader that refuses control characters says so in an error instead
        assert "Summit \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e" in captured.out
        assert "\n\n" not in captured.out.split("2022", 1)[1]  # no line of the listing split


def test_show_keeps_a_multi_line_note_under_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = attack_files(tmp_path)["toml"]
    if main(["show", str(path), "a"]) == 0:
        out = capsys.readouterr().out
        assert "\n  note          first line\n                second \\x1b]0;" in out
        assert "Summit \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e\\x09split\\x0aline  #a\n" in out


def test_errors_quoting_user_text_print_no_control_character_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(attack_files(tmp_path)["toml"])
    assert main(["show", path, f"b{ATTACK}"]) != 0
    assert main(["show", path, "--tag", f"x{ATTACK}"]) != 0
    bad = tmp_path / "bad.toml"
    bad.write_text(HEADER + event_toml(when=f'"{toml_escaped(ATTACK)}"'), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert raw_controls(err) == []
    assert err.count("error:") == 3
    named = tmp_path / "named \x1b[2J.toml"  # `timeline check *.toml` passes file names on
    named.write_text(HEADER + event_toml(), encoding="utf-8")
    assert main(["check", str(named)]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/named \\x1b[2J.toml: ok, 1 event\n"


@given(st.text())
def test_visible_text_holds_no_control_and_keeps_the_rest(text: str) -> None:
    shown = _visible(text)
    assert raw_controls(shown) == []
    assert "\n" not in shown
    assert all(c in shown for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    assert _visible(shown) == shown  # what is shown is printable as it is


# -- series ----------------------------------------------------------------------------------------

SERIES = (
    HEADER
    + event_toml(
        "briefing",
        '"2022-09-05T10:00"',
        repeats='"FREQ=WEEKLY;UNTIL=20221010T040000Z"',
    ).replace('title = "An event"', 'title = "Briefing"')
    + event_toml(
        "moved",
        '"2022-09-20T10:00"',
        series='"briefing"',
        occurrence='"2022-09-19T10:00"',
        status='"postponed"',
    ).replace('title = "An event"', 'title = "Briefing"')
    + event_toml(
        "off",
        '"2022-09-26T10:00"',
        series='"briefing"',
        occurrence='"2022-09-26T10:00"',
        status='"cancelled"',
    ).replace('title = "An event"', 'title = "Briefing"')
    + event_toml("talks", '"2022-09-14"')
)


def test_show_lists_a_series_once_saying_its_rule(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(write_toml(SERIES))]) == 0
    body = [line for line in capsys.readouterr().out.splitlines()[1:] if line.strip()]
    assert body == [
        "2022",
        "  every Monday at 10:00 (UTC+06) from 5 September to 10 October 2022  Briefing  #briefing",
        "  14 September 2022                  An event  #talks",
        "  20 September 2022, 10:00 (UTC+06)  Briefing [postponed] (moved from 19 September to"
        " 20 September 2022)  #moved",
        "  26 September 2022, 10:00 (UTC+06)  Briefing (cancelled)  #off",
    ]


def test_show_in_a_window_lists_each_occurrence_in_order_with_the_other_events(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_toml(SERIES))
    assert main(["show", path, "--from", "2022-09-10", "--to", "2022-09-30"]) == 0
    body = [line for line in capsys.readouterr().out.splitlines()[2:] if line.strip()]
    assert body == [
        "2022",
        "  12 September 2022, 10:00 (UTC+06)  Briefing (repeats)  #briefing",
        "  14 September 2022                  An event  #talks",
        "  20 September 2022, 10:00 (UTC+06)  Briefing [postponed] (moved from 19 September to"
        " 20 September 2022)  #moved",
        "  26 September 2022, 10:00 (UTC+06)  Briefing (cancelled)  #off",
    ]
    assert main(["show", path, "--from", "2022-10-01"]) == 0
    out = capsys.readouterr().out
    assert out.count("(repeats)") == 2, "3 and 10 October: the rule's end ends the listing"
    assert "#talks" not in out


def test_show_of_a_series_says_its_rule_and_its_changed_occurrences(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_toml(SERIES))
    assert main(["show", path, "briefing"]) == 0
    out = capsys.readouterr().out
    assert (
        "  repeats       every Monday at 10:00 (UTC+06) from 5 September to 10 October 2022\n"
        in out
    )
    assert "  changed       moved from 19 September to 20 September  #moved\n" in out
    assert "  changed       cancelled on 26 September  #off\n" in out
    assert main(["show", path, "moved"]) == 0
    out = capsys.readouterr().out
    assert "  series        briefing (Briefing): moved from 19 September to 20 September\n" in out


# -- --max-size ----------------------------------------------------------------------------------


def test_max_size_refuses_a_larger_file_and_says_how_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml("a") + event_toml("b"), encoding="utf-8")
    size = path.stat().st_size
    refused = run_cli("check", str(path), "--max-size", str(size - 1))
    assert refused.returncode != 0
    assert f"larger than the limit of {size - 1} bytes" in refused.stderr
    assert "--max-size" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run_cli("check", str(path), "--max-size", str(size)).returncode == 0
    assert run_cli("check", str(path), "--max-size", "none").returncode == 0


@pytest.mark.parametrize(
    ("written", "size"),
    [
        ("1048576", 2**20),
        ("800MiB", 800 * 2**20),
        ("2 GiB", 2 * 2**30),
        ("3kB", 3000),
        ("None", None),
    ],
)
def test_max_size_reads_sizes_as_people_write_them(written: str, size: int | None) -> None:
    from timeline._cli import _byte_size

    assert _byte_size(written) == size


@pytest.mark.parametrize("written", ["big", "1.5GiB", "2 TiB", "-3", ""])
def test_a_size_that_is_not_one_is_a_usage_error_naming_the_forms(
    written: str, tmp_path: Path
) -> None:
    path = tmp_path / "events.toml"
    path.write_text(HEADER + event_toml("a"), encoding="utf-8")
    refused = run_cli("check", str(path), "--max-size", written)
    assert refused.returncode == 2
    assert "800MiB" in refused.stderr
    assert "Traceback" not in refused.stderr
