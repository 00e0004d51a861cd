"""`When`, the one value every event carries: a point or an inclusive interval with a precision,
EDTF's qualifiers, open ends, seasons and unspecified digits; its canonical text (`str`), its
words (`human`) and one total order, so the same timeline always sorts the same way.

Reading text is the grammars' work (`_reading`, on first use: they build `When`s, so this module
cannot import them before it is itself defined).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from timeline._errors import DateError
from timeline._when._calendar import ACCEPTED_FORMS, OPEN_HINT, RANK, TIMED, ZONE_HINT, Precision
from timeline._when._edtf import (
    EDGE_TEXT,
    QUALIFIER_MARK,
    Edge,
    Scope,
    scoped_text,
    season_code,
    unspecified_text,
)
from timeline._when._human import (
    ends_words,
    open_words,
    scoped_words,
    span_words,
    unspecified_words,
)
from timeline._when._point import Point
from timeline._when._zones import offset_text, utc_seconds, zone_of

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema
    from pydantic_core.core_schema import ValidationInfo

__all__ = ["When", "single"]

_OrderKey = tuple[int, int, int, int, int, int, int, int, int, int, int, int, int, int, str, str]

_EDGE_RANK: Final = {None: 0, "open": 1, "unknown": 2}
_SCOPE_RANK: Final = {None: 0, "year": 1, "month": 2}
#: Coarse before fine on one day, but times of day by their instant, to the minute or second.
_ORDER_RANK: Final = {**RANK, Precision.SECOND: RANK[Precision.MINUTE]}
_QUALIFIER_RANK: Final = {(False, False): 0, (True, False): 1, (False, True): 2, (True, True): 3}


def _instant(value: date) -> tuple[int, str]:
    """(UTC seconds, zone label) of a timed value; (0, "") of a plain date.

    The label tells the kinds of time apart at one instant: a zone's name, a fixed offset's
    text, "" for a floating time (whose "instant" is its wall time read as UTC).
    """
    if isinstance(value, datetime):
        zone = value.tzinfo
        if isinstance(zone, ZoneInfo):
            return utc_seconds(value), zone.key
        offset = value.utcoffset()
        return utc_seconds(value), "" if offset is None else offset_text(offset)
    return 0, ""


class When:
    """A point or an inclusive interval in time, with a precision and EDTF-style qualifiers.

    An immutable value like `date` (deliberately not a dataclass, so `dataclasses.asdict` on an
    event keeps it whole). Two Whens are equal exactly when their `str()` agrees, and the order is
    total over every mix of precisions, so sorting is always deterministic.

    Raises:
        DateError: when built from anything but `Point` values, or as an interval whose ends
            are in two time zones or run backwards.
    """

    __slots__ = (
        "_approximate",
        "_days",
        "_end_marks",
        "_end_point",
        "_open_end",
        "_open_start",
        "_order_key",
        "_scope",
        "_start_point",
        "_text",
        "_uncertain",
        "_unspecified",
    )
    __match_args__ = ("start_point", "end_point")

    _start_point: Point
    _end_point: Point | None
    _approximate: bool
    _uncertain: bool
    _end_marks: tuple[bool, bool] | None
    _scope: Scope | None
    _open_start: Edge | None
    _open_end: Edge | None
    _unspecified: bool
    _order_key: _OrderKey | None
    _text: str | None
    _days: tuple[date, date] | None

    def __init__(
        self,
        start_point: Point,
        end_point: Point | None = None,
        *,
        approximate: bool = False,
        uncertain: bool = False,
        open_start: Edge | None = None,
        open_end: Edge | None = None,
        unspecified: bool = False,
        end_approximate: bool | None = None,
        end_uncertain: bool | None = None,
        scope: Scope | None = None,
    ) -> None:
        """`approximate` and `uncertain` qualify both ends, unless `end_approximate` or
        `end_uncertain` give the end its own (EDTF's `1984~/2004-06`). `scope` narrows a single
        date's qualifiers to its year, or its year and month (`2004?-06-11`)."""
        start: object = start_point
        if not isinstance(start, Point) or not (end_point is None or isinstance(end_point, Point)):
            raise DateError("a When is built from Point values", ACCEPTED_FORMS)
        end_point = _checked_ends(start_point, end_point, open_start, open_end)
        set_slot = object.__setattr__
        set_slot(self, "_start_point", start_point)
        set_slot(self, "_end_point", end_point)
        set_slot(self, "_approximate", bool(approximate))
        set_slot(self, "_uncertain", bool(uncertain))
        set_slot(self, "_open_start", open_start)
        set_slot(self, "_open_end", open_end)
        set_slot(self, "_unspecified", bool(unspecified))
        own = _own_end_marks(approximate, uncertain, end_approximate, end_uncertain)
        if own is not None and (end_point is None or unspecified):
            raise DateError(
                "only an interval of two points can qualify its ends apart", ACCEPTED_FORMS
            )
        set_slot(self, "_end_marks", own)
        if scope is not None:
            _check_scope(scope, self.is_interval, start_point, approximate or uncertain)
        set_slot(self, "_scope", scope)
        set_slot(self, "_order_key", None)
        set_slot(self, "_text", None)
        set_slot(self, "_days", None)
        if unspecified and unspecified_text(start_point, end_point) is None:
            raise DateError(
                f"{start_point}/{end_point} is not a span EDTF's X digits can say",
                "an unspecified date is a decade or century (201X, 20XX), the months of a year "
                "(2004-XX), or the days of a month or a year (1985-04-XX, 1985-XX-XX)",
            )

    @property
    def start_point(self) -> Point:
        """The first known point: for an interval open at its start (`../2004`), its end."""
        return self._start_point

    @property
    def end_point(self) -> Point | None:
        """The end of an interval; None for a single point."""
        return self._end_point

    @property
    def approximate(self) -> bool:
        """EDTF '~': the writer's own estimate ('c.', 'around', 'early October'), of either end."""
        return self._approximate or (self._end_marks is not None and self._end_marks[0])

    @property
    def uncertain(self) -> bool:
        """EDTF '?': the source itself is in doubt, of either end."""
        return self._uncertain or (self._end_marks is not None and self._end_marks[1])

    @property
    def scope(self) -> Scope | None:
        """What the qualifiers of a single date cover: its year only ('year', `2004?-06-11`),
        its year and month ('month', `2004-06~-11`), or None for the whole date."""
        return self._scope

    @property
    def marks(self) -> tuple[tuple[bool, bool], tuple[bool, bool]]:
        """(approximate, uncertain) of the start and of the end, which may differ
        (`1984~/2004-06`); a single point's two are the same."""
        start = (self._approximate, self._uncertain)
        return start, self._end_marks or start

    @property
    def open_start(self) -> Edge | None:
        """'open' (`../2004`: no start) or 'unknown' (`/2004`: a start nobody gives), else None."""
        return self._open_start

    @property
    def open_end(self) -> Edge | None:
        """'open' (`2022-02-24/..`: still going on) or 'unknown' (`2022-02-24/`: it ended, but
        when is not known), else None."""
        return self._open_end

    @property
    def unspecified(self) -> bool:
        """EDTF's X digits: one year, month or day somewhere in the span (`201X`, `1985-04-XX`),
        not the whole of it."""
        return self._unspecified

    @property
    def is_open(self) -> bool:
        """Whether either end is open or unknown."""
        return self._open_start is not None or self._open_end is not None

    @property
    def ongoing(self) -> bool:
        """Whether it is still going on: an open end (`..`), as of the timeline's `updated`."""
        return self._open_end == "open"

    @property
    def floating(self) -> bool:
        """Whether its time of day has no zone or offset: EDTF's and RFC 5545's floating time,
        the same clock time wherever it is read (both ends of an interval agree on this)."""
        value = self.start_point.value
        return isinstance(value, datetime) and value.tzinfo is None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"When is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"When is immutable; cannot delete {name!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild,
            (
                self.start_point,
                self.end_point,
                self._approximate,
                self._uncertain,
                self.open_start,
                self.open_end,
                self.unspecified,
                self._end_marks,
                self._scope,
            ),
        )

    def __copy__(self) -> When:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> When:
        return self

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def parse(
        cls, text: str, *, zone: str | ZoneInfo | None = None, reference: date | None = None
    ) -> When:
        """Read any accepted form; `zone` is the default for times written without one (with
        none, such a time is floating; an offset written in EDTF is kept as written).

        `reference` is the day the text was written, against which "last Thursday", "two weeks
        ago" or a day without a year are read.

        Raises:
            DateError: with the accepted forms, when the text cannot be read as a date, names a
                day or time that does not exist, or `zone` or `reference` is not one.
            MissingReference: for a relative date ("last Thursday") without a `reference`.
        """
        if not isinstance(text, str):
            raise DateError(f"expected text, not {type(text).__name__}", ACCEPTED_FORMS)
        return _READER.parse_text(text, zone, reference)

    @classmethod
    def from_value(
        cls,
        value: When | str | date | datetime,
        *,
        zone: str | ZoneInfo | None = None,
        reference: date | None = None,
    ) -> When:
        """Accept what a TOML reader hands over: strings, dates and (offset) date-times.

        A datetime whose tzinfo is a named `ZoneInfo` keeps that zone. One with only an offset
        keeps its instant: shown in `zone` when one is given (a TOML date-time cannot name its
        zone), else kept at its offset. A naive one is local to `zone`, else floating.
        `reference` is the day text was written, as for `parse`.

        Raises:
            DateError: for text `parse` refuses, an unknown `zone`, a datetime with a fraction
                of a second, a bare number, a time without a date, or any other type.
            MissingReference: for relative text without a `reference`, as for `parse`.
        """
        return _READER.when_from_value(value, zone, reference)

    # -- what it covers ---------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """The coarsest of the ends: a span from October to 5 November is month-precise."""
        end = self.end_point
        if end is None or RANK[self.start_point.precision] <= RANK[end.precision]:
            return self.start_point.precision
        return end.precision

    @property
    def is_interval(self) -> bool:
        """Two ends, or one end and an open one."""
        return self.end_point is not None or self.is_open

    @property
    def is_timed(self) -> bool:
        """True when every end is to the minute, so exports can use real start and end times."""
        return self.precision in TIMED

    @property
    def timezone(self) -> ZoneInfo | None:
        """The zone of the timed end(s); both ends of an interval always share one."""
        zone = zone_of(self.start_point.value)
        if zone is None and self.end_point is not None:
            zone = zone_of(self.end_point.value)
        return zone

    @property
    def first_day(self) -> date:
        """The first day it may cover: `date.min` when the start is open or unknown."""
        days = self._days
        return (days or self._find_days())[0]

    @property
    def last_day(self) -> date:
        """The last day it may cover: `date.max` when it is ongoing or its end unknown, so a
        selection of any later range keeps it."""
        days = self._days
        return (days or self._find_days())[1]

    def _find_days(self) -> tuple[date, date]:
        """`first_day` and `last_day`, kept: selection, review and checks ask for them again
        and again, and loading shares one When among the events and sources of a day."""
        first = date.min if self._open_start is not None else self._start_point.first_day
        last = date.max if self._open_end is not None else self.last_known_day
        object.__setattr__(self, "_days", (first, last))
        return first, last

    @property
    def last_known_day(self) -> date:
        """The last day of the last point given (an open end ignored): what writers show."""
        return (self.end_point or self.start_point).last_day

    @property
    def start(self) -> date | datetime:
        """The aware start datetime if timed, else the first calendar day covered."""
        if self.is_timed:
            return self.start_point.value
        return self.first_day

    @property
    def end(self) -> date | datetime:
        """The aware end datetime if timed (the start, for a timed point), else the last day."""
        if self.is_timed:
            return (self.end_point or self.start_point).value
        return self.last_day

    def overlaps(self, first: date | None = None, last: date | None = None) -> bool:
        """Whether any day this may cover falls in first..last (inclusive; None leaves it open).

        Generous on purpose: a filter for October must keep "2022" and "late September 2022?".

        Raises:
            DateError: for a date-time bound, or a range that ends before it starts.
        """
        for bound in (first, last):
            if isinstance(bound, datetime):
                raise DateError("overlaps() takes dates, not date-times", ACCEPTED_FORMS)
        if first is not None and last is not None and last < first:
            raise DateError(f"the range ends ({last}) before it starts ({first})", ACCEPTED_FORMS)
        return (first is None or self.last_day >= first) and (
            last is None or self.first_day <= last
        )

    # -- spelling ---------------------------------------------------------------------------

    def __str__(self) -> str:
        """The canonical EDTF spelling, computed once: every export writes it."""
        text = self._text
        if text is None:
            mark = QUALIFIER_MARK[self._approximate, self._uncertain]
            if self._scope is not None:
                text = scoped_text(self.start_point, self._scope, mark)
            elif self._end_marks is not None:
                assert self.end_point is not None
                end_mark = QUALIFIER_MARK[self._end_marks]
                text = f"{self.start_point}{mark}/{self.end_point}{end_mark}"
            elif self.unspecified:
                text = f"{unspecified_text(self.start_point, self.end_point)}{mark}"
            elif self.end_point is not None:
                season = season_code(
                    self.start_point,
                    self.end_point,
                    approximate=self._approximate,
                    uncertain=self._uncertain,
                )
                text = season or f"{self.start_point}{mark}/{self.end_point}{mark}"
            elif self.open_start is not None:
                text = f"{EDGE_TEXT[self.open_start]}/{self.start_point}{mark}"
            elif self.open_end is not None:
                text = f"{self.start_point}{mark}/{EDGE_TEXT[self.open_end]}"
            else:
                text = f"{self.start_point}{mark}"
            object.__setattr__(self, "_text", text)
        return text

    def __repr__(self) -> str:
        return f"When({str(self)!r})"

    def human(self) -> str:
        """The way an editor writes it; `When.parse` reads it back (timed ones need the zone).

        An open end reads "since 24 February 2022", an unknown one "from 24 February 2022 (end
        unknown)"; an open start "until 1985", an unknown one "until 1985 (start unknown)".
        """
        start, end = self._start_point, self._end_point
        if self._unspecified:
            assert end is not None
            return unspecified_words(
                start, end, approximate=self.approximate, uncertain=self.uncertain
            )
        if self._scope is not None:
            return scoped_words(start, self._scope, self._approximate, self._uncertain)
        if self._end_marks is not None:  # each end in its own words: "from c. 1984 to 2004"
            assert end is not None
            return ends_words(start, end, *self.marks)
        if self.is_open:
            return open_words(
                start,
                self._open_start,
                self._open_end,
                approximate=self.approximate,
                uncertain=self.uncertain,
            )
        return span_words(start, end, approximate=self.approximate, uncertain=self.uncertain)

    # -- identity and order -----------------------------------------------------------------

    def _key(self) -> _OrderKey:
        """Day first, coarse before fine, then instant, end, qualifiers; zone names break ties.

        A date point is fixed by its day and precision, a timed one by its instant and zone
        name, so this tuple tells apart exactly the Whens whose `str()` differs, without the
        cost of spelling them out (sorting 100,000 events computes it 100,000 times).
        """
        key = self._order_key
        if key is None:
            start = self.start_point
            end = self.end_point or start
            start_instant, start_zone = _instant(start.value)
            end_instant, end_zone = _instant(end.value)
            start_marks, end_marks = self.marks
            key = (
                start.value.toordinal(),
                _ORDER_RANK[start.precision],
                start_instant,
                end.last_day.toordinal(),
                _ORDER_RANK[end.precision],
                end_instant,
                _QUALIFIER_RANK[start_marks],
                _QUALIFIER_RANK[end_marks],
                _EDGE_RANK[self.open_start],
                _EDGE_RANK[self.open_end],
                self.unspecified,
                _SCOPE_RANK[self._scope],
                # a time to the second after the same instant to the minute
                start.precision is Precision.SECOND,
                end.precision is Precision.SECOND,
                start_zone,
                end_zone,
            )
            object.__setattr__(self, "_order_key", key)
        return key

    @property
    def sort_key(self) -> tuple[object, ...]:
        """The tuple that defines the order: sorting by it compares in C, not via `__lt__`."""
        return self._key()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key() >= other._key()

    # -- pydantic ---------------------------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Validate from str/date/datetime; pass `context={"zone": ...}` to set a default zone."""
        from pydantic_core import core_schema

        return core_schema.with_info_plain_validator_function(
            _READER.validate_for_pydantic,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="json"),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "description": (
                "A date, possibly partial, approximate (~), uncertain (?) or an interval (/), in "
                "ISO 8601 / EDTF or plain English; " + ACCEPTED_FORMS
            ),
            "examples": [
                "2022-10-13",
                "2022-10",
                "2022-10-12/2022-10-13",
                "2022-02-24/..",
                "2022-08~",
                "13 October 2022",
                "early October 2022",
                "2022-10-13T09:50+06:00[Asia/Almaty]",
            ],
        }


