"""Dates as chronologies know them: a year, a month, a day or a minute, or a span, often rough.

`When` is the one value every event carries. It is read from what people actually type (ISO 8601 /
EDTF, or plain English), has exactly one canonical spelling (`str`), a readable one (`human`) and a
total order, so that the same timeline always sorts the same way.
"""

from __future__ import annotations

import calendar
import difflib
import enum
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from timeline._errors import DateError, MissingReference

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema
    from pydantic_core.core_schema import ValidationInfo

    from timeline import _phrases

__all__ = ["ACCEPTED_FORMS", "Point", "Precision", "When", "written_in_words", "zone_named"]

ACCEPTED_FORMS: Final = (
    "write e.g. 2022-10-13, 13 October 2022, 2022-10, 2022 or summer 2022; every form read is "
    'listed in docs/authoring.md, section "Dates"'
)
"""The hint every unreadable date gets: a few forms, and where the others are. The list itself
is kept in one place, the docs, so an error stays a line or two long."""

_ZONE_HINT: Final = (
    "name an IANA time zone such as Asia/Almaty, Asia/Tashkent, Europe/Moscow or UTC"
)

_EN_DASH: Final = "\u2013"
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_NAMES: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
# Russian, as in the TASS, Kazinform or Akorda text a date is often copied from: the month on
# its own ("октябрь 2022"), after a day ("13 октября 2022 года") and after "в" ("в октябре")
_RUSSIAN_MONTHS: Final = (
    ("январь", "января", "январе"),
    ("февраль", "февраля", "феврале"),
    ("март", "марта", "марте"),
    ("апрель", "апреля", "апреле"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне"),
    ("июль", "июля", "июле"),
    ("август", "августа", "августе"),
    ("сентябрь", "сентября", "сентябре"),
    ("октябрь", "октября", "октябре"),
    ("ноябрь", "ноября", "ноябре"),
    ("декабрь", "декабря", "декабре"),
)
_MONTHS: Final = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
    **{form: number for number, forms in enumerate(_RUSSIAN_MONTHS, 1) for form in forms},
}
_WEEKDAYS: Final = {
    **{name.lower(): number for number, name in enumerate(_WEEKDAY_NAMES)},
    **{name[:3].lower(): number for number, name in enumerate(_WEEKDAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
# "\u0433." is the abbreviation of "год" (year), as in "13 октября 2022 \u0433."
_FILLERS: Final = frozenset({"the", "of", "at", "on", "в", "\u0433", "год", "года"})


class Precision(enum.StrEnum):
    """How much of a point in time is known; members run from coarse to fine."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


_RANK: Final = {
    Precision.YEAR: 0,
    Precision.MONTH: 1,
    Precision.DAY: 2,
    Precision.MINUTE: 3,
    Precision.SECOND: 4,
}
#: Coarse before fine on one day, but times of day by their instant, to the minute or second.
_ORDER_RANK: Final = {**_RANK, Precision.SECOND: _RANK[Precision.MINUTE]}
#: The precisions of a time of day: seconds are kept, and shown, only where they were given.
_TIMED: Final = frozenset({Precision.MINUTE, Precision.SECOND})


def _last_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _utc_seconds(value: datetime) -> int:
    """The instant as plain seconds, because datetime arithmetic overflows near years 1 and 9999."""
    offset = value.utcoffset()
    shift = 0 if offset is None else offset // timedelta(seconds=1)
    clock = value.hour * 3600 + value.minute * 60 + value.second
    return value.toordinal() * 86400 + clock - shift


def _instant(value: date) -> tuple[int, str]:
    """(UTC seconds, zone label) of a timed value; (0, "") of a plain date.

    The label tells the kinds of time apart at one instant: a zone's name, a fixed offset's
    text, "" for a floating time (whose "instant" is its wall time read as UTC).
    """
    if isinstance(value, datetime):
        zone = value.tzinfo
        if isinstance(zone, ZoneInfo):
            return _utc_seconds(value), zone.key
        offset = value.utcoffset()
        return _utc_seconds(value), "" if offset is None else offset_text(offset)
    return 0, ""


def _offset_suffix(offset: timedelta) -> str:
    """EDTF's spelling of a fixed offset: `Z` for UTC, `-04` for whole hours, else `+04:30`."""
    if not offset:
        return "Z"
    text = offset_text(offset)
    return text[:3] if text.endswith(":00") and len(text) == 6 else text


def _zone_of(value: date) -> ZoneInfo | None:
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
        return value.tzinfo
    return None


def offset_text(offset: timedelta, *, style: Literal["iso", "human", "ics"] = "iso") -> str:
    """A UTC offset as text: `+06:00` (ISO 8601, EDTF), `UTC+06` for people, `+0600` (RFC 5545).

    Seconds are shown only when there are some (historic local mean time: `+05:07:48`).
    """
    total = offset // timedelta(seconds=1)
    human = style == "human"
    if human and total == 0:
        return "UTC"
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    if human:
        text = f"UTC{sign}{hours:02d}"
        if minutes or seconds:
            text += f":{minutes:02d}"
    elif style == "ics":
        return f"{sign}{hours:02d}{minutes:02d}{f'{seconds:02d}' if seconds else ''}"
    else:
        text = f"{sign}{hours:02d}:{minutes:02d}"
    if seconds:
        text += f":{seconds:02d}"
    return text


@dataclass(frozen=True, slots=True, eq=False)
class Point:
    """One end of a `When`: a value truncated to its precision, so equal points look equal.

    Dates are truncated to their precision (a MONTH point of 13 October is 1 October); a MINUTE
    point must be a whole minute, a SECOND point a whole second, in a named IANA zone that
    exists on the local clock.

    Raises:
        DateError: for an unknown precision, a value of the wrong type for it, or a time that
            is finer than its precision, lacks a named zone or does not exist on the local clock.
    """

    value: date | datetime
    precision: Precision

    def __post_init__(self) -> None:
        precision: object = self.precision  # callers may pass "day"
        if not isinstance(precision, Precision):
            try:
                precision = Precision(str(precision))
            except ValueError:
                hint = _precisions(precision)
                raise DateError(f"unknown precision {precision!r}", hint) from None
            object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "value", _checked_value(self.value, precision))

    @property
    def first_day(self) -> date:
        """The first calendar day covered (the local day for a timed point)."""
        value = self.value
        return value.date() if isinstance(value, datetime) else value

    @property
    def last_day(self) -> date:
        """The last calendar day covered (31 December of a year, the last day of a month)."""
        value = self.value
        if isinstance(value, datetime):
            return value.date()
        if self.precision is Precision.YEAR:
            return date(value.year, 12, 31)
        if self.precision is Precision.MONTH:
            return value.replace(day=_last_of_month(value.year, value.month))
        return value

    def _identity(self) -> tuple[object, ...]:
        """What makes two points the same: datetimes alone compare instants and ignore the zone."""
        value = self.value
        if isinstance(value, datetime):
            zone = _zone_of(value)
            key = None if zone is None else zone.key
            return (self.precision, value.replace(tzinfo=None, fold=0), value.utcoffset(), key)
        return (self.precision, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Point):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __str__(self) -> str:
        value = self.value
        if self.precision is Precision.YEAR:
            return f"{value.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        if isinstance(value, datetime):
            seconds = f":{value.second:02d}" if self.precision is Precision.SECOND else ""
            text = (
                f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
                f"T{value.hour:02d}:{value.minute:02d}{seconds}"
            )
            offset = value.utcoffset()
            if offset is None:  # floating: the same clock time wherever it is read
                return text
            zone = _zone_of(value)
            if zone is None:
                return text + _offset_suffix(offset)
            return f"{text}{offset_text(offset)}[{zone.key}]"
        return value.isoformat()


def _checked_value(value: object, precision: Precision) -> date:
    """Validate a point's value for its precision; dates are truncated, times never are."""
    if precision in _TIMED:
        if not isinstance(value, datetime):
            raise DateError(
                f"a {precision}-precision point needs a datetime, not {value!r}", _ZONE_HINT
            )
        zone = value.tzinfo
        _check_whole(value, precision)
        wall = value.replace(tzinfo=None, fold=0)
        if zone is None:
            return wall
        if not isinstance(zone, ZoneInfo):
            return wall.replace(tzinfo=_fixed_zone(value.utcoffset()))
        if zone.key is None:
            raise DateError(
                f"a time zone must have an IANA name (zoneinfo.ZoneInfo), not {zone!r}",
                _ZONE_HINT,
            )
        return _localize(wall, zone, value.utcoffset() if value.fold else None)
    if isinstance(value, datetime):
        raise DateError(
            f"a {precision}-precision point takes a date, not a date-time",
            "use Precision.MINUTE (or SECOND) for a time of day, or pass value.date()",
        )
    if not isinstance(value, date):
        raise DateError(f"a point needs a date, not {value!r}", ACCEPTED_FORMS)
    if precision is Precision.YEAR:
        return date(value.year, 1, 1)
    if precision is Precision.MONTH:
        return date(value.year, value.month, 1)
    return date(value.year, value.month, value.day)


def _check_whole(value: datetime, precision: Precision = Precision.SECOND) -> None:
    """Times are kept to the second at the finest (as EDTF has them), to the minute if so said."""
    if value.microsecond:
        raise DateError(
            f"times are kept to the second, but {value.replace(tzinfo=None).isoformat()} has "
            "a fraction of one; drop it",
            ACCEPTED_FORMS,
        )
    if value.second and precision is Precision.MINUTE:
        raise DateError(
            f"a minute-precision time has no seconds, but "
            f"{value.replace(tzinfo=None).isoformat()} has; use Precision.SECOND",
            ACCEPTED_FORMS,
        )


def _precision_of(moment: datetime, *, said: bool) -> Precision:
    """To the second when seconds were written, or when the zone's clock shows some (a local
    mean time such as +05:07:48 puts seconds on an instant written to the minute)."""
    return Precision.SECOND if said or moment.second else Precision.MINUTE


def _timed_precision(value: datetime) -> Precision:
    """A datetime handed over (by TOML, or a program) is to the second only if it has seconds:
    TOML's local date-times always write them, as :00."""
    return Precision.SECOND if value.second else Precision.MINUTE


def _trusted_point(value: date, precision: Precision) -> Point:
    """Build a point whose value is already known to be valid: the loader's hot path."""
    point = object.__new__(Point)
    object.__setattr__(point, "value", value)
    object.__setattr__(point, "precision", precision)
    return point


_OrderKey = tuple[int, int, int, int, int, int, int, int, int, int, int, int, int, int, str, str]

#: An interval end left open: "open" (EDTF `..`: no end, as of an ongoing war) or "unknown"
#: (EDTF's empty end: it ended, but nobody says when).
Edge = Literal["open", "unknown"]
_EDGE_TEXT: Final = {None: None, "open": "..", "unknown": ""}
_EDGE_RANK: Final = {None: 0, "open": 1, "unknown": 2}

#: How far a single date's qualifier reaches: its year, or its year and month (EDTF's
#: qualification of a component, `2004?-06-11`); None is the whole date.
Scope = Literal["year", "month"]
_SCOPE_RANK: Final = {None: 0, "year": 1, "month": 2}
_QUALIFIER_WORDS: Final = {
    (True, False): "approximate",
    (False, True): "uncertain",
    (True, True): "approximate and uncertain",
}
_SCOPED: Final = re.compile(
    r"(?P<year>[0-9]{4})(?P<year_mark>[~?%])?-(?P<month>[0-9]{2})(?P<month_mark>[~?%])?"
    r"(?:-(?P<day>[0-9]{2}))?"
)
_SCOPED_WORDS: Final = re.compile(
    r"(?P<date>.+?)\s*\((?P<covered>year|year and month)\s+"
    r"(?P<qualified>approximate and uncertain|approximate|uncertain)\)",
    re.IGNORECASE,
)


def _scoped_text(point: Point, scope: Scope, mark: str) -> str:
    """`2004?-06-11`: the mark right after the last component it covers."""
    value = point.value
    year, month = f"{value.year:04d}", f"-{value.month:02d}"
    day = f"-{value.day:02d}" if point.precision is not Precision.MONTH else ""
    if scope == "year":
        return f"{year}{mark}{month}{day}"
    return f"{year}{month}{mark}{day}"


def _parse_scoped(text: str) -> When | None:
    """A qualifier on a component: `2004?-06-11` (the year), `2004-06~-11` (year and month)."""
    match = _SCOPED.fullmatch(text)
    if match is None or (match["year_mark"] is None) == (match["month_mark"] is None):
        return None
    if match["month_mark"] is not None and match["day"] is None:
        return None  # 2004-06~ qualifies the whole date
    year, month = int(match["year"]), int(match["month"])
    _check_year(year)
    _check_month(month)
    if match["day"] is None:
        point = _trusted_point(date(year, month, 1), Precision.MONTH)
    else:
        point = _trusted_point(_make_date(year, month, int(match["day"])), Precision.DAY)
    scope: Scope = "year" if match["year_mark"] is not None else "month"
    approximate, uncertain = _MARK_FLAGS[match["year_mark"] or match["month_mark"]]
    return When(point, approximate=approximate, uncertain=uncertain, scope=scope)


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
        for edge in (open_start, open_end):
            if edge not in _EDGE_RANK:
                raise DateError(f"an open end is 'open' or 'unknown', not {edge!r}", _OPEN_HINT)
        if open_start is not None and open_end is not None:
            raise DateError("an interval open at both ends says nothing", _OPEN_HINT)
        if end_point is not None:
            if open_start is not None or open_end is not None:
                raise DateError(
                    "an interval with an open end has one point: the end that is known",
                    _OPEN_HINT,
                )
            if end_point == start_point:
                end_point = None
            else:
                _check_interval(start_point, end_point)
        set_slot = object.__setattr__
        set_slot(self, "_start_point", start_point)
        set_slot(self, "_end_point", end_point)
        set_slot(self, "_approximate", bool(approximate))
        set_slot(self, "_uncertain", bool(uncertain))
        set_slot(self, "_open_start", open_start)
        set_slot(self, "_open_end", open_end)
        set_slot(self, "_unspecified", bool(unspecified))
        end_marks = (
            bool(approximate) if end_approximate is None else bool(end_approximate),
            bool(uncertain) if end_uncertain is None else bool(end_uncertain),
        )
        own = end_marks != (bool(approximate), bool(uncertain))
        if own and (end_point is None or unspecified):
            raise DateError(
                "only an interval of two points can qualify its ends apart", ACCEPTED_FORMS
            )
        set_slot(self, "_end_marks", end_marks if own else None)
        if scope is not None:
            finer = {"year": Precision.MONTH, "month": Precision.DAY}.get(scope)
            if finer is None or not (approximate or uncertain):
                raise DateError(
                    f"a qualifier's scope is 'year' or 'month', with a qualifier, not {scope!r}",
                    ACCEPTED_FORMS,
                )
            if self.is_interval or _RANK[start_point.precision] < _RANK[finer]:
                raise DateError(
                    f"only one date finer than its {scope} can qualify just its {scope}",
                    "write e.g. 2004?-06-11 (the year uncertain) or 2004-06~-11",
                )
        set_slot(self, "_scope", scope)
        set_slot(self, "_order_key", None)
        set_slot(self, "_text", None)
        set_slot(self, "_days", None)
        if unspecified and _unspecified_text(self) is None:
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
        default = None if zone is None else _resolve_zone(zone)
        stripped = text.strip()
        return _plain_day(stripped) or _parse_cached(stripped, default, _reference_day(reference))

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
        raw: object = value  # TOML readers hand over Any, so check what really came
        if isinstance(raw, When):
            return raw
        if isinstance(raw, str):
            return cls.parse(raw, zone=zone, reference=reference)
        if isinstance(raw, datetime):
            moment = _from_datetime(raw, _resolve_zone(zone))
            return _single(_trusted_point(moment, _timed_precision(moment)))
        if isinstance(raw, date):
            return _day_when(raw if type(raw) is date else date(raw.year, raw.month, raw.day))
        if isinstance(raw, int) and not isinstance(raw, bool):
            raise DateError(f"the bare number {raw} is not a date", _number_as_text(raw))
        if isinstance(raw, time):
            raise DateError(f"the time {raw} has no date", ACCEPTED_FORMS)
        raise DateError(f"cannot read {type(raw).__name__} {raw!r} as a date", ACCEPTED_FORMS)

    # -- what it covers ---------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """The coarsest of the ends: a span from October to 5 November is month-precise."""
        end = self.end_point
        if end is None or _RANK[self.start_point.precision] <= _RANK[end.precision]:
            return self.start_point.precision
        return end.precision

    @property
    def is_interval(self) -> bool:
        """Two ends, or one end and an open one."""
        return self.end_point is not None or self.is_open

    @property
    def is_timed(self) -> bool:
        """True when every end is to the minute, so exports can use real start and end times."""
        return self.precision in _TIMED

    @property
    def timezone(self) -> ZoneInfo | None:
        """The zone of the timed end(s); both ends of an interval always share one."""
        zone = _zone_of(self.start_point.value)
        if zone is None and self.end_point is not None:
            zone = _zone_of(self.end_point.value)
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
            mark = _QUALIFIER_MARK[self._approximate, self._uncertain]
            if self._scope is not None:
                text = _scoped_text(self.start_point, self._scope, mark)
            elif self._end_marks is not None:
                assert self.end_point is not None
                end_mark = _QUALIFIER_MARK[self._end_marks]
                text = f"{self.start_point}{mark}/{self.end_point}{end_mark}"
            elif self.unspecified:
                text = f"{_unspecified_text(self)}{mark}"
            elif self.end_point is not None:
                text = _season_code(self) or f"{self.start_point}{mark}/{self.end_point}{mark}"
            elif self.open_start is not None:
                text = f"{_EDGE_TEXT[self.open_start]}/{self.start_point}{mark}"
            elif self.open_end is not None:
                text = f"{self.start_point}{mark}/{_EDGE_TEXT[self.open_end]}"
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
        if self.unspecified:
            return _unspecified_words(self)
        if self._scope is not None:
            covered = "year" if self._scope == "year" else "year and month"
            qualified = _QUALIFIER_WORDS[self._approximate, self._uncertain]
            return f"{_human_point(self.start_point)} ({covered} {qualified})"
        if self._end_marks is not None:  # each end in its own words: "from c. 1984 to 2004"
            assert self.end_point is not None
            (start_approximate, start_uncertain), (end_approximate, end_uncertain) = self.marks
            first = _single(self.start_point, approximate=start_approximate)
            last = _single(self.end_point, approximate=end_approximate)
            return (
                f"from {first.human()}{'?' if start_uncertain else ''} "
                f"to {last.human()}{'?' if end_uncertain else ''}"
            )
        if self.is_open:
            known = _single(self.start_point, approximate=self.approximate).human()
            known += "?" if self.uncertain else ""
            if self.open_end == "open":
                return f"since {known}"
            if self.open_end == "unknown":
                return f"from {known} (end unknown)"
            if self.open_start == "open":
                return f"until {known}"
            return f"until {known} (start unknown)"
        start, end = self.start_point, self.end_point
        suffix = "?" if self.uncertain else ""
        third = self._month_third()
        if third is not None:
            month = f"{_MONTH_NAMES[start.value.month - 1]} {start.value.year:04d}"
            return f"{'mid-' if third == 'mid' else third + ' '}{month}{suffix}"
        named = self._named_months()
        if named is not None:
            return f"{named}{suffix}"
        prefix = "c. " if self.approximate else ""
        if end is None:
            return f"{prefix}{_human_point(start)}{suffix}"
        return f"{prefix}{_human_span(start, end)}{suffix}"

    def _named_months(self) -> str | None:
        """'summer 2022', 'Q3 2022', 'early 2022'... when this is exactly such a span of months."""
        start, end = self.start_point, self.end_point
        if end is None or start.precision is not Precision.MONTH:
            return None
        if end.precision is not Precision.MONTH:
            return None
        from timeline._phrases import span_name  # only now: it imports dateutil

        return span_name(start.value, end.value, self.approximate)

    def _month_third(self) -> str | None:
        """'early', 'mid' or 'late' when this is exactly that approximate third of one month."""
        start, end = self.start_point, self.end_point
        if (
            not self.approximate
            or end is None
            or start.precision is not Precision.DAY
            or end.precision is not Precision.DAY
        ):
            return None
        first, last = start.value, end.value
        if (first.year, first.month) != (last.year, last.month):
            return None
        span = (first.day, last.day)
        if span == (1, 10):
            return "early"
        if span == (11, 20):
            return "mid"
        if span == (21, _last_of_month(first.year, first.month)):
            return "late"
        return None

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
            _validate_for_pydantic,
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


_QUALIFIER_MARK: Final = {
    (False, False): "",
    (True, False): "~",
    (False, True): "?",
    (True, True): "%",
}
_QUALIFIER_RANK: Final = {(False, False): 0, (True, False): 1, (False, True): 2, (True, True): 3}
_MARK_FLAGS: Final = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}


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
    start_zone, end_zone = _zone_of(start.value), _zone_of(end.value)
    if start_zone is not None and end_zone is not None and start_zone.key != end_zone.key:
        raise DateError(
            f"both ends of an interval must use the same time zone, not {start_zone.key} "
            f"and {end_zone.key}",
            _ZONE_HINT,
        )
    backwards = end.last_day < start.first_day
    if isinstance(start.value, datetime) and isinstance(end.value, datetime):
        backwards = backwards or _utc_seconds(end.value) < _utc_seconds(start.value)
    if backwards:
        raise DateError(f"the interval ends ({end}) before it starts ({start})", ACCEPTED_FORMS)


def _reference_day(reference: object) -> date | None:
    """The calendar day of a reference; a datetime counts as its own (local) day."""
    if reference is None:
        return None
    if isinstance(reference, datetime):
        return reference.date()
    if isinstance(reference, date):
        return date(reference.year, reference.month, reference.day)
    raise DateError(
        f"the reference day must be a date, not {type(reference).__name__}",
        "pass the day the text was written, e.g. date(2022, 10, 16)",
    )


def written_in_words(text: str) -> bool:
    """Whether `text` is a phrase for the English (or Russian) reader rather than ISO 8601/EDTF
    notation: the loader keeps such phrases beside the date they resolve to."""
    stripped = text.strip()
    if (
        not stripped
        or _NUMERIC_DATE.fullmatch(stripped)
        or _LONG_YEAR.match(stripped)
        or _OUTSIDE_YEARS.match(stripped)
    ):
        return False
    parts = _SLASH.split(stripped)
    return not all(
        _ISO_END.fullmatch(part)
        or _ISO_LIKE.fullmatch(part)
        or _UNSPECIFIED.fullmatch(part)
        or part.strip() in ("", "..")
        for part in parts
    )


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


def _single(point: Point, *, approximate: bool = False, uncertain: bool = False) -> When:
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


@lru_cache(maxsize=4096)
def _day_when(day: date) -> When:
    """One shared When per day: a chronology dates many events and sources by the same days."""
    return _single(_trusted_point(day, Precision.DAY))


def _plain_day(text: str) -> When | None:
    """The shared When of `2022-10-13` written just so, the commonest date of all; else None.

    A day needs no zone or reference day, and `date.fromisoformat` reads it in C.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return _day_when(date.fromisoformat(text))
        except ValueError:
            pass  # the general parser says what exactly is wrong
    return None


def _validate_for_pydantic(value: Any, info: ValidationInfo) -> When:
    # the commonest values first: an event's `when` the loader has read already, then a source's
    # `published`, most often a TOML date or ISO day text
    if type(value) is When:
        return value
    if type(value) is date:
        return _day_when(value)
    if type(value) is str and (day := _plain_day(value)) is not None:
        return day
    context = info.context
    zone = context.get("zone") if isinstance(context, dict) else None
    reference = context.get("reference") if isinstance(context, dict) else None
    if isinstance(value, When | str | date):
        return When.from_value(value, zone=zone, reference=reference)
    raise DateError(
        f"expected a date, a date-time or a string, not {type(value).__name__}", ACCEPTED_FORMS
    )


# -- zones and clocks -------------------------------------------------------------------------


def _resolve_zone(zone: str | ZoneInfo | None) -> ZoneInfo | None:
    if zone is None:
        return None
    if isinstance(zone, ZoneInfo):
        if zone.key is None:
            raise DateError("the time zone has no IANA name", _ZONE_HINT)
        return zone
    if not isinstance(zone, str):
        raise DateError(f"a time zone is a name, not {zone!r}", _ZONE_HINT)
    return zone_named(zone)


@lru_cache(maxsize=512)
def zone_named(name: str) -> ZoneInfo:
    """The IANA zone of that name, or a `DateError` that suggests the nearest real one."""
    key = name.strip()
    if key:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    message = f"unknown time zone {name!r}"
    known = _known_zones()
    close = [zone for zone in known if zone.lower() == key.lower()]
    close = close or difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if re.fullmatch(r"(?:UTC|GMT)?\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?", key, re.IGNORECASE):
        message += ": a UTC offset is not a time zone"
    elif close:
        message += f"; did you mean {close[0]}?"
    raise DateError(message, _ZONE_HINT)


@lru_cache(maxsize=1)
def _known_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def _localize(wall: datetime, zone: ZoneInfo, offset: timedelta | None = None) -> datetime:
    """Put a naive local time in `zone`: refuse times the clocks skipped, and use `offset` (else
    the first occurrence) to choose between the two readings of a time the clocks repeated."""
    first = wall.replace(tzinfo=zone)
    second = wall.replace(tzinfo=zone, fold=1)
    first_offset, second_offset = first.utcoffset(), second.utcoffset()
    assert first_offset is not None  # a ZoneInfo always answers
    assert second_offset is not None
    when_text = f"{wall.date().isoformat()} at {wall.hour:02d}:{wall.minute:02d}"
    if first_offset < second_offset:
        before = offset_text(first_offset, style="human")
        after = offset_text(second_offset, style="human")
        raise DateError(
            f"{when_text} does not exist in {zone.key}: the clocks jumped from {before} to {after}",
            "the clocks skipped that time; pick one before or after the change",
        )
    if offset is None or offset == first_offset:
        return first
    if offset == second_offset:
        return second
    expected = offset_text(first_offset)
    if first_offset != second_offset:
        expected += f" or {offset_text(second_offset)}"
    raise DateError(
        f"the offset {offset_text(offset)} does not match {zone.key}, which on "
        f"{when_text} was {expected}",
        "drop the offset or correct it; the zone's rules decide",
    )


def _convert(wall: datetime, offset: timedelta, zone: ZoneInfo) -> datetime:
    """Show the instant `wall` at `offset` on the clocks of `zone`."""
    try:
        moment = wall.replace(tzinfo=timezone(offset)).astimezone(zone)
    except (OverflowError, ValueError):
        raise DateError(
            f"{wall.isoformat()} is out of range in {zone.key}", "years run from 0001 to 9999"
        ) from None
    _check_whole(moment)
    return moment


def _fixed_zone(offset: timedelta | None) -> timezone:
    """The tzinfo of a time at a fixed offset: one object per offset, UTC's being `timezone.utc`."""
    if offset is None or offset % timedelta(seconds=1) or abs(offset) >= timedelta(hours=24):
        raise DateError(
            f"the UTC offset {offset} is not one a clock shows (whole seconds, under 24 hours)",
            _ZONE_HINT,
        )
    return UTC if not offset else timezone(offset)


def _from_datetime(value: datetime, zone: ZoneInfo | None) -> datetime:
    """A datetime handed over (by TOML or a program): a named zone is kept; a naive time is
    local to `zone` if there is one, else floating; a bare offset is shown on `zone`'s clocks
    (a TOML date-time cannot name its zone, so the timeline's zone is the one meant), else
    kept as a fixed offset."""
    offset = value.utcoffset()
    if offset is None:
        if zone is None:
            return _validated_zoned_datetime(value.replace(tzinfo=None))
        _check_whole(value)
        return _localize(value.replace(fold=0), zone)
    own = value.tzinfo
    if isinstance(own, ZoneInfo) and own.key is not None:
        return _validated_zoned_datetime(value)
    wall = value.replace(tzinfo=None)
    if zone is not None:
        return _convert(wall, offset, zone)
    _check_whole(value)
    return wall.replace(tzinfo=_fixed_zone(offset))


def _validated_zoned_datetime(value: datetime) -> datetime:
    """Fully validate a timed value (whole seconds; in an IANA zone, a wall time that exists
    there)."""
    result = _checked_value(value, _timed_precision(value))
    assert isinstance(result, datetime)
    return result


# -- calendar checks --------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise DateError(
            f"year {year:04d} does not exist here: years run from 0001 to 9999", ACCEPTED_FORMS
        )


