"""Our X-TIMELINE properties as the libraries that store calendars write them again.

A CalDAV server or a calendar app does not keep our file: it parses it and writes its own. vobject
(inside Radicale), icalendar, ical.js (Thunderbird) and libical (Evolution, Cyrus) know nothing of
our properties, so each takes them for one TEXT value (RFC 5545 3.8.8.2): vobject keeps what comes
before the first bare `,` alone and escapes a bare `;`; libical writes `\\,` and `\\;` back bare.
So a list is a line a value and a structured value one escaped TEXT value (docs/ics.md); these
tests pass our files through each library and read what it wrote. Files of earlier versions (a
list joined by `,`, fields by bare `;`) still read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import PLACES, chronology, event, source
from timeline import Place, Source, Status, Timeline, Vote, When
from timeline._model import Kind
from timeline.formats._ics import to_ics

JS = Path(__file__).resolve().parent / "js"
#: Text with what TEXT escapes, and a quote (vobject unescapes `\\"`; we never write it).
TRICKY = st.text(alphabet=",;\\\"' aZé:", min_size=1, max_size=16).filter(
    lambda text: text.strip() == text and "  " not in text and bool(text)
)


def tricky(plain: bool = False) -> Timeline:
    """An event with every X-TIMELINE property, its free text full of `,` `;` and `\\`."""
    text: Callable[[str], str] = (lambda words: re.sub(r'[,;\\"]', "", words)) if plain else str
    return chronology(
        event(
            "vote",
            "2022-08~",
            title=text("Vote, at last; \\ held"),
            kind=Kind.VOTE,
            status=Status.POSTPONED,
            place=Place(name=text("Astana, left bank"), country="KZ", timezone="Asia/Almaty"),
            participants=("AM", "AZ", "CSTO", "RU", "ZZX"),
            absent=("KG", "TJ"),
            when_text=text("late August, roughly; maybe"),
            vote=Vote(
                body=text("UN General Assembly; 11th session, resumed"),
                resolution=text("ES-11/4, \\ rev"),
                yes=143,
                no=5,
                abstain=35,
                positions={"RU": "no", "KZ": "abstain"},
            ),
            sources=(
                source(
                    text('Reuters, Inc.; "wire"'),
                    text("Talks, open; now \\ later"),
                    url=text("https://x.org/a?b=c,d;e"),
                    published=When.parse("2022-05-09"),
                ),
                source("TASS", "Plain words"),
            ),
            note=text("A note, with; all \\ of it"),
        ),
        organisations={"ZZX": text("A body, made up; really \\ so")},
        timezone="Asia/Almaty",
    )


def x_lines(text: str) -> list[str]:
    """The X-TIMELINE lines of a calendar, unfolded, in order (libraries sort properties)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return sorted(line for line in unfolded.splitlines() if line.startswith("X-TIMELINE-"))


def read(text: str) -> Timeline:
    return timeline.loads(text, format="ics")


def through_vobject(text: str) -> str:
    written: str = vobject.readOne(text).serialize()
    return written


def through_icalendar(text: str) -> str:
    written: bytes = icalendar.Calendar.from_ical(text).to_ical()
    return written.decode("utf-8")


def through_icaljs(text: str) -> str:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the ical.js check: install nodejs"
    module = JS / "node_modules" / "ical.js" / "dist" / "ical.js"
    assert module.is_file(), "ical.js is not installed: run `make test` (or npm ci in tests/js)"
    script = (
        f"import ICAL from {str(module)!r};"
        "let text = '';"
        "process.stdin.on('data', (chunk) => { text += chunk; });"
        "process.stdin.on('end', () => {"
        "  process.stdout.write(new ICAL.Component(ICAL.parse(text)).toString()); });"
    )
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def through_libical(text: str) -> str:
    """libical's parser and writer, called in the shared library (the one check_ics uses)."""
    name = ctypes.util.find_library("ical")
    assert name is not None, "libical is needed: install libical-dev (`make test` does)"
    lib = ctypes.CDLL(name)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    component = lib.icalparser_parse_string(text.encode("utf-8"))
    assert component, "libical could not parse the file"
    try:
        written: bytes = lib.icalcomponent_as_ical_string(component)
    finally:
        lib.icalcomponent_free(component)
    return written.decode("utf-8")


@pytest.mark.parametrize(
    "through", [through_vobject, through_icalendar, through_icaljs], ids=lambda f: f.__name__
)
def test_vobject_icalendar_and_icaljs_write_our_x_lines_back_as_they_were(
    through: Callable[[str], str],
) -> None:
    data = to_ics(tricky()).decode("utf-8")
    again = through(data)
    assert x_lines(again) == x_lines(data)
    assert read(again) == read(data) == tricky()


def _libical_spelling(line: str) -> str:
    """A line as libical writes an X- property: `\\,` and `\\;` bare, other escapes kept."""
    return re.sub(r"\\(.)", lambda found: found[1] if found[1] in ",;" else found[0], line)