def _check_interval(start: Point, end: Point) -> None:
    first, last = start.value, end.value
    if (
        isinstance(first, datetime)
        and isinstance(last, datetime)
        and (first.tzinfo is None) != (last.tzinfo is None)
    ):
        raise DateError(
            f"one end of the interval {start}/{end} is a floating time (no zone) and the "
            "other is not: the two cannot be ordered",
            "give both ends a zone (or an offset), or neither",
        )
    start_zone, end_zone = zone_of(start.value), zone_of(end.value)
    if start_zone is not None and end_zone is not None and start_zone.key != end_zone.key:
        raise DateError(
            f"both ends of an interval must use the same time zone, not {start_zone.key} "
            f"and {end_zone.key}",
            ZONE_HINT,
        )
    backwards = end.last_day < start.first_day
    if isinstance(start.value, datetime) and isinstance(end.value, datetime):
        backwards = backwards or utc_seconds(end.value) < utc_seconds(start.value)
    if backwards:
        raise DateError(f"the interval ends ({end}) before it starts ({start})", ACCEPTED_FORMS)


def _rebuild(
    start: Point,
    end: Point | None,
    approximate: bool,
    uncertain: bool,
    open_start: Edge | None = None,
    open_end: Edge | None = None,
    unspecified: bool = False,
    end_marks: tuple[bool, bool] | None = None,
    scope: Scope | None = None,
) -> When:
    """Unpickle through the constructor, so a tampered pickle cannot skip validation."""
    return When(
        start,
        end,
        approximate=approximate,
        uncertain=uncertain,
        open_start=open_start,
        open_end=open_end,
        unspecified=unspecified,
        end_approximate=None if end_marks is None else end_marks[0],
        end_uncertain=None if end_marks is None else end_marks[1],
        scope=scope,
    )


