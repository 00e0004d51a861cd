"""Every public function says what it raises and warns: a "Raises:" section wherever one of our
exceptions can come out of it, a "Warns:" section wherever one of our warnings can.

"Can" is read from the code: the function's own body (docstring left out) raises, or calls one
of the helpers below that raise (or warn). The lists are short on purpose; a helper that starts
raising, called from a public function, belongs on them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import timeline
from timeline import formats

#: Called by public functions and known to raise one of ours (by the name called).
RAISING_CALLS = frozenset(
    {
        "format_for",  # FormatError
        "decode_utf8",  # FormatError
        "build_timeline",  # InvalidTimeline
        "from_calendars",  # FormatError, InvalidTimeline
        "read",  # every reader, and `Format.read`
        "_read",  # the TOML reader's body
        "_Reader",  # the CSV reader
        "to_ics",  # FormatError for a bad option
        "_checked_options",  # to_ics's FormatError for a bad option
        "_selection_day",  # SelectionError
        "member_of",  # SelectionError
    }
)

#: Called by public functions and known to warn.
WARNING_CALLS = frozenset(
    {
        "warn",  # warnings.warn
        "build_timeline",
        "from_calendars",
        "read",
        "_read",
        "_Reader",
        "to_ics",
        "_warn_skipped",  # to_ics's warning for events imprecise="skip" left out
        "_warn_unknown",
        "_warn_about_organisations",
    }
)

CONSTRUCTORS = ("__init__", "__post_init__")


def _public_classes() -> list[type]:
    classes = [
        value
        for value in (getattr(timeline, name) for name in timeline.__all__)
        if inspect.isclass(value) and value.__module__.startswith("timeline")
    ]
    return [*classes, formats.Format]


def _functions() -> Iterator[tuple[str, Callable[..., Any], str | None]]:
    """(name, function, the docstring it is documented by) of every public callable."""
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if inspect.isfunction(value):
            yield name, value, inspect.getdoc(value)
    yield "formats.format_for", formats.format_for, inspect.getdoc(formats.format_for)
    for spec in formats.FORMATS.values():
        if spec.readable:
            reader = importlib.import_module(f"timeline.formats._{spec.module}").read
            yield f"{spec.name} read", reader, inspect.getdoc(reader)
    for cls in _public_classes():
        for attribute, value in vars(cls).items():
            function = _function_of(value)
            if function is None:
                continue
            qualified = f"{cls.__name__}.{attribute}"
            if attribute in CONSTRUCTORS:  # documented in the class docstring, Google style
                yield qualified, function, inspect.getdoc(cls)
            elif not attribute.startswith("_"):
                yield qualified, function, inspect.getdoc(function) or inspect.getdoc(value)


def _function_of(value: object) -> Callable[..., Any] | None:
    if isinstance(value, classmethod | staticmethod):
        value = value.__func__
    elif isinstance(value, property):
        value = value.fget
    elif isinstance(value, cached_property):
        value = value.func
    if not inspect.isfunction(value) or value.__code__.co_filename.startswith("<"):
        return None  # not a function, or one a dataclass generated: no source, raises nothing
    return value


def _body(function: Callable[..., Any]) -> ast.AST:
    """The function's code, its docstring left out (a docstring may say "raise")."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    if ast.get_docstring(definition) is not None:
        definition.body = definition.body[1:]
    return definition


def _called(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def _raises(function: Callable[..., Any]) -> bool:
    tree = _body(function)
    return any(isinstance(node, ast.Raise) for node in ast.walk(tree)) or bool(
        _called(tree) & RAISING_CALLS
    )


def _warns(function: Callable[..., Any]) -> bool:
    return bool(_called(_body(function)) & WARNING_CALLS)


def test_every_public_function_that_can_raise_has_a_raises_section() -> None:
    missing = [
        name
        for name, function, doc in _functions()
        if _raises(function) and "\nRaises:\n" not in f"\n{doc or ''}"
    ]
    assert not missing, f"no 'Raises:' section: {', '.join(missing)}"


def test_every_public_function_that_can_warn_has_a_warns_section() -> None:
    missing = [
        name
        for name, function, doc in _functions()
        if _warns(function) and "\nWarns:\n" not in f"\n{doc or ''}"
    ]
    assert not missing, f"no 'Warns:' section: {', '.join(missing)}"


def test_the_timeline_says_its_constructor_raises() -> None:
    """Only `Timeline`: the other models' docstrings are the descriptions in the published JSON
    Schema (schemas/timeline-v2.json), where a Raises section has no place; `json_schema`
    replaces the timeline's own description, so its docstring is free to say what it raises."""
    doc = inspect.getdoc(timeline.Timeline) or ""
    assert "InvalidTimeline:" in doc
    assert "ValidationError:" not in doc, "a model's refusal is an InvalidTimeline"
    assert "Raises:" not in str(timeline.json_schema())


def test_the_walk_sees_what_it_should() -> None:
    """Guard the guard: the functions that raise most are walked and found to raise."""
    found = {name: function for name, function, _ in _functions()}
    for name in (
        "load",
        "loads",
        "to_ics",
        "formats.format_for",
        "toml read",
        "csv read",
        "When.parse",
        "When.__init__",
        "Point.__post_init__",
        "Timeline.select",
        "Format.read",
    ):
        assert name in found, name
        assert _raises(found[name]), name
    assert not _raises(found["to_html"])
    assert _warns(found["Timeline.select"])
