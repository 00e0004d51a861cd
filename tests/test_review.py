"""The review's warnings: likely mistakes in a valid file, each located with its field."""

from __future__ import annotations

import warnings
from pathlib import Path

from tests.factories import HEADER, event, event_toml
from tests.helpers import WriteToml
from timeline import TimelineWarning, load
from timeline._review import EXACT_UP_TO, likely_mistakes


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
