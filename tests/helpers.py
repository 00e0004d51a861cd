"""A minimal valid chronology that each test bends into the shape it needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Protocol

HEADER = """\
[timeline]
title = "Test chronology"
timezone = "Asia/Almaty"
"""

EVENT = """\
[[events]]
id = "{id}"
title = "An event"
when = {when}
kind = "summit"
participants = ["KZ", "RU", "CICA"]

[[events.sources]]
publisher = "A publisher"
title = "An article"
published = 2022-10-17
"""


def event(id: str = "cica-summit", when: str = "2022-10-13", **extra: str) -> str:
    """One valid event in TOML, with `extra` lines added after its `kind` line."""
    text = EVENT.format(id=id, when=when)
    if extra:
        lines = "".join(f"{key} = {value}\n" for key, value in extra.items())
        text = text.replace('kind = "summit"\n', f'kind = "summit"\n{lines}')
    return text


class WriteToml(Protocol):
    """The `write_toml` fixture: write a document to a fresh file, return its path."""

    def __call__(self, text: str, name: str = "events.toml") -> Path: ...


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `timeline` in a fresh interpreter, as a user's shell would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args], capture_output=True, text=True, check=False
    )
