"""A Markdown chronology for writers: editor's dates in bold, every fact footnoted to its source.

The output is CommonMark with footnotes, already in the canonical form `mdformat` (with its footnote
and, for the table layout, tables plugins) would give, so pasting it into a formatted draft changes
nothing. Every piece of text from the data goes through `_inline`, which escapes exactly what
mdformat escapes: enough that no title or summary can make a heading, link, emphasis or raw HTML,
and no more, so that the canonical form and the literal text agree.

Text from the data is tidied first: runs of whitespace (line breaks included) become one space and
control characters become U+FFFD, because a one-line list item cannot hold them faithfully.

Each event has exactly one footnote, listing that event's sources, and each label is used once.
Pandoc, and so Word, makes a separate note for every *use* of a label: one shared label per source
gave as many identical notes as events citing it. A note per event also goes with the event when a
writer moves it within a draft, which numbered references to a source list would not.

With front matter there is no `# Title`: Pandoc's standalone output shows the YAML title itself,
and a heading would show it twice. Without front matter the heading is the only title. Pandoc
reads the YAML strings as Markdown, so they are escaped more widely than the body (`_pandoc_text`).
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Final, get_args

from wcwidth import wcswidth

from timeline._errors import FormatError
from timeline._model import Event, Source, Status, Timeline
from timeline._options import GroupBy, Layout
from timeline._when import Precision, When
from timeline._wording import (
    STATUS_LABEL,
    Names,
    override_words,
    period_name,
    place_naming,
    place_text,
    rule_words,
    vote_tally,
    vote_text,
    with_status,
)
from timeline.formats._common import HumanDates

__all__ = ["GroupBy", "Layout", "markdown_chunks", "to_markdown"]


_TABLE_HEADER: Final = ("Date", "Event", "Place", "Sources")

# -- text from the data --------------------------------------------------------------------------

_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_LESS_THAN: Final = re.compile("<(?! )")  # a lookahead, so "<<a>" escapes both
_BRACKET: Final = re.compile(r"[\[\]]")
_REFERENCE: Final = re.compile(r"&(?:#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|([A-Za-z][A-Za-z0-9]*));")
_ENTITY_NAMES: Final = frozenset(name.rstrip(";") for name in html.entities.html5)


@cache
def _whitespace() -> frozenset[str]:
    """CommonMark's Unicode whitespace: the Zs category plus tab, line feed, form feed, returns."""
    spaces = (chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Zs")
    return frozenset(spaces) | frozenset("\t\n\x0b\x0c\r")


@cache
def _punctuation() -> frozenset[str]:
    """CommonMark's Unicode punctuation: the P categories plus every ASCII punctuation mark."""
    marks = (chr(code) for code in range(0x110000) if unicodedata.category(chr(code))[0] == "P")
    return frozenset(marks) | frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _clean(text: str) -> str:
    """One line of text: whitespace runs become a space, control characters U+FFFD."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the usual case, checked in C: no control character, no stray space
    text = " ".join(text.split())
    if _CONTROL.search(text):
        text = _CONTROL.sub("\ufffd", text)
    return text


def _paragraphs(text: str) -> list[str]:
    """The description's paragraphs, each cleaned to one line; empty ones left out."""
    cleaned = (_clean(part) for part in re.split(r"\n[ \t\r\f\v]*\n", text))
    return [part for part in cleaned if part]


def _inline(text: str) -> str:
    """Escape one run of literal text the way mdformat renders a text token.

    A run is all the text between two pieces of markup, escaped as a whole: whether `*` or `_`
    needs a backslash depends on its neighbours, so escaping the pieces separately would differ.
    """
    if not (
        "\\" in text
        or "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "<" in text
        or "`" in text
        or "&" in text
    ):  # eight substring scans in C take a third of the time of one character-class search
        return text
    text = text.replace("\\", "\\\\")
    if "*" in text:
        text = _escape_asterisks(text)
    if "_" in text:
        text = _escape_underscores(text)
    if "[" in text or "]" in text:
        text = _escape_brackets(text)
    if "<" in text:
        text = _LESS_THAN.sub(r"\\<", text)
    text = text.replace("`", "\\`")
    if "&" in text:
        text = _REFERENCE.sub(_escape_reference, text)
    return text


def _escape_asterisks(text: str) -> str:
    """Every `*` gets a backslash unless both neighbours are whitespace (then it is inert)."""
    space = _whitespace()
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "*" and not (
            0 < index < last and text[index - 1] in space and text[index + 1] in space
        ):
            out.append("\\")
        out.append(char)
    return "".join(out)


def _escape_underscores(text: str) -> str:
    """`_` is inert inside a word or between spaces; anywhere else it could open emphasis."""
    space, marks = _whitespace(), _punctuation()
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index > 0 else None
            after = text[index + 1] if index < last else None
            both_space = before in space and after in space
            inside_word = (
                before is not None
                and after is not None
                and before not in space
                and before not in marks
                and after not in space
                and after not in marks
            )
            if not (both_space or inside_word):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _escape_brackets(text: str) -> str:
    """Brackets stay bare only as a closed pair with plain text inside, not followed by `:`,
    `(` or `{`.

    Anything else could become a link, a link reference definition or a footnote; and in
    pandoc's Markdown `[x]{onclick=...}` is a span with that attribute, so that pair is escaped
    too, where mdformat would not escape it.
    """
    escape_at: list[int] = []
    opened: int | None = None
    for match in _BRACKET.finditer(text):
        position = match.start()
        if match.group() == "[":
            if opened is not None:
                escape_at.append(opened)
            opened = position
        elif opened is None:
            escape_at.append(position)
        else:
            if text[position + 1 : position + 2] in (":", "(", "{"):
                escape_at += [opened, position]
            opened = None
    if opened is not None:
        escape_at.append(opened)
    if not escape_at:
        return text
    parts: list[str] = []
    previous = 0
    for position in sorted(escape_at):
        parts.append(text[previous:position])
        previous = position
    parts.append(text[previous:])
    return "\\".join(parts)


def _escape_reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name is not None and name not in _ENTITY_NAMES:
        return match.group()
    return "\\" + match.group()


_HEADING_LIKE: Final = re.compile(r"#{1,6}( |\t|$)")
_BULLET_LIKE: Final = re.compile(r"[-*+]( |\t|$)")
_ORDERED_PAREN: Final = re.compile(r"[0-9]+\)( |\t|$)")
_ORDERED_DOT: Final = re.compile(r"[0-9]+\.( |\t|$)")


_RISKY_START: Final = frozenset("#>-*+=|: 0123456789")


def _paragraph_line(line: str, *, tables: bool) -> str:
    """A paragraph line that starts with data must not read as a block: heading, list, quote..."""
    if line[:1] not in _RISKY_START:
        return line
    if _HEADING_LIKE.match(line) or line.startswith(">") or _BULLET_LIKE.match(line):
        line = "\\" + line
    if _ORDERED_PAREN.match(line):
        line = line.replace(")", "\\)", 1)
    if _ORDERED_DOT.match(line):
        line = line.replace(".", "\\.", 1)
    bare = line.replace(" ", "").replace("\t", "")
    if len(bare) >= 3 and all(char == "-" for char in bare):
        line = line.replace("-", "\\-", 1)
    stripped = line.strip(" \t")
    if all(char == "-" for char in stripped):
        line = line.replace("-", "\\-", 1)
    elif all(char == "=" for char in stripped):
        line = line.replace("=", "\\=", 1)
    if tables and all(char in "|-: " for char in line):
        line = line.replace("-", "\\-", 1)
    return line


def _heading(level: int, text: str) -> str:
    body = _inline(text)
    if body.endswith("#"):
        body = body[:-1] + "\\#"
    return f"{'#' * level} {body}"


# -- links -----------------------------------------------------------------------------------------

_URL_KEEP: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789;/?:@&=+$,-_.!~*'()#"
)
_HEX: Final = frozenset("0123456789abcdefABCDEF")
_PLAIN_URL: Final = re.compile(r"[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*")
_AUTHORITY: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", re.DOTALL)


