"""`timeline publish` against a real CalDAV server: Radicale, started on a free localhost port
with its storage in a temporary folder and htpasswd logins, for this module alone."""

from __future__ import annotations

import inspect
import itertools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import chronology, event, rich
from timeline import Place, ProblemCode, PublishError, PublishReport, Source, Timeline, Vote
from timeline._cli import main
from timeline._model import Kind
from timeline._publish import _blocks, _resources

USER, PASSWORD = "alice", "correct horse"
FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//EN\r\nBEGIN:VEVENT\r\n"
    "UID:dentist@example.org\r\nDTSTAMP:20221001T000000Z\r\nDTSTART;VALUE=DATE:20221014\r\n"
    "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
_names = itertools.count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def radicale_config(folder: Path, port: int) -> Path:
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        "[rights]\ntype = owner_only\n"  # alice may make and write collections under /alice/
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[web]\ntype = none\n[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server's address, stopped after the module's tests."""
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    config = radicale_config(folder, port)
    with (folder / "log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "-C", str(config)], stdout=log, stderr=log
        )
    try:
        for _ in range(200):  # up to 20 s on a loaded machine; it takes about one
            assert process.poll() is None, (folder / "log").read_text(encoding="utf-8")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def client(url: str, password: str = PASSWORD) -> DAVClient:
    return DAVClient(
        url=url, username=USER, password=password, enable_rfc6764=False, require_tls=False
    )


@pytest.fixture
def calendar(server: str) -> str:
    """A new, empty calendar collection of alice's, made with MKCALENDAR."""
    url = f"{server}/{USER}/calendar-{next(_names)}/"
    client(url).mkcalendar(url)
    return url


def held(url: str) -> dict[str, str]:
    """What the collection holds, read with caldav: each resource's UID and content."""
    found: list[Any] = Calendar(client=client(url), url=url).search(event=True)  # type: ignore[assignment]
    return {line.split(":", 1)[1]: str(item.data) for item in found for line in lines(item)}


def lines(item: Any) -> list[str]:
    return [line for line in str(item.data).splitlines() if line.startswith("UID:")]


def merged(resources: Iterable[str]) -> Timeline:
    """Resources joined into one calendar again, read by our own reader."""
    heads, zones, events = set(), {}, []
    for data in resources:
        head, its_zones, its_events = _blocks(data.replace("\r\n", "\n").replace("\n", "\r\n"))
        heads.add(head)
        zones.update(its_zones)
        events += its_events
    text = min(heads) + "".join(zones[key] for key in sorted(zones)) + "".join(events)
    return timeline.loads(text + "END:VCALENDAR\r\n", format="ics")


def on_server(url: str) -> dict[str, icalendar.cal.Component]:
    """The events the collection holds, by UID, read with icalendar."""
    return {
        uid: next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
        for uid, data in held(url).items()
    }


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The PUT and DELETE requests any caldav client sends, as "METHOD url"."""
    sent: list[str] = []
    original = DAVClient.request

    def request(self: DAVClient, url: str, method: str = "GET", *args: Any, **kw: Any) -> Any:
        if method in ("PUT", "DELETE"):
            sent.append(f"{method} {url}")
        return original(self, url, method, *args, **kw)

    monkeypatch.setattr(DAVClient, "request", request)
    return sent


def three() -> Timeline:
    return chronology(
        event("cica-summit", "2022-10-13", title="Sixth CICA summit"),
        event("cis-summit", "2022-10-14", title="CIS heads of state meet"),
        event("putin-visit", "2022-11-28", title="Putin in Astana"),
    )


def publish(chosen: Timeline, url: str, **options: Any) -> PublishReport:
    return timeline.publish(chosen, url, user=USER, password=PASSWORD, **options)


def test_publish_creates_then_updates_only_what_changed_then_writes_nothing(
    calendar: str, writes: list[str]
) -> None:
    first = publish(three(), calendar)
    assert str(first) == "created 3 events, updated 0, removed 0, unchanged 0"
    assert first.created == tuple(
        f"{name}@timeline.invalid" for name in ("cica-summit", "cis-summit", "putin-visit")
    )
    back = on_server(calendar)
    assert sorted(back) == sorted(first.created)
    assert str(back["putin-visit@timeline.invalid"]["SUMMARY"]) == "Putin in Astana"
    moved = three().events[2].model_copy(update={"when": timeline.When.parse("2022-11-29")})
    changed = chronology(*three().events[:2], moved)
    second = publish(changed, calendar)
    assert str(second) == "created 0 events, updated 1, removed 0, unchanged 2"
    assert second.updated == ("putin-visit@timeline.invalid",)
    again = on_server(calendar)["putin-visit@timeline.invalid"]
    assert again.decoded("DTSTART") == date(2022, 11, 29)
    assert again["SEQUENCE"] == 1  # subscribers apply an update only when SEQUENCE rose
    del writes[:]
    third = publish(changed, calendar)
    assert str(third) == "created 0 events, updated 0, removed 0, unchanged 3"
    assert writes == []


def moved_visit(day: str) -> Timeline:
    moved = three().events[2].model_copy(update={"when": timeline.When.parse(day)})
    return chronology(*three().events[:2], moved)


def test_an_update_is_stamped_last_modified_from_source_date_epoch(
    calendar: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    publish(three(), calendar)
    assert "LAST-MODIFIED" not in on_server(calendar)["putin-visit@timeline.invalid"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert publish(moved_visit("2022-11-29"), calendar).updated == ("putin-visit@timeline.invalid",)
    back = on_server(calendar)
    updated = back["putin-visit@timeline.invalid"]
    assert updated["LAST-MODIFIED"].to_ical() == updated["DTSTAMP"].to_ical() == b"20270115T080000Z"
    assert updated["SEQUENCE"] == 1
    assert "LAST-MODIFIED" not in back["cica-summit@timeline.invalid"]  # unchanged: not written


def test_without_source_date_epoch_an_update_is_stamped_with_the_timelines_date(
    calendar: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    publish(three(), calendar)
    revised = moved_visit("2022-11-29").model_copy(update={"updated": date(2023, 2, 1)})
    publish(revised, calendar)
    updated = on_server(calendar)["putin-visit@timeline.invalid"]
    assert updated["LAST-MODIFIED"].to_ical() == b"20230201T000000Z"  # never the clock
    earlier = moved_visit("2022-11-30").model_copy(update={"updated": date(2023, 1, 1)})
    publish(earlier, calendar)
    again = on_server(calendar)["putin-visit@timeline.invalid"]
    assert again["LAST-MODIFIED"].to_ical() == b"20230201T000000Z"  # a stamp never goes back
    assert again["SEQUENCE"] == 2


@pytest.mark.parametrize("keep", [False, True])
def test_an_event_gone_from_the_chronology_is_removed_or_cancelled(
    calendar: str, writes: list[str], keep: bool
) -> None:
    publish(three(), calendar)
    report = publish(chronology(*three().events[:2]), calendar, keep_removed=keep)
    assert report.removed == ("putin-visit@timeline.invalid",)
    gone = "cancelled" if keep else "removed"
    assert str(report) == f"created 0 events, updated 0, {gone} 1, unchanged 2"
    back = on_server(calendar)
    if keep:
        assert str(back["putin-visit@timeline.invalid"]["STATUS"]) == "CANCELLED"
        assert back["putin-visit@timeline.invalid"]["SEQUENCE"] == 1
    else:
        assert "putin-visit@timeline.invalid" not in back
    del writes[:]
    assert publish(chronology(*three().events[:2]), calendar, keep_removed=keep).writes == 0
    assert writes == []


def test_a_cancelled_event_brought_back_is_restored(calendar: str) -> None:
    publish(three(), calendar)
    publish(chronology(*three().events[:2]), calendar, keep_removed=True)
    report = publish(three(), calendar, keep_removed=True)
    assert report.updated == ("putin-visit@timeline.invalid",)
    restored = on_server(calendar)["putin-visit@timeline.invalid"]
    assert restored.get("STATUS") != "CANCELLED"
    assert restored["SEQUENCE"] == 2  # above the cancelled copy's 1: SEQUENCE never decreases
    assert publish(three(), calendar, keep_removed=True).writes == 0


def test_an_unreadable_password_file_is_located(
    chronology_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "no-such-file")
    err = failure(
        capsys, str(chronology_file), "--to", "http://127.0.0.1:9/", "--password-file", missing
    )
    assert f"error: {missing}: cannot read the password file: No such file or directory" in err


def test_each_resource_is_one_uid_and_together_they_are_the_chronology() -> None:
    with _resources(rich(), "example.org") as resources:
        assert sorted(resources) == sorted(f"{item.id}@example.org" for item in rich())
        for uid, data in resources.items():
            assert data.count("BEGIN:VEVENT") == 1
            assert f"UID:{uid}" in data
            named = {
                line.split("TZID=")[1].split(":")[0]
                for line in data.splitlines()
                if "TZID=" in line
            }
            assert data.count("BEGIN:VTIMEZONE") == len(named)
        assert merged(resources.values()) == rich()


def test_our_reader_reads_back_what_the_server_holds(calendar: str) -> None:
    publish(rich(), calendar)
    assert merged(held(calendar).values()) == rich()


#: Text with what TEXT escapes; no quotes, which caldav's reading takes the backslashes before
#: (caldav.lib.vcal.fix), in SUMMARY as much as in our properties.
TRICKY = st.text(alphabet=",;\\ aZé:", min_size=1, max_size=12).filter(
    lambda text: text.strip() == text and "  " not in text
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    participants=st.lists(st.sampled_from(["AM", "AZ", "CSTO", "RU"]), min_size=2, unique=True),
    found=st.lists(st.tuples(TRICKY, TRICKY), min_size=1, max_size=2),
    name=TRICKY,
    body=TRICKY,
)
def test_commas_and_semicolons_in_our_x_properties_come_back_from_the_server(
    calendar: str, participants: list[str], found: list[tuple[str, str]], name: str, body: str
) -> None:
    # Radicale keeps what vobject makes of a file: a bare `,` cuts a value short there
    chosen = chronology(
        event(
            "talks",
            "2022-08~",
            title=f"Talks {name}",
            participants=tuple(participants),
            place=Place(name=name, country="KZ", timezone="Asia/Almaty"),
            sources=tuple(Source(publisher=who, title=what) for who, what in found),
            kind=Kind.VOTE,
            vote=Vote(body=body, yes=1, no=2, abstain=0, positions={"RU": "no", "KZ": "yes"}),
        ),
        organisations={"ZZX": f"{body}, {name}"},
    )
    publish(chosen, calendar)
    assert merged(held(calendar).values()) == chosen


def test_an_event_someone_else_put_in_the_calendar_is_left_alone(calendar: str) -> None:
    client(calendar).put(f"{calendar}dentist.ics", FOREIGN, {"Content-Type": "text/calendar"})
    publish(three(), calendar)
    report = publish(chronology(three().events[0]), calendar)
    assert len(report.removed) == 2
    assert sorted(held(calendar)) == ["cica-summit@timeline.invalid", "dentist@example.org"]
    assert "SUMMARY:Dentist" in held(calendar)["dentist@example.org"]


def test_a_change_on_the_server_meanwhile_is_a_located_412_not_an_overwrite(
    calendar: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(three(), calendar)
    original = DAVClient.request
    edited: list[str] = []

    def request(self: DAVClient, url: str, method: str = "GET", *args: Any, **kw: Any) -> Any:
        if method == "PUT" and "putin-visit" in str(url) and not edited:
            edited.append(str(url))  # another app edits it between our read and our write
            original(
                self,
                url,
                "PUT",
                FOREIGN.replace("dentist@example.org", "putin-visit@timeline.invalid"),
                {},
            )
        return original(self, url, method, *args, **kw)

    monkeypatch.setattr(DAVClient, "request", request)
    renamed = [item.model_copy(update={"title": item.title + "!"}) for item in three().events]
    with pytest.raises(PublishError) as caught:
        publish(chronology(*renamed), calendar)
    problem = caught.value.problem
    assert problem.code is ProblemCode.SERVER
    assert problem.location.file == edited[0]
    assert edited[0].startswith(calendar)
    assert "412" in problem.message
    assert "not overwritten" in problem.message
    assert "already published before it stopped: created 0 events, updated 2" in problem.message
    assert caught.value.done is not None
    assert len(caught.value.done.updated) == 2
    monkeypatch.undo()
    assert "SUMMARY:Dentist" in held(calendar)["putin-visit@timeline.invalid"]


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def chronology_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.json"
    path.write_text(timeline.to_json(three()), encoding="utf-8")
    return path


def test_the_command_publishes_with_the_password_from_the_environment(
    calendar: str,
    chronology_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMELINE_CALDAV_PASSWORD", PASSWORD)
    status, out, err = run(
        "publish", str(chronology_file), "--to", calendar, "--user", USER, capsys=capsys
    )
    assert (status, err) == (0, "")
    assert out == f"{calendar}: created 3 events, updated 0, removed 0, unchanged 0\n"
    status, out, _ = run(
        "publish", str(chronology_file), "--to", calendar, "--user", USER, capsys=capsys
    )
    assert out.endswith(": created 0 events, updated 0, removed 0, unchanged 3\n")


def failure(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status, out, err = run("publish", *args, capsys=capsys)
    assert (status, out) == (1, "")
    assert err.startswith("error: "), err
    assert len(err.splitlines()) == 2, err  # the located message and its hint
    assert "Traceback" not in err
    return err


def test_a_wrong_password_from_a_file_is_a_located_error(
    calendar: str, chronology_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password"
    secret.write_text("wrong one\n", encoding="utf-8")
    err = failure(
        capsys,
        str(chronology_file),
        "--to",
        calendar,
        "--user",
        USER,
        "--password-file",
        str(secret),
    )
    assert f"error: {calendar}: the server refused the user name or password (401)" in err
    assert "hint: check --user" in err
    assert "wrong one" not in err
    assert held(calendar) == {}


def test_a_missing_collection_is_a_located_404(
    server: str,
    chronology_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMELINE_CALDAV_PASSWORD", PASSWORD)
    missing = f"{server}/{USER}/no-such-calendar/"
    err = failure(capsys, str(chronology_file), "--to", missing, "--user", USER)
    assert f"{missing}: no calendar collection at this address (404)" in err
    assert "create the calendar first" in err


def test_another_users_calendar_is_forbidden(
    server: str,
    chronology_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMELINE_CALDAV_PASSWORD", PASSWORD)
    err = failure(capsys, str(chronology_file), "--to", f"{server}/bob/calendar/", "--user", USER)
    assert "forbids this user to write here (403)" in err


def test_a_closed_port_is_a_located_refusal(
    chronology_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/{USER}/calendar/"
    err = failure(capsys, str(chronology_file), "--to", url)
    assert f"error: {url}: cannot connect: Connection refused" in err
    assert "that the server is running" in err


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:  # listens, never accepts: the connection hangs
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/{USER}/calendar/"
        with pytest.raises(PublishError, match="did not answer in time") as caught:
            timeline.publish(three(), url, timeout=1)
    assert caught.value.problem.location.file == url


@pytest.fixture
def silent_server() -> Iterator[str]:
    """The address of a server that accepts each connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(listener.accept()[0])  # kept open, never read or answered
            except OSError:  # closed: the test is over
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/{USER}/calendar/"
    finally:
        done.set()
        listener.close()
        for connection in held:
            connection.close()


def test_the_command_gives_up_on_a_silent_server_after_its_timeout(
    silent_server: str, chronology_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = failure(capsys, str(chronology_file), "--to", silent_server, "--timeout", "1")
    assert err.startswith(f"error: {silent_server}: the server did not answer in time\n")
    assert "a longer --timeout" in err


@pytest.mark.parametrize("given", ["0", "-3", "soon", "1.5"])
def test_a_timeout_that_is_no_whole_number_of_seconds_is_a_usage_error(
    given: str, chronology_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["publish", str(chronology_file), "--to", "http://127.0.0.1:9/", "--timeout", given])
    assert caught.value.code == 2
    assert "is not a whole number of seconds, 1 or more" in capsys.readouterr().err


def test_the_commands_default_timeout_is_the_librarys(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["publish", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    default = inspect.signature(timeline.publish).parameters["timeout"].default
    assert (
        f"--timeout SECONDS how long to wait for each answer of the server (default {default})"
        in shown
    )


def test_the_password_is_never_an_option(chronology_file: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["publish", str(chronology_file), "--to", "http://127.0.0.1:9/", "--password", "x"])
    assert caught.value.code == 2


def test_a_missing_caldav_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "caldav", None)
    with pytest.raises(PublishError) as caught:
        timeline.publish(three(), "http://127.0.0.1:9/cal/")
    assert "pip install 'timeline-chronology[caldav]'" in str(caught.value)


def test_an_address_that_is_no_url_is_refused() -> None:
    with pytest.raises(PublishError, match="not the address of a calendar collection"):
        timeline.publish(three(), "calendar.example.org/alice")


def test_a_password_in_the_address_is_refused_and_not_repeated() -> None:
    with pytest.raises(PublishError, match="the address holds a password") as caught:
        timeline.publish(three(), "http://alice:hunter2@127.0.0.1:9/cal/")
    assert "hunter2" not in str(caught.value)


def test_importing_timeline_does_not_import_caldav() -> None:
    code = "import sys, timeline; timeline.publish; print('caldav' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