def _check_month(month: int) -> None:
    if 21 <= month <= 24:
        raise DateError(
            f"an EDTF season ({month}) is a span of three months, and cannot be part of a "
            "longer date or one end of an interval",
            "write the season alone (2022-22), or its months (2022-06~/2022-08~)",
        )
    if not 1 <= month <= 12:
        raise DateError(
            f"month {month:02d} does not exist: months run from 01 to 12", ACCEPTED_FORMS
        )


def _make_date(year: int, month: int, day: int) -> date:
    _check_year(year)
    _check_month(month)
    last = _last_of_month(year, month)
    if 1 <= day <= last:
        return date(year, month, day)
    name = _MONTH_NAMES[month - 1]
    if day == 0:
        message = f"day 0 of {name} {year:04d} does not exist: days start at 1"
    elif month == 2 and day == 29:
        message = f"29 February {year:04d} does not exist: {year:04d} is not a leap year"
    elif month == 2:
        message = f"{day} February {year:04d} does not exist: February {year:04d} has {last} days"
    else:
        message = f"{day} {name} {year:04d} does not exist: {name} has {last} days"
    raise DateError(message, "check the day against a calendar")


def _make_time(hour: int, minute: int, second: int = 0) -> time:
    if hour > 23:
        raise DateError(f"hour {hour} does not exist: hours run from 00 to 23", ACCEPTED_FORMS)
    if minute > 59:
        raise DateError(f"minute {minute} does not exist: minutes run 00 to 59", ACCEPTED_FORMS)
    if second > 59:
        raise DateError(
            f"second {second} does not exist: seconds run 00 to 59 (leap seconds are not kept)",
            ACCEPTED_FORMS,
        )
    return time(hour, minute, second)


