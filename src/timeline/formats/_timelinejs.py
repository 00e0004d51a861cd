"""TimelineJS3 JSON: the interactive timeline newsrooms embed.

Field names follow the TimelineJS3 "JSON data format" documentation: a `title` slide and an
`events` list of slides, each with `start_date`/`end_date` date objects holding only the parts
that are known (numbers; no day for a month, no time for a day), `display_date` in the house style
every writer shares (`When.human()`; TimelineJS would otherwise spell dates the US way), `group`,
`unique_id` and `text: {headline, text}`.

A series gets one slide per occurrence inside the timeline's span (`_wording.shown_span`): from
the first to the last day of the events that do not repeat, so an endless series shows as far
as the rest of the story goes; when every event belongs to a series, the first two years of the
earliest one. Each slide of a series is `<series id>-<YYYY-MM-DD>` (with `tHHMM` where two fall
on one day), says the rule in words, and is dated where that occurrence falls; an occurrence
that was moved, changed or cancelled is the override's own slide, in its place.

`write_page` wraps the same JSON in an HTML page that loads TimelineJS3 from its CDN, so a
timeline opens from disk with no server and no build step.

TimelineJS renders headlines and texts as HTML, so every string from the data is HTML-escaped and
the only markup is our own: paragraphs, a list of sources and their links. `autolink` is off
because the links are already made, and nothing in the data should turn into one by itself.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Final

from timeline._field_types import unique_id
from timeline._model import Event, Kind, Source, Timeline
from timeline._occurrences import Occurrence
from timeline._options import OnError
from timeline._when import Point, Precision, When
from timeline._wording import (
    STATUS_LABEL,
    Names,
    dated_entries,
    override_words,
    place_naming,
    place_text,
    rule_words,
    shown_span,
    vote_text,
    with_status,
)
from timeline.formats._timelinejs_sheet import read_timelinejs

__all__ = [
    "page_chunks",
    "slide",
    "timelinejs_chunks",
    "to_timelinejs",
    "to_timelinejs_page",
]

#: TimelineJS3 as Knight Lab publishes it.
SCRIPT_URL: Final = "https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"
STYLE_URL: Final = "https://cdn.knightlab.com/libs/timeline3/latest/css/timeline.css"
#: Code points an HTML parser reports as errors: controls, noncharacters, lone surrogates.
_NOT_HTML: Final = r"\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
_NOT_IN_TEXT: Final = re.compile(f"[{_NOT_HTML}]")
#: What the JSON block must not contain as it is: the start of `</script>` or `<!--`, and the above.
_NOT_IN_SCRIPT: Final = re.compile(f"<(?=[/!])|[{_NOT_HTML}]")


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
        if point.precision is Precision.SECOND:
            parts["second"] = value.second
    return parts


def _source(source: Source) -> str:
    title = _escape(source.title)
    if source.url is not None:
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    text = f"{_escape(source.publisher)}, \u201c{title}\u201d"
    if source.published is not None:
        text += f", {_escape(source.published.human())}"
    return f"<li>{text}</li>"


def _text(event: Event, repeats: str | None = None, place: str | None = None) -> str:
    """The slide's body: how it repeats, status, summary, who was absent, the vote, place,
    then the sources."""
    parts = [] if repeats is None else [f"<p>{_escape(repeats)}.</p>"]
    lead: list[str] = []
    label = STATUS_LABEL.get(event.status)
    if label is not None:
        lead.append(f"<strong>{label}.</strong>")
    if event.summary.strip():
        lead.append(_escape(event.summary))
    if event.absent:
        lead.append(_escape(Names().absent(event.absent)))
    if lead:
        parts.append(f"<p>{' '.join(lead)}</p>")
    vote = event.vote
    if vote is not None:
        parts.append(f"<p>{_escape(vote_text(vote, labelled=True))}.</p>")
    if event.place is not None:
        parts.append(f"<p>{_escape(place or place_text(event.place))}</p>")
    noun = "Source" if len(event.sources) == 1 else "Sources"
    items = "".join(_source(source) for source in event.sources)
    parts.append(f"<p>{noun}:</p><ul>{items}</ul>")
    return "".join(parts)


def slide(
    event: Event,
    *,
    when: When | None = None,
    unique_id: str | None = None,
    repeats: str = "",
    place: str | None = None,
) -> dict[str, Any]:
    """One event as a TimelineJS slide object; for one occurrence of a series, dated `when`,
    named `unique_id` and saying how it `repeats` (a sentence); `place` as the timeline names
    it on the day (else as written)."""
    when = event.when if when is None else when
    headline = with_status(_escape(event.title), event.status)
    result: dict[str, Any] = {
        "unique_id": event.id if unique_id is None else unique_id,
        "start_date": _date(when.start_point),
    }
    if when.end_point is not None:
        result["end_date"] = _date(when.end_point)
    # always: TimelineJS's own spelling of a date is American ("May 9, 2022")
    result["display_date"] = _escape(when.human())
    result["text"] = {"headline": headline, "text": _text(event, repeats or None, place)}
    result["group"] = _group(event.kind)
    result["autolink"] = False
    return result


def _document(timeline: Timeline) -> dict[str, Any]:
    """The document but its slides, which `_json_pieces` writes one at a time."""
    description = _escape(timeline.description)
    title: dict[str, Any] = {
        "text": {
            "headline": _escape(timeline.title),
            "text": f"<p>{description}</p>" if description else "",
        },
        "autolink": False,
    }
    return {"title": title, "events": [], "scale": "human"}


def _slides(timeline: Timeline) -> Iterator[dict[str, Any]]:
    """A slide per event, and per occurrence of a series inside the timeline's span."""
    span = shown_span(timeline)
    if span is None or not any(event.repeats is not None for event in timeline.events):
        for event in timeline.events:
            yield slide(event, place=_place(timeline, event))
        return
    entries, _ = dated_entries(timeline, *span)
    taken = {event.id for event in timeline.events}
    days: dict[tuple[str, date], int] = {}
    for entry in entries:
        if isinstance(entry, Occurrence):
            key = (entry.series.id, entry.when.first_day)
            days[key] = days.get(key, 0) + 1
    said: dict[str, str] = {}  # each series' rule in words, said once
    for entry in entries:
        if not isinstance(entry, Occurrence):
            yield slide(entry, place=_place(timeline, entry))
        elif entry.event is not entry.series:  # moved, changed or cancelled: the override's own
            words = override_words(entry.event, entry.series)
            words += f", an occurrence of \u201c{entry.series.title}\u201d"
            where = _place(timeline, entry.event)
            yield slide(entry.event, repeats=_capital(words), place=where)
        else:
            name = _occurrence_id(entry, days[entry.series.id, entry.when.first_day] > 1, taken)
            words = said.get(entry.series.id) or _capital(rule_words(entry.series))
            said[entry.series.id] = words
            where = _place(timeline, entry.series)
            yield (slide(entry.series, when=entry.when, unique_id=name, repeats=words, place=where))


