"""The chronology shipped in data/events.toml: it loads, and its checked facts stay put."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import timeline
from timeline import Event, Kind, Position, Precision, Status, Timeline
from timeline._cli import main
from timeline._review import likely_mistakes

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "events.toml"
CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")


@pytest.fixture(scope="module")
def chronology() -> Timeline:
    return timeline.load(SHIPPED)


def test_it_loads_with_at_least_forty_cited_events(chronology: Timeline) -> None:
    assert len(chronology) >= 40
    assert all(event.sources for event in chronology)
    days = [event.when.first_day for event in chronology]
    assert days == sorted(days)


@pytest.mark.parametrize(
    ("event_id", "first", "last"),
    [
        ("cica-summit-astana-2022", date(2022, 10, 12), date(2022, 10, 13)),
        ("astana-summits-2022", date(2022, 10, 12), date(2022, 10, 14)),
        ("kazakhstan-unrest-2022", date(2022, 1, 2), date(2022, 1, 11)),
        ("cpc-terminal-storm-damage-2022", date(2022, 3, 23), date(2022, 4, 23)),
        ("cis-summit-astana-2022", date(2022, 10, 14), date(2022, 10, 14)),
        ("central-asia-russia-summit-2022", date(2022, 10, 14), date(2022, 10, 14)),
        ("cis-informal-summit-st-petersburg-2022", date(2022, 10, 7), date(2022, 10, 7)),
        ("putin-visit-dushanbe-2022", date(2022, 6, 28), date(2022, 6, 28)),
        ("caspian-summit-ashgabat-2022", date(2022, 6, 29), date(2022, 6, 29)),
        ("sco-summit-samarkand-2022", date(2022, 9, 15), date(2022, 9, 16)),
        ("putin-visit-kazakhstan-2023", date(2023, 11, 9), date(2023, 11, 9)),
        ("unga-es-11-1-2022", date(2022, 3, 2), date(2022, 3, 2)),
        ("unga-es-11-4-2022", date(2022, 10, 12), date(2022, 10, 12)),
    ],
)
def test_key_dates(chronology: Timeline, event_id: str, first: date, last: date) -> None:
    when = chronology[event_id].when
    assert (when.first_day, when.last_day) == (first, last)


def test_the_cancelled_drill_keeps_its_planned_dates(chronology: Timeline) -> None:
    drill = chronology["csto-drill-indestructible-brotherhood-2022"]
    assert drill.status is Status.CANCELLED
    assert drill.kind is Kind.MILITARY_EXERCISE
    assert (drill.when.start, drill.when.end) == (date(2022, 10, 10), date(2022, 10, 14))
    announcement = chronology["kyrgyzstan-cancels-csto-drill-2022"]
    assert any(link.rel == "cancels" and link.target == drill.id for link in announcement.links)


def test_the_astana_arrival_is_about_ten_at_utc_plus_six(chronology: Timeline) -> None:
    # "kurz vor 10 Uhr", and no official time: about 10:00, no minute the record does not give
    arrival = chronology["putin-arrives-astana-2022"].when
    assert arrival.precision is Precision.MINUTE
    assert arrival.approximate
    assert isinstance(arrival.start, datetime)
    assert arrival.start.utcoffset() == timedelta(hours=6)
    assert arrival.start == datetime(2022, 10, 13, 4, 0, tzinfo=ZoneInfo("UTC"))


def test_the_astana_summits_are_parts_of_one_series(chronology: Timeline) -> None:
    for event_id in ("cica-summit-astana-2022", "cis-summit-astana-2022"):
        links = chronology[event_id].links
        assert any(link.rel == "part-of" and link.target == "astana-summits-2022" for link in links)


def test_it_passes_check_strict_every_part_within_its_whole(chronology: Timeline) -> None:
    assert likely_mistakes(chronology.events, chronology.updated) == []
    assert main(["check", "--strict", str(SHIPPED)]) == 0
    for part in chronology:
        for link in part.links:
            if link.rel == "part-of":
                whole = chronology[link.target].when
                assert whole.first_day <= part.when.first_day, part.id
                assert part.when.last_day <= whole.last_day, part.id


def test_the_talks_in_xian_came_before_the_summit_not_within_it(chronology: Timeline) -> None:
    talks = chronology["xi-tokayev-xian-2023"]
    summit = chronology["china-central-asia-summit-2023"]
    assert not any(link.rel == "part-of" for link in talks.links)
    assert [(link.rel, link.target) for link in summit.links] == [("follows", talks.id)]
    assert talks.when.last_day < summit.when.first_day


@pytest.mark.parametrize(
    ("event_id", "tally", "positions"),
    [
        (
            "unga-es-11-1-2022",
            (141, 5, 35, 12),
            ("abstain", "abstain", "abstain", "absent", "absent"),
        ),
        (
            "unga-es-11-4-2022",
            (143, 5, 35, 10),
            ("abstain", "abstain", "abstain", "absent", "abstain"),
        ),
    ],
)
def test_un_votes_and_how_central_asia_voted(
    chronology: Timeline, event_id: str, tally: tuple[int, ...], positions: tuple[str, ...]
) -> None:
    vote = chronology[event_id].vote
    assert vote is not None
    assert (vote.yes, vote.no, vote.abstain, vote.absent) == tally
    assert vote.total == vote.members == 193
    assert tuple(vote.positions[code] for code in CENTRAL_ASIA) == tuple(map(Position, positions))


def test_every_relative_or_corrected_date_carries_a_note(chronology: Timeline) -> None:
    for event_id in ("putin-arrives-astana-2022", "kyrgyzstan-cancels-csto-drill-2022"):
        note = chronology[event_id].note
        assert note is not None
        assert "last" in note.lower()


def test_the_samarkand_summit_lists_its_observers_and_guests(chronology: Timeline) -> None:
    summit = chronology["sco-summit-samarkand-2022"]
    members = {"UZ", "CN", "RU", "KZ", "KG", "TJ", "IN", "PK"}
    observers, guests = {"BY", "IR", "MN"}, {"AZ", "TM", "TR"}
    assert set(summit.participants) == {"SCO"} | members | observers | guests
    assert "observer" in summary_and_note(summit)
    assert "guest" in summary_and_note(summit)


def summary_and_note(event: Event) -> str:
    return f"{event.summary} {event.note}"


def test_the_corrected_wordings_stay_corrected(chronology: Timeline) -> None:
    meeting = chronology["eu-central-asia-meeting-cholpon-ata-2023"]
    assert "27 October 2022" in meeting.summary
    assert "a year after" not in meeting.summary
    refusal = chronology["kazakhstan-rejects-expulsion-demand-2022"]
    assert "would be summoned" in refusal.summary
    storm = chronology["cpc-terminal-storm-damage-2022"]
    assert "storm on 22 March" not in storm.summary
    assert "19–20 March" in (storm.note or "")
    unrest = chronology["kazakhstan-unrest-2022"]
    assert "11 January" in (unrest.note or "")
    assert "8 January" in (unrest.note or "")


def test_the_sources_are_named_as_published(chronology: Timeline) -> None:
    sources = [source for event in chronology for source in event.sources]
    berliner = {source.title for source in sources if source.publisher == "Berliner Zeitung"}
    assert berliner == {
        "Wladimir Putins Stippvisite in Kasachstan: Er wird belehrt, isoliert und verliert "
        "immer mehr Einfluss"
    }
    publishers = {source.publisher for source in sources}
    assert "CABAR.asia" not in publishers
    assert publishers == set(SEED_PUBLISHERS)
    assert all(event.sources[0].publisher in SEED_PUBLISHERS for event in chronology)


#: The five articles of ../shared/seeds, by publisher: every event cites one of them.
SEED_PUBLISHERS = (
    "Berliner Zeitung",
    "CNBC",
    "The Insider",
    "Institute for War & Peace Reporting (IWPR)",
    "Financial Times",
)


@pytest.mark.parametrize(
    ("event_id", "first", "last", "publisher"),
    [
        (
            "russian-missile-strikes-kyiv-2022-10-10",
            date(2022, 10, 10),
            date(2022, 10, 10),
            "Berliner Zeitung",
        ),
        ("lu-visit-kyrgyzstan-2022", date(2022, 5, 23), date(2022, 5, 23), "The Insider"),
        ("zeya-visit-kyrgyzstan-2022", date(2022, 4, 1), date(2022, 4, 30), "The Insider"),
        ("lavrov-west-luring-allies-2023", date(2023, 10, 21), date(2023, 10, 31), "CNBC"),
    ],
)
def test_the_seed_events_once_missing_are_in_it(
    chronology: Timeline, event_id: str, first: date, last: date, publisher: str
) -> None:
    found = chronology[event_id]
    assert (found.when.first_day, found.when.last_day) == (first, last)
    assert [source.publisher for source in found.sources] == [publisher]
    assert found.note


def test_the_strikes_on_kyiv_are_part_of_the_war(chronology: Timeline) -> None:
    strikes = chronology["russian-missile-strikes-kyiv-2022-10-10"]
    assert [(link.rel, link.target) for link in strikes.links] == [
        ("part-of", "russia-invades-ukraine-2022")
    ]


def test_a_leader_who_stayed_away_is_absent_not_a_participant(chronology: Timeline) -> None:
    gathering = chronology["cis-informal-summit-st-petersburg-2022"]
    assert gathering.absent == ("KG",)
    assert "KG" not in gathering.participants


@pytest.mark.parametrize(
    ("event_id", "first"),
    [
        ("csto-extraordinary-summit-2022-01", date(2022, 1, 10)),
        ("uzbekistan-kamilov-dismissed-2022", date(2022, 4, 27)),
        ("kyrgyzstan-victory-day-parade-2022", date(2022, 5, 9)),
        ("eu-central-asia-meeting-cholpon-ata-2023", date(2023, 6, 2)),
        ("germany-central-asia-summit-berlin-2023", date(2023, 9, 29)),
    ],
)
def test_events_the_articles_mention_are_in_it(
    chronology: Timeline, event_id: str, first: date
) -> None:
    assert chronology[event_id].when.first_day == first


def test_every_place_has_a_zone_in_its_country(chronology: Timeline) -> None:
    for event in chronology:
        if event.place is not None:
            assert event.place.timezone is not None, event.id
            assert event.place.country is not None, event.id
