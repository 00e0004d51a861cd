"""The public face: what `import timeline` offers, and what it loads."""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
import sys
import typing
from collections.abc import Iterator

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
    assert kinds.pop("to_timelinejs_xlsx") is bytes  # a workbook is a zip
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


def test_importing_timeline_adds_no_import_hook() -> None:
    """The interpreter's import machinery is the caller's: importing us leaves it as it was."""
    probe = (
        "import sys; hooks = (list(sys.meta_path), list(sys.path_hooks)); import timeline; "
        "assert (list(sys.meta_path), list(sys.path_hooks)) == hooks, sys.meta_path"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert importlib.util.find_spec("timeline.model") is None  # never released, not kept


def _signature_names(function: object) -> Iterator[tuple[str, str, object]]:
    """(where, name, value) of each name a function's annotations use, looked up where the
    function is defined."""
    annotations = getattr(function, "__annotations__", {})
    space = vars(sys.modules[getattr(function, "__module__", "builtins")])
    for parameter, annotation in annotations.items():
        for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", str(annotation)):
            if name in space:
                yield (
                    f"{getattr(function, '__qualname__', function)}({parameter})",
                    name,
                    space[name],
                )


def _public_functions() -> Iterator[object]:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if inspect.isfunction(value):
            yield value
        elif inspect.isclass(value) and value.__module__.startswith("timeline"):
            for attribute, member in vars(value).items():
                if attribute.startswith("_") and attribute != "__init__":
                    continue
                function = getattr(member, "__func__", getattr(member, "fget", member))
                if inspect.isfunction(function):
                    yield function


def test_the_closed_choices_of_public_signatures_are_exported() -> None:
    """A `Literal` type or an options type a public signature names can be imported from
    `timeline` to annotate with (`OnError`, `Imprecise`, `IcsOptions`, `Edge`, ...)."""
    missing = {
        (where, name)
        for function in _public_functions()
        for where, name, value in _signature_names(function)
        if (typing.get_origin(value) is typing.Literal or typing.is_typeddict(value))
        and name not in timeline.__all__
    }
    assert not missing
    assert {"OnError", "Imprecise", "Layout", "GroupBy", "IcsOptions", "Edge"} <= set(
        timeline.__all__
    )