def _place(timeline: Timeline, event: Event) -> str | None:
    """The event's place as the timeline names it on the event's day."""
    if event.place is None:
        return None
    return place_text(event.place, naming=place_naming(timeline, event))


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _occurrence_id(occurrence: Occurrence, timed: bool, taken: set[str]) -> str:
    """`<series id>-<YYYY-MM-DD>`, with `tHHMM` where the series has two on that day, kept
    apart from every id in use."""
    original = occurrence.original
    name = f"{occurrence.series.id}-{original:%Y-%m-%d}"
    if timed and isinstance(original, datetime):
        name += f"t{original:%H%M%S}" if original.second else f"t{original:%H%M}"
    return unique_id(name, taken)


def to_timelinejs(timeline: Timeline) -> str:
    """The timeline as TimelineJS3 JSON, ready for `new TL.Timeline(id, data)`: 2-space
    indent, final newline."""
    return "".join(timelinejs_chunks(timeline))


def timelinejs_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_timelinejs`'s text a slide at a time, as it is made."""
    yield from _json_pieces(timeline)
    yield "\n"


#: Where the slides go in the document written without them.
_NO_SLIDES: Final = '\n  "events": [],\n'


def _json_pieces(timeline: Timeline) -> Iterator[str]:
    """`json.dumps(document, ensure_ascii=False, indent=2)` with the slides written one at a
    time: the document without them, cut where they go (a string holds no line break, so the
    cut is found in the structure alone), and each slide indented as the list nests it."""
    text = json.dumps(_document(timeline), ensure_ascii=False, indent=2)
    before, after = text.split(_NO_SLIDES)
    first = True
    for each in _slides(timeline):
        piece = json.dumps(each, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield (before + '\n  "events": [\n    ' if first else ",\n    ") + piece
        first = False
    yield text if first else "\n  ],\n" + after


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # JSON spells these as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"
    return f"\\u{code:04x}"


def _script_json(pieces: Iterator[str]) -> Iterator[str]:
    """JSON that cannot leave its `<script>` block, nor trip an HTML parser: a `<` before `/` or
    `!` (which could start `</script>` or `<!--`) and the code points HTML forbids are written as
    `\\u` escapes. They occur only inside strings, where an escape means the same character, so
    the JSON reads the same; the pieces are cut between slides, never inside a string."""
    for piece in pieces:
        yield _NOT_IN_SCRIPT.sub(_json_escape, piece)


_PAGE: Final = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{style}">
<script src="{script}"></script>
<style>
html, body {{ height: 100%; margin: 0; }}
#timeline-embed {{ width: 100%; height: 100%; }}
</style>
</head>
<body>
<div id="timeline-embed"></div>
<script type="application/json" id="timeline-data">
{data}
</script>
<script>
new TL.Timeline("timeline-embed",
  JSON.parse(document.getElementById("timeline-data").textContent));
</script>
</body>
</html>
"""


def to_timelinejs_page(timeline: Timeline) -> str:
    """A whole HTML page showing the timeline, with the JSON `to_timelinejs` gives embedded."""
    return "".join(page_chunks(timeline))


def page_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_timelinejs_page`'s text, its embedded data a slide at a time."""
    before, after = _PAGE.split("{data}")
    yield before.format(
        title=_NOT_IN_TEXT.sub("", _escape(timeline.title)),
        style=STYLE_URL,
        script=SCRIPT_URL,
    )
    yield from _script_json(_json_pieces(timeline))
    yield after.format()


def read(
    data: bytes, source: str | None = None, *, on_error: OnError = "strict", zone: str | None = None
) -> Timeline:
    """Read a TimelineJS JSON file (ours or Knight Lab's): its slides read as a sheet's rows.

    Raises:
        FormatError: located, for a file that is not JSON or has no list of `events`.
        InvalidTimeline: listing every problem, located, with a hint.

    Warns:
        LikelyMistake: for data that is probably wrong (a time with no zone).
    """
    return read_timelinejs(data, source, on_error=on_error, zone=zone)
