"""A subscriber's view, with real clients: vdirsyncer syncs the feed served over HTTP into a
folder, the chronology changes, vdirsyncer syncs again, and khal lists the moved event at its
new date, once.

vdirsyncer and khal come from PyPI: `make test` installs them (the test extra) beside the
interpreter, where they are looked for first, then on the PATH; without them this test is
skipped, saying so.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline._cli import main

#: `make test` installs both into the project's environment, beside the interpreter
_SEARCHED = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
VDIRSYNCER, KHAL = shutil.which("vdirsyncer", path=_SEARCHED), shutil.which("khal", path=_SEARCHED)
pytestmark = pytest.mark.skipif(
    VDIRSYNCER is None or KHAL is None,
    reason="vdirsyncer and khal are not installed (pip install vdirsyncer khal)",
)
TIMEOUT = 120

CHRONOLOGY = """[timeline]
title = "Feed"

[[events]]
id = "summit"
title = "Summit"
when = "2022-10-11"
kind = "summit"
[[events.sources]]
publisher = "Reuters"
title = "An article"

[[events]]
id = "visit"
title = "State visit"
when = "2022-10-12"
kind = "visit"
[[events.sources]]
publisher = "Reuters"
title = "An article"
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served by http.server on a free localhost port, and the feed's address."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/feed.ics"
    finally:
        server.shutdown()
        server.server_close()


def _configs(tmp_path: Path, url: str) -> tuple[Path, Path]:
    local = tmp_path / "calendar"
    local.mkdir()
    vdirsyncer = tmp_path / "vdirsyncer.conf"
    vdirsyncer.write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair feed]\na = "remote"\nb = "local"\ncollections = null\n'
        'conflict_resolution = "a wins"\n\n'
        f'[storage remote]\ntype = "http"\nurl = "{url}"\n\n'
        f'[storage local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n',
        encoding="utf-8",
    )
    khal = tmp_path / "khal.conf"
    formats = "\n".join(
        f"{name} = {value}"
        for name, value in (
            ("timeformat", "%H:%M"),
            ("dateformat", "%Y-%m-%d"),
            ("longdateformat", "%Y-%m-%d"),
            ("datetimeformat", "%Y-%m-%d %H:%M"),
            ("longdatetimeformat", "%Y-%m-%d %H:%M"),
            ("default_timezone", "UTC"),
            ("local_timezone", "UTC"),
        )
    )
    khal.write_text(
        f"[calendars]\n[[feed]]\npath = {local}/\ntype = calendar\n\n[locale]\n{formats}\n\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    return vdirsyncer, khal


def _run(*command: str) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _listed(khal: Path) -> list[str]:
    """Each event khal lists in October 2022, as `start title`."""
    assert KHAL is not None
    out = _run(KHAL, "-c", str(khal), "list", "2022-10-01", "30d", "--format", "{start} {title}")
    return sorted(line for line in out.splitlines() if line.startswith("2022-"))


def test_a_subscriber_sees_the_moved_event_at_its_new_date_once(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    folder, url = served
    assert VDIRSYNCER is not None
    source = tmp_path / "events.toml"
    source.write_text(CHRONOLOGY, encoding="utf-8")
    feed = folder / "feed.ics"
    assert main(["export", str(source), "-o", str(feed)]) == 0
    vdirsyncer, khal = _configs(tmp_path, url)
    _run(VDIRSYNCER, "-c", str(vdirsyncer), "discover", "feed")
    _run(VDIRSYNCER, "-c", str(vdirsyncer), "sync")
    assert _listed(khal) == ["2022-10-11 Summit", "2022-10-12 State visit"]

    source.write_text(CHRONOLOGY.replace("2022-10-12", "2022-10-20"), encoding="utf-8")
    assert main(["export", str(source), "-o", str(feed), "--previous", str(feed)]) == 0
    _run(VDIRSYNCER, "-c", str(vdirsyncer), "sync")
    assert _listed(khal) == ["2022-10-11 Summit", "2022-10-20 State visit"]
