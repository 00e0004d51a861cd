"""The words both directions share: property names, status maps, TEXT escaping (RFC 5545) and
what DESCRIPTION says besides the summary.

Escaping and unescaping live side by side so the round trip is visible in one place; the
DESCRIPTION's words are here so that the reader, which takes them off again, never imports the
writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from timeline._model import Relation, Source, Status, Vote
from timeline._when import When
from timeline._wording import STATUS_LABEL, Names, date_line, vote_text

PRODID = "-//timeline//timeline calendar export//EN"
DEFAULT_DOMAIN = "timeline.invalid"
REFRESH = "P1D"
X = "X-TIMELINE-"

#: What a calendar app shows of an event is its SUMMARY and date; these words carry the rest.
APPROXIMATE_MARK = "c. "
UNCERTAIN_MARK = " (?)"
STATUS_MARKS = {
    status: f"{STATUS_LABEL[status]}: " for status in (Status.CANCELLED, Status.POSTPONED)
}
#: X-TIMELINE-MARKERS lists what the writer added to the text, so the reader takes off exactly that.
MARK_DESCRIPTION = "description-date"
MARK_DATES = "summary-date"
MARK_STATUS = "summary-status"
#: X-TIMELINE-END:added says DTEND is only there for calendar apps: the event is a moment.
END_ADDED = "added"


#: Characters that TEXT cannot carry as they are: line breaks, controls, lone surrogates.
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")  # not LF
#: Every way text can break a line (what `str.splitlines` splits on, bar the separators below).
_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
#: Other control characters and lone surrogates: not allowed in iCalendar TEXT, so dropped;
#: and the byte-order mark, which no text field holds either (a reader may take it for a BOM).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff]")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")

STATUS = {
    Status.OCCURRED: "CONFIRMED",
    Status.SCHEDULED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "TENTATIVE",
}
#: The statuses STATUS alone cannot tell apart, so they also get X-TIMELINE-STATUS.
STATUS_NEEDS_X = frozenset({Status.SCHEDULED, Status.POSTPONED})
#: A cancelled or postponed event is a revision of the one first announced.
SEQUENCE = {Status.CANCELLED: "1", Status.POSTPONED: "1"}
RELTYPE = {
    Relation.PART_OF: "PARENT",
    Relation.CANCELS: "X-TIMELINE-CANCELS",
    Relation.FOLLOWS: "X-TIMELINE-FOLLOWS",
    Relation.RESPONDS_TO: "X-TIMELINE-RESPONDS-TO",
}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11) that cannot end its line or start another property.

    Backslash, semicolon and comma are escaped; every kind of line break (CR, LF, CRLF, U+2028,
    ...) becomes the `\\n` escape; other control characters are dropped, as TEXT forbids them.
    Each step runs only if its characters occur: most values need none of them, and most are
    printable, which `str.isprintable` (a C loop) says faster than the regex scan.
    """
    if not value.isprintable() and _ODD.search(value) is not None:
        value = clean_text(value)
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if ";" in value:
        value = value.replace(";", "\\;")
    if "," in value:
        value = value.replace(",", "\\,")
    if "\n" in value:
        value = value.replace("\n", "\\n")
    return value


def clean_text(value: str) -> str:
    """What a TEXT value reads back as once escaped: line breaks as LF, no control characters."""
    return _CONTROL.sub("", _BREAK.sub("\n", value))


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*|\t")


def one_line(value: str) -> str:
    """A one-line field (a title, a place's name) as read: its line breaks and tabs as spaces.

    Our writer never breaks one (the model refuses it), but calendar apps do: an address in
    LOCATION, a long SUMMARY pasted from a mail.
    """
    return _LINE_BREAK.sub(" ", value) if "\n" in value or "\t" in value else value


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    if line.isascii():  # one test: a character is an octet
        if len(line) <= 75:
            return line
        pieces: list[str] = [line[:75]]
        pieces += [line[start : start + 74] for start in range(75, len(line), 74)]
        return "\r\n ".join(pieces)
    if len(line) <= 18:  # four octets a character at most
        return line
    # a piece of characters at a time: most are ASCII, whose octets need no counting
    pieces = []
    start, limit, end = 0, 75, len(line)
    while start < end:
        piece = line[start : start + limit]
        if not piece.isascii():
            data = piece.encode()
            if len(data) > limit:
                cut = limit
                while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to its start
                    cut -= 1
                piece = data[:cut].decode()
        if not pieces and len(piece) == end:
            return line
        pieces.append(piece)
        start += len(piece)
        limit = 74  # a continuation line starts with one space
    return "\r\n ".join(pieces)


