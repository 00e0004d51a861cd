"""docs/architecture.md is the map of the package: every module is in its table of rooms, and
each room imports only the rooms its row names, so the map cannot drift from the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "timeline"
MAP = ROOT / "docs" / "architecture.md"

#: How the table's last column names our own modules.
WORDS = {
    "errors": "_errors",
    "when": "_when",
    "words": "_when._words",
    "calendar": "_when._calendar",
    "zones": "_when._zones",
    "point": "_when._point",
    "edtf": "_when._edtf",
    "human": "_when._human",
    "value": "_when._value",
    "iso": "_when._iso",
    "english": "_when._english",
    "directions": "_when._directions",
    "zone_words": "_when._zone_words",
    "holidays": "_when._holidays",
    "ranges": "_when._ranges",
    "ambiguity": "_when._ambiguity",
    "_phrases": "_when._phrases",
    "reading": "_when._reading",
    "codes": "_codes",
    "geography": "_geography",
    "model": "_model",
    "review": "_review",
    "normalize": "_normalize",
    "collector": "_collector",
    "refusals": "_refusals",
    "cross_checks": "_cross_checks",
    "rules": "_rules",
    "occurrences": "_occurrences",
    "text_rules": "_text_rules",
    "fields_sets": "_fields_sets",
    "shared_values": "_shared_values",
    "field_types": "_field_types",
    "gazetteer": "_gazetteer",
    "vocabularies": "_vocabularies",
    "wording": "_wording",
    "show": "_show",
    "diff": "_diff",
    "matching": "_matching",
    "merge": "_merge",
    "merge_command": "_merge_command",
    "draft": "_draft",
    "draft_words": "_draft_words",
    "draft_command": "_draft_command",
    "publish": "_publish",
    "atomic": "_atomic",
    "files": "_files",
    "writing": "_writing",
    "cli": "_cli",
    "shown_warnings": "_shown_warnings",
    "options": "_options",
    "formats": "formats",
    "common": "formats._common",
    "nesting": "formats._nesting",
    "toml_lines": "formats._toml_lines",
    "timelinejs_sheet": "formats._timelinejs_sheet",
}


def rooms() -> dict[str, set[str]]:
    """Each row's modules (dotted, below `timeline`) -> the modules its row says it imports."""
    text = MAP.read_text(encoding="utf-8")
    table = text.split("## Rooms", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        named = re.findall(r"`([^`]+)`", cells[0])
        folder = named[0].rsplit("/", 1)[0] + "/" if "/" in named[0] else ""
        modules = [module_of(name if "/" in name else folder + name) for name in named]
        if named[0].endswith("/"):  # a package: every module it holds, named in its row
            package = module_of(named[0])
            modules = [f"{package}.{name}" for name in re.findall(r"`(_\w+)`", cells[1])]
            modules.append(package)
        imports = set()
        for word in re.split(r"[,;]", re.sub(r"\([^)]*\)", "", cells[2])):
            for token in re.findall(r"[`\w]+", word):
                token = token.strip("`")
                if token in WORDS:
                    imports.add(WORDS[token])
        for module in modules:
            found[module] = imports
    return found


def module_of(name: str) -> str:
    return name.removesuffix("/").removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def package_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        names.append("__init__" if dotted == "__init__" else dotted.removesuffix(".__init__"))
    return names


def imported(module: str) -> set[str]:
    """The modules of ours that `module` imports anywhere in it (on first use too)."""
    path = PACKAGE / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    ours = {name.removeprefix("timeline.") for name in names if name.startswith("timeline.")}
    return {name for name in ours if name != module and not name.startswith(module + ".")}


def inside(room: str, module: str) -> bool:
    """Whether `module` is `room` or lies in it (a package's own modules are one room)."""
    return module == room or module.startswith(room + ".")


def test_every_module_is_on_the_map() -> None:
    mapped = rooms()
    missing = [name for name in package_modules() if name not in mapped]
    assert not missing, f"docs/architecture.md has no row for {missing}"


@pytest.mark.parametrize("module", package_modules())
def test_a_module_imports_only_what_its_row_names(module: str) -> None:
    allowed = rooms()[module]
    package = module.rsplit(".", 1)[0] if module.startswith("formats._ics.") else None
    unnamed = sorted(
        name
        for name in imported(module)
        if not any(inside(room, name) for room in allowed)
        and not (package is not None and inside(package, name))
        and not (module == "formats" and name.startswith("formats."))  # the registry
    )
    assert not unnamed, f"{module} imports {unnamed}, which its row in docs/architecture.md omits"


@pytest.mark.parametrize(
    "module",
    [
        "formats._ics._reader",
        "formats._ics._fields",
        "formats._ics._parse",
        "formats._ics._recurrence",
        "formats._ics._text",
    ],
)
def test_the_calendar_reader_never_imports_the_writer(module: str) -> None:
    """What both directions share lives in `_text`, so reading never loads the writer."""
    assert "formats._ics._writer" not in imported(module)
