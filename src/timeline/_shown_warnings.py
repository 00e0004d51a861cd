"""How many warnings the command line prints: at most `SHOWN_PER_KIND` of one kind (one
`ProblemCode`), then one line saying how many more there are and how to see them.

A file with thousands of look-alike events would otherwise bury the one warning of another kind
under a hundred thousand lines. Only the printing is capped: `load` still gives every warning,
`check --strict` still counts them all, and `--all-warnings` prints them all.

A kind held back whose warnings all give one hint ("if both are one event, keep one...") says
it once, on the line that counts the rest, instead of under each warning shown: twenty
look-alikes and their count take 21 lines, not 41.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from timeline._errors import TimelineWarning

__all__ = ["HINT", "SHOWN_PER_KIND", "ShownWarnings", "WarningPrinter"]

#: Warnings of one kind printed before the rest are only counted.
SHOWN_PER_KIND = 20
#: What comes between a warning's message and its hint (`Problem`'s text).
HINT = "\n    hint: "


class ShownWarnings:
    """Counts the warnings of each kind, saying which to print and how many were not."""

    def __init__(self, everything: bool = False) -> None:
        self.limit = None if everything else SHOWN_PER_KIND
        #: Warnings seen of each kind, in the order the kinds were first seen.
        self.seen: dict[str, int] = {}
        #: The one hint of a kind whose shown warnings were printed without it.
        self.hints: dict[str, str] = {}
        #: The warnings held to be printed together (`hold`), else None.
        self.batch: _Batch | None = None

    def admits(self, warning: Warning | str) -> bool:
        """Count the warning; whether it is to be printed."""
        kind = _kind(warning)
        count = self.seen.get(kind, 0) + 1
        self.seen[kind] = count
        return self.limit is None or count <= self.limit

    def shown(self, batch: Iterable[Warning | str]) -> list[str]:
        """The text of each warning of `batch` to print, in order; a kind this batch holds back
        whose warnings share one hint is printed without it (`held_back` says it once)."""
        self.hold()
        for warning in batch:
            self.take(warning)
        return self.release()

    def hold(self) -> None:
        """Hold the warnings `take`n from now on, to be printed together (`release`)."""
        self.batch = _Batch()

    def take(self, warning: Warning | str) -> None:
        """Count a held warning, and keep it if it is to be printed: what is held is bounded
        (`SHOWN_PER_KIND` of a kind), however many a load gives."""
        batch = self.batch
        assert batch is not None, "take() after hold()"
        kind = _kind(warning)
        count = batch.counts[kind] = batch.counts.get(kind, 0) + 1
        hint = str(warning).partition(HINT)[2] or None
        if batch.hints.setdefault(kind, hint) != hint:
            batch.hints[kind] = None
        if self.limit is None or self.seen.get(kind, 0) + count <= self.limit:
            batch.kept.append(warning)

    def release(self) -> list[str]:
        """The text of each held warning to print, in order; the holding ends."""
        batch, self.batch = self.batch, None
        assert batch is not None, "release() after hold()"
        shared = self._shared_hints(batch)
        texts = []
        for warning in batch.kept:
            text, hint = str(warning), shared.get(_kind(warning))
            texts.append(text if hint is None else text.removesuffix(HINT + hint))
        for kind, count in batch.counts.items():
            self.seen[kind] = self.seen.get(kind, 0) + count
        self.hints.update(shared)
        return texts

    def held_back(self) -> list[str]:
        """One line for each kind with warnings not printed: how many, how to see them, and the
        hint they share where their shown warnings were printed without it."""
        if self.limit is None:
            return []
        lines = []
        for kind, count in self.seen.items():
            more = count - self.limit
            if more > 0:
                what = "warning" if more == 1 else "warnings"
                line = f"{more} more {kind} {what} not shown: add --all-warnings to see them all"
                hint = self.hints.get(kind)
                lines.append(line if hint is None else f"{line} (hint for every one: {hint})")
        return lines

    def _shared_hints(self, batch: _Batch) -> dict[str, str]:
        """The hint of each kind that the batch takes past the limit, where every warning of
        that kind in it gives the same one (and none printed before gave another)."""
        if self.limit is None:
            return {}
        shared = {}
        for kind, hint in batch.hints.items():
            before = self.seen.get(kind, 0)
            if hint is None or before + batch.counts[kind] <= self.limit:
                continue
            if self.hints.get(kind, hint) == hint and not (before and kind not in self.hints):
                shared[kind] = hint
        return shared


@dataclass
class _Batch:
    """Warnings held to be printed together: those to print, and what is known of all."""

    #: The warnings to print, in order.
    kept: list[Warning | str] = field(default_factory=list)
    #: The warnings of each kind.
    counts: dict[str, int] = field(default_factory=dict)
    #: The hint of each kind, where all its warnings give the same (else None).
    hints: dict[str, str | None] = field(default_factory=dict)


class WarningPrinter:
    """Python's `showwarning` while a command runs: our warnings as `warning: ...` lines, at
    most `SHOWN_PER_KIND` of a kind unless `everything` (then how many more, at the end).

    Our warnings already say where (file, line, event); Python's own format would add the
    path and line of our source code instead, and show a repeated warning only once. Those of
    a load are held until it is done and printed together (`holding`); the others as they come.
    `visible` makes a text's control characters visible (a file's text may hold them).
    """

    def __init__(
        self,
        err: TextIO,
        everything: bool,
        original: Callable[..., None],
        visible: Callable[[str], str],
    ) -> None:
        self.err, self.original, self.visible = err, original, visible
        self.shown = ShownWarnings(everything)

    def __call__(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if not issubclass(category, TimelineWarning):
            self.original(message, category, filename, lineno, file, line)
        elif self.shown.batch is not None:
            self.shown.take(message)
        else:
            self.print(self.shown.shown([message]))

    def print(self, texts: list[str]) -> None:
        for text in texts:
            print(f"warning: {self.visible(text)}", file=self.err)

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Hold the warnings given meanwhile (those to print, and the count of the rest), then
        print them, even when the load fails."""
        if self.shown.batch is not None:  # already held
            yield
            return
        self.shown.hold()
        try:
            yield
        finally:
            self.print(self.shown.release())

    def close(self) -> None:
        """The count of each kind held back."""
        for held_back in self.shown.held_back():
            print(self.visible(held_back), file=self.err)


def _kind(warning: Warning | str) -> str:
    """A warning's `ProblemCode`, else `other`."""
    code = warning.code if isinstance(warning, TimelineWarning) else None
    return "other" if code is None else str(code)
