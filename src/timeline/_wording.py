"""The words every writer shares: who took part and who stayed away, the place, the status, a
vote's heading and tally, the date line, a month's or year's name.

Each medium prints them its own way (Markdown escapes, HTML escapes differently, a calendar
escapes TEXT): the writers escape what these functions return, and where two writers print a
phrase differently the difference is a parameter here, named, rather than a second spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Final

from timeline._geography import country_name
from timeline._model import Place, Status, Timeline, Vote
from timeline._when import Point, Precision, When

__all__ = [
    "STATUS_LABEL",
    "Names",
    "date_line",
    "period_name",
    "place_text",
    "vote_heading",
    "vote_tally",
    "vote_text",
    "with_status",
]

#: The status as a writer labels an event; an event that occurred carries no label.
STATUS_LABEL: Final = {
    Status.SCHEDULED: "Scheduled",
    Status.CANCELLED: "Cancelled",
    Status.POSTPONED: "Postponed",
}


def with_status(title: str, status: Status) -> str:
    """ "Talks in Bishkek (postponed)": the status after a title, where a label has no room."""
    label = STATUS_LABEL.get(status)
    return title if label is None else f"{title} ({label.lower()})"


def vote_heading(vote: Vote) -> str:
    """Who voted on what: "UN General Assembly, ES-11/4", or the body alone."""
    return vote.body if vote.resolution is None else f"{vote.body}, {vote.resolution}"


def vote_tally(vote: Vote, *, zero_absent: bool = True) -> str:
    """ "141 yes, 5 no, 35 abstaining, 12 absent": the order a body announces a result in.

    The writers that say the tally in a sentence (Markdown, .ics) leave out "0 absent";
    `zero_absent=False` is theirs.
    """
    tally = f"{vote.yes} yes, {vote.no} no, {vote.abstain} abstaining"
    return f"{tally}, {vote.absent} absent" if vote.absent or zero_absent else tally


def vote_text(vote: Vote, *, zero_absent: bool = True, labelled: bool = False) -> str:
    """ "UN General Assembly, ES-11/4: 141 yes, ..."; `labelled` where nothing else says it is a
    vote: "Vote (UN General Assembly, ES-11/4): 141 yes, ...". No full stop: the writer's."""
    tally = vote_tally(vote, zero_absent=zero_absent)
    return f"Vote ({vote_heading(vote)}): {tally}" if labelled else f"{vote_heading(vote)}: {tally}"


def _same(text: str) -> str:
    return text


class Names:
    """Participants as a reader knows them: countries by name, organisations by full name.

    One instance per export, since a chronology names the same participants and lists again
    and again: each name and each list is spelt once. The writers differ in what they add:

    - `timeline`: where organisations' full names are looked up; None for writers that name
      countries only (an organisation is then its acronym).
    - `countries_first`: a code that is both a country and an organisation the timeline
      declares is named as the country (Markdown) rather than as the organisation.
    - `country_code`: "Kazakhstan (KZ)" rather than "Kazakhstan" (the calendar, whose reader
      sees the codes nowhere else).
    - `code_first`: "KZ (Kazakhstan)", "CSTO (Collective ...)" for an editor checking codes.
    - `organisation`: how a declared organisation's name is cleaned (it may hold anything).
    - `finish`: applied to each name, such as escaping for the medium.
    """

    def __init__(
        self,
        timeline: Timeline | None = None,
        *,
        countries_first: bool = False,
        country_code: bool = False,
        code_first: bool = False,
        organisation: Callable[[str], str] = _same,
        finish: Callable[[str], str] = _same,
    ) -> None:
        self.timeline = timeline
        self.countries_first = countries_first
        self.country_code = country_code
        self.code_first = code_first
        self.organisation = organisation
        self.finish = finish
        self.names: dict[str, str] = {}
        self.lists: dict[tuple[str, ...], str] = {}

    def __call__(self, code: str) -> str:
        """One participant's name."""
        name = self.names.get(code)
        if name is None:
            name = self.names[code] = self.finish(self._plain(code))
        return name

    def _plain(self, code: str) -> str:
        country = country_name(code)
        if self.timeline is not None and not (self.countries_first and country is not None):
            organisation = self.timeline.organisation_name(code)
            if organisation == code and self.code_first:  # named by its acronym: no more to say
                return code
            if organisation is not None and organisation != code:
                if self.code_first:
                    return f"{code} ({organisation})"
                return f"{self.organisation(organisation)} ({code})"
        if country is None:
            return code
        if self.code_first:
            return f"{code} ({country})"
        return f"{country} ({code})" if self.country_code else country

    def listed(self, codes: Sequence[str]) -> str:
        """ "Kazakhstan, Russia, Collective Security Treaty Organization (CSTO)"."""
        key = tuple(codes)
        text = self.lists.get(key)
        if text is None:
            text = self.lists[key] = ", ".join([self(code) for code in codes])
        return text

    def absent(self, codes: Sequence[str]) -> str:
        """ "Absent: Kyrgyzstan, CSTO." for writers that have room for one more sentence."""
        return f"Absent: {self.listed(codes)}." if codes else ""


def place_text(place: Place, *, country: bool = False) -> str:
    """The place's name; with `country`, "Almaty, Kazakhstan" unless the name says it already."""
    if country and place.country is not None:
        name = country_name(place.country)
        if name is not None and name not in place.name:
            return f"{place.name}, {name}"
    return place.name


def date_line(when: When, as_of: date | None = None) -> str:
    """The date as an editor writes it. Given `as_of`, an ongoing event says how far it is
    known: "since 24 February 2022 (ongoing as of 1 May 2024)", where a calendar ends it."""
    if as_of is not None and when.ongoing:
        return f"{when.human()} (ongoing as of {When(Point(as_of, Precision.DAY)).human()})"
    return when.human()


def period_name(year: int, month: int) -> str:
    """ "October 2022" or "2022", spelt exactly as dates are (month 0 means the whole year)."""
    if month:
        return When(Point(date(year, month, 1), Precision.MONTH)).human()
    return When(Point(date(year, 1, 1), Precision.YEAR)).human()