def _link_url(url: str) -> str:
    """The URL as CommonMark parsers store it: non-ASCII hosts in punycode, the rest %-encoded.

    Writing it that way in `<...>` means the link survives any parser and mdformat unchanged.
    """
    match = _AUTHORITY.match(url)
    if match is not None and not match.group(2).isascii():
        scheme, authority, rest = match.groups()
        user, at, host_port = authority.rpartition("@")
        host, colon, port = host_port.partition(":")
        labels = [
            label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
            for label in host.split(".")
        ]
        url = f"{scheme}{user}{at}{'.'.join(labels)}{colon}{port}{rest}"
    if _PLAIN_URL.fullmatch(url):
        return url
    out: list[str] = []
    length = len(url)
    for index, char in enumerate(url):
        if char in _URL_KEEP or (
            char == "%" and index + 2 < length and set(url[index + 1 : index + 3]) <= _HEX
        ):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


# -- footnotes -----------------------------------------------------------------------------------

_TAKEN_LABEL: Final = re.compile(r"\[\^([^\]\s]+)\]")
#: Notes and source texts a writer remembers (a chronology cites the same articles again).
_REMEMBERED: Final = 4096


def _label_prefix(texts: Iterable[str]) -> str:
    """Footnote labels are 1, 2, 3... unless the data itself contains text like `[^1]`.

    Such text would be read as a reference to our footnote, so the labels then take a prefix
    (n1, nn1...) that no text in the data can be mistaken for.
    """
    taken = {label for text in texts if "[^" in text for label in _TAKEN_LABEL.findall(text)}
    prefix = ""
    while any(re.fullmatch(re.escape(prefix) + r"[0-9]+", label) for label in taken):
        prefix += "n"
    return prefix