def test_libical_writes_escaped_commas_and_semicolons_bare_and_nothing_else() -> None:
    data = to_ics(tricky()).decode("utf-8")
    written = x_lines(data)
    again = x_lines(through_libical(data))
    assert again == sorted(map(_libical_spelling, written))
    # the lists and codes are a line a value with nothing escaped: libical leaves them alone
    kept = [line for line in written if "\\" not in line]
    assert {"X-TIMELINE-PARTICIPANTS:ZZX", "X-TIMELINE-MARKERS:summary-date"} <= set(kept)
    assert set(kept) <= set(again)


def test_what_libical_writes_reads_back_when_free_text_has_no_comma_or_semicolon() -> None:
    data = to_ics(tricky(plain=True)).decode("utf-8")
    assert read(through_libical(data)) == read(data) == tricky(plain=True)


@settings(max_examples=60, deadline=None)
@given(
    participants=st.lists(st.sampled_from(["AM", "AZ", "CSTO", "RU", "KZ"]), unique=True),
    found=st.lists(st.tuples(TRICKY, TRICKY), min_size=1, max_size=3),
    place=st.sampled_from(PLACES).flatmap(
        lambda pair: st.tuples(TRICKY, st.just(pair[0]), pair[1])
    ),
    marks=st.tuples(st.booleans(), st.booleans()),
)
def test_x_properties_with_commas_and_semicolons_survive_vobject(
    participants: list[str],
    found: list[tuple[str, str]],
    place: tuple[str, str | None, str | None],
    marks: tuple[bool, bool],
) -> None:
    name, country, zone = place
    chronicle = chronology(
        event(
            "talks",
            "2022-08~",
            title=f"Talks {name}",
            status=Status.CANCELLED,
            participants=tuple(participants),
            place=Place(name=name, country=country, timezone=zone),
            sources=tuple(Source(publisher=who, title=what) for who, what in found),
        )
    )
    data = to_ics(chronicle, mark_dates=marks[0], mark_status=marks[1]).decode("utf-8")
    again = through_vobject(data)
    assert x_lines(again) == x_lines(data)
    assert read(again) == read(data) == chronicle


# -- files of earlier versions -----------------------------------------------------------------

OLD_FORM = "\r\n".join(
    (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//timeline//timeline calendar export//EN",
        "NAME:Test chronology",
        "X-TIMELINE-MARKERS:description-date,summary-date,summary-status",
        "X-TIMELINE-TIMEZONE:Asia/Almaty",
        "X-TIMELINE-ORGANISATION:ZZX;A body\\, made up\\; really \\\\ so",
        "BEGIN:VEVENT",
        "UID:vote@timeline.invalid",
        "DTSTAMP:20220831T000000Z",
        "SEQUENCE:1",
        "DTSTART;VALUE=DATE:20220801",
        "DTEND;VALUE=DATE:20220901",
        "SUMMARY:Postponed: c. Vote\\, at last",
        "STATUS:TENTATIVE",
        "CATEGORIES:vote",
        "DESCRIPTION:c. August 2022\\n\\nSources:\\n- Reuters\\, Inc.: Talks\\, open\\; now"
        " (9 May 2022) https://x.org/a?b=c\\,d\\;e",
        "LOCATION:Astana\\, left bank",
        "X-TIMELINE-WHEN:2022-08~",
        "X-TIMELINE-KIND:vote",
        "X-TIMELINE-STATUS:postponed",
        "X-TIMELINE-PARTICIPANTS:AM,AZ,CSTO,RU,ZZX",
        "X-TIMELINE-ABSENT:KG,TJ",
        "X-TIMELINE-PLACE:KZ;Asia/Almaty",
        "X-TIMELINE-SOURCE:Reuters\\, Inc.;Talks\\, open\\; now;https://x.org/a?b=c\\,d\\;e;"
        "2022-05-09",
        "X-TIMELINE-VOTE:UN General Assembly\\; 11th session;ES-11/4;143;5;35;0;",
        "X-TIMELINE-VOTE-POSITIONS:KZ=abstain,RU=no",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    )
)


def test_a_file_of_an_earlier_version_still_reads() -> None:
    back = read(OLD_FORM)
    assert back.organisations == {"ZZX": "A body, made up; really \\ so"}
    (vote,) = back.events
    assert vote.title == "Vote, at last"  # the markers were read: both taken off
    assert vote.participants == ("AM", "AZ", "CSTO", "RU", "ZZX")
    assert vote.absent == ("KG", "TJ")
    assert vote.place == Place(name="Astana, left bank", country="KZ", timezone="Asia/Almaty")
    assert vote.sources == (
        Source(
            publisher="Reuters, Inc.",
            title="Talks, open; now",
            url="https://x.org/a?b=c,d;e",
            published=When.parse("2022-05-09"),
        ),
    )
    assert vote.vote is not None
    assert vote.vote.body == "UN General Assembly; 11th session"
    assert vote.vote.resolution == "ES-11/4"
    assert (vote.vote.yes, vote.vote.no, vote.vote.abstain) == (143, 5, 35)
    assert {code: str(position) for code, position in vote.vote.positions.items()} == {
        "KZ": "abstain",
        "RU": "no",
    }
    # and written again, it is in this version's form, which reads the same
    assert read(to_ics(back).decode("utf-8")) == back
