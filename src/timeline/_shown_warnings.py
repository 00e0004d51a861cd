"""How many warnings the command line prints: at most `SHOWN_PER_KIND` of one kind (one
`ProblemCode`), then one line saying how many more there are and how to see them.

A file with thousands of look-alike events would otherwise bury the one warning of another kind
under a hundred thousand lines. Only the printing is capped: `load` still gives every warning,
`check --strict` still counts them all, and `--all-warnings` prints them all.
"""

from __future__ import annotations

from timeline._errors import TimelineWarning

__all__ = ["SHOWN_PER_KIND", "ShownWarnings"]

#: Warnings of one kind printed before the rest are only counted.
SHOWN_PER_KIND = 20


class ShownWarnings:
    """Counts the warnings of each kind, saying which to print and how many were not."""

    def __init__(self, everything: bool = False) -> None:
        self.limit = None if everything else SHOWN_PER_KIND
        #: Warnings seen of each kind, in the order the kinds were first seen.
        self.seen: dict[str, int] = {}

    def admits(self, warning: Warning | str) -> bool:
        """Count the warning; whether it is to be printed."""
        kind = _kind(warning)
        count = self.seen.get(kind, 0) + 1
        self.seen[kind] = count
        return self.limit is None or count <= self.limit

    def held_back(self) -> list[str]:
        """One line for each kind with warnings not printed: how many, and how to see them."""
        if self.limit is None:
            return []
        lines = []
        for kind, count in self.seen.items():
            more = count - self.limit
            if more > 0:
                what = "warning" if more == 1 else "warnings"
                lines.append(
                    f"{more} more {kind} {what} not shown: add --all-warnings to see them all"
                )
        return lines


def _kind(warning: Warning | str) -> str:
    """A warning's `ProblemCode`, else `other`."""
    code = warning.code if isinstance(warning, TimelineWarning) else None
    return "other" if code is None else str(code)