class _Footnotes:
    """One footnote per event, listing that event's sources, each used exactly once.

    Pandoc (and so Word) makes a separate note for every *use* of a label, so a label shared by
    the events citing one article came out as that many identical notes. A note per event also
    travels with the event when a writer moves it to another part of a draft.
    """

    def __init__(self, prefix: str, *, tables: bool) -> None:
        self.prefix = prefix
        self.tables = tables
        self.human = HumanDates()
        self.dates = HumanDates(_inline)  # an event's date, escaped: it stands on its own
        self.count = 0  # the references given so far: the notes are not held, but made again
        #: Sources by what they say, and the note of each list of them: a chronology cites the
        #: same articles for many events (a pydantic model's own hash would hash every field).
        #: Both are forgotten when they grow past `_REMEMBERED`, so memory stays bounded.
        self.described: dict[tuple[object, ...], tuple[str, str | None]] = {}
        self.written: dict[tuple[tuple[object, ...], ...], str] = {}
        self.marked = False  # whether any text had "[^" in it (see `_label_prefix`)

    def refs(self) -> str:
        """The next event's one reference; its note is made when the notes are written."""
        self.count += 1
        return f"[^{self.prefix}{self.count}]"

    def note(self, sources: Sequence[Source]) -> str:
        """An event's note: it names each source once, in the order given.

        Sources are told apart by how they read: two that read the same are named once. The
        key holds the `published` When by identity (loading shares one per day; the timeline
        keeps it alive), which is cheaper than hashing it: equal dates held twice only cost
        a second rendering of the same text.
        """
        keys = tuple(
            [(each.publisher, each.title, each.url, id(each.published)) for each in sources]
        )
        note = self.written.get(keys)
        if note is None:
            if len(self.written) >= _REMEMBERED:
                self.written.clear()
                self.described.clear()
            note = self.written[keys] = self._note(sources, keys)
        return note

    def _note(self, sources: Sequence[Source], keys: tuple[tuple[object, ...], ...]) -> str:
        runs: list[str] = []
        run = ""  # literal text since the last link, escaped as a whole (see `_inline`)
        seen: set[tuple[str, str | None]] = set()
        for source, key in zip(sources, keys, strict=True):
            described = self.described.get(key)
            if described is None:
                described = self.described[key] = self._source_text(source)
            if described in seen:
                continue
            seen.add(described)
            text, url = described
            run += f"; {text}" if run or runs else text
            if url is not None:
                runs += [_inline(run + ", "), f"<{url}>"]
                run = ""
        if run:
            runs.append(_inline(run))
        return _paragraph_line("".join(runs), tables=self.tables)

    def definitions(self, listed: Iterable[Event]) -> Iterator[str]:
        """The notes of the events `listed` (in the order their references were given), made
        again now rather than held: at a million events they are as long as the sources."""
        for number, event in enumerate(listed, 1):
            yield f"[^{self.prefix}{number}]: {self.note(event.sources)}"

    def _source_text(self, source: Source) -> tuple[str, str | None]:
        """The source as literal text (publisher, title, date) and its link, normalised."""
        text = f"{_clean(source.publisher)}, \u201c{_clean(source.title)}\u201d"
        if "[^" in text:
            self.marked = True
        if source.published is not None:
            text += f", {self.human(source.published)}"
        url = source.url
        if url is not None and not _PLAIN_URL.fullmatch(url):
            url = _link_url(url)
        return text, url


