"""A minimal valid chronology that each test bends into the shape it needs."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
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


class Overtime(BaseException):
    """Raised in the reader when a file takes too long (a BaseException, so no
    `except Exception` inside the reader can swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of CPU time (where SIGPROF exists, in the main
    thread): a reader that spins is stopped, and named, instead of hanging the run."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGPROF, interrupt)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
