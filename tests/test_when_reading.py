"""Tests of `timeline._when._reading`, the front door: native TOML and Python values, what any
reader refuses, and pydantic's validation of a model's date fields.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time

import pytest
from pydantic import BaseModel, ValidationError

from tests.when_helpers import ALMATY, UTC, ZERO_OFFSET, refused
from timeline._errors import DateError, TimelineError
from timeline._when import ACCEPTED_FORMS, When

# -- native TOML values ---------------------------------------------------------------------


def test_native_toml_values() -> None:
    document = tomllib.loads(
        """
        day = 2022-10-13
        local = 2022-10-13T09:50:00
        utc = 2022-10-13T03:50:00Z
        offset = 2022-10-13T09:50:00+06:00
        text = "early October 2022"
        """
    )
    assert str(When.from_value(document["day"])) == "2022-10-13"
    assert (
        str(When.from_value(document["local"], zone="Asia/Almaty"))
        == "2022-10-13T09:50+06:00[Asia/Almaty]"
    )
    assert str(When.from_value(document["utc"])) == "2022-10-13T03:50Z"
    assert (
        str(When.from_value(document["offset"], zone="Asia/Almaty"))
        == "2022-10-13T09:50+06:00[Asia/Almaty]"
    )
    assert (
        str(When.from_value(document["offset"], zone="Europe/Moscow"))
        == "2022-10-13T06:50+03:00[Europe/Moscow]"
    )
    assert str(When.from_value(document["text"])) == "2022-10-01~/2022-10-10~"
    # with no zone to show them in, TOML's local time floats and its offset stays fixed
    assert str(When.from_value(document["local"])) == "2022-10-13T09:50"
    assert str(When.from_value(document["offset"])) == "2022-10-13T09:50+06"


def test_native_values_from_python() -> None:
    when = When.parse("2022-10-13")
    assert When.from_value(when) is when
    assert When.from_value(date(2022, 10, 13)) == when
    named = datetime(2022, 10, 13, 9, 50, tzinfo=ALMATY)
    assert str(When.from_value(named, zone="Europe/Moscow")) == str(When.from_value(named))
    assert str(When.from_value(named)) == "2022-10-13T09:50+06:00[Asia/Almaty]"
    utc_offset = datetime(2022, 10, 13, 3, 50, tzinfo=ZERO_OFFSET)
    assert str(When.from_value(utc_offset)) == "2022-10-13T03:50Z"
    named_utc = datetime(2022, 10, 13, 3, 50, tzinfo=UTC)  # the zone named UTC is kept
    assert str(When.from_value(named_utc)) == "2022-10-13T03:50+00:00[UTC]"
    assert str(When.from_value(datetime(2022, 10, 13, 3, 50))) == "2022-10-13T03:50"

    class Day(date):
        pass

    assert type(When.from_value(Day(2022, 10, 13)).start_point.value) is date


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime(2022, 10, 13, 9, 50, 0, 1, tzinfo=UTC), "to the second"),
        (2022, "the bare number 2022 is not a date"),
        (time(9, 50), "has no date"),
        (3.5, "cannot read float"),
        (True, "cannot read bool"),
        (None, "cannot read NoneType"),
    ],
)
def test_native_value_errors(value: object, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        When.from_value(value, zone="Asia/Almaty")  # type: ignore[arg-type]
    assert fragment in caught.value.message
    assert caught.value.hint


# -- refusals of malformed or impossible dates ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "29 February 2023 does not exist: 2023 is not a leap year"),
        ("1900-02-29", "29 February 1900 does not exist: 1900 is not a leap year"),
        ("2024-02-30", "30 February 2024 does not exist: February 2024 has 29 days"),
        ("2022-04-31", "31 April 2022 does not exist: April has 30 days"),
        ("2022-10-32", "32 October 2022 does not exist: October has 31 days"),
        ("2022-10-00", "day 0 of October 2022 does not exist: days start at 1"),
        ("2022-13", "month 13 does not exist: months run from 01 to 12"),
        ("2022-00-01", "month 00 does not exist: months run from 01 to 12"),
        (
            "2022-21-05",
            "an EDTF season (21) is a span of three months, and cannot be part of a longer "
            "date or one end of an interval",
        ),
        ("2022-25", "month 25 does not exist: months run from 01 to 12"),
        ("0000", "year 0000 does not exist here: years run from 0001 to 9999"),
        ("2022-10-13/2022-10-01", "the interval ends (2022-10-01) before it starts (2022-10-13)"),
        ("2022-11/2022-10", "the interval ends (2022-10) before it starts (2022-11)"),
        ("2022/2021-12-31", "the interval ends (2021-12-31) before it starts (2022)"),
        ("", "the date is empty"),
        ("   ", "the date is empty"),
    ],
)
def test_impossible_dates(text: str, message: str) -> None:
    assert refused(text).message == message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2022-1-5", "cannot read '2022-1-5' as an ISO 8601 date"),
        ("2022-10-13T9:50[UTC]", "as an ISO 8601 date"),
        ("2022-1/2022-2", "cannot read '2022-1' as an ISO 8601 date"),
        ("13/10/2022", "can only be 13 October 2022, but numeric dates are not read"),
        ("10/13/2022", "can only be 13 October 2022"),
        ("13.10.2022", "can only be 13 October 2022"),
        ("03/04/2022", "ambiguous: it could be 4 March 2022 or 3 April 2022"),
        ("31/02/2022", "not a date in any reading"),
        ("13/10/22", "two-digit year"),
        ("12345", "years have four digits"),
        ("-0044", "is in the year -44 (45 BCE): a timeline keeps the years 0001 to 9999"),
        ("Y170000002", "is in the year 170000002: a timeline keeps the years 0001 to 9999"),
        ("20221013", "years have four digits"),
        ("2022/2023/2024", "more than one '/'"),
        ("../..", "gives neither end"),
        ("/", "gives neither end"),
        ("from 2022-10-01/2022-10-03 to 2023", "each end of 'from ... to ...' is one date"),
        ("2022-10-13T09:50~[UTC]?", "two qualifiers"),
    ],
)
def test_malformed_text(text: str, fragment: str) -> None:
    error = refused(text)
    assert fragment in error.message
    assert error.hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("13/10/2022", "write 2022-10-13, or the month in words"),
        ("03/04/2022", "write 2022-03-04 or 2022-04-03, or the month in words"),
    ],
)
def test_a_numeric_date_is_answered_with_its_unmistakable_forms(text: str, hint: str) -> None:
    assert refused(text).hint == hint


def test_errors_carry_the_accepted_forms_and_are_value_errors() -> None:
    error = refused("sometime last year")
    assert error.hint == ACCEPTED_FORMS
    assert isinstance(error, ValueError)
    assert isinstance(error, TimelineError)
    assert ACCEPTED_FORMS in str(error)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(DateError, match="expected text"):
        When.parse(20221013)  # type: ignore[arg-type]


# -- pydantic -------------------------------------------------------------------------------


class Event(BaseModel):
    when: When


def test_pydantic_accepts_text_dates_and_aware_datetimes() -> None:
    assert Event(when="13 October 2022").when == When.parse("2022-10-13")
    assert Event.model_validate({"when": date(2022, 10, 13)}).when == When.parse("2022-10-13")
    utc = datetime(2022, 10, 13, 3, 50, tzinfo=ZERO_OFFSET)
    assert str(Event.model_validate({"when": utc}).when) == "2022-10-13T03:50Z"
    when = When.parse("2022-08~")
    assert Event(when=when).when is when


def test_pydantic_takes_a_default_zone_from_the_context() -> None:
    event = Event.model_validate(
        {"when": datetime(2022, 10, 13, 9, 50)}, context={"zone": "Asia/Almaty"}
    )
    assert str(event.when) == "2022-10-13T09:50+06:00[Asia/Almaty]"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (datetime(2022, 10, 13, 9, 50, 0, 5), "a fraction of one"),
        ("2023-02-29", "2023 is not a leap year"),
        (2022, "expected a date, a date-time or a string, not int"),
        (None, "not NoneType"),
    ],
)
def test_pydantic_reports_errors_as_value_errors(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Event.model_validate({"when": value})
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert fragment in error["msg"]


def test_pydantic_serializes_to_the_canonical_string() -> None:
    event = Event(when="early October 2022")
    assert event.model_dump() == {"when": When.parse("2022-10-01~/2022-10-10~")}
    assert event.model_dump(mode="json") == {"when": "2022-10-01~/2022-10-10~"}
    assert event.model_dump_json() == '{"when":"2022-10-01~/2022-10-10~"}'
    assert Event.model_validate_json(event.model_dump_json()) == event
    timed = Event(when="2022-10-13T09:50[Asia/Almaty]")
    assert Event.model_validate_json(timed.model_dump_json()) == timed


def test_pydantic_json_schema() -> None:
    schema = Event.model_json_schema()["properties"]["when"]
    assert schema["type"] == "string"
    assert "EDTF" in schema["description"]
    assert "2022-10-13" in schema["examples"]
    for example in schema["examples"]:
        When.parse(example)