# -- the document --------------------------------------------------------------------------------


#: Every sentence of an item ends as a sentence, so that a footnote reference never follows `^`
#: (`^[` is an inline note in Pandoc) and the item reads as prose.
_SENTENCE_END: Final = (".", "!", "?", "\u2026")


@dataclass(frozen=True, slots=True)
class _Show:
    """What each event shows besides date, title, place and summary (`to_markdown`'s options)."""

    names: Names
    votes: bool
    participants: bool
    absent: bool
    notes: bool


def _sentence(text: str) -> str:
    return text if text.endswith(_SENTENCE_END) else text + "."


def _details(event: Event, show: _Show) -> list[str]:
    """The optional sentences of a list item, as literal (unescaped) text."""
    details: list[str] = []
    vote = event.vote
    if show.votes and vote is not None:
        details.append(_clean(vote_text(vote, zero_absent=False, labelled=True)))
    if show.participants and event.participants:
        details.append(f"Participants: {show.names.listed(event.participants)}")
    if show.absent and event.absent:
        details.append(show.names.absent(event.absent))
    return details


def _note(event: Event, show: _Show) -> str:
    return _clean(event.note) if show.notes and event.note else ""


def _item(
    event: Event, date: str, refs: str, notes: _Footnotes, show: _Show, *, labelled: bool = True
) -> str:
    """`**date**: [*Status:*] Title (Place). Summary. Details.[^1] [*Note:* note]`, escaped.

    The note comes after the reference because it is the editor's, not the sources'. `date`
    comes escaped: a chronology names the same days again and again. Not `labelled`, the
    status is left to the date's words ("cancelled on 10 April").
    """
    first = _clean(event.title)
    place = event.place
    if place is not None:
        naming = place_naming(show.names.timeline, event)
        first += f" ({_clean(place_text(place, naming=naming))})"
    parts = [first, _clean(event.summary), *_details(event, show)]
    text = " ".join([_sentence(part) for part in parts if part])
    note = _note(event, show)
    if "[^" in text or "[^" in note:
        notes.marked = True
    label = STATUS_LABEL.get(event.status) if labelled else None
    if label is None:
        line = f"- **{date}**{_inline(': ' + text)}{refs}"
    else:
        line = f"- **{date}**: *{label}:*{_inline(' ' + text)}{refs}"
    return f"{line} *Note:*{_inline(' ' + note)}" if note else line


def _table_row(event: Event, date: str, refs: str, notes: _Footnotes, show: _Show) -> list[str]:
    title = with_status(_clean(event.title), event.status)
    if show.votes and event.vote is not None:
        title += f" ({vote_tally(event.vote, zero_absent=False)})"
    place = ""
    if event.place is not None:
        place = _clean(place_text(event.place, naming=place_naming(show.names.timeline, event)))
    extra: list[str] = []
    if show.participants:
        extra.append(show.names.listed(event.participants))
    if show.absent:
        extra.append(show.names.listed(event.absent))
    if show.notes:
        extra.append(_note(event, show))
    if any("[^" in cell for cell in (title, place, *extra)):
        notes.marked = True
    cells = [f"**{date}**", _inline(title), _inline(place), refs]
    cells += [_inline(cell) for cell in extra]
    return [cell.replace("|", "\\|") for cell in cells]


def _table_header(show: _Show) -> list[str]:
    header = list(_TABLE_HEADER)
    for wanted, name in ((show.participants, "Participants"), (show.absent, "Absent")):
        if wanted:
            header.append(name)
    if show.notes:
        header.append("Note")
    return header


def _widths(header: Sequence[str]) -> list[int]:
    """A table's widths before its rows: mdformat-tables pads to display width, at least three."""
    return [max(3, wcswidth(cell)) for cell in header]


