"""Sizes a reader can hold in mind: no module over 900 lines and no function over 60 (issue 20
split the five that were longer into named steps; none was kept whole)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "timeline"
MODULES = sorted(PACKAGE.rglob("*.py"))

LONGEST_MODULE = 900
LONGEST_FUNCTION = 60


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            found.append((node.name, node.end_lineno - node.lineno + 1))
    return found


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_longer_than_a_reader_can_hold(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST_MODULE, f"{_name(path)} has {lines} lines: split it by concept"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_function_is_longer_than_a_reader_can_hold(path: Path) -> None:
    long = [
        f"{name} ({lines} lines)" for name, lines in _functions(path) if lines > LONGEST_FUNCTION
    ]
    assert not long, f"{_name(path)}: break into named steps: {', '.join(long)}"


def test_the_measure_counts_a_function_from_its_def_to_its_last_line(tmp_path: Path) -> None:
    body = "".join(f"        x{n} = {n}\n" for n in range(LONGEST_FUNCTION))
    (tmp_path / "m.py").write_text(f"class C:\n    def long(self):\n{body}        return 1\n")
    assert ("long", LONGEST_FUNCTION + 2) in _functions(tmp_path / "m.py")
