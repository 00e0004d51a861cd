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

from collections.abc import Sequence

from timeline._errors import TimelineWarning

__all__ = ["HINT", "SHOWN_PER_KIND", "ShownWarnings"]

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

    def admits(self, warning: Warning | str) -> bool:
        """Count the warning; whether it is to be printed."""
        kind = _kind(warning)
        count = self.seen.get(kind, 0) + 1
        self.seen[kind] = count
        return self.limit is None or count <= self.limit

    def shown(self, batch: Sequence[Warning | str]) -> list[str]:
        """The text of each warning of `batch` to print, in order; a kind this batch holds back
        whose warnings share one hint is printed without it (`held_back` says it once)."""
        shared = self._shared_hints(batch)
        texts = []
        for warning in batch:
            if self.admits(warning):
                text = str(warning)
                hint = shared.get(_kind(warning))
                texts.append(text if hint is None else text.removesuffix(HINT + hint))
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

    def _shared_hints(self, batch: Sequence[Warning | str]) -> dict[str, str]:
        """The hint of each kind that this batch takes past the limit, where every warning of
        that kind in the batch gives the same one (and none printed before gave another)."""
        if self.limit is None:
            return {}
        hints: dict[str, str | None] = {}
        counts: dict[str, int] = {}
        for warning in batch:
            kind = _kind(warning)
            counts[kind] = counts.get(kind, 0) + 1
            hint = str(warning).partition(HINT)[2] or None
            if hints.setdefault(kind, hint) != hint:
                hints[kind] = None
        return {
            kind: hint
            for kind, hint in hints.items()
            if hint is not None
            and self.seen.get(kind, 0) + counts[kind] > self.limit
            and self.hints.get(kind, hint) == hint
            and not (self.seen.get(kind, 0) and kind not in self.hints)
        }


def _kind(warning: Warning | str) -> str:
    """A warning's `ProblemCode`, else `other`."""
    code = warning.code if isinstance(warning, TimelineWarning) else None
    return "other" if code is None else str(code)
