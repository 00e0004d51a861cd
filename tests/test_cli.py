"""`timeline check` and `timeline show` as a user runs them."""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from tests.helpers import HEADER, WriteToml, event
from timeline._cli import main


def test_check_accepts_valid_files_and_counts_events(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_toml(HEADER + event("a") + "\n" + event("b", when='"14 October 2022"'))
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok, 2 events\n"


def test_check_reports_each_file_and_fails_if_any_is_invalid(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_toml(HEADER + event("a"), "good.toml")
    bad = write_toml(HEADER + event("b", when='"2023-02-29"'), "bad.toml")
    assert main(["check", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok, 1 event" in captured.out
    assert f"{bad}:7: event 'b', field 'when'" in captured.err


def test_show_lists_events_in_order_grouped_by_year(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        HEADER
        + event("later", when='"2023-11-09"')
        + "\n"
        + event("drill", when='"10–14 October 2022"', status='"cancelled"')
        + "\n"
        + event("mid", when='"mid-October 2022"')
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
    text = HEADER + event("a") + "\n" + event("b", when='"2023-11-09"', status='"scheduled"')
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
    source = write_toml(HEADER + event("a"))
    target = tmp_path / "out.json"
    assert main(["export", str(source), "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"wrote {target} (json, 1 event)\n"
    assert target.read_bytes().startswith(b"{")


def test_export_to_an_unknown_suffix_is_a_usage_error(
    write_toml: WriteToml, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_toml(HEADER + event("a"))
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
        "RRULE:FREQ=YEARLY",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    calendar.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    for _ in range(2):  # shown every time, not once per process as Python's default would
        assert main(["show", str(calendar)]) == 0
        err = capsys.readouterr().err
        assert err.startswith(f"warning: {calendar}:")
        assert "repeats; 2 occurrences read" in err
        assert "goes on without end" in err
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
    path = write_toml(HEADER + event(when="2022-10-13T09:50:00"))
    command = [sys.executable, "-m", "timeline", "export", str(path), "--format", "json"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert '"when": "2022-10-13T09:50+06:00[Asia/Almaty]"' in result.stdout
