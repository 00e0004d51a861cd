"""Old names kept working for one minor version, each with a `DeprecationWarning` saying the new.

Before 0.1.0 the inner modules had public names (`timeline.model`, `timeline.formats.json`) and
each format offered `render` (text) and `write` (bytes) beside its `to_x`. Code that imported them
still runs: an old module name gives the private module in a wrapper that warns once on import,
and an old function name gives the new function. Both go in 0.2.0.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import sys
import types
import warnings
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["install_old_module_names"]

_INNER = (
    *("cli", "codes", "describe", "errors", "files", "geography", "model", "normalize"),
    *("review", "when"),
)
_FORMATS = ("csv", "html", "ics", "json", "markdown", "timelinejs", "toml")

#: old module name -> the private module that replaced it
MOVED: dict[str, str] = {
    **{f"timeline.{name}": f"timeline._{name}" for name in _INNER},
    **{f"timeline.formats.{name}": f"timeline.formats._{name}" for name in _FORMATS},
}

#: a format module's old writer names -> (the registry's format, whether it gave bytes)
_OLD_WRITERS: dict[tuple[str, str], tuple[str, bool]] = {
    ("csv", "write"): ("csv", True),
    ("html", "render"): ("html", False),
    ("html", "write"): ("html", True),
    ("ics", "write"): ("ics", True),
    ("json", "render"): ("json", False),
    ("json", "write"): ("json", True),
    ("markdown", "render"): ("md", False),
    ("markdown", "write"): ("md", True),
    ("timelinejs", "render"): ("timelinejs", False),
    ("timelinejs", "write"): ("timelinejs", True),
    ("timelinejs", "render_page"): ("timelinejs-html", False),
    ("timelinejs", "write_page"): ("timelinejs-html", True),
}


class _OldModule(types.ModuleType):
    """An old module name: everything its new module has, and the old writer names."""

    _new: types.ModuleType

    def __getattr__(self, name: str) -> Any:
        fmt = self.__name__.rpartition(".")[2]
        if (fmt, name) in _OLD_WRITERS:
            return _old_writer(self.__name__, name, *_OLD_WRITERS[fmt, name])
        return getattr(self._new, name)


def _old_writer(module: str, name: str, fmt: str, gives_bytes: bool) -> Callable[..., Any]:
    from timeline.formats import FORMATS

    spec = FORMATS[fmt]
    new = f"timeline.{spec.writer}"
    to_bytes = "(...).encode()" if gives_bytes and not _gives_bytes(new) else ""
    _warn(f"{module}.{name} is deprecated; use {new}{to_bytes}")
    write = spec.write
    if gives_bytes:
        return write

    def as_text(timeline: Any, **options: Any) -> str:
        return write(timeline, **options).decode("utf-8")

    return as_text


def _gives_bytes(writer: str) -> bool:
    """Whether a public writer already gives bytes (`to_ics`), so no `.encode()` is advised."""
    import timeline

    function = getattr(timeline, writer.removeprefix("timeline."))
    return inspect.signature(function, eval_str=True).return_annotation is bytes


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old module names, and loads each as a warning wrapper of its new module."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _OldModule(spec.name)
        module._new = importlib.import_module(MOVED[spec.name])
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        new = MOVED[module.__name__]
        _warn(f"{module.__name__} is deprecated; import from 'timeline' ({new} is private)")


def _warn(message: str) -> None:
    warnings.warn(message + "; the old name goes in 0.2.0", DeprecationWarning, stacklevel=4)


def install_old_module_names() -> None:
    """Let `import timeline.model` and the like still work (idempotent)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())