def _widen(widths: list[int], cells: Sequence[str]) -> None:
    """Widen the columns to hold the row's cells."""
    for column, cell in enumerate(cells):
        width = wcswidth(cell)
        if width > widths[column]:
            widths[column] = width


def _table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One line of a table, each cell padded to its column's width."""
    padded = (
        cell + " " * max(0, width - wcswidth(cell))
        for cell, width in zip(cells, widths, strict=True)
    )
    return "| " + " | ".join(padded) + " |"


def _table_head(header: Sequence[str], widths: Sequence[int]) -> list[str]:
    """A table's header line and the line of dashes under it."""
    return [_table_line(header, widths), "| " + " | ".join("-" * width for width in widths) + " |"]


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that any YAML 1.1 or 1.2 parser reads back exactly."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code <= 0x7E or (
            (0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000)
            and code not in (0x2028, 0x2029, 0xFEFF)
        ):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02X}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:  # pragma: no cover - every code point above 0xFFFF is kept as it is
            out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


#: What pandoc's Markdown reads as markup anywhere in a line: emphasis, code and raw attributes,
#: links, spans and attributes, raw HTML, entities, sub- and superscripts, inline notes, math,
#: citations, and the backslash itself. Escaped, each stands for itself (all_symbols_escapable).
_PANDOC_INLINE: Final = re.compile(r"[\\`*_\[\]{}<>&~^$@]")
#: What it reads as a block only at the start of a line: headings, lists, quotes, tables, line
#: blocks, definition lists and divs, setext underlines, example lists and fancy list markers.
_PANDOC_START: Final = re.compile(
    r"[#>|:=+%(!-]|(?:[0-9]{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)](?= |$)"
)


def _pandoc_text(paragraph: str) -> str:
    """One paragraph of front matter as pandoc reads it (YAML strings are Markdown to pandoc):
    every character that could make markup escaped, so the value shows as written.

    Wider than `_inline`, which matches mdformat's canonical form of the body; the front matter
    has no canonical form to keep, and pandoc's dialect reads more as markup than CommonMark.
    """
    text = _PANDOC_INLINE.sub(r"\\\g<0>", paragraph)
    start = _PANDOC_START.match(text)
    if start is not None:
        end = start.end()
        text = f"{text[: end - 1]}\\{text[end - 1 :]}"
    return text


def _front_matter(timeline: Timeline) -> list[str]:
    """YAML a pandoc reader, and any YAML parser, takes as the title and description shown."""
    title = _pandoc_text(_clean(timeline.title))
    description = "\n\n".join(_pandoc_text(part) for part in _paragraphs(timeline.description))
    lines = ["---", f"title: {_yaml_string(title)}"]
    lines.append(f"description: {_yaml_string(description)}")
    updated = timeline.last_changed
    if updated is not None:
        lines.append(f"updated: {updated.isoformat()}")
    lines.append("---")
    return lines


def to_markdown(
    timeline: Timeline,
    *,
    layout: Layout = "list",
    group_by: GroupBy = "year",
    front_matter: bool = False,
    votes: bool = True,
    participants: bool = False,
    absent: bool = True,
    notes: bool = False,
) -> str:
    """The chronology as Markdown: `layout` list or table, headings per year, month or none.

    `votes` adds each vote's tally, `participants` and `absent` who took part and who stayed
    away, `notes` the editor's note; the module docstring gives the guarantees.

    Raises:
        FormatError: for an unknown `layout` or `group_by`.
    """
    return "".join(
        markdown_chunks(
            timeline,
            layout=layout,
            group_by=group_by,
            front_matter=front_matter,
            votes=votes,
            participants=participants,
            absent=absent,
            notes=notes,
        )
    )


