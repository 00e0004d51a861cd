"""`publish`: a timeline kept in a CalDAV calendar collection, one resource per event.

A calendar server is shared: other people and apps write to the same collection, and each
write a subscriber's client sees costs it a sync. So a publish reads what the collection
holds first, writes only what differs (a resource compared without its DTSTAMP, which moves
whenever any event does), writes with the ETag it saw (a change made on the server meanwhile
is a located 412, never overwritten), and removes only resources this library made.

python-caldav is an optional extra, imported when a publish runs, so `import timeline` and
every other command do not pay for it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, TYPE_CHECKING, Any, Final
from urllib.parse import quote, urlsplit

from timeline._errors import Location, Problem, ProblemCode, TimelineError, counted
from timeline._model import Timeline

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

__all__ = ["PASSWORD_VARIABLE", "PublishError", "PublishReport", "password_from", "publish"]

#: The environment variable a password is read from (never the command line, which `ps` shows).
PASSWORD_VARIABLE: Final = "TIMELINE_CALDAV_PASSWORD"
_INSTALL: Final = "pip install 'timeline-chronology[caldav]'"
#: What our writer puts in every calendar it makes, and so how our resources are told apart.
_OURS: Final = "X-TIMELINE-MARKERS:"
_DEFAULT_DOMAIN: Final = "timeline.invalid"
#: A resource's content as we wrote it, hashed: servers built on vobject (Radicale) rewrite
#: what they store, keeping only the first of an X- property's comma-separated values and
#: escaping its semicolons, so what comes back cannot be compared with what we would send.
_CONTENT: Final = "X-TIMELINE-CONTENT:"
#: What to do about a server that answers, but slowly.
_SLOW: Final = "a slow server may need a longer --timeout"
_TZID: Final = re.compile(r';TZID=(?:"([^"]*)"|([^;:]*))')


@dataclass(frozen=True, slots=True)
class PublishReport:
    """What a publish did, by UID: `str()` is the line the command prints.

    `cancelled` says the events gone from the chronology were kept, marked cancelled
    (`keep_removed`), rather than deleted; they are in `removed` either way.
    """

    url: str
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    cancelled: bool = False

    @property
    def writes(self) -> int:
        """How many resources were written or deleted."""
        return len(self.created) + len(self.updated) + len(self.removed)

    def __str__(self) -> str:
        gone = "cancelled" if self.cancelled else "removed"
        return (
            f"created {counted(len(self.created), 'event')}, updated {len(self.updated)}, "
            f"{gone} {len(self.removed)}, unchanged {len(self.unchanged)}"
        )


class PublishError(TimelineError):
    """A calendar server refused a publish or could not be reached; `problem` says where and
    what to do, and `done` what had already been published when it stopped."""

    def __init__(self, url: str, message: str, hint: str, done: PublishReport | None) -> None:
        self.done = done
        if done is not None and done.writes:
            message = f"{message}; already published before it stopped: {done}"
        self.problem = Problem(message, Location(file=url), hint, ProblemCode.SERVER)
        super().__init__(str(self.problem))


@dataclass(slots=True)
class _Remote:
    """One resource the collection holds: where, its ETag, its content."""

    url: str
    etag: str | None
    data: str


@dataclass(slots=True)
class _Progress:
    """The writes done so far, for the report and for an error midway."""

    url: str
    cancelled: bool
    done: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "removed": [], "unchanged": []}
    )

    def report(self) -> PublishReport:
        lists = {name: tuple(sorted(uids)) for name, uids in self.done.items()}
        return PublishReport(self.url, cancelled=self.cancelled, **lists)


def password_from(path: str | None) -> str | None:
    """The password in the file `path` (its first line), else in `TIMELINE_CALDAV_PASSWORD`."""
    if path is None:
        return os.environ.get(PASSWORD_VARIABLE)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise PublishError(
            path, f"cannot read the password file: {reason}", "name a readable file", None
        ) from None
    return text.splitlines()[0] if text.strip() else ""


def publish(
    timeline: Timeline,
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    keep_removed: bool = False,
    domain: str | None = None,
    timeout: int = 30,
) -> PublishReport:
    """Make the CalDAV calendar collection at `url` hold the timeline's events.

    One resource per event, named by its UID (`id@domain`, as `to_ics` writes it): what is
    new is created, what changed (compared without DTSTAMP) is updated with the ETag it was
    read with, and what left the chronology is deleted, or kept with `STATUS:CANCELLED` when
    `keep_removed`. Only resources this library made are ever removed. Nothing unchanged is
    written, so publishing twice sends no write the second time. `domain` is `to_ics`'s
    (default timeline.invalid); `timeout` is in seconds, for each request (`--timeout`).

    Raises:
        PublishError: the server refused (wrong password, no such collection, a resource
            changed meanwhile) or could not be reached; its `done` says what was published.
    """
    domain = domain or _DEFAULT_DOMAIN
    target = _collection_url(url)
    with _resources(timeline, domain) as resources:
        progress = _Progress(target, keep_removed)
        client = _client(target, user, password, timeout)
        with _answered(target, progress):
            remote = _held(client, target)
            for uid in sorted(resources):  # each resource made as it is sent
                _send(client, target, uid, resources[uid], remote.get(uid), progress)
            for uid, held in sorted(remote.items()):
                if uid not in resources and _made_by_us(uid, held, domain):
                    _retire(client, uid, held, progress)
    return progress.report()


def _collection_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(
            url,
            "not the address of a calendar collection",
            "give its http:// or https:// address, such as https://dav.example.org/alice/cal/",
            None,
        )
    if parts.password is not None:  # it would show in `ps`, shell history and our messages
        raise PublishError(
            url.replace(f":{parts.password}@", ":***@"),
            "the address holds a password",
            f"take it out: give --user, and the password in {PASSWORD_VARIABLE} or a file",
            None,
        )
    return url if url.endswith("/") else url + "/"


def _caldav() -> Any:
    """python-caldav, or a located error that says how to install it."""
    try:
        import caldav
    except ImportError:
        raise PublishError(
            "caldav", "publishing needs python-caldav, which is not installed", _INSTALL, None
        ) from None
    return caldav


def _client(url: str, user: str | None, password: str | None, timeout: int) -> DAVClient:
    client: DAVClient = _caldav().DAVClient(
        url=url,
        username=user,
        password=password,
        timeout=timeout,
        enable_rfc6764=False,  # the address is the collection's: no DNS discovery
        require_tls=False,  # a server on this machine or a private network speaks http
    )
    return client


def _resources(timeline: Timeline, domain: str) -> _Resources:
    """Each UID's resource: the calendar `to_ics` writes, cut into one VCALENDAR per UID with
    the calendar's own properties and the VTIMEZONEs its events name."""
    from timeline.formats._ics import ics_chunks

    spool = SpooledTemporaryFile(max_size=_SPOOLED)  # noqa: SIM115 - `_Resources` closes it
    try:
        for piece in ics_chunks(timeline, domain=domain):
            spool.write(piece)
        spool.seek(0)
        return _Resources(spool, *_index(spool))
    except BaseException:
        spool.close()
        raise