def _make_offset(sign: str, hours: int, minutes: int, seconds: int) -> timedelta:
    if hours > 23 or minutes > 59 or seconds > 59:
        raise DateError(
            f"the UTC offset {sign}{hours:02d}:{minutes:02d} is out of range", ACCEPTED_FORMS
        )
    offset = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return -offset if sign in "-\u2212" else offset


def _timed(
    day: date,
    clock: time,
    offset: timedelta | None,
    is_utc: bool,
    named: ZoneInfo | None,
    default: ZoneInfo | None,
    *,
    keep_offset: bool = True,
) -> datetime:
    """Resolve a written time: a named zone is checked against the offset; a bare offset (or Z)
    is kept as written (EDTF's fixed offset), or with `keep_offset=False` shown on the default
    zone's clocks; a bare time is local to the default zone, else floating."""
    wall = datetime.combine(day, clock)
    if named is not None:
        if offset is None:
            return _localize(wall, named)
        return _convert(wall, offset, named) if is_utc else _localize(wall, named, offset)
    if offset is not None:
        if default is not None and not keep_offset:
            return _convert(wall, offset, default)
        return wall.replace(tzinfo=_fixed_zone(offset))
    if default is None:
        return wall
    return _localize(wall, default)


# -- ISO 8601 / EDTF --------------------------------------------------------------------------