def single(point: Point, *, approximate: bool = False, uncertain: bool = False) -> When:
    """A one-point When without re-validating the point: construction is the loader's hot path."""
    when = object.__new__(When)
    object.__setattr__(when, "_start_point", point)
    object.__setattr__(when, "_end_point", None)
    object.__setattr__(when, "_approximate", approximate)
    object.__setattr__(when, "_uncertain", uncertain)
    object.__setattr__(when, "_open_start", None)
    object.__setattr__(when, "_open_end", None)
    object.__setattr__(when, "_unspecified", False)
    object.__setattr__(when, "_end_marks", None)
    object.__setattr__(when, "_scope", None)
    object.__setattr__(when, "_order_key", None)
    object.__setattr__(when, "_text", None)
    object.__setattr__(when, "_days", None)
    return when


class _Reader:
    """The grammars' front door (`_reading`), imported on first use: the grammars build `When`s,
    so they import this module, not it them. Its functions are then kept on the one instance,
    so `When.parse` on the loader's hot path pays an attribute lookup per call: an import
    statement in its body cost more than the rest of a cached parse."""

    parse_text: Callable[[str, str | ZoneInfo | None, date | None], When]
    when_from_value: Callable[
        [When | str | date | datetime, str | ZoneInfo | None, date | None], When
    ]
    validate_for_pydantic: Callable[[Any, ValidationInfo], When]

    def __getattr__(self, name: str) -> Any:
        from timeline._when._reading import parse_text, validate_for_pydantic, when_from_value

        self.parse_text = parse_text
        self.when_from_value = when_from_value
        self.validate_for_pydantic = validate_for_pydantic
        return object.__getattribute__(self, name)


