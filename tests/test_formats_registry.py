"""The format contract (`timeline.formats`): every reader is a `Reader`, every writer a `Writer`
with its options declared, `load` and `loads` take the same options, and a calendar's options
leave the formats that have no calendar as they are.

Some of this is held by mypy, not by pytest: `assert_type` fails the type check if the
registry's `read` or `write` lose their protocols, and a `type: ignore` that a looser registry
would no longer need is itself an error under `--strict` (`warn_unused_ignores`).
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path
from typing import assert_type

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from tests.factories import HEADER, chronology, event, event_toml, rich
from timeline import FormatError, IcsOptions, MarkdownOptions, Timeline, TimelineWarning
from timeline._files import load, loads
from timeline.formats import FORMATS, READABLE, Reader, Writer, format_for
from timeline.formats import _ics as ics_module

TOML = HEADER + event_toml("a") + "\n" + event_toml("b", when='"14 October 2022"')

#: The keyword-only options of the `Reader` protocol, with their defaults.
READER_OPTIONS = {"on_error": "strict", "zone": None}


def text_of(name: str) -> bytes:
    """The same two events in each readable format."""
    if name == "toml":
        return TOML.encode()
    written = loads(TOML, format="toml")
    return FORMATS[name].write(written)


# -- the types -----------------------------------------------------------------------------


def test_the_registry_gives_typed_readers_and_writers() -> None:
    spec = FORMATS["ics"]
    assert_type(spec.read, Reader)
    assert_type(spec.write, Writer)
    # mypy refuses this call (an `on_error` outside `OnError`); a registry of `Callable[..., ...]`
    # would take it, and the ignore, then unused, would fail `mypy --strict`
    with pytest.raises(FormatError, match="unknown policy"):
        spec.read(text_of("ics"), "x.ics", on_error="never")  # type: ignore[arg-type]


def test_the_calendar_reader_is_the_modules_own() -> None:
    reader: Reader = ics_module.read  # mypy checks the module's function against the protocol
    assert FORMATS["ics"].read is reader


@pytest.mark.parametrize("name", READABLE)
def test_every_reader_takes_the_protocols_options(name: str) -> None:
    parameters = inspect.signature(FORMATS[name].read).parameters
    assert list(parameters)[:2] == ["data", "source"]
    assert parameters["source"].default is None
    for option, default in READER_OPTIONS.items():
        assert parameters[option].kind is inspect.Parameter.KEYWORD_ONLY, (name, option)
        assert parameters[option].default == default, (name, option)


def test_a_format_is_readable_and_writable_as_its_entries_say() -> None:
    for spec in FORMATS.values():
        assert spec.readable == (spec.name in READABLE)
        assert spec.writable == (spec.writer is not None), spec.name
    assert FORMATS["toml"].writable
    assert FORMATS["toml"].readable
    assert not FORMATS["md"].readable


def test_the_declared_options_are_the_writers_keywords() -> None:
    """The registry's option types name exactly what the public writers take (mypy checks the
    types of each value where the registry passes them on)."""
    for spec, options, function in (
        (FORMATS["ics"], IcsOptions, timeline.to_ics),
        (FORMATS["md"], MarkdownOptions, timeline.to_markdown),
    ):
        keywords = {
            name
            for name, parameter in inspect.signature(function).parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        }
        assert spec.options == options.__optional_keys__ == keywords, spec.name
    assert FORMATS["toml"].options == {"source"}
    toml_keywords = inspect.signature(timeline.to_toml).parameters
    assert toml_keywords["source"].kind is inspect.Parameter.KEYWORD_ONLY
    others = (spec for spec in FORMATS.values() if spec.name not in {"ics", "md", "toml"})
    assert all(not spec.options for spec in others)


# -- load and loads ------------------------------------------------------------------------


def test_load_and_loads_take_the_same_reading_options() -> None:
    def options(function: object) -> dict[str, object]:
        assert callable(function)
        parameters = inspect.signature(function).parameters.values()
        return {p.name: p.default for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}

    shared = {"format": None, **READER_OPTIONS}
    assert options(load) == {**shared, "max_bytes": timeline._files.MAX_BYTES}
    assert options(loads) == {**shared, "source": None}


@pytest.mark.parametrize("name", READABLE)
def test_load_and_loads_read_every_format_alike_with_every_option(
    name: str, tmp_path: Path
) -> None:
    data = text_of(name)
    path = tmp_path / f"events.{name}"
    path.write_bytes(data)
    zone = "Asia/Almaty"
    with warnings.catch_warnings():
        warnings.simplefilter("error", TimelineWarning)
        loaded = load(path, on_error="skip", zone=zone)
        read = loads(data, source=str(path), on_error="skip", zone=zone)
    assert loaded == read
    assert [event.id for event in loaded] == ["a", "b"]


def test_loads_skips_an_invalid_event_as_load_does(tmp_path: Path) -> None:
    text = HEADER + event_toml("a") + "\n" + event_toml("b", when='"the 45th of Octember"')
    path = tmp_path / "events.toml"
    path.write_text(text)
    with pytest.warns(TimelineWarning, match="left out") as from_file:
        loaded = load(path, on_error="skip")
    with pytest.warns(TimelineWarning, match="left out") as from_text:
        read = loads(text, source=str(path), on_error="skip")
    assert loaded == read
    assert [event.id for event in read] == ["a"]
    assert [str(w.message) for w in from_file] == [str(w.message) for w in from_text]


@pytest.mark.parametrize("name", ["toml", "json", "csv"])
def test_a_calendars_options_leave_a_format_without_a_calendar_as_it_is(name: str) -> None:
    """Documented: a TOML, JSON or CSV file places its own local times, so `zone` changes
    nothing, not even when the zone is no zone at all."""
    data = text_of(name)
    plain = loads(data, format=name)
    assert loads(data, format=name, zone="Not/A_Zone") == plain
    assert FORMATS[name].read(data, None, zone="Europe/Paris") == plain


def test_a_calendar_honours_them_and_refuses_an_unknown_zone() -> None:
    data = text_of("ics")
    with pytest.raises(FormatError, match="Not/A_Zone"):
        loads(data, zone="Not/A_Zone")
    with pytest.raises(FormatError, match="unknown policy"):
        loads(data, on_error="never")  # type: ignore[arg-type]


# -- writing -------------------------------------------------------------------------------


def test_an_option_the_format_does_not_take_is_refused_naming_those_it_does() -> None:
    with pytest.raises(TypeError, match=r"md writer takes no option 'domain'; its options: absent"):
        format_for("md").write(rich(), domain="example.org")
    with pytest.raises(TypeError, match="html writer takes no option 'layout'; it takes none"):
        format_for("html").write(rich(), layout="table")


@settings(max_examples=30, deadline=None)
@given(
    options=st.fixed_dictionaries(
        {},
        optional={
            "layout": st.sampled_from(["list", "table"]),
            "group_by": st.sampled_from(["year", "month", "none"]),
            "front_matter": st.booleans(),
            "votes": st.booleans(),
            "participants": st.booleans(),
            "absent": st.booleans(),
            "notes": st.booleans(),
        },
    )
)
def test_the_registry_writes_what_the_public_writer_writes(options: MarkdownOptions) -> None:
    expected = timeline.to_markdown(rich(), **options).encode("utf-8")
    assert format_for("md").write(rich(), **options) == expected


def test_a_calendar_counts_the_events_it_kept() -> None:
    chronicle = chronology(event("day", "2022-10-13"), event("month", "2022-11"))
    with pytest.warns(TimelineWarning, match="month"):
        kept = FORMATS["ics"].write(chronicle, imprecise="skip")
    assert FORMATS["ics"].events_written(kept, chronicle) == 1
    assert FORMATS["ics"].events_written(FORMATS["ics"].write(chronicle), chronicle) == 2
    for name in ("json", "md", "html"):
        assert FORMATS[name].events_written(FORMATS[name].write(chronicle), chronicle) == 2


def test_writing_reads_the_writer_from_its_module_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A writer replaced in its module (a test's stand-in) is the one the registry runs."""
    from timeline.formats import _html

    def stand_in(chronicle: Timeline) -> str:
        return f"<p>{len(chronicle)}</p>"

    monkeypatch.setattr(_html, "to_html", stand_in)
    assert FORMATS["html"].write(rich()) == f"<p>{len(rich())}</p>".encode()


def test_the_command_line_offers_every_declared_option_to_its_format() -> None:
    from timeline._cli import _REVISION_OPTIONS, _WRITER_OPTIONS

    declared = IcsOptions.__optional_keys__ | MarkdownOptions.__optional_keys__
    assert set(_WRITER_OPTIONS.values()) | set(_REVISION_OPTIONS.values()) == declared
    # and `export` gives the TOML writer the name of the file it read (`source`) itself
    assert set().union(*(spec.options for spec in FORMATS.values())) == declared | {"source"}
