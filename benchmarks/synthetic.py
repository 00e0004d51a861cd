"""Synthetic chronologies for the benchmarks: varied enough to exercise every code path."""

from __future__ import annotations

KINDS = ("summit", "visit", "meeting", "statement", "military-exercise")
WHENS = (
    "2022-{m:02d}-{d:02d}",
    '"2022-{m:02d}"',
    '"{d} October 2022"',
    '"2022-{m:02d}-{d:02d}/2022-{m:02d}-28"',
    "2022-{m:02d}-{d:02d}T09:30:00",
)


def synthetic_toml(count: int) -> str:
    """A valid TOML chronology of `count` events, all fields used, every fifth one timed."""
    parts = [
        '[timeline]\ntitle = "Synthetic chronology"\ntimezone = "Asia/Almaty"\n'
        'description = "Generated for benchmarks."\n'
    ]
    for number in range(count):
        when = WHENS[number % len(WHENS)].format(m=number % 12 + 1, d=number % 27 + 1)
        parts.append(
            f"""
[[events]]
id = "event-{number}"
title = "Synthetic event number {number}"
when = {when}
kind = "{KINDS[number % len(KINDS)]}"
status = "occurred"
summary = "One sentence, with a comma, \\"quotes\\" and non-ASCII text: Astana–Almaty."
participants = ["KZ", "RU", "CSTO"]
tags = ["synthetic", "batch-{number % 10}"]
place = {{ name = "Astana", country = "KZ", lat = 51.1282, lon = 71.4307 }}

[[events.sources]]
publisher = "Publisher"
title = "An article about event {number}"
url = "https://example.org/articles/{number}"
published = 2022-10-17
"""
        )
        if number and number % 3 == 0:
            parts.append(f'\n[[events.links]]\nrel = "follows"\ntarget = "event-{number - 1}"\n')
    return "".join(parts)
