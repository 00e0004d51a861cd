"""The examples people copy run as tests, so they cannot drift from the code again.

- Every Python block of README.md runs from the repository's root, and what it prints is
  compared with the output block the README shows after it ("prints").
- The same blocks are in tests/readme_examples.py, which `mypy --strict` checks.
- Every `timeline ...` line of the README's command-line block runs and exits 0 (after the
  lines before it), but one that ends `# needs a CalDAV server`; every command is listed.
- Every docstring example (`>>>`) in the package runs as a doctest.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import pkgutil
import re
import shlex
from pathlib import Path

import pytest

import timeline
from timeline._cli import _COMMANDS, main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = (Path(__file__).parent / "readme_examples.py").read_text(encoding="utf-8")

#: A fenced block: its language (may be empty) and its text.
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str, int]]:
    """(language, text, end offset) of every fenced block, in order."""
    return [(found[1], found[2], found.end()) for found in _FENCE.finditer(README)]


def python_examples() -> list[tuple[str, str | None]]:
    """Each Python block, with the output block shown after it when the README says "prints"."""
    found = blocks()
    examples = []
    for number, (language, text, end) in enumerate(found):
        if language != "python":
            continue
        shown = None
        after = README[end:].lstrip()
        if after.startswith("prints") and number + 1 < len(found):
            shown = found[number + 1][1]
        examples.append((text, shown))
    return examples


def test_the_readme_has_python_examples_with_their_output() -> None:
    examples = python_examples()
    assert examples
    assert all(shown is not None for _, shown in examples), "say what each example prints"


@pytest.mark.parametrize(("code", "shown"), python_examples())
def test_a_readme_example_prints_what_the_readme_shows(
    code: str, shown: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue() == shown


@pytest.mark.parametrize(("code", "shown"), python_examples())
def test_a_readme_example_is_type_checked(code: str, shown: str | None) -> None:
    assert code in EXAMPLES, "copy the README's example into tests/readme_examples.py"


#: The comment that marks a command line the tests list but cannot run (no server here).
NEEDS_SERVER = "# needs a CalDAV server"


def listed_lines() -> list[str]:
    """The arguments of every `timeline ...` line of the README's plain blocks, in order,
    each block's after the one before: a line may use a file an earlier one wrote."""
    lines = []
    for language, text, _ in blocks():
        if language:
            continue
        for line in text.splitlines():
            if line.startswith("timeline "):
                lines.append(line)
    return lines


def command_lines() -> list[list[str]]:
    """The arguments of each listed line that runs here (all but those that need a server)."""
    return [
        shlex.split(line.partition("#")[0])[1:]
        for line in listed_lines()
        if not line.endswith(NEEDS_SERVER)
    ]


def test_the_readme_shows_each_command() -> None:
    commands = {shlex.split(line.partition("#")[0])[1] for line in listed_lines()}
    assert commands == set(_COMMANDS)


@pytest.mark.parametrize("arguments", command_lines(), ids=" ".join)
def test_a_readme_command_runs(
    arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in a fresh folder holding the shipped chronology, after the lines listed before it
    (so its outputs, and theirs, land there)."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.toml").write_bytes((ROOT / "data" / "events.toml").read_bytes())
    article = Path(__file__).parent / "data" / "drafts" / "article.txt"
    (tmp_path / "article.txt").write_bytes(article.read_bytes())
    monkeypatch.chdir(tmp_path)
    runs = command_lines()
    for earlier in runs[: runs.index(arguments)]:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(earlier) == 0, earlier
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(arguments) == 0


def modules() -> list[str]:
    names = [timeline.__name__]
    for found in pkgutil.walk_packages(timeline.__path__, prefix="timeline."):
        if found.name not in ("timeline.__main__",):
            names.append(found.name)
    return names


def test_every_docstring_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    ran = 0
    for name in modules():
        module = importlib.import_module(name)
        for test in finder.find(module):
            if test.examples:
                runner.run(test, out=lambda text: None)
                ran += len(test.examples)
    assert ran > 0
    assert runner.failures == 0, runner.summarize(verbose=False)
