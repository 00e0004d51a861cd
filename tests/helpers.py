"""Helpers the test modules share: the `write_toml` fixture's type, located problems of a file,
the installed command, a time limit, and the dates of a JSON export the schema accepts."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Protocol

import pytest
from jsonschema import Draft202012Validator

from timeline import InvalidTimeline, Timeline, load, to_json
from timeline._errors import Problem


class WriteToml(Protocol):
    """The `write_toml` fixture: write a document to a fresh file, return its path."""

    def __call__(self, text: str, name: str = "events.toml") -> Path: ...


def problems_of(write_toml: WriteToml, text: str) -> tuple[Problem, ...]:
    path = write_toml(text)
    with pytest.raises(InvalidTimeline) as caught:
        load(path)
    return caught.value.problems


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


SCHEMA_FILE = Path(__file__).parent.parent / "schemas" / "timeline-v2.json"


def json_whens(chronicle: Timeline) -> dict[str, str]:
    """Each event's `when` in the JSON export, once the committed schema has accepted it."""
    document = json.loads(to_json(chronicle))
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(document)) == []
    return {item["id"]: item["when"] for item in document["events"]}
