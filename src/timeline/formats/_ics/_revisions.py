"""Revisions: a feed written again so that subscribers' calendar apps see what changed.

Apps that subscribe to a feed apply an event only when its SEQUENCE went up (RFC 5545 3.8.7.4),
so a new export is compared with the previous one, event by event (by UID and RECURRENCE-ID):
an event whose content is the same keeps its previous text byte for byte; a changed one gets
SEQUENCE one higher, LAST-MODIFIED and DTSTAMP; one gone from the chronology stays, cancelled,
with SEQUENCE raised (unless dropped). The previous feed must be one of ours: a feed that is not,
or is damaged, is a located `FormatError`, since treating it as absent would put every SEQUENCE
back to 0 and subscribers would ignore the changes.

Whether an event changed is decided on its written text (`content_digest`), not by
`timeline.diff` of the two chronologies: subscribers see the text, which changes where the
chronology does not (a writer option such as `default_duration` or `mark_status`, a zone's
rules, the writer itself) and would otherwise keep its old bytes and SEQUENCE; and the previous
feed would have to be read back whole, much slower than hashing its text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from tempfile import SpooledTemporaryFile
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline._errors import ProblemCode
from timeline.formats._ics._blocks import UnbalancedError, blocks
from timeline.formats._ics._previous_feed import Feed, read_previous
from timeline.formats._ics._previous_feed import Vevent as _Block
from timeline.formats._ics._previous_feed import damaged as _damaged
from timeline.formats._ics._text import MARK_STATUS, STATUS_MARKS, X, fold

__all__ = ["Revision", "content_digest", "next_revision", "revised_calendar"]

#: The properties that say when and how often an event was written, not what it says.
_STAMP = re.compile(r"\d{8}T\d{6}Z")
_TZID = re.compile(r'^DT(?:START|END);TZID=(?:"([^"]*)"|([^;:]*))[;:].*?(\d{4})\d{4}', re.M)
_CANCELLED_MARK = STATUS_MARKS[next(s for s in STATUS_MARKS if s.value == "cancelled")]
_SYNTAX = ProblemCode.SYNTAX
_WRITTEN_LINE = re.compile(r"\n(?:DTSTAMP|SEQUENCE|LAST-MODIFIED):[^\n]*(?=\n|$)")


def content_digest(text: str) -> str:
    """What calendar text says, as a hash: without DTSTAMP, SEQUENCE and LAST-MODIFIED, which
    record when and how often it was written, so text that says the same hashes the same."""
    kept = _WRITTEN_LINE.sub("", text)
    return "sha256-" + hashlib.sha256(kept.encode("utf-8")).hexdigest()


def _blocks(text: str, lines_before: int = 0) -> tuple[list[str], list[_Block]]:
    """The calendar's own lines and its VEVENTs; VTIMEZONEs are left out, since the writer
    builds the zones the events name anew."""
    try:
        head, found = blocks(text)
    except UnbalancedError as error:
        line = lines_before + text.count("\n", 0, error.at) + 1
        raise _damaged(error.message, line, _SYNTAX) from None
    return head, [_Block(b.text, text, b.at, lines_before) for b in found if b.name == "VEVENT"]


def revised_calendar(
    head: Callable[[], list[str]], body: Iterable[bytes], revision: Revision
) -> Iterator[bytes]:
    """The calendar as a revision of the previous feed: the writer's pieces of VEVENTs (`body`)
    revised as they come into a spool (in memory while small, else a temporary file), since the
    `head` names the zones of the events it cancels, known only once every event is seen; then
    the head and the spool read back a piece at a time. Nothing is given before the last
    refusal, so a damaged feed leaves the target as it was."""
    with SpooledTemporaryFile(max_size=_SPOOLED) as spool:
        for piece in body:
            spool.write(revision.events(piece.decode("utf-8")).encode("utf-8"))
        for text in revision.withdrawn():
            spool.write(text.encode("utf-8"))
        yield ("\r\n".join(head()) + "\r\n").encode("utf-8")
        spool.seek(0)
        yield from iter(lambda: spool.read(_READ), b"")
    yield b"END:VCALENDAR\r\n"


#: What a revision's spool keeps in memory before it moves to a temporary file, and how much of
#: it is read back at a time.
_SPOOLED = 16 * 1024 * 1024
_READ = 1024 * 1024


class Revision:
    """An export revised against the previous feed, a piece of VEVENTs at a time (`events`),
    then the events gone from the chronology (`withdrawn`). `zones` gains the zones and years a
    cancelled event kept from it names; `stamp` is the export's DTSTAMP line.

    Raises:
        FormatError: for a previous feed that is not one of ours or is damaged, on creation.
    """

    def __init__(
        self,
        previous: Feed,
        zones: dict[str, set[int]],
        *,
        stamp: str,
        drop_removed: bool = False,
        mark_status: bool = True,
    ) -> None:
        self.markers, self.before = read_previous(previous)
        self.zones = zones
        self.now = stamp.partition(":")[2]
        self.drop_removed = drop_removed
        self.mark_status = mark_status
        self.lines = 1  # the lines read so far, with the BEGIN:VCALENDAR they follow

    def events(self, piece: str) -> str:
        """The piece's VEVENTs (whole ones, CRLF-ended lines) revised, each CRLF-ended: an
        unchanged one as the previous feed has it, a changed one a revision higher."""
        found = _blocks(f"BEGIN:VCALENDAR\r\n{piece}END:VCALENDAR", self.lines - 1)[1]
        self.lines += piece.count("\n")
        return "".join([self._revised(block) + "\r\n" for block in found])

    def _revised(self, block: _Block) -> str:
        old = self.before.get(block.key())
        if old is None:
            return block.text
        if (
            content_digest(old.text) == content_digest(block.text)
            and block.sequence() <= old.sequence()  # a carried SEQUENCE may have risen alone
        ):
            return old.text
        return next_revision(block.text, old.text, self.now)

    def withdrawn(self) -> Iterator[str]:
        """The previous feed's events the export has not (each CRLF-ended), cancelled; none
        with `drop_removed`."""
        if self.drop_removed:
            return
        for old in self.before.unseen():
            yield _withdrawn(old, self.now, self.markers, mark_status=self.mark_status) + "\r\n"
            _note_zones(old, self.zones)


def next_revision(text: str, previous: str, now: str) -> str:
    """A changed VEVENT's text (CRLF lines) as the revision after its `previous` text: SEQUENCE
    one above the previous one's (never below its own), DTSTAMP and LAST-MODIFIED at `now` (the
    export's stamp, never the clock) unless the previous text was stamped later, since neither
    may go back. A feed's revisions and `publish`'s updates are made alike by it."""
    old = _Block(previous, previous, 0)
    found = old.value("SEQUENCE") or "0"  # a feed's is checked on reading; a server's may not be
    before = int(found) if found.isdigit() else 0
    return _stamped(_Block(text, text, 0), before + 1, max([now, *_stamps(old)]))


def _stamps(block: _Block) -> list[str]:
    """When the block was last written, as it says (DTSTAMP, LAST-MODIFIED)."""
    found = (block.value("DTSTAMP"), block.value("LAST-MODIFIED"))
    return [stamp for stamp in found if stamp is not None and _STAMP.fullmatch(stamp)]


def _stamped(block: _Block, sequence: int, moment: str) -> str:
    """The block with SEQUENCE (never lower than its own), DTSTAMP and LAST-MODIFIED set."""
    own = block.sequence()
    lines: list[str] = []
    for line in block.lines:
        if line.startswith("DTSTAMP:"):
            lines += (f"DTSTAMP:{moment}", f"LAST-MODIFIED:{moment}")
        elif line.startswith("SEQUENCE:"):
            lines.append(f"SEQUENCE:{max(own, sequence)}")
        elif not line.startswith("LAST-MODIFIED:"):
            lines.append(line)
    return "\r\n".join(lines)


def _withdrawn(old: _Block, now: str, markers: frozenset[str], *, mark_status: bool) -> str:
    """An event gone from the chronology, as subscribers must see it: cancelled, a revision
    higher. One the previous feed already cancelled is kept as it was."""
    if old.value("STATUS") == "CANCELLED":
        return old.text
    title = old.value("SUMMARY") or ""
    was = (old.value(f"{X}STATUS") or "").lower()
    if MARK_STATUS in markers:
        title = next(
            (
                title[len(m) :]
                for s, m in STATUS_MARKS.items()
                if s.value == was and title.startswith(m)
            ),
            title,
        )
    if mark_status:
        title = _CANCELLED_MARK + title
    lines = _without(old.lines, ("SUMMARY", "STATUS", f"{X}STATUS"))
    at = lines.index("END:VEVENT") if "END:VEVENT" in lines else len(lines)
    lines[at:at] = [fold(f"SUMMARY:{title}"), "STATUS:CANCELLED"]
    return next_revision("\r\n".join(lines), old.text, now)


def _without(lines: Iterable[str], names: tuple[str, ...]) -> list[str]:
    """The lines less the named properties (with their folded continuations)."""
    kept: list[str] = []
    dropping = False
    for line in lines:
        if line.startswith((" ", "\t")):
            if not dropping:
                kept.append(line)
            continue
        dropping = any(line.startswith((name + ":", name + ";")) for name in names)
        if not dropping:
            kept.append(line)
    return kept


def _note_zones(old: _Block, zones: dict[str, set[int]]) -> None:
    """Add the zones (and years) a kept event's DTSTART and DTEND name, so VTIMEZONEs follow."""
    for found in _TZID.finditer(old.text.replace("\r\n ", "")):
        key, year = found.group(1) or found.group(2), int(found.group(3))
        try:
            ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            raise _damaged(f"no zone is named {key!r}", old.line, ProblemCode.ZONE) from None
        zones.setdefault(key, set()).add(year)
