"""Writing a timeline as the TOML chronology docs/authoring.md teaches, for a person to go on
editing: an imported calendar or spreadsheet becomes the file its editor keeps.

`[timeline]` first, then one `[[events]]` table per event in date order, each with its keys in
the documented order (an inline `place`, then `[events.repeats]`, `[[events.sources]]`,
`[[events.links]]`, `[events.vote]` and `[events.carried]`). Only what differs from a default
is written, but for `status`, which an editor looks for. A date is written as the editor wrote
it (`when_text`) wherever reading it again gives the same date (with the event's `timezone`
when it has a time of day); a single day as a TOML date;
any other date as its canonical text. The reader gives back an equal timeline, and writing
that again gives the same text (tests/test_toml_writer.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from json.encoder import encode_basestring

from timeline._errors import DateError
from timeline._model import Event, Link, Place, Repeats, Source, Timeline, Vote
from timeline._when import When, written_in_words

__all__ = ["to_toml", "toml_chunks"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: A day a TOML local date holds as it is (the years Python's `date` has).
_PLAIN_DAY = re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Characters a multi-line string may not hold as they are: controls but tab and line feed.
_NOT_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: A quote beside another, or at the end: escaped, a multi-line string never holds `"""`.
_QUOTES = re.compile(r'"(?="|\Z)|(?<=")"')


def to_toml(timeline: Timeline, *, source: str | None = None) -> str:
    """The timeline as the TOML chronology people edit (docs/authoring.md); `load` reads it
    back to an equal timeline.

    A comment at the top says it was written by timeline, and from `source` (a file's name)
    when one is given; comments of the file it was read from are not kept.
    """
    return "".join(toml_chunks(timeline, source=source))


def toml_chunks(timeline: Timeline, *, source: str | None = None) -> Iterator[str]:
    """`to_toml`'s text a piece at a time, as it is made."""
    yield from _comment(timeline, source)
    yield "[timeline]\n"
    yield f"title = {_string(timeline.title)}\n"
    if timeline.description:
        yield f"description = {_text(timeline.description)}\n"
    if timeline.timezone is not None:
        yield f"timezone = {_string(timeline.timezone)}\n"
    if timeline.updated is not None:
        yield f"updated = {timeline.updated.isoformat()}\n"
    if timeline.organisations:
        yield "\n[timeline.organisations]\n"
        for acronym, name in sorted(timeline.organisations.items()):
            yield f"{_key(acronym)} = {_string(name)}\n"
    yield from _names(timeline)
    shared: dict[int, str] = {}  # a load shares one place or source among the events citing it
    for event in timeline.events:
        yield "\n[[events]]\n"
        yield from _event(event, shared)


def _names(timeline: Timeline) -> Iterator[str]:
    """The timeline's own other names of organisations and its renamed places, as declared."""
    if timeline.organisation_aliases:
        yield "\n[timeline.organisation_aliases]\n"
        for alias, acronym in sorted(timeline.organisation_aliases.items()):
            yield f"{_key(alias)} = {_string(acronym)}\n"
    for key, known in sorted(timeline.places.items()):
        yield f"\n[timeline.places.{key}]\n"
        if known.country is not None:
            yield f"country = {_string(known.country)}\n"
        if known.aliases:
            yield f"aliases = {_strings(known.aliases)}\n"
        yield "names = [\n"
        for each in known.names:
            parts = [f"name = {_string(each.name)}"]
            if each.since is not None:
                parts.append(f"since = {each.since.isoformat()}")
            if each.until is not None:
                parts.append(f"until = {each.until.isoformat()}")
            yield "    { " + ", ".join(parts) + " },\n"
        yield "]\n"


def _comment(timeline: Timeline, source: str | None) -> Iterator[str]:
    """What the file was made from: never the clock, so the same input gives the same bytes."""
    made = "Written by timeline" if source is None else f"Written by timeline from {_shown(source)}"
    yield f"# {made}: {len(timeline)} event{'' if len(timeline) == 1 else 's'}.\n"
    yield "# The layout and every key are described in docs/authoring.md; `timeline check`\n"
    yield "# validates the file after an edit.\n\n"


def _shown(name: str) -> str:
    """A file name fit for a comment: a character that does not show (a control, a lone
    surrogate) as its code."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in name)


def _event(event: Event, shared: dict[int, str]) -> Iterator[str]:
    """One event's keys in the documented order, then its tables."""
    yield f"id = {_string(event.id)}\n"
    yield f"title = {_string(event.title)}\n"
    zone = _phrase_zone(event)
    yield from _when_lines(event, zone)
    yield f"kind = {_string(event.kind.value)}\n"
    yield f"status = {_string(event.status.value)}\n"
    if event.summary:
        yield f"summary = {_text(event.summary)}\n"
    for name in ("participants", "absent", "tags"):
        values: tuple[str, ...] = getattr(event, name)
        if values:
            yield f"{name} = {_strings(values)}\n"
    if event.note is not None:
        yield f"note = {_text(event.note)}\n"
    if event.as_of is not None:
        yield f"as_of = {event.as_of.isoformat()}\n"
    if zone is not None:
        yield f"timezone = {_string(zone)}\n"  # the zone its phrase's time of day is read in
    if event.repeats is not None and _rule_alone(event.repeats):
        yield f"repeats = {_string(event.repeats.rule[0])}\n"
    if event.series is not None and event.occurrence is not None:
        yield f"series = {_string(event.series)}\n"
        yield f"occurrence = {_date(event.occurrence)}\n"
    if event.uid is not None:
        yield f"uid = {_string(event.uid)}\n"
    if event.place is not None:
        place = shared.get(id(event.place))
        if place is None:
            place = shared[id(event.place)] = f"place = {_place(event.place)}\n"
        yield place
    yield from _tables(event, shared)


def _tables(event: Event, shared: dict[int, str]) -> Iterator[str]:
    if event.repeats is not None and not _rule_alone(event.repeats):
        yield from _repeats(event.repeats)
    for source in event.sources:
        written = shared.get(id(source))
        if written is None:
            written = shared[id(source)] = "".join(_source(source))
        yield written
    for link in event.links:
        yield from _link(link)
    if event.vote is not None:
        yield from _vote(event.vote)
    if event.carried:
        yield "\n[events.carried]\n"
        for name, lines in sorted(event.carried.items()):
            yield f"{_key(name)} = {_text(lines, literal=True)}\n"


def _when_lines(event: Event, zone: str | None) -> Iterator[str]:
    """`when` as the editor wrote it (`when_text`) where reading that again gives the same
    date, else as its canonical text with `when_text` beside it."""
    written = event.when_text
    if written is None:
        yield f"when = {_date(event.when)}\n"
    elif _reads_back(written, event, zone):
        yield f"when = {_string(written)}\n"
        if not written_in_words(written) or " ".join(written.split()) != written:
            yield f"when_text = {_string(written)}\n"  # the reader would not keep it itself
    else:
        yield f"when = {_date(event.when)}\n"
        yield f"when_text = {_string(written)}\n"


def _phrase_zone(event: Event) -> str | None:
    """The zone to write as the event's `timezone`, so that the time of day of its phrase
    ("9:50 a.m. last Thursday") is read in the zone it was: the reader's own choice depends on
    the place and the timeline. None for a date without a time, or a time with no named zone
    (at an offset, or floating), whose phrase is not written as `when`."""
    zone = event.when.timezone if event.when_text is not None else None
    if zone is None or not _reads_back(event.when_text or "", event, zone.key):
        return None
    return zone.key


def _reads_back(written: str, event: Event, zone: str | None) -> bool:
    """Whether the reader, given `written` as `when` (and `zone` as the event's `timezone`),
    finds the event's date: a date without a time of day needs no zone."""
    if event.when.is_timed and zone is None:
        return False
    try:
        return When.from_value(written, zone=zone, reference=event.reference_day) == event.when
    except DateError:
        return False


def _date(when: When) -> str:
    """A single day as a TOML date, anything else as its canonical text."""
    text = str(when)
    return text if _PLAIN_DAY.fullmatch(text) else _string(text)


def _rule_alone(repeats: Repeats) -> bool:
    return len(repeats.rule) == 1 and not repeats.also and not repeats.skip


def _repeats(repeats: Repeats) -> Iterator[str]:
    yield "\n[events.repeats]\n"
    if len(repeats.rule) == 1:
        yield f"rule = {_string(repeats.rule[0])}\n"
    elif repeats.rule:
        yield f"rule = {_strings(repeats.rule)}\n"
    for name, dates in (("also", repeats.also), ("skip", repeats.skip)):
        if dates:
            yield f"{name} = [{', '.join(_date(each) for each in dates)}]\n"


def _source(source: Source) -> Iterator[str]:
    yield "\n[[events.sources]]\n"
    yield f"publisher = {_string(source.publisher)}\n"
    yield f"title = {_string(source.title)}\n"
    if source.url is not None:
        yield f"url = {_string(source.url)}\n"
    if source.published is not None:
        yield f"published = {_date(source.published)}\n"


def _link(link: Link) -> Iterator[str]:
    yield "\n[[events.links]]\n"
    yield f"rel = {_string(link.rel.value)}\n"
    yield f"target = {_string(link.target)}\n"


def _vote(vote: Vote) -> Iterator[str]:
    yield "\n[events.vote]\n"
    yield f"body = {_string(vote.body)}\n"
    if vote.resolution is not None:
        yield f"resolution = {_string(vote.resolution)}\n"
    for name in ("yes", "no", "abstain", "absent", "members"):
        count: int | None = getattr(vote, name)
        if count is not None:
            yield f"{name} = {count}\n"
    if vote.positions:
        positions = {code: position.value for code, position in vote.positions.items()}
        yield f"positions = {_inline(sorted(positions.items()))}\n"


def _place(place: Place) -> str:
    fields: list[tuple[str, str | float]] = [("name", place.name)]
    if place.country is not None:
        fields.append(("country", place.country))
    if place.lat is not None and place.lon is not None:
        fields += [("lat", place.lat), ("lon", place.lon)]
    if place.timezone is not None:
        fields.append(("timezone", place.timezone))
    return _inline(fields)


def _inline(fields: list[tuple[str, str | float]]) -> str:
    written = (f"{_key(key)} = {_value(value)}" for key, value in fields)
    return "{ " + ", ".join(written) + " }"


def _value(value: str | float) -> str:
    return _string(value) if isinstance(value, str) else repr(float(value))


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _string(name)


def _strings(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_string, values)) + "]"


def _string(text: str) -> str:
    """A basic string: the quote, the backslash and every control character escaped.

    JSON's escapes of these are TOML's too (the short ones and four hex digits), and its
    encoder is C: only DEL, which JSON leaves as it is and TOML refuses, is escaped here.
    """
    quoted = encode_basestring(text)
    return quoted.replace("\x7f", "\\u007F") if "\x7f" in quoted else quoted


def _text(text: str, *, literal: bool = False) -> str:
    """Text of paragraphs: a multi-line string when it runs to several lines (a literal one,
    with nothing escaped, where `literal` asks and the text allows), else a basic string."""
    if "\n" not in text or _NOT_IN_MULTILINE.search(text):
        return _string(text)
    if literal and "'''" not in text and not text.endswith("'"):
        return f"'''\n{text}'''"
    body = _QUOTES.sub('\\\\"', text.replace("\\", "\\\\"))  # no run of quotes, none at the end
    return f'"""\n{body}"""'