#: The calendar's bytes a publish keeps in memory before it moves them to a temporary file.
_SPOOLED: Final = 16 * 1024 * 1024


class _Resources(Mapping[str, str]):
    """Each UID's resource, by UID in order, made when it is asked for from the calendar
    spooled as `to_ics` made it (in memory while small, else a temporary file): only the
    calendar's head, its VTIMEZONEs and where each UID's VEVENTs lie are held, so a publish
    holds one resource at a time whatever the size of the calendar. Closed as a context."""

    def __init__(
        self, spool: IO[bytes], head: str, zones: dict[str, str], where: dict[str, list[int]]
    ) -> None:
        self._spool, self._head, self._zones, self._where = spool, head, zones, where

    def __getitem__(self, uid: str) -> str:
        spans = self._where[uid]
        blocks = [self._read(spans[n], spans[n + 1]) for n in range(0, len(spans), 2)]
        named = {m.group(1) or m.group(2) for b in blocks for m in _TZID.finditer(_unfold(b))}
        head = self._head
        zones = (self._zones[tzid] for tzid in sorted(named) if tzid in self._zones)
        text = "".join([head, *zones, *blocks]) + "END:VCALENDAR\r\n"
        return f"{head}{_CONTENT}{_digest(text)}\r\n{text[len(head) :]}"

    def _read(self, start: int, end: int) -> str:
        self._spool.seek(start)
        return self._spool.read(end - start).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, uid: object) -> bool:
        return uid in self._where

    def __enter__(self) -> _Resources:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()


def _index(spool: IO[bytes]) -> tuple[str, dict[str, str], dict[str, list[int]]]:
    """The calendar's head (its own lines, CRLF-ended), its VTIMEZONEs by TZID, and where each
    UID's VEVENTs lie in it (start and end offsets, in turn): one pass over its lines, holding
    one component at a time."""
    from timeline.formats._ics._blocks import property_value

    head: list[str] = []
    zones: dict[str, str] = {}
    where: dict[str, list[int]] = {}
    depth = start = end = begun = 0
    component: list[bytes] = []  # the lines of the component read, inside the calendar
    for line in spool:
        begins, ends = line.startswith(b"BEGIN:"), line.startswith(b"END:")
        start, end = end, end + len(line)
        depth += begins - ends
        if depth >= 2 or (ends and depth == 1):
            if not component:
                begun = start
            component.append(line)
            if depth == 1:  # a component directly inside the calendar ends
                text = b"".join(component).decode("utf-8")
                component.clear()
                if text.startswith("BEGIN:VTIMEZONE"):
                    zones[property_value(text, "TZID") or ""] = text
                elif text.startswith("BEGIN:VEVENT"):
                    where.setdefault(property_value(text, "UID") or "", []).extend((begun, end))
        elif depth == 1 and line != b"\r\n":
            head.append(line.decode("utf-8"))
    return "".join(head), zones, where