_ISO_END: Final = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:-(?P<month>[0-9]{2})
      (?:-(?P<day>[0-9]{2})
        (?:[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?
          (?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?
        )?
        (?P<inner>[~?%])?
        (?:\[!?(?P<zone>[^\]]*)\])?
      )?
    )?
    (?P<mark>[~?%])?
    """,
    re.VERBOSE | re.ASCII,
)
_SLASH: Final = re.compile(r"/(?![^\[]*\])")
_EDGE_OF: Final[dict[str, Edge]] = {"..": "open", "": "unknown"}
_OPEN_HINT: Final = (
    "write an interval open at one end as 2022-02-24/.. (still going on), 2022-02-24/ (ended, "
    "date unknown), ../1985 (no start) or /1985 (start unknown)"
)
_NUMERIC_DATE: Final = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{2,4})")
_LONG_YEAR: Final = re.compile(r"[+-]?[0-9]{5,}|-[0-9]{4}")
#: EDTF's years past four digits (`Y170000002`, `Y-170000002`) and before year 1 (`-1985`)
_OUTSIDE_YEARS: Final = re.compile(r"(?P<year>Y-?[0-9]+|-[0-9]{4})(?![0-9])")
_ISO_LIKE: Final = re.compile(r"[0-9]{4}-(?:[0-9]{1,2})?(?:-[0-9]{0,2})?(?:[Tt].*)?")


@lru_cache(maxsize=4096)
def _parse_cached(text: str, zone: ZoneInfo | None, reference: date | None) -> When:
    """`_parse`, remembered: a chronology cites the same few sources, with the same publication
    dates, dozens of times (a When is immutable, so one may be shared). Refusals are not kept."""
    return _parse(text, zone, reference)


def _parse(text: str, zone: ZoneInfo | None, reference: date | None = None) -> When:
    if not text:
        raise DateError("the date is empty", ACCEPTED_FORMS)
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        raise _numeric_date_error(numeric)
    when = _parse_iso(text, zone)
    if when is not None:
        return when
    outside = _OUTSIDE_YEARS.match(text)
    if outside:
        year = int(outside["year"].replace("Y", ""))
        # ISO 8601 counts a year 0, so its year -1985 is 1986 BCE
        era = f"{year} ({1 - year} BCE)" if year <= 0 else str(year)
        raise DateError(
            f"{text!r} is in the year {era}: a timeline keeps the years 0001 to 9999 (those of "
            "the Gregorian calendar's dates in Python), so it cannot place this one",
            "give a year from 0001 to 9999, or leave the event out",
        )
    if _LONG_YEAR.match(text):
        raise DateError(
            f"cannot read {text!r}: years have four digits (0001 to 9999) and the parts of a "
            "date are separated by '-'",
            ACCEPTED_FORMS,
        )
    return _parse_english(text, zone, reference)


def _numeric_date_error(match: re.Match[str]) -> DateError:
    """Numeric dates are refused, since 03/04/2022 is 3 April in Astana and March 4 in New York;
    the error offers the readings that the digits allow, written so they cannot be misread."""
    text, year_text = match.group(0), match.group(4)
    first, second = int(match.group(1)), int(match.group(3))
    if len(year_text) != 4:
        return DateError(
            f"{text!r} has a two-digit year, and numeric dates are not read",
            "write the year in full and the month in words, e.g. 13 October 2022",
        )
    year = int(year_text)
    readings: list[date] = []
    for day, month in {(first, second), (second, first)}:
        if 1 <= month <= 12 and 1 <= day <= _last_of_month(year, month):
            readings.append(date(year, month, day))
    readings.sort()
    if not readings:
        return DateError(f"{text!r} is not a date in any reading", ACCEPTED_FORMS)
    written = " or ".join(_human_day(day) for day in readings)
    iso = " or ".join(day.isoformat() for day in readings)
    if len(readings) == 1:
        message = (
            f"{text!r} can only be {written}, but numeric dates are not read: in others, "
            "such as 03/04/2022, the day and the month could be either way round"
        )
    else:
        message = f"{text!r} is ambiguous: it could be {written}"
    return DateError(message, f"write {iso}, or the month in words")


def _parse_iso(text: str, zone: ZoneInfo | None) -> When | None:
    """Read ISO 8601 / EDTF, or return None when the text is not in that shape at all."""
    parts = _SLASH.split(text)
    if len(parts) > 2:
        raise DateError(f"{text!r} has more than one '/'; an interval has two ends", ACCEPTED_FORMS)
    edges: tuple[Edge | None, Edge | None] = (None, None)
    if len(parts) == 2 and any(part.strip() in ("", "..") for part in parts):
        first, second = (part.strip() for part in parts)
        if first in ("", "..") and second in ("", ".."):
            raise DateError(f"{text!r} gives neither end", _OPEN_HINT)
        if first in ("", ".."):
            edges, parts = (_EDGE_OF[first], None), [second]
        else:
            edges, parts = (None, _EDGE_OF[second]), [first]
    if "X" in text:
        return _parse_unspecified(text, parts, edges)
    matches = [_ISO_END.fullmatch(part) for part in parts]
    if len(parts) == 1 and matches[0] is None and edges == (None, None):
        scoped = _parse_scoped(parts[0])  # a mark inside the date, only tried when needed
        if scoped is not None:
            return scoped
    season = matches[0] if len(matches) == 1 and edges == (None, None) else None
    if season is not None and season["month"] in _SEASON_CODES and season["day"] is None:
        return _season_when(int(season["year"]), int(season["month"]), season["mark"] or "")
    if None in matches:
        for part, match in zip(parts, matches, strict=True):
            if match is None and _ISO_LIKE.fullmatch(part):
                raise DateError(
                    f"cannot read {part!r} as an ISO 8601 date: each part after the year takes "
                    "two digits, as in 2022-01, 2022-01-05 or 2022-01-05T09:05[Asia/Almaty]",
                    ACCEPTED_FORMS,
                )
        return None
    zones = [zone_named(m["zone"]) for m in matches if m is not None and m["zone"] is not None]
    points: list[Point] = []
    marks: list[str] = []
    for match in matches:
        assert match is not None
        named = None if match["zone"] is None else zone_named(match["zone"])
        default = zones[0] if zones else zone
        points.append(_iso_point(match, named, default))
        if match["inner"] and match["mark"]:
            raise DateError(f"{text!r} has two qualifiers on one end", ACCEPTED_FORMS)
        marks.append(match["inner"] or match["mark"] or "")
    approximate, uncertain = _MARK_FLAGS[marks[0]]
    if edges != (None, None):
        return When(
            points[0],
            approximate=approximate,
            uncertain=uncertain,
            open_start=edges[0],
            open_end=edges[1],
        )
    if len(points) == 1:
        return _single(points[0], approximate=approximate, uncertain=uncertain)
    end_approximate, end_uncertain = _MARK_FLAGS[marks[1]]
    return When(
        points[0],
        points[1],
        approximate=approximate,
        uncertain=uncertain,
        end_approximate=end_approximate,
        end_uncertain=end_uncertain,
    )


_UNSPECIFIED: Final = re.compile(
    r"(?P<year>[0-9]{4}|[0-9]{1,3}X{1,3})(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>XX))?)?"
    r"(?P<mark>[~?%])?"
)
_UNSPECIFIED_FORMS: Final = (
    "write a decade or a century (201X, 20XX), the months of a year (2004-XX), or the days of "
    "a month or a year (1985-04-XX, 1985-XX-XX)"
)


def _parse_unspecified(text: str, parts: list[str], edges: tuple[object, object]) -> When:
    """EDTF's unspecified digits, from the right: `201X`, `20XX`, `2004-XX`, `1985-04-XX`."""
    match = _UNSPECIFIED.fullmatch(parts[0]) if len(parts) == 1 else None
    if match is None or edges != (None, None) or "X" not in parts[0]:
        raise DateError(
            f"cannot read {text!r}: X digits stand for the last digits of a year, a whole "
            "month or a whole day, in a date alone",
            _UNSPECIFIED_FORMS,
        )
    year_text, month, day = match["year"], match["month"], match["day"]
    approximate, uncertain = _MARK_FLAGS[match["mark"] or ""]
    if "X" in year_text:
        if month is not None:
            raise DateError(
                f"cannot read {text!r}: a year with X digits takes no month", _UNSPECIFIED_FORMS
            )
        unknown = 10 ** year_text.count("X")
        low = int(year_text.rstrip("X")) * unknown
        if low == 0:
            raise DateError(
                f"{text!r} includes the year 0: a timeline keeps the years 0001 to 9999",
                "give a year from 0001 to 9999",
            )
        points = (date(low, 1, 1), date(low + unknown - 1, 1, 1), Precision.YEAR)
    else:
        year = int(year_text)
        _check_year(year)
        if month == "XX" and day is None:
            points = (date(year, 1, 1), date(year, 12, 1), Precision.MONTH)
        elif month == "XX":
            points = (date(year, 1, 1), date(year, 12, 31), Precision.DAY)
        else:
            assert month is not None
            assert day == "XX"
            number = int(month)
            _check_month(number)
            last = _last_of_month(year, number)
            points = (date(year, number, 1), date(year, number, last), Precision.DAY)
    first, last_value, precision = points
    return When(
        _trusted_point(first, precision),
        _trusted_point(last_value, precision),
        approximate=approximate,
        uncertain=uncertain,
        unspecified=True,
    )


