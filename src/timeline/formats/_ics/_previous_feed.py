"""The previous feed a revision is made against, read once in pieces and kept as an index.

A feed of a hundred thousand events is some 160 MB: held whole (and copied once to be searched)
it was most of a revision's memory. It is read a piece at a time instead, checked as it goes (it
must be UTF-8, one of ours, whole), and each VEVENT is kept only as where it lies, its CRC-32
and a hash of its key (UID, RECURRENCE-ID): some 40 bytes an event. A VEVENT is read back when
the export looks it up, or when it is cancelled as gone, and must then be what was first read
(a feed changed meanwhile is refused, located). Its key is read back too, so two keys that hash
alike are never taken for one.

The refusals are those of a feed read whole, in the same order: bytes that are not UTF-8 first
(anywhere), then not a calendar, components that do not nest, no markers of ours, and last the
first VEVENT without a UID, with a UID already seen or with a SEQUENCE that is no number.
"""

from __future__ import annotations

import codecs
import re
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from timeline._errors import FormatError, Location, ProblemCode
from timeline.formats._ics._blocks import UnbalancedError, property_value
from timeline.formats._ics._text import X

__all__ = ["Feed", "Index", "Source", "Vevent", "damaged", "read_previous"]

_HINT = "give the .ics file an earlier export wrote (with --previous), or leave the option out"
_BOM = b"\xef\xbb\xbf"
#: A line that begins or ends a component, after the line feed before it (as `_blocks.spans`).
_COMPONENT = re.compile(rb"\n(BEGIN|END):([^\r\n]*)")
_LINE_END = re.compile(rb"\r?\n")
#: How much of the previous feed is read (and checked to be UTF-8) at a time.
CHUNK = 1024 * 1024

#: Where a feed's bytes come from: given whole, or a binary file read by offset.
Feed = bytes | str | BinaryIO


def damaged(message: str, line: int, code: ProblemCode, hint: str = _HINT) -> FormatError:
    """A refusal of the previous feed, at its line."""
    return FormatError(f"previous feed: {message}", Location(line=line), hint, code=code)


class Source:
    """The previous feed's bytes by offset: bytes given whole, text (encoded), or a seekable
    binary file (anything else is read whole). `start` is past a byte-order mark."""

    def __init__(self, previous: Feed) -> None:
        self.stream: BinaryIO | None = None
        self.data, self.base = b"", 0
        self.bare_lf = False  # whether a line feed without its CR was seen (the scan says)
        self.checked = not isinstance(previous, str)  # text is text: only bytes are checked
        if isinstance(previous, str):
            self.data = previous.encode("utf-8", "surrogatepass")
        elif isinstance(previous, bytes):
            self.data = previous
        elif previous.seekable():
            self.stream, self.base = previous, previous.tell()
        else:
            self.data = previous.read()
        self.start = 3 if self.read(0, 3) == _BOM else 0

    def read(self, start: int, end: int) -> bytes:
        """Bytes `start` to `end` (fewer at the end of the feed)."""
        if self.stream is None:
            return self.data[start:end]
        self.stream.seek(self.base + start)
        pieces, wanted = [], end - start
        while wanted > 0 and (piece := self.stream.read(wanted)):
            pieces.append(piece)
            wanted -= len(piece)
        return b"".join(pieces)

    def text(self, raw: bytes) -> str:
        """A component's bytes as text, CRLF-ended (only a feed with bare line feeds needs
        them changed: counting them in every component was most of reading one back)."""
        return (as_crlf(raw) if self.bare_lf else raw).decode("utf-8", "surrogatepass")

    def pieces(self) -> Iterator[bytes]:
        """The bytes from `start` on, a `CHUNK` at a time, then b""."""
        at = self.start
        while piece := self.read(at, at + CHUNK):
            yield piece
            at += len(piece)
        yield b""

    def line(self, at: int) -> int:
        """The line offset `at` is on, counted only for a message."""
        return sum(self.read(n, min(n + CHUNK, at)).count(b"\n") for n in range(0, at, CHUNK)) + 1


def as_crlf(raw: bytes) -> bytes:
    """Lines ended with CRLF, whatever the way the feed came by did to them."""
    return raw if raw.count(b"\n") == raw.count(b"\r\n") else _LINE_END.sub(b"\r\n", raw)


