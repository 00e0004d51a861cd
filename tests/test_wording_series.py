"""A series in words (`_wording.rule_words`, `override_words`): each phrase is held to what the
rule gives, expanded by dateutil itself; any rule the model accepts gets a sentence, never an
error; what a page or a listing shows of a series (`dated_entries`, `page_entries`,
`shown_span`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import chronology, event
from timeline import Event, Status, When
from timeline._occurrences import Occurrence
from timeline._rules import rule_text
from timeline._wording import (
    dated_entries,
    override_words,
    page_entries,
    rule_words,
    shown_span,
)

#: How far the phrases are checked: three years of days.
HORIZON = 3 * 366

Test = Callable[[date], bool]


def series(when: str, repeats: object) -> Event:
    return event("briefing", when, title="Weekly briefing", repeats=repeats, kind="meeting")


def dateutil_days(start: date, rule: str) -> list[date]:
    """The days dateutil's own rrule gives, with the start (RFC 5545 counts it, whatever the
    rule), over the horizon."""
    begin = datetime.combine(start, time())
    end = begin + timedelta(days=HORIZON)
    given = rrulestr(rule, dtstart=begin)
    days = {each.date() for each in islice(iter(given), 5000) if each <= end}
    return sorted(days | {start})


def meant(
    start: date, test: Test, count: int | None = None, also: tuple[date, ...] = ()
) -> list[date]:
    """The days the words mean: from `start` on, those `test` accepts (the first `count`)."""
    days = [start + timedelta(days=step) for step in range(HORIZON + 1)]
    chosen = [day for day in days if test(day)]
    return sorted(set(chosen[:count] if count is not None else chosen) | set(also))


def d(text: str) -> date:
    return date.fromisoformat(text)


def weeks_from(start: date, day: date) -> int:
    """Whole weeks (Monday to Sunday) between the week of `start` and that of `day`."""
    monday = start - timedelta(days=start.weekday())
    return (day - monday).days // 7


def last_friday(day: date) -> bool:
    return day.weekday() == 4 and (day + timedelta(days=7)).month != day.month


def last_of_month(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def last_sunday_of_march(day: date) -> bool:
    return day.month == 3 and day.weekday() == 6 and (day + timedelta(days=7)).month == 4


#: (start, rule, its words, the days those words mean: a test of a day, or the days).
PHRASES: list[tuple[str, str, str, Callable[[date], list[date]]]] = [
    (
        "2023-01-02",
        "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626",
        "every Monday from 2 January to 26 June 2023",
        lambda s: meant(s, lambda day: day.weekday() == 0 and day <= d("2023-06-26")),
    ),
    (
        "2023-01-03",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "every second Tuesday from 3 January 2023",
        lambda s: meant(s, lambda day: (day - s).days % 14 == 0),
    ),
    (
        "2023-01-03",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=8",
        "every second week on Tuesday and Thursday from 3 January 2023, 8 times",
        lambda s: meant(
            s, lambda day: day.weekday() in (1, 3) and weeks_from(s, day) % 2 == 0, count=8
        ),
    ),
    (
        "2023-01-04",
        "FREQ=WEEKLY",
        "every Wednesday from 4 January 2023",
        lambda s: meant(s, lambda day: day.weekday() == 2),
    ),
    (
        "2023-01-04",
        "FREQ=WEEKLY;INTERVAL=3;UNTIL=20231231",
        "every third Wednesday from 4 January to 31 December 2023",
        lambda s: meant(s, lambda day: (day - s).days % 21 == 0 and day.year == 2023),
    ),
    (
        "2023-01-02",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYMONTH=1,2",
        "every Monday, Wednesday and Friday in January and February from 2 January 2023",
        lambda s: meant(s, lambda day: day.weekday() in (0, 2, 4) and day.month in (1, 2)),
    ),
    (
        "2023-01-01",
        "FREQ=DAILY;COUNT=5",
        "every day from 1 January 2023, 5 times",
        lambda s: meant(s, lambda day: True, count=5),
    ),
    (
        "2023-01-01",
        "FREQ=DAILY;INTERVAL=3;UNTIL=20240101",
        "every third day from 1 January 2023 to 1 January 2024",
        lambda s: meant(s, lambda day: (day - s).days % 3 == 0 and day <= d("2024-01-01")),
    ),
    (
        "2023-01-02",
        "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
        "every weekday from 2 January 2023",
        lambda s: meant(s, lambda day: day.weekday() < 5),
    ),
    (
        "2023-03-01",
        "FREQ=DAILY;BYMONTH=3",
        "every day in March from 1 March 2023",
        lambda s: meant(s, lambda day: day.month == 3),
    ),
    (
        "2023-01-02",
        "FREQ=MONTHLY;BYDAY=1MO",
        "every month on the first Monday from 2 January 2023",
        lambda s: meant(s, lambda day: day.weekday() == 0 and day.day <= 7),
    ),
    (
        "2023-01-27",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "every month on the last Friday from 27 January 2023",
        lambda s: meant(s, last_friday),
    ),
    (
        "2023-01-31",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "every month on the last day from 31 January 2023",
        lambda s: meant(s, last_of_month),
    ),
    (
        "2023-01-01",
        "FREQ=MONTHLY;BYMONTHDAY=1,15,-1",
        "every month on the 1st, 15th and last day from 1 January 2023",
        lambda s: meant(s, lambda day: day.day in (1, 15) or last_of_month(day)),
    ),
    (
        "2023-01-31",
        "FREQ=MONTHLY",
        "every month on the 31st from 31 January 2023",
        lambda s: meant(s, lambda day: day.day == 31),
    ),
    (
        "2023-01-15",
        "FREQ=MONTHLY;INTERVAL=3",
        "every third month on the 15th from 15 January 2023",
        lambda s: meant(s, lambda day: day.day == 15 and day.month in (1, 4, 7, 10)),
    ),
    (
        "2023-01-02",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO",
        "every Monday of every second month from 2 January 2023",
        lambda s: meant(s, lambda day: day.weekday() == 0 and day.month % 2 == 1),
    ),
    (
        "2023-03-01",
        "FREQ=MONTHLY;BYMONTH=3,6",
        "every year on 1 March and 1 June from 1 March 2023",
        lambda s: meant(s, lambda day: day.day == 1 and day.month in (3, 6)),
    ),
    (
        "2022-10-12",
        "FREQ=YEARLY",
        "every year on 12 October from 2022",
        lambda s: meant(s, lambda day: (day.month, day.day) == (10, 12)),
    ),
    (
        "2022-10-12",
        "FREQ=YEARLY;INTERVAL=2",
        "every second year on 12 October from 2022",
        lambda s: meant(s, lambda day: (day.month, day.day) == (10, 12) and day.year % 2 == 0),
    ),
    (
        "2023-03-26",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "every year on the last Sunday of March from 26 March 2023",
        lambda s: meant(s, last_sunday_of_march),
    ),
    (
        "2023-03-01",
        "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1",
        "every year on 1 March and 1 September from 1 March 2023",
        lambda s: meant(s, lambda day: day.day == 1 and day.month in (3, 9)),
    ),
    (
        "2023-01-15",
        "FREQ=YEARLY;BYMONTHDAY=15",
        "every month on the 15th from 15 January 2023",
        lambda s: meant(s, lambda day: day.day == 15),
    ),
    (
        "2023-01-02",
        "FREQ=YEARLY;BYMONTH=1;BYDAY=MO",
        "every Monday in January from 2 January 2023",
        lambda s: meant(s, lambda day: day.weekday() == 0 and day.month == 1),
    ),
    (
        "2023-01-01",  # a Sunday: the start counts, and the rule's Mondays follow
        "FREQ=WEEKLY;BYDAY=MO;COUNT=10",
        "on 1 January 2023, then every Monday, 10 times",
        lambda s: meant(s, lambda day: day.weekday() == 0, count=10, also=(s,)),
    ),
]


@pytest.mark.parametrize(("start", "rule", "words", "days"), PHRASES, ids=[p[1] for p in PHRASES])
def test_each_phrase_says_what_dateutil_gives(
    start: str, rule: str, words: str, days: Callable[[date], list[date]]
) -> None:
    assert rule_words(series(start, rule)) == words
    first = d(start)
    assert dateutil_days(first, rule) == days(first)


def test_the_example_of_the_issue_says_the_year_once() -> None:
    skip = [When.parse("2023-04-10")]
    also = [When.parse("2023-07-05")]
    rule = {"rule": "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626", "skip": skip, "also": also}
    assert rule_words(series("2023-01-02", rule)) == (
        "every Monday from 2 January to 26 June 2023, and 5 July, except 10 April"
    )


def test_an_endless_series_says_the_year_of_every_other_date() -> None:
    rule = {"rule": "FREQ=WEEKLY", "skip": [When.parse("2023-04-10"), When.parse("2023-05-01")]}
    assert rule_words(series("2023-01-02", rule)) == (
        "every Monday from 2 January 2023, except 10 April and 1 May 2023"
    )


def test_a_long_list_of_skipped_days_is_counted_after_a_few() -> None:
    skip = [When.parse(f"2023-02-{day:02d}") for day in range(1, 20)]
    words = rule_words(series("2023-01-02", {"rule": "FREQ=DAILY", "skip": skip}))
    assert words.endswith("except 1 February, 2 February, 3 February, 4 February, 5 February, "
                          "6 February 2023 and 13 more")  # fmt: skip


def test_a_timed_series_says_its_hours_and_zone() -> None:
    weekly = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626T040000Z"  # 10:00 in Almaty
    assert rule_words(series("2023-01-02T10:00/2023-01-02T11:00", weekly)) == (
        "every Monday at 10:00\u201311:00 (UTC+06) from 2 January to 26 June 2023"
    )
    overnight = series("2023-01-06T22:00/2023-01-07T02:00", "FREQ=WEEKLY")
    assert rule_words(overnight) == "every Friday at 22:00 (UTC+06) for 4 hours from 6 January 2023"


def test_a_zone_whose_clocks_change_is_named_rather_than_an_offset() -> None:
    berlin = event(
        "b", "2023-01-02T10:00", repeats="FREQ=DAILY", kind="meeting", place=None, title="B"
    ).model_copy(update={"when": When.parse("2023-01-02T10:00[Europe/Berlin]")})
    assert rule_words(berlin) == "every day at 10:00 (Europe/Berlin) from 2 January 2023"


def test_a_series_of_several_days_each_says_how_long() -> None:
    yearly = series("2022-10-12/2022-10-13", "FREQ=YEARLY;COUNT=3")
    assert rule_words(yearly) == "every year on 12 October for 2 days from 2022, 3 times"


def test_a_rule_that_gives_nothing_after_its_start_says_once() -> None:
    assert rule_words(series("2014-12-10", "FREQ=DAILY;COUNT=1")) == "once, on 10 December 2014"
    ending = series("2024-05-02T11:00", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20240502T060000Z")
    assert rule_words(ending) == "once, on 2 May 2024 at 11:00 (UTC+05)"  # Almaty since March


def test_a_first_day_the_rule_would_not_give_comes_first() -> None:
    thursdays = series("1998-03-03", "FREQ=WEEKLY;BYDAY=TH;UNTIL=19980630")
    assert rule_words(thursdays) == "on 3 March, then every Thursday until 30 June 1998"
    start, rule = d("1998-03-03"), "FREQ=WEEKLY;BYDAY=TH;UNTIL=19980630"
    thursdays_to_june = meant(start, lambda day: day.weekday() == 3 and day <= d("1998-06-30"))
    assert dateutil_days(start, rule) == sorted({start, *thursdays_to_june})


def test_other_dates_at_other_times_are_said_with_their_times() -> None:
    also = [When.parse("1997-01-01T00:00", zone="Asia/Almaty")]
    words = rule_words(series("1996-12-30T18:00", {"also": also}))
    assert words == "on 30 December 1996, 18:00 (UTC+06), and 1 January 1997 at 00:00"


def test_dates_alone_are_listed_with_the_year_once() -> None:
    also = [When.parse("2023-08-08"), When.parse("2023-07-05")]
    assert (
        rule_words(series("2023-01-02", {"also": also})) == "on 2 January, 5 July and 8 August 2023"
    )


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=HOURLY;INTERVAL=3", "2023-01-02T10:00"),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "2023-01-31"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "2023-01-01"),  # which weeks: the start's, unsaid
        ("FREQ=YEARLY;BYDAY=20MO", "2023-05-15"),
        ("FREQ=WEEKLY;UNTIL=20221231", "2023-01-02"),  # ends before it starts
        ("FREQ=MONTHLY;BYMONTHDAY=-2", "2023-01-30"),
    ],
)
def test_a_rule_the_words_cannot_say_is_shown_as_written(rule: str, start: str) -> None:
    words = rule_words(series(start, rule))
    assert words.startswith(f"repeats ({rule}) from ")
    assert When.parse(start, zone="Asia/Almaty").human() in words


def test_an_event_that_does_not_repeat_gets_its_date_line() -> None:
    assert rule_words(event()) == "13 October 2022"


# -- any rule the model accepts -----------------------------------------------------------------

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_PART = st.one_of(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MINUTELY", "SECONDLY"]).map(
        lambda freq: f"FREQ={freq}"
    ),
    st.integers(1, 12).map(lambda n: f"INTERVAL={n}"),
    st.integers(1, 30).map(lambda n: f"COUNT={n}"),
    st.sampled_from(
        ["20221231", "20230626", "20230626T040000Z", "20250101T000000", "20230101"]
    ).map(lambda until: f"UNTIL={until}"),
    st.lists(
        st.tuples(
            st.sampled_from(["", "1", "2", "-1", "-2", "5", "+3", "53"]), st.sampled_from(_DAYS)
        ),
        min_size=1,
        max_size=4,
    ).map(lambda days: "BYDAY=" + ",".join(n + day for n, day in days)),
    st.lists(st.integers(-31, 31), min_size=1, max_size=3).map(
        lambda days: "BYMONTHDAY=" + ",".join(map(str, days))
    ),
    st.lists(st.integers(1, 12), min_size=1, max_size=3).map(
        lambda months: "BYMONTH=" + ",".join(map(str, months))
    ),
    st.sampled_from(
        ["BYSETPOS=1", "BYSETPOS=-1", "WKST=SU", "WKST=MO", "BYHOUR=9", "BYYEARDAY=100"]
    ),
)


@st.composite
def accepted_rules(draw: st.DrawFn, *, expandable: bool = False) -> str:
    """A rule `rule_text` accepts; `expandable`, also one dateutil can expand from any start
    (it fails with IndexError on some starts of FREQ=MONTHLY;BYDAY=10MO or 53MO, which the
    model accepts: reported, for the rule's check to refuse)."""
    parts = {part.split("=")[0]: part for part in draw(st.lists(_PART, max_size=5))}
    if expandable and "BYDAY" in parts:
        parts["BYDAY"] = parts["BYDAY"].replace("53", "5")
    parts["FREQ"] = parts.get("FREQ", "FREQ=WEEKLY")
    if "COUNT" in parts and "UNTIL" in parts:
        del parts["COUNT"]
    text = ";".join([parts.pop("FREQ"), *parts.values()])
    try:
        return rule_text(text)
    except ValueError:
        return "FREQ=DAILY"


@given(
    accepted_rules(),
    st.sampled_from(
        ["2023-01-01", "2023-01-31", "2024-02-29", "2023-03-26T10:00", "2023-01-02/2023-01-04"]
    ),
    st.lists(st.sampled_from(["2023-04-10", "2024-01-01", "2023-02-01"]), max_size=3, unique=True),
)
def test_any_rule_the_model_accepts_gets_a_sentence(rule: str, start: str, skip: list[str]) -> None:
    timed = "T" in start
    dates = [When.parse(day + ("T10:00" if timed else ""), zone="Asia/Almaty") for day in skip]
    words = rule_words(series(start, {"rule": rule, "skip": dates}))
    assert words
    assert "\n" not in words


# -- what an override did ------------------------------------------------------------------------

WEEKLY = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20230626T040000Z"


def override(event_id: str, when: str, was: str, **extra: Any) -> Event:
    occurrence = When.parse(was, zone="Asia/Almaty")
    extra.setdefault("title", "Weekly briefing")
    return event(event_id, when, series="briefing", occurrence=occurrence, kind="meeting", **extra)


def test_a_moved_or_cancelled_occurrence_says_what_happened_to_it() -> None:
    weekly = series("2023-01-02T10:00", WEEKLY)
    moved = override("moved", "2023-04-18T10:00", "2023-04-17T10:00")
    off = override("off", "2023-04-10T10:00", "2023-04-10T10:00", status=Status.CANCELLED)
    later = override("later", "2023-04-24T14:00", "2023-04-24T10:00")
    same = override("same", "2023-05-01T10:00", "2023-05-01T10:00", title="Briefing at the MFA")
    assert override_words(moved, weekly) == "moved from 17 April to 18 April"
    assert override_words(off, weekly) == "cancelled on 10 April"
    assert override_words(later, weekly) == "moved on 24 April from 10:00 to 14:00"
    assert override_words(same, weekly) == "changed on 1 May"
    assert override_words(moved) == "moved from 17 April to 18 April 2023"  # no series: the year


# -- what a listing shows -------------------------------------------------------------------------


def briefings() -> tuple[Event, ...]:
    """Weekly briefings on Mondays at 10:00 in Almaty, 2 January to 26 June 2023: the one of
    17 April moved to the 18th, the one of 10 April cancelled."""
    return (
        series("2023-01-02T10:00", WEEKLY),
        override("moved", "2023-04-18T10:00", "2023-04-17T10:00", status=Status.POSTPONED),
        override("off", "2023-04-10T10:00", "2023-04-10T10:00", status=Status.CANCELLED),
    )


def test_a_window_lists_each_occurrence_in_order_an_override_in_its_place() -> None:
    timeline = chronology(*briefings(), event("talks", "2023-04-12"))
    entries, capped = dated_entries(timeline, d("2023-04-01"), d("2023-04-30"))
    shown = [
        (entry.when.first_day.isoformat(), entry.event.id)
        if isinstance(entry, Occurrence)
        else (entry.when.first_day.isoformat(), entry.id)
        for entry in entries
    ]
    assert shown == [
        ("2023-04-03", "briefing"),
        ("2023-04-10", "off"),
        ("2023-04-12", "talks"),
        ("2023-04-18", "moved"),
        ("2023-04-24", "briefing"),
    ]
    assert capped == ()


def test_an_occurrence_moved_into_the_window_is_listed_and_one_moved_out_is_not() -> None:
    timeline = chronology(*briefings())
    into, _ = dated_entries(timeline, d("2023-04-18"), d("2023-04-18"))
    assert [entry.event.id for entry in into if isinstance(entry, Occurrence)] == ["moved"]
    out, _ = dated_entries(timeline, d("2023-04-17"), d("2023-04-17"))
    assert out == []


def test_an_endless_series_in_an_open_window_is_capped_and_says_so() -> None:
    daily = chronology(series("2023-01-01", "FREQ=DAILY"))
    entries, capped = dated_entries(daily, d("2023-01-01"), date.max)
    assert capped == ("briefing",)
    assert len(entries) == 2000


def test_a_page_spans_the_other_events_or_two_years_of_series_alone() -> None:
    alone = chronology(*briefings())
    assert shown_span(alone) == (d("2023-01-02"), d("2025-01-01"))
    mixed = chronology(*briefings(), event("a", "2023-03-15"), event("b", "2023-05-02"))
    assert shown_span(mixed) == (d("2023-03-15"), d("2023-05-02"))
    assert shown_span(chronology()) is None


def test_a_page_lists_every_event_and_the_other_occurrences_in_its_span() -> None:
    timeline = chronology(*briefings(), event("a", "2023-03-15"), event("b", "2023-05-02"))
    entries = page_entries(timeline)
    events = [entry.id for entry in entries if isinstance(entry, Event)]
    assert events == ["briefing", "a", "off", "moved", "b"]
    repeated = [entry.when.first_day for entry in entries if isinstance(entry, Occurrence)]
    assert repeated == [
        d("2023-03-20"),
        d("2023-03-27"),
        d("2023-04-03"),
        d("2023-04-24"),
        d("2023-05-01"),
    ]
    assert page_entries(chronology(event())) == [event()]


def test_a_rule_that_gives_seconds_lists_them_under_a_start_to_the_minute() -> None:
    ticking = chronology(series("2023-01-31T10:00", "FREQ=SECONDLY;COUNT=3"))
    entries, _ = dated_entries(ticking, d("2023-01-31"), d("2023-01-31"))
    assert [entry.when.human() for entry in entries] == [
        "31 January 2023, 10:00 (UTC+06)",
        "31 January 2023, 10:00:01 (UTC+06)",
        "31 January 2023, 10:00:02 (UTC+06)",
    ]