def _unspecified_text(when: When) -> str | None:
    """The X-digit spelling of an unspecified When's span, or None if no such spelling fits."""
    start, end = when.start_point, when.end_point
    if end is None or start.precision is not end.precision or when.is_open:
        return None
    first, last = start.value, end.value
    if start.precision is Precision.YEAR:
        for digits in (1, 2, 3):
            unknown = 10**digits
            if first.year % unknown == 0 and last.year == first.year + unknown - 1:
                return f"{first.year // unknown:0{4 - digits}d}" + "X" * digits
        return None
    if first.year != last.year:
        return None
    if start.precision is Precision.MONTH:
        return f"{first.year:04d}-XX" if (first.month, last.month) == (1, 12) else None
    if start.precision is Precision.DAY and first.day == 1:
        if (first.month, last.month, last.day) == (1, 12, 31):
            return f"{first.year:04d}-XX-XX"
        month_end = _last_of_month(first.year, first.month)
        if first.month == last.month and last.day == month_end:
            return f"{first.year:04d}-{first.month:02d}-XX"
    return None


def _unspecified_words(when: When) -> str:
    """'some year of the 2010s', 'some month of 2004', 'some day in April 1985'."""
    start, end = when.start_point, when.end_point
    assert end is not None
    first, last = start.value, end.value
    suffix = "?" if when.uncertain else ""
    prefix = "c. " if when.approximate else ""
    if start.precision is Precision.YEAR:
        if last.year - first.year == 9:
            words = f"some year of the {first.year:04d}s"
        else:
            words = f"some year from {first.year:04d} to {last.year:04d}"
    elif start.precision is Precision.MONTH:
        words = f"some month of {first.year:04d}"
    elif first.month == last.month:
        words = f"some day in {_MONTH_NAMES[first.month - 1]} {first.year:04d}"
    else:
        words = f"some day in {first.year:04d}"
    return f"{prefix}{words}{suffix}"


#: EDTF's seasons, 21 to 24: spring, summer, autumn and winter, the same spans (meteorological,
#: northern, approximate) as "summer 2022" in words, so each season has one spelling.
_SEASON_CODES: Final = {"21": 3, "22": 6, "23": 9, "24": 12}
_SEASON_OF_MONTH: Final = {3: 21, 6: 22, 9: 23, 12: 24}


def _season_when(year: int, code: int, mark: str) -> When:
    _check_year(year)
    if year == 9999 and code == 24:
        raise DateError(
            "winter 9999 runs into the year 10000, past the last year kept", "write 9999-12~"
        )
    first = date(year, _SEASON_CODES[str(code)], 1)
    last = date(year + 1, 2, 1) if code == 24 else date(year, first.month + 2, 1)
    _, uncertain = _MARK_FLAGS[mark]
    return When(
        _trusted_point(first, Precision.MONTH),
        _trusted_point(last, Precision.MONTH),
        approximate=True,  # a season is a rough span whatever its mark says
        uncertain=uncertain,
    )


