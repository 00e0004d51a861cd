"""The `timeline._when` package imports in one direction: its modules' module-level imports form
a DAG (vocabulary and calendar at the bottom, the reading front door at the top), and the only
imports made on first use are the documented ones, so no cycle creeps in through a function."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "timeline" / "_when"

#: (importer, imported) made inside a function: dateutil's slow import, and the grammars, which
#: build `When`s, reached from `When.parse`, `from_value` and pydantic's hook.
ON_FIRST_USE = {("_english", "_phrases"), ("_human", "_phrases"), ("_value", "_reading")}


def own_imports(tree: ast.Module, *, module_level: bool) -> set[str]:
    """The package's modules imported by the module's own statements (an `if TYPE_CHECKING:`
    block is never run), or else those imported inside its functions."""
    if module_level:
        statements: list[ast.AST] = list(tree.body)
    else:
        functions = (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))
        statements = [child for function in functions for child in ast.walk(function)]
    found: set[str] = set()
    for node in statements:
        if isinstance(node, ast.ImportFrom) and node.module:
            name = node.module.removeprefix("timeline._when.")
            if node.module.startswith("timeline._when."):
                found.add(name)
    return found


def trees() -> dict[str, ast.Module]:
    return {
        path.stem: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.glob("_*.py"))
        if path.stem != "__init__"
    }


def test_the_module_level_imports_form_a_dag() -> None:
    graph = {name: own_imports(tree, module_level=True) for name, tree in trees().items()}
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError
    assert order.index("_words") < order.index("_value") < order.index("_reading")


def test_only_the_documented_imports_wait_for_first_use() -> None:
    deferred = {
        (name, imported)
        for name, tree in trees().items()
        for imported in own_imports(tree, module_level=False)
    }
    assert deferred == ON_FIRST_USE
