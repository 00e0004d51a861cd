"""The loader's quick ways through validation give what the full way gives, refusals included.

A load skips work pydantic-core would repeat for every event (issue 24, load speed): lists of
known participants and of tags met before are taken in one call, and a place or sources the
loader validated already are not validated again. Each property here sets the quick way
beside the full one, a model declared as the fields were before.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel, ValidationError

from tests.factories import source
from timeline import Event, InvalidTimeline, Place
from timeline._field_types import Participant, Participants, Slug, Tags, no_duplicates


class _Quick(BaseModel):
    participants: Participants = ()
    tags: Tags = ()


class _Full(BaseModel):
    participants: Annotated[tuple[Participant, ...], AfterValidator(no_duplicates)] = ()
    tags: Annotated[tuple[Slug, ...], AfterValidator(no_duplicates)] = ()


class _Code(str):
    """A str subclass, which pydantic gives back as a plain str."""


#: Known codes, an alias, codes refused in each way, and values that are not strings.
_PARTICIPANTS = st.sampled_from(
    ["KZ", "RU", "UZ", "CSTO", "SCO", "ОДКБ", "kz", "ZZ", "ABCD", "Bad code", "", 7, None, [1]]
)
_TAGS = st.sampled_from(["summit", "vote", "energy", "gas-deal", "Summit", "a--b", "", 3, ["x"]])


def _outcome(model: type[BaseModel], data: dict[str, Any]) -> object:
    try:
        made = model.model_validate(data)
    except ValidationError as error:  # each refusal, its exception by its class and words
        errors = error.errors(include_url=False)
        return [
            e | {"ctx": {k: (type(v), str(v)) for k, v in e.get("ctx", {}).items()}} for e in errors
        ]
    return (made.participants, made.tags)  # type: ignore[attr-defined]


@given(
    st.lists(_PARTICIPANTS, max_size=5),
    st.lists(_TAGS, max_size=4),
    st.sampled_from([list, tuple]),
)
def test_participants_and_tags_are_read_as_the_full_way_reads_them(
    participants: list[object], tags: list[object], kind: type
) -> None:
    data = {"participants": kind(participants), "tags": kind(tags)}
    for _ in range(2):  # the second time, the tags met the first time are taken as they are
        assert _outcome(_Quick, data) == _outcome(_Full, data)


def test_a_subclass_of_str_is_given_back_as_a_plain_str() -> None:
    made = _Quick.model_validate({"participants": [_Code("KZ")], "tags": [_Code("summit")]})
    assert [type(code) for code in (*made.participants, *made.tags)] == [str, str]


def test_a_known_participant_listed_twice_is_refused_at_the_list() -> None:
    with pytest.raises(InvalidTimeline, match="'KZ' is listed twice"):
        Event(**_fields(participants=["KZ", "RU", "KZ"]))


def _fields(**extra: Any) -> dict[str, Any]:
    base = {"id": "a", "title": "A", "when": "2022-01-01", "kind": "other"}
    return base | {"sources": [source()]} | extra


def test_a_place_validated_already_is_taken_as_it_is() -> None:
    place = Place(name="Astana", country="KZ", timezone="Asia/Almaty")
    event = Event(**_fields(place=place))
    assert event.place is place
    assert event == Event(**_fields(place=place.model_dump()))


def test_a_place_never_validated_is_checked_as_before() -> None:
    unchecked = Place.model_construct(name="Astana", lat=51.1)  # no lon
    with pytest.raises(InvalidTimeline, match="give both lat and lon"):
        Event(**_fields(place=unchecked))


def test_sources_validated_already_are_taken_as_they_are_and_still_needed() -> None:
    cited = (source(), source("TASS", "Another"))
    assert Event(**_fields(sources=list(cited))).sources == cited
    with pytest.raises(InvalidTimeline, match="sources"):
        Event(**_fields(sources=[]))
