"""Repeat rules as RFC 5545 writes them (`FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626`), checked.

A series keeps its rule as the text it came as, so a calendar read and written again carries
the same RRULE line; dateutil, which computes the occurrences later, is asked here only whether
it can read the rule. Checked without the event's start, so the rule's grammar is judged apart
from its meaning: an UNTIL in UTC is tried against a start in UTC, a plain one against a plain.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from timeline._errors import ProblemCode, Refused

__all__ = ["rule_text"]

#: UNTIL as RFC 5545 writes it: a date, or a date-time, in UTC or not.
_UNTIL = re.compile(r"\d{8}(?:T\d{6}Z?)?")

_EXAMPLE = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626"
_FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            raise Refused(
                f"{part!r} is no NAME=VALUE part of a repeat rule; write one like {_EXAMPLE!r}",
                ProblemCode.SYNTAX,
            )
        if name in parts:
            raise Refused(f"the rule gives {name} twice; give it once", ProblemCode.DUPLICATE)
        parts[name] = value
    return parts


def _until(value: str) -> str:
    """UNTIL in RFC 5545's form: dashes and colons (`2023-06-26`, which dateutil reads too)
    taken out, so every later reader gets one form; anything else refused."""
    compact = value.replace("-", "").replace(":", "")
    if not _UNTIL.fullmatch(compact):
        raise Refused(
            f"UNTIL={value} is no date or date-time; write UNTIL=20230626 or "
            "UNTIL=20230626T120000Z",
            ProblemCode.DATE,
        )
    return compact


def _check_weekdays(parts: dict[str, str]) -> None:
    """BYDAY's numbers within what a month or a year has (RFC 5545 3.3.10): dateutil reads
    `53MO` in a monthly rule, then fails on some starts when the occurrences are computed."""
    monthly = parts.get("FREQ") == "MONTHLY" or "BYMONTH" in parts
    most = 5 if monthly else 53
    for day in parts.get("BYDAY", "").split(","):
        number = day[:-2].lstrip("+")
        if number and (not number.lstrip("-").isdigit() or not 0 < abs(int(number)) <= most):
            within = "a month" if monthly else "a year"
            raise Refused(
                f"BYDAY={day}: {within} has no such weekday; number it from 1 to {most}, or "
                f"-1 to -{most} from the end (1MO, -1FR)",
                ProblemCode.OUT_OF_RANGE,
            )


def rule_text(text: str) -> str:
    """The rule as given, with an `RRULE:` prefix and spaces taken off, its letters upper case
    and UNTIL in RFC 5545's form; refused when dateutil cannot read it.

    Raises:
        Refused: naming the part that is wrong and showing the form that is right.
    """
    rule = text.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :].strip()
    parts = _parts(rule)
    frequency = parts.get("FREQ")
    if frequency is None:
        raise Refused(
            f"a repeat rule needs FREQ (one of {', '.join(_FREQUENCIES)}), as in {_EXAMPLE!r}",
            ProblemCode.MISSING,
        )
    if "UNTIL" in parts:
        until = _until(parts["UNTIL"])
        if until != parts["UNTIL"]:
            rule = rule.replace(f"UNTIL={parts['UNTIL']}", f"UNTIL={until}")
            parts["UNTIL"] = until
    _check_weekdays(parts)
    if "UNTIL" in parts and "COUNT" in parts:
        raise Refused(
            "a rule ends by UNTIL or by COUNT, not both; keep one", ProblemCode.INCONSISTENT
        )
    from dateutil.rrule import rrulestr  # on first use: dateutil brings six's import hook

    start = datetime(2000, 1, 1, tzinfo=UTC if parts.get("UNTIL", "").endswith("Z") else None)
    try:
        rrulestr(rule, dtstart=start)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise Refused(
            f"the repeat rule {rule!r} cannot be read ({error}); write one like {_EXAMPLE!r}",
            ProblemCode.SYNTAX,
        ) from None
    return rule
