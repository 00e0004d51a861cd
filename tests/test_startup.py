"""Quick start-up: what `timeline check` of a TOML file imports and builds, in a fresh interpreter.

A check in a pre-commit hook or an editor pays every import each time, so the heavy libraries
(calendars, spreadsheets, fuzzy matching, CLDR names) and the writers are imported on first use
only, and the models' validators are built when a model is first validated (`defer_build`).
No time is asserted here: `benchmarks/bench_startup.py` measures it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import timeline

#: Runs the command line as `timeline check data/events.toml` does, then says what it imported
#: and which models have a validator built (on stderr: stdout is the check's).
CHECKED = """
import json, sys
from timeline._cli import run
sys.argv = ["timeline", "check", "data/events.toml"]
try:
    run()
except SystemExit as stop:
    code = stop.code
import timeline
models = ("Source", "Place", "Link", "Vote", "Repeats", "Event", "PlaceName", "KnownPlace",
          "Timeline")
built = [name for name in models if getattr(timeline, name).__pydantic_complete__]
print(json.dumps({"code": code, "modules": sorted(sys.modules), "built": built}),
      file=sys.stderr)
"""

#: Libraries a check of a TOML file does without: each is imported only by what needs it.
HEAVY = (
    "icalendar",  # reading and publishing calendars
    "recurring_ical_events",  # a calendar's series, in the tests' oracles
    "rapidfuzz",  # merge
    "openpyxl",  # TimelineJS sheets as XLSX
    "babel",  # a country's English name, alpha-3 codes
    "caldav",  # publish
    "dateutil.rrule",  # a series' occurrences (`repeats`)
    "dateutil.easter",  # holidays by name
)

#: Our own modules a check does without: writers, merge, draft, publish.
OURS = (
    "timeline.formats._ics",
    "timeline.formats._json",
    "timeline.formats._csv",
    "timeline.formats._markdown",
    "timeline.formats._html",
    "timeline.formats._timelinejs",
    "timeline.formats._timelinejs_sheet",
    "timeline.formats._toml_writer",
    "timeline._matching",
    "timeline._merge",
    "timeline._draft",
    "timeline._when._finder",
    "timeline._publish",
    "timeline._diff",  # `timeline diff` and the library's `diff`
    "timeline._show",  # `timeline show`
    "timeline._wording",  # the writers' and `show`'s words
)


@pytest.fixture(scope="module")
def checked() -> dict[str, object]:
    """What one `timeline check data/events.toml` in a fresh interpreter reported."""
    done = subprocess.run([sys.executable, "-c", CHECKED], capture_output=True, text=True)
    report: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


def _modules(report: dict[str, object]) -> set[str]:
    modules = report["modules"]
    assert isinstance(modules, list)
    return set(modules)


def test_the_check_passes(checked: dict[str, object]) -> None:
    assert checked["code"] in (0, None)


@pytest.mark.parametrize("name", HEAVY)
def test_a_check_of_toml_imports_no_heavy_library(checked: dict[str, object], name: str) -> None:
    assert name not in _modules(checked)


@pytest.mark.parametrize("name", OURS)
def test_a_check_of_toml_imports_no_writer_merge_draft_diff_or_show(
    checked: dict[str, object], name: str
) -> None:
    assert name not in _modules(checked)


def test_a_check_builds_only_the_models_it_validates(checked: dict[str, object]) -> None:
    """The timeline's validator holds its events' and sources' (built with it); a model the
    file never needs alone, such as `Vote`, is left unbuilt."""
    built = checked["built"]
    assert isinstance(built, list)
    assert "Timeline" in built
    assert "Vote" not in built


def test_importing_timeline_builds_no_model() -> None:
    """Schemas cost most of an import, so none is built before a model is validated."""
    probe = (
        "import timeline; models = [timeline.Event, timeline.Timeline, timeline.Source, "
        "timeline.Place, timeline.Vote]; "
        "print(sum(model.__pydantic_complete__ for model in models))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


def test_a_deferred_model_validates_as_a_built_one() -> None:
    """The first validation builds the schema; a refusal is still an `InvalidTimeline`."""
    with pytest.raises(timeline.InvalidTimeline):
        timeline.Vote.model_validate({"in_favour": "many"})
    assert timeline.Vote.__pydantic_complete__


def test_importing_timeline_imports_none_of_its_modules() -> None:
    """Every public name comes through the package's `__getattr__` on first use, so `import
    timeline` costs nothing, and each name still comes from where it did."""
    probe = (
        "import sys, timeline; before = [m for m in sys.modules if m.startswith('timeline.')]; "
        "from timeline import Timeline, load, diff; "
        "print(before, Timeline.__module__, load.__module__, diff.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "timeline._model", "timeline._files", "timeline._diff"]


def test_every_public_name_is_imported_on_first_use() -> None:
    assert set(timeline._LAZY) == set(timeline.__all__)
    assert all(getattr(timeline, name) is not None for name in timeline.__all__)
    assert dir(timeline) == sorted(timeline.__all__)