@dataclass(slots=True)
class Vevent:
    """One VEVENT's text (CRLF-joined lines), and where it starts: in the previous feed (`feed`)
    or in a piece of text (`source`, after `lines_before` lines)."""

    text: str
    source: str
    at: int
    lines_before: int = 0
    feed: Source | None = None

    @property
    def line(self) -> int:
        """Its line number, counted only for a message."""
        if self.feed is not None:
            return self.feed.line(self.at)
        return self.lines_before + self.source.count("\n", 0, self.at) + 1

    @property
    def lines(self) -> list[str]:
        return self.text.split("\r\n")

    def value(self, name: str) -> str | None:
        """A property's value, unfolded (the first if several)."""
        return property_value(self.text, name)

    def key(self) -> tuple[str, str]:
        return (self.value("UID") or "", self.value("RECURRENCE-ID") or "")

    def sequence(self) -> int:
        found = self.value("SEQUENCE")
        if found is None:
            return 0
        if not found.isdigit():
            raise damaged("SEQUENCE is not a whole number", self.line, ProblemCode.SYNTAX)
        return int(found)


class Index:
    """The previous feed's VEVENTs in its order, each as its key's hash, offsets and CRC-32, in
    flat arrays, found by key through an open-addressed table of their numbers; `seen` marks
    those the export has looked up."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.hashes, self.starts, self.ends = array("q"), array("q"), array("q")
        self.sums = array("I")
        self.seen = bytearray()
        self.table = array("i", bytes(4 * 1024))  # a VEVENT's number + 1; 0 for none

    def add(self, key: tuple[str, str], start: int, end: int, raw: bytes) -> None:
        """Note a VEVENT (its key is not in the index yet)."""
        self.hashes.append(hash(key))
        self.starts.append(start)
        self.ends.append(end)
        self.sums.append(zlib.crc32(raw))
        self.seen.append(0)
        if 2 * len(self.hashes) > len(self.table):
            self.table = array("i", bytes(8 * len(self.table)))
            for number in range(len(self.hashes)):
                self._place(number)
        else:
            self._place(len(self.hashes) - 1)

    def _place(self, number: int) -> None:
        mask, slot = len(self.table) - 1, self.hashes[number]
        while self.table[slot & mask]:
            slot += 1
        self.table[slot & mask] = number + 1

    def find(self, key: tuple[str, str]) -> tuple[int, Vevent] | None:
        """The number and text of the VEVENT with this key, read back to be sure (a hash is no
        key); None if none has it."""
        wanted, mask = hash(key), len(self.table) - 1
        slot = wanted
        while found := self.table[slot & mask]:
            if self.hashes[found - 1] == wanted:
                vevent = self.vevent(found - 1)
                if vevent.key() == key:
                    return found - 1, vevent
            slot += 1
        return None

    def vevent(self, number: int) -> Vevent:
        """VEVENT `number` read back: refused if it is not the bytes first read."""
        start = self.starts[number]
        raw = self.source.read(start, self.ends[number])
        if zlib.crc32(raw) != self.sums[number]:
            raise damaged(
                "it changed while it was read",
                self.source.line(start),
                ProblemCode.UNREADABLE,
                "export again once nothing else writes the previous feed",
            )
        return Vevent(self.source.text(raw), "", start, feed=self.source)

    def get(self, key: tuple[str, str]) -> Vevent | None:
        """The VEVENT with this key, marked seen; None if the feed has none."""
        found = self.find(key)
        if found is None:
            return None
        self.seen[found[0]] = 1
        return found[1]

    def unseen(self) -> Iterator[Vevent]:
        """The VEVENTs never looked up, in the feed's order."""
        for number, seen in enumerate(self.seen):
            if not seen:
                yield self.vevent(number)


def read_previous(previous: Feed) -> tuple[frozenset[str], Index]:
    """The previous feed's markers and its VEVENTs' index, refused unless it is ours and whole.

    Raises:
        FormatError: located by line, for a feed not UTF-8, not ours, or damaged.
    """
    source = Source(previous)
    scan = _Scan(source)
    scan.read()
    return scan.result()


