"""Every problem the library makes names its code: the test suite's watch on it.

`watch()` (installed by tests/conftest.py for the whole run) wraps `Problem`'s constructor and
notes each problem made inside the package without naming its code, which would have got the
default "invalid" silently; conftest fails the test that provoked it. It also counts the
package's problems by code, so a run shows which codes its tests provoked.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import timeline
from timeline import Problem, ProblemCode

PACKAGE = str(Path(timeline.__file__).resolve().parent)

#: Problems made in the package without a code: "file:line function: message".
uncoded: list[str] = []
#: Every problem the package made during the run, by code.
made: Counter[ProblemCode] = Counter()

_CODE_AT = 3  # `code`'s place among Problem's fields: message, location, hint, code


def _named_code(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    return len(args) > _CODE_AT or "code" in kwargs


def watch() -> None:
    """Wrap `Problem.__init__` (once) to note what the library makes without a code."""
    original = Problem.__init__
    if getattr(original, "watched", False):
        return

    def init(self: Problem, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        caller = sys._getframe(1)
        if not caller.f_code.co_filename.startswith(PACKAGE):
            return  # a test's own, or a copy (`dataclasses.replace`) of one made before
        made[self.code] += 1
        if not _named_code(args, kwargs):
            where = f"{caller.f_code.co_filename}:{caller.f_lineno} {caller.f_code.co_name}"
            uncoded.append(f"{where}: {self.message!r}")

    init.watched = True  # type: ignore[attr-defined]
    Problem.__init__ = init  # type: ignore[method-assign]
