"""The review's warnings: likely mistakes in a valid file, each located with its field."""

from __future__ import annotations

import calendar
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import HEADER, event, event_toml
from tests.helpers import WriteToml
from timeline import Link, Location, ProblemCode, Relation, Repeats, TimelineWarning, load
from timeline._cli import main
from timeline._review import CROWDED_DAY, EXACT_UP_TO, likely_mistakes


def warnings_of(write_toml: WriteToml, text: str) -> list[str]:
    path = write_toml(text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(path)
    return [str(item.message) for item in caught if issubclass(item.category, TimelineWarning)]


def test_a_source_older_than_the_event_it_reports(write_toml: WriteToml) -> None:
    text = HEADER + event_toml(when="2022-10-20")
    (found,) = warnings_of(write_toml, text)
    assert "events.toml:14: event 'cica-summit', field 'sources[0].published'" in found
    assert "published 17 October 2022, before the event it reports as occurred" in found
    assert "status 'scheduled'" in found


def test_a_scheduled_event_before_the_updated_date(write_toml: WriteToml) -> None:
    header = HEADER + "updated = 2023-01-01\n"
    text = header + event_toml(status='"scheduled"')
    (found,) = warnings_of(write_toml, text)
    assert "field 'status'" in found
    assert "still 'scheduled', but dated 13 October 2022" in found


def test_likely_duplicates(write_toml: WriteToml) -> None:
    text = HEADER + event_toml("cica-summit") + "\n" + event_toml("cica-summit-astana")
    (found,) = warnings_of(write_toml, text)
    assert "event 'cica-summit-astana', field 'id'" in found
    assert "looks like 'cica-summit'" in found


def test_a_crowded_days_copies_each_look_like_the_first_of_their_title() -> None:
    """On a day past CROWDED_DAY, events are paired by title alone: each copy is said to look
    like the first event of its title, in the words of a day with few events."""
    titles = ["Summit opens", "Summit closes", "Press conference"]
    events = [
        event(f"e{number}", title=titles[number % 3].upper() if number > 2 else titles[number])
        for number in range(CROWDED_DAY + 3)
    ]
    found = likely_mistakes(events, None)
    assert [index for index, _ in found] == list(range(3, CROWDED_DAY + 3))
    for index, problem in found:
        assert problem.message == (
            f"looks like 'e{index % 3}': the same dates and mostly the same title"
        )
        assert problem.location == Location(event_id=f"e{index}", field="id")
        assert problem.code is ProblemCode.LOOK_ALIKE
        assert problem.hint == (
            "if both are one event, keep one; if not, link them or tell them apart"
        )


def test_linked_events_of_one_day_are_not_duplicates(write_toml: WriteToml) -> None:
    link = '[{ rel = "part-of", target = "cica-summit" }]'
    text = HEADER + event_toml("cica-summit") + "\n" + event_toml("cica-summit-astana", links=link)
    assert warnings_of(write_toml, text) == []


def test_a_time_of_day_with_no_zone(write_toml: WriteToml) -> None:
    text = "[timeline]\ntitle = 'No zone'\n" + event_toml(when='"2022-10-13T09:50"')
    (found,) = warnings_of(write_toml, text)
    assert "events.toml:6: event 'cica-summit', field 'when'" in found
    assert "13 October 2022, 09:50 (local time) has no zone" in found
    assert 'timezone = "Asia/Almaty"' in found
    assert "2022-10-13T09:50[Asia/Almaty]" in found
    # a zone from the timeline, the place or the time itself, and there is nothing to query
    assert warnings_of(write_toml, HEADER + event_toml(when='"2022-10-13T09:50"')) == []
    zoned = event_toml(when='"2022-10-13T03:50Z"')
    assert warnings_of(write_toml, "[timeline]\ntitle = 'No zone'\n" + zoned) == []


def test_a_warning_points_at_the_callers_line(write_toml: WriteToml) -> None:
    path = write_toml("[timeline]\ntitle = 'No zone'\n" + event_toml(when='"2022-10-13T09:50"'))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(path)  # the line every warning of this load names
    (warned,) = [item for item in caught if issubclass(item.category, TimelineWarning)]
    assert warned.filename == __file__
    source = Path(__file__).read_text(encoding="utf-8").splitlines()
    assert "the line every warning of this load names" in source[warned.lineno - 1]


def test_long_titles_are_look_alikes_when_edited_in_places_not_when_reordered() -> None:
    # titles past EXACT_UP_TO are compared by their three-letter runs, in linear time: the same
    # letters in another order share their counts (the quick bound) but few runs
    words = [f"clause{number} of the long communique" for number in range(60)]
    title = " ".join(words)
    assert len(title) > EXACT_UP_TO
    edited = title.replace("clause7 ", "clause 7 ").replace("clause30", "Clause thirty")
    reordered = "".join(sorted(title))
    same_day = [event("a", title=title), event("b", title=edited), event("c", title=reordered)]
    found = likely_mistakes(same_day, None)
    assert [(index, problem.location.event_id) for index, problem in found] == [(1, "b")]
    assert "looks like 'a'" in found[0][1].message


# -- a part dated outside the whole it is part of ------------------------------------------------

PART_OF_SUMMITS = '[{ rel = "part-of", target = "astana-summits" }]'


def test_a_part_outside_its_whole_is_located_at_its_link(
    write_toml: WriteToml, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = event_toml("astana-summits", when='"2022-10-13/2022-10-14"')
    part = event_toml("cica-summit", when='"2022-10-12/2022-10-13"', links=PART_OF_SUMMITS)
    text = HEADER + whole + "\n" + part
    (found,) = warnings_of(write_toml, text)
    line = text.splitlines().index(f"links = {PART_OF_SUMMITS}") + 1
    assert f"events.toml:{line}: event 'cica-summit', field 'links[0]'" in found
    assert "part of 'astana-summits' (13–14 October 2022), but dated 12–13 October 2022" in found
    assert "widen 'astana-summits'" in found
    # a warning, so the file loads, and `check --strict` fails on it
    assert main(["check", str(write_toml(text))]) == 0
    assert main(["check", "--strict", str(write_toml(text))]) == 1
    assert "field 'links[0]'" in capsys.readouterr().err


def test_a_month_covers_its_days_and_an_ongoing_whole_all_that_follows(
    write_toml: WriteToml,
) -> None:
    def warned(whole: str, part: str) -> list[str]:
        text = HEADER + event_toml("astana-summits", when=whole) + "\n"
        return warnings_of(write_toml, text + event_toml(when=part, links=PART_OF_SUMMITS))

    # the sources of event_toml are of 17 October 2022: every date here is before it
    assert warned('"2022-09"', "2022-09-30") == []
    assert warned('"2022-09"', '"2022-09-20/2022-09-30"') == []
    (found,) = warned('"2022-09"', '"2022-09-30/2022-10-01"')
    assert "part of 'astana-summits' (September 2022), but dated 30 September – 1 Octo" in found
    assert warned('"2022-02-24/.."', "2022-10-10") == []
    assert len(warned('"2022-02-24/.."', "2022-02-23")) == 1


def test_what_is_not_known_is_not_queried() -> None:
    link = (Link(rel=Relation.PART_OF, target="whole"),)
    whole = event("whole", "2022-10-13/2022-10-14")
    doubtful = [
        event("approximate", "2022-10-12~", links=link),
        event("uncertain", "2022-10-12?", links=link),
        event("still-going", "2022-10-14/..", links=link),
        event("start-unknown", "../2022-10-14", links=link),
        event("elsewhere", "2022-10-12", links=(Link(rel=Relation.FOLLOWS, target="whole"),)),
        event("nowhere", "2022-10-12", links=(Link(rel=Relation.PART_OF, target="missing"),)),
    ]
    distinct = [each.model_copy(update={"title": each.id}) for each in doubtful]
    assert likely_mistakes([whole, *distinct], None) == []
    series = event("weekly", "2022-10-03", repeats=Repeats(rule="FREQ=WEEKLY;COUNT=5"))
    session = event("session", "2022-10-24", links=(Link(rel=Relation.PART_OF, target="weekly"),))
    assert likely_mistakes([series, session], None) == []


def _month_or_days(start: date, length: int, as_month: bool) -> tuple[str, date, date]:
    """A date as text with the first and last day it covers, worked out without `When`."""
    if as_month:
        last = calendar.monthrange(start.year, start.month)[1]
        first_day, last_day = start.replace(day=1), start.replace(day=last)
        return f"{start:%Y-%m}", first_day, last_day
    end = start + timedelta(days=length)
    return (f"{start}/{end}" if length else str(start)), start, end


@given(
    st.dates(date(2022, 1, 1), date(2022, 12, 31)),
    st.integers(0, 40),
    st.booleans(),
    st.integers(-45, 45),
    st.integers(0, 10),
    st.booleans(),
)
def test_a_part_is_queried_exactly_when_a_day_of_it_falls_outside_its_whole(
    whole_start: date,
    whole_length: int,
    whole_is_a_month: bool,
    offset: int,
    part_length: int,
    part_is_a_month: bool,
) -> None:
    whole_text, whole_first, whole_last = _month_or_days(
        whole_start, whole_length, whole_is_a_month
    )
    part_start = whole_start + timedelta(days=offset)
    part_text, part_first, part_last = _month_or_days(part_start, part_length, part_is_a_month)
    whole = event("whole", whole_text)
    part = event("part", part_text, links=(Link(rel=Relation.PART_OF, target="whole"),))
    found = [problem for _, problem in likely_mistakes([whole, part], None)]
    inside = whole_first <= part_first and part_last <= whole_last
    assert [problem.location.field for problem in found] == ([] if inside else ["links[0]"])
    assert all(problem.code is ProblemCode.INCONSISTENT for problem in found)