def _digest(text: str) -> str:
    """What a resource says, without DTSTAMP (and SEQUENCE, LAST-MODIFIED), as a hash the
    server keeps as we wrote it: the calendar package's, which revisions compare by too."""
    from timeline.formats._ics._revisions import content_digest

    return content_digest(text)


def _blocks(text: str) -> tuple[str, dict[str, str], list[str]]:
    """The calendar's head, its VTIMEZONEs by TZID, its VEVENTs, each as CRLF-ended text."""
    from timeline.formats._ics._blocks import blocks

    head, found = blocks(text)
    zones = {b.value("TZID") or "": b.text + "\r\n" for b in found if b.name == "VTIMEZONE"}
    events = [b.text + "\r\n" for b in found if b.name == "VEVENT"]
    return "".join(f"{line}\r\n" for line in head), zones, events


def _property(text: str, name: str) -> str:
    """The first value of a property in a component's text (unfolded), else ""."""
    from timeline.formats._ics._blocks import property_value

    return property_value(text, name) or ""


def _unfold(text: str) -> str:
    from timeline.formats._ics._blocks import unfolded

    return unfolded(text)


def _held(client: DAVClient, url: str) -> dict[str, _Remote]:
    """Each event the collection holds, by UID, with its ETag, in one REPORT."""
    from caldav.elements import dav

    calendar = _caldav().Calendar(client=client, url=url)
    held = {}
    for item in calendar.search(event=True):
        data = str(item.data)
        etag = item.props.get(dav.GetEtag.tag) if hasattr(item, "props") else None
        held[_property(data, "UID")] = _Remote(str(item.url), etag, data)
    return held


def _made_by_us(uid: str, held: _Remote, domain: str) -> bool:
    """Whether a resource is ours to remove: our UID and our writer's marker, both."""
    return uid.lower().endswith(f"@{domain.lower()}") and _OURS in _unfold(held.data).upper()


def _send(
    client: DAVClient,
    collection: str,
    uid: str,
    data: str,
    held: _Remote | None,
    progress: _Progress,
) -> None:
    """Create or update one resource, or count it unchanged."""
    if held is None:
        url = collection + quote(uid, safe="@") + ".ics"
        _written(client, "PUT", url, data, {"If-None-Match": "*"})
        progress.done["created"].append(uid)
    elif _changed(held.data, data):
        _written(client, "PUT", held.url, _revision_after(held.data, data), _if_match(held))
        progress.done["updated"].append(uid)
    else:
        progress.done["unchanged"].append(uid)


def _revision_after(held: str, data: str) -> str:
    """`data` as the revision after the held copy, each event as a feed's revision is made
    (`_revisions.next_revision`): SEQUENCE above the held one's (RFC 5545 lets it only increase,
    and calendar apps apply an update only when it rose, an event cancelled by `keep_removed`
    and brought back included), DTSTAMP and LAST-MODIFIED at the export's stamp (from
    SOURCE_DATE_EPOCH, else the timeline's dates: never the clock). The content hash leaves
    all three out, so an update changes it not."""
    from timeline.formats._ics._revisions import next_revision

    before = _events_by_key(held)
    for block in _blocks(data)[2]:
        old = before.get(_key(block))
        if old is not None:
            stamp = _property(block, "DTSTAMP")
            data = data.replace(block, next_revision(block[:-2], old, stamp) + "\r\n", 1)
    return data


def _events_by_key(data: str) -> dict[tuple[str, str], str]:
    """A resource's events by UID and RECURRENCE-ID, as the server gave them (any line ends);
    none if it cannot be cut into components."""
    from timeline.formats._ics._blocks import UnbalancedError

    try:
        events = _blocks(re.sub(r"\r?\n", "\r\n", data))[2]
    except UnbalancedError:
        return {}
    return {_key(block): block for block in events}


def _key(block: str) -> tuple[str, str]:
    return (_property(block, "UID"), _property(block, "RECURRENCE-ID"))


def _retire(client: DAVClient, uid: str, held: _Remote, progress: _Progress) -> None:
    """Delete a resource gone from the chronology, or mark it cancelled (`keep_removed`)."""
    if not progress.cancelled:
        _written(client, "DELETE", held.url, "", _if_match(held))
        progress.done["removed"].append(uid)
        return
    data = _cancelled(held.data)
    if data is not None:
        _written(client, "PUT", held.url, data, _if_match(held))
        progress.done["removed"].append(uid)