_READER: Final = _Reader()


def _checked_ends(
    start: Point, end: Point | None, open_start: Edge | None, open_end: Edge | None
) -> Point | None:
    """The end an interval keeps (None when it is the start again), once its ends agree: at
    most one end open, and an open interval with only its known point."""
    for edge in (open_start, open_end):
        if edge not in _EDGE_RANK:
            raise DateError(f"an open end is 'open' or 'unknown', not {edge!r}", OPEN_HINT)
    if open_start is not None and open_end is not None:
        raise DateError("an interval open at both ends says nothing", OPEN_HINT)
    if end is None:
        return None
    if open_start is not None or open_end is not None:
        raise DateError(
            "an interval with an open end has one point: the end that is known", OPEN_HINT
        )
    if end == start:
        return None
    _check_interval(start, end)
    return end


def _own_end_marks(
    approximate: bool, uncertain: bool, end_approximate: bool | None, end_uncertain: bool | None
) -> tuple[bool, bool] | None:
    """The end's (approximate, uncertain) when they differ from the start's, else None."""
    end_marks = (
        bool(approximate) if end_approximate is None else bool(end_approximate),
        bool(uncertain) if end_uncertain is None else bool(end_uncertain),
    )
    return end_marks if end_marks != (bool(approximate), bool(uncertain)) else None


def _check_scope(scope: str, interval: bool, start: Point, qualified: bool) -> None:
    """A scope narrows the qualifiers of one date finer than what it covers."""
    finer = {"year": Precision.MONTH, "month": Precision.DAY}.get(scope)
    if finer is None or not qualified:
        raise DateError(
            f"a qualifier's scope is 'year' or 'month', with a qualifier, not {scope!r}",
            ACCEPTED_FORMS,
        )
    if interval or RANK[start.precision] < RANK[finer]:
        raise DateError(
            f"only one date finer than its {scope} can qualify just its {scope}",
            "write e.g. 2004?-06-11 (the year uncertain) or 2004-06~-11",
        )