class _Scan:
    """One pass over the feed's pieces, walking its components as `_blocks.spans` does (from
    each BEGIN and END line), noting the markers outside them and indexing each VEVENT; a
    refusal is kept until the end, where the first of the worst is given."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.index = Index(source)
        self.markers: list[str] = []
        self.opened: list[tuple[str, int]] = []
        self.resumed: int | None = source.start  # where text outside components resumes
        self.not_calendar = False
        self.unbalanced: UnbalancedError | None = None
        self.refused: FormatError | None = None  # the first VEVENT refused

    def read(self) -> None:
        """Walk the pieces; `buffer[0]` stands at offset `origin - 1` (a line feed, or the one
        put before the first line), and `after` is the last line feed walked past: only whole
        lines are walked, and from the piece before only what is still needed is kept."""
        buffer, origin, after = b"\n", self.source.start, 0
        self.not_calendar = self.source.read(origin, origin + 15) != b"BEGIN:VCALENDAR"
        for piece in self.source.pieces():
            buffer += piece
            limit = len(buffer) if not piece else buffer.rfind(b"\n") + 1
            self._check_utf8(buffer, after, limit, origin)
            if buffer.count(b"\n", after + 1, limit) != buffer.count(b"\r\n", after, limit):
                self.source.bare_lf = True
            if self._walking():
                self._walk(buffer, after, limit, origin)
            keep = min(after := limit - 1, self._kept_from() - origin)
            buffer, origin, after = buffer[keep:], origin + keep, after - keep
        if self._walking():
            self._ended()

    def _walking(self) -> bool:
        """Whether the components are still walked (else only the UTF-8 is checked)."""
        return not (self.not_calendar or self.unbalanced)

    def _kept_from(self) -> int:
        """The first offset still needed: an open component's start, or outside text's."""
        if not self._walking():
            return 1 << 62
        if len(self.opened) >= 2:
            return self.opened[1][1]
        if len(self.opened) == 1 and self.resumed is not None:
            return self.resumed
        return 1 << 62

    def _check_utf8(self, buffer: bytes, start: int, end: int, origin: int) -> None:
        if not self.source.checked:
            return
        try:
            codecs.utf_8_decode(memoryview(buffer)[start:end], "strict", True)
        except UnicodeDecodeError as error:
            line = self.source.line(origin - 1 + start + error.start)
            raise damaged("not UTF-8 text", line, ProblemCode.ENCODING) from None

    def _walk(self, buffer: bytes, start: int, end: int, origin: int) -> None:
        for found in _COMPONENT.finditer(buffer, start, end):
            name = found.group(2).decode("utf-8", "replace")
            try:
                self._step(
                    found.group(1) == b"BEGIN", name, found.start(), found.end(2), buffer, origin
                )
            except UnbalancedError as error:
                self.unbalanced = error
                return

    def _step(
        self, begins: bool, name: str, line: int, after: int, buffer: bytes, origin: int
    ) -> None:
        """One BEGIN or END line: `line` is the index in `buffer` of the line feed before it,
        `after` of the end of its name."""
        at = origin + line
        if begins:
            if name == "VEVENT" and len(self.opened) != 1:
                raise UnbalancedError("a VEVENT inside another component", at)
            if len(self.opened) == 1:
                self._outside(buffer, origin, at)
            self.opened.append((name, at))
            return
        if not self.opened or self.opened[-1][0] != name:
            raise UnbalancedError(f"END:{name} closes nothing", at)
        begun = self.opened.pop()[1]
        if not self.opened:  # END:VCALENDAR
            self._outside(buffer, origin, at)
            self.resumed = None
        elif len(self.opened) == 1:
            if name == "VEVENT" and self.refused is None:
                self._vevent(buffer[begun - origin + 1 : after], begun, origin + after - 1)
            # past the line's end: CRLF, or a line feed alone (a CRLF once made CRLF again)
            self.resumed = origin + after + (0 if buffer[after : after + 1] == b"\n" else 1)

    def _outside(self, buffer: bytes, origin: int, end: int) -> None:
        """Note the markers in the calendar's own lines, from where they resumed to `end`."""
        if self.resumed is None:
            return
        text = as_crlf(buffer[self.resumed - origin + 1 : end - origin + 1])
        marked = (X + "MARKERS:").encode()
        for line in text.split(b"\r\n"):
            if line.startswith(marked):
                self.markers.append(line.decode("utf-8", "surrogatepass"))

    def _vevent(self, raw: bytes, start: int, end: int) -> None:
        """Index one VEVENT, or keep its refusal (and index no more)."""
        vevent = Vevent(self.source.text(raw), "", start, feed=self.source)
        key = vevent.key()
        try:
            if not key[0]:
                raise damaged("a VEVENT without a UID", vevent.line, ProblemCode.MISSING)
            if self.index.find(key) is not None:
                message = f"two VEVENTs with the UID {key[0]}"
                raise damaged(message, vevent.line, ProblemCode.DUPLICATE)
            vevent.sequence()  # refused here, before anything is written, if it is no number
        except FormatError as error:
            self.refused = error
            return
        self.index.add(key, start, end, raw)

    def _ended(self) -> None:
        if self.opened:
            name, at = self.opened[-1]
            self.unbalanced = UnbalancedError(f"{name} never closed: cut short?", at)

    def result(self) -> tuple[frozenset[str], Index]:
        """The markers and the index, or the refusal a feed read whole would give."""
        if self.not_calendar:
            raise damaged("not a calendar (no BEGIN:VCALENDAR)", 1, ProblemCode.VERSION)
        if self.unbalanced is not None:
            line = self.source.line(self.unbalanced.at)
            raise damaged(self.unbalanced.message, line, ProblemCode.SYNTAX)
        if not self.markers:
            raise damaged("a calendar timeline did not write", 1, ProblemCode.VERSION)
        if self.refused is not None:
            raise self.refused
        # one line a marker, or (before the X- values were written one a line) one list
        return frozenset(
            m for line in self.markers for m in line.partition(":")[2].split(",")
        ), self.index