def markdown_chunks(
    timeline: Timeline,
    *,
    layout: Layout = "list",
    group_by: GroupBy = "year",
    front_matter: bool = False,
    votes: bool = True,
    participants: bool = False,
    absent: bool = True,
    notes: bool = False,
) -> Iterator[str]:
    """`to_markdown`'s text as it is made, a group (or a few hundred items) at a time.

    Raises:
        FormatError: for an unknown `layout` or `group_by`, before any text.
    """
    if layout not in get_args(Layout):
        raise FormatError(f"unknown Markdown layout {layout!r}", hint="use 'list' or 'table'")
    if group_by not in get_args(GroupBy):
        raise FormatError(
            f"unknown Markdown grouping {group_by!r}", hint="use 'year', 'month' or 'none'"
        )
    names = Names(timeline, countries_first=True, organisation=_clean)
    show = _Show(names, votes, participants, absent, notes)
    tables = layout == "table"
    render = partial(_render, timeline, group_by, front_matter, show)
    if not any("[^" in text for text in _texts(timeline)):
        yield from render(_Footnotes("", tables=tables))
        return
    # rare: some text looks like a footnote reference, so the labels may need a prefix, which
    # the text as rendered decides: rendered once to find out (its text let go as it comes),
    # then given, with the prefix if it needs one
    footnotes = _Footnotes("", tables=tables)
    for _ in render(footnotes):
        pass
    prefix = _label_prefix(_texts(timeline)) if footnotes.marked else ""
    yield from render(_Footnotes(prefix, tables=tables))


def _texts(timeline: Timeline) -> Iterator[str]:
    """Every text a footnote reference could hide in."""
    yield from (timeline.title, timeline.description, *timeline.organisations.values())
    for event in timeline.events:
        yield from (event.title, event.summary, event.note or "")
        if event.place is not None:
            yield event.place.name
        if event.vote is not None:
            yield from (event.vote.body, event.vote.resolution or "")
        for source in event.sources:
            yield from (source.publisher, source.title)


def _period(when: When, group_by: GroupBy) -> tuple[int, int]:
    """(year, month) of the heading `when` falls under; month 0 when grouped by year."""
    point = when.start_point
    value = point.value
    month = 0 if group_by == "year" or point.precision is Precision.YEAR else value.month
    return value.year, month


def _render(
    timeline: Timeline, group_by: GroupBy, front_matter: bool, show: _Show, notes: _Footnotes
) -> Iterator[str]:
    """The document with `notes`' footnote labels, a few hundred lines at a time; `notes.marked`
    then says whether any text contained "[^". Nothing grows with the timeline but caches of
    a bounded size: the notes are made again at the end, in the order of their references."""
    out = _Blocks()
    _opening(timeline, front_matter, notes, out)
    overrides = _overrides(timeline)
    yield from _body(timeline, group_by, show, notes, out, overrides)
    listed = (event for event, _ in _listed(timeline, overrides))
    for definition in notes.definitions(listed):
        out.blocks.append(definition)
        if len(out.blocks) >= _GATHERED:
            yield out.give()
    yield out.give()
    yield "\n"


def _opening(timeline: Timeline, front_matter: bool, notes: _Footnotes, out: _Blocks) -> None:
    """The title (a heading, or the front matter) and the description's paragraphs."""
    title = _clean(timeline.title)
    notes.marked = "[^" in title
    if front_matter:  # Pandoc shows the YAML title; a heading as well would show it twice
        out.blocks.append("\n".join(_front_matter(timeline)))
    else:
        out.blocks.append(_heading(1, title))
    for cleaned in _paragraphs(timeline.description):
        notes.marked = notes.marked or "[^" in cleaned
        out.blocks.append(_paragraph_line(_inline(cleaned), tables=notes.tables))


def _body(
    timeline: Timeline,
    group_by: GroupBy,
    show: _Show,
    notes: _Footnotes,
    out: _Blocks,
    overrides: dict[str, list[Event]],
) -> Iterator[str]:
    """The events under a heading per group, as list items or a table per group. A table is
    padded to its widest cell, so its widths are measured first (`_tables_widths`) and its
    rows then given as they are made, never held."""
    header = _table_header(show)
    widths = iter(
        _tables_widths(timeline, group_by, show, notes, overrides) if notes.tables else []
    )
    lines: list[str] = []
    group: tuple[int, int] | None = None
    table: list[int] | None = None  # the current table's widths, once its head is given
    for period, event, series in _entries(timeline, group_by, overrides):
        if period is not None and period != group:
            group, table = period, None
            yield out.give(lines)
            out.blocks.append(f"## {period_name(*period)}")
        if not notes.tables:
            lines.append(_list_item(event, series, notes, show))
        else:
            if table is None:
                table = next(widths)
                lines += _table_head(header, table)
            lines.append(_table_line(_row(event, series, notes, show), table))
        if len(lines) >= _GATHERED:
            yield out.give(lines)
    yield out.give(lines)


