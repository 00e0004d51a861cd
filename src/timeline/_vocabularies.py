"""The closed vocabularies of an event: its kind, its status, a link's relation, a member's vote.

Apart from the models so that they read as the list of words they are; each is a `StrEnum`
whose members pydantic-core writes as plain strings.
"""

from __future__ import annotations

import enum
from typing import Any, cast

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["Kind", "Position", "Relation", "Status"]


class _Words(enum.StrEnum):
    """A closed vocabulary that pydantic-core writes as the strings its members are.

    Its default for an enum reads each member's `value`, a Python property, for every field of
    every event; writing the string takes no Python at all. The validation schema, and so the
    JSON Schema, is unchanged.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        if schema["type"] == "enum":
            words = cast("core_schema.EnumSchema", schema)
            words["serialization"] = core_schema.simple_ser_schema("str")
        return schema


class Status(_Words):
    """Whether an event happened; a cancelled or postponed event stays in the timeline."""

    SCHEDULED = "scheduled"
    OCCURRED = "occurred"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Kind(_Words):
    """A closed vocabulary, so that filters and calendar categories stay consistent."""

    SUMMIT = "summit"
    VOTE = "vote"
    MILITARY_EXERCISE = "military-exercise"
    VISIT = "visit"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    STATEMENT = "statement"
    ARMED_CONFLICT = "armed-conflict"
    COURT_RULING = "court-ruling"
    SANCTION = "sanction"
    DECREE = "decree"
    OTHER = "other"


class Relation(_Words):
    """How one event bears on another."""

    PART_OF = "part-of"
    CANCELS = "cancels"
    FOLLOWS = "follows"
    RESPONDS_TO = "responds-to"


class Position(_Words):
    """How one member voted; `absent` covers members that did not vote."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"
