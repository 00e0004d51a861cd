"""One VEVENT's properties, read into the raw fields a timeline event is built from.

Values are taken as written (`raw`, escapes kept) and split and unescaped here, since our own
X-TIMELINE-* properties are structured TEXT that icalendar hands over as unknown values.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline._model import Source, Status, Vote
from timeline._when import When, offset_text
from timeline.formats._ics._text import (
    APPROXIMATE_MARK,
    MARK_DATES,
    MARK_STATUS,
    STATUS_MARKS,
    UNCERTAIN_MARK,
    X,
    description_text,
    one_line,
    read_fields,
    read_list,
    unescape_text,
)

__all__ = [
    "agrees",
    "all_of",
    "line_of",
    "moment_text",
    "number",
    "raw",
    "read_place",
    "read_status",
    "read_vote",
    "slug",
    "summary_of",
    "text_of",
    "unmarked_title",
    "without_date_line",
]


def all_of(component: icalendar.Component, name: str) -> list[Any]:
    found = component.get(name)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def raw(prop: Any) -> str:
    """A property's value as written (escapes kept), whatever type icalendar gave it."""
    value = prop.to_ical()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def text_of(component: icalendar.Component, name: str) -> str | None:
    found = all_of(component, name)
    return unescape_text(raw(found[0])) if found else None


def line_of(component: icalendar.Component, name: str) -> str | None:
    """`text_of` for a one-line field: its line breaks read as spaces (see `one_line`)."""
    text = text_of(component, name)
    return None if text is None else one_line(text)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-")


def number(text: str) -> object:
    """A number if the text is one, else the text, so that validation reports it as written."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def moment_text(value: datetime) -> str:
    """EDTF for a time, with its offset and IANA zone: to the second if it has seconds (a
    calendar's DTSTART always writes them, so :00 cannot be told from none)."""
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}"
    if value.second:
        text += f":{value.second:02d}"
    zone = value.tzinfo
    if zone is None:  # floating, as RFC 5545 has it
        return text
    key = zone.key if isinstance(zone, ZoneInfo) else "UTC"
    return f"{text}{offset_text(value.utcoffset() or timedelta(0))}[{key}]"


def agrees(written: When, derived: When) -> bool:
    """Whether X-TIMELINE-WHEN still describes DTSTART (a calendar app may have moved it)."""
    if written.is_timed and derived.is_timed:
        start, other = written.start, derived.start
        assert isinstance(start, datetime)
        assert isinstance(other, datetime)
        if start.tzinfo is None or other.tzinfo is None:
            return start == other
        # DTSTART is read to the minute, but a local mean time offset has seconds (+05:07:48)
        return abs(start.astimezone(UTC) - other.astimezone(UTC)) < timedelta(minutes=1)
    # an interval open at its start has no first day: its known point is where DTSTART went
    return written.start_point.first_day == derived.first_day


def read_status(component: icalendar.Component) -> str:
    written = text_of(component, f"{X}STATUS")
    if written is not None:
        return written.strip()
    value = (text_of(component, "STATUS") or "").strip().upper()
    if value == "CANCELLED":
        return Status.CANCELLED.value
    if value == "TENTATIVE":
        return Status.SCHEDULED.value
    return Status.OCCURRED.value


def read_place(component: icalendar.Component) -> dict[str, Any] | None:
    name = line_of(component, "LOCATION")
    if name is None or not name.strip():
        return None
    place: dict[str, Any] = {"name": name}
    geo = all_of(component, "GEO")
    if geo:
        latitude, _, longitude = raw(geo[0]).partition(";")
        if latitude.strip() and longitude.strip():
            place["lat"], place["lon"] = number(latitude), number(longitude)
    extra = all_of(component, f"{X}PLACE")
    if extra:
        country, zone, written = [*read_fields(raw(extra[0])), "", "", ""][:3]
        if written:  # LOCATION names a renamed place as it was called then
            place["name"] = written
        if country:
            place["country"] = country
        if zone:
            place["timezone"] = zone
    return place


def read_vote(component: icalendar.Component) -> dict[str, Any] | None:
    found = all_of(component, f"{X}VOTE")
    if not found:
        return None
    fields = [one_line(field) for field in read_fields(raw(found[0]))]
    body, resolution, yes, no, abstain, absent, members = [*fields, *[""] * 7][:7]
    vote: dict[str, Any] = {
        "body": body,
        "yes": number(yes),
        "no": number(no),
        "abstain": number(abstain),
        "absent": number(absent),
    }
    if resolution:
        vote["resolution"] = resolution
    if members:
        vote["members"] = number(members)
    positions = read_list(raw(prop) for prop in all_of(component, f"{X}VOTE-POSITIONS"))
    if positions:
        pairs = (pair.partition("=") for pair in positions)
        vote["positions"] = {country: position for country, _, position in pairs}
    return vote


def unmarked_title(title: str, markers: frozenset[str], written: str | None, status: str) -> str:
    """SUMMARY less the markers the writer added, judged by the date it wrote (X-TIMELINE-WHEN,
    `written`) and the status, so a title that itself starts with "c. " keeps it."""
    if MARK_STATUS in markers:
        for marked, mark in STATUS_MARKS.items():
            if status == marked.value and title.startswith(mark):
                title = title[len(mark) :]
    if MARK_DATES in markers and written is not None:
        try:
            when = When.parse(written.strip())
        except ValueError:  # reported where the date is read
            return title
        if when.approximate and title.startswith(APPROXIMATE_MARK):
            title = title[len(APPROXIMATE_MARK) :]
        if when.uncertain and title.endswith(UNCERTAIN_MARK):
            title = title[: -len(UNCERTAIN_MARK)]
    return title


def without_date_line(text: str) -> str:
    """DESCRIPTION less its first line, the date, and the blank line after it."""
    head, blank, rest = text.partition("\n\n")
    return rest if blank and "\n" not in head else text


def summary_of(
    text: str,
    vote: dict[str, Any] | None,
    sources: list[dict[str, Any]],
    absent: list[str] | None = None,
) -> str:
    """The summary is the description less the absent, vote and sources block the writer added."""
    try:
        block = description_text(
            "",
            None if vote is None else Vote.model_validate(vote),
            [Source.model_validate(source) for source in sources],
            absent=absent or (),
        )
    except ValueError:  # invalid details are reported on their own lines
        return text
    if text == block:
        return ""
    if text.endswith("\n\n" + block):
        return text[: -len(block) - 2]
    return text