def _tables_widths(
    timeline: Timeline,
    group_by: GroupBy,
    show: _Show,
    notes: _Footnotes,
    overrides: dict[str, list[Event]],
) -> list[list[int]]:
    """Each table's column widths, in order, from its rows made once and let go (their
    references numbered by a counter of their own, with the same labels)."""
    counted = _Footnotes(notes.prefix, tables=True)
    header = _table_header(show)
    found: list[list[int]] = []
    group: tuple[int, int] | None = None
    for period, event, series in _entries(timeline, group_by, overrides):
        if not found or (period is not None and period != group):
            group = period
            found.append(_widths(header))
        _widen(found[-1], _row(event, series, counted, show))
    return found


def _entries(
    timeline: Timeline, group_by: GroupBy, overrides: dict[str, list[Event]]
) -> Iterator[tuple[tuple[int, int] | None, Event, Event | None]]:
    """The events as they are listed, each with its group ((year, month); None ungrouped)
    and, for an override, its series (listed just before it, in its group)."""
    periods: dict[int, tuple[int, int]] = {}  # by the When's identity: loading shares them
    period: tuple[int, int] | None = None
    for event, series in _listed(timeline, overrides):
        if series is None and group_by != "none":
            period = periods.get(id(event.when))
            if period is None:
                period = periods[id(event.when)] = _period(event.when, group_by)
        yield period, event, series


def _listed(
    timeline: Timeline, overrides: dict[str, list[Event]]
) -> Iterator[tuple[Event, Event | None]]:
    """The events in the order they are listed (and their notes numbered): each series'
    overrides after it, each with its series."""
    for event in timeline.events:
        if overrides and event.series in overrides:
            continue  # listed with its series
        yield event, None
        if overrides and event.id in overrides:
            for override in overrides[event.id]:
                yield override, event


def _date(event: Event, series: Event | None, notes: _Footnotes) -> str:
    """An entry's date, escaped: a series' rule in words, what an override did ("moved from
    17 April to 18 April"), else the event's date."""
    if series is not None:
        return _inline(override_words(event, series))
    return notes.dates(event.when) if event.repeats is None else _inline(rule_words(event))


def _list_item(event: Event, series: Event | None, notes: _Footnotes, show: _Show) -> str:
    """An event's item; an override's nested in its series' item."""
    date = _date(event, series, notes)
    if series is None:
        return _item(event, date, notes.refs(), notes, show)
    labelled = event.status is not Status.CANCELLED  # the date says so
    return "  " + _item(event, date, notes.refs(), notes, show, labelled=labelled)


def _row(event: Event, series: Event | None, notes: _Footnotes, show: _Show) -> list[str]:
    """An event's row; an override's is the next row after its series'."""
    return _table_row(event, _date(event, series, notes), notes.refs(), notes, show)


#: List items gathered before they are given.
_GATHERED: Final = 512


class _Blocks:
    """The document's blocks as they are given: a blank line between two; a list's items a
    few hundred at a time, each after the one before on the next line."""

    def __init__(self) -> None:
        #: whole blocks not yet given
        self.blocks: list[str] = []
        self.started = False  # whether anything was given
        self.in_list = False  # whether a list's items were given last

    def give(self, lines: list[str] | None = None) -> str:
        """The blocks so far, then the list items so far; both emptied."""
        parts: list[str] = []
        for block in self.blocks:
            parts.append("\n\n" + block if self.started else block)
            self.started, self.in_list = True, False
        self.blocks.clear()
        if lines:
            before = "\n" if self.in_list else "\n\n" if self.started else ""
            parts.append(before + "\n".join(lines))
            self.started = self.in_list = True
            lines.clear()
        return "".join(parts)


def _overrides(timeline: Timeline) -> dict[str, list[Event]]:
    """Each series' moved, changed or cancelled occurrences, listed with it (in the timeline's
    order); empty for a timeline without series."""
    found: dict[str, list[Event]] = {
        event.id: [] for event in timeline.events if event.repeats is not None
    }
    if found:
        for event in timeline.events:
            if event.series in found:
                found[event.series].append(event)
    return found
