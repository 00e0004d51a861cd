"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import problem_codes
from tests.helpers import WriteToml


@pytest.fixture
def write_toml(tmp_path: Path) -> WriteToml:
    """Write a TOML document to a fresh file and return its path."""

    def write(text: str, name: str = "events.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


problem_codes.watch()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test whose run made a problem in the library without naming its code."""
    before = len(problem_codes.uncoded)
    yield
    new = problem_codes.uncoded[before:]
    if new:
        del problem_codes.uncoded[before:]
        raise AssertionError(
            "problems made in timeline without a code (ProblemCode):\n" + "\n".join(new)
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which codes the run's problems had (each one of ProblemCode, and named where made)."""
    made = problem_codes.made
    if made:
        codes = ", ".join(f"{code} {count}" for code, count in sorted(made.items()))
        terminalreporter.write_line(f"problems made, by code: {codes}")