def fold_ascii(line: str) -> str:
    """`fold` for lines known to be ASCII (ids, codes, URIs, EDTF): no check when short."""
    return line if len(line) <= 75 else fold(line)


def clock_text(moment: datetime) -> str:
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def float_text(value: float) -> str:
    """FLOAT as RFC 5545 spells it (no exponent), and exactly the float that was given."""
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def uri_text(url: str) -> str:
    """A URI value cannot be escaped, so anything but printable ASCII is percent-encoded."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    return "".join(
        char
        if "!" <= char <= "~"
        else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        for char in url
    )


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape_text(value: str) -> str:
    """Undo TEXT escaping: `\\n` and `\\N` are line breaks, other escapes stand for themselves."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda match: "\n" if match[1] in "nN" else match[1], value)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split a raw value at separators that are not escaped, leaving the escapes in place."""
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for char in characters:
        if char == "\\":
            current.append(char + next(characters, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def fields_text(fields: Iterable[str]) -> str:
    """A structured X-TIMELINE value: its fields, each escaped, joined by `;`, and that escaped
    again as one TEXT value (`Reuters\\;Talks\\\\\\, open`).

    A library that does not know our properties takes each for one TEXT value (vobject, and so
    Radicale, escapes a bare `;` and keeps only what precedes a bare `,`), so no `;` or `,` may
    stand bare in them. `fields` come escaped (the writer escapes each once for several lines).
    """
    return escape_text(";".join(fields))


def read_fields(value: str) -> list[str]:
    """The fields of a structured X-TIMELINE value as written (escapes kept), unescaped: one TEXT
    value (`fields_text`), or, from earlier versions, fields joined by bare `;`.

    A bare `;` tells the two apart: escaping the whole value leaves none.
    """
    parts = split_escaped(value, ";")
    if len(parts) == 1:
        parts = split_escaped(unescape_text(value), ";")
    return [unescape_text(part) for part in parts]


def read_list(values: Iterable[str]) -> list[str]:
    """The values of a list X-TIMELINE property, unescaped, from every line it has: one value a
    line (this version), or several to a line joined by bare `,` (earlier versions)."""
    return [unescape_text(part) for value in values if value for part in split_escaped(value, ",")]


def absentees() -> Names:
    """Who stayed away as DESCRIPTION names them: "Kyrgyzstan (KG), CSTO", the name for
    readers and the code as the data spells it."""
    return Names(country_code=True)


def vote_sentence(vote: Vote) -> str:
    """ "Vote (UN General Assembly, ES-11/4): 141 yes, 5 no, 35 abstaining."."""
    return vote_text(vote, zero_absent=False, labelled=True) + "."


def source_item(publisher: str, title: str, published: str | None, url: str | None) -> str:
    """ "- Reuters: Talks open (9 May 2022) https://...": one source in DESCRIPTION, from its
    fields as the caller spells them (plain, or escaped once each by the writer)."""
    item = f"- {publisher}: {title}"
    if published is not None:
        item += f" ({published})"
    return f"{item} {url}" if url else item


def description_layout(
    date_line: str | None, summary: str | None, details: Sequence[str], newline: str = "\n"
) -> str:
    """The date, a blank line, the summary, a blank line, then the details a line each; None
    leaves a part out.

    `newline` is the writer's difference: it joins escaped parts with TEXT's escaped `\\n`.
    """
    # strings, not lists, around the details: a calendar of 100,000 events would otherwise
    # make the collector run for every few hundred of them
    text = newline.join(details)
    if summary is not None:
        text = f"{summary}{newline}{newline}{text}"
    return text if date_line is None else f"{date_line}{newline}{newline}{text}"


def description_text(
    summary: str,
    vote: Vote | None,
    sources: Sequence[Source],
    *,
    when: When | None = None,
    absent: Sequence[str] = (),
) -> str:
    """DESCRIPTION, unescaped: the date as an editor writes it (when given), the summary, who was
    absent, the vote and the sources, for people reading the event in a calendar app."""
    details: list[str] = []
    if absent:
        details.append(absentees().absent(absent))
    if vote is not None:
        details.append(vote_sentence(vote))
    details.append("Sources:")
    for source in sources:
        published = None if source.published is None else source.published.human()
        details.append(source_item(source.publisher, source.title, published, source.url))
    shown = None if when is None else date_line(when)
    return description_layout(shown, summary or None, details)
