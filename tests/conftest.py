"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import WriteToml


@pytest.fixture
def write_toml(tmp_path: Path) -> WriteToml:
    """Write a TOML document to a fresh file and return its path."""

    def write(text: str, name: str = "events.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