def _season_code(when: When) -> str | None:
    """`2022-22` when `when` is exactly an approximate season, as "summer 2022" reads."""
    start, end = when.start_point, when.end_point
    if (
        end is None
        or not when.approximate
        or when.uncertain
        or start.precision is not Precision.MONTH
        or end.precision is not Precision.MONTH
    ):
        return None
    code = _SEASON_OF_MONTH.get(start.value.month)
    first, last = start.value, end.value
    if code is None or (last.year * 12 + last.month) - (first.year * 12 + first.month) != 2:
        return None
    return f"{first.year:04d}-{code}"


def _iso_point(match: re.Match[str], named: ZoneInfo | None, default: ZoneInfo | None) -> Point:
    year = int(match["year"])
    _check_year(year)
    if match["month"] is None:
        return _trusted_point(date(year, 1, 1), Precision.YEAR)
    month = int(match["month"])
    _check_month(month)
    if match["day"] is None:
        return _trusted_point(date(year, month, 1), Precision.MONTH)
    day = _make_date(year, month, int(match["day"]))
    if match["hour"] is None:
        if match["zone"] is not None:
            raise DateError("a time zone needs a time of day", ACCEPTED_FORMS)
        return _trusted_point(day, Precision.DAY)
    clock = _make_time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    written = match["offset"]
    offset: timedelta | None = None
    is_utc = False
    if written is not None:
        if written in "Zz":
            offset, is_utc = timedelta(0), True
        else:
            digits = written[1:].replace(":", "")
            offset = _make_offset(
                written[0], int(digits[0:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
            )
    moment = _timed(day, clock, offset, is_utc, named, default)
    return _trusted_point(moment, _precision_of(moment, said=match["second"] is not None))


def _precisions(written: object) -> str:
    """The hint for an unknown precision: the one meant ("dya": 'day'), else every one."""
    words = [member.value for member in Precision]
    close = difflib.get_close_matches(str(written).strip().lower(), words, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(words)}"


def _number_as_text(number: int) -> str:
    """The hint for a date a file gave as a number (TOML's `when = 20210618`): the text that
    would be read, when the digits are a year, a year and month or a day run together."""
    digits = str(number)
    if len(digits) == 4 and number > 0:
        return f'write the year as text: "{digits}"'
    parts = (digits[:4], digits[4:6], digits[6:])
    try:
        if len(digits) == 6:
            date(number // 100, number % 100, 1)
            return f'write it as text: "{parts[0]}-{parts[1]}"'
        if len(digits) == 8:
            date(number // 10000, number // 100 % 100, number % 100)
            return f'write it as text: "{parts[0]}-{parts[1]}-{parts[2]}"'
    except ValueError:
        pass
    return ACCEPTED_FORMS


# -- plain English ----------------------------------------------------------------------------

_APPROXIMATE: Final = re.compile(
    r"(?:(?:c|ca|approx)\.\s*|(?:c|ca|circa|around|about|approx|approximately)\s+)", re.IGNORECASE
)
_ISO_RANGE: Final = re.compile(r"(?<=[0-9\]~?%])\s+(?:to|[-\u2010-\u2015\u2212])\s+(?=[0-9])")
_THIRD: Final = re.compile(r"(early|mid|late)(?:\s*-\s*|\s+)", re.IGNORECASE)
_PREPOSITION: Final = re.compile(r"(?:on|in|during)\s+", re.IGNORECASE)
# "end of April 2022" is "late April 2022": one reading for the two ways of saying it
_EDGE: Final = re.compile(r"(?:the\s+)?(beginning|start|middle|end)\s+of\s+", re.IGNORECASE)
_EDGE_THIRDS: Final = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}
_TOKEN: Final = re.compile(
    r"""
    \s*(?:
      (?P<local>\(\s*local\s+time\s*\))
     |(?P<offset>\(\s*(?:utc|gmt)\s*(?:(?P<sign>[-+\u2212])\s*(?P<oh>[0-9]{1,2})
          (?::?(?P<om>[0-9]{2}))?(?::(?P<os>[0-9]{2}))?)?\s*\))
     |(?P<hour12>(?P<h12>[0-9]{1,2})(?::(?P<m12>[0-9]{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?)
     |(?P<time>(?P<hh>[0-9]{1,2}):(?P<mm>[0-9]{2})(?::(?P<ss>[0-9]{2}))?)
     |(?P<year>[0-9]{4})(?![0-9])
     |(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![0-9])
     |(?P<number>[0-9]+)
     |(?P<word>[^\W\d_]+\.?)
     |(?P<dash>[-\u2010-\u2015\u2212])
     |(?P<comma>,)
     |(?P<other>\S)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


class _Token(NamedTuple):
    kind: str  # weekday, month, day, year, time, time-s (seconds of the day), offset, dash
    number: int
    text: str


@dataclass(slots=True)
class _Side:
    """One side of a written range, before the missing parts are borrowed from the other side."""

    shape: tuple[str, ...] = ()
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    minutes: int | None = None  # the time of day, in seconds since midnight
    with_seconds: bool = False
    offset: int | None = None


_SHAPES: Final = frozenset(
    {
        (),
        ("day",),
        ("month",),
        ("year",),
        ("day", "month"),
        ("month", "day"),
        ("day", "month", "year"),
        ("month", "day", "year"),
        ("month", "year"),
        ("day", "year"),
    }
)


def _unreadable(text: str) -> DateError:
    return DateError(f"cannot read {text!r} as a date", ACCEPTED_FORMS)


_OPEN_WORDS: Final = (
    (re.compile(r"since\s+(?P<known>.+)", re.IGNORECASE), None, "open"),
    (
        re.compile(
            r"(?:from\s+)?(?P<known>.+?)\s*(?:\(ongoing\)|[-\u2013\u2014]\s*(?:ongoing|present))",
            re.IGNORECASE,
        ),
        None,
        "open",
    ),
    (re.compile(r"from\s+(?P<known>.+?)\s*\(end unknown\)", re.IGNORECASE), None, "unknown"),
    (re.compile(r"until\s+(?P<known>.+?)\s*\(start unknown\)", re.IGNORECASE), "unknown", None),
    (re.compile(r"until\s+(?P<known>.+)", re.IGNORECASE), "open", None),
)


def _open_in_words(text: str, zone: ZoneInfo | None, reference: date | None) -> When | None:
    """'since 24 February 2022', 'from 1985 (end unknown)', 'until April 1985': one known point
    and an open end, the plain-English spellings `human()` gives."""
    for pattern, open_start, open_end in _OPEN_WORDS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        known = _parse(match["known"].strip(), zone, reference)
        if known.is_interval:
            raise DateError(
                f"{text!r}: an interval open at one end has one known point, not {known.human()!r}",
                _OPEN_HINT,
            )
        return When(
            known.start_point,
            approximate=known.approximate,
            uncertain=known.uncertain,
            open_start=open_start,  # type: ignore[arg-type]
            open_end=open_end,  # type: ignore[arg-type]
        )
    return None


_SOME: Final = re.compile(
    r"some\s+(?:year\s+of\s+the\s+(?P<decade>[0-9]{3})0s"
    r"|year\s+from\s+(?P<low>[0-9]{4})\s+to\s+(?P<high>[0-9]{4})"
    r"|month\s+of\s+(?P<months_of>[0-9]{4})"
    r"|day\s+in\s+(?:(?P<month>[^\W\d_]+)\s+)?(?P<days_of>[0-9]{4}))",
    re.IGNORECASE,
)


def _unspecified_in_words(text: str) -> When | None:
    """'some year of the 2010s', 'some day in April 1985': the words `human()` gives for
    EDTF's X digits, read back to them."""
    body = text
    mark = ""
    if body.endswith("?"):
        body, mark = body[:-1].rstrip(), "?"
    approximate = _APPROXIMATE.match(body)
    if approximate:
        body, mark = body[approximate.end() :], "%" if mark else "~"
    match = _SOME.fullmatch(body)
    if match is None:
        return None
    if match["decade"]:
        written = f"{match['decade']}X"
    elif match["low"]:
        low, high = int(match["low"]), int(match["high"])
        span = high - low + 1
        digits = {10: 1, 100: 2, 1000: 3}.get(span)
        if digits is None or low % span:
            raise DateError(f"{text!r} is not a decade, a century or a millennium", ACCEPTED_FORMS)
        written = f"{low // span:0{4 - digits}d}" + "X" * digits
    elif match["months_of"]:
        written = f"{match['months_of']}-XX"
    elif match["month"]:
        number = _MONTHS.get(match["month"].lower())
        if number is None:
            raise _unknown_word(match["month"], text)
        written = f"{match['days_of']}-{number:02d}-XX"
    else:
        written = f"{match['days_of']}-XX-XX"
    return _parse_unspecified(written + mark, [written + mark], (None, None))


_FROM_TO: Final = re.compile(r"from\s+(?P<first>.+?)\s+to\s+(?P<last>.+)", re.IGNORECASE)


def _ends_in_words(text: str, zone: ZoneInfo | None, reference: date | None) -> When | None:
    """'from c. 1984 to June 2004': two ends, each with its own qualifiers, as `human()`
    spells an interval whose ends are qualified apart."""
    match = _FROM_TO.fullmatch(text)
    if match is None:
        return None
    first = _parse(match["first"].strip(), zone, reference)
    last = _parse(match["last"].strip(), zone, reference)
    if first.is_interval or last.is_interval:
        raise DateError(f"{text!r}: each end of 'from ... to ...' is one date", ACCEPTED_FORMS)
    return When(
        first.start_point,
        last.start_point,
        approximate=first.approximate,
        uncertain=first.uncertain,
        end_approximate=last.approximate,
        end_uncertain=last.uncertain,
    )


def _scoped_in_words(text: str, zone: ZoneInfo | None, reference: date | None) -> When | None:
    """'11 June 2004 (year uncertain)', as `human()` spells `2004?-06-11`."""
    match = _SCOPED_WORDS.fullmatch(text)
    if match is None:
        return None
    known = _parse(match["date"].strip(), zone, reference)
    if known.is_interval or known.approximate or known.uncertain:
        raise DateError(f"{text!r}: the qualifier in brackets takes one plain date", ACCEPTED_FORMS)
    qualified = match["qualified"].lower()
    return When(
        known.start_point,
        approximate="approximate" in qualified,
        uncertain="uncertain" in qualified,
        scope="year" if match["covered"].lower() == "year" else "month",
    )


def _parse_english(text: str, zone: ZoneInfo | None, reference: date | None) -> When:
    scoped = _scoped_in_words(text, zone, reference)
    if scoped is not None:
        return scoped
    ends = _ends_in_words(text, zone, reference)
    if ends is not None:
        return ends
    opened = _open_in_words(text, zone, reference)
    if opened is not None:
        return opened
    some = _unspecified_in_words(text)
    if some is not None:
        return some
    body = text
    uncertain = body.endswith("?")
    if uncertain:
        body = body[:-1].rstrip()
    approximate = False
    match = _APPROXIMATE.match(body)
    if match:
        approximate = True
        body = body[match.end() :]
    preposition = _PREPOSITION.match(body)
    if preposition:
        body = body[preposition.end() :]
    edge = _EDGE.match(body)
    if edge:
        body = f"{_EDGE_THIRDS[edge.group(1).lower()]} {body[edge.end() :]}"
    from timeline import _phrases  # only now: it imports dateutil, slow to import

    reading = _phrases.read(body, reference, written=text) if body else None
    if reading is not None:
        return _phrase_when(reading, zone, text, approximate=approximate, uncertain=uncertain)
    third = _THIRD.match(body)
    if third:
        body = body[third.end() :]
    if not body:
        raise _unreadable(text)
    if third is None and body[0].isdigit():
        iso = _parse_iso(_ISO_RANGE.sub("/", body, count=1), zone)
        if iso is not None:
            return When(
                iso.start_point,
                iso.end_point,
                approximate=approximate or iso.approximate,
                uncertain=uncertain or iso.uncertain,
            )
    tokens = _tokenize(body, text)
    if third is not None:
        return _month_third(third.group(1).lower(), tokens, text, uncertain, reference)
    dashes = [index for index, token in enumerate(tokens) if token.kind == "dash"]
    if len(dashes) > 1:
        raise DateError(f"{text!r} has more than one dash; a range has two ends", ACCEPTED_FORMS)
    if not dashes:
        point = _side_point(_side(tokens, text), zone, text, reference)
        return When(point, approximate=approximate, uncertain=uncertain)
    left = _side(tokens[: dashes[0]], text)
    right = _side(tokens[dashes[0] + 1 :], text)
    _share(left, right, text)
    if right.year is None and right.month is not None and reference is not None:
        _range_years(left, right, text, reference)
    return When(
        _side_point(left, zone, text, reference),
        _side_point(right, zone, text, reference),
        approximate=approximate,
        uncertain=uncertain,
    )


def _phrase_when(
    reading: _phrases.Reading,
    zone: ZoneInfo | None,
    text: str,
    *,
    approximate: bool,
    uncertain: bool,
) -> When:
    span = reading.span
    precision = Precision(span.level)
    start = Point(span.first, precision)
    end = None if span.last == span.first else Point(span.last, precision)
    if reading.clock is not None:
        tokens = _tokenize(reading.clock, text)
        kinds = [token.kind for token in tokens]
        if kinds[:1] not in (["time"], ["time-s"]) or kinds[1:] not in ([], ["offset"]):
            raise _unreadable(text)
        offset = None if len(tokens) == 1 else timedelta(seconds=tokens[1].number)
        clock = _clock_at(tokens[0].number)
        moment = _timed(span.first, clock, offset, False, None, zone, keep_offset=False)
        start = Point(moment, _precision_of(moment, said=kinds[0] == "time-s"))
    return When(start, end, approximate=approximate or span.approximate, uncertain=uncertain)


def _year_for(side: _Side, text: str, reference: date | None) -> int:
    """The year of a day or month written without one: the nearest to the reference."""
    if side.month is None:
        raise DateError(f"{text!r} has no year", ACCEPTED_FORMS)
    if reference is None:
        raise MissingReference(
            text, f"{text!r} has no year: it takes the one nearest the day it was written"
        )
    _check_month(side.month)
    day = side.day
    if day is not None and not 1 <= day <= _last_of_month(2000, side.month):
        return reference.year  # a day no year has: _make_date says why
    from timeline import _phrases

    return _phrases.nearest_year(reference, side.month, day)


def _range_years(left: _Side, right: _Side, text: str, reference: date) -> None:
    """Give both ends of a yearless range one reading: the end's year is the nearest one, and
    the start falls in the year before when its day comes later in the calendar."""
    year = _year_for(right, text, reference)
    right.year = left.year = year
    assert right.month is not None
    if left.month is not None and (left.month, left.day or 1) > (right.month, right.day or 31):
        left.year = year - 1


def _seconds_of(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _clock_at(seconds: int) -> time:
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _tokenize(body: str, text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while (match := _TOKEN.match(body, position)) is not None:
        position = match.end()
        written = match.group().strip()
        if match["local"] is not None:
            continue  # "(local time)" says what a time without a zone means anyway
        if match["offset"] is not None:
            sign, hours = match["sign"], match["oh"]
            seconds = 0
            if sign is not None and hours is not None:
                offset = _make_offset(
                    sign, int(hours), int(match["om"] or 0), int(match["os"] or 0)
                )
                seconds = offset // timedelta(seconds=1)
            tokens.append(_Token("offset", seconds, written))
        elif match["hour12"] is not None:
            hour, minute = int(match["h12"]), int(match["m12"] or 0)
            if not 1 <= hour <= 12:
                raise DateError(
                    f"{written!r} is not a time: a 12-hour clock runs from 1 to 12",
                    "write 09:50 or 9:50 a.m., 00:30 or 12:30 a.m., 12:30 or 12:30 p.m.",
                )
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
            clock = _make_time(hour, minute)
            tokens.append(_Token("time", _seconds_of(clock), written))
        elif match["time"] is not None:
            clock = _make_time(int(match["hh"]), int(match["mm"]), int(match["ss"] or 0))
            kind = "time" if match["ss"] is None else "time-s"
            tokens.append(_Token(kind, _seconds_of(clock), written))
        elif match["year"] is not None:
            tokens.append(_Token("year", int(match["year"]), written))
        elif match["day"] is not None:
            tokens.append(_Token("day", int(match["day"]), written))
        elif match["number"] is not None:
            raise DateError(
                f"cannot read the number {written!r}: years have four digits, days one or two",
                ACCEPTED_FORMS,
            )
        elif match["word"] is not None:
            word = written.lower().rstrip(".")
            if word in _MONTHS:
                tokens.append(_Token("month", _MONTHS[word], written))
            elif word in _WEEKDAYS:
                tokens.append(_Token("weekday", _WEEKDAYS[word], written))
            elif word == "to":
                tokens.append(_Token("dash", 0, written))
            elif word not in _FILLERS:
                raise _unknown_word(written, text)
        elif match["dash"] is not None:
            tokens.append(_Token("dash", 0, written))
        elif match["other"] is not None:
            raise DateError(f"unexpected {written!r} in {body!r}", ACCEPTED_FORMS)
    return tokens


def _unknown_word(word: str, text: str) -> DateError:
    """Suggest a name only when the word is close to it: 'last' is not a misspelt 'August'."""
    from timeline._phrases import VOCABULARY

    bare = word.lower().rstrip(".")
    if bare in VOCABULARY:
        return DateError(f"cannot read {text!r} as a date", ACCEPTED_FORMS)
    weekdays = [name.lower() for name in _WEEKDAY_NAMES]
    weekday = difflib.get_close_matches(bare, weekdays, n=1, cutoff=0.75)
    names = [name.lower() for name in _MONTH_NAMES]
    names += [form for forms in _RUSSIAN_MONTHS for form in forms]
    month = difflib.get_close_matches(bare, names, n=1, cutoff=0.75)
    if weekday and not month:
        return DateError(
            f"unknown weekday name {word!r}; did you mean {weekday[0].title()}?", ACCEPTED_FORMS
        )
    if month:
        return DateError(
            f"unknown month name {word!r}; did you mean {_month_spelling(month[0])}?",
            ACCEPTED_FORMS,
        )
    meant = difflib.get_close_matches(bare, sorted(VOCABULARY), n=1, cutoff=0.75)
    if meant:
        return DateError(f"unknown word {word!r}; did you mean {meant[0]!r}?", ACCEPTED_FORMS)
    return DateError(f"unknown word {word!r} in {text!r}", ACCEPTED_FORMS)


def _month_spelling(name: str) -> str:
    """English month names are capitalised; Russian ones are not."""
    return name.title() if name.isascii() else name


def _side(tokens: list[_Token], text: str) -> _Side:
    side = _Side()
    index = 0
    if index < len(tokens) and tokens[index].kind == "weekday":
        side.weekday = tokens[index].number
        index += 1
    shape: list[str] = []
    while index < len(tokens) and tokens[index].kind in ("day", "month", "year"):
        token = tokens[index]
        if token.kind in shape:
            raise _unreadable(text)
        shape.append(token.kind)
        if token.kind == "day":
            side.day = token.number
        elif token.kind == "month":
            side.month = token.number
        else:
            side.year = token.number
        index += 1
    if index < len(tokens) and tokens[index].kind in ("time", "time-s"):
        side.minutes = tokens[index].number
        side.with_seconds = tokens[index].kind == "time-s"
        index += 1
    if index < len(tokens) and tokens[index].kind == "offset":
        side.offset = tokens[index].number
        index += 1
    side.shape = tuple(shape)
    if index != len(tokens) or side.shape not in _SHAPES:
        raise _unreadable(text)
    if not shape and side.minutes is None:
        raise DateError(f"{text!r} is a range with a missing end", ACCEPTED_FORMS)
    return side


def _share(left: _Side, right: _Side, text: str) -> None:
    """Fill in what a written range leaves out ('12\u201313 October 2022', 'October 12\u201313,
    2022', '09:50\u201318:00'): the year and month come from the other side."""
    if not right.shape:
        if left.day is None or left.minutes is None or right.weekday is not None:
            raise _unreadable(text)
        right.day, right.month, right.year = left.day, left.month, left.year
    elif right.shape == ("day", "year"):
        if left.shape != ("month", "day"):
            raise _unreadable(text)
        right.month = left.month
    if not left.shape:
        raise _unreadable(text)
    if left.year is None:
        left.year = right.year
    if left.month is None and left.day is not None:
        if right.day is None:
            raise _unreadable(text)
        left.month = right.month
    if left.minutes is not None and right.minutes is not None:
        if left.offset is None:
            left.offset = right.offset
        elif right.offset is None:
            right.offset = left.offset


def _side_point(side: _Side, zone: ZoneInfo | None, text: str, reference: date | None) -> Point:
    if side.year is None:
        side.year = _year_for(side, text, reference)
    _check_year(side.year)
    if side.month is None:
        if side.day is not None or side.minutes is not None:
            raise DateError(f"{text!r} has no month", ACCEPTED_FORMS)
        if side.weekday is not None:
            raise DateError(f"a weekday needs a full date, unlike {text!r}", ACCEPTED_FORMS)
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return _trusted_point(date(side.year, 1, 1), Precision.YEAR)
    _check_month(side.month)
    if side.day is None:
        if side.minutes is not None:
            raise DateError(f"{text!r} has no day of the month", ACCEPTED_FORMS)
        if side.weekday is not None:
            raise DateError(f"a weekday needs a full date, unlike {text!r}", ACCEPTED_FORMS)
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return _trusted_point(date(side.year, side.month, 1), Precision.MONTH)
    day = _make_date(side.year, side.month, side.day)
    if side.weekday is not None and side.weekday != day.weekday():
        raise DateError(
            f"{_human_day(day)} is a {_WEEKDAY_NAMES[day.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[side.weekday]}",
            "correct the weekday or the date, or leave the weekday out",
        )
    if side.minutes is None:
        if side.offset is not None:
            raise DateError(f"a UTC offset needs a time of day, unlike {text!r}", ACCEPTED_FORMS)
        return _trusted_point(day, Precision.DAY)
    clock = _clock_at(side.minutes)
    offset = None if side.offset is None else timedelta(seconds=side.offset)
    moment = _timed(day, clock, offset, False, None, zone, keep_offset=False)
    return _trusted_point(moment, _precision_of(moment, said=side.with_seconds))


def _month_third(
    part: str, tokens: list[_Token], text: str, uncertain: bool, reference: date | None
) -> When:
    side = _side(tokens, text)
    if side.shape == ("month",) and side.weekday is None and side.minutes is None:
        side.year = _year_for(side, text, reference)
    elif side.shape != ("month", "year") or side.weekday is not None or side.minutes is not None:
        raise DateError(
            f"{part} goes with a month and a year, as in '{part} October 2022', or with a year "
            f"alone, as in '{part} 2022'; unlike {text!r}",
            ACCEPTED_FORMS,
        )
    assert side.year is not None
    assert side.month is not None
    _check_year(side.year)
    _check_month(side.month)
    first, last = {"early": (1, 10), "mid": (11, 20)}.get(
        part, (21, _last_of_month(side.year, side.month))
    )
    return When(
        _trusted_point(date(side.year, side.month, first), Precision.DAY),
        _trusted_point(date(side.year, side.month, last), Precision.DAY),
        approximate=True,
        uncertain=uncertain,
    )


# -- human spelling ---------------------------------------------------------------------------


def _human_day(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year:04d}"


def _human_date(point: Point) -> str:
    value = point.value
    if point.precision is Precision.YEAR:
        return f"{value.year:04d}"
    if point.precision is Precision.MONTH:
        return f"{_MONTH_NAMES[value.month - 1]} {value.year:04d}"
    return _human_day(value)


def _clock(point: Point) -> str:
    value = point.value
    assert isinstance(value, datetime)
    seconds = f":{value.second:02d}" if point.precision is Precision.SECOND else ""
    return f"{value.hour:02d}:{value.minute:02d}{seconds}"


def _human_offset(value: datetime) -> str:
    offset = value.utcoffset()
    return "(local time)" if offset is None else f"({offset_text(offset, style='human')})"


def _human_point(point: Point) -> str:
    value = point.value
    if isinstance(value, datetime):
        return f"{_human_day(value)}, {_clock(point)} {_human_offset(value)}"
    return _human_date(point)


def _human_span(start: Point, end: Point) -> str:
    """Say the shared parts once: '12\u201313 October 2022', 'October\u2013November 2022'."""
    first, last = start.value, end.value
    if isinstance(first, datetime) and isinstance(last, datetime):
        same_day = first.date() == last.date()
        same_offset = first.utcoffset() == last.utcoffset()
        if same_day and same_offset:
            times = f"{_clock(start)}{_EN_DASH}{_clock(end)}"
            return f"{_human_day(first)}, {times} {_human_offset(last)}"
        if same_day:
            return (
                f"{_human_day(first)}, {_clock(start)} {_human_offset(first)} {_EN_DASH} "
                f"{_clock(end)} {_human_offset(last)}"
            )
        if same_offset:
            return (
                f"{_human_day(first)}, {_clock(start)} {_EN_DASH} "
                f"{_human_day(last)}, {_clock(end)} {_human_offset(last)}"
            )
    if isinstance(first, datetime) or isinstance(last, datetime):
        return f"{_human_point(start)} {_EN_DASH} {_human_point(end)}"
    right = _human_date(end)
    coarse = Precision.YEAR in (start.precision, end.precision)
    if coarse or first.year != last.year:
        left = _human_date(start)
    elif start.precision is Precision.MONTH:
        left = _MONTH_NAMES[first.month - 1]
    elif end.precision is Precision.DAY and first.month == last.month:
        left = str(first.day)
    else:
        left = f"{first.day} {_MONTH_NAMES[first.month - 1]}"
    if " " not in left and start.precision is end.precision:
        return f"{left}{_EN_DASH}{right}"
    return f"{left} {_EN_DASH} {right}"