def _if_match(held: _Remote) -> dict[str, str]:
    return {} if held.etag is None else {"If-Match": held.etag}


def _cancelled(data: str) -> str | None:
    """The resource with every event `STATUS:CANCELLED` and its SEQUENCE raised; None if
    it already says so (nothing to write)."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    if all(str(event.get("STATUS", "")).upper() == "CANCELLED" for event in events):
        return None
    calendar.pop(_CONTENT[:-1], None)  # else an event brought back would seem unchanged
    for event in events:
        event["STATUS"] = "CANCELLED"
        event["SEQUENCE"] = int(event.get("SEQUENCE", 0)) + 1
    return bytes(calendar.to_ical()).decode("utf-8")


def _changed(held: str, data: str) -> bool:
    """Whether a resource differs from what we would send: by the hash of its content we
    wrote into it, else (a resource without one) by its content itself."""
    hashed = _property(held, _CONTENT[:-1])
    if hashed:
        return hashed != _property(data, _CONTENT[:-1])
    return _content(held) != _content(data)


def _content(data: str) -> tuple[object, ...]:
    """A resource's content as the server may give it back (re-folded, properties reordered,
    LF line ends), without DTSTAMP: two resources with the same content are equal."""
    import icalendar

    return _component(icalendar.Calendar.from_ical(data))


def _component(component: Any) -> tuple[object, ...]:
    properties = []
    for name, value in component.items():
        if name == "DTSTAMP":
            continue
        for one in value if isinstance(value, list) else [value]:
            given = getattr(one, "params", {})
            params = tuple(sorted((key, str(item)) for key, item in given.items()))
            written = one.to_ical() if hasattr(one, "to_ical") else str(one)
            text = written.decode("utf-8") if isinstance(written, bytes) else str(written)
            properties.append((name, params, text))
    inner = sorted(_component(sub) for sub in component.subcomponents)
    return (component.name, tuple(sorted(properties)), tuple(inner))


class _RefusedError(Exception):
    """A write the server answered with an error status."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, status)
        self.url = url
        self.status = status


def _written(
    client: DAVClient, method: str, url: str, body: str, headers: Mapping[str, str]
) -> None:
    """One PUT or DELETE, refused unless the server says it was done."""
    if body:
        headers = {"Content-Type": "text/calendar; charset=utf-8", **headers}
    status = client.request(url, method, body, dict(headers)).status
    if not (200 <= status < 300 or (method == "DELETE" and status == 404)):  # 404: gone already
        raise _RefusedError(url, status)


#: What each refusal means and what to do, by HTTP status.
_STATUS: Final[Mapping[int, tuple[str, str]]] = {
    401: (
        "the server refused the user name or password (401)",
        f"check --user and the password in {PASSWORD_VARIABLE} or --password-file",
    ),
    403: (
        "the server forbids this user to write here (403)",
        "publish to a calendar this user may write, or ask its owner for access",
    ),
    404: (
        "no calendar collection at this address (404)",
        "check the address, or create the calendar first (in the server's web page or an app)",
    ),
    412: (
        "an event changed on the server while publishing (412); it was not overwritten",
        "publish again: it reads the calendar anew and updates what differs",
    ),
}


@contextmanager
def _answered(url: str, progress: _Progress) -> Iterator[None]:
    """Every way a server can fail, as a `PublishError` saying what was already published."""
    from caldav.lib import error as dav_error

    try:
        yield
    except _RefusedError as refusal:
        raise _failure(refusal.url, refusal.status, f"HTTP {refusal.status}", progress) from None
    except dav_error.DAVError as error:
        reason = str(getattr(error, "reason", "") or "")
        status = 404 if isinstance(error, dav_error.NotFoundError) else 0
        if isinstance(error, dav_error.AuthorizationError):
            status = 403 if "forbidden" in reason.lower() else 401
        where = str(getattr(error, "url", None) or url)
        raise _failure(where if "://" in where else url, status, reason, progress) from None
    except OSError as error:
        timed_out = isinstance(error, TimeoutError) or "timeout" in type(error).__name__.lower()
        hint = "check the address and port, and that the server is running; then publish again"
        if timed_out:
            message, hint = "the server did not answer in time", f"{hint} ({_SLOW})"
        else:
            message = f"cannot connect: {_reason(error)}"
        raise PublishError(url, message, hint, progress.report()) from None


def _failure(url: str, status: int, reason: str, progress: _Progress) -> PublishError:
    message, hint = _STATUS.get(
        status, (f"the server refused: {reason}", "see the server's log, then publish again")
    )
    return PublishError(url, message, hint, progress.report())


def _reason(error: OSError) -> str:
    """The innermost cause's words ("Connection refused"), not the HTTP library's chain."""
    text = str(error)
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return found.group(1) if found else (error.strerror or type(error).__name__)
