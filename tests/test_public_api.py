"""The public face: what `import timeline` offers, what it loads, and the old names' way out."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings

import pytest

import timeline
from tests.factories import chronology
from timeline.formats import FORMATS


def test_every_public_name_is_there() -> None:
    for name in timeline.__all__:
        assert getattr(timeline, name) is not None, name
    assert sorted(timeline.__all__) == dir(timeline)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'render'"):
        timeline.render  # noqa: B018 - the access is the test


def test_each_format_has_one_writer_and_it_is_public() -> None:
    for spec in FORMATS.values():
        if spec.writer is not None:
            assert spec.writer in timeline.__all__, spec.name
            written = spec.write(chronology())
            direct = getattr(timeline, spec.writer)(chronology())
            assert written == (direct if isinstance(direct, bytes) else direct.encode()), spec.name


def test_only_the_calendar_writer_gives_bytes() -> None:
    kinds = {
        spec.writer: type(getattr(timeline, spec.writer)(chronology()))
        for spec in FORMATS.values()
        if spec.writer is not None
    }
    assert kinds.pop("to_ics") is bytes
    assert set(kinds.values()) == {str}


LOADED = """
import sys, timeline
timeline.load("data/events.toml")
import timeline._cli
print(" ".join(sorted(name for name in sys.modules if name.startswith("timeline"))))
"""


def test_loading_and_the_command_line_import_no_writer() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, check=True
    )
    modules = done.stdout.strip()
    writers = {"_csv", "_html", "_ics", "_json", "_markdown", "_timelinejs"}
    assert not {f"timeline.formats.{name}" for name in writers} & set(modules.split())
    assert "timeline.formats._toml" in modules.split()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("timeline.model", "timeline._model"),
        ("timeline.when", "timeline._when"),
        ("timeline.errors", "timeline._errors"),
        ("timeline.formats.ics", "timeline.formats._ics"),
        ("timeline.formats.json", "timeline.formats._json"),
    ],
)
def test_an_old_module_name_still_works_and_says_what_to_use(old: str, new: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated.*{new} is private"):
        module = importlib.import_module(old)
    public = [name for name in dir(importlib.import_module(new)) if not name.startswith("_")]
    assert public
    for name in public:
        assert getattr(module, name) is getattr(importlib.import_module(new), name)


@pytest.mark.parametrize(
    ("module", "old", "new", "as_bytes"),
    [
        ("json", "render", "to_json", False),
        ("json", "write", "to_json", True),
        ("markdown", "render", "to_markdown", False),
        ("markdown", "write", "to_markdown", True),
        ("html", "write", "to_html", True),
        ("csv", "write", "to_csv", True),
        ("timelinejs", "render_page", "to_timelinejs_page", False),
        ("timelinejs", "write_page", "to_timelinejs_page", True),
        ("ics", "write", "to_ics", True),
    ],
)
def test_an_old_writer_name_gives_what_it_gave(
    module: str, old: str, new: str, as_bytes: bool
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        moved = importlib.import_module(f"timeline.formats.{module}")
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated; use timeline.{new}"):
        writer = getattr(moved, old)
    written = writer(chronology())
    expected = getattr(timeline, new)(chronology())
    if as_bytes and isinstance(expected, str):
        expected = expected.encode()
    assert written == expected
