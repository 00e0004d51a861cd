"""TimelineJS3 JSON: the interactive timeline newsrooms embed.

Field names follow the TimelineJS3 "JSON data format" documentation: a `title` slide and an
`events` list of slides, each with `start_date`/`end_date` date objects holding only the parts
that are known (numbers; no day for a month, no time for a day), `display_date` where the editor's
wording says more than the parts can (approximate, uncertain or timed dates), `group`, `unique_id`
and `text: {headline, text}`.

TimelineJS renders headlines and texts as HTML, so every string from the data is HTML-escaped and
the only markup is our own: paragraphs, a list of sources and their links. `autolink` is off
because the links are already made, and nothing in the data should turn into one by itself.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any, Final

from timeline.describe import absent_sentence
from timeline.model import Event, Kind, Source, Status, Timeline
from timeline.when import Point, Precision, When

__all__ = ["render", "slide", "to_timelinejs", "write"]

_STATUS: Final = {
    Status.SCHEDULED: "Scheduled",
    Status.CANCELLED: "Cancelled",
    Status.POSTPONED: "Postponed",
}


def _escape(text: str) -> str:
    """Data as HTML text: `&`, `<` and `>` escaped, whitespace runs (line breaks too) one space."""
    return html.escape(" ".join(text.split()), quote=False)


def _group(kind: Kind) -> str:
    """The kind as a row label: `military-exercise` -> `Military exercise`."""
    return kind.value.replace("-", " ").capitalize()


def _date(point: Point) -> dict[str, int]:
    """A TimelineJS date object with exactly the parts the point's precision knows."""
    value = point.value
    parts = {"year": value.year}
    if point.precision is Precision.YEAR:
        return parts
    parts["month"] = value.month
    if point.precision is Precision.MONTH:
        return parts
    parts["day"] = value.day
    if isinstance(value, datetime):
        # the wall-clock time where it happened; display_date carries the UTC offset
        parts["hour"] = value.hour
        parts["minute"] = value.minute
    return parts


def _needs_display_date(when: When) -> bool:
    return when.approximate or when.uncertain or when.is_timed


def _source(source: Source) -> str:
    title = _escape(source.title)
    if source.url is not None:
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    text = f"{_escape(source.publisher)}, \u201c{title}\u201d"
    if source.published is not None:
        text += f", {_escape(source.published.human())}"
    return f"<li>{text}</li>"


def _text(event: Event) -> str:
    """The slide's body: status, summary, place, then the sources with links."""
    parts: list[str] = []
    lead: list[str] = []
    label = _STATUS.get(event.status)
    if label is not None:
        lead.append(f"<strong>{label}.</strong>")
    if event.summary.strip():
        lead.append(_escape(event.summary))
    if event.absent:
        lead.append(_escape(absent_sentence(event)))
    if lead:
        parts.append(f"<p>{' '.join(lead)}</p>")
    if event.place is not None:
        parts.append(f"<p>{_escape(event.place.name)}</p>")
    noun = "Source" if len(event.sources) == 1 else "Sources"
    items = "".join(_source(source) for source in event.sources)
    parts.append(f"<p>{noun}:</p><ul>{items}</ul>")
    return "".join(parts)


def slide(event: Event) -> dict[str, Any]:
    """One event as a TimelineJS slide object."""
    when = event.when
    headline = _escape(event.title)
    label = _STATUS.get(event.status)
    if label is not None:
        headline += f" ({label.lower()})"
    result: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": _date(when.start_point),
    }
    if when.end_point is not None:
        result["end_date"] = _date(when.end_point)
    if _needs_display_date(when):
        result["display_date"] = _escape(when.human())
    result["text"] = {"headline": headline, "text": _text(event)}
    result["group"] = _group(event.kind)
    result["autolink"] = False
    return result


def _document(timeline: Timeline) -> dict[str, Any]:
    description = _escape(timeline.description)
    title: dict[str, Any] = {
        "text": {
            "headline": _escape(timeline.title),
            "text": f"<p>{description}</p>" if description else "",
        },
        "autolink": False,
    }
    return {
        "title": title,
        "events": [slide(event) for event in timeline.events],
        "scale": "human",
    }


def render(timeline: Timeline) -> str:
    """The TimelineJS3 JSON text: 2-space indent, UTF-8, final newline."""
    return json.dumps(_document(timeline), ensure_ascii=False, indent=2) + "\n"


def write(timeline: Timeline) -> bytes:
    """The registry's writer: `render` as UTF-8 bytes."""
    return render(timeline).encode("utf-8")


def to_timelinejs(timeline: Timeline) -> str:
    """The timeline as TimelineJS3 JSON, ready for `new TL.Timeline(id, data)`."""
    return render(timeline)
